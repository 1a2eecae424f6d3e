"""A process killed with SIGKILL part-way through an import leaves the previous state exactly as it
was — database and analytics store alike — and running the import again then succeeds.

Each test starts the real `clearsight` command in a subprocess with CLEARSIGHT_FAULT_AT naming a
point in the code; the process writes a marker there and waits, the test kills it with SIGKILL as
soon as the marker appears (no guessing with sleep), then compares everything with before."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from clearsight.operations.tests.conftest import SEED, Instance

EES = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
    "old_la_code,new_la_code,la_name,characteristic,re_referrals_pct\n"
    "201718,Financial year,National,E92000001,England,,,,,,Total,21.9\n"
    "201718,Financial year,Local authority,E92000001,England,E12000002,North West,343,E08000014,Sefton,Total,19.6\n"
)


def _kill_at(instance: Instance, point: str, *args: str) -> None:
    marker = instance.root / f"reached-{point}"
    process = instance.start(*args, extra_env={"CLEARSIGHT_FAULT_AT": point, "CLEARSIGHT_FAULT_MARKER": str(marker)})
    deadline = time.monotonic() + 240
    while not marker.exists():
        if process.poll() is not None:
            out, err = process.communicate()
            raise AssertionError(f"the process ended (code {process.returncode}) before reaching {point}:\n{out}\n{err}")
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"{point} was not reached in time")
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


@pytest.fixture
def with_data(instance: Instance, child_files: tuple[Path, Path]) -> Instance:
    instance.run("load-data", str(child_files[0]), "--authority", "E08000014", "--no-validate")
    return instance


@pytest.mark.parametrize("point", ["data_load.half_loaded", "store.switched_before_commit"])
def test_a_load_killed_part_way_leaves_the_database_and_store_as_they_were(with_data, child_files, point):
    before = with_data.state()
    assert before["store"]["uploads"] > 0 and before["analytics_dataupload"] > 0
    _kill_at(with_data, point, "load-data", str(child_files[1]), "--authority", "E08000014", "--no-validate")
    assert with_data.state() == before

    with_data.run("load-data", str(child_files[1]), "--authority", "E08000014", "--no-validate")
    after = with_data.state()
    assert after["analytics_dataupload"] > before["analytics_dataupload"]
    assert after["store"]["uploads"] == after["analytics_dataupload"]


def test_a_first_load_killed_part_way_leaves_no_store(instance, child_files):
    before = instance.state()
    _kill_at(instance, "data_load.half_loaded", "load-data", str(child_files[0]), "--authority", "E08000014",
             "--no-validate")
    assert instance.state() == before == {**before, "store": {}}


def test_a_plan_import_killed_part_way_leaves_the_previous_plan(instance):
    before = instance.state()
    _kill_at(instance, "plan_import.half_written", "import-plan", str(SEED), "--authority", "E08000014", "--replace")
    assert instance.state() == before
    instance.run("import-plan", str(SEED), "--authority", "E08000014", "--replace")
    after = instance.state()
    assert after["plans_plan"] == before["plans_plan"] and after["planfiles_planimport"] == before["planfiles_planimport"] + 1


def test_a_benchmark_import_killed_before_commit_leaves_nothing(instance):
    path = instance.root / "ees.csv"
    path.write_text(EES)
    before = instance.state()
    args = ("import-benchmarks", str(path), "--map", "re_referrals_pct=re_referrals")
    _kill_at(instance, "benchmarks_import.written", *args)
    assert instance.state() == before
    instance.run(*args)
    assert instance.state()["benchmarks_benchmarkvalue"] == before["benchmarks_benchmarkvalue"] + 2

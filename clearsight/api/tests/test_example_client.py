"""docs/examples/api_client.py, run as a separate process against a live Clearsight server: it adds
an action update and uploads an SSDA903 file with a token, as the documentation says it does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from clearsight.api.tests.conftest import token_for

SCRIPT = Path(__file__).resolve().parents[3] / "docs" / "examples" / "api_client.py"
VALIDATORS = Path(".venv-validators/bin/python").exists()


@pytest.fixture(scope="module")
def ssda903(tmp_path_factory) -> list[Path]:
    """A synthetic 2023-24 SSDA903 return: the header and episodes tables, named as a council would
    send them, with the collection year in the name (a file alone has no folder to say it)."""
    from clearsight.engine.synth import SynthConfig, generate
    from clearsight.engine.synth.authorities import find_authority

    out = tmp_path_factory.mktemp("ssda903")
    generate(
        SynthConfig(find_authority("343"), children=150, years=1, seed=5, last_year=2024, formats=("903",)),
        out,
    )
    files = []
    for table in ("Header", "Episodes"):
        target = out / f"{table.lower()}_2023-24.csv"
        target.write_bytes((out / "2024" / f"ssda903_{table}.csv").read_bytes())
        files.append(target)
    return files


def run(live_server, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--url", live_server.url, *args],
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.django_db(transaction=True)
def test_the_example_adds_an_update_and_uploads_a_903_file(live_server, sefton, plan, lead, ssda903):
    from clearsight.analytics.models import DataUpload
    from clearsight.audit.models import AuditEvent

    token = token_for(lead)
    done = run(
        live_server,
        "--token",
        token,
        "--plan",
        str(plan.pk),
        "--action",
        "1.1.1",
        "--commentary",
        "Training delivered to all team managers",
        "--status",
        "in_progress",
        "--authority",
        str(sefton.pk),
        *[a for f in ssda903 for a in ("--file", str(f))],
        "--accept-issues",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Acting as lead@sefton.example" in done.stdout
    assert "the action is now in_progress, version 2" in done.stdout

    action = plan.actions.get(ref="1.1.1")
    update = action.updates.get()
    assert (action.status, update.commentary, update.author, update.status_to) == (
        "in_progress",
        "Training delivered to all team managers",
        lead,
        "in_progress",
    )
    assert AuditEvent.objects.filter(verb="action.update_added", actor=lead).count() == 1

    uploads = DataUpload.objects.filter(authority=sefton)
    assert {u.filename for u in uploads} == {"header_2023-24.csv", "episodes_2023-24.csv"}
    assert all(u.kind == "903" and u.collection_year == 2024 and u.rows > 0 for u in uploads)
    assert "Loaded episodes_2023-24.csv: 903 2024" in done.stdout
    if VALIDATORS:  # the DfE rules ran: their issues are kept and shown, children pseudonymised
        assert all(u.validation_errors is not None for u in uploads)
    assert "Indicators recomputed" in done.stdout


@pytest.mark.django_db(transaction=True)
def test_the_example_stops_with_exit_1_and_the_apis_message_when_refused(live_server, plan, viewer):
    done = run(
        live_server,
        "--token",
        token_for(viewer),
        "--plan",
        str(plan.pk),
        "--action",
        "1.1.1",
        "--commentary",
        "Not mine to update",
    )
    assert done.returncode == 1
    assert "Refused: 403 permission_denied" in done.stderr
    assert not plan.actions.get(ref="1.1.1").updates.exists()


def test_the_example_exits_2_on_bad_arguments(live_server):
    done = run(live_server, "--token", "cs_x", "--file", "nowhere.csv")
    assert done.returncode == 2 and "--file needs --authority" in done.stderr

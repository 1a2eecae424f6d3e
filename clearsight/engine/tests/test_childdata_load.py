"""Loading child-level files into DuckDB: all or nothing, once per file, every row traceable."""

from __future__ import annotations

import shutil
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest

from clearsight.engine.childdata import load
from clearsight.engine.childdata.load import load_paths, read_file, recognise
from clearsight.engine.problems import InputError, Severity
from clearsight.engine.tests.test_childdata_readers import annex_a, cin_xml, write, write_903


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    yield connection
    connection.close()


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    tables = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables "
                                        "WHERE table_type = 'BASE TABLE' ORDER BY 1").fetchall()]
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}  # type: ignore[index]


def everything(folder: Path) -> Path:
    """One of each kind of file, as a council's data folder might hold them."""
    data = folder / "data"
    write_903(data / "903")
    write(data / "cin" / "cin_2018.xml", cin_xml(children=2))
    annex_a(data / "annex_a" / "Annex A 2018-03-31.xlsx")
    write(data / "workforce.csv", "Worker,Team,Snapshot date,FTE,Agency,Case holding,Caseload,Vacancy\n"
                                  "W1,North,30/09/2017,1,N,Y,18,N\n")
    write(data / "population.csv", "year,children_0_17\n2017,63100\n")
    write(data / "README.txt", "notes for the team")
    write(data / ".DS_Store", b"\x00\x01")
    return data


def test_it_recognises_every_kind_by_content(tmp_path: Path) -> None:
    data = everything(tmp_path)
    assert recognise(data / "903" / "2018" / "episodes.csv") == "903"
    assert recognise(data / "cin" / "cin_2018.xml") == "cin"
    assert recognise(data / "annex_a" / "Annex A 2018-03-31.xlsx") == "annex_a"
    assert recognise(data / "workforce.csv") == "workforce"
    assert recognise(data / "population.csv") == "population"
    assert recognise(write(tmp_path / "903.xml", "<EXPSSDA903><CHILD/></EXPSSDA903>")) == "903"
    with pytest.raises(InputError, match="root element <Other>"):
        recognise(write(tmp_path / "other.xml", "<Other/>"))


def test_a_folder_loads_every_file_in_one_go_with_one_upload_each(tmp_path: Path, con: duckdb.DuckDBPyConnection) -> None:
    seen: list[tuple[str, int, int]] = []
    report = load_paths(con, everything(tmp_path), progress=lambda stage, done, total: seen.append((stage, done, total)))
    assert len(report.loaded) == 11 and not report.already_loaded
    found = counts(con)
    assert found["uploads"] == 11
    assert (found["raw_children"], found["raw_cla_episodes"], found["raw_cin_referrals"]) == (3 + 2 + 2, 4, 4)
    assert (found["raw_contacts"], found["raw_visit_snapshots"], found["raw_workforce"], found["raw_population"]) == (
        2, 3, 1, 1)
    kinds = dict(con.execute("SELECT filename, kind FROM uploads").fetchall())
    assert kinds["data/cin/cin_2018.xml"] == "cin" and kinds["data/903/2018/uasc.csv"] == "903"
    skipped = {p.file for p in report.problems if p.code == "skipped"}
    assert skipped == {"data/README.txt", "data/.DS_Store"}
    assert seen[-1] == ("load", 11, 11) and ("read", 0, 11) in seen
    row = con.execute("SELECT upload_id, collection_year, source_row FROM raw_cla_episodes WHERE child_id = 'C3'").fetchone()
    assert row is not None and row[1:] == (2018, 5)
    assert row[0] == load.file_sha256(tmp_path / "data" / "903" / "2018" / "episodes.csv")
    assert any("episodes.csv: 903 2017-18, 4 rows (cla_episodes 4)" in line for line in report.summary())


def test_loading_the_same_file_again_changes_nothing(tmp_path: Path, con: duckdb.DuckDBPyConnection) -> None:
    data = everything(tmp_path)
    load_paths(con, data)
    before = counts(con)
    again = load_paths(con, data)
    assert not again.loaded and len(again.already_loaded) == 11
    assert counts(con) == before
    assert all("already loaded" in line for line in again.summary() if "data/" in line and "skipped" not in line)
    copy = shutil.copy(data / "cin" / "cin_2018.xml", tmp_path / "same_census_renamed.xml")
    assert load_paths(con, [copy]).already_loaded[0].filename == "same_census_renamed.xml"


def test_the_same_file_twice_in_one_load_is_loaded_once(tmp_path: Path, con: duckdb.DuckDBPyConnection) -> None:
    census = write(tmp_path / "a" / "cin.xml", cin_xml(children=1))
    twin = shutil.copy(census, tmp_path / "twin.xml")
    report = load_paths(con, [census, twin])
    assert [f.already_loaded for f in report.files] == [False, True]
    assert counts(con)["uploads"] == 1


def test_one_unreadable_file_means_nothing_is_loaded_and_every_problem_is_listed(
        tmp_path: Path, con: duckdb.DuckDBPyConnection) -> None:
    data = everything(tmp_path)
    write(data / "903" / "2018" / "reviews.csv", "CHILD,DOB,REVIEW,REVIEW_CODE\nC1,01/02/2010,31/02/2018,PN1\n")
    write(data / "cin" / "broken.xml", cin_xml(children=1)[:700])
    with pytest.raises(InputError) as caught:
        load_paths(con, data)
    where = {(p.file, p.field, p.code) for p in caught.value.problems}
    assert ("data/903/2018/reviews.csv", "REVIEW", "bad_date") in where
    assert ("data/cin/broken.xml", "", "bad_xml") in where
    assert counts(con)["uploads"] == 0 and sum(counts(con).values()) == 0


def test_a_failure_mid_load_rolls_everything_back(tmp_path: Path, con: duckdb.DuckDBPyConnection,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    load_paths(con, write(tmp_path / "first" / "population.csv", "year,children_0_17\n2016,62000\n"))
    before = counts(con)
    real_insert = load._insert
    calls = []

    def failing_insert(connection: duckdb.DuckDBPyConnection, table: str, data: object) -> None:
        calls.append(table)
        if len(calls) == 5:
            raise RuntimeError("disk full")
        real_insert(connection, table, data)  # type: ignore[arg-type]

    monkeypatch.setattr(load, "_insert", failing_insert)
    with pytest.raises(RuntimeError, match="disk full"):
        load_paths(con, everything(tmp_path))
    assert len(calls) == 5 and counts(con) == before
    monkeypatch.setattr(load, "_insert", real_insert)
    assert len(load_paths(con, everything(tmp_path)).loaded) == 11  # and the connection is usable after


def test_a_903_file_with_no_year_needs_one_given(tmp_path: Path, con: duckdb.DuckDBPyConnection) -> None:
    path = write(tmp_path / "returns" / "episodes.csv", (write_903(tmp_path / "x") / "episodes.csv").read_text())
    with pytest.raises(InputError, match="cannot be told") as caught:
        read_file(path)
    assert caught.value.problems[0].code == "no_year"
    assert read_file(path, collection_year=2018).collection_year == 2018
    load_paths(con, [path], collection_year=2018)
    assert con.execute("SELECT DISTINCT collection_year FROM raw_cla_episodes").fetchall() == [(2018,)]


@pytest.mark.parametrize("kind", ["903", "cin"])
def test_a_year_given_that_contradicts_the_file_is_refused(tmp_path: Path, kind: str) -> None:
    path = (write_903(tmp_path) / "header.csv") if kind == "903" else write(tmp_path / "c.xml", cin_xml(children=1))
    with pytest.raises(InputError) as caught:
        read_file(path, collection_year=2019)
    assert caught.value.problems[0].code == "wrong_year" and "2017-18" in caught.value.problems[0].message


def test_the_history_views_keep_the_newest_census_for_each_referral(tmp_path: Path, con: duckdb.DuckDBPyConnection) -> None:
    write(tmp_path / "2018.xml", cin_xml(children=1, year=2018))
    later = cin_xml(children=1, year=2019).replace("<CINreferralDate>2018-06-01", "<CINreferralDate>2018-02-01")
    write(tmp_path / "2019.xml", later.replace("<ReferralSource>5A", "<ReferralSource>9"))
    load_paths(con, tmp_path)
    rows = con.execute("SELECT referral_id, referral_source, collection_year FROM cin_referrals "
                       "ORDER BY referral_date").fetchall()
    # 2018-02-01 is in both censuses (source 5A in 2018, 1A in 2019): counted once, as the 2019 census says.
    assert rows == [("K1/2017-06-01/1", "1A", 2018), ("K1/2018-02-01/1", "1A", 2019), ("K1/2019-02-01/1", "9", 2019)]


def test_annex_a_and_workforce_years_come_from_their_dates_unless_given(tmp_path: Path) -> None:
    annex = annex_a(tmp_path / "annex.xlsx")
    assert read_file(annex, snapshot_date=date(2018, 4, 30)).collection_year == 2019
    assert read_file(annex, snapshot_date=date(2018, 4, 30), collection_year=2018).collection_year == 2018


def test_notes_are_reported_not_raised(tmp_path: Path, con: duckdb.DuckDBPyConnection) -> None:
    report = load_paths(con, write_903(tmp_path) / "uasc.csv")
    assert [p.severity for p in report.problems] == [Severity.INFO] and "UASC" in report.problems[0].message


def test_a_large_episodes_file_loads_in_seconds(tmp_path: Path, con: duckdb.DuckDBPyConnection) -> None:
    rows = 300_000
    line = "C{0},01/05/2017,S,C2,N1,U1,PR1,01/09/2017,X1,CARPL,L1 1AA,L2 2BB,SC123456\n"
    path = tmp_path / "2018" / "episodes.csv"
    path.parent.mkdir()
    with path.open("w") as handle:
        handle.write("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n")
        handle.writelines(line.format(n) for n in range(rows))
    started = time.perf_counter()
    load_paths(con, [path])
    elapsed = time.perf_counter() - started
    assert counts(con)["raw_cla_episodes"] == rows
    assert elapsed < 20, f"{rows:,} rows took {elapsed:.1f}s"

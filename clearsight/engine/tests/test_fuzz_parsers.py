"""Every parser, fuzzed the same way: whatever the input, it parses or it raises the project's named
error (InputError, or ThresholdError for band texts), whose problems say what is wrong. Never
another exception type, which would be a 500 page or a stack trace in the CLI.

Inputs are real sample files with Hypothesis' mutations (bytes or text inserted, a slice cut, a
cell replaced), plus raw bytes. Examples per parser: FUZZ_EXAMPLES (default 100; workbooks a third
of that, they cost more). `pytest --hypothesis-show-statistics` prints how many ran; run with
FUZZ_EXAMPLES=2000 for a deeper search.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearsight.engine import benchmarks
from clearsight.engine.childdata.load import read_file
from clearsight.engine.planfiles import seedtext, structured, xlsx
from clearsight.engine.problems import InputError
from clearsight.engine.tests.test_childdata_readers import annex_a, cin_xml, ssda903_xml, write_903
from clearsight.engine.thresholds import ThresholdError, parse_band_text, parse_thresholds
from clearsight.engine.valuefiles import read_figures

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "100"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FUZZ_BOOK = settings(max_examples=max(EXAMPLES // 3, 10), deadline=None, suppress_health_check=[HealthCheck.too_slow])
SEEDS = Path(__file__).resolve().parents[2] / "demo" / "seeds"
SEFTON = (SEEDS / "sefton-improvement-action-plan-2017-18.txt").read_text()
WIRRAL = (SEEDS / "wirral-improvement-plan-2017-19.txt").read_text()


def refused_or_read(call: Callable[[], object], *named: type[Exception]) -> None:
    """The property: ``call`` returns, or raises one of the named errors with a message."""
    try:
        call()
    except InputError as error:
        assert error.problems and all(p.message for p in error.problems)
    except named as error:
        assert str(error)


def mutated(base: str | bytes) -> st.SearchStrategy:
    """The sample with something inserted at, or cut from, a drawn position."""
    junk = st.text(max_size=40) if isinstance(base, str) else st.binary(max_size=40)

    def apply(args: tuple) -> str | bytes:
        position, cut, extra = args
        at = position % (len(base) + 1)
        return base[:at] + extra + base[at + cut:]

    return st.tuples(st.integers(0, 10**7), st.integers(0, 200), junk).map(apply)


def _read_child_file(data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "2018" / name
        path.parent.mkdir(parents=True)
        path.write_bytes(data)
        refused_or_read(lambda: read_file(path, collection_year=2018, snapshot_date=date(2018, 3, 31)))


# Plans ----------------------------------------------------------------------------------------


@FUZZ
@given(text=st.one_of(mutated(SEFTON), mutated(WIRRAL)))
def test_fuzz_plan_seed_text(text: str) -> None:
    def read() -> object:
        if seedtext.detect_layout(text) is None:
            return None  # the service refuses it as unknown_format: a named refusal
        return seedtext.read_seed_text(text, filename="plan.txt")

    refused_or_read(read)


SAMPLE_DOC, _ = seedtext.read_seed_text(SEFTON, filename="sefton.txt")
SAMPLE_JSON = structured.dumps_json(SAMPLE_DOC)
SAMPLE_YAML = structured.dumps_yaml(SAMPLE_DOC)


@FUZZ
@given(text=mutated(SAMPLE_JSON))
def test_fuzz_plan_json(text: str) -> None:
    refused_or_read(lambda: structured.loads_json(text, "plan.json"))


@FUZZ
@given(text=mutated(SAMPLE_YAML))
def test_fuzz_plan_yaml(text: str) -> None:
    refused_or_read(lambda: structured.loads_yaml(text, "plan.yaml"))


def _workbook_bytes() -> bytes:
    stream = io.BytesIO()
    xlsx.write_workbook(SAMPLE_DOC, stream)
    return stream.getvalue()


SAMPLE_XLSX = _workbook_bytes()


def _with_member_changed(book: bytes, pick: int, change: Callable[[bytes], bytes]) -> bytes:
    """The workbook with one of its XML parts (chosen by ``pick``) altered."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        parts = [i for i in old.infolist() if i.filename.endswith(".xml")]
        target = parts[pick % len(parts)].filename
        for item in old.infolist():
            data = old.read(item.filename)
            new.writestr(item, change(data) if item.filename == target else data)
    return out.getvalue()


@FUZZ_BOOK
@given(pick=st.integers(0, 50), position=st.integers(0, 10**6), cut=st.integers(0, 50), junk=st.binary(max_size=30))
def test_fuzz_plan_xlsx_parts(pick: int, position: int, cut: int, junk: bytes) -> None:
    def change(data: bytes) -> bytes:
        at = position % (len(data) + 1)
        return data[:at] + junk + data[at + cut:]

    book = _with_member_changed(SAMPLE_XLSX, pick, change)
    refused_or_read(lambda: xlsx.read_workbook(io.BytesIO(book), filename="plan.xlsx"))


@FUZZ_BOOK
@given(data=mutated(SAMPLE_XLSX))
def test_fuzz_plan_xlsx_bytes(data: bytes) -> None:
    refused_or_read(lambda: xlsx.read_workbook(io.BytesIO(data), filename="plan.xlsx"))


# Thresholds -------------------------------------------------------------------------------------


BAND_ALPHABET = st.sampled_from(list("0123456789.-–<>=≤≥%+ ,;|andtoorbelowabovemorethanlessunder"))


@FUZZ
@given(text=st.one_of(st.text(max_size=40), st.text(BAND_ALPHABET, max_size=40)),
       polarity=st.sampled_from(["auto", "higher", "lower", "sideways", "nonsense"]))
def test_fuzz_threshold_band_text(text: str, polarity: str) -> None:
    refused_or_read(lambda: parse_band_text(text, polarity), ThresholdError)


@FUZZ
@given(texts=st.lists(st.text(BAND_ALPHABET, max_size=15), min_size=3, max_size=3))
def test_fuzz_threshold_three_bands(texts: list[str]) -> None:
    refused_or_read(lambda: parse_thresholds(*texts), ThresholdError)


# Child-level returns -----------------------------------------------------------------------------


def _sample_903_csv() -> dict[str, bytes]:
    with tempfile.TemporaryDirectory() as work:
        folder = write_903(Path(work))
        return {p.name: p.read_bytes() for p in folder.iterdir()}


SAMPLE_903 = _sample_903_csv()


@FUZZ
@given(name=st.sampled_from(sorted(SAMPLE_903)), data=st.data())
def test_fuzz_903_csv(name: str, data: st.DataObject) -> None:
    _read_child_file(data.draw(mutated(SAMPLE_903[name])), name)


@FUZZ
@given(data=mutated(ssda903_xml().encode()))
def test_fuzz_903_xml(data: bytes) -> None:
    _read_child_file(data, "ssda903.xml")


@FUZZ
@given(data=st.one_of(mutated(cin_xml(children=3).encode()), mutated(cin_xml(children=3))
                      .map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_fuzz_cin_census_xml(data: bytes) -> None:
    _read_child_file(data, "cin_census.xml")


def _sample_annex_a() -> bytes:
    with tempfile.TemporaryDirectory() as work:
        return annex_a(Path(work) / "annex_a.xlsx").read_bytes()


SAMPLE_ANNEX_A = _sample_annex_a()


@FUZZ_BOOK
@given(pick=st.integers(0, 50), position=st.integers(0, 10**6), cut=st.integers(0, 50), junk=st.binary(max_size=30))
def test_fuzz_annex_a_xlsx(pick: int, position: int, cut: int, junk: bytes) -> None:
    def change(data: bytes) -> bytes:
        at = position % (len(data) + 1)
        return data[:at] + junk + data[at + cut:]

    _read_child_file(_with_member_changed(SAMPLE_ANNEX_A, pick, change), "annex_a.xlsx")


@FUZZ
@given(data=st.binary(max_size=400), name=st.sampled_from(["a.csv", "a.xml", "a.xlsx"]))
def test_fuzz_child_files_from_raw_bytes(data: bytes, name: str) -> None:
    _read_child_file(data, name)


# Benchmarks and hand-entered figures ----------------------------------------------------------------


EES = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
    "old_la_code,new_la_code,la_name,characteristic,re_referrals_pct\n"
    "201718,Financial year,National,E92000001,England,,,,,,Total,21.9\n"
    "201718,Financial year,Regional,E92000001,England,E12000002,North West,,,,Total,22.5\n"
    "201718,Financial year,Local authority,E92000001,England,E12000002,North West,343,E08000014,Sefton,Total,19.6\n"
    "201718,Financial year,Local authority,E92000001,England,E12000002,North West,340,E08000011,Knowsley,Total,c\n"
)
NEIGHBOURS = "la_code,neighbour_code,rank\n343,E08000011,1\n343,E08000012,2\n"


@FUZZ
@given(data=mutated(EES.encode()))
def test_fuzz_benchmarks_ees_csv(data: bytes) -> None:
    refused_or_read(lambda: benchmarks.read_ees_csv(data, "ees.csv", {"re_referrals_pct": "re_referrals"},
                                                    filters={"characteristic": "Total"}))


@FUZZ
@given(data=mutated(NEIGHBOURS.encode()))
def test_fuzz_benchmarks_neighbours_csv(data: bytes) -> None:
    refused_or_read(lambda: benchmarks.read_neighbours_csv(data, "neighbours.csv"))


VALUES = ("Measure,Period,Numerator,Denominator,Value,Commentary\naudit_good,2017-10,36,40,,October audit\n"
          "audit_good,November 2017,,,85.5,\nworkforce_vacancy,2017-18-Q2,,,12,\n")


@FUZZ
@given(data=mutated(VALUES.encode()))
def test_fuzz_value_upload_csv(data: bytes) -> None:
    refused_or_read(lambda: read_figures(data, "figures.csv"))


@FUZZ_BOOK
@given(cells=st.lists(st.one_of(st.text(max_size=15), st.integers(), st.floats(), st.dates(), st.none()),
                      min_size=6, max_size=6))
def test_fuzz_value_upload_xlsx(cells: list[object]) -> None:
    from openpyxl import Workbook
    from openpyxl.utils.exceptions import IllegalCharacterError

    book = Workbook()
    sheet = book.active
    sheet.append(["Measure", "Period", "Numerator", "Denominator", "Value", "Commentary"])
    try:
        sheet.append(cells)
    except (ValueError, TypeError, IllegalCharacterError):
        return  # openpyxl will not write the value itself (control characters …)
    stream = io.BytesIO()
    book.save(stream)
    refused_or_read(lambda: read_figures(stream.getvalue(), "figures.xlsx"))

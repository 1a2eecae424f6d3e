"""Hostile and broken input through the real services: each is refused with a message naming the
file (and the row and field where there is one), and nothing changes — not the database, not the
analytics store. The parsers themselves are fuzzed in engine/tests/test_fuzz_parsers.py."""

from __future__ import annotations

import io
import zipfile

import pytest

from clearsight.analytics import services as analytics
from clearsight.analytics.exceptions import DataRejected
from clearsight.analytics.models import DataUpload
from clearsight.analytics.store import store_version
from clearsight.audit.models import AuditEvent
from clearsight.engine.problems import InputError
from clearsight.engine.tests.test_childdata_readers import cin_xml, write_903
from clearsight.performance.exceptions import UploadRejected
from clearsight.performance.models import MeasureValue
from clearsight.planfiles.services import ImportRefused, plan_import
from clearsight.plans.models import Action


def _bomb(name: str = "plan.xlsx") -> bytes:
    """A small .xlsx whose one part unpacks to 300 MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            block = b"\0" * (1024 * 1024)
            for _ in range(300):
                part.write(block)
    return out.getvalue()


@pytest.fixture
def loaded(sefton, lead, tmp_path):
    folder = write_903(tmp_path / "good")
    analytics.data_load(user=lead, authority=sefton, paths=[folder], validate=False)
    return sefton


def _unchanged(authority):
    return (DataUpload.objects.count(), AuditEvent.objects.count(), store_version(authority))


def _rejected(call) -> list:
    with pytest.raises((DataRejected, ImportRefused, UploadRejected, InputError)) as caught:
        call()
    return list(caught.value.problems)


CHILD_FILES = {
    "903 CSV not UTF-8": ("2018/header.csv", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nC1,1,01/02/2010,WBRI,Müller,,\n"
                          .encode("cp1252"), "not UTF-8"),
    "903 CSV impossible date": ("2018/header.csv", b"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nC1,1,31/02/2010,WBRI,,,\n",
                                "DOB"),
    "CIN XML with entities": ("2018/cin_census.xml", cin_xml().replace(
        "<Message", '<!DOCTYPE Message [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<Message', 1).encode(), "DTD"),
    "Annex A zip bomb": ("2018/annex_a.xlsx", _bomb(), "zip bomb"),
}


@pytest.mark.parametrize("case", list(CHILD_FILES))
def test_hostile_child_level_files_are_refused_and_nothing_changes(loaded, lead, tmp_path, case):
    relative, data, words = CHILD_FILES[case]
    path = tmp_path / "bad" / relative
    path.parent.mkdir(parents=True)
    path.write_bytes(data)
    before = _unchanged(loaded)
    problems = _rejected(lambda: analytics.data_load(user=lead, authority=loaded, paths=[path], validate=False))
    text = " ".join(str(p) for p in problems)
    assert path.name in text and words in text, text
    assert _unchanged(loaded) == before


def test_a_child_level_file_over_the_row_limit_is_refused(loaded, lead, tmp_path, settings):
    settings.CLEARSIGHT_MAX_UPLOAD_ROWS = 3
    folder = write_903(tmp_path / "big", year=2017)
    before = _unchanged(loaded)
    problems = _rejected(lambda: analytics.data_load(user=lead, authority=loaded, paths=[folder], validate=False))
    assert any("episodes.csv" in str(p) and "the limit is 3" in str(p) for p in problems)
    assert _unchanged(loaded) == before


@pytest.mark.parametrize(("filename", "data", "words"), [
    ("plan.xlsx", _bomb(), "unpacks"),
    ("plan.txt", "Sefton improvement plan – Priority 1".encode("cp1252"), "not UTF-8"),
    ("plan.yaml", b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                  b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n", "plan.yaml"),
    ("plan.json", b'{"title": "x", "priorities": [{"code": "1", "actions": [{"ref": "1.1", "due": "31/02/2018"}]}]}',
     "plan.json"),
])
def test_hostile_plan_files_are_refused_and_nothing_changes(plan, lead, filename, data, words):
    before = (Action.objects.count(), AuditEvent.objects.count())
    problems = _rejected(lambda: plan_import(user=lead, authority=plan.authority, data=data, filename=filename,
                                             replace=True))
    assert any(words in str(p) for p in problems), [str(p) for p in problems]
    assert (Action.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize(("data", "words"), [
    ("measure,period,value\naudit,October 2017,85\n".encode("utf-16"), "not UTF-8"),
    (b"measure,period,value\naudit,31/02/2017,85\n", "line 2, field 'period'"),
    (b"measure,period,value\n" + b"audit,2017-10,85\n" * 5, "more than 3 rows"),
])
def test_bad_figure_files_are_refused_and_nothing_changes(plan, lead, settings, data, words):
    from clearsight.performance.services import values_file_upload

    settings.CLEARSIGHT_MAX_UPLOAD_ROWS = 3
    problems = _rejected(lambda: values_file_upload(user=lead, authority=plan.authority, data=data,
                                                    filename="figures.csv"))
    assert any(words in str(p) and "figures.csv" in str(p) for p in problems), [str(p) for p in problems]
    assert not MeasureValue.objects.exists()


def test_a_benchmark_file_not_in_utf8_is_refused(db):
    from clearsight.benchmarks.models import BenchmarkValue
    from clearsight.benchmarks.services import benchmarks_import

    data = "time_period,geographic_level,la_name,re_referrals_pct\n201718,National,Bromley–Sutton,21\n".encode("cp1252")
    problems = _rejected(lambda: benchmarks_import(data=data, filename="ees.csv",
                                                   mapping={"re_referrals_pct": "re_referrals"}))
    assert any("ees.csv" in str(p) and "UTF-8" in str(p) for p in problems)
    assert not BenchmarkValue.objects.exists()

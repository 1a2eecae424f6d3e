"""Child-level data stays in the analytics store: no LA child ID in the audit trail, the logs, or
any page or export — only pseudonyms, and only in authorised drill-down."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from clearsight.analytics import services
from clearsight.analytics.models import DataUpload, IndicatorResult
from clearsight.analytics.store import read_store
from clearsight.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    from clearsight.engine.synth import SynthConfig, generate
    from clearsight.engine.synth.authorities import find_authority

    out = tmp_path_factory.mktemp("synth-privacy")
    generate(SynthConfig(find_authority("343"), children=600, years=2, seed=11, last_year=2018), out)
    return out


def _child_ids(authority) -> set[str]:
    with read_store(authority) as con:
        return {row[0] for row in con.execute("SELECT DISTINCT child_id FROM raw_children").fetchall() if row[0]}


def _leaks(text: str, ids: set[str]) -> set[str]:
    # IDs are whole tokens (a prefix and digits); look for each token, not substrings of longer numbers.
    tokens = set(re.findall(r"[A-Za-z0-9]+", text))
    return ids & tokens


def test_loading_and_reading_child_data_leaves_no_child_id_in_the_audit_trail_logs_or_pages(
        sefton, lead, plan, synthetic, caplog):
    caplog.set_level(logging.DEBUG)
    services.data_load(user=lead, authority=sefton, paths=[synthetic], validate=False)
    services.indicators_recompute(user=lead, authority=sefton)
    ids = _child_ids(sefton)
    assert len(ids) > 100

    client = Client()
    client.force_login(lead)
    pages: dict[str, str] = {}
    for url in [reverse("data-overview", args=[plan.pk]), reverse("authority-profile", args=[plan.pk])]:
        pages[url] = client.get(url).content.decode()
    for upload in DataUpload.objects.filter(authority=sefton)[:4]:
        url = reverse("upload-detail", args=[plan.pk, upload.pk])
        pages[url] = client.get(url).content.decode()
    drilled = 0
    for indicator in IndicatorResult.objects.filter(authority=sefton, level_kind="authority", numerator__gt=0) \
            .values_list("indicator", flat=True).distinct()[:6]:
        url = reverse("indicator-detail", args=[plan.pk, indicator])
        pages[url] = client.get(url).content.decode()
        body = client.get(url, {"children": "numerator"}).content.decode()
        pages[url + "?children=numerator"] = body
        drilled += len(re.findall(r"C-[0-9A-F]{10}", body))
    pages["audit"] = client.get(reverse("audit-log"), {"page": 1}).content.decode()
    pages["audit.csv"] = client.get(reverse("audit-export")).content.decode()

    assert drilled > 0, "the drill-down should show the children behind a figure, pseudonymised"
    for where, body in pages.items():
        assert not _leaks(body, ids), f"child IDs on {where}: {sorted(_leaks(body, ids))[:5]}"
    trail = " ".join(
        f"{e.actor_name} {e.verb} {e.object_type} {e.object_id} {e.object_repr} {e.note} "
        f"{json.dumps(e.before)} {json.dumps(e.after)}" for e in AuditEvent.objects.all()
    )
    assert AuditEvent.objects.filter(verb="data.loaded").exists()
    assert not _leaks(trail, ids), sorted(_leaks(trail, ids))[:5]
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert not _leaks(logged, ids), sorted(_leaks(logged, ids))[:5]


def test_pseudonyms_are_stable_per_authority_and_do_not_contain_the_id(sefton, wirral):
    a = services.pseudonym(sefton, "SEF0001234")
    assert a == services.pseudonym(sefton, "SEF0001234") and "1234" not in a
    assert a != services.pseudonym(wirral, "SEF0001234") != services.pseudonym(sefton, "SEF0001235")

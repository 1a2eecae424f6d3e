"""Services refuse people without the permission, whatever calls them (a view, the API, a script)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from clearsight.benchmarks.services import benchmarks_import, neighbours_import
from clearsight.planfiles.services import plan_import
from clearsight.plans.models import Plan

pytestmark = pytest.mark.django_db
SEFTON = Path(__file__).resolve().parents[2] / "demo" / "seeds" / "sefton-improvement-action-plan-2017-18.txt"


@pytest.mark.parametrize("persona", ["viewer", "manager", "board", "outsider"])
def test_importing_a_plan_needs_the_import_permission_in_that_authority(sefton, persona, request):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        plan_import(user=user, authority=sefton, data=SEFTON.read_bytes(), filename=SEFTON.name)
    assert not Plan.objects.filter(authority=sefton).exists()


def test_a_lead_imports_a_plan(sefton, lead):
    result = plan_import(user=lead, authority=sefton, data=SEFTON.read_bytes(), filename=SEFTON.name)
    assert result.counts["actions"] == 48


def test_only_staff_import_benchmarks_shared_by_every_authority(lead):
    with pytest.raises(PermissionDenied):
        benchmarks_import(data=b"time_period\n", filename="x.csv", mapping={}, actor=lead)
    with pytest.raises(PermissionDenied):
        neighbours_import(data=b"la_code\n", filename="x.csv", actor=lead)

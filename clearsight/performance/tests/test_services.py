from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction

from clearsight.conftest import make_user
from clearsight.engine.periods import month, parse_period
from clearsight.performance import services
from clearsight.performance.exceptions import ReleaseLocked, ReleaseStateError, UploadRejected, ValueRejected
from clearsight.performance.models import DataRelease, Measure, MeasureValue
from clearsight.performance.services import FigureInput

Status = DataRelease.Status


@pytest.fixture
def measure(plan):
    return Measure.objects.create(
        authority=plan.authority, plan=plan, key="assessments_45wd", name="Assessments within 45 days",
        requires_improvement_text="75-80", good_text="81-89", outstanding_text="90+", unit="percentage",
        period_type="month",
    )


@pytest.fixture
def approver(sefton):
    return make_user("approver@sefton.example", sefton, "approver")


def record(user, measure, key="2017-10", **numbers):
    numbers = {"numerator": None, "denominator": None, "value": None, **numbers}
    return services.value_record(user=user, figure=FigureInput(measure, parse_period(key), **numbers))


def test_a_figure_goes_into_the_draft_release_for_its_month(lead, measure):
    row = record(lead, measure, numerator=D(36), denominator=D(40))
    assert row.value == D(90) and row.release.status == Status.DRAFT
    assert row.release.period == month(2017, 10) and row.scope == "authority"


def test_recording_the_same_slot_again_replaces_the_draft_figure(lead, measure):
    record(lead, measure, value=D(70))
    record(lead, measure, value=D(72))
    assert MeasureValue.objects.get().value == D(72)


@pytest.mark.parametrize(
    ("numbers", "field"),
    [({"value": D(104)}, "value"), ({"numerator": D(41), "denominator": D(40)}, "numerator"),
     ({"numerator": D(36), "denominator": D(40), "value": D(72)}, "value")],
)
def test_a_figure_that_contradicts_its_unit_is_refused(lead, measure, numbers, field):
    with pytest.raises(ValueRejected) as rejected:
        record(lead, measure, **numbers)
    assert field in rejected.value.errors
    assert MeasureValue.objects.count() == 0 and DataRelease.objects.count() == 0


def test_a_figure_for_the_wrong_kind_of_period_is_refused(lead, measure):
    with pytest.raises(ValueRejected) as rejected:
        record(lead, measure, key="2017-18-Q3", value=D(80))
    assert "by month" in rejected.value.errors["period"]


@pytest.mark.parametrize("persona", ["viewer", "owner", "board", "outsider"])
def test_only_the_performance_team_and_managers_record_figures(persona, measure, request):
    with pytest.raises(PermissionDenied):
        record(request.getfixturevalue(persona), measure, value=D(80))


def release_with_a_figure(lead, measure):
    return record(lead, measure, value=D(80)).release


def test_a_release_goes_from_draft_to_published_with_a_watermark(lead, approver, measure):
    release = release_with_a_figure(lead, measure)
    release = services.release_submit(user=lead, release=release)
    release = services.release_approve(user=approver, release=release)
    assert release.status == Status.APPROVED and len(release.fingerprint) == 64
    watermark = services.release_watermark(release)
    assert watermark.startswith("Approved release Sefton October 2017 v1 · approved by Approver on ")
    assert watermark.endswith(release.fingerprint[:8])
    assert services.release_publish(user=approver, release=release).status == Status.PUBLISHED


def test_an_unapproved_release_is_provisional(lead, measure):
    assert services.release_watermark(release_with_a_figure(lead, measure)).startswith("Provisional")


def test_the_submitter_cannot_approve_their_own_release(sefton, measure):
    admin = make_user("admin@sefton.example", sefton, "administrator")
    release = services.release_submit(user=admin, release=release_with_a_figure(admin, measure))
    with pytest.raises(ReleaseStateError, match="someone else"):
        services.release_approve(user=admin, release=release)
    with pytest.raises(IntegrityError), transaction.atomic():
        DataRelease.objects.filter(pk=release.pk).update(approved_by=admin)


def test_a_lead_cannot_approve_and_an_approver_cannot_submit(lead, approver, measure):
    release = release_with_a_figure(lead, measure)
    with pytest.raises(PermissionDenied):
        services.release_submit(user=approver, release=release)
    release = services.release_submit(user=lead, release=release)
    with pytest.raises(PermissionDenied):
        services.release_approve(user=lead, release=release)


def test_figures_in_a_submitted_release_cannot_change_until_it_is_returned(lead, approver, measure):
    release = services.release_submit(user=lead, release=release_with_a_figure(lead, measure))
    with pytest.raises(ReleaseLocked, match="cannot change"):
        record(lead, measure, value=D(81))
    services.release_return(user=approver, release=release, reason="Check the October audit")
    record(lead, measure, value=D(81))
    assert MeasureValue.objects.get().value == D(81)


def test_the_database_refuses_to_change_approved_figures(lead, approver, measure):
    release = services.release_submit(user=lead, release=release_with_a_figure(lead, measure))
    services.release_approve(user=approver, release=release)
    for sql, params in [("UPDATE performance_measurevalue SET value = 1", []),
                        ("DELETE FROM performance_measurevalue", [])]:
        with pytest.raises(Exception, match="cannot change"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    assert MeasureValue.objects.get().value == D(80)


def test_a_correction_is_a_new_version_that_supersedes_the_old_once_approved(lead, approver, measure):
    v1 = services.release_approve(user=approver, release=services.release_submit(
        user=lead, release=release_with_a_figure(lead, measure)))
    v2 = services.release_correct(user=lead, release=v1, reason="October audits were double counted")
    assert (v2.version, v2.status, v2.supersedes) == (2, Status.DRAFT, v1)
    record(lead, measure, value=D(77))
    (difference,) = services.release_diff(v1, v2)
    assert (difference.before, difference.after, difference.kind) == (D(80), D(77), "changed")
    v2 = services.release_approve(user=approver, release=services.release_submit(user=lead, release=v2))
    v1.refresh_from_db()
    assert v1.status == Status.SUPERSEDED and v1.values.get().value == D(80)
    assert v2.fingerprint != v1.fingerprint
    with pytest.raises(ReleaseStateError, match="needs correcting"):
        services.release_correct(user=lead, release=v2, reason=" ")


def test_the_fingerprint_detects_a_figure_changed_behind_the_apps_back(lead, approver, measure):
    release = services.release_approve(user=approver, release=services.release_submit(
        user=lead, release=release_with_a_figure(lead, measure)))
    assert services.release_fingerprint(release) == release.fingerprint


def test_an_upload_is_all_or_nothing_and_names_every_bad_row(lead, measure):
    figures = [
        (2, FigureInput(measure, parse_period("2017-10"), D(36), D(40), None)),
        (3, FigureInput(measure, parse_period("2017-11"), None, None, D(140))),
        (4, FigureInput(measure, parse_period("2017-12"), D(50), D(40), None)),
    ]
    with pytest.raises(UploadRejected) as rejected:
        services.values_upload(user=lead, authority=measure.authority, figures=figures, filename="audit.csv")
    assert [(p.line, p.field) for p in rejected.value.problems] == [(3, "value"), (4, "numerator")]
    assert "audit.csv" in str(rejected.value.problems[0])
    assert MeasureValue.objects.count() == 0
    services.values_upload(user=lead, authority=measure.authority, figures=figures[:1], filename="audit.csv")
    assert MeasureValue.objects.get().value == D(90)


def test_the_release_cli_takes_a_release_through_approval(lead, approver, measure, capsys):
    import json

    release_with_a_figure(lead, measure)
    call_command("release", "submit", "--authority", "343", "--period", "2017-10", "--as", lead.email)
    with pytest.raises(CommandError, match="does not have permission to approve"):
        call_command("release", "approve", "--authority", "343", "--period", "October 2017", "--as", lead.email)
    call_command("release", "approve", "--authority", "E08000014", "--period", "2017-10", "--as", approver.email)
    capsys.readouterr()
    call_command("release", "show", "--authority", "343", "--period", "2017-10", "--json")
    shown = json.loads(capsys.readouterr().out)
    assert shown["status"] == "approved" and shown["approved_by"] == approver.email
    assert shown["watermark"].startswith("Approved release Sefton October 2017 v1")


def test_the_release_cli_needs_a_person_to_change_anything(lead, measure):
    release_with_a_figure(lead, measure)
    with pytest.raises(CommandError, match="--as EMAIL"):
        call_command("release", "submit", "--authority", "343", "--period", "2017-10")
    assert DataRelease.objects.get().status == Status.DRAFT

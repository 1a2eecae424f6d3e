import io
from pathlib import Path

import pytest
from django.core.management import call_command

from clearsight.engine.planfiles import structured, xlsx
from clearsight.organisations.models import Authority, Person
from clearsight.planfiles.models import PlanImport
from clearsight.planfiles.services import ImportRefused, plan_export, plan_import
from clearsight.plans.models import Action, InspectionRecommendation, Plan

SEEDS = Path(__file__).resolve().parents[2] / "demo" / "seeds"
SEFTON = SEEDS / "sefton-improvement-action-plan-2017-18.txt"
WIRRAL = SEEDS / "wirral-improvement-plan-2017-19.txt"


def import_file(authority, path, **kwargs):
    return plan_import(user=None, authority=authority, data=path.read_bytes(), filename=path.name, **kwargs)


def test_sefton_imports_48_actions_with_their_commentary(sefton):
    result = import_file(sefton, SEFTON)
    plan = result.plan
    assert plan.actions.count() == 48
    assert list(plan.priorities.values_list("code", flat=True)) == ["1.1", "1.2", "1.3", "2.0", "3"]
    action = plan.actions.get(ref="1.1.6")
    assert action.review_text == "Dec 202017" and action.review_kind == "unreadable" and action.review_date is None
    assert plan.actions.get(ref="1.1.2017").text.startswith("Introduce a performance measure")
    assert plan.actions.get(ref="2.5").status == "completed"
    assert plan.actions.get(ref="1.1.1").updates.get().commentary.startswith("This work is ongoing.")
    assert plan.measures.count() > 40


def test_wirral_imports_87_actions_and_19_recommendations(wirral):
    plan = import_file(wirral, WIRRAL).plan
    assert plan.actions.count() == 87
    assert InspectionRecommendation.objects.filter(plan=plan).count() == 19
    assert plan.actions.get(ref="4F5").leads.count() == 0
    assert plan.actions.filter(due_text="Sprint 2", sprint__number=2, planned_sprint__number=2).count() > 40
    assert set(plan.sprints.values_list("number", flat=True)) == {1, 2}
    roles = list(plan.actions.get(ref="1A2").leads.values_list("role", flat=True))
    assert roles == ["Practice Improvement Lead", "Quality Assurance Manager", "Head of Integrated Front Door"]


def test_the_import_record_keeps_every_problem_it_reported(wirral):
    result = import_file(wirral, WIRRAL)
    record = PlanImport.objects.get()
    assert record.plan == result.plan and len(record.sha256) == 64
    assert {p["code"] for p in record.problems} >= {"duplicate_action", "no_owner"}
    assert "no_owner" in {p["code"] for p in record.problems_for("4F5")}


def test_a_dry_run_reports_and_saves_nothing(sefton):
    result = import_file(sefton, SEFTON, dry_run=True)
    assert result.dry_run and result.counts["actions"] == 48 and result.problems
    assert Plan.objects.count() == Action.objects.count() == PlanImport.objects.count() == Person.objects.count() == 0


def test_importing_the_same_plan_twice_is_refused_unless_replacing(sefton):
    import_file(sefton, SEFTON)
    with pytest.raises(ImportRefused, match="already has the plan"):
        import_file(sefton, SEFTON)
    import_file(sefton, SEFTON, replace=True)
    assert Plan.objects.count() == 1 and Action.objects.count() == 48


def test_a_file_that_is_not_a_plan_is_refused_and_changes_nothing(sefton):
    with pytest.raises(ImportRefused, match="not a plan Clearsight can read"):
        plan_import(user=None, authority=sefton, data=b"Minutes of the meeting\nApologies", filename="notes.txt")
    with pytest.raises(ImportRefused, match="UTF-8"):
        plan_import(user=None, authority=sefton, data=b"\xff\xfe\x00bad", filename="plan.json")
    assert Plan.objects.count() == 0


def test_an_import_that_fails_part_way_leaves_nothing_behind(sefton):
    document = structured.document_from_dict(structured.document_to_dict(
        structured.loads_json(_seed_json(sefton), "x.json")[0]))[0]
    document.recommendations[0].action_refs = ["NOPE"]  # valid JSON shape, refused when written
    data = structured.dumps_json(document).encode()
    with pytest.raises(ImportRefused):
        plan_import(user=None, authority=sefton, data=data, filename="broken.json")
    assert Plan.objects.count() == Action.objects.count() == Person.objects.count() == 0


def _seed_json(authority) -> str:
    result = import_file(authority, WIRRAL, dry_run=False)
    text = structured.dumps_json(plan_export(result.plan))
    Plan.objects.all().delete()
    Person.objects.all().delete()
    return text


def _empty_database() -> None:
    PlanImport.objects.all().delete()
    Plan.objects.all().delete()
    Person.objects.all().delete()
    assert Action.objects.count() == 0


@pytest.mark.parametrize("seed", [SEFTON, WIRRAL], ids=["sefton", "wirral"])
@pytest.mark.parametrize("fmt", ["json", "yaml", "xlsx"])
def test_export_import_export_is_identical(seed, fmt, sefton, lead):
    from datetime import date

    from clearsight.plans import services

    plan = import_file(sefton, seed).plan
    action = plan.actions.order_by("order").first()
    services.action_update_add(user=lead, action=action, commentary="Dated update\nover two lines",
                               on=date(2026, 11, 2), status="in_progress", expected_version=1)
    services.action_due_date_change(user=lead, action=action, new_due_text="March 2027", reason="Slipped",
                                    on=date(2026, 11, 3), expected_version=2)

    def export(p) -> bytes:
        if fmt == "xlsx":
            out = io.BytesIO()
            xlsx.write_workbook(plan_export(p), out)
            return structured.dumps_json(xlsx.read_workbook(io.BytesIO(out.getvalue()))[0]).encode()
        return (structured.dumps_json if fmt == "json" else structured.dumps_yaml)(plan_export(p)).encode()

    def export_file(p) -> bytes:
        if fmt != "xlsx":
            return export(p)
        out = io.BytesIO()
        xlsx.write_workbook(plan_export(p), out)
        return out.getvalue()

    first, first_file = export(plan), export_file(plan)
    _empty_database()
    again = plan_import(user=None, authority=sefton, data=first_file, filename=f"plan.{fmt}").plan
    assert export(again) == first
    assert again.actions.get(ref=action.ref).due_changes.get().reason == "Slipped"


def test_the_cli_dry_run_names_every_seed_problem(sefton, capsys):
    call_command("import-plan", str(SEFTON), "--authority", "343", "--dry-run")
    out = capsys.readouterr().out
    for expected in ["Dec 202017", "1.1.2017", "1.1.11", "Ongoing", "Completed", "impossible_date",
                     "suspicious_ref", "missing_ref", "non_date_review", "Dry run"]:
        assert expected in out, expected
    assert Plan.objects.count() == 0


def test_the_cli_dry_run_names_wirral_problems(wirral, capsys):
    call_command("import-plan", str(WIRRAL), "--authority", "E08000015", "--dry-run")
    out = capsys.readouterr().out
    assert "4B6" in out and "4B2" in out and "duplicate_action" in out
    assert "4F5" in out and "no_owner" in out


def test_the_cli_refuses_an_unknown_authority(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No authority has the code"):
        call_command("import-plan", str(SEFTON), "--authority", "999")


def test_the_export_cli_writes_json_that_imports(sefton, tmp_path):
    import_file(sefton, SEFTON)
    out = tmp_path / "sefton.json"
    call_command("export-plan", "--authority", "E08000014", "--format", "json", "-o", str(out))
    assert structured.loads_json(out.read_text(), out.name)[0].title == "Draft Improvement Action Plan"


def test_authorities_are_found_by_ons_code_or_dfe_number(sefton):
    from clearsight.organisations.selectors import authority_by_code

    assert authority_by_code("e08000014") == authority_by_code("343") == sefton
    assert authority_by_code("E09999999") is None
    assert isinstance(sefton, Authority)


def test_a_plan_with_recorded_figures_is_never_replaced(sefton, lead):
    from decimal import Decimal

    from clearsight.engine.periods import parse_period
    from clearsight.performance.models import MeasureValue
    from clearsight.performance.services import FigureInput, value_record

    plan = import_file(sefton, SEFTON).plan
    measure = plan.measures.first()
    value_record(user=lead, figure=FigureInput(measure, parse_period("2017-10"), None, None, Decimal(70)))
    with pytest.raises(ImportRefused, match="figures are never deleted"):
        import_file(sefton, SEFTON, replace=True)
    assert Plan.objects.get() == plan and MeasureValue.objects.count() == 1

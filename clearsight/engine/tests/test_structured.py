"""The clearsight-plan/1 dict, JSON and YAML formats: round trips and every validation rule."""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearsight.engine.planfiles.document import (
    Action,
    ActionStatus,
    DueChange,
    EvidenceKind,
    EvidenceSource,
    InspectionRecommendation,
    Lead,
    MeasureRow,
    PlanDocument,
    Principle,
    Priority,
    PriorityKind,
    RecommendationStatus,
    Sprint,
    SuccessCriterion,
    Update,
)
from clearsight.engine.planfiles.structured import (
    FORMAT,
    document_from_dict,
    document_to_dict,
    dumps_json,
    dumps_yaml,
    loads_json,
    loads_yaml,
)
from clearsight.engine.problems import InputError, Problem, Severity

# Texts a spreadsheet or a YAML parser would most like to turn into something else.
AWKWARD = ["=1+1", "-5", "+3", "@x", "65-79", "- a bullet", "\tindented", "2.0", "1.1.2017", "yes", "null",
           "on", "~", "2017-10-31", "Ünïcödé — “quotes” ✓", "line one\nline two\n", "windows\r\nline", "_x000D_"]


def rich_plan() -> PlanDocument:
    """A plan with every field set, and the texts most likely to be mangled on the way."""
    return PlanDocument(
        title="Children's Services Improvement Plan 2017–18 ✓",
        period_label="2017-18",
        period_start=date(2017, 4, 1),
        period_end=date(2018, 3, 31),
        status="active",
        foreword="Our ambition:\n- every child seen\n- every plan reviewed\n",
        principles=[Principle("Child first", "The child's voice\n  is heard."), Principle("@x", "=1+1")],
        priorities=[
            Priority(
                code="1.1",
                title="Assessment and Planning",
                kind=PriorityKind.RECOMMENDATION,
                why="Because “it matters”.\nReally.",
                good_looks_like=["- a bullet", "+3 more", "=SUM(A1:A2)"],
                success_criteria=[SuccessCriterion(1, "Timely assessments"), SuccessCriterion(2, "-5 days")],
                evidence_sources=[EvidenceSource(EvidenceKind.AUDITS, "Monthly audits"),
                                  EvidenceSource(EvidenceKind.CHILDREN_FAMILIES, "Mind of my own"),
                                  EvidenceSource(EvidenceKind.STAFF, "Staff survey")],
                actions=[
                    Action(
                        ref="1.1.2017",
                        text="Review the threshold document\nwith partners",
                        lead_text="Vicky Buchanan, Head of Service / NPS",
                        leads=[Lead("Vicky Buchanan", "Head of Service"), Lead(agency="National Probation Service"),
                               Lead("", "Deputy Director", "")],
                        due_text="31/10/17",
                        original_due_text="Oct, 2017",
                        review_text="Ongoing",
                        status=ActionStatus.IN_PROGRESS,
                        rag_override="amber",
                        rag_override_reason="-5 behind: see \"board\" minutes",
                        success_criterion=2,
                        planned_sprint=2,
                        carried_over=1,
                        updates=[Update("First draft\r\nshared", date(2017, 9, 1), "Jo Smith", "not_started",
                                        "in_progress", "https://example.org/e?x=1&y=2"),
                                 Update("=HYPERLINK(\"x\")")],
                        due_changes=[DueChange("30/09/17", "31/10/17", "Waiting for partners", date(2017, 9, 20),
                                               "Improvement Board")],
                    ),
                    Action(ref="2.0", text="@mention the board", lead_text="Director", due_text="Sprint 2"),
                ],
            ),
            Priority(code="2.0", title="Theme: Voice of the child", kind=PriorityKind.THEME,
                     actions=[Action(ref="4B6", text="Lock performance data to a single source",
                                     leads=[Lead(role="Head of Performance")], status=ActionStatus.COMPLETED)]),
            Priority(code="3", title="Resources"),
        ],
        measures=[
            MeasureRow("Assessments within 45 working days", "Timeliness", "65-79", "80-89", "90+", ["1.1", "2.0"]),
            MeasureRow("Re-referrals", "Lower is better", "-5", "+3", "=1+1", ["3"]),
            MeasureRow("@x"),
        ],
        recommendations=[
            InspectionRecommendation(1, "Improve assessments", "Some progress", "More audits",
                                     RecommendationStatus.PARTLY_MET, ["1.1.2017", "2.0"]),
            InspectionRecommendation(19, "Performance data", status=RecommendationStatus.MET, action_refs=["4B6"]),
        ],
        sprints=[Sprint(1, date(2017, 10, 2), 12, True), Sprint(2), Sprint(3, weeks=10)],
    )


def valid_dict() -> dict[str, Any]:
    return document_to_dict(rich_plan())


def errors_of(data: object) -> list[Problem]:
    with pytest.raises(InputError) as caught:
        document_from_dict(data)
    return caught.value.problems


def fields_and_codes(data: object) -> set[tuple[str, str]]:
    return {(p.field, p.code) for p in errors_of(data)}


# --- round trips ---------------------------------------------------------------------------------


def test_the_dict_round_trip_loses_nothing() -> None:
    doc = rich_plan()
    back, warnings = document_from_dict(document_to_dict(doc))
    assert back == doc
    assert warnings == []
    assert document_to_dict(back) == document_to_dict(doc)


def test_the_dict_starts_with_the_format_marker_and_keeps_every_field() -> None:
    data = document_to_dict(PlanDocument(title="Plan", priorities=[Priority("1", "One", actions=[Action("1A", "Do")])]))
    assert list(data)[:2] == ["format", "title"]
    assert data["format"] == FORMAT
    assert list(data) == ["format", "title", "period_label", "period_start", "period_end", "status", "foreword",
                          "principles", "priorities", "measures", "recommendations", "sprints"]
    action = data["priorities"][0]["actions"][0]
    assert action["due_text"] == "" and action["leads"] == [] and action["success_criterion"] is None
    assert action["status"] == "not_started"


def test_dates_are_iso_strings_and_enums_are_their_values() -> None:
    data = valid_dict()
    assert data["period_start"] == "2017-04-01"
    assert data["priorities"][0]["kind"] == "recommendation"
    assert data["priorities"][0]["actions"][0]["updates"][0]["date"] == "2017-09-01"
    assert data["sprints"][1]["start"] is None


def test_the_json_round_trip_loses_nothing() -> None:
    text = dumps_json(rich_plan())
    assert text.endswith("}\n") and "✓" in text  # not escaped
    assert text.startswith('{\n  "format": "clearsight-plan/1",')
    doc, warnings = loads_json(text, "plan.json")
    assert doc == rich_plan() and warnings == []
    assert dumps_json(doc) == text


def test_the_yaml_round_trip_loses_nothing() -> None:
    text = dumps_yaml(rich_plan())
    assert text.startswith("format: clearsight-plan/1\n")
    assert "✓" in text
    assert "foreword: |" in text  # multi-line text is a readable block
    doc, warnings = loads_yaml(text, "plan.yaml")
    assert doc == rich_plan() and warnings == []
    assert dumps_yaml(doc) == text


def test_yaml_keeps_long_text_on_one_line() -> None:
    doc = PlanDocument(title="word " * 100)
    assert dumps_yaml(doc).splitlines()[1] == "title: '" + "word " * 100 + "'"


def test_hand_written_yaml_with_unquoted_dates_and_omitted_keys_is_read() -> None:
    text = ("format: clearsight-plan/1\ntitle: Plan\nperiod_start: 2017-04-01\n"
            "priorities:\n  - code: '1'\n    title: One\n    actions:\n      - {ref: 1A1, text: Do it, lead_text: DCS}\n")
    doc, warnings = loads_yaml(text)
    assert doc.period_start == date(2017, 4, 1)
    assert doc.priorities[0].actions[0].ref == "1A1"
    assert warnings == []


@st.composite
def documents(draw: st.DrawFn) -> PlanDocument:
    text = st.text(max_size=12)
    named = text.filter(lambda t: bool(t.strip()))
    day = st.none() | st.dates(date(1990, 1, 1), date(2100, 12, 31))
    number = st.integers(1, 99)
    codes = draw(st.lists(named, max_size=3, unique=True))
    refs = draw(st.lists(named, min_size=len(codes), max_size=len(codes) + 3, unique=True))
    lead = st.builds(Lead, text, text, text).filter(lambda x: bool(x.name.strip() or x.role.strip()
                                                                     or x.agency.strip()))
    priorities = []
    for i, code in enumerate(codes):
        mine = refs[i::len(codes)] if codes else []
        actions = [draw(st.builds(
            Action, ref=st.just(ref), text=named, lead_text=text, leads=st.lists(lead, max_size=2),
            due_text=text, original_due_text=text, review_text=text, status=st.sampled_from(ActionStatus),
            rag_override=st.sampled_from(["", "red", "amber", "green"]), rag_override_reason=text,
            success_criterion=st.none() | number, planned_sprint=st.none() | number, carried_over=st.integers(0, 9),
            updates=st.lists(st.builds(Update, text, day, text, text, text, text), max_size=2),
            due_changes=st.lists(st.builds(DueChange, text, text, text, day, text), max_size=1),
        )) for ref in mine]
        criteria = [SuccessCriterion(n, draw(text)) for n in draw(st.lists(number, max_size=3, unique=True))]
        priorities.append(draw(st.builds(
            Priority, code=st.just(code), title=named, kind=st.sampled_from(PriorityKind), why=text,
            good_looks_like=st.lists(text, max_size=3), success_criteria=st.just(criteria),
            evidence_sources=st.lists(st.builds(EvidenceSource, st.sampled_from(EvidenceKind), text), max_size=2),
            actions=st.just(actions))))
    used_refs = [a.ref for p in priorities for a in p.actions]
    measures = draw(st.lists(st.builds(MeasureRow, named, text, text, text, text,
                                       st.lists(st.sampled_from(codes), max_size=2) if codes else st.just([])),
                             max_size=3))
    recommendations = [draw(st.builds(InspectionRecommendation, st.just(n), named, text, text,
                                      st.sampled_from(RecommendationStatus),
                                      st.lists(st.sampled_from(used_refs), max_size=2) if used_refs else st.just([])))
                       for n in draw(st.lists(number, max_size=3, unique=True))]
    sprints = [Sprint(n, draw(day), draw(number), draw(st.booleans()))
               for n in draw(st.lists(number, max_size=3, unique=True))]
    start, end = sorted([draw(st.dates()), draw(st.dates())])
    return PlanDocument(
        title=draw(named), period_label=draw(text), period_start=start, period_end=end,
        status=draw(st.sampled_from(["draft", "active", "closed"])), foreword=draw(text),
        principles=draw(st.lists(st.builds(Principle, named, text), max_size=2)),
        priorities=priorities, measures=measures, recommendations=recommendations, sprints=sprints)


@settings(max_examples=50, deadline=None)
@given(documents())
def test_any_document_round_trips_through_the_dict_json_and_yaml(doc: PlanDocument) -> None:
    data = document_to_dict(doc)
    back, _ = document_from_dict(copy.deepcopy(data))
    assert back == doc
    assert document_to_dict(back) == data
    assert loads_json(dumps_json(doc))[0] == doc
    assert loads_yaml(dumps_yaml(doc))[0] == doc


# --- validation ----------------------------------------------------------------------------------


def test_a_top_level_that_is_not_a_mapping_is_an_error() -> None:
    assert fields_and_codes(["a list"]) == {("", "wrong_type")}


def test_the_format_marker_is_required_and_checked() -> None:
    data = valid_dict()
    del data["format"]
    assert fields_and_codes(data) == {("format", "bad_format")}
    data["format"] = "clearsight-plan/2"
    [problem] = errors_of(data)
    assert "clearsight-plan/1" in problem.message


def test_unknown_keys_are_errors_that_list_the_allowed_keys() -> None:
    data = valid_dict()
    data["owner"] = "x"
    data["priorities"][0]["actions"][1]["due"] = "31/10/17"
    problems = errors_of(data)
    assert {(p.field, p.code) for p in problems} == {("owner", "unknown_key"),
                                                     ("priorities[0].actions[1].due", "unknown_key")}
    assert all("due_text" in p.message for p in problems if p.field.endswith(".due"))


@pytest.mark.parametrize(("path", "key"), [
    ((), "title"),
    (("priorities", 1), "code"),
    (("priorities", 1), "title"),
    (("priorities", 0, "actions", 1), "ref"),
    (("priorities", 0, "actions", 1), "text"),
    (("measures", 2), "name"),
    (("recommendations", 1), "number"),
    (("recommendations", 1), "text"),
])
def test_a_missing_required_key_is_an_error_naming_its_path(path: tuple[str | int, ...], key: str) -> None:
    data = valid_dict()
    target: Any = data
    for step in path:
        target = target[step]
    del target[key]
    where = "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in path).lstrip(".")
    assert fields_and_codes(data) >= {(f"{where}.{key}" if where else key, "missing_required")}


def test_a_blank_title_is_required() -> None:
    [problem] = errors_of({"format": FORMAT, "title": "  "})
    assert (problem.field, problem.code) == ("title", "missing_required")
    assert "title is required" in problem.message


@pytest.mark.parametrize(("key", "value", "code"), [
    ("due_text", 2.0, "wrong_type"),
    ("due_text", None, "wrong_type"),
    ("due_text", date(2017, 10, 31), "wrong_type"),
    ("leads", "Jo", "wrong_type"),
    ("status", "done", "bad_value"),
    ("status", 1, "bad_value"),
    ("rag_override", "purple", "bad_value"),
    ("success_criterion", "2", "wrong_type"),
    ("success_criterion", 0, "wrong_type"),
    ("planned_sprint", True, "wrong_type"),
    ("carried_over", -1, "wrong_type"),
    ("updates", {}, "wrong_type"),
])
def test_a_wrong_type_or_value_on_an_action_names_its_path(key: str, value: object, code: str) -> None:
    data = valid_dict()
    data["priorities"][0]["actions"][1][key] = value
    [problem] = errors_of(data)
    assert (problem.field, problem.code) == (f"priorities[0].actions[1].{key}", code)
    assert problem.severity is Severity.ERROR


def test_a_bad_enum_value_says_what_is_allowed() -> None:
    data = valid_dict()
    data["priorities"][2]["kind"] = "heading"
    [problem] = errors_of(data)
    assert problem.field == "priorities[2].kind"
    assert "'priority', 'theme', 'recommendation'" in problem.message


@pytest.mark.parametrize("value", ["31/10/2017", "2017-02-30", "2017-1-1", "", 20170101])
def test_a_bad_iso_date_is_an_error(value: object) -> None:
    data = valid_dict()
    data["priorities"][0]["actions"][0]["updates"][0]["date"] = value
    data["sprints"][1]["start"] = value
    assert fields_and_codes(data) == {("priorities[0].actions[0].updates[0].date", "bad_date"),
                                      ("sprints[1].start", "bad_date")}


def test_a_plan_that_ends_before_it_starts_is_an_error() -> None:
    data = valid_dict()
    data["period_end"] = "2016-01-01"
    assert fields_and_codes(data) == {("period_end", "bad_date")}


def test_duplicate_priority_codes_and_action_refs_are_errors() -> None:
    data = valid_dict()
    data["priorities"][2]["code"] = "1.1"
    data["priorities"][1]["actions"][0]["ref"] = "1.1.2017"  # the same ref under another priority
    data["measures"][1]["priority_codes"] = []
    data["recommendations"][1]["action_refs"] = []
    assert fields_and_codes(data) == {("priorities[2].code", "duplicate_code"),
                                      ("priorities[1].actions[0].ref", "duplicate_ref")}


def test_duplicate_numbers_are_errors() -> None:
    data = valid_dict()
    data["recommendations"][1]["number"] = 1
    data["sprints"][1]["number"] = 1
    data["priorities"][0]["success_criteria"][1]["number"] = 1
    assert fields_and_codes(data) == {("recommendations[1].number", "duplicate_number"),
                                      ("sprints[1].number", "duplicate_number"),
                                      ("priorities[0].success_criteria[1].number", "duplicate_number")}


def test_links_to_unknown_priorities_and_actions_are_errors() -> None:
    data = valid_dict()
    data["measures"][0]["priority_codes"] = ["1.1", "9"]
    data["recommendations"][0]["action_refs"] = ["1.1.17"]
    assert fields_and_codes(data) == {("measures[0].priority_codes[1]", "unknown_priority"),
                                      ("recommendations[0].action_refs[0]", "unknown_action")}


def test_an_empty_lead_is_an_error() -> None:
    data = valid_dict()
    data["priorities"][0]["actions"][0]["leads"].append({"name": " "})
    assert fields_and_codes(data) == {("priorities[0].actions[0].leads[3]", "empty_lead")}


def test_every_error_is_collected_before_raising() -> None:
    data = valid_dict()
    data["title"] = 7
    data["status"] = "open"
    data["priorities"][0]["actions"][0]["status"] = "done"
    data["measures"][1]["good"] = 80
    data["sprints"][0]["closed"] = "yes"
    problems = errors_of(data)
    assert [p.field for p in problems] == ["title", "status", "priorities[0].actions[0].status", "measures[1].good",
                                           "sprints[0].closed"]
    assert all(p.severity is Severity.ERROR for p in problems)


def test_unreadable_dates_and_actions_without_a_lead_are_warnings() -> None:
    data = valid_dict()
    action = data["priorities"][0]["actions"][1]
    action.update(due_text="Dec 202017", review_text="soon", lead_text="", leads=[])
    doc, warnings = document_from_dict(data, filename="plan.json")
    assert doc.priorities[0].actions[1].due_text == "Dec 202017"  # kept as written
    assert {(w.field, w.code, w.ref) for w in warnings} == {
        ("priorities[0].actions[1].due_text", "impossible_date", "2.0"),
        ("priorities[0].actions[1].review_text", "impossible_date", "2.0"),
        ("priorities[0].actions[1].lead_text", "no_owner", "2.0"),
    }
    assert all(w.severity is Severity.WARNING and w.file == "plan.json" for w in warnings)


# --- parsing -------------------------------------------------------------------------------------


def test_invalid_json_is_an_error_with_its_line() -> None:
    with pytest.raises(InputError) as caught:
        loads_json('{\n  "format": "clearsight-plan/1",\n  "title": }', "plan.json")
    [problem] = caught.value.problems
    assert (problem.code, problem.line, problem.file) == ("parse_error", 3, "plan.json")
    assert "column" in problem.message


def test_invalid_yaml_is_an_error_with_its_line() -> None:
    with pytest.raises(InputError) as caught:
        loads_yaml("format: clearsight-plan/1\ntitle: [unclosed\nstatus: active\n", "plan.yaml")
    [problem] = caught.value.problems
    assert problem.code == "parse_error" and problem.line is not None and problem.line >= 2


@pytest.mark.parametrize(("loads", "text"), [
    (loads_json, '{"format": "clearsight-plan/1", "title": "A", "title": "B"}'),
    (loads_yaml, "format: clearsight-plan/1\ntitle: A\ntitle: B\n"),
])
def test_a_key_given_twice_is_an_error_not_the_last_one_wins(loads: Any, text: str) -> None:
    with pytest.raises(InputError) as caught:
        loads(text)
    assert "twice" in caught.value.problems[0].message


def test_yaml_aliases_are_refused() -> None:
    text = "format: clearsight-plan/1\ntitle: &t Plan\nforeword: *t\n"
    with pytest.raises(InputError) as caught:
        loads_yaml(text)
    assert "aliases" in caught.value.problems[0].message


def test_an_unquoted_yaml_number_where_text_belongs_is_an_error_that_says_to_quote_it() -> None:
    text = "format: clearsight-plan/1\ntitle: Plan\npriorities:\n  - {code: 2.0, title: Two}\n"
    with pytest.raises(InputError) as caught:
        loads_yaml(text)
    [problem] = caught.value.problems
    assert problem.field == "priorities[0].code" and "quotes" in problem.message


def test_json_with_a_byte_order_mark_is_read() -> None:
    doc, _ = loads_json("\ufeff" + json.dumps({"format": FORMAT, "title": "Plan"}))
    assert doc.title == "Plan"

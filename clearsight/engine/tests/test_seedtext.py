"""The seed-text reader: both real seed plans, every problem they hold, and each layout rule on
small hand-made snippets. No database."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearsight.engine.planfiles._seedtext_common import (
    join_continuation,
    person_lead,
    split_owner,
    strip_tags,
)
from clearsight.engine.planfiles.document import (
    Action,
    ActionStatus,
    EvidenceKind,
    Lead,
    PlanDocument,
    PriorityKind,
)
from clearsight.engine.planfiles.seedtext import detect_layout, read_seed_text
from clearsight.engine.problems import InputError, Problem, Severity

SEEDS = Path(__file__).resolve().parents[2] / "demo" / "seeds"
SEFTON_FILE = "sefton-improvement-action-plan-2017-18.txt"
WIRRAL_FILE = "wirral-improvement-plan-2017-19.txt"

Read = tuple[PlanDocument, list[Problem]]


def _read(name: str) -> Read:
    return read_seed_text((SEEDS / name).read_text(encoding="utf-8"), filename=name)


@pytest.fixture(scope="module")
def sefton() -> Read:
    return _read(SEFTON_FILE)


@pytest.fixture(scope="module")
def wirral() -> Read:
    return _read(WIRRAL_FILE)


def action(document: PlanDocument, ref: str) -> Action:
    return next(a for a in document.actions() if a.ref == ref)


def problems(found: list[Problem], code: str) -> list[Problem]:
    return [p for p in found if p.code == code]


def read(text: str) -> Read:
    return read_seed_text(text, filename="snippet.txt")


# --- recognising a plan ---------------------------------------------------------------------------


def test_it_recognises_both_seeds_by_their_tables() -> None:
    assert detect_layout((SEEDS / SEFTON_FILE).read_text(encoding="utf-8")) == "sefton"
    assert detect_layout((SEEDS / WIRRAL_FILE).read_text(encoding="utf-8")) == "wirral"


def test_it_does_not_recognise_a_plan_by_the_council_name_alone() -> None:
    assert detect_layout("Sefton MBC\nWirral Improvement Plan\nRecommendation 1.1\nTheme 1") is None


def test_it_recognises_a_wirral_table_whose_header_says_action_for_ref() -> None:
    assert (
        detect_layout("Success Criteria 2\tAction\tAction\tOwner\t\n\t2B1\tDo it\tHead of X\t31/10/17")
        == "wirral"
    )


def test_random_text_raises_input_error_with_a_clear_message() -> None:
    with pytest.raises(InputError) as caught:
        read_seed_text("Dear all,\nPlease find the minutes attached.\n", filename="minutes.txt")
    [problem] = caught.value.problems
    assert problem.severity is Severity.ERROR
    assert problem.code == "not_a_plan"
    assert problem.file == "minutes.txt"
    assert "does not look like an improvement plan" in problem.message
    assert "Ref | Action" in problem.message


def test_empty_text_raises_input_error() -> None:
    with pytest.raises(InputError):
        read_seed_text("")


def test_a_table_header_with_no_actions_under_it_raises_input_error() -> None:
    with pytest.raises(InputError) as caught:
        read_seed_text("Ref\tAction\tReview Date\tLead\tCommentary\n")
    assert "no action could be read" in caught.value.problems[0].message


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Recommendation\t1.1 Title",
                "Ref\tAction\tReview Date\tLead\tCommentary",
                "1.1.1\tDo it\tOct 2017\tA B, Head",
                "\tmore\t\t\tlater",
                "Success Criteria 1\tRef\tAction\tOwner\tDue Date",
                "\tRef\tAction\tOwner\tDue Date",
                "Theme 1 - Title\t\t\t\t",
                "Crit text\t1A1\t1) step\tHead of X\tSprint 2",
                "\t\t2) step\t\t",
                "APPENDIX 1",
                "APPENDIX 2",
                "1\tRec\t<p>done</p>\tmore",
                "\t\t<p>and more</p>\t",
                "Performance Measure\tWhat does it show?\tThresholds",
                "Qualitative Information\tFeedback from Children\tFeedback from Staff",
                "<p>a</p>\t<p>b</p>\t<p>c</p>",
                "- bullet",
                "¹ footnote",
                "",
                "\t",
                "---\t---",
            ]
        ),
        max_size=25,
    )
)
def test_it_never_fails_except_with_input_error(lines: list[str]) -> None:
    try:
        document, found = read("\n".join(lines))
    except InputError:
        return
    assert document.actions()
    assert all(p.line is not None and p.file == "snippet.txt" for p in found)


# --- Sefton -----------------------------------------------------------------------------------------


def test_sefton_keeps_its_title_and_period_as_written(sefton: Read) -> None:
    document, _ = sefton
    assert document.title == "Draft Improvement Action Plan"
    assert document.period_label == "202017-18"
    assert document.period_start is None


def test_it_flags_the_sefton_period_202017_18_as_suspicious(sefton: Read) -> None:
    [problem] = problems(sefton[1], "suspicious_period")
    assert (problem.severity, problem.line) == (Severity.WARNING, 10)
    assert "'202017-18'" in problem.message
    assert "probably 2017-18" in problem.message


def test_sefton_foreword_is_the_foreword_text(sefton: Read) -> None:
    foreword = sefton[0].foreword
    assert foreword.startswith("One year on intro update\n\n.Welcome to our Children and Young People's")
    assert foreword.endswith("through the following Governance Arrangement.")
    assert "Recommendation" not in foreword


def test_sefton_has_five_recommendations_in_file_order(sefton: Read) -> None:
    priorities = sefton[0].priorities
    assert [p.code for p in priorities] == ["1.1", "1.2", "1.3", "2.0", "3"]
    assert {p.kind for p in priorities} == {PriorityKind.RECOMMENDATION}
    assert priorities[0].title == "Front Line Practice – Assessment and Planning"
    assert priorities[3].title == "Management Oversight"
    assert priorities[4].title == "Resources"


def test_sefton_has_48_actions(sefton: Read) -> None:
    assert len(sefton[0].actions()) == 48
    assert [len(p.actions) for p in sefton[0].priorities] == [17, 8, 11, 8, 4]


@pytest.mark.parametrize(
    ("code", "first", "first_text", "last", "last_text"),
    [
        (
            "1.1",
            "1.1.1",
            "Ensure all training to front line workers",
            "1.1.18",
            "Develop performance score card",
        ),
        (
            "1.2",
            "1.2.1",
            "Present findings from complaints",
            "1.2.9",
            "Building on the strengths of the M.A.D group",
        ),
        (
            "1.3",
            "1.3.1",
            "Use a range of tools including the Permanence Tracker",
            "1.3.12",
            "Conduct a joint audit",
        ),
        (
            "2.0",
            "2.1",
            "Managers are reviewing and tracking actions",
            "2.8",
            "Continue to ensure all children",
        ),
        (
            "3",
            "3.1",
            "Implement design of CSC review",
            "3.4",
            "Implement mobile working across the CSC workforce",
        ),
    ],
)
def test_sefton_first_and_last_action_of_each_recommendation(
    sefton: Read, code: str, first: str, first_text: str, last: str, last_text: str
) -> None:
    priority = next(p for p in sefton[0].priorities if p.code == code)
    assert priority.actions[0].ref == first
    assert priority.actions[0].text.startswith(first_text)
    assert priority.actions[-1].ref == last
    assert priority.actions[-1].text.startswith(last_text)


def test_sefton_keeps_the_mistyped_ref_1_1_2017_as_written(sefton: Read) -> None:
    refs = [a.ref for a in sefton[0].priorities[0].actions]
    assert refs[-2:] == ["1.1.2017", "1.1.18"]
    assert action(sefton[0], "1.1.2017").line == 79


def test_sefton_action_keeps_its_cells_as_written(sefton: Read) -> None:
    first = action(sefton[0], "1.1.1")
    assert first.text == (
        "Ensure all training to front line workers and managers covers analysis, planning, and recording, "
        "use of chronology and risk assessment to embed consistently good practice."
    )
    assert first.lead_text == "Vicky Buchanan, Head of Service"
    assert first.review_text == "Oct 2017"
    assert first.due_text == ""
    assert first.line == 60
    assert action(sefton[0], "1.1.15").review_text == "Oct, 2017"
    assert action(sefton[0], "1.1.6").review_text == "Dec 202017"


def test_sefton_commentary_becomes_one_undated_update(sefton: Read) -> None:
    [update] = action(sefton[0], "1.1.2").updates
    assert update.commentary == (
        "Survey has been designed and will be implemented by end of sept. "
        "Supervision completed and demonstrated improvement."
    )
    assert (update.on, update.author) == (None, "")


@pytest.mark.parametrize(
    ("ref", "lead"),
    [
        ("1.1.1", Lead("Vicky Buchanan", "Head of Service")),
        ("1.1.5", Lead("Sarah Hodgson", "Quality Assurance Manager")),
        ("1.3.1", Lead("Caroline Watts", "Service Manager")),
        ("1.1.15", Lead("Trish Galloway", "Safeguarding Service Manager")),
        ("1.1.16", Lead("Mark McCausland", "Service Manager")),
        ("1.3.3", Lead("Trish Galloway", "Service Manger")),
        ("1.2.9", Lead("Karen Gray", "Participation Officer")),
    ],
)
def test_sefton_leads_are_split_into_name_and_role(sefton: Read, ref: str, lead: Lead) -> None:
    assert action(sefton[0], ref).leads == [lead]


@pytest.mark.parametrize(
    ("ref", "status"),
    [
        ("2.5", ActionStatus.COMPLETED),
        ("3.2", ActionStatus.COMPLETED),
        ("1.2.7", ActionStatus.COMPLETED),
        ("1.1.3", ActionStatus.IN_PROGRESS),
        ("1.1.1", ActionStatus.IN_PROGRESS),
    ],
)
def test_sefton_status_follows_the_review_cell_and_commentary(
    sefton: Read, ref: str, status: ActionStatus
) -> None:
    assert action(sefton[0], ref).status is status


def test_sefton_2_8_is_joined_across_the_page_break_and_repeated_header(sefton: Read) -> None:
    joined = action(sefton[0], "2.8")
    assert joined.text == (
        "Continue to ensure all children assessed as high risk including CSE and Missing and placed out "
        "of borough have a care-planning meeting chaired by a Team Manager every 3 months. IRO's to "
        "quality assure that this is happening."
    )
    assert joined.updates[0].commentary == (
        "PY completed audit, result to be fed into performance and planning meeting Oct 2017."
    )
    assert joined.line == 234


def test_sefton_1_2_8_commentary_continues_on_the_next_page(sefton: Read) -> None:
    commentary = action(sefton[0], "1.2.8").updates[0].commentary
    assert commentary.endswith("in their annual report. Review progress Dec 202017.")
    assert action(sefton[0], "1.2.9").text.startswith("Building on the strengths")


def test_sefton_good_looks_like_keeps_bullets_from_the_cell_and_after_the_table(sefton: Read) -> None:
    bullets = sefton[0].priorities[0].good_looks_like
    assert len(bullets) == 25
    assert bullets[0].startswith("For children who need help and protection, assessments")
    assert bullets[22] == "Continue to provide a range of good quality accommodation"
    assert bullets[-1] == "Care plans for Looked After Children are updated within 10 days of the review"
    assert not any("<" in b or "•" in b or b.startswith("¹") for b in bullets)


def test_sefton_footnotes_go_to_why_not_to_the_bullets(sefton: Read) -> None:
    assessment, _, looked_after, *_ = sefton[0].priorities
    assert assessment.why == (
        "¹Assessments and local protocols for assessments should be in line with "
        "*working together to safeguard children*."
    )
    assert looked_after.why.startswith("² Services should be delivered")
    assert not any("national minimum standards" in b for b in looked_after.good_looks_like)


def test_sefton_a_lower_case_line_after_a_blank_continues_the_bullet(sefton: Read) -> None:
    bullets = sefton[0].priorities[2].good_looks_like
    family_finding = next(b for b in bullets if b.startswith("Family-finding"))
    assert "There is decisive action to find families and the avoidance of drift" in family_finding
    assert not any(b.startswith("families") for b in bullets)
    assert len(bullets) == 32


def test_sefton_html_tags_are_stripped_keeping_their_words(sefton: Read) -> None:
    oversight = sefton[0].priorities[3]
    assert any(
        b.endswith("properly progressed (applies to adoption judgement).") for b in oversight.good_looks_like
    )
    assert [len(p.good_looks_like) for p in sefton[0].priorities] == [25, 10, 32, 10, 9]


def test_sefton_measures_keep_band_texts_exactly(sefton: Read) -> None:
    measures = {m.name: m for m in sefton[0].measures}
    nfa = measures["Percentage of assessments that are completed as NFA"]
    assert (nfa.requires_improvement, nfa.good, nfa.outstanding) == ("40-50", "49-25", ">24")
    assert nfa.what_it_shows == (
        "That assessments are thorough and that children and families are not subject to multiple "
        "assessments in a short period of time, that support is afforded at the earliest opportunity."
    )
    assert nfa.line == 90
    within_15 = measures["Percentage of assessments completed within 15 days"]
    assert within_15.outstanding == "50-100"
    repeat = measures[
        "Percentage of children and young people subject to a child protection plan for a second or subsequent time"
    ]
    assert (repeat.requires_improvement, repeat.good, repeat.outstanding) == ("25-20", "19-15", "<14")
    closed = measures[
        "The percentage of cases closed in Early Help in a 12 month period because we have not engaged the family"
    ]
    assert (closed.requires_improvement, closed.good, closed.outstanding) == ("25-21", "", "")
    alerts = measures["Average number of practice alerts raised across all IRO's"]
    assert (alerts.requires_improvement, alerts.good, alerts.priority_codes) == ("Increase", "", ["3"])


def test_sefton_measure_continuation_row_joins_what_it_shows(sefton: Read) -> None:
    health = next(
        m for m in sefton[0].measures if m.name.startswith("Percentage of Initial Health Assessment")
    )
    assert health.what_it_shows.endswith(
        "do not experience undue delay in receiving an Initial Health Assessment."
    )
    assert health.good == "80-89"


def test_sefton_has_47_measure_rows_and_46_distinct_measures(sefton: Read) -> None:
    measures = sefton[0].measures
    assert sum(len(m.priority_codes) for m in measures) == 47
    assert len(measures) == 46
    assert Counter(code for m in measures for code in m.priority_codes) == {
        "1.1": 20,
        "1.2": 6,
        "1.3": 11,
        "2.0": 5,
        "3": 5,
    }


def test_sefton_measure_in_two_recommendations_is_one_row_with_both_codes(sefton: Read) -> None:
    [seen] = [m for m in sefton[0].measures if m.name.startswith("Percentage of CP review outcome forms")]
    assert seen.priority_codes == ["1.1", "1.2"]
    assert seen.line == 102


def test_sefton_qualitative_information_becomes_evidence_sources(sefton: Read) -> None:
    assessment = sefton[0].priorities[0]
    assert [e.kind for e in assessment.evidence_sources] == [
        EvidenceKind.AUDITS,
        EvidenceKind.CHILDREN_FAMILIES,
        EvidenceKind.STAFF,
    ]
    assert assessment.evidence_sources[0].text.startswith(
        "Audits – show that the quality of front line practice"
    )
    assert not any("<p>" in e.text for p in sefton[0].priorities for e in p.evidence_sources)


def test_sefton_qualitative_row_continued_on_the_next_page_keeps_sentences_whole(sefton: Read) -> None:
    sources = sefton[0].priorities[3].evidence_sources
    audits = [e.text for e in sources if e.kind is EvidenceKind.AUDITS]
    staff = [e.text for e in sources if e.kind is EvidenceKind.STAFF]
    families = [e.text for e in sources if e.kind is EvidenceKind.CHILDREN_FAMILIES]
    assert len(audits) == 3
    assert audits[1].startswith(
        "Quality Practice Audits and Case Review – demonstrate good quality decision making based on"
    )
    assert staff[1] == (
        "Staff Supervision Survey – Staff report that supervision is regular, valued, prioritised. "
        "Staff feel supported and that supervision is reflective and effective"
    )
    assert len(families) == 2


def test_sefton_qualitative_cells_without_paragraphs_are_one_source_each(sefton: Read) -> None:
    sources = sefton[0].priorities[4].evidence_sources
    assert [e.kind for e in sources] == [
        EvidenceKind.AUDITS,
        EvidenceKind.CHILDREN_FAMILIES,
        EvidenceKind.STAFF,
    ]
    assert sources[0].text.startswith("Audits - show that the quality practice is improved")


def test_it_flags_dec_202017_and_oct_202017_as_impossible(sefton: Read) -> None:
    found = problems(sefton[1], "impossible_date")
    assert [(p.ref, p.line) for p in found] == [("1.1.6", 65), ("3.1", 260), ("3.4", 263)]
    assert "'Dec 202017'" in found[0].message
    assert "202017 is not a possible year" in found[0].message
    assert "'Oct, 202017'" in found[1].message
    assert {p.severity for p in found} == {Severity.WARNING}


def test_it_flags_1_1_2017_as_a_suspicious_ref(sefton: Read) -> None:
    [problem] = problems(sefton[1], "suspicious_ref")
    assert (problem.ref, problem.line, problem.severity) == ("1.1.2017", 79, Severity.WARNING)
    assert "1.1.17 is not in the plan; 1.1.2017 may be it" in problem.message


def test_it_reports_each_missing_sefton_ref_but_not_1_1_17(sefton: Read) -> None:
    found = problems(sefton[1], "missing_ref")
    assert [(p.ref, p.line) for p in found] == [("1.1.11", 72), ("1.2.2", 121), ("1.3.9", 195)]
    assert "skip from 1.1.10 to 1.1.12" in found[0].message


def test_it_reports_ongoing_and_completed_review_cells_saying_what_it_did(sefton: Read) -> None:
    found = problems(sefton[1], "non_date_review")
    assert [(p.ref, p.line) for p in found] == [
        ("1.1.3", 62),
        ("1.2.6", 124),
        ("1.2.7", 125),
        ("2.5", 231),
        ("3.2", 261),
    ]
    assert "'Completed'" in found[2].message and "status to Completed" in found[2].message
    assert "'Ongoing'" in found[0].message and "status to In progress" in found[0].message


def test_sefton_reports_exactly_these_problems_in_file_order(sefton: Read) -> None:
    found = sefton[1]
    assert Counter(p.code for p in found) == {
        "suspicious_period": 1,
        "impossible_date": 3,
        "suspicious_ref": 1,
        "missing_ref": 3,
        "non_date_review": 5,
    }
    assert [p.line for p in found] == sorted(p.line or 0 for p in found)
    assert all(p.file == SEFTON_FILE and p.line for p in found)


# --- Wirral -------------------------------------------------------------------------------------------


def test_wirral_title_period_and_foreword(wirral: Read) -> None:
    document, _ = wirral
    assert document.title == "Wirral Children and Young People's Improvement Plan"
    assert document.period_label == "2017-2019"
    assert document.foreword.startswith(
        "In September 2016, Wirral Council was issued with a 'Notice to Improve'"
    )
    assert "Happy, Safe, Achieving: Only the best for our Children" in document.foreword
    assert document.foreword.endswith("Maggie Atkinson\nChair of Wirral Safeguarding Children Board")


def test_wirral_has_its_four_principles_with_their_paragraphs(wirral: Read) -> None:
    principles = wirral[0].principles
    assert [p.title for p in principles] == [
        "Children, young people and families are at the heart of everything we do.",
        "Equality for all children, young people and their families.",
        "Partnership working, joint commissioning and investment is central to our improvement",
        "Embedding prevention and early help will sustain improvement",
    ]
    assert principles[0].text.startswith("The Wirral Improvement Board is committed")
    assert principles[3].text.endswith("delivering a fair and equitable system that improves outcomes.")


def test_wirral_has_five_themes(wirral: Read) -> None:
    themes = wirral[0].priorities
    assert [(p.code, p.kind) for p in themes] == [(str(n), PriorityKind.THEME) for n in range(1, 6)]
    assert themes[0].title == "Provide the right service at the right time"
    assert themes[3].title == "Promote strong leadership, management and governance"
    assert themes[0].why.startswith("All children access services, such as maternity and health visiting")
    assert themes[0].why.endswith("which respond to their needs at the right time.")
    assert themes[4].why.count("\n\n") == 2


def test_wirral_success_criteria_are_numbered_as_in_the_theme_sections(wirral: Read) -> None:
    themes = wirral[0].priorities
    assert [len(p.success_criteria) for p in themes] == [5, 5, 6, 6, 5]
    assert [c.number for c in themes[3].success_criteria] == [1, 2, 3, 4, 5, 6]
    assert (
        themes[2].success_criteria[5].text
        == "All children in care are aware of the 'local offer' and how they access support."
    )


def test_wirral_adds_the_appendix_only_criterion_6_to_theme_4_with_a_warning(wirral: Read) -> None:
    assert wirral[0].priorities[3].success_criteria[5].text == "A high quality, stable workforce is in place"
    [problem] = problems(wirral[1], "criterion_not_in_theme")
    assert (problem.severity, problem.line) == (Severity.WARNING, 546)
    assert "criterion 6 for theme 4" in problem.message


def test_wirral_keeps_theme_wording_and_notes_where_the_appendix_differs(wirral: Read) -> None:
    found = problems(wirral[1], "criterion_wording_differs")
    assert [(p.severity, p.line) for p in found] == [
        (Severity.INFO, 486),
        (Severity.INFO, 527),
        (Severity.INFO, 575),
    ]
    assert "Theme 5, success criterion 4" in found[2].message
    assert (
        wirral[0]
        .priorities[4]
        .success_criteria[3]
        .text.startswith(
            "Partners are held to account through effective governance and ensuring that the voices of children"
        )
    )


def test_wirral_measures_are_the_theme_bullets_with_repeats_merged(wirral: Read) -> None:
    measures = {m.name: m for m in wirral[0].measures}
    assert len(wirral[0].measures) == 25
    assert measures["Number of Children in Need"].priority_codes == ["2", "5"]
    assert measures["Number of Children in Care"].priority_codes == ["3", "5"]
    assert measures["Number of contacts"].priority_codes == ["1"]
    contacts = measures["Number of contacts"]
    assert (contacts.what_it_shows, contacts.requires_improvement, contacts.good, contacts.outstanding) == (
        "",
        "",
        "",
        "",
    )


def test_wirral_has_87_actions_from_1a1_to_5e5(wirral: Read) -> None:
    refs = [a.ref for a in wirral[0].actions()]
    assert len(refs) == 87
    assert (refs[0], refs[-1]) == ("1A1", "5E5")
    assert [len(p.actions) for p in wirral[0].priorities] == [11, 8, 18, 23, 27]
    assert {a.status for a in wirral[0].actions()} == {ActionStatus.NOT_STARTED}


@pytest.mark.parametrize(
    ("code", "first", "first_text", "last", "last_text"),
    [
        (
            "1",
            "1A1",
            "Review the service provided from an integrated front door",
            "1E1",
            "Deliver the Early Help",
        ),
        ("2", "2A1", "Implement the Supporting Families Enhancing Future", "2E1", "1) complete WCSB actions"),
        (
            "3",
            "3A1",
            "1) Review and implement revised Care Plans",
            "3F6",
            "Implement a joint protocol between Housing",
        ),
        ("4", "4A1", "Monitor and manage sickness", "4F5", "Ensure a robust process of induction"),
        (
            "5",
            "5A1",
            "Create a programme of audit at the Integrated Front Door",
            "5E5",
            "Provide reports including",
        ),
    ],
)
def test_wirral_first_and_last_action_of_each_theme(
    wirral: Read, code: str, first: str, first_text: str, last: str, last_text: str
) -> None:
    theme = next(p for p in wirral[0].priorities if p.code == code)
    assert (theme.actions[0].ref, theme.actions[-1].ref) == (first, last)
    assert theme.actions[0].text.startswith(first_text)
    assert theme.actions[-1].text.startswith(last_text)


def test_wirral_1b1_text_continues_over_the_page_with_steps_3_and_4(wirral: Read) -> None:
    joined = action(wirral[0], "1B1")
    assert joined.text == (
        "Ensure staff members have access to the Early Help Liquid Logic module so as the full child's "
        "journey through services can be used as part of planning and assessment: 1) Engage with Digital "
        "to conduct assessment of access to Liquid Logic and Early Help modules 2) Conduct gap analysis of "
        "staff who need access against records help by Digital - request access 3) Assign access "
        "requirements against roles to ensure that new starters have appropriate access on arrival 4) "
        "National Probation Service will have representation on MACSE panel and work together with partners "
        "to ensure information is shared at the earliest opportunity."
    )
    assert (joined.lead_text, joined.due_text, joined.success_criterion, joined.line) == (
        "Head of Quality, Performance and Improvement",
        "31/10/17",
        2,
        458,
    )


@pytest.mark.parametrize(
    ("ref", "ending"),
    [
        (
            "2C1",
            "records 2) Build an annual skills gap process which can be implemented as part of the "
            "Performance Management process",
        ),
        (
            "3F2",
            "Council Tax 2) Develop Staff Suggestion Scheme/feedback mechanism for consideration of "
            "additional packages/offers for care leavers",
        ),
    ],
)
def test_wirral_steps_carried_over_a_page_join_the_action(wirral: Read, ref: str, ending: str) -> None:
    assert action(wirral[0], ref).text.endswith(ending)


def test_wirral_criterion_text_split_over_a_page_is_joined(wirral: Read) -> None:
    # Theme 1 criterion 2 and theme 2 criterion 3 are split across rows in the appendix; joined,
    # they match the theme sections, so no wording difference is reported for them.
    lines = {p.line for p in problems(wirral[1], "criterion_wording_differs")}
    assert not lines & {457, 480}


def test_wirral_list_and_paragraph_tags_are_stripped_keeping_numbers(wirral: Read) -> None:
    assert action(wirral[0], "1D1").text.startswith("1. Establish transfer meetings in each locality")
    assert " 2. NPS to contribute" in action(wirral[0], "1D1").text
    assert action(wirral[0], "2C2").text.split("\n\n")[1].startswith("1) Develop evidence gathering process")
    assert not any("<" in a.text for a in wirral[0].actions())


@pytest.mark.parametrize(
    ("ref", "roles"),
    [
        ("1A2", ["Practice Improvement Lead", "Quality Assurance Manager", "Head of Integrated Front Door"]),
        ("1D1", ["Senior Manager Targeted Services", "Senior Manager CiN/CP"]),
        ("4E2", ["Deputy Director Children's Services", "Head of Quality, Performance & Improvement"]),
        ("5A2", ["Senior Managers for CIN/CP and Targeted Services"]),
        ("1C2", ["Information, Systems and Schools Projects Manager"]),
        ("4F5", []),
    ],
)
def test_wirral_owners_are_split_into_roles(wirral: Read, ref: str, roles: list[str]) -> None:
    found = action(wirral[0], ref)
    assert [lead.role for lead in found.leads] == roles
    assert all(lead.name == "" for lead in found.leads)


def test_it_flags_4f5_as_having_no_owner(wirral: Read) -> None:
    [problem] = problems(wirral[1], "no_owner")
    assert (problem.ref, problem.line, problem.severity) == ("4F5", 552, Severity.WARNING)
    assert action(wirral[0], "4F5").lead_text == ""


@pytest.mark.parametrize(
    ("ref", "due", "sprint", "criterion"),
    [
        ("1A1", "Sprint 2", 2, 1),
        ("1C4", "30/1/18", None, 3),
        ("4C1", "Sprint 2", 2, 3),
        ("4F1", "Sprint 2", 2, 6),
        ("5E1", "31/03/18", None, 5),
        ("5D7", "03/10/17", None, 4),
    ],
)
def test_wirral_due_sprint_and_criterion(
    wirral: Read, ref: str, due: str, sprint: int | None, criterion: int
) -> None:
    found = action(wirral[0], ref)
    assert (found.due_text, found.planned_sprint, found.success_criterion) == (due, sprint, criterion)


def test_wirral_has_sprints_1_and_2_without_dates(wirral: Read) -> None:
    assert [(s.number, s.start, s.weeks) for s in wirral[0].sprints] == [(1, None, 12), (2, None, 12)]
    [problem] = problems(wirral[1], "sprint_dates_unknown")
    assert (problem.severity, problem.line) == (Severity.INFO, 451)
    assert "sprint board" in problem.message


def test_wirral_sprint_2_due_dates_are_summarised_once(wirral: Read) -> None:
    [problem] = problems(wirral[1], "non_date_due")
    assert problem.severity is Severity.INFO
    assert problem.message.startswith("44 actions are due in 'Sprint 2'")
    assert sum(a.due_text == "Sprint 2" for a in wirral[0].actions()) == 44


def test_wirral_has_19_inspection_recommendations(wirral: Read) -> None:
    recommendations = wirral[0].recommendations
    assert [r.number for r in recommendations] == list(range(1, 20))
    assert recommendations[2].text.startswith("Ensure that all performance management information is based")
    assert recommendations[13].text.endswith(
        "so that assessments identify their vulnerabilities early and ensure that they are offered and "
        "receive appropriate services and accommodation."
    )
    every_text = [t for r in recommendations for t in (r.text, r.progress, r.further_work)]
    assert not any("<p>" in t or "</p>" in t or "<ul" in t for t in every_text)


def test_wirral_recommendation_cells_continue_across_pages(wirral: Read) -> None:
    recommendations = wirral[0].recommendations
    assert (
        "other colocated services supporting the more complex joint investigations"
        in recommendations[1].progress
    )
    assert "continuum of need and embed one threshold concept" in recommendations[1].further_work
    assert "management reports are not used routinely or effectively" in recommendations[2].progress
    assert "All private fostering arrangements are reviewed" in recommendations[11].progress
    assert "ensure impact on compliance.\n\nLunchtime learning sessions" in recommendations[7].progress
    assert recommendations[8].further_work.endswith(
        "away from the office.\n\nImplement a robust approach to compliance. Members of staff who do not "
        "perform as required will be dealt with as part of the capability process."
    )


@pytest.mark.parametrize(
    ("number", "refs"),
    [(12, ["3E1"]), (7, ["2B1"]), (16, ["5D2"]), (6, []), (10, []), (13, []), (19, [])],
)
def test_wirral_recommendations_link_to_actions_repeating_their_further_work(
    wirral: Read, number: int, refs: list[str]
) -> None:
    recommendation = wirral[0].recommendations[number - 1]
    assert recommendation.action_refs == refs
    linked = [
        p for p in problems(wirral[1], "recommendation_linked") if f"recommendation {number} " in p.message
    ]
    assert [p.ref for p in linked] == refs
    assert all(p.severity is Severity.INFO for p in linked)


def test_it_flags_4b6_as_a_repeat_of_4b2(wirral: Read) -> None:
    found = {p.ref: p for p in problems(wirral[1], "duplicate_action")}
    assert found["4B6"].line == 534
    assert "repeats action 4B2" in found["4B6"].message
    assert "4B2" not in found


def test_it_flags_1c4_as_a_repeat_of_step_2_of_1c3(wirral: Read) -> None:
    found = {p.ref: p for p in problems(wirral[1], "duplicate_action")}
    assert set(found) == {"1C4", "4B6"}
    assert "repeats action 1C3" in found["1C4"].message


def test_it_notes_the_2017_2017_heading(wirral: Read) -> None:
    [problem] = problems(wirral[1], "suspicious_period")
    assert (problem.severity, problem.line) == (Severity.INFO, 207)
    assert "'2017-2017'" in problem.message


def test_wirral_reports_exactly_these_problems_in_file_order(wirral: Read) -> None:
    found = wirral[1]
    assert Counter(p.code for p in found) == {
        "suspicious_period": 1,
        "recommendation_linked": 18,
        "sprint_dates_unknown": 1,
        "non_date_due": 1,
        "duplicate_action": 2,
        "criterion_wording_differs": 3,
        "criterion_not_in_theme": 1,
        "no_owner": 1,
    }
    assert [p.line for p in found] == sorted(p.line or 0 for p in found)
    assert all(p.file == WIRRAL_FILE and p.line for p in found)


# --- rules, on hand-made snippets -------------------------------------------------------------------

SEFTON_SNIPPET = """\
Draft Plan

2017-18

Foreword

Hello.

Recommendation\t1.1 Front Line Practice
Our ambition (what 'good' looks like)\t<ul> • First <i>thing</i> • Second thing

¹ A footnote.

- Third thing that runs
 
on after a page break
- Fourth thing

WHAT WE WILL DO TO DEVELOP CONSISTENTLY GOOD PRACTICE

Ref\tAction\tProgress / Review Date\tLead\tUpdate Commentary
1.1.1\tDo the first thing for every child in the borough\tOct 2017\tAnn Smith, Head of Service\tStarted
1.1.2\tDo the second thing and\tOngoing\tBob Jones Team Manager\t

Ref\tAction\tProgress / Review Date\tLead\tUpdate Commentary
\tthen finish it.\t\t\tMore next month.
1.1.4\tDo the first thing for every child in the borough again\tSept 31 2017\t\t
1.1.300\tOdd one\tCompleted\tAnn Smith, Head of Service\tDone

HOW WE WILL KNOW OUR PRACTICE IS GOOD?

Performance Measure\tWhat does it show?\tThresholds\t\t
\t\tRequires Improvement\tGood\tOutstanding
Measure A\tThat things are\t40-50\t49-25\t>24

\tgood.\t\t\t
Qualitative Information\tFeedback from Children and Young People, Parents and Carers\tFeedback from Staff
<p>Audits show</p> <p>Second audit line</p>\t<p>Families say</p>\t<p>Staff say it is</p>

<p>improving.</p>\t<p>New survey</p>\t
---\t---\t---
"""


@pytest.fixture(scope="module")
def snippet() -> Read:
    return read(SEFTON_SNIPPET)


def test_snippet_ambition_bullets_strip_tags_and_join_lower_case_continuations(snippet: Read) -> None:
    priority = snippet[0].priorities[0]
    assert priority.good_looks_like == [
        "First thing",
        "Second thing",
        "Third thing that runs on after a page break",
        "Fourth thing",
    ]
    assert priority.why == "¹ A footnote."


def test_snippet_action_row_after_a_repeated_header_continues_the_action(snippet: Read) -> None:
    second = action(snippet[0], "1.1.2")
    assert second.text == "Do the second thing and then finish it."
    assert second.updates[0].commentary == "More next month."
    assert second.leads == [Lead("Bob Jones", "Team Manager")]
    assert [a.ref for a in snippet[0].actions()] == ["1.1.1", "1.1.2", "1.1.4", "1.1.300"]


def test_snippet_problems_name_ref_and_line(snippet: Read) -> None:
    found = [(p.code, p.ref, p.line) for p in snippet[1]]
    assert found == [
        ("non_date_review", "1.1.2", 23),
        ("impossible_date", "1.1.4", 27),
        ("no_owner", "1.1.4", 27),
        ("missing_ref", "1.1.3", 27),
        ("duplicate_action", "1.1.4", 27),
        ("non_date_review", "1.1.300", 28),
        ("suspicious_ref", "1.1.300", 28),
    ]
    assert all(p.file == "snippet.txt" for p in snippet[1])


def test_snippet_measure_continuation_and_qualitative_rows(snippet: Read) -> None:
    [measure] = snippet[0].measures
    assert (measure.name, measure.what_it_shows, measure.outstanding) == (
        "Measure A",
        "That things are good.",
        ">24",
    )
    sources = [(e.kind, e.text) for e in snippet[0].priorities[0].evidence_sources]
    assert sources == [
        (EvidenceKind.AUDITS, "Audits show"),
        (EvidenceKind.AUDITS, "Second audit line improving."),
        (EvidenceKind.CHILDREN_FAMILIES, "Families say"),
        (EvidenceKind.CHILDREN_FAMILIES, "New survey"),
        (EvidenceKind.STAFF, "Staff say it is"),
    ]


WIRRAL_SNIPPET = """\
**A Plan
2017-2019**

APPENDIX 1 – RECOMMENDATIONS

\tInspection Recommendations\tProgress to date\tFurther work required
1\tDo better.\t<p>Some progress was</p>\t<p>Complete the review underway of our use of strategy meetings now.</p>

\tInspection Recommendations\tProgress to date\tFurther work required
\t\t<p>made.</p> <p>More.</p>\tAnd then more.

APPENDIX 2 – ACTION PLAN

Note: Sprint 2 is weeks 13-24.

Theme 1 - First theme\t\t\t\t
Success Criteria 1\tRef\tAction\tOwner\tDue Date
Criterion one text that\t1A1\t1) Complete the review underway of our use of strategy meetings\tHead of X\tSprint 2

continues here\t\t2) then report\t\t
Success Criteria 2\tAction\tAction\tOwner\t
Criterion two\t1B1\tA thing\tHead of X & Director of Y\t31/02/18
\tSuccess Criteria 3\tRef\tAction\tOwner
Criterion three\t1C1\tAnother thing\tSenior Manager CiN/CP\t31/10/17
\t1C3\tA third thing\t\t31/10/17
Theme 2 - Second theme\t\t\t\t
Success Criteria 1 Criterion in the header\tRef\tAction\tOwner\tDue Date
\t1A2\tMisplaced\tChair of Z\tSprint 2

\tRef\tAction\tOwner\tDue Date
Success Criteria 2 Criterion in the first cell\t2B1\tLast thing\tChair of Z\t
"""


@pytest.fixture(scope="module")
def wirral_snippet() -> Read:
    return read(WIRRAL_SNIPPET)


def test_wirral_snippet_reads_every_header_shape(wirral_snippet: Read) -> None:
    document, _ = wirral_snippet
    assert (document.title, document.period_label) == ("A Plan", "2017-2019")
    found = [(a.ref, a.success_criterion) for a in document.actions()]
    assert found == [("1A1", 1), ("1B1", 2), ("1C1", 3), ("1C3", 3), ("1A2", 1), ("2B1", 2)]
    assert [p.code for p in document.priorities] == ["1", "2"]


def test_wirral_snippet_continuation_joins_action_and_criterion(wirral_snippet: Read) -> None:
    first = action(wirral_snippet[0], "1A1")
    assert first.text == "1) Complete the review underway of our use of strategy meetings 2) then report"
    assert first.planned_sprint == 2
    theme_two = wirral_snippet[0].priorities[1]
    assert [(c.number, c.text) for c in theme_two.success_criteria] == [
        (1, "Criterion in the header"),
        (2, "Criterion in the first cell"),
    ]
    assert (
        wirral_snippet[0].priorities[0].success_criteria[0].text == "Criterion one text that continues here"
    )


def test_wirral_snippet_owners(wirral_snippet: Read) -> None:
    assert [lead.role for lead in action(wirral_snippet[0], "1B1").leads] == ["Head of X", "Director of Y"]
    assert [lead.role for lead in action(wirral_snippet[0], "1C1").leads] == ["Senior Manager CiN/CP"]


def test_wirral_snippet_recommendation_continues_and_links(wirral_snippet: Read) -> None:
    [recommendation] = wirral_snippet[0].recommendations
    assert recommendation.progress == "Some progress was made.\n\nMore."
    assert recommendation.further_work == (
        "Complete the review underway of our use of strategy meetings now.\n\nAnd then more."
    )
    assert recommendation.action_refs == ["1A1"]


def test_wirral_snippet_problems(wirral_snippet: Read) -> None:
    found = [(p.code, p.ref, p.line) for p in wirral_snippet[1] if p.code != "criterion_not_in_theme"]
    assert found == [
        ("recommendation_linked", "1A1", 7),
        ("sprint_dates_unknown", "", 14),
        ("non_date_due", "", 18),
        ("impossible_date", "1B1", 22),
        ("no_owner", "1C3", 25),
        ("missing_ref", "1C2", 25),
        ("suspicious_ref", "1A2", 28),
        ("no_due_date", "2B1", 31),
    ]


# --- helpers ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("owner", "roles"),
    [
        ("", []),
        ("(i) A Lead (ii) B Manager", ["A Lead", "B Manager"]),
        ("Head of X / Director of Y; Chair of Z", ["Head of X", "Director of Y", "Chair of Z"]),
        ("Head of Quality, Performance & Improvement", ["Head of Quality, Performance & Improvement"]),
        (
            "Senior Managers for CIN/CP and Targeted Services",
            ["Senior Managers for CIN/CP and Targeted Services"],
        ),
    ],
)
def test_split_owner(owner: str, roles: list[str]) -> None:
    assert split_owner(owner) == roles


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("Sarah Hodgson, QA Manager", Lead("Sarah Hodgson", "QA Manager")),
        ("Caroline Watts. Service Manager", Lead("Caroline Watts", "Service Manager")),
        ("Head of Service", Lead(role="Head of Service")),
        ("Head of Quality, Performance", Lead(role="Head of Quality, Performance")),
        ("Participation Officer", Lead(role="Participation Officer")),
    ],
)
def test_person_lead(text: str, lead: Lead) -> None:
    assert person_lead(text) == lead


@pytest.mark.parametrize(
    ("before", "after", "joined"),
    [
        ("a care-planning meeting", "chaired by a manager", "a care-planning meeting chaired by a manager"),
        ("Oct", "2017.", "Oct 2017."),
        ("<p>services</p>", "<p>supporting CSE.</p>", "<p>services supporting CSE.</p>"),
        ("<p>not used</p>", "routinely.", "<p>not used routinely."),
        ("<p>Done.</p>", "<p>Lunchtime</p>", "<p>Done.</p> <p>Lunchtime</p>"),
        ("", "new", "new"),
        ("old", "", "old"),
    ],
)
def test_join_continuation(before: str, after: str, joined: str) -> None:
    assert join_continuation(before, after) == joined


def test_strip_tags_keeps_words_and_paragraphs() -> None:
    text = '<p>One <i>two</i></p> <p>Three</p> <ul style="x"><li>Four<li>Five'
    assert strip_tags(text) == "One two\n\nThree\n\n- Four\n- Five"

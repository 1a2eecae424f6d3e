"""Demo governance for the two councils: boards with members and a year of meetings (agendas
linked to the plan, minutes, decisions), a risk register with score history, a quarter of case
audits feeding Sefton's audit measures, survey results and an evidence library. Made-up content,
written as a council would; loaded by ``clearsight load-demo`` through ``demo.services``.

Idempotent: an authority that already has boards is left alone.
"""

from __future__ import annotations

import random
from datetime import date, time, timedelta
from typing import Any

from clearsight.engine.audits import Grade
from clearsight.engine.periods import financial_year
from clearsight.governance import services
from clearsight.governance.models import AuditDomain, Board
from clearsight.governance.services.quality import FindingInput
from clearsight.organisations.models import Authority, PartnerAgency, Person

BOARDS = [
    ("Improvement Board", "improvement", "Monthly",
     "Holds the council and its partners to account for delivering the improvement plan. Independent chair."),
    ("Safeguarding Children Partnership", "safeguarding", "Every two months",
     "The statutory partnership of the council, police and health for safeguarding children."),
    ("Senior Management Team", "senior_team", "Weekly", "The Director's senior leadership team."),
    ("Children and Families Overview and Scrutiny Committee", "scrutiny", "Quarterly",
     "Elected members' scrutiny of children's services performance."),
    ("Corporate Parenting Board", "corporate_parenting", "Quarterly",
     "Elected members and officers as corporate parents of children in care and care leavers."),
]

MEMBERS = [  # (name, job title, agency name or "", role)
    ("Ivy Independent", "Independent Improvement Board Chair", "", "chair"),
    ("Ade Approver", "Director of Children's Services", "", "member"),
    ("Morgan Manager", "Deputy Director Children's Services", "", "member"),
    ("Chief Inspector Dawn Hale", "Head of Public Protection", "Merseyside Police", "member"),
    ("Dr Priya Nair", "Designated Doctor for Safeguarding", "NHS Clinical Commissioning Group", "member"),
    ("Bea Board", "Assistant Chief Officer", "National Probation Service", "member"),
    ("Sam Secretary", "Improvement Board Secretary", "", "secretariat"),
]

RISKS = [
    ("R1", "Workforce stability", "High reliance on agency social workers and turnover in frontline teams",
     "Children experience changes of social worker and caseloads rise above the practice standard",
     "Drift in children's plans, poorer relationships and slower improvement", (5, 4), (4, 4), [(5, 4), (4, 4), (3, 4)]),
    ("R2", "Demand at the front door", "Rising contacts and referrals, with partners referring below threshold",
     "The Integrated Front Door cannot make timely, proportionate decisions",
     "Children at risk are not seen quickly enough; assessments breach 45 working days", (4, 5), (3, 4), [(3, 4), (3, 4)]),
    ("R3", "Data quality", "Case recording is incomplete and reports are built by hand in Excel",
     "Managers and the board rely on performance information that is late or wrong",
     "Poor decisions and loss of confidence in the improvement plan", (4, 3), (2, 3), [(3, 3), (2, 3)]),
    ("R4", "Placement sufficiency", "Too few local foster carers and residential places",
     "Children in care are placed at a distance or move placement often",
     "Poorer stability and outcomes for children in care; rising cost", (4, 4), (4, 3), [(3, 3), (4, 3)]),
    ("R5", "Partner engagement", "Partners' priorities and capacity change",
     "Partner agencies do not deliver their actions in the plan",
     "Multi-agency practice does not improve and the plan slips", (3, 4), (2, 4), [(2, 4)]),
    ("R6", "Budget pressure", "Savings required across the council",
     "Investment in the improvement programme is reduced",
     "Actions are delayed or dropped", (3, 5), (3, 3), [(3, 4), (3, 3)]),
]

# Sefton's audit measures, by catalogue key, and the domain each comes from.
SEFTON_AUDIT_DOMAINS = {
    "assessment": "audit_assessments_good",
    "planning": "audit_plans_good",
    "assessment_and_risk": "audit_assessment_and_risk_good",
    "diversity": "audit_diversity_good",
    "reviews": "audit_child_involved_in_reviews_good",
    "family_involvement": "audit_family_involved_good",
    "placement_quality": "audit_placement_quality_good",
    "independence": "audit_independence_preparation_good",
    "pathway_plans": "audit_pathway_plans_good",
    "decision_making": "audit_decision_making_good",
    "supervision_frequency": "audit_supervision_frequency",
    "supervision_quality": "audit_supervision_quality",
}
# Domains that apply only to some children (n/a otherwise): the share of audits where they apply.
APPLIES = {"placement_quality": 0.45, "independence": 0.2, "pathway_plans": 0.2, "reviews": 0.6}
STRENGTHS = ["The child's lived experience is clear in the assessment", "Good multi-agency information sharing",
             "Direct work with the child is recorded and shapes the plan", "Timely management decisions at key points"]
DEVELOPMENTS = ["Plans are not specific or measurable", "Chronology is out of date",
                "Supervision does not show reflective discussion", "The child's identity needs are not explored",
                "Contingency plans are missing"]


def _person(authority: Authority, name: str, title: str, agency_name: str) -> Person:
    person = Person.objects.filter(authority=authority, name__iexact=name).first()
    if person is None:
        agency = PartnerAgency.objects.filter(authority=authority, name=agency_name).first() if agency_name else None
        person = Person.objects.create(authority=authority, name=name, job_title=title, agency=agency)
    return person


def _boards(lead: Any, plan: Any) -> list[str]:
    authority = plan.authority
    boards = {}
    for name, kind, frequency, purpose in BOARDS:
        board = services.board_create(user=lead, authority=authority, name=name, kind=kind, frequency=frequency,
                                      purpose=purpose, partner_facing=kind != "senior_team")
        boards[kind] = board
    improvement = boards["improvement"]
    for name, title, agency, role in MEMBERS:
        services.board_member_add(user=lead, board=improvement, person=_person(authority, name, title, agency), role=role)
    return [f"{authority}: {len(boards)} boards, {len(MEMBERS)} Improvement Board members"]


def _meetings(lead: Any, plan: Any, risks: list[Any]) -> str:
    board = Board.objects.get(authority=plan.authority, kind="improvement")
    priorities = list(plan.priorities.all())
    measures = list(plan.measures.exclude(source="computed").order_by("order")[:40])
    owner = Person.objects.filter(authority=plan.authority, user__email="owner@demo.example").first()
    day = date(2017, 9, 13)
    count = 0
    for month in range(7):  # September 2017 to March 2018, second Wednesday-ish
        on = day + timedelta(weeks=4 * month + (month // 3))
        meeting = services.meeting_schedule(user=lead, board=board, on=on, start_time=time(14, 0),
                                            location="Committee Room 1, Town Hall", plan=plan)
        services.agenda_item_add(user=lead, meeting=meeting, title="Minutes and actions of the last meeting",
                                 purpose="decision", notes="To agree the minutes and review the action log.")
        services.agenda_item_add(user=lead, meeting=meeting, title="Performance report: the scorecard",
                                 purpose="assurance", measures=measures[month * 3:month * 3 + 4])
        theme = priorities[month % len(priorities)]
        services.agenda_item_add(
            user=lead, meeting=meeting, title=f"Deep dive: {theme.label} {theme.title}"[:300], purpose="discussion",
            priorities=[theme], actions=list(theme.actions.order_by("order")[:4]))
        services.agenda_item_add(user=lead, meeting=meeting, title="Risk register review", purpose="assurance",
                                 risks=risks[:3] if month % 2 == 0 else risks[3:])
        services.agenda_item_add(user=lead, meeting=meeting, title="Quality assurance: case audit findings",
                                 purpose="information",
                                 notes="Themes from the month's case audits and the actions taken in response.")
        if month < 6:
            services.meeting_minutes_record(
                user=lead, meeting=meeting, expected_version=meeting.version,
                minutes=(f"Present: members of the {board.name}. The board reviewed the scorecard and challenged "
                         f"progress on {theme.label}. The chair asked for a clearer line of sight from actions to "
                         "impact for children. The risk register was reviewed and scores agreed."),
            )
            services.decision_record(user=lead, meeting=meeting,
                                     text="The board noted the performance report and agreed the risk scores.")
            if month == 2 and owner is not None:
                services.decision_record(
                    user=lead, meeting=meeting, owner=owner, due_date=on + timedelta(days=60), priority=theme,
                    text="Report agency social worker numbers and caseloads by team to every board meeting",
                )
        count += 1
    return f"{plan.authority}: {count} Improvement Board meetings with agendas, minutes and decisions"


def _risks(lead: Any, plan: Any) -> list[Any]:
    owner = Person.objects.filter(authority=plan.authority, user__email="manager@demo.example").first()
    actions = list(plan.actions.order_by("priority__order", "order"))
    made = []
    for n, (ref, title, cause, event, effect, inherent, _target, history) in enumerate(RISKS):
        risk = services.risk_create(user=lead, authority=plan.authority, plan=plan, ref=ref, title=title, cause=cause,
                                    event=event, effect=effect, inherent=inherent, residual=history[0],
                                    on=date(2017, 9, 1), owner=owner, review_date=date(2018, 4, 30))
        for step, residual in enumerate(history[1:], 1):
            risk = type(risk).objects.get(pk=risk.pk)
            services.risk_assess(user=lead, risk=risk, inherent=inherent, residual=residual,
                                 on=date(2017, 9, 1) + timedelta(days=60 * step), expected_version=risk.version,
                                 note="Reviewed at the Improvement Board", review_date=date(2018, 4, 30))
        services.risk_control_add(user=lead, risk=risk, text="Reported to every Improvement Board",
                                  effectiveness="effective")
        services.risk_control_add(user=lead, risk=risk, text="Owned by a named senior manager, reviewed monthly",
                                  effectiveness="partly")
        services.risk_actions_link(user=lead, risk=risk, actions=actions[n * 5:n * 5 + 2])
        made.append(type(risk).objects.get(pk=risk.pk))
    return made


def _audits(lead: Any, plan: Any, rng: random.Random) -> list[str]:
    from clearsight.analytics.services import pseudonym
    from clearsight.performance.exceptions import PerformanceError

    authority = plan.authority
    domains = services.audit_domains_ensure(authority)
    by_key = {m.key: m for m in plan.measures.exclude(key="")}
    for domain in domains:
        measure = by_key.get(SEFTON_AUDIT_DOMAINS.get(domain.key, ""))
        if measure is not None:
            AuditDomain.objects.filter(pk=domain.pk).update(measure=measure)
    auditors = [_person(authority, "Sarah Hodgson", "Quality Assurance Manager", ""),
                _person(authority, "Quinn Auditor", "Practice Improvement Lead", "")]
    regular = services.audit_programme_create(
        user=lead, authority=authority, plan=plan, name="Monthly case audits, April to June 2018", kind="regular",
        start=date(2018, 4, 1), end=date(2018, 6, 30), sample_size=36, auditors=auditors)
    services.audit_programme_create(
        user=lead, authority=authority, plan=plan, name="Themed audit: pathway plans", kind="themed",
        theme="Pathway plans for care leavers", start=date(2018, 7, 1), end=date(2018, 7, 31), sample_size=12,
        auditors=auditors[:1], domains=[d for d in domains if d.key in ("pathway_plans", "independence", "planning")])
    weights = [0.1, 0.55, 0.28, 0.07]
    for n in range(34):
        grades: dict[str, Grade | None] = {}
        for domain in domains:
            applies = rng.random() < APPLIES.get(domain.key, 1.0)
            grades[domain.key] = rng.choices(list(Grade), weights)[0] if applies else None
        overall = rng.choices(list(Grade), weights)[0]
        services.case_audit_record(
            user=lead, programme=regular, child=pseudonym(authority, f"DEMO-AUDIT-{n:03d}"),
            audited_on=date(2018, 4, 3) + timedelta(days=(n * 87) // 34), grades=grades, overall=overall,
            auditor=auditors[n % 2],
            findings=[FindingInput("strength", rng.choice(STRENGTHS)),
                      FindingInput("development", rng.choice(DEVELOPMENTS), "planning")],
        )
    lines = [f"{authority}: 2 audit programmes, 34 case audits"]
    try:
        outcomes = services.audit_measures_record(user=lead, authority=authority, on=date(2018, 6, 30))
        lines.append(f"{authority}: {sum(1 for o in outcomes if o.value is not None)} audit measure figures for "
                     "Q1 2018-19 from the audits")
    except PerformanceError as error:
        lines.append(f"{authority}: audit measures not recorded ({error})")
    for key, survey, respondents, positive in [
        ("staff_survey_supervision_beneficial", "Annual staff supervision survey", 164, 131),
        ("pledge_survey_participation", "Pledge survey", 412, 151),
    ]:
        measure = by_key.get(key)
        if measure is not None and measure.source == "survey":
            try:
                services.survey_result_record(user=lead, measure=measure, period=financial_year(2018), survey=survey,
                                              respondents=respondents, positive=positive)
                lines.append(f"{authority}: survey result for {survey}")
            except PerformanceError as error:
                lines.append(f"{authority}: {survey} not recorded ({error})")
    return lines


def _evidence(lead: Any, plan: Any) -> str:
    priorities = list(plan.priorities.all())
    items = [
        ("Ofsted inspection report and letter", "https://intranet.example/ofsted/inspection-report"),
        ("Practice week findings", "https://intranet.example/quality/practice-week"),
        ("Improvement Board terms of reference", "https://intranet.example/governance/improvement-board-tor"),
        ("Children and young people's version of the plan", "https://intranet.example/plan/young-peoples-version"),
    ]
    for n, (title, url) in enumerate(items):
        services.evidence_link_add(user=lead, plan=plan, title=title, url=url, evidence_date=date(2017, 9 + n, 1),
                                   priorities=priorities[n % len(priorities):n % len(priorities) + 1],
                                   criteria=list(priorities[n % len(priorities)].success_criteria.all()[:1]))
    summary = (b"quarter,audits,good_or_better\nQ1 2018-19,34,see the quality assurance page\n")
    services.evidence_file_add(user=lead, plan=plan, title="Case audit summary, Q1 2018-19", data=summary,
                               filename="case-audit-summary-q1-2018-19.csv", evidence_date=date(2018, 7, 1),
                               priorities=priorities[:1], measures=list(plan.measures.filter(source="case_audit")[:3]))
    return f"{plan.authority}: {len(items) + 1} evidence items"


def demo_governance_load(*, plans: list[Any], lead: Any, seed: int = 7) -> list[str]:
    """Governance demo for each plan's authority (skipped where boards already exist)."""
    lines: list[str] = []
    for plan in plans:
        if Board.objects.filter(authority=plan.authority).exists():
            continue
        rng = random.Random(f"{seed}:{plan.authority.ons_code}")
        lines += _boards(lead, plan)
        risks = _risks(lead, plan)
        lines.append(f"{plan.authority}: {len(risks)} risks with score history")
        lines.append(_meetings(lead, plan, risks))
        lines += _audits(lead, plan, rng)
        lines.append(_evidence(lead, plan))
    return lines

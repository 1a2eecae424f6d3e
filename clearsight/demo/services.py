"""The demo: two councils, their real 2017 plans, and one user per role.

Idempotent: running it again changes nothing that is already there. It refuses to run under
production settings, so demo passwords can never reach a live system.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from clearsight.engine.plandates import sprint_dates
from clearsight.organisations.models import Authority, Membership, OrgUnit, PartnerAgency, Person, User
from clearsight.organisations.roles import Role
from clearsight.planfiles.services import plan_import
from clearsight.plans.models import Plan

SEEDS = Path(__file__).parent / "seeds"
DEMO_PASSWORD = "clearsight-demo"


class DemoRefused(Exception):
    pass


@dataclass(frozen=True)
class DemoAuthority:
    name: str
    ons_code: str
    dfe_number: str
    seed: str
    cla_rate: float  # children looked after per 10,000, for the synthetic data


AUTHORITIES = [
    DemoAuthority("Sefton", "E08000014", "343", "sefton-improvement-action-plan-2017-18.txt", 90.0),
    # Wirral's plan: 779 children looked after in May 2017, 115 per 10,000.
    DemoAuthority("Wirral", "E08000015", "344", "wirral-improvement-plan-2017-19.txt", 115.0),
]

# Services and their teams. The team names are those the case system (here, the synthetic data)
# records as "Allocated Team", so figures by team roll up to services through this tree.
SERVICES = {
    "Assessment and Child in Need": [
        "Integrated Front Door",
        "Assessment Team North",
        "Assessment Team South",
    ],
    "Child Protection": [f"Child Protection Team {n}" for n in range(1, 7)],
    "Children in Care and Care Leavers": [f"Children in Care Team {n}" for n in range(1, 5)]
    + ["Care Leavers Team"],
    "Early Help": ["Early Help North", "Early Help South"],
    "Quality, Performance and Improvement": ["Quality Assurance", "Performance and Information"],
}

AGENCIES = [
    ("Merseyside Police", PartnerAgency.Sector.POLICE),
    ("NHS Clinical Commissioning Group", PartnerAgency.Sector.HEALTH),
    ("National Probation Service", PartnerAgency.Sector.PROBATION),
    ("Schools and the Virtual School", PartnerAgency.Sector.EDUCATION),
    ("Safeguarding Children Partnership", PartnerAgency.Sector.SAFEGUARDING),
]


@dataclass(frozen=True)
class DemoUser:
    role: str
    full_name: str
    # The person each user is in each authority's plan, so "My actions" shows real actions.
    sefton_person: tuple[str, str] | None = None  # (name, job title)
    wirral_person: tuple[str, str] | None = None
    agency: str = ""
    staff: bool = False

    @property
    def email(self) -> str:
        return f"{self.role}@demo.example"


USERS = [
    DemoUser(Role.ADMINISTRATOR, "Alex Admin", staff=True),
    DemoUser(
        Role.PERFORMANCE_LEAD,
        "Sarah Hodgson",
        sefton_person=("Sarah Hodgson", "Quality Assurance Manager"),
        wirral_person=("Pat Lead", "Head of Quality, Performance and Improvement"),
    ),
    DemoUser(
        Role.APPROVER, "Ade Approver", wirral_person=("Ade Approver", "Director of Children's Services")
    ),
    DemoUser(
        Role.MANAGER,
        "Trish Galloway",
        sefton_person=("Trish Galloway", "Service Manager"),
        wirral_person=("Morgan Manager", "Deputy Director Children's Services"),
    ),
    DemoUser(
        Role.ACTION_OWNER,
        "Peter Yates",
        sefton_person=("Peter Yates", "Service Manager"),
        wirral_person=("Olu Owner", "Senior Manager Targeted Services"),
    ),
    DemoUser(
        Role.BOARD_MEMBER,
        "Bea Board",
        wirral_person=("Bea Board", "Assistant Chief Officer"),
        sefton_person=("Bea Board", "Assistant Chief Officer"),
        agency="National Probation Service",
    ),
    DemoUser(
        Role.PARTNER,
        "Pam Partner",
        sefton_person=("Pam Partner", "Detective Chief Inspector"),
        wirral_person=("Pam Partner", "Detective Chief Inspector"),
        agency="Merseyside Police",
    ),
    DemoUser(Role.SCRUTINY, "Sam Scrutiny"),
    DemoUser(Role.VIEWER, "Vic Viewer"),
]


def demo_children() -> int:
    """Children aged 0-17 in each demo council's synthetic data (CLEARSIGHT_DEMO_CHILDREN; 0 = none)."""
    import os

    return int(os.environ.get("CLEARSIGHT_DEMO_CHILDREN", "65000"))


def _refuse_in_production() -> None:
    if getattr(settings, "CLEARSIGHT_ENVIRONMENT", "production") == "production":
        raise DemoRefused(
            "The demo loader does not run under production settings: it creates known passwords."
        )


# The steps demo_load reports to ``progress``: one per authority, then users, sprints, figures, benchmarks.
DEMO_STEPS = len(AUTHORITIES) + 4


@transaction.atomic
def demo_load(*, sprint_one_start: date = date(2017, 6, 5), progress: Any = None) -> list[str]:
    """Load the demo. Returns lines describing what was created (empty if already loaded).

    ``progress(step)`` is called before each of the DEMO_STEPS steps (for a progress bar)."""
    _refuse_in_production()
    say = progress or (lambda _step: None)
    created: list[str] = []
    authorities = {}
    for spec in AUTHORITIES:
        say(f"{spec.name} and its plan")
        authority, made = Authority.objects.get_or_create(
            ons_code=spec.ons_code, defaults={"name": spec.name, "dfe_number": spec.dfe_number}
        )
        authorities[spec.name] = authority
        if made:
            created.append(f"Authority {spec.name} ({spec.ons_code} / {spec.dfe_number})")
            _organisation(authority)
        if not Plan.objects.filter(authority=authority).exists():
            path = SEEDS / spec.seed
            result = plan_import(
                user="Demo loader", authority=authority, data=path.read_bytes(), filename=path.name
            )
            assert result.plan is not None
            created.append(
                f"{spec.name}: {result.plan} — {result.counts['actions']} actions, "
                f"{len(result.problems)} things flagged on import"
            )
            first = result.plan.sprints.filter(number=1).first()
            if first is not None and first.start_date is None:
                # The Wirral plan does not date its sprints; the action plan is dated September
                # 2017 and Sprint 2 is weeks 13-24, so the demo starts Sprint 1 in June 2017.
                for sprint in result.plan.sprints.order_by("number"):
                    sprint.start_date = sprint_dates(sprint_one_start, sprint.number)[0]
                    sprint.save(update_fields=["start_date"])
    say("Users, one per role")
    for spec_user in USERS:
        created += _user(spec_user, authorities)
    say("Sprints")
    created += _close_past_sprints()
    say("Child-level data and figures")
    created += _performance(authorities)
    say("Benchmarks")
    created += _benchmarks(authorities)
    created += _governance(authorities)
    created += _reminders(authorities)
    return created


def _governance(authorities: dict[str, Authority]) -> list[str]:
    """Boards, meetings, risks, case audits feeding the audit measures, and evidence."""
    from clearsight.governance.demo import demo_governance_load

    plans = [p for a in authorities.values() if (p := Plan.objects.filter(authority=a).order_by("-created_at").first())]
    return demo_governance_load(plans=plans, lead=User.objects.get(email="lead@demo.example"))


def _reminders(authorities: dict[str, Authority]) -> list[str]:
    from clearsight.reminders.services import demo_reminders_load

    return demo_reminders_load(authorities=list(authorities.values()))


def _benchmarks(authorities: dict[str, Authority]) -> list[str]:
    """Synthetic England, regional and neighbour figures, labelled as such wherever shown."""
    from clearsight.benchmarks.models import BenchmarkValue
    from clearsight.benchmarks.services import demo_benchmarks_load

    if BenchmarkValue.objects.filter(is_synthetic=True).exists():
        return []
    counts = demo_benchmarks_load(list(authorities.values()))
    return [
        "Synthetic benchmarks (demo, not England's figures): "
        + ", ".join(f"{n} {k}" for k, n in counts.items())
    ]


def _close_past_sprints() -> list[str]:
    """The Wirral plan is written at the start of Sprint 2, so Sprint 1 is closed."""
    from clearsight.plans.models import Sprint
    from clearsight.plans.services import sprint_close

    lead = User.objects.get(email="lead@demo.example")
    lines = []
    for sprint in Sprint.objects.filter(
        number=1, closed_at__isnull=True, actions__isnull=True, plan__sprints__number=2
    ).distinct():
        sprint_close(user=lead, sprint=sprint)
        lines.append(f"{sprint.plan.authority}: Sprint 1 closed (the plan starts at Sprint 2)")
    return lines


def _performance(authorities: dict[str, Authority]) -> list[str]:
    from clearsight.demo.performance import catalogue, demo_performance_load
    from clearsight.performance.models import DataRelease

    entries = catalogue()
    submitter = User.objects.get(email="lead@demo.example")
    approver = User.objects.get(email="approver@demo.example")
    lines = []
    for name, authority in authorities.items():
        if DataRelease.objects.filter(authority=authority).exists():
            continue
        plan = Plan.objects.filter(authority=authority).order_by("-created_at").first()
        if plan is None:
            continue
        spec = next(a for a in AUTHORITIES if a.name == name)
        counts = demo_performance_load(
            plan=plan,
            entries=entries[name.lower()],
            submitter=submitter,
            approver=approver,
            children=demo_children(),
            cla_rate=spec.cla_rate,
        )
        lines.append(f"{name}: demo performance data — " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    return lines


def _organisation(authority: Authority) -> None:
    for service_name, teams in SERVICES.items():
        service = OrgUnit.objects.create(authority=authority, kind=OrgUnit.Kind.SERVICE, name=service_name)
        for team in teams:
            OrgUnit.objects.create(authority=authority, kind=OrgUnit.Kind.TEAM, name=team, parent=service)
    for name, sector in AGENCIES:
        PartnerAgency.objects.get_or_create(authority=authority, name=name, defaults={"sector": sector})


def _user(spec: DemoUser, authorities: dict[str, Authority]) -> list[str]:
    user = User.objects.filter(email=spec.email).first()
    if user is not None:
        return []
    user = User.objects.create_user(
        spec.email, DEMO_PASSWORD, full_name=spec.full_name, is_staff=spec.staff, is_superuser=spec.staff
    )
    for name, authority in authorities.items():
        agency = (
            PartnerAgency.objects.filter(authority=authority, name=spec.agency).first()
            if spec.agency
            else None
        )
        org_unit = None
        if spec.role == Role.MANAGER:
            # The demo manager manages the child protection service: its teams, workers and children.
            org_unit = OrgUnit.objects.filter(
                authority=authority, name="Child Protection", kind="service"
            ).first()
        Membership.objects.create(
            user=user, authority=authority, role=spec.role, org_unit=org_unit, agency=agency
        )
        person_spec = spec.sefton_person if name == "Sefton" else spec.wirral_person
        if person_spec:
            person_name, title = person_spec
            person = Person.objects.filter(authority=authority, name__iexact=person_name).first()
            if person is None:
                person = Person.objects.create(authority=authority, name=person_name, job_title=title)
            person.user = user
            person.agency = agency
            if not person.job_title:
                person.job_title = title
            person.save()
    return [f"User {spec.email} ({Role(spec.role).label})"]


def sign_in_lines() -> list[str]:
    lines = ["Demo sign-ins (password for all: clearsight-demo):"]
    for spec in USERS:
        lines.append(f"  {spec.email:<26} {Role(spec.role).label}")
    return lines

"""Who may reach each URL: the declared access table that ``tests/test_url_access.py`` checks.

Every URL in the URL configuration (Django admin's included) must have a rule here, keyed by its
URL name (``namespace:name``), or the test fails: a new page cannot ship without someone saying
who may see it. The test signs in as each persona below — one per role in Sefton, plus anonymous,
a signed-in user with no role, and a performance lead of another authority (Wirral) — requests
each URL with each declared method and case, and checks that exactly the allowed personas get
through. "Through" means any answer but 401, 403, 404 or a redirect to a sign-in page (a form
sent empty may answer 400: it was let in). Everyone else must get one of those.

To add a rule (see CONTRIBUTING.md, "Add a page"): add an entry to ``RULES`` naming the URL, the
personas allowed for GET and/or POST — usually ``holding(Permission.X)`` so the table follows
``ROLE_PERMISSIONS`` — and, when the answer depends on the object or the query (an action someone
leads, a team a manager manages), several ``Case``s. API endpoints (``api:...``) are added the
same way; give ``Case(data=..., content_type="application/json")`` for their POSTs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from clearsight.organisations.roles import ROLE_PERMISSIONS, Permission, Role

# Personas with a role in Sefton, by role value; the fixture in the test builds one user for each.
ROLE_PERSONAS: dict[str, str] = {role.value: role.value for role in Role}
ANONYMOUS, NO_ROLE, OTHER_AUTHORITY = "anonymous", "no_role", "other_authority"
PERSONAS: tuple[str, ...] = (ANONYMOUS, NO_ROLE, OTHER_AUTHORITY, *ROLE_PERSONAS)
SIGNED_IN = frozenset(PERSONAS) - {ANONYMOUS}
EVERYONE = frozenset(PERSONAS)
NOBODY: frozenset[str] = frozenset()
STAFF = frozenset({Role.ADMINISTRATOR.value})  # the administrator persona is Django staff, as in the demo


def holding(*permissions: str) -> frozenset[str]:
    """The Sefton personas whose role grants every one of ``permissions``."""
    return frozenset(role for role, granted in ROLE_PERMISSIONS.items() if set(permissions) <= granted)


@dataclass(frozen=True)
class Ref:
    """An id the test fixture knows: Ref("plan") is the Sefton plan's primary key."""

    name: str


@dataclass(frozen=True)
class Case:
    """One request to make: URL arguments beyond the defaults, a query string, POST data, and
    who should get through when it differs from the rule's own sets."""

    label: str = ""
    kwargs: dict[str, Any] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    content_type: str = ""
    get: frozenset[str] | None = None
    post: frozenset[str] | None = None


@dataclass(frozen=True)
class Rule:
    """``get``/``post``: the personas that get through. ``get=None``: GET is not served (signed-in
    users must get 405; anonymous users the sign-in page). ``post=None`` on a page that only reads:
    a POST must be refused to exactly those refused a GET (or answered 405).
    ``post_checked=False`` for Django admin, whose POSTs would change data and whose own
    permission checks guard them."""

    get: frozenset[str] | None
    post: frozenset[str] | None = None
    cases: tuple[Case, ...] = (Case(),)
    post_checked: bool = True
    why: str = ""


# Values for URL arguments when a case does not give its own.
DEFAULT_KWARGS: dict[str, Any] = {
    "plan_id": Ref("plan"), "measure_id": Ref("measure"), "release_id": Ref("published_release"),
    "upload_id": Ref("upload"), "code": "1.1", "ref": "1.1.1", "number": 1,
    "indicator_id": "assessments_45wd", "action": "submit",
    "board_id": Ref("board"), "meeting_id": Ref("meeting"), "risk_id": Ref("risk"),
    "programme_id": Ref("programme"), "audit_id": Ref("audit"), "item_id": Ref("evidence"),
    # Django admin
    "object_id": Ref("admin_object"), "app_label": "organisations", "content_type_id": Ref("content_type"),
    "url": "no-such-admin-page/", "id": Ref("admin_user"),  # id: a user (the password page)
}

READERS = holding(Permission.VIEW_PLAN)
STAFF_READERS = holding(Permission.VIEW_PROVISIONAL)  # the council's own staff: provisional figures
MANAGERS = holding(Permission.MANAGE_GOVERNANCE)  # who run boards, risks, quality assurance and evidence
AUDITORS = holding(Permission.CONDUCT_AUDIT)
TEAM_A, TEAM_OTHER = "Child Protection Team A", "Children in Care Team"

API_BY_TOKEN_ONLY = Rule(get=NOBODY, cases=(Case("signed in, no token", kwargs={"authority_id": 1}),),
                         why="Token authentication only: a session is not enough")

RULES: dict[str, Rule] = {
    # --- the REST API (clearsight.api) -----------------------------------------------------------
    # The API authenticates by personal token only: a signed-in browser session gets 401 at every
    # endpoint, whatever the role. What each token holder may see and do is the web app's own rules,
    # tested per role and authority in clearsight/api/tests (and by Schemathesis).
    "api-me": API_BY_TOKEN_ONLY,
    "api-authorities": API_BY_TOKEN_ONLY,
    "api-units": API_BY_TOKEN_ONLY,
    "api-uploads": API_BY_TOKEN_ONLY,
    "api-indicators": API_BY_TOKEN_ONLY,
    "api-indicator": API_BY_TOKEN_ONLY,
    "api-upload": API_BY_TOKEN_ONLY,
    "api-plans": API_BY_TOKEN_ONLY,
    "api-plan": API_BY_TOKEN_ONLY,
    "api-priorities": API_BY_TOKEN_ONLY,
    "api-success-criteria": API_BY_TOKEN_ONLY,
    "api-actions": API_BY_TOKEN_ONLY,
    "api-action": API_BY_TOKEN_ONLY,
    "api-action-updates": API_BY_TOKEN_ONLY,
    "api-measures": API_BY_TOKEN_ONLY,
    "api-measure": API_BY_TOKEN_ONLY,
    "api-values": API_BY_TOKEN_ONLY,
    "api-releases": API_BY_TOKEN_ONLY,
    "api-release": API_BY_TOKEN_ONLY,
    "api-release-values": API_BY_TOKEN_ONLY,
    "api-not-found": Rule(get=NOBODY, why="Any other address under /api/: a JSON 404"),
    "api-docs": Rule(get=SIGNED_IN, why="The operations the API offers; no data"),
    "api-schema": Rule(get=SIGNED_IN, why="The OpenAPI schema, for a signed-in person or a token; no data"),
    "api-tokens": Rule(get=holding(Permission.MANAGE_API_TOKENS), why="Administrators issue and revoke tokens"),
    "api-token-issue": Rule(get=holding(Permission.MANAGE_API_TOKENS), post=holding(Permission.MANAGE_API_TOKENS)),
    "api-token-revoke": Rule(get=NOBODY, post=NOBODY, cases=(
        Case("a token that does not exist", kwargs={"token_id": 999999}),
    ), why="Administrators of the token's authority only; no token exists in this fixture, so all get 404"),
    # --- signing in and out ------------------------------------------------------------------
    "login": Rule(get=EVERYONE, post=EVERYONE, why="The sign-in page is public"),
    "logout": Rule(get=None, post=SIGNED_IN),
    # --- plans --------------------------------------------------------------------------------
    "home": Rule(get=SIGNED_IN, why="Lists only the plans the user may read"),
    "my-actions": Rule(get=SIGNED_IN, why="Lists only the user's own actions"),
    "plan-overview": Rule(get=READERS),
    "priority-detail": Rule(get=READERS),
    "action-detail": Rule(get=READERS),
    "action-update-add": Rule(get=None, post=NOBODY, cases=(
        Case("an action led by name", kwargs={"ref": "1.1.1"},
             post=holding(Permission.UPDATE_ANY_ACTION) | {Role.ACTION_OWNER.value}),
        Case("an action led by the probation service", kwargs={"ref": "1.1.2"},
             post=holding(Permission.UPDATE_ANY_ACTION) | {Role.PARTNER.value}),
    ), why="Leads (by name, job title or agency), managers and the performance team"),
    "action-due-date": Rule(get=None, post=holding(Permission.EDIT_PLAN)),
    "action-rag": Rule(get=None, post=holding(Permission.EDIT_PLAN)),
    "sprint-board": Rule(get=READERS),
    "sprint-close": Rule(get=None, post=holding(Permission.MANAGE_SPRINTS)),
    "sprint-start": Rule(get=None, post=holding(Permission.MANAGE_SPRINTS)),
    "recommendations": Rule(get=READERS),
    "import-report": Rule(get=READERS),
    # --- performance ----------------------------------------------------------------------------
    "dashboard": Rule(get=READERS, why="Board, partners and scrutiny see published figures only"),
    "scorecard": Rule(get=READERS),
    "release-list": Rule(get=READERS),
    "values-upload": Rule(get=holding(Permission.ENTER_VALUES), post=holding(Permission.ENTER_VALUES)),
    "release-detail": Rule(get=READERS, cases=(
        Case("a published release"),
        Case("a draft release", kwargs={"release_id": Ref("draft_release")}, get=STAFF_READERS),
    )),
    "release-transition": Rule(get=None, post=NOBODY, cases=(
        Case("submit a draft", kwargs={"release_id": Ref("draft_release"), "action": "submit"},
             post=holding(Permission.SUBMIT_RELEASE)),
        Case("approve", kwargs={"release_id": Ref("draft_release"), "action": "approve"},
             post=holding(Permission.APPROVE_RELEASE)),
        Case("publish", kwargs={"release_id": Ref("draft_release"), "action": "publish"},
             post=holding(Permission.PUBLISH_RELEASE)),
        Case("return", kwargs={"release_id": Ref("draft_release"), "action": "return"},
             post=holding(Permission.APPROVE_RELEASE)),
        Case("correct a published release", kwargs={"action": "correct"}, post=holding(Permission.SUBMIT_RELEASE)),
    )),
    "measure-detail": Rule(get=READERS),
    "value-add": Rule(get=None, post=holding(Permission.ENTER_VALUES)),
    "measure-comment-add": Rule(get=None, post=READERS, why="Board and scrutiny members challenge figures"),
    # --- child-level data -----------------------------------------------------------------------
    "data-overview": Rule(get=STAFF_READERS),
    "data-upload": Rule(get=holding(Permission.LOAD_DATA), post=holding(Permission.LOAD_DATA)),
    "upload-detail": Rule(get=STAFF_READERS),
    "authority-profile": Rule(get=READERS, why="Small numbers suppressed for board, partners, scrutiny"),
    "indicator-detail": Rule(get=READERS, cases=(
        Case("the authority's figure"),
        Case("the manager's own team", query={"team": TEAM_A}, get=STAFF_READERS),
        Case("another team", query={"team": TEAM_OTHER}, get=STAFF_READERS - {Role.MANAGER.value}),
        Case("children behind the manager's team", query={"team": TEAM_A, "children": "numerator"},
             get=holding(Permission.VIEW_CHILDREN)),
        Case("children behind another team", query={"team": TEAM_OTHER, "children": "numerator"},
             get=holding(Permission.VIEW_CHILDREN) - {Role.MANAGER.value}),
        Case("children behind the whole authority", query={"children": "numerator"},
             get=holding(Permission.VIEW_CHILDREN) - {Role.MANAGER.value}),
    ), why="Drill-down: staff only; a manager sees the teams they manage"),
    # --- reminders --------------------------------------------------------------------------------
    "notifications": Rule(get=SIGNED_IN, why="Lists only the user's own reminders and alerts"),
    "reminder-preferences": Rule(get=SIGNED_IN, post=SIGNED_IN, cases=(
        Case(data={"delivery": "weekly", "reminders_on": "yes"}),), why="Each person's own preferences"),
    # --- governance -------------------------------------------------------------------------------
    "governance-boards": Rule(get=READERS),
    "board-detail": Rule(get=READERS),
    "meeting-detail": Rule(get=READERS),
    "risk-register": Rule(get=READERS),
    "risk-detail": Rule(get=READERS),
    "board-create": Rule(get=None, post=MANAGERS),
    "board-member-add": Rule(get=None, post=MANAGERS),
    "meeting-schedule": Rule(get=None, post=MANAGERS),
    "agenda-item-add": Rule(get=None, post=MANAGERS),
    "meeting-minutes": Rule(get=None, post=MANAGERS),
    "meeting-decision": Rule(get=None, post=MANAGERS),
    "risk-create": Rule(get=MANAGERS, post=MANAGERS),
    "risk-assess": Rule(get=None, post=MANAGERS),
    "risk-control-add": Rule(get=None, post=MANAGERS),
    "risk-close": Rule(get=None, post=MANAGERS),
    "risk-actions-link": Rule(get=None, post=MANAGERS),
    # --- quality assurance, evidence, self-evaluation ---------------------------------------------
    "quality": Rule(get=READERS),
    "audit-domains": Rule(get=MANAGERS, post=MANAGERS),
    "audit-programme-create": Rule(get=None, post=MANAGERS),
    "audit-programme": Rule(get=READERS, why="Only auditors see the list of audits (children, by pseudonym)"),
    "case-audit-new": Rule(get=AUDITORS, post=AUDITORS),
    "case-audit": Rule(get=AUDITORS),
    "finding-action": Rule(get=None, post=MANAGERS),
    "audit-measures-record": Rule(get=None, post=MANAGERS),
    "survey-record": Rule(get=None, post=MANAGERS),
    "evidence": Rule(get=READERS),
    "evidence-add": Rule(get=None, post=MANAGERS),
    "evidence-download": Rule(get=READERS),
    "self-evaluation": Rule(get=STAFF_READERS, why="A draft: not for board members, partners or scrutiny"),
    "self-evaluation-docx": Rule(get=STAFF_READERS),
    # --- reports (board packs, scrutiny, partner, young people's version) ----------------------
    "report-start": Rule(get=READERS, post=READERS,
                         why="What a report contains follows the reader: published only for board, partners, scrutiny"),
    "report-run": Rule(get=NOBODY, cases=(Case("someone else's run", kwargs={"run_id": 999_999}),),
                       why="A run is only its requester's (reports/tests/test_views.py checks the requester)"),
    "report-run-status": Rule(get=NOBODY, cases=(Case("someone else's run", kwargs={"run_id": 999_999}),),
                              why="As report-run"),
    "report-download": Rule(get=NOBODY, cases=(Case("someone else's run", kwargs={"run_id": 999_999}),),
                            why="As report-run; downloads are audited"),
    "young-people": Rule(get=READERS, why="Readers see the approved version; editors and approvers the draft"),
    "young-people-draft": Rule(get=None, post=holding(Permission.EDIT_PLAN)),
    "young-people-section": Rule(get=NOBODY, post=NOBODY, cases=(
        Case("a section of a version that does not exist", kwargs={"section_id": 999_999}),
    ), why="Editors only (EDIT_PLAN): reports/tests/test_views.py checks a real section"),
    "young-people-approve": Rule(get=None, post=holding(Permission.EDIT_PLAN) | holding(Permission.APPROVE_RELEASE),
                                 why="A performance lead or an approver"),
    # --- audit ----------------------------------------------------------------------------------
    # A lead elsewhere reads their own authority's trail (none of Sefton's: test_audit_views checks).
    "audit-log": Rule(get=holding(Permission.VIEW_AUDIT) | {OTHER_AUTHORITY}),
    "audit-export": Rule(get=holding(Permission.VIEW_AUDIT) | {OTHER_AUTHORITY}),
}

# Django admin: every page is for staff (Clearsight's administrators) only; others are sent to the
# admin's sign-in page. The add and delete pages of the audit trail are refused to staff too.
ADMIN_PUBLIC = {
    "admin:login": Rule(get=EVERYONE, post_checked=False),
    # Signs out whoever asks (non-staff are sent to the admin's front page); GET is 405 for staff.
    "admin:logout": Rule(get=SIGNED_IN, post=SIGNED_IN),
}
ADMIN_NOBODY = {
    "admin:audit_auditevent_add": "the audit trail cannot be added to by hand",
    "admin:audit_auditevent_delete": "the audit trail cannot be deleted",
    "admin:autocomplete": "refused (403) without a field to complete; staff only with one",
    "admin:view_on_site": "no model has a public page to show (404); staff only",
    "catch-all": "Django admin's 'no such page' (404 for staff)",
}


def rule_for(name: str | None, admin: bool, route: str = "") -> Rule | None:
    """The rule for a URL, by name; Django admin's URLs by the admin's own pattern."""
    if name in RULES:
        return RULES[name]
    if admin:
        if name in ADMIN_PUBLIC:
            return ADMIN_PUBLIC[name]
        key = "catch-all" if name is None and "(?P<url>" in route else name
        if key in ADMIN_NOBODY:
            return Rule(get=NOBODY, post_checked=False, why=ADMIN_NOBODY[key])
        return Rule(get=STAFF, post_checked=False)
    return None


def personas_allowed(rule: Rule, case: Case, method: str) -> frozenset[str] | None:
    if method == "GET":
        return case.get if case.get is not None else rule.get
    declared = case.post if case.post is not None else rule.post
    if declared is None and rule.get is not None:
        return case.get if case.get is not None else rule.get  # a read-only page: POST as GET
    return declared


def roles_table() -> Iterable[tuple[str, list[bool]]]:
    """(permission label, [granted to each role]) in Role order: docs/security.md's table."""
    for permission in Permission:
        yield permission.label, [permission in ROLE_PERMISSIONS[role] for role in Role]

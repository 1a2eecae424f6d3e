"""The roles a user can hold in an authority, and what each may do.

One place answers "may this person do that here?" — views, services and selectors ask it,
so the answer is the same in the browser, the CLI and (later) the API.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", "Administrator"
    PERFORMANCE_LEAD = "lead", "Performance lead"
    APPROVER = "approver", "Approver"
    MANAGER = "manager", "Manager"
    ACTION_OWNER = "owner", "Action owner"
    BOARD_MEMBER = "board", "Board member"
    PARTNER = "partner", "Partner agency"
    SCRUTINY = "scrutiny", "Scrutiny member"
    VIEWER = "viewer", "Viewer"


class Permission(models.TextChoices):
    VIEW_PLAN = "view_plan", "Read the plan"
    EDIT_PLAN = "edit_plan", "Edit the plan, its priorities and actions"
    UPDATE_ACTION = "update_action", "Add progress updates to actions they lead"
    UPDATE_ANY_ACTION = "update_any_action", "Add progress updates to any action"
    MANAGE_SPRINTS = "manage_sprints", "Close sprints and carry actions over"
    IMPORT_PLAN = "import_plan", "Import and export plans"
    VIEW_AUDIT = "view_audit", "Read the audit trail"
    APPROVE_RELEASE = "approve_release", "Approve data releases"
    ENTER_VALUES = "enter_values", "Enter and upload performance figures"
    SUBMIT_RELEASE = "submit_release", "Submit a month's figures for approval, and correct releases"
    PUBLISH_RELEASE = "publish_release", "Publish approved releases to the board"
    VIEW_PROVISIONAL = "view_provisional", "See figures before they are published"
    LOAD_DATA = "load_data", "Load child-level data (SSDA903, CIN census, Annex A, workforce)"
    VIEW_CHILDREN = "view_children", "See the (pseudonymised) children behind a figure"
    MANAGE_GOVERNANCE = "manage_governance", "Run boards, meetings, the risk register, evidence and self-evaluation"
    CONDUCT_AUDIT = "conduct_audit", "Carry out case audits and read them (pseudonymised)"
    MANAGE_API_TOKENS = "manage_api_tokens", "Issue and revoke people's API tokens"


_ALL = set(Permission)
# Board members, partners and scrutiny members see published figures only, with small numbers
# suppressed; everyone else in the council sees provisional figures too, always marked Provisional.
# Board members and partners update the actions they (or their agency) lead; scrutiny members read.
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.ADMINISTRATOR: frozenset(_ALL),
    Role.PERFORMANCE_LEAD: frozenset(_ALL - {Permission.APPROVE_RELEASE, Permission.MANAGE_API_TOKENS}),
    Role.APPROVER: frozenset({Permission.VIEW_PLAN, Permission.UPDATE_ACTION, Permission.APPROVE_RELEASE,
                              Permission.PUBLISH_RELEASE, Permission.VIEW_PROVISIONAL}),
    Role.MANAGER: frozenset({Permission.VIEW_PLAN, Permission.UPDATE_ACTION, Permission.UPDATE_ANY_ACTION,
                             Permission.ENTER_VALUES, Permission.VIEW_PROVISIONAL, Permission.VIEW_CHILDREN,
                             Permission.CONDUCT_AUDIT}),
    Role.ACTION_OWNER: frozenset({Permission.VIEW_PLAN, Permission.UPDATE_ACTION, Permission.VIEW_PROVISIONAL}),
    Role.BOARD_MEMBER: frozenset({Permission.VIEW_PLAN, Permission.UPDATE_ACTION}),
    Role.PARTNER: frozenset({Permission.VIEW_PLAN, Permission.UPDATE_ACTION}),
    Role.SCRUTINY: frozenset({Permission.VIEW_PLAN}),
    Role.VIEWER: frozenset({Permission.VIEW_PLAN, Permission.VIEW_PROVISIONAL}),
}


# Roles whose members sit outside the council's performance team: they see published figures
# only, with small numbers suppressed, and no breakdown below the authority.
PUBLISHED_ONLY_ROLES = frozenset({Role.BOARD_MEMBER, Role.PARTNER, Role.SCRUTINY})

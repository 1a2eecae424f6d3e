"""Who may have which report. Views, services and the command line all ask here.

Anyone who can read the plan may have a board pack, a scrutiny report or a partner report; what
it contains depends on who they are (``selectors.release_statuses``): board members and partners
get published figures only, and every outward report withholds small numbers. A partner gets the
partner report for their own agency only. The children and young people's version is for
everyone once approved; before then only the people who edit or approve it may download the draft.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from clearsight.engine.reports.document import ReportKind
from clearsight.organisations.roles import Permission
from clearsight.organisations.selectors import can
from clearsight.plans.models import Plan


def can_edit_young_people(user: Any, plan: Plan) -> bool:
    return user is None or can(user, plan.authority_id, Permission.EDIT_PLAN)


def can_approve_young_people(user: Any, plan: Plan) -> bool:
    """Performance leads (who edit the plan) and approvers (who approve data releases)."""
    return (
        user is None
        or can(user, plan.authority_id, Permission.EDIT_PLAN)
        or can(user, plan.authority_id, Permission.APPROVE_RELEASE)
    )


def can_see_young_people_draft(user: Any, plan: Plan) -> bool:
    return can_edit_young_people(user, plan) or can_approve_young_people(user, plan)


def require_report(user: Any, plan: Plan, kind: ReportKind) -> None:
    if user is None:  # the command line, run on the server by the performance team
        return
    if not can(user, plan.authority_id, Permission.VIEW_PLAN):
        raise PermissionDenied("You do not have access to this plan.")
    if kind is ReportKind.YOUNG_PEOPLE and not can_see_young_people_draft(user, plan):
        young = getattr(plan, "young_people", None)
        if young is None or young.status != "approved":
            raise PermissionDenied("The children and young people's version has not been approved yet.")

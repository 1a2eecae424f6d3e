from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone

from clearsight.audit.models import AuditEvent


def audit_history_for(obj: models.Model) -> QuerySet[AuditEvent]:
    """Every event about one object, newest first."""
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


def audit_authorities(user: Any) -> list[int]:
    """The authorities whose audit trail ``user`` may read (the VIEW_AUDIT permission)."""
    from clearsight.organisations.roles import Permission
    from clearsight.organisations.selectors import memberships_for

    return [m.authority_id for m in memberships_for(user) if m.allows(Permission.VIEW_AUDIT)]


def may_search_audit(user: Any) -> bool:
    return bool(getattr(user, "is_staff", False) or audit_authorities(user))


def audit_events_visible_to(user: Any) -> QuerySet[AuditEvent]:
    """Staff (Clearsight's administrators) read the whole trail. Someone with VIEW_AUDIT in an
    authority reads that authority's events, and the sign-ins and sign-outs of its members.
    Everyone else reads nothing."""
    events = AuditEvent.objects.select_related("authority")
    if getattr(user, "is_staff", False):
        return events
    ids = audit_authorities(user)
    if not ids:
        return events.none()
    return events.filter(
        Q(authority_id__in=ids) | Q(authority__isnull=True, actor__memberships__authority_id__in=ids)
    ).distinct()


@dataclass(frozen=True)
class AuditSearch:
    """What to look for: each blank part matches everything."""

    who: str = ""  # part of the actor's name or e-mail address
    what: str = ""  # part of the verb: "signed_in", "release.", "admin."
    about: str = ""  # part of the object's description, type or id
    since: date | None = None
    until: date | None = None  # inclusive
    authority_id: int | None = None


def audit_search(user: Any, search: AuditSearch) -> QuerySet[AuditEvent]:
    events = audit_events_visible_to(user)
    if search.who:
        events = events.filter(Q(actor_name__icontains=search.who) | Q(actor__email__icontains=search.who))
    if search.what:
        events = events.filter(verb__icontains=search.what)
    if search.about:
        events = events.filter(
            Q(object_repr__icontains=search.about) | Q(object_type__icontains=search.about)
            | Q(object_id=search.about) | Q(note__icontains=search.about)
        )
    zone = timezone.get_current_timezone()
    if search.since:
        events = events.filter(at__gte=datetime.combine(search.since, time.min, tzinfo=zone))
    if search.until:
        events = events.filter(at__lt=datetime.combine(search.until + timedelta(days=1), time.min, tzinfo=zone))
    if search.authority_id:
        events = events.filter(authority_id=search.authority_id)
    return events.order_by("-at", "-id")


def audit_verbs(user: Any) -> list[str]:
    return sorted(set(audit_events_visible_to(user).values_list("verb", flat=True).distinct()))

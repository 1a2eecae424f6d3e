"""Sending reminders once and only once, and changing a person's preferences. Audited.

How a reminder is sent exactly once, however often (and however many at once) the command runs:

1. Plan the day (``planner.plan_day``): every reminder due, for whom.
2. Drop those already in the log (a read, to keep output tidy — not the guard).
3. **Claim** each reminder by inserting its ``Notification`` row in its own committed
   transaction. The unique constraint on (recipient, kind, subject, period) is the guard: a
   second run at the same moment blocks on the same key in PostgreSQL (or waits for SQLite's
   write lock) and then fails to insert, so it skips that reminder. No check-then-insert race.
4. Send the e-mail. If sending raises, the claim is deleted so the next run tries again.
5. Mark it sent and record an audit event, in one transaction.

A run killed between 4 and 5 leaves a row "Being sent": the reminder is not sent again (at most
once, by design: a missing reminder is better than a duplicate to a board chair).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from clearsight.audit.services import audit_record
from clearsight.engine.reminders import Kind, digest_week
from clearsight.reminders import planner, presenters, selectors
from clearsight.reminders.models import Delivery, Notification, ReminderPreference
from clearsight.reminders.planner import Outgoing

SYSTEM = "Reminders (send-reminders)"


@dataclass
class SendResult:
    sent: int = 0
    lines: list[str] = field(default_factory=list)


def _claim(item: Outgoing, *, delivery: str, digest: Notification | None = None) -> Notification | None:
    try:
        with transaction.atomic():
            return Notification.objects.create(
                recipient=item.recipient, authority_id=item.authority_id, kind=item.kind.value,
                subject_key=item.subject_key, period=item.period, action=item.action, measure=item.measure,
                title=item.title[:300], detail=item.detail, link=item.link[:500], delivery=delivery,
                digest=digest,
            )
    except IntegrityError:
        return None  # someone else has claimed (and is sending) this reminder


def _claim_digest(user: Any, week: str) -> Notification | None:
    try:
        with transaction.atomic():
            return Notification.objects.create(
                recipient=user, kind=Kind.DIGEST.value, subject_key=f"user:{user.pk}", period=week,
                title=f"Weekly digest {week}", delivery=Delivery.WEEKLY,
            )
    except IntegrityError:
        return None


def _mark_sent(notes: Sequence[Notification], *, actor: str, envelope: Notification | None = None) -> None:
    now = timezone.now()
    with transaction.atomic():
        for note in [*notes, *([envelope] if envelope else [])]:
            note.status = Notification.Status.SENT
            note.sent_at = now
            note.save(update_fields=["status", "sent_at"])
        for note in notes:
            audit_record(
                actor=actor, verb="reminder.sent", obj=note, authority=note.authority,
                after={"recipient": note.recipient.email, "kind": note.kind, "subject": note.subject_key,
                       "period": note.period, "delivery": "digest" if envelope else "immediate"},
            )


def _deliver(user: Any, items: Sequence[Outgoing], notes: list[Notification], *, digest: str,
             result: SendResult) -> bool:
    message = presenters.reminder_mail(
        user, items, base_url=settings.CLEARSIGHT_BASE_URL, from_email=settings.DEFAULT_FROM_EMAIL, digest=digest
    )
    try:
        message.send()
    except Exception as error:  # an SMTP failure must not stop everyone else's reminders
        Notification.objects.filter(pk__in=[n.pk for n in notes]).delete()
        result.lines.append(f"failed: {user.email}: {error} (will try again on the next run)")
        return False
    return True


def _send_immediately(items: Sequence[Outgoing], *, actor: str, result: SendResult) -> None:
    for item in items:
        note = _claim(item, delivery=Delivery.IMMEDIATE)
        if note is None:
            continue
        if _deliver(item.recipient, [item], [note], digest="", result=result):
            _mark_sent([note], actor=actor)
            result.sent += 1
            result.lines.append(f"mail to {item.recipient.email}: {item.title}")


def _send_digest(user: Any, items: Sequence[Outgoing], week: str, *, actor: str, result: SendResult) -> None:
    envelope = _claim_digest(user, week)
    if envelope is None:  # this week's digest has gone (or is going) already
        result.lines.append(f"in next week's digest for {user.email}: {len(items)} reminder(s)")
        return
    claimed = [(item, _claim(item, delivery=Delivery.WEEKLY, digest=envelope)) for item in items]
    mine = [(item, note) for item, note in claimed if note is not None]
    if not mine:
        envelope.delete()  # another run took every item; leave the week's digest for later news
        return
    if _deliver(user, [i for i, _ in mine], [envelope, *[n for _, n in mine]], digest=week, result=result):
        _mark_sent([n for _, n in mine], actor=actor, envelope=envelope)
        result.sent += 1
        result.lines.append(f"digest to {user.email}: {len(mine)} reminder{'s' if len(mine) != 1 else ''}")


def reminders_send(*, actor: str = SYSTEM, today: date, dry_run: bool = False) -> SendResult:
    """Send every reminder and alert due on ``today`` that has not gone before. Never inside a
    transaction: each claim must commit before its e-mail goes, or a second run cannot see it."""
    day = planner.plan_day(today)
    result = SendResult(lines=list(day.notes))
    unique: dict[tuple[int, str, str, str], Outgoing] = {}
    for item in day.items:
        unique.setdefault(item.key, item)
    logged = selectors.already_logged(set(unique))
    by_user: dict[int, list[Outgoing]] = {}
    for key, item in unique.items():
        if key not in logged:
            by_user.setdefault(item.recipient.pk, []).append(item)
    users = {items[0].recipient.pk: items[0].recipient for items in by_user.values()}
    preferences = selectors.preferences_of(list(users.values()))
    week = digest_week(today, selectors.default_schedule().digest_weekday)
    for user_id, items in by_user.items():
        user, preference = users[user_id], preferences[user_id]
        if not preference.reminders_on:
            items = [i for i in items if i.is_escalation]
        if not items:
            continue
        if preference.delivery == Delivery.WEEKLY and week is None:
            result.lines.append(f"waiting for the weekly digest: {user.email}, {len(items)} reminder(s)")
            continue
        if dry_run:
            how = "in a digest" if preference.delivery == Delivery.WEEKLY else "straight away"
            result.lines += [f"would send {how} to {user.email}: {i.title}" for i in items]
            continue
        if preference.delivery == Delivery.WEEKLY:
            _send_digest(user, items, week or "", actor=actor, result=result)
        else:
            _send_immediately(items, actor=actor, result=result)
    return result


def preference_update(*, user: Any, delivery: str, reminders_on: bool) -> ReminderPreference:
    """Save how ``user`` wants their reminders. People change only their own preferences."""
    if delivery not in Delivery.values:
        raise ValueError(f"Unknown delivery {delivery!r}.")
    with transaction.atomic():
        preference = ReminderPreference.objects.select_for_update().filter(user=user).first()
        before = (
            {"delivery": preference.delivery, "reminders_on": preference.reminders_on} if preference else
            {"delivery": Delivery.IMMEDIATE.value, "reminders_on": True}
        )
        if preference is None:
            preference = ReminderPreference(user=user)
        preference.delivery = delivery
        preference.reminders_on = reminders_on
        preference.save()
        audit_record(actor=user, verb="reminders.preferences_changed", obj=preference,
                     before=before, after={"delivery": delivery, "reminders_on": reminders_on})
    return preference


DEMO_WEEKLY = ("lead@demo.example", "manager@demo.example", "board@demo.example")
DEMO_CHAIR = "board@demo.example"


def demo_reminders_load(*, authorities: Sequence[Any]) -> list[str]:
    """Demo only: the board member chairs each improvement board, and the performance lead,
    manager and chair read a weekly digest (they would otherwise get hundreds of mails about a
    2017 plan), while the action owner and approver get each reminder straight away."""
    from clearsight.organisations.models import User
    from clearsight.reminders.models import ReminderPolicy

    lines = []
    chair = User.objects.filter(email=DEMO_CHAIR).first()
    for authority in authorities:
        _, made = ReminderPolicy.objects.get_or_create(authority=authority, defaults={"board_chair": chair})
        if made:
            lines.append(f"{authority}: reminder policy (board chair {DEMO_CHAIR})")
    for user in User.objects.filter(email__in=DEMO_WEEKLY):
        _, made = ReminderPreference.objects.get_or_create(user=user, defaults={"delivery": Delivery.WEEKLY})
        if made:
            lines.append(f"Reminders for {user.email}: weekly digest")
    return lines

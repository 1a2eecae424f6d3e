"""The words of reminder e-mails and the notifications page. No database queries here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from clearsight.engine.reminders import ALERTS, ESCALATIONS, KIND_LABELS, Kind

ADVICE: dict[Kind, str] = {
    Kind.DUE_SOON: "Add a progress update, mark the action complete when it is done, or agree a new due "
                   "date with your performance lead.",
    Kind.OVERDUE: "Add a progress update saying where the action has got to, mark it complete if it is done, "
                  "or record a new due date and the reason for it.",
    Kind.BOARD_UPDATE: "Add a progress update before the board meets, so the board sees where the action "
                       "has got to.",
    Kind.ESCALATION_LEAD: "Its lead has already been reminded. Please find out what is in the way, and help "
                          "them finish it or agree a new date.",
    Kind.ESCALATION_CHAIR: "Its lead and their manager have already been reminded. It is for the "
                           "improvement board's attention.",
    Kind.ALERT_GRADE_FALL: "Look at the measure's page for its figures, what lies behind the change, and what "
                           "it would take to get back.",
    Kind.ALERT_SIGNAL: "The change is bigger than the measure's usual ups and downs. Look at the measure's "
                       "page to see the pattern and find out what changed.",
    Kind.ALERT_DATA_MISSING: "Enter the figure, or ask whoever supplies it, so the dashboard and board "
                             "reports are up to date.",
}

TAGS: dict[str, str] = {
    **{k.value: "govuk-tag--red" for k in ESCALATIONS},
    **{k.value: "govuk-tag--orange" for k in ALERTS},
    Kind.OVERDUE.value: "govuk-tag--red",
    Kind.DUE_SOON.value: "govuk-tag--yellow",
    Kind.BOARD_UPDATE.value: "govuk-tag--blue",
}


# A digest's sections, most urgent first.
SECTIONS: list[tuple[str, tuple[Kind, ...]]] = [
    ("Escalated", (Kind.ESCALATION_CHAIR, Kind.ESCALATION_LEAD)),
    ("Overdue", (Kind.OVERDUE,)),
    ("Due soon", (Kind.DUE_SOON,)),
    ("Updates due before the board", (Kind.BOARD_UPDATE,)),
    ("Measure alerts", (Kind.ALERT_GRADE_FALL, Kind.ALERT_SIGNAL, Kind.ALERT_DATA_MISSING)),
]


@dataclass
class MailItem:
    """One reminder as an e-mail shows it."""

    kind_label: str
    title: str
    subject_line: str  # "1.1.3 Peer review, Sefton's Improvement Action Plan"
    detail: str
    why_you: str
    advice: str
    url: str
    link_text: str
    is_escalation: bool
    section: int


def mail_item(item: Any, base_url: str) -> MailItem:
    if item.action is not None:
        subject_line = f"{item.action.ref} {item.action.text[:200]}".strip()
        where = f"{item.action.plan.authority}: {item.action.plan}"
    else:
        subject_line = item.measure.name[:300]
        where = str(item.measure.authority)
    return MailItem(
        kind_label=KIND_LABELS[item.kind],
        title=item.title,
        subject_line=f"{subject_line} ({where})",
        detail=item.detail,
        why_you=item.why_you,
        advice=ADVICE[item.kind],
        url=base_url.rstrip("/") + item.link,
        link_text=f"Open action {item.action.ref} in Clearsight" if item.action is not None
        else "Open the measure in Clearsight",
        is_escalation=item.is_escalation,
        section=next(i for i, (_, kinds) in enumerate(SECTIONS) if item.kind in kinds),
    )


def reminder_mail(user: Any, items: Sequence[Any], *, base_url: str, from_email: str,
                  digest: str = "") -> EmailMultiAlternatives:
    """One e-mail, plain text and HTML, for one reminder or a weekly digest of several."""
    shown = [mail_item(i, base_url) for i in items]
    sections = [
        (heading, [m for m in shown if m.section == index])
        for index, (heading, _) in enumerate(SECTIONS)
        if any(m.section == index for m in shown)
    ]
    if digest:
        count = f"{len(shown)} reminder{'s' if len(shown) != 1 else ''}"
        subject = f"Your weekly Clearsight digest: {count}"
    else:
        first = items[0]
        place = first.action.plan.authority if first.action is not None else first.measure.authority
        subject = f"{first.title} ({place})"
    context = {
        "name": user.full_name or user.email,
        "items": shown,
        "sections": sections,
        "digest": digest,
        "preferences_url": base_url.rstrip("/") + reverse("reminder-preferences"),
        "notifications_url": base_url.rstrip("/") + reverse("notifications"),
        "subject": subject,
    }
    text = render_to_string("reminders/email/reminder.txt", context)
    html = render_to_string("reminders/email/reminder.html", context)
    message = EmailMultiAlternatives(subject[:250], text, from_email, [user.email])
    message.attach_alternative(html, "text/html")
    return message


@dataclass
class NotificationRow:
    kind_label: str
    tag: str
    title: str
    detail: str
    link: str
    when: Any
    delivery: str
    authority: str


def notification_rows(notifications: Sequence[Any]) -> list[NotificationRow]:
    return [
        NotificationRow(
            kind_label=n.kind_label, tag=TAGS.get(n.kind, "govuk-tag--grey"), title=n.title, detail=n.detail,
            link=n.link, when=n.sent_at or n.created_at,
            delivery="In your weekly digest" if n.digest_id else "By e-mail",
            authority=str(n.authority) if n.authority else "",
        )
        for n in notifications
    ]

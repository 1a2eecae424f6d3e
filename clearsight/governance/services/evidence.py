"""Writes to the evidence library. Files are checked (size and real type), kept under
MEDIA_ROOT/evidence/<ONS code>/ named by their SHA-256, and only served through a view that
checks the reader may see the plan."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from pathlib import Path, PurePath
from typing import Any

from django.conf import settings
from django.db import transaction

from clearsight.audit.services import audit_record
from clearsight.engine.evidencefiles import EvidenceFileError, check_evidence_file
from clearsight.governance import rules
from clearsight.governance.exceptions import GovernanceError
from clearsight.governance.models import EvidenceItem
from clearsight.governance.services.common import _iso, _same_authority


def _tags(item: EvidenceItem, criteria: list[Any], priorities: list[Any], measures: list[Any]) -> dict[str, Any]:
    item.success_criteria.set(criteria)
    item.priorities.set(priorities)
    item.measures.set(measures)
    return {"criteria": [c.pk for c in criteria], "priorities": [p.code for p in priorities],
            "measures": [m.pk for m in measures]}


def _checked_tags(plan: Any, criteria: Iterable[Any], priorities: Iterable[Any], measures: Iterable[Any]
                  ) -> tuple[list[Any], list[Any], list[Any]]:
    criteria, priorities, measures = list(criteria), list(priorities), list(measures)
    _same_authority(plan.authority_id, *priorities, *measures)
    for criterion in criteria:
        if criterion.priority.plan_id != plan.pk:
            raise GovernanceError("That success criterion belongs to another plan.")
    return criteria, priorities, measures


@transaction.atomic
def evidence_file_add(*, user: Any, plan: Any, title: str, data: bytes, filename: str, description: str = "",
                      evidence_date: date | None = None, criteria: Iterable[Any] = (), priorities: Iterable[Any] = (),
                      measures: Iterable[Any] = ()) -> EvidenceItem:
    rules.require_manage(user, plan.authority_id)
    if not title.strip():
        raise GovernanceError("Enter a title for the evidence.")
    try:
        kind = check_evidence_file(data, filename, int(settings.CLEARSIGHT_MAX_UPLOAD_BYTES))
    except EvidenceFileError as error:
        raise GovernanceError(str(error)) from None
    tags = _checked_tags(plan, criteria, priorities, measures)
    digest = hashlib.sha256(data).hexdigest()
    relative = Path("evidence") / plan.authority.ons_code / digest[:2] / f"{digest}{kind.extension}"
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        target.write_bytes(data)
    item = EvidenceItem.objects.create(
        authority_id=plan.authority_id, plan=plan, title=title.strip(), description=description.strip(),
        kind=EvidenceItem.Kind.FILE, stored_path=str(relative), filename=PurePath(filename).name[:255],
        content_type=kind.content_type, size=len(data), sha256=digest, evidence_date=evidence_date, added_by=user,
    )
    tagged = _tags(item, *tags)
    audit_record(actor=user, verb="evidence.file_added", obj=item, authority=plan.authority,
                 after={"title": item.title, "file": item.filename, "sha256": digest, "size": len(data),
                        "date": _iso(evidence_date), **tagged})
    return item


@transaction.atomic
def evidence_link_add(*, user: Any, plan: Any, title: str, url: str, description: str = "",
                      evidence_date: date | None = None, criteria: Iterable[Any] = (), priorities: Iterable[Any] = (),
                      measures: Iterable[Any] = ()) -> EvidenceItem:
    rules.require_manage(user, plan.authority_id)
    if not title.strip():
        raise GovernanceError("Enter a title for the evidence.")
    if not url.lower().startswith(("https://", "http://")):
        raise GovernanceError("Enter a full web address starting https://")
    tags = _checked_tags(plan, criteria, priorities, measures)
    item = EvidenceItem.objects.create(
        authority_id=plan.authority_id, plan=plan, title=title.strip(), description=description.strip(),
        kind=EvidenceItem.Kind.LINK, url=url.strip(), evidence_date=evidence_date, added_by=user,
    )
    tagged = _tags(item, *tags)
    audit_record(actor=user, verb="evidence.link_added", obj=item, authority=plan.authority,
                 after={"title": item.title, "url": item.url, "date": _iso(evidence_date), **tagged})
    return item


def evidence_open(item: EvidenceItem) -> Path:
    """The kept file's path on disk (the caller has checked the reader may see it)."""
    if item.kind != EvidenceItem.Kind.FILE:
        raise GovernanceError("This evidence is a link, not a file.")
    root = (Path(settings.MEDIA_ROOT) / "evidence").resolve()
    path = (Path(settings.MEDIA_ROOT) / item.stored_path).resolve()
    if root not in path.parents or not path.is_file():
        raise GovernanceError("The file for this evidence is missing. Ask the performance team to upload it again.")
    return path

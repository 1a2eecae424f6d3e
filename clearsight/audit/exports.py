"""The audit trail as CSV, safe to open in Excel.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be read by
Excel or LibreOffice as a formula (CSV injection: ``=HYPERLINK(...)`` typed into a comment).
Such cells are written with a leading apostrophe, which spreadsheets show as text.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from clearsight.audit.models import AuditEvent
from clearsight.engine.cells import spreadsheet_safe

HEADER = ["When", "Who", "What", "Authority", "Object type", "Object id", "Object", "Before", "After", "Note"]


def safe_cell(value: Any) -> str:
    return spreadsheet_safe("" if value is None else str(value))


def _json(value: Any) -> str:
    return "" if value is None else json.dumps(value, sort_keys=True, ensure_ascii=False)


def audit_csv(events: Iterable[AuditEvent]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for e in events:
        writer.writerow([safe_cell(v) for v in (
            timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"), e.actor_name, e.verb,
            e.authority.name if e.authority_id else "", e.object_type, e.object_id, e.object_repr,
            _json(e.before), _json(e.after), e.note,
        )])
    return out.getvalue()

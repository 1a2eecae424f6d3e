from __future__ import annotations

from django.db import models
from django.db.models import QuerySet

from clearsight.audit.models import AuditEvent


def audit_history_for(obj: models.Model) -> QuerySet[AuditEvent]:
    """Every event about one object, newest first."""
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))

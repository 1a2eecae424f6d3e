"""The audit log in Django admin: read-only. And a base class that audits every admin edit."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.http import HttpRequest

from clearsight.audit.models import AuditEvent
from clearsight.audit.services import audit_record

# Never copied into the trail: a password hash is a secret, even hashed.
SECRET_FIELDS = {"password"}


def _jsonable(instance: models.Model) -> dict[str, Any]:
    data = {k: v for k, v in model_to_dict(instance).items() if k not in SECRET_FIELDS}
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder, default=str))


class AuditedModelAdmin(admin.ModelAdmin):
    """Records who changed what in admin, before and after, in the same transaction."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            before = _jsonable(type(obj).objects.select_for_update().get(pk=obj.pk)) if change else None
            if before is not None and "version" in before:
                # An admin edit counts as a save: anyone editing in the app is told of the conflict.
                obj.version = before["version"] + 1
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user, verb=f"admin.{'changed' if change else 'added'}", obj=obj,
                authority=getattr(obj, "authority", None), before=before, after=_jsonable(obj),
            )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Inline rows (a user's memberships: their roles) are audited one by one, like the parent."""
        with transaction.atomic():
            befores = {
                f.instance.pk: _jsonable(type(f.instance).objects.get(pk=f.instance.pk))
                for f in formset.forms if f.instance.pk and (f.has_changed() or f in formset.deleted_forms)
            }
            super().save_formset(request, form, formset, change)
            parent = form.instance
            for obj in formset.new_objects:
                audit_record(actor=request.user, verb="admin.added", obj=obj,
                             authority=getattr(obj, "authority", None), after=_jsonable(obj),
                             note=f"in {parent._meta.verbose_name} {parent}")
            for obj, _fields in formset.changed_objects:
                audit_record(actor=request.user, verb="admin.changed", obj=obj,
                             authority=getattr(obj, "authority", None), before=befores.get(obj.pk),
                             after=_jsonable(obj), note=f"in {parent._meta.verbose_name} {parent}")
            for obj in formset.deleted_objects:
                audit_record(actor=request.user, verb="admin.deleted", obj=obj,
                             authority=getattr(obj, "authority", None), before=befores.get(obj.pk),
                             note=f"in {parent._meta.verbose_name} {parent}")

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            audit_record(
                actor=request.user, verb="admin.deleted", obj=obj, authority=getattr(obj, "authority", None),
                before=_jsonable(obj),
            )
            super().delete_model(request, obj)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is searched and exported in the app (/audit/) and cannot be edited."""

    list_display = ["at", "actor_name", "verb", "object_type", "object_repr", "authority"]
    list_filter = ["verb", "authority", "object_type"]
    search_fields = ["actor_name", "object_repr", "note", "verb"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

"""The API's JSON shapes. Read shapes are plain; write shapes only hold what a client may send.

Serializers shape and check input; they never decide who may do what (the services and
selectors do, exactly as for the web pages).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from clearsight.analytics.models import DataUpload
from clearsight.core.suppression import figure_withheld
from clearsight.engine.periods import PeriodError, parse_period
from clearsight.organisations.models import Authority, OrgUnit
from clearsight.performance.models import DataRelease, Measure, MeasureValue
from clearsight.plans.models import Action, ActionUpdate, Ambition, Plan, Priority, SuccessCriterion

# Organisations ---------------------------------------------------------------------------------


class AuthoritySerializer(serializers.ModelSerializer[Authority]):
    role = serializers.SerializerMethodField(help_text="Your role in this authority.")

    class Meta:
        model = Authority
        fields = ["id", "name", "ons_code", "dfe_number", "role"]

    def get_role(self, authority: Authority) -> str:
        return str(self.context.get("roles", {}).get(authority.pk, ""))


class OrgUnitSerializer(serializers.ModelSerializer[OrgUnit]):
    class Meta:
        model = OrgUnit
        fields = ["id", "name", "kind", "parent"]


class MembershipSerializer(serializers.Serializer[Any]):
    authority = serializers.IntegerField(source="authority_id")
    authority_name = serializers.CharField(source="authority.name")
    role = serializers.CharField()
    permissions = serializers.ListField(child=serializers.CharField())


class MeSerializer(serializers.Serializer[Any]):
    email = serializers.EmailField()
    name = serializers.CharField()
    token_name = serializers.CharField()
    token_expires_at = serializers.DateTimeField()
    memberships = MembershipSerializer(many=True)


# Plans -----------------------------------------------------------------------------------------


class PlanSerializer(serializers.ModelSerializer[Plan]):
    authority_name = serializers.CharField(source="authority.name", read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "authority",
            "authority_name",
            "title",
            "period_label",
            "period_start",
            "period_end",
            "status",
            "created_at",
        ]


class SuccessCriterionSerializer(serializers.ModelSerializer[SuccessCriterion]):
    priority = serializers.CharField(source="priority.code", read_only=True)

    class Meta:
        model = SuccessCriterion
        fields = ["id", "priority", "number", "text"]


class AmbitionSerializer(serializers.ModelSerializer[Ambition]):
    class Meta:
        model = Ambition
        fields = ["order", "text"]


class PrioritySerializer(serializers.ModelSerializer[Priority]):
    ambitions = AmbitionSerializer(many=True, read_only=True)
    success_criteria = SuccessCriterionSerializer(many=True, read_only=True)

    class Meta:
        model = Priority
        fields = ["id", "code", "kind", "title", "why", "order", "ambitions", "success_criteria"]


class ActionSerializer(serializers.ModelSerializer[Action]):
    priority = serializers.CharField(source="priority.code", read_only=True)
    success_criterion = serializers.IntegerField(
        source="success_criterion.number", read_only=True, allow_null=True, default=None
    )
    sprint = serializers.IntegerField(source="sprint.number", read_only=True, allow_null=True, default=None)
    leads = serializers.SerializerMethodField()

    class Meta:
        model = Action
        fields = [
            "id",
            "plan",
            "ref",
            "text",
            "priority",
            "success_criterion",
            "lead_text",
            "leads",
            "status",
            "due_text",
            "due_date",
            "original_due_text",
            "review_text",
            "rag_override",
            "rag_override_reason",
            "sprint",
            "carried_over",
            "version",
            "updated_at",
        ]

    def get_leads(self, action: Action) -> list[str]:
        return [str(lead) for lead in action.leads.all()]


class ActionStatusSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=Action.Status.choices)
    commentary = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=10_000,
        help_text="Why it changed; recorded as a progress update.",
    )
    version = serializers.IntegerField(
        required=False, min_value=1, help_text="The version you read (or send its ETag as If-Match)."
    )


class ActionUpdateSerializer(serializers.ModelSerializer[ActionUpdate]):
    class Meta:
        model = ActionUpdate
        fields = [
            "id",
            "on",
            "author_name",
            "commentary",
            "status_from",
            "status_to",
            "evidence_url",
            "imported",
            "created_at",
        ]


class ActionUpdateCreateSerializer(serializers.Serializer[Any]):
    commentary = serializers.CharField(
        max_length=10_000, help_text="What has happened since the last update."
    )
    on = serializers.DateField(required=False, help_text="The day it refers to; today if not given.")
    status = serializers.ChoiceField(
        choices=Action.Status.choices, required=False, help_text="A new status for the action, if it changed."
    )
    evidence_url = serializers.URLField(required=False, allow_blank=True, max_length=500)
    version = serializers.IntegerField(
        required=False, min_value=1, help_text="The action's version you read (or send its ETag as If-Match)."
    )

    def validate_commentary(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("Write what has happened.")
        return value


class ActionUpdateCreatedSerializer(serializers.Serializer[Any]):
    update = ActionUpdateSerializer()
    action = ActionSerializer()


# Performance -----------------------------------------------------------------------------------


class MeasureSerializer(serializers.ModelSerializer[Measure]):
    class Meta:
        model = Measure
        fields = [
            "id",
            "authority",
            "plan",
            "key",
            "name",
            "what_it_shows",
            "requires_improvement_text",
            "good_text",
            "outstanding_text",
            "unit",
            "polarity",
            "source",
            "indicator",
            "period_type",
            "frequency",
            "definition",
        ]


class ValueSerializer(serializers.ModelSerializer[MeasureValue]):
    period = serializers.SerializerMethodField(help_text="The period's key, e.g. 2026-10 or 2026-27-Q2.")
    release = serializers.IntegerField(source="release_id")
    release_status = serializers.CharField(source="release.status")
    provisional = serializers.SerializerMethodField()
    value = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True,
                                     help_text="The figure; null when withheld.")
    withheld = serializers.SerializerMethodField(
        help_text="True when small numbers are withheld from you (board members, partners, scrutiny): "
        "numerator, denominator and value are then null."
    )

    class Meta:
        model = MeasureValue
        fields = [
            "id",
            "measure",
            "period",
            "period_type",
            "period_start",
            "period_end",
            "scope",
            "org_unit",
            "numerator",
            "denominator",
            "value",
            "commentary",
            "origin",
            "release",
            "release_status",
            "provisional",
            "withheld",
        ]

    def get_withheld(self, value: MeasureValue) -> bool:
        return bool(self.context.get("suppress")) and figure_withheld(
            value.value, value.numerator, value.denominator, is_count=value.measure.unit == "count"
        ) is not None

    def to_representation(self, instance: MeasureValue) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        if data["withheld"]:
            data["numerator"] = data["denominator"] = data["value"] = None
        return data

    def get_period(self, value: MeasureValue) -> str:
        return value.period.key

    def get_provisional(self, value: MeasureValue) -> bool:
        return not value.release.is_approved


class ValueCreateSerializer(serializers.Serializer[Any]):
    period = serializers.CharField(
        max_length=30, help_text="The period's key: 2026-10, 2026-27-Q2, 2026-27 …"
    )
    numerator = serializers.DecimalField(max_digits=14, decimal_places=4, required=False, allow_null=True)
    denominator = serializers.DecimalField(max_digits=14, decimal_places=4, required=False, allow_null=True)
    value = serializers.DecimalField(max_digits=14, decimal_places=4, required=False, allow_null=True)
    org_unit = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text="A service or team; the whole authority if not given.",
    )
    commentary = serializers.CharField(required=False, allow_blank=True, max_length=10_000)

    def validate_period(self, value: str) -> Any:
        try:
            return parse_period(value)
        except PeriodError as error:
            raise serializers.ValidationError(str(error)) from None


class ReleaseSerializer(serializers.ModelSerializer[DataRelease]):
    period = serializers.SerializerMethodField()
    watermark = serializers.SerializerMethodField()
    approved_by = serializers.SerializerMethodField()

    class Meta:
        model = DataRelease
        fields = [
            "id",
            "authority",
            "period",
            "period_type",
            "period_start",
            "period_end",
            "version",
            "status",
            "reason",
            "supersedes",
            "submitted_at",
            "approved_at",
            "approved_by",
            "published_at",
            "fingerprint",
            "is_demo",
            "watermark",
        ]

    def get_period(self, release: DataRelease) -> str:
        return release.period.key

    def get_watermark(self, release: DataRelease) -> str:
        from clearsight.performance.services import release_watermark

        return release_watermark(release)

    def get_approved_by(self, release: DataRelease) -> str:
        return release.approved_by.display_name if release.approved_by else ""


# Child-level data ------------------------------------------------------------------------------


class UploadSerializer(serializers.ModelSerializer[DataUpload]):
    class Meta:
        model = DataUpload
        fields = [
            "id",
            "authority",
            "kind",
            "collection_year",
            "filename",
            "sha256",
            "size",
            "rows",
            "uploaded_by_name",
            "uploaded_at",
            "validation_errors",
            "validation_queries",
            "accepted_with_issues",
        ]


class ValidationIssueSerializer(serializers.Serializer[Any]):
    row = serializers.IntegerField(allow_null=True)
    line = serializers.IntegerField(allow_null=True)
    child = serializers.CharField(allow_null=True, help_text="Pseudonymised: never the council's own ID.")
    table = serializers.CharField(allow_null=True)
    field = serializers.CharField(allow_null=True)
    rule = serializers.CharField(allow_null=True)
    message = serializers.CharField(allow_null=True)
    severity = serializers.CharField(allow_null=True)


class UploadDetailSerializer(UploadSerializer):
    issues = serializers.SerializerMethodField()

    class Meta(UploadSerializer.Meta):
        fields = [*UploadSerializer.Meta.fields, "issues"]

    @extend_schema_field(ValidationIssueSerializer(many=True))
    def get_issues(self, upload: DataUpload) -> list[dict[str, Any]]:
        return list(self.context.get("issues", []))


class UploadCreateSerializer(serializers.Serializer[Any]):
    files = serializers.ListField(
        child=serializers.FileField(),
        min_length=1,
        help_text="One or more files: SSDA903 CSV tables, a CIN census XML …",
    )
    accept_issues = serializers.BooleanField(
        required=False, default=False, help_text="Load files that break DfE rules, keeping their issues."
    )


class UploadOutcomeSerializer(serializers.Serializer[Any]):
    uploads = UploadSerializer(many=True)
    already_loaded = serializers.ListField(child=serializers.CharField())
    not_validated = serializers.ListField(child=serializers.CharField())
    issues = serializers.IntegerField(help_text="DfE rule issues found (errors and queries).")
    indicator_results = serializers.IntegerField()


class IndicatorFigureSerializer(serializers.Serializer[Any]):
    level = serializers.CharField(help_text="'authority', a service, a team or a worker.")
    year = serializers.CharField(help_text="The financial year, e.g. 2017-18.")
    numerator = serializers.CharField(allow_null=True)
    denominator = serializers.CharField(allow_null=True)
    value = serializers.CharField(allow_null=True)
    withheld = serializers.BooleanField(help_text="True when small numbers (1-4) are suppressed.")


class IndicatorSerializer(serializers.Serializer[Any]):
    id = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    definition = serializers.CharField()
    latest = IndicatorFigureSerializer(allow_null=True)


class IndicatorDetailSerializer(IndicatorSerializer):
    year = serializers.IntegerField()
    service = serializers.CharField()
    team = serializers.CharField()
    worker = serializers.CharField()
    yearly = IndicatorFigureSerializer(many=True)
    breakdown_kind = serializers.CharField()
    breakdown = IndicatorFigureSerializer(many=True)


class ErrorDetailSerializer(serializers.Serializer[Any]):
    status = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    problems = serializers.ListField(child=serializers.DictField())


class ErrorSerializer(serializers.Serializer[Any]):
    error = ErrorDetailSerializer()

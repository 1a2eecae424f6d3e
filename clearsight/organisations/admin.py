from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest, HttpResponse

from clearsight.audit.admin import AuditedModelAdmin
from clearsight.audit.services import audit_record
from clearsight.organisations.models import Authority, Membership, OrgUnit, PartnerAgency, Person, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["authority"]


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "last_login"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Personal details", {"fields": ("full_name",)}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = User.objects.get(pk=id)
            audit_record(actor=request.user, verb="admin.password_set", obj=user,
                         note="password set by an administrator (the password is not recorded)")
        return response


@admin.register(Authority)
class AuthorityAdmin(AuditedModelAdmin):
    list_display = ["name", "ons_code", "dfe_number"]
    search_fields = ["name", "ons_code", "dfe_number"]


@admin.register(OrgUnit)
class OrgUnitAdmin(AuditedModelAdmin):
    list_display = ["name", "kind", "parent", "authority"]
    list_filter = ["authority", "kind"]
    search_fields = ["name"]


@admin.register(PartnerAgency)
class PartnerAgencyAdmin(AuditedModelAdmin):
    list_display = ["name", "sector", "authority"]
    list_filter = ["authority", "sector"]
    search_fields = ["name"]


@admin.register(Person)
class PersonAdmin(AuditedModelAdmin):
    list_display = ["name", "job_title", "agency", "authority", "user"]
    list_filter = ["authority"]
    search_fields = ["name", "job_title"]


@admin.register(Membership)
class MembershipAdmin(AuditedModelAdmin):
    list_display = ["user", "authority", "role", "org_unit", "agency"]
    list_filter = ["authority", "role"]

"""Who is who: authorities, their services and teams, partner agencies, people and users."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower

from clearsight.organisations.roles import ROLE_PERMISSIONS, Role


class Authority(models.Model):
    """A local authority (council) whose children's services use Clearsight.

    Identified nationally by its ONS code (``E08000014``) and its DfE number (``343``).
    """

    name = models.CharField(max_length=200)
    ons_code = models.CharField("ONS code", max_length=9, unique=True)
    dfe_number = models.CharField("DfE LA number", max_length=3, unique=True)

    class Meta:
        verbose_name_plural = "authorities"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrgUnit(models.Model):
    """A service or team inside an authority, arranged as a tree (service → team)."""

    class Kind(models.TextChoices):
        SERVICE = "service", "Service"
        TEAM = "team", "Team"

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="org_units")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "parent", "name"],
                name="org_unit_name_unique_under_parent",
                violation_error_message="There is already a unit with this name here.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class PartnerAgency(models.Model):
    """An agency that works with the council on the plan: police, health, probation, schools…"""

    class Sector(models.TextChoices):
        COUNCIL = "council", "Council"
        POLICE = "police", "Police"
        HEALTH = "health", "Health"
        PROBATION = "probation", "Probation"
        EDUCATION = "education", "Schools and education"
        SAFEGUARDING = "safeguarding", "Safeguarding partnership"
        VOLUNTARY = "voluntary", "Voluntary sector"
        OTHER = "other", "Other"

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="agencies")
    name = models.CharField(max_length=200)
    sector = models.CharField(max_length=20, choices=Sector.choices, default=Sector.OTHER)

    class Meta:
        verbose_name_plural = "partner agencies"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "authority", name="agency_name_unique_in_authority",
                violation_error_message="This authority already has an agency with this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """Someone named in a plan — an action lead, a board member — with or without a sign-in."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    org_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="people")
    agency = models.ForeignKey(
        PartnerAgency, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    user = models.ForeignKey(
        "organisations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )

    class Meta:
        verbose_name_plural = "people"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "authority", name="person_name_unique_in_authority",
                violation_error_message="This authority already has a person with this name.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.job_title}" if self.job_title else self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: object) -> User:
        if not email:
            raise ValueError("A user needs an e-mail address to sign in with.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractUser):
    """Someone who signs in, with their e-mail address. What they may see comes from memberships."""

    username = None  # type: ignore[assignment]
    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField(max_length=200, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()  # type: ignore[misc]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def display_name(self) -> str:
        return self.full_name or self.email


class Membership(models.Model):
    """A user's role in one authority, optionally scoped to a service or team or an agency."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    org_unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.CASCADE,
        help_text="For managers: the service or team they manage.",
    )
    agency = models.ForeignKey(
        PartnerAgency, null=True, blank=True, on_delete=models.CASCADE,
        help_text="For partners: the agency they speak for.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "authority"], name="one_role_per_user_per_authority",
                violation_error_message="This user already has a role in this authority.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} in {self.authority}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.role == Role.PARTNER and self.agency_id is None:
            raise ValidationError({"agency": "Choose the agency this partner speaks for."})
        if self.org_unit_id is not None and self.org_unit.authority_id != self.authority_id:
            raise ValidationError({"org_unit": "Choose a service or team in the same authority."})
        if self.agency_id is not None and self.agency.authority_id != self.authority_id:
            raise ValidationError({"agency": "Choose an agency that works with the same authority."})

    def allows(self, permission: str) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

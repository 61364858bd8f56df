from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    REFERRED = "referred", _("Referred")
    WAITING = "waiting", _("Waiting to start")
    ACTIVE = "active", _("Active")
    ON_HOLD = "on_hold", _("On hold")
    CLOSING = "closing", _("Closing")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Not started")


OPEN_STATUSES = (CaseStatus.REFERRED, CaseStatus.WAITING, CaseStatus.ACTIVE, CaseStatus.ON_HOLD, CaseStatus.CLOSING)


class Case(models.Model):
    """A family's file ("dossier"). Visibility is decided in `cases.selectors`, nowhere else."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("case number"), max_length=30, unique=True)
    family_name = models.CharField(_("family name"), max_length=200)
    team = models.ForeignKey("accounts.Team", verbose_name=_("team"), on_delete=models.PROTECT, related_name="cases")
    lead_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead context worker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lead_cases",
    )
    co_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("co-worker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="co_cases",
    )
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consultant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consulted_cases",
    )
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.REFERRED)
    referred_on = models.DateField(_("referral date"))
    started_on = models.DateField(_("start date"), null=True, blank=True)
    closed_on = models.DateField(_("closing date"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-referred_on", "reference"]
        indexes = [
            models.Index(fields=["team", "status"], name="case_team_status_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_closed(self) -> bool:
        return self.status in (CaseStatus.CLOSED, CaseStatus.CANCELLED)

    @property
    def start_deadline_soft(self) -> date:
        """Start within the week (seed §1)."""
        return self.referred_on + timedelta(days=7)

    @property
    def start_deadline_hard(self) -> date:
        """At the latest two weeks after referral (seed §1)."""
        return self.referred_on + timedelta(days=14)


class FamilyRole(models.TextChoices):
    CHILD = "child", _("child")
    MOTHER = "mother", _("mother")
    FATHER = "father", _("father")
    STEP_PARENT = "step_parent", _("step-parent / partner")
    GUARDIAN = "guardian", _("carer")
    SIBLING = "sibling", _("brother/sister")
    OTHER_HOUSEHOLD = "other_household", _("other household member")
    NONE = "", _("not in the family")


class Gender(models.TextChoices):
    FEMALE = "f", _("female")
    MALE = "m", _("male")
    X = "x", _("x")
    UNKNOWN = "", _("unknown")


class Person(models.Model):
    """Someone in the case: household members, network members, genogram people. Case-scoped."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="persons")
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    is_household = models.BooleanField(_("lives in the household"), default=False)
    family_role = models.CharField(_("role in the family"), max_length=20, choices=FamilyRole.choices, blank=True)
    is_index_child = models.BooleanField(_("child the case is about"), default=False)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    deceased = models.BooleanField(_("deceased"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["-is_index_child", "birth_date", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def age_on(self, day: date) -> int | None:
        if self.birth_date is None:
            return None
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years

    @property
    def is_child(self) -> bool:
        return self.family_role == FamilyRole.CHILD

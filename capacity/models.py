"""Places per team, and the free places the coördinator declares to the SDJ and the mandated services.

Seed §1: because families must be helped within one or two weeks, free places are declared two weeks
ahead. A declaration holds one `DeclaredPlace` row per place, so that each place has its own history:
declared → filled by a new referral (a case) → or lapsed when nobody took it.

Nothing here holds personal data: counts, dates, the team, the region and the coördinator.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

NOTICE_DAYS = 14  # seed §1: "2 weken op voorhand"; DOMAIN §8 rule 10
LAPSE_AFTER_DAYS = 7  # DOMAIN §7 R-FREEPLACE-UNFILLED: available_from + 7 days
DECLARATION_RHYTHM_DAYS = 14  # a declaration every two weeks
MAX_PLACES_PER_DECLARATION = 20


class RecipientKind(models.TextChoices):
    """DOMAIN §2.7 DeclarationRecipient."""

    SDJ = "sdj", _("SDJ (youth court social service)")
    OCJ = "ocj", _("OCJ (mandated agency)")
    VK = "vk", _("VK (mandated agency)")


class DeclarationStatus(models.TextChoices):
    """DOMAIN §2.7; `filled` is derived when every place is filled."""

    PLANNED = "planned", _("planned")
    SENT = "sent", _("sent")
    ACKNOWLEDGED = "acknowledged", _("receipt confirmed")
    FILLED = "filled", _("filled")
    WITHDRAWN = "withdrawn", _("withdrawn")


class PlaceStatus(models.TextChoices):
    DECLARED = "declared", _("declared")
    FILLED = "filled", _("filled")
    LAPSED = "lapsed", _("lapsed")


class CapacityPool(models.Model):
    """The places a team offers for a module in a region (DOMAIN §5.24)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(
        "accounts.Team", verbose_name=_("team"), on_delete=models.PROTECT, related_name="capacity_pools"
    )
    module = models.CharField(_("module"), max_length=200, default="Contextbegeleiding Signs of Safety")
    region = models.CharField(_("region"), max_length=100)
    total_places = models.PositiveSmallIntegerField(
        _("total places"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(500)],
        help_text=_("Leave empty to count the places from the workers' FTE × maximum caseload."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("capacity pool")
        verbose_name_plural = _("capacity pools")
        ordering = ["team", "region", "module"]
        constraints = [
            models.UniqueConstraint(fields=["team", "region", "module"], name="capacity_pool_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.module} — {self.team} ({self.region})"


class DeclarationRecipient(models.Model):
    """Who receives a team's declarations: the SDJ of the region, the OCJ and the VK (DOMAIN §2.7)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(
        "accounts.Team", verbose_name=_("team"), on_delete=models.PROTECT, related_name="declaration_recipients"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=RecipientKind.choices)
    name = models.CharField(_("name"), max_length=200)
    region = models.CharField(_("region"), max_length=100)
    email = models.EmailField(_("e-mail address"))
    active = models.BooleanField(_("receives declarations"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("declaration recipient")
        verbose_name_plural = _("declaration recipients")
        ordering = ["team", "-active", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "email"], name="capacity_recipient_unique_email"),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class CapacityDeclaration(models.Model):
    """N free places of a pool, available from a date, sent to a list of recipients."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pool = models.ForeignKey(
        CapacityPool, verbose_name=_("module / team"), on_delete=models.PROTECT, related_name="declarations"
    )
    declared_on = models.DateField(_("declared on"))
    available_from = models.DateField(_("available from"))
    places = models.PositiveSmallIntegerField(
        _("number of places"), validators=[MinValueValidator(1), MaxValueValidator(MAX_PLACES_PER_DECLARATION)]
    )
    recipients = models.ManyToManyField(
        DeclarationRecipient, verbose_name=_("recipients"), related_name="declarations", blank=True
    )
    # What was actually sent, kept even when a recipient is later changed or switched off.
    sent_to = models.JSONField(_("sent to"), default=list, blank=True)
    channel = models.CharField(_("channel"), max_length=20, default="mail", editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=DeclarationStatus.choices, default=DeclarationStatus.PLANNED
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    acknowledged_on = models.DateField(_("receipt confirmed on"), null=True, blank=True)
    # The forecast at the moment of declaring, and whether the coördinator confirmed a warning.
    forecast_free = models.SmallIntegerField(_("free according to the forecast"), null=True, blank=True)
    short_notice_confirmed = models.BooleanField(_("shorter notice confirmed"), default=False)
    over_forecast_confirmed = models.BooleanField(_("more than forecast confirmed"), default=False)
    source_case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("freed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("declared by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("free-place declaration")
        verbose_name_plural = _("free-place declarations")
        ordering = ["-declared_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.pool.team} · {self.places} × {self.available_from:%d/%m/%Y}"

    @property
    def notice_days(self) -> int:
        return (self.available_from - self.declared_on).days

    @property
    def short_notice(self) -> bool:
        return self.notice_days < NOTICE_DAYS

    def clean(self) -> None:
        super().clean()
        if self.declared_on and self.available_from and self.available_from < self.declared_on:
            raise ValidationError({"available_from": _("A place cannot be free before the day it is declared.")})


class DeclaredPlace(models.Model):
    """One declared place and what became of it."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    declaration = models.ForeignKey(
        CapacityDeclaration, verbose_name=_("declaration"), on_delete=models.CASCADE, related_name="place_rows"
    )
    number = models.PositiveSmallIntegerField(_("place"))
    status = models.CharField(_("status"), max_length=20, choices=PlaceStatus.choices, default=PlaceStatus.DECLARED)
    filled_by_case = models.OneToOneField(
        "cases.Case",
        verbose_name=_("filled by case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="declared_place",
    )
    filled_on = models.DateField(_("filled on"), null=True, blank=True)
    lapsed_on = models.DateField(_("lapsed on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("declared place")
        verbose_name_plural = _("declared places")
        ordering = ["declaration", "number"]
        constraints = [
            models.UniqueConstraint(fields=["declaration", "number"], name="capacity_place_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.declaration} #{self.number}"

    @property
    def lapses_on(self) -> date:
        return self.declaration.available_from + timedelta(days=LAPSE_AFTER_DAYS)

    def clean(self) -> None:
        super().clean()
        if self.status == PlaceStatus.FILLED and not (self.filled_by_case_id and self.filled_on):
            raise ValidationError(_("A filled place needs the case that filled it and the date."))

"""Shared building blocks: choices, the versioned-record base and the 0–10 score field."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class StatementStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PROVISIONAL = "provisional", _("provisional (step 3)")
    FINAL = "final", _("established (step 8)")
    SUPERSEDED = "superseded", _("replaced")
    ACHIEVED = "achieved", _("achieved")


# A record in these statuses may still be changed in place (with optimistic locking).
EDITABLE_STATUSES = (StatementStatus.DRAFT, StatementStatus.PROVISIONAL)
# "Current" versions: the ones that count as the case's statements, goals and bottom lines now.
CURRENT_STATUSES = (
    StatementStatus.DRAFT,
    StatementStatus.PROVISIONAL,
    StatementStatus.FINAL,
    StatementStatus.ACHIEVED,
)

SCORE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(10)]


def score_field(verbose_name, **kwargs) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(verbose_name, validators=SCORE_VALIDATORS, **kwargs)


class Stamped(models.Model):
    """Public id and who/when. Every record of this app has them (DOMAIN §5 preamble)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True


class Versioned(Stamped):
    """Provisional → final; a final version is never edited, a change makes a new version (DESIGN rule 4).

    `lineage` is shared by all versions of one statement/goal/bottom line, `number` counts them (1, 2…)
    and `supersedes` points at the version this one replaces. `version` is the optimistic-lock counter
    of an editable draft: every save bumps it, and a save that posts an older counter is refused.
    """

    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="+")
    lineage = models.UUIDField(_("series"), default=uuid.uuid4, editable=False, db_index=True)
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=StatementStatus.choices, default=StatementStatus.PROVISIONAL
    )
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("replaces version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    established_on = models.DateField(_("established on"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_final(self) -> bool:
        return self.status == StatementStatus.FINAL

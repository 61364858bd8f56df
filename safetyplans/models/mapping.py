"""The Signs of Safety map (veiligheidskaart): three columns and the 0–10 safety scale (DOMAIN §5.7)."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import Stamped, score_field


class MappingCategory(models.TextChoices):
    HARM = "harm", _("past harm")
    DANGER = "danger", _("danger")
    COMPLICATING = "complicating", _("complicating factor")
    FAMILY_WORRY = "family_worry", _("the family's worry")
    STRENGTH = "strength", _("strength")
    EXISTING_SAFETY = "existing_safety", _("existing safety")
    FAMILY_PRIDE = "family_pride", _("what the family is proud of")
    NEXT_STEP = "next_step", _("next step")
    SAFETY_GOAL = "safety_goal", _("safety goal")


class MappingColumn(models.TextChoices):
    WORRIES = "worries", _("What are we worried about?")
    WORKING_WELL = "working_well", _("What's working well?")
    NEEDS_TO_HAPPEN = "needs_to_happen", _("What needs to happen?")


COLUMN_OF: dict[str, str] = {
    MappingCategory.HARM: MappingColumn.WORRIES,
    MappingCategory.DANGER: MappingColumn.WORRIES,
    MappingCategory.COMPLICATING: MappingColumn.WORRIES,
    MappingCategory.FAMILY_WORRY: MappingColumn.WORRIES,
    MappingCategory.STRENGTH: MappingColumn.WORKING_WELL,
    MappingCategory.EXISTING_SAFETY: MappingColumn.WORKING_WELL,
    MappingCategory.FAMILY_PRIDE: MappingColumn.WORKING_WELL,
    MappingCategory.SAFETY_GOAL: MappingColumn.NEEDS_TO_HAPPEN,
    MappingCategory.NEXT_STEP: MappingColumn.NEEDS_TO_HAPPEN,
}


class MappingSource(models.TextChoices):
    VISIT = "visit", _("home visit")
    NETWORK_MEETING = "network_meeting", _("network meeting")
    DESK = "desk", _("at the office")
    CONSULTANT = "consultant", _("with the consultant")


class SafetyAspect(models.TextChoices):
    REGULARITY = "regularity", _("regularity and stability")
    CARE = "care", _("physical and emotional care")
    SECURITY = "security", _("feeling secure")
    NO_VIOLENCE = "no_violence", _("no violence or abuse")


class SafetyDimension(models.TextChoices):
    PHYSICAL = "physical", _("physical")
    EMOTIONAL = "emotional", _("emotional")


class Mapping(Stamped):
    """One map of the case at one moment; a case has maps over time (after each network meeting)."""

    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="safety_maps")
    date = models.DateField(_("date"))
    source = models.CharField(_("made during"), max_length=20, choices=MappingSource.choices)
    # A string reference: the model is the network app's, but no network code is imported here.
    meeting = models.ForeignKey(
        "network.NetworkMeeting",
        verbose_name=_("network meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    participants = models.ManyToManyField(
        "cases.Person", verbose_name=_("made with"), blank=True, related_name="safety_maps"
    )
    summary = models.TextField(_("summary"), blank=True)
    safety_score = score_field(_("safety scale (0–10)"), null=True, blank=True)
    safety_score_note = models.TextField(_("why this score"), blank=True)

    class Meta:
        verbose_name = _("safety map")
        verbose_name_plural = _("safety maps")
        ordering = ["-date", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(safety_score__isnull=True) | models.Q(safety_score__lte=10),
                name="mapping_score_0_10",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.date:%d/%m/%Y}"


class MappingItem(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    mapping = models.ForeignKey(Mapping, on_delete=models.CASCADE, related_name="items")
    category = models.CharField(_("category"), max_length=20, choices=MappingCategory.choices)
    text = models.TextField(_("description"))
    # "The only objective fact is that someone is worried" (seed §3): every item says who said it.
    said_by = models.ForeignKey(
        "cases.Person",
        verbose_name=_("said by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    said_by_name = models.CharField(
        _("said by (professional or other)"), max_length=120, blank=True, help_text=_("e.g. Eline (context worker)")
    )
    said_on = models.DateField(_("said on"))
    children = models.ManyToManyField("cases.Person", verbose_name=_("about child(ren)"), blank=True, related_name="+")
    safety_aspect = models.CharField(_("safety aspect"), max_length=20, choices=SafetyAspect.choices, blank=True)
    safety_dimension = models.CharField(
        _("safety dimension"), max_length=20, choices=SafetyDimension.choices, blank=True
    )
    event_date = models.DateField(_("date of the event"), null=True, blank=True)
    disputed = models.BooleanField(_("disputed"), default=False)
    dispute_note = models.TextField(_("what is disputed"), blank=True)
    is_exception = models.BooleanField(_("exception to the problem"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("map item")
        verbose_name_plural = _("map items")
        ordering = ["category", "said_on", "pk"]

    def __str__(self) -> str:
        return self.text[:60]

    def clean(self) -> None:
        if not self.said_by_id and not self.said_by_name.strip():
            raise ValidationError({"said_by": _("Say who said this: pick a person or type a name.")})
        if self.disputed and not self.dispute_note.strip():
            raise ValidationError({"dispute_note": _("Describe what is disputed.")})

    @property
    def column(self) -> str:
        return COLUMN_OF[self.category]

    @property
    def said_by_label(self) -> str:
        return str(self.said_by) if self.said_by_id else self.said_by_name

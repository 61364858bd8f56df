"""Scaling scores from every voice (DOMAIN §5.11)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import Stamped, score_field


class Voice(models.TextChoices):
    PARENT = "parent", _("parent")
    CHILD = "child", _("child")
    JIM = "jim", _("JIM")
    NETWORK = "network", _("network member")
    CONSULTANT = "consultant", _("consultant")
    CONTEXT_WORKER = "context_worker", _("context worker")


class ScaleType(models.TextChoices):
    OVERALL = "overall_safety", _("overall safety (0–10)")
    GOAL = "goal", _("safety goal")
    CHILD_LADDER = "child_safety_ladder", _("child's safety ladder")
    CONFIDENCE = "confidence", _("confidence")
    WILLINGNESS = "willingness", _("willingness")


# The child's ladder answers the same question in child's words: it belongs on the overall chart.
OVERALL_TYPES = (ScaleType.OVERALL, ScaleType.CHILD_LADDER)


class ScalingScore(Stamped):
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="scaling_scores"
    )
    date = models.DateField(_("date"))
    person = models.ForeignKey(
        "cases.Person", verbose_name=_("who scores"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scorer_name = models.CharField(_("who scores (name)"), max_length=120, blank=True)
    voice = models.CharField(_("voice"), max_length=20, choices=Voice.choices)
    scale_type = models.CharField(_("kind of scale"), max_length=24, choices=ScaleType.choices)
    goal = models.ForeignKey(
        "safetyplans.SafetyGoal",
        verbose_name=_("safety goal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="scores",
    )
    score = score_field(_("score"))
    why_not_lower = models.TextField(_("What makes it not lower?"), blank=True)
    one_point_higher = models.TextField(_("What would one point higher look like?"), blank=True)
    meeting = models.ForeignKey(
        "network.NetworkMeeting",
        verbose_name=_("network meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("scaling score")
        verbose_name_plural = _("scaling scores")
        ordering = ["date", "pk"]
        constraints = [
            # DOMAIN §8 rule 6, also at the database level.
            models.CheckConstraint(condition=models.Q(score__lte=10), name="scalingscore_score_0_10"),
        ]
        indexes = [models.Index(fields=["case", "scale_type", "date"], name="scaling_case_type_date")]

    def __str__(self) -> str:
        return f"{self.scorer_label} {self.date:%d/%m/%Y}: {self.score}"

    @property
    def scorer_label(self) -> str:
        return str(self.person) if self.person_id else self.scorer_name

    def clean(self) -> None:
        if not self.person_id and not self.scorer_name.strip():
            raise ValidationError({"person": _("Say who gives this score: pick a person or type a name.")})
        if self.scale_type == ScaleType.GOAL and not self.goal_id:
            raise ValidationError({"goal": _("Pick the safety goal this score is about.")})
        if self.goal_id and self.goal.case_id != self.case_id:
            raise ValidationError({"goal": _("This goal belongs to another case.")})

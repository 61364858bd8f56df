"""Danger statements, safety goals and bottom lines (DOMAIN §5.8–5.10): versioned, never overwritten."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import StatementStatus, Versioned


class DangerStatement(Versioned):
    title = models.CharField(_("short title"), max_length=120)
    who_is_worried = models.TextField(_("Who is worried?"), help_text=_("Name the people, e.g. Nadia and Eline."))
    behaviour_of = models.ManyToManyField(
        "cases.Person", verbose_name=_("whose behaviour"), blank=True, related_name="+"
    )
    worrying_behaviour = models.TextField(
        _("About which behaviour?"), help_text=_("Concrete: what happened, when, how often. No labels.")
    )
    protective_behaviour = models.TextField(_("What is already going well?"), blank=True)
    impact_on_child = models.TextField(_("Impact on the child"))
    if_nothing_changes = models.TextField(_("What could happen if nothing changes?"))
    dispute = models.TextField(_("What do we not (yet) agree on?"), blank=True)
    statement_text = models.TextField(
        _("The statement in plain language"),
        help_text=_("One text the family can read. Left empty, it is composed from the parts above."),
    )
    children = models.ManyToManyField("cases.Person", verbose_name=_("child(ren)"), blank=True, related_name="+")
    formulated_with = models.ManyToManyField(
        "cases.Person", verbose_name=_("formulated together with"), blank=True, related_name="+"
    )
    agreed_by_consultant_on = models.DateField(_("agreed by the consultant on"), null=True, blank=True)

    class Meta:
        verbose_name = _("danger statement")
        verbose_name_plural = _("danger statements")
        ordering = ["created_at", "number"]
        constraints = [
            models.UniqueConstraint(fields=["lineage", "number"], name="dangerstatement_lineage_number"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"


class SafetyGoal(Versioned):
    # Paired with the statement version it was written against; selectors pair by the statement's lineage.
    danger_statement = models.ForeignKey(
        DangerStatement, verbose_name=_("danger statement"), on_delete=models.PROTECT, related_name="goals"
    )
    title = models.CharField(_("short title"), max_length=120)
    who_needs_to_see = models.TextField(_("Who needs to see what?"))
    parent_behaviour = models.TextField(
        _("What do the parents do differently?"), help_text=_("Positive and observable: what they DO.")
    )
    network_behaviour = models.TextField(_("What does the network do?"), blank=True)
    child_experience = models.TextField(_("What does the child experience?"), blank=True)
    observable_signs = models.TextField(_("How do we know? (observable signs)"), blank=True)
    duration_weeks = models.PositiveSmallIntegerField(
        _("For how many weeks must we see it working?"), null=True, blank=True
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    family_words = models.TextField(_("The goal in the family's own words"), blank=True)
    scale_question = models.TextField(_("Scaling question for this goal (what is a 10?)"), blank=True)
    smart_checked = models.BooleanField(_("The family and the network find this goal realistic"), default=False)

    class Meta:
        verbose_name = _("safety goal")
        verbose_name_plural = _("safety goals")
        ordering = ["created_at", "number"]
        constraints = [
            models.UniqueConstraint(fields=["lineage", "number"], name="safetygoal_lineage_number"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    def clean(self) -> None:
        # DOMAIN §8 rule 2: a final goal says how long and what we will see.
        if self.status == StatementStatus.FINAL:
            errors = {}
            if not self.duration_weeks:
                errors["duration_weeks"] = _("A final goal needs a duration: for how many weeks must we see it?")
            if not self.observable_signs.strip():
                errors["observable_signs"] = _("A final goal needs observable signs: how do we know?")
            if errors:
                raise ValidationError(errors)
        if self.duration_weeks is not None and not 1 <= self.duration_weeks <= 104:
            raise ValidationError({"duration_weeks": _("Choose a duration between 1 and 104 weeks.")})

    def smart_missing(self) -> list[str]:
        """What the SMART check misses, named so a worker knows what to add."""
        missing = []
        if not (self.who_needs_to_see.strip() and self.parent_behaviour.strip()):
            missing.append(_("Specific: say who needs to see it and what the parents do differently."))
        if not self.observable_signs.strip():
            missing.append(_("Measurable: describe the observable signs (how do we know?)."))
        if not self.family_words.strip():
            missing.append(_("Acceptable: write the goal in the family's own words."))
        if not self.smart_checked:
            missing.append(_("Realistic: confirm that the family and the network find it achievable."))
        if not (self.duration_weeks or self.target_date):
            missing.append(_("Time-bound: give the number of weeks or a target date."))
        return missing


class BottomLine(Versioned):
    """A non-negotiable condition set by the consultant (optional; DOMAIN §5.10)."""

    text = models.TextField(_("bottom line"))
    rationale = models.TextField(_("why"), blank=True)
    consequence_if_breached = models.TextField(_("what happens if it is not met"), blank=True)
    set_by_user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("set by (consultant)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    set_by_name = models.CharField(
        _("set by"), max_length=120, help_text=_("The consultant or youth judge who set this bottom line.")
    )
    recorded_on_behalf = models.BooleanField(_("recorded on the consultant's behalf"), default=False)
    linked_statements = models.ManyToManyField(
        DangerStatement, verbose_name=_("linked danger statements"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("bottom line")
        verbose_name_plural = _("bottom lines")
        ordering = ["created_at", "number"]
        constraints = [
            models.UniqueConstraint(fields=["lineage", "number"], name="bottomline_lineage_number"),
        ]

    def __str__(self) -> str:
        return f"{self.text[:60]} (v{self.number})"

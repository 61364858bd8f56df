"""IPT competence analysis with skill goals (DOMAIN §5.19) and the risk dialogue (DOMAIN §5.21)."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import Stamped, score_field


class CompetenceItemType(models.TextChoices):
    TASK = "task", _("developmental task")
    SKILL = "skill", _("skill")
    SKILL_GAP = "skill_gap", _("missing skill")
    STRESSOR_ENV = "stressor_env", _("stressor in the environment")
    STRESSOR_INTERNAL = "stressor_internal", _("internal stressor / pathology")
    PROTECTIVE_PERSONAL = "protective_personal", _("protective personal trait")
    PROTECTIVE_ENV = "protective_env", _("protective factor in the environment")


TASK_SIDE = (CompetenceItemType.TASK, CompetenceItemType.STRESSOR_ENV, CompetenceItemType.STRESSOR_INTERNAL)


class CompetenceBalance(models.TextChoices):
    BALANCED = "balanced", _("in balance")
    UNDER_PRESSURE = "under_pressure", _("under pressure")
    DISTURBED = "disturbed", _("disturbed")


class SkillDomain(models.TextChoices):
    PARENTING = "parenting", _("parenting skills")
    EMOTION_REGULATION = "emotion_regulation", _("emotion regulation")
    SOCIAL_COMMUNICATION = "social_communication", _("social and communication skills")
    PRACTICAL = "practical", _("practical skills")
    OTHER = "other", _("other")


class SkillGoalStatus(models.TextChoices):
    OPEN = "open", _("to start")
    IN_PROGRESS = "in_progress", _("working on it")
    ACHIEVED = "achieved", _("achieved")
    STOPPED = "stopped", _("stopped")


class CompetenceAnalysis(Stamped):
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="competence_analyses"
    )
    person = models.ForeignKey(
        "cases.Person", verbose_name=_("family member"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("date"))
    made_with = models.ManyToManyField(
        "cases.Person", verbose_name=_("made together with"), blank=True, related_name="+"
    )
    balance = models.CharField(_("balance"), max_length=20, choices=CompetenceBalance.choices, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    possible_pathology = models.TextField(_("possible pathology to discuss"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("competence analysis")
        verbose_name_plural = _("competence analyses")
        ordering = ["-date", "pk"]

    def __str__(self) -> str:
        return f"{self.person} {self.date:%d/%m/%Y}"


class CompetenceItem(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    analysis = models.ForeignKey(CompetenceAnalysis, on_delete=models.CASCADE, related_name="items")
    type = models.CharField(_("kind"), max_length=24, choices=CompetenceItemType.choices)
    text = models.TextField(_("description"))
    weight = models.PositiveSmallIntegerField(_("weight (1–3)"), choices=[(1, "1"), (2, "2"), (3, "3")], default=1)

    class Meta:
        verbose_name = _("competence item")
        verbose_name_plural = _("competence items")
        ordering = ["type", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class SkillGoal(Stamped):
    """An IPT work point; the safety plan links to it ("veiligheidsplan+")."""

    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="skill_goals")
    person = models.ForeignKey(
        "cases.Person", verbose_name=_("family member"), on_delete=models.PROTECT, related_name="+"
    )
    analysis = models.ForeignKey(
        CompetenceAnalysis, null=True, blank=True, on_delete=models.SET_NULL, related_name="skill_goals"
    )
    domain = models.CharField(_("domain"), max_length=24, choices=SkillDomain.choices)
    goal_text = models.TextField(_("skill goal"))
    method = models.CharField(
        _("method"), max_length=200, blank=True, help_text=_("e.g. modelling, role play, homework")
    )
    linked_safety_goal = models.ForeignKey(
        "safetyplans.SafetyGoal",
        verbose_name=_("linked safety goal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="skill_goals",
    )
    network_support = models.ForeignKey(
        "cases.Person",
        verbose_name=_("support from the network"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=20, choices=SkillGoalStatus.choices, default=SkillGoalStatus.OPEN)
    evaluated_on = models.DateField(_("evaluated on"), null=True, blank=True)
    progress_score = score_field(_("progress (0–10)"), null=True, blank=True)

    class Meta:
        verbose_name = _("skill goal")
        verbose_name_plural = _("skill goals")
        ordering = ["person", "domain", "pk"]

    def __str__(self) -> str:
        return self.goal_text[:60]


class RiskDomain(models.TextChoices):
    CHILD = "child", _("child")
    PARENT = "parent", _("parent")
    FAMILY = "family", _("family")
    ENVIRONMENT = "environment", _("environment")
    PROTECTIVE = "protective", _("protective")


class RiskFactor(models.Model):
    """The configurable list the risk dialogue walks through (managed by the admin)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    domain = models.CharField(_("domain"), max_length=20, choices=RiskDomain.choices)
    text = models.CharField(_("risk factor"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("risk factor")
        verbose_name_plural = _("risk factors")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class RiskItemStatus(models.TextChoices):
    UNKNOWN = "unknown", _("unknown")
    PRESENT = "present", _("present")
    PARTLY = "partly", _("partly")
    ABSENT = "absent", _("absent")
    DISPUTED = "disputed", _("disputed (the family sees it differently)")


class RiskBecomes(models.TextChoices):
    NONE = "", _("—")
    WORRY = "worry", _("worry")
    COMPLICATING = "complicating_factor", _("complicating factor")
    STRENGTH = "strength", _("strength")
    EXISTING_SAFETY = "existing_safety", _("existing safety")
    NEXT_STEP = "next_step", _("next step")


class RiskInstrument(models.TextChoices):
    INTERNAL = "internal_list", _("internal list (based on LIRIK)")
    LIRIK = "lirik", _("LIRIK")
    OTHER = "other", _("other")


class RiskAssessment(Stamped):
    """A conversation record ("denken met"), not a score."""

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="risk_dialogues"
    )
    date = models.DateField(_("date"))
    instrument = models.CharField(
        _("list used"), max_length=20, choices=RiskInstrument.choices, default=RiskInstrument.INTERNAL
    )
    discussed_with = models.ManyToManyField(
        "cases.Person", verbose_name=_("discussed with"), blank=True, related_name="+"
    )
    overall_family_view = models.TextField(_("How the family sees it overall"), blank=True)
    overall_professional_view = models.TextField(_("How we see it overall"), blank=True)

    class Meta:
        verbose_name = _("risk dialogue")
        verbose_name_plural = _("risk dialogues")
        ordering = ["-date", "pk"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}"


class RiskItem(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assessment = models.ForeignKey(RiskAssessment, on_delete=models.CASCADE, related_name="items")
    factor = models.ForeignKey(RiskFactor, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    order = models.PositiveSmallIntegerField(default=100)
    domain = models.CharField(_("domain"), max_length=20, choices=RiskDomain.choices)
    item_text = models.CharField(_("risk factor"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=RiskItemStatus.choices, default=RiskItemStatus.UNKNOWN
    )
    family_view = models.TextField(_("How do the parents / the child see this?"), blank=True)
    professional_view = models.TextField(_("How do we see this?"), blank=True)
    next_step = models.TextField(_("What we agreed to look into"), blank=True)
    becomes = models.CharField(_("becomes"), max_length=24, choices=RiskBecomes.choices, blank=True)

    class Meta:
        verbose_name = _("risk dialogue item")
        verbose_name_plural = _("risk dialogue items")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.item_text

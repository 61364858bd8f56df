"""The safety plan (DOMAIN §5.15–5.17): versions, agreements, review, sign-off, monitoring, incidents."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import Stamped

SHORT_TEXT = 4000
LONG_TEXT = 8000


def text_field(label, *, limit: int = SHORT_TEXT, blank: bool = True, **kwargs) -> models.TextField:
    """Free text with a hard cap: 5 MB pasted in a field is a form error, not a slow save."""
    return models.TextField(label, max_length=limit, validators=[MaxLengthValidator(limit)], blank=blank, **kwargs)


class PlanKind(models.TextChoices):
    IMMEDIATE = "immediate", _("immediate safety agreements (step 1)")
    MAIN = "main", _("safety plan")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("submitted for review")
    CHANGES_REQUESTED = "changes_requested", _("changes requested")
    APPROVED = "approved", _("approved by the consultant")
    CHECKED = "checked", _("checked with the youth judge / GV")
    FINAL = "final", _("definitive")
    ACTIVE = "active", _("active")
    EVALUATED = "evaluated", _("evaluated")
    SUPERSEDED = "superseded", _("replaced")


# The worker may change a plan in place only in these statuses (optimistic locking).
PLAN_EDITABLE = (PlanStatus.DRAFT, PlanStatus.CHANGES_REQUESTED)
# Definitive versions: never edited again (DOMAIN §8 rule 5).
PLAN_DEFINITIVE = (PlanStatus.FINAL, PlanStatus.ACTIVE, PlanStatus.EVALUATED, PlanStatus.SUPERSEDED)


class Frequency(models.TextChoices):
    EACH_TIME = "each_time", _("each time (when something happens)")
    DAILY = "daily", _("daily")
    WEEKLY = "weekly", _("weekly")
    FIXED_DAYS = "fixed_days", _("on fixed days")
    WEEKENDS = "weekends", _("every weekend")
    BIWEEKLY = "biweekly", _("every two weeks")
    MONTHLY = "monthly", _("monthly")
    ONCE = "once", _("once")


# Days between two checks of an agreement, from its (check) frequency. "Each time" agreements are
# checked weekly: the trigger itself cannot be scheduled.
CHECK_INTERVAL_DAYS = {
    Frequency.EACH_TIME: 7,
    Frequency.DAILY: 7,
    Frequency.WEEKLY: 7,
    Frequency.FIXED_DAYS: 7,
    Frequency.WEEKENDS: 7,
    Frequency.BIWEEKLY: 14,
    Frequency.MONTHLY: 30,
}


class AgreementStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    PAUSED = "paused", _("paused")
    ENDED = "ended", _("ended")


class ReviewerType(models.TextChoices):
    GV_CONSULTANT = "gv_consultant", _("consultant of the OCJ (voluntary)")
    SDJ_CONSULTANT = "sdj_consultant", _("social service of the youth court")
    YOUTH_JUDGE = "youth_judge", _("youth judge")


class ReviewMethod(models.TextChoices):
    MEETING = "meeting", _("meeting")
    MAIL = "mail", _("e-mail")
    HEARING = "hearing", _("hearing")


class ReviewResult(models.TextChoices):
    APPROVED = "approved", _("approved")
    APPROVED_WITH_CONDITIONS = "approved_with_conditions", _("approved on conditions")
    REJECTED = "rejected", _("not approved")


APPROVING_RESULTS = (ReviewResult.APPROVED, ReviewResult.APPROVED_WITH_CONDITIONS)


class SignerRole(models.TextChoices):
    PARENT = "parent", _("parent")
    CHILD = "child", _("child / young person")
    JIM = "jim", _("JIM")
    NETWORK = "network", _("network member")
    CONTEXT_WORKER = "context_worker", _("context worker")
    CONSULTANT = "consultant", _("consultant")


class SignMethod(models.TextChoices):
    PAPER = "paper", _("on paper (scanned)")
    TABLET = "tablet", _("on a tablet")
    VERBAL_RECORDED = "verbal_recorded", _("verbally, recorded")


class CheckSource(models.TextChoices):
    HOME_VISIT = "home_visit", _("home visit")
    PHONE = "phone", _("phone call")
    MESSAGE = "message", _("text message / e-mail")
    SCHOOL_REPORT = "school_report", _("report from school")
    SELF_REPORT = "self_report", _("told by the family")


class CheckOutcome(models.TextChoices):
    KEPT = "kept", _("kept")
    KEPT_PARTLY = "kept_partly", _("partly kept")
    NOT_KEPT_CHILD_SAFE = "not_kept_child_safe", _("not kept, child safe (learning moment)")
    NOT_KEPT_UNSAFE = "not_kept_unsafe", _("not kept, unsafe")
    NOT_APPLICABLE = "not_applicable", _("not applicable / no occasion")
    UNKNOWN = "unknown", _("could not be checked")


class SafetyPlan(Stamped):
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=PlanKind.choices, default=PlanKind.MAIN)
    lineage = models.UUIDField(_("series"), default=uuid.uuid4, editable=False, db_index=True)
    label = models.CharField(_("version"), max_length=8, default="1.0")
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("replaces version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    # Optimistic-lock counter of an editable draft (the same pattern as the statements).
    version = models.PositiveIntegerField(default=1, editable=False)
    change_note = models.CharField(_("what changed in this version"), max_length=300, blank=True)
    # The frame (step 8): the final statements, goals and bottom lines this plan answers.
    danger_statements = models.ManyToManyField(
        "safetyplans.DangerStatement", verbose_name=_("danger statements"), blank=True, related_name="+"
    )
    goals = models.ManyToManyField(
        "safetyplans.SafetyGoal", verbose_name=_("safety goals"), blank=True, related_name="+"
    )
    bottom_lines = models.ManyToManyField(
        "safetyplans.BottomLine", verbose_name=_("bottom lines"), blank=True, related_name="+"
    )
    safe_home_points = text_field(_("On which points is the home situation safe?"), limit=LONG_TEXT)
    needs_more_safety = text_field(_("On which points must safety grow?"), limit=LONG_TEXT)
    family_measures = text_field(_("Which measures do the family members have in mind?"), limit=LONG_TEXT)
    family_strengths_used = text_field(_("Which strengths can the family use?"), limit=LONG_TEXT)
    change_now = text_field(_("What must change right now?"), limit=LONG_TEXT)
    red_flags = text_field(_("Warning signs for the network"), limit=LONG_TEXT)
    run_period_weeks = models.PositiveSmallIntegerField(
        _("For how many weeks do we want to see the plan working?"), null=True, blank=True
    )
    monitoring_summary = text_field(_("Who monitors what, and how?"), limit=LONG_TEXT)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    next_evaluation = models.DateField(_("next evaluation"), null=True, blank=True)
    linked_skill_goals = models.ManyToManyField(
        "safetyplans.SkillGoal", verbose_name=_("linked IPT skill goals"), blank=True, related_name="+"
    )
    submitted_on = models.DateField(_("submitted for review on"), null=True, blank=True)
    consultant_decided_on = models.DateField(_("consultant decided on"), null=True, blank=True)
    finalised_on = models.DateField(_("definitive on"), null=True, blank=True)
    # R-PLAN-CHILDVERSION (DOMAIN §5.16): when the child-friendly version was explained to the children.
    child_version_shared_on = models.DateField(
        _("child-friendly version discussed with the children on"), null=True, blank=True
    )
    override_reason = models.CharField(_("reason for the override"), max_length=500, blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    fingerprint = models.CharField(_("fingerprint"), max_length=64, blank=True)
    stored_pdf = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("safety plan")
        verbose_name_plural = _("safety plans")
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["lineage", "label"], name="safetyplan_lineage_label")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.label}"

    def clean(self) -> None:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end date lies before the start date.")})
        if self.run_period_weeks is not None and not 1 <= self.run_period_weeks <= 104:
            raise ValidationError({"run_period_weeks": _("Choose a duration between 1 and 104 weeks.")})

    @property
    def is_editable(self) -> bool:
        return self.status in PLAN_EDITABLE

    @property
    def is_definitive(self) -> bool:
        return self.status in PLAN_DEFINITIVE


class Agreement(Stamped):
    plan = models.ForeignKey(SafetyPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="agreements")
    number = models.PositiveSmallIntegerField(_("no."))
    # Shared by the copies of one agreement across plan versions: checks follow the agreement, not the copy.
    series = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    text = text_field(_("Agreement (who does what, when, where)"), blank=False)
    goal = models.ForeignKey(
        "safetyplans.SafetyGoal",
        verbose_name=_("goal it serves"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    bottom_line = models.ForeignKey(
        "safetyplans.BottomLine",
        verbose_name=_("bottom line"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible = models.ManyToManyField("cases.Person", verbose_name=_("responsible"), blank=True, related_name="+")
    responsible_text = models.CharField(_("responsible (in words)"), max_length=200, blank=True)
    monitor_professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("professional monitor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    monitor_network = models.ForeignKey(
        "cases.Person",
        verbose_name=_("network monitor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    frequency = models.CharField(_("frequency"), max_length=12, choices=Frequency.choices, blank=True)
    fixed_days = models.CharField(_("which days"), max_length=100, blank=True)
    trigger = models.CharField(_("when (situation / trigger)"), max_length=300, blank=True)
    check_frequency = models.CharField(_("how often we check"), max_length=12, choices=Frequency.choices, blank=True)
    duration = models.CharField(_("duration"), max_length=200, blank=True)
    check_method = text_field(_("How do we check it?"))
    if_not_kept = text_field(_("What if it is not kept?"))
    who_to_call = text_field(_("Who to call (names and numbers)"))
    child_text = text_field(_("In words for the child"))
    status = models.CharField(_("status"), max_length=10, choices=AgreementStatus.choices, default="active")
    paused_until = models.DateField(_("paused until"), null=True, blank=True)
    proposed_solution_code = models.UUIDField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="agreement_plan_number")]

    def __str__(self) -> str:
        return f"A{self.number}"

    def clean(self) -> None:
        # The monitor and frequency requirement (DOMAIN §8 rule 3) is checked by the form and before
        # review: a draft agreement made from a network proposal may still lack them.
        if self.frequency == Frequency.FIXED_DAYS and not self.fixed_days.strip():
            raise ValidationError({"fixed_days": _("Name the fixed days.")})

    @property
    def check_interval_days(self) -> int | None:
        return CHECK_INTERVAL_DAYS.get(self.check_frequency or self.frequency)

    @property
    def missing_network_monitor(self) -> bool:
        return not self.monitor_network_id


class PlanComment(Stamped):
    """The consultant's remark on the plan or on one agreement during the review (step 10)."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="comments")
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    text = text_field(_("comment"), blank=False)

    class Meta:
        ordering = ["created_at"]


class PlanReview(Stamped):
    """The check with the youth judge or the GV consultant (step 10)."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="reviews")
    reviewer_type = models.CharField(_("checked with"), max_length=20, choices=ReviewerType.choices)
    reviewer_name = models.CharField(_("name of the reviewer"), max_length=150)
    method = models.CharField(_("how"), max_length=10, choices=ReviewMethod.choices)
    reviewed_on = models.DateField(_("date"))
    result = models.CharField(_("outcome"), max_length=30, choices=ReviewResult.choices)
    conditions = text_field(_("conditions (agreed, provided that ...)"))

    class Meta:
        ordering = ["reviewed_on", "created_at"]

    def clean(self) -> None:
        if self.result == ReviewResult.APPROVED_WITH_CONDITIONS and not self.conditions.strip():
            raise ValidationError({"conditions": _("Write down the conditions.")})


def sign_off_scan_path(instance, filename: str) -> str:
    # The service chooses a random name: never the uploader's file name.
    return f"cases/{instance.plan.case.code}/plans/signatures/{filename}"


class PlanSignOff(Stamped):
    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="sign_offs")
    signer_role = models.CharField(_("signs as"), max_length=20, choices=SignerRole.choices)
    person = models.ForeignKey(
        "cases.Person", verbose_name=_("person"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=150)
    signed_on = models.DateField(_("signed on"))
    method = models.CharField(_("how"), max_length=20, choices=SignMethod.choices, default=SignMethod.PAPER)
    scan = models.FileField(upload_to=sign_off_scan_path, max_length=255, blank=True)
    scan_content_type = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["signed_on", "created_at"]


class AgreementCheck(Stamped):
    """One line of the monitoring log (step 12)."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="checks"
    )
    checked_on = models.DateField(_("checked on"))
    on_behalf_of = models.ForeignKey(
        "cases.Person",
        verbose_name=_("on behalf of (network monitor)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=20, choices=CheckSource.choices)
    outcome = models.CharField(_("outcome"), max_length=30, choices=CheckOutcome.choices)
    child_safe = models.BooleanField(_("the child was safe"), default=True)
    what_happened = text_field(_("What happened?"))
    what_helped = text_field(_("What helped?"))
    follow_up = text_field(_("Follow-up"))
    # Recorded from the contact form: the visit at which the agreement was looked at (issue 5).
    contact = models.ForeignKey(
        "cases.Contact",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-checked_on", "-created_at"]


class ContactAgreement(models.Model):
    """An agreement of the plan in force looked at during a contact (DOMAIN §5.18 `agreements_checked`)."""

    contact = models.ForeignKey("cases.Contact", on_delete=models.CASCADE, related_name="+")
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="contact_links")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("agreement looked at during a contact")
        verbose_name_plural = _("agreements looked at during a contact")
        constraints = [models.UniqueConstraint(fields=["contact", "agreement"], name="contact_agreement_once")]

    def __str__(self) -> str:
        return f"A{self.agreement.number} · {self.contact_id}"


class Incident(Stamped):
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(SafetyPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="incidents")
    occurred_on = models.DateField(_("date"))
    description = text_field(_("What happened?"), blank=False)
    children_present = models.BooleanField(_("children present"), default=False)
    police_involved = models.BooleanField(_("police involved"), default=False)
    agreements = models.ManyToManyField(
        Agreement, verbose_name=_("agreements involved"), blank=True, related_name="incidents"
    )
    bottom_line_breached = models.BooleanField(_("a bottom line was breached"), default=False)
    actions_taken = text_field(_("What was done?"))
    consultant_informed_on = models.DateField(_("consultant informed on"), null=True, blank=True)
    learning = text_field(_("What do we learn from it?"))
    escalation_closed_on = models.DateField(_("escalation handled on"), null=True, blank=True)

    class Meta:
        ordering = ["-occurred_on", "-created_at"]

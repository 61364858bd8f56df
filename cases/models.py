from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .trajectory import step_title


class CaseStatus(models.TextChoices):
    REFERRED = "referred", _("Referred")
    WAITING = "waiting", _("Waiting to start")
    ACTIVE = "active", _("Active")
    ON_HOLD = "on_hold", _("On hold")
    CLOSING = "closing", _("Closing")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Not started")


OPEN_STATUSES = (CaseStatus.REFERRED, CaseStatus.WAITING, CaseStatus.ACTIVE, CaseStatus.ON_HOLD, CaseStatus.CLOSING)


class ReferralSource(models.TextChoices):
    OCJ = "ocj", _("OCJ (mandated agency)")
    VK = "vk", _("VK (mandated agency)")
    SDJ = "sdj", _("SDJ (judicial)")
    OTHER = "other", _("Other (CLB, CAW, OCMW …)")


class LegalFramework(models.TextChoices):
    MANO = "mano", _("Social necessity (GV)")
    JUDICIAL = "judicial", _("Judicial youth care (youth judge)")
    URGENT_JUDICIAL = "urgent_judicial", _("Urgent measure")
    VOLUNTARY = "voluntary", _("Voluntary (exception)")


class PlacementThreat(models.TextChoices):
    THREATENING = "threatening", _("threatening")
    INDICATED = "indicated", _("already indicated")
    PLACED_RETURN = "placed_return", _("child placed, return being prepared")
    NONE = "none", _("none")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("start within the week")
    HIGH = "high", _("high: start within 2 days")
    CRISIS = "crisis", _("crisis: start today")


class GuidancePhase(models.TextChoices):
    START = "start", _("Start phase (analysis)")
    COACHING = "coaching", _("Coaching phase")
    CONSOLIDATION = "consolidation", _("Consolidation & closure")


class SafetyWorkPhase(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediate safety")
    STABLE = "stable", _("Stable safety")
    RECOVERY = "recovery", _("Recovery & stress reduction")
    STABILISATION = "stabilisation", _("Stabilisation (evaluate/adjust)")
    RELAPSE = "relapse", _("Dealing with relapse")


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
    referral_source = models.CharField(
        _("referred by (mandate)"), max_length=20, choices=ReferralSource.choices, default=ReferralSource.OCJ
    )
    legal_framework = models.CharField(
        _("legal framework"), max_length=20, choices=LegalFramework.choices, default=LegalFramework.MANO
    )
    placement_threat = models.CharField(
        _("out-of-home placement"), max_length=20, choices=PlacementThreat.choices, default=PlacementThreat.THREATENING
    )
    concern_summary = models.TextField(_("reason for referral"), blank=True)
    mandating_body = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("mandated agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mandated_cases",
    )
    region = models.CharField(_("region"), max_length=100, blank=True)
    youth_judge = models.CharField(_("youth judge / chamber"), max_length=200, blank=True)
    guidance_phase = models.CharField(
        _("guidance phase"), max_length=20, choices=GuidancePhase.choices, default=GuidancePhase.START
    )
    safety_phase = models.CharField(
        _("safety phase"), max_length=20, choices=SafetyWorkPhase.choices, default=SafetyWorkPhase.IMMEDIATE
    )
    role_agreements = models.TextField(_("role agreements consultant – context worker – network"), blank=True)
    planned_end = models.DateField(_("planned end date"), null=True, blank=True)
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

    def clean(self) -> None:
        super().clean()
        if self.started_on and self.referred_on and self.started_on < self.referred_on:
            raise ValidationError({"started_on": _("The start date cannot be before the referral date.")})
        if self.closed_on and self.referred_on and self.closed_on < self.referred_on:
            raise ValidationError({"closed_on": _("The closing date cannot be before the referral date.")})

    def start_state(self, today: date) -> str:
        """Where the start deadline stands: "started", "ok", "soon", "overdue" (after 7 days), "late" (after 14)."""
        if self.started_on or not self.is_open:
            return "started"
        if today > self.start_deadline_hard:
            return "late"
        if today > self.start_deadline_soft:
            return "overdue"
        if today >= self.referred_on + timedelta(days=5):  # R-START warns on day 5
            return "soon"
        return "ok"

    @property
    def out_of_target_group(self) -> bool:
        """DOMAIN §8 rule 11: no placement threat and not referred through GV or SDJ."""
        return self.placement_threat == PlacementThreat.NONE and self.referral_source == ReferralSource.OTHER


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


CHILD_MAX_AGE = 18


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

    @property
    def age(self) -> int | None:
        return self.age_on(timezone.localdate())

    def clean(self) -> None:
        super().clean()
        today = timezone.localdate()
        if self.birth_date and self.birth_date > today:
            raise ValidationError({"birth_date": _("The date of birth cannot be in the future.")})
        if self.family_role == FamilyRole.CHILD or self.is_index_child:
            if self.birth_date is None:
                raise ValidationError({"birth_date": _("A child needs a date of birth.")})
            age = self.age_on(today)
            if age is not None and age > CHILD_MAX_AGE:
                raise ValidationError(
                    {
                        "birth_date": _(
                            "A child in this module is 0 to 18 years old; this person is %(age)s. "
                            "Record them as another household member."
                        )
                        % {"age": age}
                    }
                )


class ReferralChannel(models.TextChoices):
    MAIL = "mail", _("e-mail")
    PHONE = "phone", _("phone")
    PORTAL = "portal", _("portal")
    OTHER = "other", _("other")


class ReferralDecision(models.TextChoices):
    PENDING = "pending", _("to be decided")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    WAITLIST = "waitlist", _("waiting list")


class Referral(models.Model):
    """How the case came in (DOMAIN §5.2); 1:1 with the case."""

    case = models.OneToOneField(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="referral")
    received_on = models.DateField(_("received on"))
    channel = models.CharField(
        _("channel"), max_length=20, choices=ReferralChannel.choices, default=ReferralChannel.MAIL
    )
    urgency = models.CharField(_("urgency"), max_length=20, choices=Urgency.choices, default=Urgency.NORMAL)
    m_document_ref = models.CharField(_("M-document reference"), max_length=100, blank=True)
    judgement_ref = models.CharField(_("judgement / order reference"), max_length=100, blank=True)
    requested_start = models.DateField(_("requested start"), null=True, blank=True)
    prior_help = models.TextField(_("prior help"), blank=True)
    consent_parents = models.TextField(_("how the parents were informed"), blank=True)
    decision = models.CharField(
        _("decision"), max_length=20, choices=ReferralDecision.choices, default=ReferralDecision.ACCEPTED
    )
    decision_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_on = models.DateField(_("decided on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"{self.case} ({self.received_on})"


class StepStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    NOT_APPLICABLE = "not_applicable", _("not applicable")


OPEN_STEP_STATUSES = (StepStatus.NOT_STARTED, StepStatus.IN_PROGRESS)


class TrajectoryStep(models.Model):
    """One of the 13 steps of the SoS trajectory for a case; created with the case."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField(_("step"), validators=[MinValueValidator(1), MaxValueValidator(13)])
    status = models.CharField(_("status"), max_length=20, choices=StepStatus.choices, default=StepStatus.NOT_STARTED)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    notes = models.TextField(_("note"), blank=True)
    revisits = models.PositiveSmallIntegerField(_("times revisited"), default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("trajectory step")
        verbose_name_plural = _("trajectory steps")
        ordering = ["case", "number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="step_unique_per_case")]

    def __str__(self) -> str:
        return f"{self.case} · {self.number}"

    @property
    def title(self) -> str:
        return step_title(self.number)

    def clean(self) -> None:
        super().clean()
        if self.started_on and self.completed_on and self.completed_on < self.started_on:
            raise ValidationError({"completed_on": _("The completion date cannot be before the start date.")})
        if self.status == StepStatus.DONE and not self.completed_on:
            raise ValidationError({"completed_on": _("Fill in when the step was completed.")})


class PhaseAxis(models.TextChoices):
    GUIDANCE = "guidance", _("guidance phase")
    SAFETY = "safety", _("safety phase")


class PhaseChange(models.Model):
    """History of the two phase axes: who changed which phase, when and why."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="phase_changes")
    axis = models.CharField(_("axis"), max_length=20, choices=PhaseAxis.choices)
    from_phase = models.CharField(_("from"), max_length=20, blank=True)
    to_phase = models.CharField(_("to"), max_length=20)
    changed_on = models.DateField(_("since"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("why"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")
        ordering = ["-changed_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.case} · {self.axis} → {self.to_phase}"

    def _label(self, value: str) -> str:
        choices = GuidancePhase if self.axis == PhaseAxis.GUIDANCE else SafetyWorkPhase
        return str(dict(choices.choices).get(value, "—")) if value else "—"

    @property
    def from_label(self) -> str:
        return self._label(self.from_phase)

    @property
    def to_label(self) -> str:
        return self._label(self.to_phase)


class RoleParty(models.TextChoices):
    CONSULTANT = "consultant", _("consultant")
    CONTEXT_WORKER = "context_worker", _("context worker")
    PARENTS = "parents", _("parents")
    NETWORK = "network", _("network")
    BOTH = "both", _("consultant and context worker")
    OTHER = "other", _("other")


class RoleAgreement(models.Model):
    """One structured line of the role agreements: who does what, and how to reach them (seed §2.2)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="role_lines")
    party = models.CharField(_("who"), max_length=20, choices=RoleParty.choices)
    tasks = models.TextField(_("does what"))
    reachability = models.CharField(_("how to reach"), max_length=250, blank=True)
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role agreement")
        verbose_name_plural = _("role agreements")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case} · {self.party}"


class EvaluationType(models.TextChoices):
    PLAN_FIRST_WEEK = "plan_first_week", _("first week of the plan")
    PERIODIC = "periodic", _("periodic")
    AFTER_INCIDENT = "after_incident", _("after an incident")
    NETWORK_MEETING = "network_meeting", _("network meeting")
    CLOSURE = "closure", _("closure")


class Evaluation(models.Model):
    """An evaluation moment (step 13, DOMAIN §5.22)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="evaluations")
    type = models.CharField(_("kind"), max_length=20, choices=EvaluationType.choices, default=EvaluationType.PERIODIC)
    planned_on = models.DateField(_("planned on"), null=True, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    participants = models.ManyToManyField(Person, verbose_name=_("who took part"), blank=True, related_name="+")
    other_participants = models.CharField(_("other participants"), max_length=250, blank=True)
    evaluated = models.TextField(_("what was evaluated"), blank=True)
    outcome = models.TextField(_("outcome and decisions"), blank=True)
    plan_adjusted = models.BooleanField(_("safety plan adjusted"), default=False)
    next_evaluation = models.DateField(_("next evaluation"), null=True, blank=True)
    report_to_consultant_on = models.DateField(_("report to the consultant on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-held_on", "-planned_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.case} · {self.type} · {self.when}"

    @property
    def when(self) -> date | None:
        return self.held_on or self.planned_on

    def clean(self) -> None:
        super().clean()
        if not self.planned_on and not self.held_on:
            raise ValidationError(_("Fill in when the evaluation is planned or when it was held."))
        if self.held_on and self.held_on > timezone.localdate():
            raise ValidationError({"held_on": _("An evaluation cannot have been held in the future.")})
        if self.held_on and self.next_evaluation and self.next_evaluation <= self.held_on:
            raise ValidationError({"next_evaluation": _("The next evaluation comes after this one.")})


class ClosureReason(models.TextChoices):
    GOALS_REACHED = "goals_reached", _("goals reached (safe enough)")
    STEPPED_DOWN = "stepped_down", _("stepped down to lighter help")
    PLACEMENT = "placement", _("out-of-home placement")
    ENDED_BY_MANDATE = "ended_by_mandate", _("ended by the consultant / youth judge")
    FAMILY_REFUSED = "family_refused", _("family dropped out")
    MOVED = "moved", _("moved out of the region")
    OTHER = "other", _("other")


class ClosureOutcome(models.TextChoices):
    PLACEMENT_AVOIDED = "placement_avoided", _("placement avoided")
    PLACED = "placed", _("placed")
    OTHER = "other", _("other")


class Closure(models.Model):
    """Closing a case (DOMAIN §5.23). A reopening keeps the closure row and records why."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="closures")
    closed_on = models.DateField(_("closing date"))
    reason = models.CharField(_("reason for closing"), max_length=20, choices=ClosureReason.choices)
    outcome = models.CharField(_("outcome"), max_length=20, choices=ClosureOutcome.choices)
    plan_evaluated = models.BooleanField(_("safety plan evaluated"), default=False)
    follow_up_decided = models.BooleanField(_("follow-up help decided with everyone involved"), default=False)
    relapse_plan_made = models.BooleanField(_('relapse plan "what if it goes wrong again" made'), default=False)
    family_informed = models.BooleanField(_("family informed"), default=False)
    # Free text from before follow-up help was recorded as `FollowUpHelp` rows: kept (older closures hold
    # it), now for remarks next to the recorded follow-up help.
    follow_up = models.TextField(_("remarks on the follow-up help"), blank=True)
    relapse_plan = models.TextField(_("relapse plan"), blank=True)
    final_scaling = models.PositiveSmallIntegerField(
        _("final safety scale (0–10)"), null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    final_scaling_note = models.TextField(_("note on the final scaling"), blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    reopened_on = models.DateField(_("reopened on"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["-closed_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.case} · {self.closed_on}"

    CHECKLIST = ("plan_evaluated", "follow_up_decided", "relapse_plan_made", "family_informed")

    def clean(self) -> None:
        super().clean()
        missing = [name for name in self.CHECKLIST if not getattr(self, name)]
        if missing:
            raise ValidationError({name: _("Tick this off before closing the case.") for name in missing})
        if self.closed_on and self.closed_on > timezone.localdate():
            raise ValidationError({"closed_on": _("A case cannot be closed in the future.")})
        if self.closed_on and self.case_id and self.closed_on < self.case.referred_on:
            raise ValidationError({"closed_on": _("The closing date cannot be before the referral date.")})


class FollowUpType(models.TextChoices):
    NONE = "none", _("no follow-up help")
    RTJ = "rtj", _("directly accessible help (CAW, CGG, CLB …)")
    NRTJ = "nrtj", _("non-directly accessible help via the ITP (A-document)")
    NETWORK_ONLY = "network_only", _("network / JIM only")
    JUDICIAL_FOLLOWUP = "judicial_followup", _("further follow-up by the consultant")


class FollowUpStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    DECIDED = "decided", _("decided with everyone involved")
    STARTED = "started", _("started")
    NOT_PURSUED = "not_pursued", _("not pursued")


# A decision has been made (R-CLOSE-FOLLOWUP is satisfied, the closure checklist item is pre-ticked,
# insight counts it as chosen). A proposal is not yet a decision (DOMAIN §10.15: "te beslissen op NB3").
FOLLOW_UP_CHOSEN = (FollowUpStatus.DECIDED, FollowUpStatus.STARTED)


class FollowUpHelp(models.Model):
    """Follow-up help after the guidance (DOMAIN §5.23 "vervolghulp").

    DOMAIN hangs it on `Closure`; here it hangs on the case, because it must be decided *before* the
    closure exists: R-CLOSE-FOLLOWUP asks for the decision 21 days before the planned end and R-CLOSE-ITP
    for the A-document 14 days before. The closure page shows it and its checklist item
    `follow_up_decided` is pre-ticked by it.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="follow_up_helps")
    type = models.CharField(_("kind of follow-up help"), max_length=20, choices=FollowUpType.choices)
    # With a context: allauth's catalogue (installed before ours) translates a bare "provider" as "Provider".
    provider = models.CharField(pgettext_lazy("follow-up help", "provider"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation from the list"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.TextField(_("what, and for whom"), max_length=2000, blank=True)
    a_document_filed_on = models.DateField(_("A-document filed on"), null=True, blank=True)
    start_expected = models.DateField(_("expected start"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.PROPOSED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("follow-up help")
        verbose_name_plural = _("follow-up help")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["type", "status"], name="followup_type_status_idx")]

    def __str__(self) -> str:
        return f"{self.case} · {self.type}"

    @property
    def is_chosen(self) -> bool:
        return self.status in FOLLOW_UP_CHOSEN

    @property
    def provider_name(self) -> str:
        return self.provider or (self.organisation.name if self.organisation_id else "")

    @property
    def needs_a_document(self) -> bool:
        """NRTJ help goes through the intersectoral gateway (ITP) with an A-document [S31]."""
        return self.type == FollowUpType.NRTJ and self.status != FollowUpStatus.NOT_PURSUED

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.type in (FollowUpType.RTJ, FollowUpType.NRTJ) and not (self.provider.strip() or self.organisation_id):
            errors["provider"] = _("Name the provider of this help.")
        if self.a_document_filed_on and self.type != FollowUpType.NRTJ:
            errors["a_document_filed_on"] = _("An A-document belongs only to help through the ITP.")
        if self.a_document_filed_on and self.a_document_filed_on > timezone.localdate():
            errors["a_document_filed_on"] = _("An A-document cannot have been filed in the future.")
        if self.type == FollowUpType.NONE and self.status == FollowUpStatus.STARTED:
            errors["status"] = _('"No follow-up help" cannot have started.')
        if errors:
            raise ValidationError(errors)


class ContactType(models.TextChoices):
    HOME_VISIT = "home_visit", _("home visit")
    OFFICE = "office", _("talk at the office")
    SCHOOL = "school", _("school / CLB")
    PHONE = "phone", _("by phone")
    VIDEO = "video", _("video call")
    MESSAGE = "message", _("message (text/mail)")
    NETWORK_CONTACT = "network_contact", _("network contact")
    NETWORK_MEETING = "network_meeting", _("network meeting")
    CHILD_CONVERSATION = "child_conversation", _("talk with the child")
    JIM_CONVERSATION = "jim_conversation", _("talk with the JIM")
    CONSULTANT_SYNC = "consultant_sync", _("consultation with the consultant")
    HEARING = "hearing", _("court hearing")
    CRISIS = "crisis", _("crisis intervention")


# Direct contact with the family and the network counts toward the weekly hours (DOMAIN §8 rule 9).
DEFAULT_COUNTED_TYPES = [
    ContactType.HOME_VISIT,
    ContactType.OFFICE,
    ContactType.SCHOOL,
    ContactType.PHONE,
    ContactType.VIDEO,
    ContactType.NETWORK_CONTACT,
    ContactType.NETWORK_MEETING,
    ContactType.CHILD_CONVERSATION,
    ContactType.JIM_CONVERSATION,
    ContactType.CRISIS,
]


class Technique(models.TextChoices):
    THREE_HOUSES = "three_houses", _("three houses")
    WORDS_AND_PICTURES = "words_and_pictures", _("words and pictures")
    TIMELINE = "timeline", _("timeline")
    SCALING = "scaling", _("scaling questions")
    EXCEPTION = "exception", _("exception questions")
    MIRACLE = "miracle", _("miracle question")
    GENOGRAM = "genogram", _("genogram")
    ECOMAP = "ecomap", _("ecomap")
    SAFETY_CIRCLE = "safety_circle", _("safety circle")
    MAPPING = "mapping", _("SoS map (3 columns)")
    SAFETY_HOUSE = "safety_house", _("safety house")
    COPING = "coping_question", _("coping question")
    RELATIONSHIP = "relationship_question", _("relationship question")
    SKILLS = "skills_training", _("skills training (IPT)")
    PSYCHOEDUCATION = "psychoeducation", _("psycho-education")
    RISK_DIALOGUE = "risk_dialogue", _("risk dialogue")


MAX_CONTACT_MINUTES = 12 * 60


class Contact(models.Model):
    """A home visit or other contact (DOMAIN §5.18). Feeds the weekly intensity."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="contacts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("logged by"), on_delete=models.PROTECT, related_name="contacts"
    )
    type = models.CharField(_("kind of contact"), max_length=30, choices=ContactType.choices)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(MAX_CONTACT_MINUTES)]
    )
    location = models.CharField(_("place"), max_length=120, blank=True)
    participants = models.ManyToManyField(Person, verbose_name=_("who was there"), blank=True, related_name="contacts")
    others_present = models.CharField(_("others present"), max_length=250, blank=True)
    techniques = models.JSONField(_("techniques used"), default=list, blank=True)
    went_well = models.TextField(_("what went well"), blank=True)
    worries = models.TextField(_("worries"), blank=True)
    agreements = models.TextField(_("agreements made"), blank=True)
    next_contact = models.DateTimeField(_("next planned contact"), null=True, blank=True)
    idempotency_key = models.UUIDField(unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-date", "-start_time"]
        indexes = [
            models.Index(fields=["case", "date"], name="contact_case_date_idx"),
            models.Index(fields=["author", "date"], name="contact_author_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.date} · {self.type}"

    @property
    def starts_at(self) -> Any:
        from datetime import datetime

        return timezone.make_aware(datetime.combine(self.date, self.start_time))

    @property
    def ends_at(self) -> Any:
        return self.starts_at + timedelta(minutes=self.duration_minutes or 0)

    def technique_labels(self) -> list[str]:
        labels = dict(Technique.choices)
        return [str(labels.get(t, t)) for t in self.techniques or []]

    def clean(self) -> None:
        super().clean()
        unknown = [t for t in self.techniques or [] if t not in Technique.values]
        if unknown:
            raise ValidationError({"techniques": _("Choose techniques from the list.")})
        if self.duration_minutes is not None and self.duration_minutes <= 0:
            raise ValidationError({"duration_minutes": _("The duration must be at least 1 minute.")})
        if self.duration_minutes and self.duration_minutes > MAX_CONTACT_MINUTES:
            raise ValidationError({"duration_minutes": _("A contact lasts at most 12 hours (720 minutes).")})
        finished = self.date and self.start_time and self.duration_minutes and self.duration_minutes > 0
        if finished and self.ends_at > timezone.now() + timedelta(minutes=5):
            raise ValidationError(
                {"date": _("This contact would end in the future. Log a contact once it has taken place.")}
            )
        if self.date and self.case_id and self.date < self.case.referred_on:
            raise ValidationError({"date": _("The contact cannot be before the referral date.")})


class ContactCorrection(models.Model):
    """A change to a contact after the 7-day window, with the author's reason (the audit trail points here)."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="corrections")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason for the correction"))
    changed_fields = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.contact} · {self.created_at:%Y-%m-%d}"


class IntensityProfile(models.Model):
    """Weekly hour targets per guidance phase and which contact types count, per team (seed §2.2)."""

    team = models.OneToOneField(
        "accounts.Team", verbose_name=_("team"), on_delete=models.CASCADE, related_name="intensity_profile"
    )
    start_hours = models.DecimalField(_("start phase (hours/week)"), max_digits=4, decimal_places=1, default=6)
    coaching_hours = models.DecimalField(_("coaching phase (hours/week)"), max_digits=4, decimal_places=1, default=4)
    consolidation_hours = models.DecimalField(
        _("consolidation (hours/week)"), max_digits=4, decimal_places=1, default=2
    )
    counted_types = models.JSONField(_("contact types that count"), default=list, blank=True)

    class Meta:
        verbose_name = _("intensity target")
        verbose_name_plural = _("intensity targets")

    def __str__(self) -> str:
        return str(self.team)

    def clean(self) -> None:
        super().clean()
        unknown = [t for t in self.counted_types or [] if t not in ContactType.values]
        if unknown:
            raise ValidationError({"counted_types": _("Choose contact types from the list.")})

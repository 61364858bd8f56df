"""The family's network: members, genogram relations, JIM search and designation, network meetings.

DOMAIN §5.3 (Relationship), §5.4 (NetworkMember), §5.5 (JIM), §5.14 (meetings), §5.20 (analysis).
Every row here belongs to exactly one case; a row that links two persons (a relation, a candidate,
an attendance) may only link persons of that same case — `clean()` says so and the services call it.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# Default threshold of R-JIM-OVERDUE (DOMAIN §7): research mean ≈ 33 days. Override with
# settings.COCON_JIM_OVERDUE_DAYS.
JIM_OVERDUE_DAYS_DEFAULT = 35
# Under this age the parents choose the JIM (seed §4c, DOMAIN §8 rule 7).
JIM_PARENTS_CHOOSE_UNDER = 6


def jim_overdue_days() -> int:
    return int(getattr(settings, "COCON_JIM_OVERDUE_DAYS", JIM_OVERDUE_DAYS_DEFAULT))


# --- Choices (DOMAIN §2.2) ----------------------------------------------------------------------


class NetworkType(models.TextChoices):
    INFORMAL = "informal", _("informal")
    FORMAL = "formal", _("formal (professional)")


class Relation(models.TextChoices):
    PARENT = "parent", _("parent (not living in)")
    GRANDPARENT = "grandparent", _("grandparent")
    AUNT_UNCLE = "aunt_uncle", _("aunt/uncle")
    SIBLING_ADULT = "sibling_adult", _("adult brother/sister")
    NEIGHBOUR = "neighbour", _("neighbour")
    FRIEND = "friend", _("friend")
    TEACHER = "teacher", _("teacher")
    CLB = "clb", _("CLB")
    GP = "gp", _("GP")
    CAW = "caw", _("CAW")
    CGG = "cgg", _("CGG")
    POLICE = "police", _("police")
    COACH = "coach", _("coach/sports club")
    CONSULTANT = "consultant", _("consultant")
    OTHER = "other", _("other")


class CircleRing(models.TextChoices):
    INNER = "inner", _("inner circle — knows (almost) everything")
    MIDDLE = "middle", _("middle circle — knows a little")
    OUTER = "outer", _("outer circle — knows nothing (yet)")
    EXCLUDED = "excluded", _("do not involve (unsafe / child does not want to)")
    NONE = "", _("not placed")


RING_ORDER = [CircleRing.INNER, CircleRing.MIDDLE, CircleRing.OUTER]


class KnowsWorries(models.TextChoices):
    ALL = "all", _("all or most")
    SOME = "some", _("some")
    NONE = "none", _("none")


class Influence(models.TextChoices):
    POSITIVE = "positive", _("supportive")
    AMBIVALENT = "ambivalent", _("mixed")
    NEGATIVE = "negative", _("burdening")
    UNKNOWN = "unknown", _("unknown")


class NetworkAction(models.TextChoices):
    USE = "use", _("use")
    TAP = "tap", _("tap into")
    RESTORE = "restore", _("restore")
    PHASE_OUT = "phase_out", _("phase out")
    STEER = "steer", _("steer the influence")
    NONE = "", _("nothing planned")


class NetworkRole(models.TextChoices):
    SAFETY_PERSON = "safety_person", _("safety person")
    JIM = "jim", _("JIM")
    MONITOR = "monitor", _("monitor of an agreement")
    SUPPORT = "support", _("support figure")
    EMERGENCY_CONTACT = "emergency_contact", _("emergency contact")
    TIME_OUT_ADDRESS = "time_out_address", _("time-out address")
    PROFESSIONAL = "professional", _("professional")
    CONSULTANT = "consultant", _("consultant")


class SupportType(models.TextChoices):
    PRACTICAL = "practical", _("practical")
    MATERIAL = "material", _("material")
    EMOTIONAL = "emotional", _("emotional")
    NORMATIVE = "normative", _("normative / role model")


class TimestampedModel(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def _same_case(case_id: int | None, *persons: object, field: str) -> None:
    for person in persons:
        if person is not None and case_id is not None and person.case_id != case_id:
            raise ValidationError({field: _("This person belongs to another case.")})


# --- Network members ----------------------------------------------------------------------------


class NetworkMember(TimestampedModel):
    """A person of the case's network (DOMAIN §5.4): 1:1 with a `cases.Person` of the same case."""

    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="+")
    person = models.OneToOneField(
        "cases.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="network_member"
    )
    network_type = models.CharField(_("informal / formal"), max_length=10, choices=NetworkType.choices)
    relation = models.CharField(_("relation to the family"), max_length=20, choices=Relation.choices)
    relation_text = models.CharField(_("relation, in words"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    # Relation to each child, keyed by the child's public code: {"<uuid>": "tante (zus van mama)"}.
    child_relations = models.JSONField(_("relation to each child"), default=dict, blank=True)
    circle_ring = models.CharField(
        _("place in the safety circle"), max_length=10, choices=CircleRing.choices, blank=True
    )
    knows_worries = models.CharField(_("knows the worries"), max_length=10, choices=KnowsWorries.choices, blank=True)
    influence = models.CharField(
        _("influence on the family"), max_length=12, choices=Influence.choices, default=Influence.UNKNOWN
    )
    support_types = models.JSONField(_("kind of support"), default=list, blank=True)
    roles = models.JSONField(_("roles"), default=list, blank=True)
    action = models.CharField(
        _("what do we do with this relation?"), max_length=12, choices=NetworkAction.choices, blank=True
    )
    availability = models.CharField(_("availability"), max_length=250, blank=True)
    supports = models.ManyToManyField(
        "cases.Person", verbose_name=_("supports"), blank=True, related_name="supported_by_members"
    )
    consent_contact = models.BooleanField(_("parents agree that we contact this person"), default=False)
    consent_contact_on = models.DateField(_("consent given on"), null=True, blank=True)
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_to = models.DateField(_("active until"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        ordering = ["network_type", "person__first_name"]

    def __str__(self) -> str:
        return str(self.person)

    def clean(self) -> None:
        _same_case(self.case_id, self.person if self.person_id else None, field="person")
        unknown_roles = set(self.roles or []) - set(NetworkRole.values)
        if unknown_roles:
            raise ValidationError({"roles": _("Unknown role.")})
        if set(self.support_types or []) - set(SupportType.values):
            raise ValidationError({"support_types": _("Unknown kind of support.")})
        if self.active_from and self.active_to and self.active_to < self.active_from:
            raise ValidationError({"active_to": _("The end date lies before the start date.")})

    @property
    def is_formal(self) -> bool:
        return self.network_type == NetworkType.FORMAL

    @property
    def is_jim(self) -> bool:
        return NetworkRole.JIM in (self.roles or [])

    def role_labels(self) -> list[str]:
        labels = dict(NetworkRole.choices)
        return [str(labels[r]) for r in self.roles or [] if r in labels]

    def support_labels(self) -> list[str]:
        labels = dict(SupportType.choices)
        return [str(labels[s]) for s in self.support_types or [] if s in labels]

    @property
    def ring_short(self) -> str:
        """The ring's name without its explanation, for tables."""
        return str(self.get_circle_ring_display()).split(" — ")[0] if self.circle_ring else ""

    @property
    def relation_label(self) -> str:
        return self.relation_text or str(self.get_relation_display())


# --- Genogram -----------------------------------------------------------------------------------


class RelationKind(models.TextChoices):
    PARENT_OF = "parent_of", _("is parent of")
    PARTNER = "partner", _("partner of")
    EX_PARTNER = "ex_partner", _("ex-partner of")
    SIBLING = "sibling", _("brother/sister of")
    GRANDPARENT_OF = "grandparent_of", _("is grandparent of")
    OTHER = "other", _("other relation with")


class RelationQuality(models.TextChoices):
    NEUTRAL = "", _("not specified")
    CLOSE = "close", _("close")
    CONFLICT = "conflict", _("conflict")
    CUT_OFF = "cut_off", _("cut off")
    VIOLENT = "violent", _("violence")


class Relationship(TimestampedModel):
    """A genogram edge between two persons of the same case (DOMAIN §5.3)."""

    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="+")
    from_person = models.ForeignKey(
        "cases.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="relations_from"
    )
    kind = models.CharField(_("relation"), max_length=20, choices=RelationKind.choices)
    to_person = models.ForeignKey(
        "cases.Person", verbose_name=_("with"), on_delete=models.CASCADE, related_name="relations_to"
    )
    quality = models.CharField(_("quality"), max_length=10, choices=RelationQuality.choices, blank=True)
    cohabiting = models.BooleanField(_("living together"), default=False)
    since = models.PositiveSmallIntegerField(_("since (year)"), null=True, blank=True)
    until = models.PositiveSmallIntegerField(_("until (year)"), null=True, blank=True)

    class Meta:
        verbose_name = _("family relation")
        verbose_name_plural = _("family relations")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["from_person", "to_person", "kind"], name="network_relationship_unique"),
            models.CheckConstraint(
                condition=~models.Q(from_person=models.F("to_person")), name="network_relationship_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_person} {self.get_kind_display()} {self.to_person}"

    def clean(self) -> None:
        if self.from_person_id and self.to_person_id and self.from_person_id == self.to_person_id:
            raise ValidationError({"to_person": _("A person cannot have a relation with themselves.")})
        _same_case(self.case_id, self.from_person if self.from_person_id else None, field="from_person")
        _same_case(self.case_id, self.to_person if self.to_person_id else None, field="to_person")
        if self.since and self.until and self.until < self.since:
            raise ValidationError({"until": _("The end year lies before the start year.")})


# --- JIM ----------------------------------------------------------------------------------------


class JimChooser(models.TextChoices):
    CHILD = "child", _("the child")
    PARENTS = "parents", _("the parents (child under 6)")
    CHILD_WITH_PARENTS = "child_with_parents", _("the child with the parents")


class JimSearchStatus(models.TextChoices):
    OPEN = "open", _("open")
    CANDIDATE_ASKED = "candidate_asked", _("candidate asked")
    DESIGNATED = "designated", _("JIM designated")
    NO_JIM_FOUND = "no_jim_found", _("no JIM found")
    PAUSED = "paused", _("paused")


class JimSearch(TimestampedModel):
    """One per child, opened on the case's first day (seed: "liefst vanaf de eerste dag")."""

    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="+")
    child = models.OneToOneField(
        "cases.Person", verbose_name=_("child"), on_delete=models.CASCADE, related_name="jim_search"
    )
    opened_on = models.DateField(_("search started on"))
    chooser = models.CharField(_("who chooses"), max_length=20, choices=JimChooser.choices)
    status = models.CharField(_("status"), max_length=20, choices=JimSearchStatus.choices, default="open")
    closed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("JIM search")
        verbose_name_plural = _("JIM searches")
        ordering = ["child__birth_date"]

    def __str__(self) -> str:
        return f"JIM {self.child}"

    def clean(self) -> None:
        _same_case(self.case_id, self.child if self.child_id else None, field="child")

    def days_open(self, today: date) -> int:
        end = self.closed_on or today
        return (end - self.opened_on).days


class CandidateStatus(models.TextChoices):
    NAMED = "named", _("named")
    POLLED = "polled", _("sounded out")
    AGREED = "agreed", _("agreed")
    REFUSED = "refused", _("declined")


class JimCandidate(TimestampedModel):
    search = models.ForeignKey(
        JimSearch, verbose_name=_("JIM search"), on_delete=models.CASCADE, related_name="candidates"
    )
    member = models.ForeignKey(
        NetworkMember, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="jim_candidacies"
    )
    rank = models.PositiveSmallIntegerField(_("rank"), default=1)
    named_by = models.ForeignKey(
        "cases.Person", verbose_name=_("named by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    named_on = models.DateField(_("named on"))
    status = models.CharField(_("status"), max_length=10, choices=CandidateStatus.choices, default="named")
    asked_on = models.DateField(_("asked on"), null=True, blank=True)
    answered_on = models.DateField(_("answer on"), null=True, blank=True)
    # Set when a professional was proposed anyway, after the warning.
    professional_confirmed = models.BooleanField(_("professional proposed knowingly"), default=False)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("JIM candidate")
        verbose_name_plural = _("JIM candidates")
        ordering = ["rank", "named_on"]
        constraints = [models.UniqueConstraint(fields=["search", "member"], name="network_jimcandidate_unique")]

    def __str__(self) -> str:
        return str(self.member)

    def clean(self) -> None:
        if self.search_id and self.member_id and self.member.case_id != self.search.case_id:
            raise ValidationError({"member": _("This person belongs to another case.")})
        if self.search_id and self.named_by_id:
            _same_case(self.search.case_id, self.named_by, field="named_by")


class JimDesignation(TimestampedModel):
    """The JIM of one child, with the consent of the parents and of the JIM (DOMAIN §5.5, §8 rule 8)."""

    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="+")
    search = models.ForeignKey(
        JimSearch, verbose_name=_("JIM search"), on_delete=models.CASCADE, related_name="designations"
    )
    child = models.ForeignKey("cases.Person", verbose_name=_("child"), on_delete=models.CASCADE, related_name="+")
    jim = models.ForeignKey(NetworkMember, verbose_name=_("JIM"), on_delete=models.PROTECT, related_name="jim_for")
    designated_on = models.DateField(_("designated on"))
    parents_consent = models.BooleanField(_("parents agree"), default=False)
    parents_consent_on = models.DateField(_("parents agreed on"), null=True, blank=True)
    parents_consent_note = models.CharField(_("how the parents agreed"), max_length=300, blank=True)
    jim_consent = models.BooleanField(_("the JIM agrees"), default=False)
    jim_consent_on = models.DateField(_("the JIM agreed on"), null=True, blank=True)
    jim_agreement = models.TextField(_("what we expect of the JIM"), blank=True)
    involved_in_danger_statement = models.BooleanField(_("involved in the danger statement"), default=False)
    involved_in_plan = models.BooleanField(_("involved in the safety plan"), default=False)
    also_drm_trusted_person = models.BooleanField(_("also trusted person (DRM art. 24)"), default=False)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("JIM designation")
        verbose_name_plural = _("JIM designations")
        ordering = ["-designated_on"]

    def __str__(self) -> str:
        return f"{self.jim} → {self.child}"

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.jim_id and self.jim.case_id != self.case_id:
            errors["jim"] = [_("This person belongs to another case.")]
        if self.child_id and self.child.case_id != self.case_id:
            errors["child"] = [_("This person belongs to another case.")]
        if not self.parents_consent or not self.parents_consent_on:
            errors["parents_consent"] = [
                _(
                    "A JIM can only be designated with the consent of the parents (and the date they gave it). "
                    "Talk it through with the parents first; until then the person stays a candidate."
                )
            ]
        if not self.jim_consent:
            errors["jim_consent"] = [_("The JIM must agree to take on the role.")]
        if errors:
            raise ValidationError(errors)


class JimPresenceContext(models.TextChoices):
    DANGER_STATEMENT = "danger_statement", _("danger statement")
    NETWORK_MEETING = "network_meeting", _("network meeting")
    SAFETY_PLAN = "safety_plan", _("safety plan")
    OTHER = "other", _("other")


class JimPresence(TimestampedModel):
    """The JIM was (not) there when a statement or plan was made. Recorded by other apps."""

    designation = models.ForeignKey(
        JimDesignation, verbose_name=_("JIM"), on_delete=models.CASCADE, related_name="presences"
    )
    context = models.CharField(_("moment"), max_length=20, choices=JimPresenceContext.choices)
    object_code = models.CharField(_("record"), max_length=64, blank=True)
    on = models.DateField(_("date"))
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        verbose_name = _("JIM presence")
        verbose_name_plural = _("JIM presences")
        ordering = ["on"]
        constraints = [
            models.UniqueConstraint(fields=["designation", "context", "object_code"], name="network_jimpresence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.designation} @ {self.context}"


# --- Network meetings ---------------------------------------------------------------------------


class MeetingPurpose(models.TextChoices):
    MAPPING = "mapping", _("map worries and strengths")
    PLAN = "plan", _("make the safety plan")
    EVALUATION = "evaluation", _("evaluation")
    CLOSURE = "closure", _("closure")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


class NetworkMeeting(TimestampedModel):
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="+")
    number = models.PositiveSmallIntegerField(_("number"))
    purpose = models.CharField(_("purpose"), max_length=12, choices=MeetingPurpose.choices)
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices, default="planned")
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    location = models.CharField(_("place"), max_length=200)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chaired by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agenda = models.TextField(_("agenda"), blank=True)
    child_voice_by = models.ForeignKey(
        "cases.Person",
        verbose_name=_("who brings the child's voice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    child_participation = models.TextField(_("how the child's voice was brought in"), blank=True)
    worries = models.TextField(_("worries raised"), blank=True)
    strengths = models.TextField(_("strengths raised"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    next_meeting = models.DateField(_("next meeting"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("network meeting")
        verbose_name_plural = _("network meetings")
        ordering = ["date", "number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="network_meeting_number_unique")]

    def __str__(self) -> str:
        return self.label(self.number)

    @staticmethod
    def label(number: int | str) -> str:
        """NB1, NB2, …: how the team names its network meetings."""
        return f"NB{number}"

    def clean(self) -> None:
        _same_case(self.case_id, self.child_voice_by if self.child_voice_by_id else None, field="child_voice_by")
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The meeting ends before it starts.")})
        if self.next_meeting and self.date and self.next_meeting <= self.date:
            raise ValidationError({"next_meeting": _("The next meeting lies after this one.")})

    @property
    def duration_minutes(self) -> int | None:
        if not (self.start_time and self.end_time):
            return None
        return (self.end_time.hour * 60 + self.end_time.minute) - (self.start_time.hour * 60 + self.start_time.minute)


class AttendanceRole(models.TextChoices):
    PARENT = "parent", _("parent")
    CHILD = "child", _("child")
    JIM = "jim", _("JIM")
    NETWORK = "network", _("network")
    CONSULTANT = "consultant", _("consultant")
    CONTEXT_WORKER = "context_worker", _("context worker")
    PROFESSIONAL = "professional", _("other professional")


class AttendanceStatus(models.TextChoices):
    INVITED = "invited", _("invited, no answer yet")
    PRESENT = "present", _("present")
    PARTLY = "partly", _("partly present")
    EXCUSED = "excused", _("excused")
    ABSENT = "absent", _("absent")
    IN_WRITING = "input_in_writing", _("input in writing")


PRESENT_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.PARTLY)


class MeetingAttendance(models.Model):
    meeting = models.ForeignKey(
        NetworkMeeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey("cases.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("role at the meeting"), max_length=20, choices=AttendanceRole.choices)
    invited = models.BooleanField(_("invited"), default=True)
    status = models.CharField(_("attendance"), max_length=20, choices=AttendanceStatus.choices, default="invited")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="network_attendance_unique")]

    def __str__(self) -> str:
        return f"{self.meeting} {self.person}"

    def clean(self) -> None:
        if self.meeting_id and self.person_id:
            _same_case(self.meeting.case_id, self.person, field="person")

    @property
    def is_present(self) -> bool:
        return self.status in PRESENT_STATUSES


class SolutionDecision(models.TextChoices):
    OPEN = "open", _("still to discuss")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("not accepted")
    NEEDS_CHECK = "needs_check", _("to be checked")


class ProposedSolution(TimestampedModel):
    """A solution proposed at a network meeting (step 9); the safety-plan app turns accepted ones into
    draft agreements and may store the agreement's code here."""

    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(
        NetworkMeeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="solutions"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("proposal"))
    proposed_by = models.ForeignKey(
        "cases.Person",
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision = models.CharField(_("decision"), max_length=12, choices=SolutionDecision.choices, default="open")
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    agreement_code = models.UUIDField(_("agreement"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposed solution")
        verbose_name_plural = _("proposed solutions")
        ordering = ["meeting__date", "number"]

    def __str__(self) -> str:
        return f"P{self.number}"

    def clean(self) -> None:
        if self.meeting_id and self.meeting.case_id != self.case_id:
            raise ValidationError({"meeting": _("This meeting belongs to another case.")})
        _same_case(self.case_id, self.proposed_by if self.proposed_by_id else None, field="proposed_by")


# --- Network analysis ---------------------------------------------------------------------------


class SupportLevel(models.TextChoices):
    NONE = "none", _("none")
    LIMITED = "limited", _("limited")
    SUFFICIENT = "sufficient", _("sufficient")
    STRONG = "strong", _("strong")


class NetworkAnalysis(TimestampedModel):
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="+")
    date = models.DateField(_("date"))
    summary = models.TextField(_("summary"))
    lost_contacts = models.TextField(_("important people lost or contact worsened"), blank=True)
    restore_actions = models.TextField(_("what we do to restore"), blank=True)
    social_support_level = models.CharField(
        _("social support"), max_length=12, choices=SupportLevel.choices, default=SupportLevel.LIMITED
    )

    class Meta:
        verbose_name = _("network analysis")
        verbose_name_plural = _("network analyses")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}"

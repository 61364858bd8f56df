"""Every write of the cases app. Keyword-only, atomic, validated, audited (DESIGN "The house")."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cocon.audit.services import audit_changes, audit_record

from .models import (
    Case,
    CaseStatus,
    Closure,
    Evaluation,
    FollowUpHelp,
    GuidancePhase,
    Person,
    PhaseAxis,
    PhaseChange,
    Referral,
    RoleAgreement,
    SafetyWorkPhase,
    StepStatus,
    TrajectoryStep,
)
from .trajectory import STEP_COUNT

CASE_REFERRAL_FIELDS = [
    "family_name",
    "referral_source",
    "legal_framework",
    "placement_threat",
    "concern_summary",
    "mandating_body",
    "consultant",
    "region",
    "youth_judge",
    "referred_on",
]


def steps_ensure(*, case: Case) -> None:
    """Create the 13 trajectory steps of a case if they are missing (idempotent)."""
    existing = set(TrajectoryStep.objects.filter(case=case).values_list("number", flat=True))
    missing = [TrajectoryStep(case=case, number=n) for n in range(1, STEP_COUNT + 1) if n not in existing]
    if missing:
        TrajectoryStep.objects.bulk_create(missing, ignore_conflicts=True)


def _next_reference(year: int) -> str:
    prefix = f"COC-{year}-"
    numbers = [
        int(ref.removeprefix(prefix))
        for ref in Case.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
        if ref.removeprefix(prefix).isdigit()
    ]
    return f"{prefix}{(max(numbers, default=0) + 1):03d}"


@transaction.atomic
def case_register_referral(
    *,
    actor: Any,
    team: Any,
    case_fields: dict[str, Any],
    referral_fields: dict[str, Any],
    children: list[dict[str, Any]],
) -> Case:
    """The coördinator registers a referral: the case, its referral record, the index children, 13 steps."""
    case = Case(team=team, status=CaseStatus.REFERRED, **case_fields)
    case.reference = _next_reference(case.referred_on.year)
    case.full_clean()
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:  # two coordinators at once: take the next number
        case.reference = _next_reference(case.referred_on.year)
        case.save()
    referral = Referral(
        case=case, created_by=actor, decision_by=actor, decision_on=timezone.localdate(), **referral_fields
    )
    referral.full_clean()
    referral.save()
    persons = []
    for child in children:
        person = Person(case=case, is_household=True, is_index_child=True, family_role="child", **child)
        person.full_clean()
        person.save()
        persons.append(person)
    steps_ensure(case=case)
    audit_record(
        actor=actor,
        action="cases.case.referred",
        obj=case,
        case=case,
        data={
            "fields": sorted(case_fields),
            "referral_fields": sorted(referral_fields),
            "children": [str(p.code) for p in persons],
            "out_of_target_group": case.out_of_target_group,
        },
    )
    return case


@transaction.atomic
def case_update_referral(
    *, actor: Any, case: Case, case_fields: dict[str, Any], referral_fields: dict[str, Any]
) -> Case:
    # The old values from the database: a ModelForm bound to `case` has already copied the new ones
    # onto it, which left the audit without changes (not even a new consultant, who gets the case).
    stored = Case.objects.select_related("consultant", "mandating_body").get(pk=case.pk)
    before = {name: getattr(stored, name) for name in case_fields}
    for name, value in case_fields.items():
        setattr(case, name, value)
    case.full_clean()
    case.save()
    referral, _created = Referral.objects.get_or_create(
        case=case, defaults={"received_on": case.referred_on, "created_by": actor}
    )
    for name, value in referral_fields.items():
        setattr(referral, name, value)
    referral.full_clean()
    referral.save()
    audit_record(
        actor=actor,
        action="cases.case.referral_updated",
        obj=case,
        case=case,
        data={"changes": audit_changes(case, before, list(case_fields)), "referral_fields": sorted(referral_fields)},
    )
    return case


@transaction.atomic
def case_assign(*, actor: Any, case: Case, lead_worker: Any, co_worker: Any | None) -> Case:
    """The coördinator assigns the lead context worker and an optional co-worker from the case's team."""
    for user in (lead_worker, co_worker):
        if user is not None and (user.team_id != case.team_id or not user.is_context_worker or not user.is_active):
            raise ValidationError(_("Choose context workers of the case's team."))
    if co_worker is not None and co_worker.pk == lead_worker.pk:
        raise ValidationError({"co_worker": _("The co-worker must be someone other than the lead worker.")})
    before = {"lead_worker": case.lead_worker, "co_worker": case.co_worker, "status": case.status}
    case.lead_worker = lead_worker
    case.co_worker = co_worker
    if case.status == CaseStatus.REFERRED:
        case.status = CaseStatus.WAITING
    case.full_clean()
    case.save()
    audit_record(
        actor=actor,
        action="cases.case.assigned",
        obj=case,
        case=case,
        data=audit_changes(case, before, ["lead_worker", "co_worker", "status"]),
    )
    return case


@transaction.atomic
def case_start(*, actor: Any, case: Case, started_on: date) -> Case:
    """First contact (kennismaking): the case becomes active and step 1 is in progress."""
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": _("The start date cannot be in the future.")})
    case.started_on = started_on
    if case.status in (CaseStatus.REFERRED, CaseStatus.WAITING):
        case.status = CaseStatus.ACTIVE
    case.full_clean()
    case.save()
    step = TrajectoryStep.objects.filter(case=case, number=1, status=StepStatus.NOT_STARTED).first()
    if step:
        step.status = StepStatus.IN_PROGRESS
        step.started_on = started_on
        step.updated_by = actor
        step.save()
    audit_record(actor=actor, action="cases.case.started", obj=case, case=case, data={"started_on": str(started_on)})
    return case


PERSON_FIELDS = [
    "first_name",
    "last_name",
    "birth_date",
    "gender",
    "family_role",
    "is_household",
    "is_index_child",
    "phone",
    "email",
    "address",
    "deceased",
    "notes",
]


@transaction.atomic
def person_create(*, actor: Any, case: Case, fields: dict[str, Any]) -> Person:
    person = Person(case=case, **fields)
    person.full_clean()
    person.save()
    audit_record(actor=actor, action="cases.person.created", obj=person, case=case, data={"fields": sorted(fields)})
    return person


@transaction.atomic
def person_update(*, actor: Any, person: Person, fields: dict[str, Any]) -> Person:
    before = {name: getattr(person, name) for name in fields}
    for name, value in fields.items():
        setattr(person, name, value)
    person.full_clean()
    person.save()
    audit_record(
        actor=actor,
        action="cases.person.updated",
        obj=person,
        case=person.case,
        data=audit_changes(person, before, list(fields)),
    )
    return person


@transaction.atomic
def step_update(
    *,
    actor: Any,
    step: TrajectoryStep,
    status: str,
    started_on: date | None,
    completed_on: date | None,
    notes: str,
) -> TrajectoryStep:
    before = {n: getattr(step, n) for n in ("status", "started_on", "completed_on", "notes")}
    step.status = status
    step.started_on = started_on
    step.completed_on = completed_on
    step.notes = notes
    if status == StepStatus.IN_PROGRESS and not step.started_on:
        step.started_on = timezone.localdate()
    # A step that is done again after a revisit was worked on more than once: keep the count honest.
    if before["status"] == StepStatus.DONE and status == StepStatus.IN_PROGRESS:
        step.revisits += 1
        step.completed_on = None
    step.updated_by = actor
    step.full_clean()
    step.save()
    audit_record(
        actor=actor,
        action="cases.step.updated",
        obj=step,
        case=step.case,
        data={"number": step.number, **audit_changes(step, before, list(before))},
    )
    return step


@transaction.atomic
def step_revisit(*, actor: Any, step: TrajectoryStep) -> TrajectoryStep:
    """Take a finished step up again (another network meeting, another evaluation round)."""
    if step.status != StepStatus.DONE:
        raise ValidationError(_("Only a finished step can be revisited."))
    step.status = StepStatus.IN_PROGRESS
    step.completed_on = None
    step.revisits += 1
    step.updated_by = actor
    step.full_clean()
    step.save()
    audit_record(actor=actor, action="cases.step.revisited", obj=step, case=step.case, data={"number": step.number})
    return step


@transaction.atomic
def step_confirm_done(*, actor: Any, step: TrajectoryStep, completed_on: date | None = None) -> TrajectoryStep:
    """Confirm a suggested step as done (one click)."""
    today = timezone.localdate()
    completed_on = min(completed_on or today, today)
    step.status = StepStatus.DONE
    step.completed_on = completed_on
    if step.started_on is None or step.started_on > completed_on:
        step.started_on = completed_on
    step.updated_by = actor
    step.full_clean()
    step.save()
    audit_record(
        actor=actor,
        action="cases.step.confirmed",
        obj=step,
        case=step.case,
        data={"number": step.number, "completed_on": str(completed_on)},
    )
    return step


@transaction.atomic
def phase_change(*, actor: Any, case: Case, axis: str, to_phase: str, changed_on: date, reason: str) -> PhaseChange:
    """Move the case to another guidance or safety phase, keeping who, when and why."""
    choices = GuidancePhase if axis == PhaseAxis.GUIDANCE else SafetyWorkPhase
    field = "guidance_phase" if axis == PhaseAxis.GUIDANCE else "safety_phase"
    if to_phase not in choices.values:
        raise ValidationError({"to_phase": _("Choose a phase.")})
    current = getattr(case, field)
    if current == to_phase:
        raise ValidationError({"to_phase": _("The case is already in this phase.")})
    if changed_on > timezone.localdate():
        raise ValidationError({"changed_on": _("A phase change cannot be dated in the future.")})
    if changed_on < case.referred_on:
        raise ValidationError({"changed_on": _("The date cannot be before the referral date.")})
    change = PhaseChange(
        case=case, axis=axis, from_phase=current, to_phase=to_phase, changed_on=changed_on, by=actor, reason=reason
    )
    change.full_clean()
    change.save()
    setattr(case, field, to_phase)
    case.save(update_fields=[field, "updated_at"])
    audit_record(
        actor=actor,
        action="cases.phase.changed",
        obj=change,
        case=case,
        data={"axis": axis, "from": current, "to": to_phase, "changed_on": str(changed_on)},
    )
    return change


@transaction.atomic
def role_agreements_update(*, actor: Any, case: Case, text: str) -> Case:
    case.role_agreements = text
    case.full_clean()
    case.save(update_fields=["role_agreements", "updated_at"])
    audit_record(
        actor=actor, action="cases.role_agreements.updated", obj=case, case=case, data={"role_agreements": "changed"}
    )
    return case


@transaction.atomic
def role_line_create(*, actor: Any, case: Case, fields: dict[str, Any]) -> RoleAgreement:
    line = RoleAgreement(case=case, **fields)
    line.full_clean()
    line.save()
    audit_record(actor=actor, action="cases.role_agreement.created", obj=line, case=case, data={"party": line.party})
    return line


@transaction.atomic
def role_line_delete(*, actor: Any, line: RoleAgreement) -> None:
    case = line.case
    audit_record(actor=actor, action="cases.role_agreement.deleted", obj=line, case=case, data={"party": line.party})
    line.delete()


EVALUATION_FIELDS = [
    "type",
    "planned_on",
    "held_on",
    "other_participants",
    "evaluated",
    "outcome",
    "plan_adjusted",
    "next_evaluation",
    "report_to_consultant_on",
]


@transaction.atomic
def evaluation_save(
    *,
    actor: Any,
    case: Case,
    fields: dict[str, Any],
    participants: list[Person],
    evaluation: Evaluation | None = None,
) -> Evaluation:
    """Plan or record an evaluation; a held evaluation puts step 13 in progress."""
    created = evaluation is None
    evaluation = evaluation or Evaluation(case=case, created_by=actor)
    before = {name: getattr(evaluation, name) for name in fields}
    for name, value in fields.items():
        setattr(evaluation, name, value)
    if any(p.case_id != case.pk for p in participants):
        raise ValidationError(_("Participants must belong to this case."))
    evaluation.full_clean()
    evaluation.save()
    evaluation.participants.set(participants)
    if evaluation.held_on:
        TrajectoryStep.objects.filter(case=case, number=13, status=StepStatus.NOT_STARTED).update(
            status=StepStatus.IN_PROGRESS, started_on=evaluation.held_on
        )
    audit_record(
        actor=actor,
        action="cases.evaluation.created" if created else "cases.evaluation.updated",
        obj=evaluation,
        case=case,
        data={
            "changes": audit_changes(evaluation, before, list(fields)),
            "participants": [str(p.code) for p in participants],
        },
    )
    return evaluation


CLOSURE_FIELDS = [
    "closed_on",
    "reason",
    "outcome",
    "plan_evaluated",
    "follow_up_decided",
    "relapse_plan_made",
    "family_informed",
    "follow_up",
    "relapse_plan",
    "final_scaling",
    "final_scaling_note",
]


@transaction.atomic
def case_close(*, actor: Any, case: Case, fields: dict[str, Any]) -> Closure:
    """Close deliberately: the checklist must be complete. The case becomes read-only."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.is_closed:
        raise ValidationError(_("This case is already closed."))
    closure = Closure(case=case, closed_by=actor, **fields)
    closure.full_clean()
    closure.save()
    before = {"status": case.status, "closed_on": case.closed_on}
    case.status = CaseStatus.CLOSED
    case.closed_on = closure.closed_on
    case.full_clean()
    case.save(update_fields=["status", "closed_on", "updated_at"])
    audit_record(
        actor=actor,
        action="cases.case.closed",
        obj=closure,
        case=case,
        data={
            "reason": closure.reason,
            "outcome": closure.outcome,
            "final_scaling": closure.final_scaling,
            "follow_up": sorted(case.follow_up_helps.values_list("type", "status")),
            **audit_changes(case, before, ["status", "closed_on"]),
        },
    )
    return closure


# --- follow-up help (DOMAIN §5.23) --------------------------------------------------------------------

FOLLOW_UP_FIELDS = [
    "type",
    "provider",
    "organisation",
    "description",
    "status",
    "start_expected",
    "a_document_filed_on",
]


def _follow_up_writable(case: Case) -> None:
    if case.is_closed:
        raise ValidationError(_("This case is closed: its follow-up help can no longer change."))


@transaction.atomic
def follow_up_save(
    *, actor: Any, case: Case, fields: dict[str, Any], follow_up: FollowUpHelp | None = None
) -> FollowUpHelp:
    """Record or change one follow-up help of a case (decided with everyone involved before closing)."""
    _follow_up_writable(case)
    created = follow_up is None
    # Reload: a bound ModelForm has already written the new values onto the instance it was given.
    follow_up = (
        FollowUpHelp(case=case, created_by=actor)
        if follow_up is None
        else FollowUpHelp.objects.select_for_update().get(pk=follow_up.pk, case=case)
    )
    before = {name: getattr(follow_up, name) for name in FOLLOW_UP_FIELDS}
    for name, value in fields.items():
        setattr(follow_up, name, value)
    follow_up.full_clean()
    follow_up.save()
    audit_record(
        actor=actor,
        action="cases.follow_up.created" if created else "cases.follow_up.updated",
        obj=follow_up,
        case=case,
        data={
            "type": follow_up.type,
            "status": follow_up.status,
            "changes": audit_changes(follow_up, before, FOLLOW_UP_FIELDS),
        },
    )
    return follow_up


@transaction.atomic
def follow_up_delete(*, actor: Any, follow_up: FollowUpHelp) -> None:
    """Remove a follow-up help recorded by mistake; the audit log keeps what it was."""
    case = follow_up.case
    _follow_up_writable(case)
    audit_record(
        actor=actor,
        action="cases.follow_up.deleted",
        obj=follow_up,
        case=case,
        data={"type": follow_up.type, "status": follow_up.status},
    )
    follow_up.delete()


@transaction.atomic
def case_reopen(*, actor: Any, case: Case, reason: str) -> Case:
    """Reopen a closed case; a reason is required and kept on the closure."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status != CaseStatus.CLOSED:
        raise ValidationError(_("Only a closed case can be reopened."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for reopening.")})
    closure = case.closures.filter(reopened_on__isnull=True).first()
    if closure:
        closure.reopened_on = timezone.localdate()
        closure.reopened_by = actor
        closure.reopen_reason = reason
        closure.save(update_fields=["reopened_on", "reopened_by", "reopen_reason"])
    case.status = CaseStatus.ACTIVE if case.started_on else CaseStatus.WAITING
    case.closed_on = None
    case.save(update_fields=["status", "closed_on", "updated_at"])
    audit_record(actor=actor, action="cases.case.reopened", obj=case, case=case, data={"status": case.status})
    return case


# --- contacts (issue: contacts & intensity) ---------------------------------------------------------

CONTACT_FIELDS = [
    "type",
    "date",
    "start_time",
    "duration_minutes",
    "location",
    "others_present",
    "techniques",
    "went_well",
    "worries",
    "agreements",
    "next_contact",
]
CONTACT_EDIT_WINDOW_DAYS = 7


def contact_overlaps(
    *, author: Any, date_: date, start_time: Any, duration_minutes: int, exclude_pk: Any = None
) -> list[Any]:
    """Contacts of the same worker on that day whose time range overlaps (a warning, not a block)."""
    from datetime import datetime, timedelta

    from .models import Contact

    start = datetime.combine(date_, start_time)
    end = start + timedelta(minutes=duration_minutes)
    same_day = Contact.objects.filter(author=author, date=date_).select_related("case")
    if exclude_pk:
        same_day = same_day.exclude(pk=exclude_pk)
    overlapping = []
    for other in same_day:
        other_start = datetime.combine(other.date, other.start_time)
        other_end = other_start + timedelta(minutes=other.duration_minutes)
        if start < other_end and other_start < end:
            overlapping.append(other)
    return overlapping


@transaction.atomic
def contact_log(
    *,
    actor: Any,
    case: Case,
    fields: dict[str, Any],
    participants: list[Person],
    idempotency_key: Any,
) -> tuple[Any, bool]:
    """Log a contact. The same idempotency key twice returns the first contact: a double tap or an
    offline retry never makes a duplicate. Returns (contact, created)."""
    from .models import Contact

    if idempotency_key:
        existing = Contact.objects.filter(idempotency_key=idempotency_key, author=actor, case=case).first()
        if existing:
            return existing, False
    if any(p.case_id != case.pk for p in participants):
        raise ValidationError({"participants": _("Participants must belong to this case.")})
    contact = Contact(case=case, author=actor, idempotency_key=idempotency_key, **fields)
    contact.full_clean()
    try:
        with transaction.atomic():
            contact.save()
    except IntegrityError:
        # Two requests with the same key at the same moment: the first one won; return it.
        existing = Contact.objects.filter(idempotency_key=idempotency_key, author=actor, case=case).first()
        if existing is None:
            raise
        return existing, False
    contact.participants.set(participants)
    audit_record(
        actor=actor,
        action="cases.contact.created",
        obj=contact,
        case=case,
        data={
            "type": contact.type,
            "date": str(contact.date),
            "duration_minutes": contact.duration_minutes,
            "participants": [str(p.code) for p in participants],
        },
    )
    return contact, True


def contact_edit_needs_reason(contact: Any, *, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return (today - timezone.localtime(contact.created_at).date()).days >= CONTACT_EDIT_WINDOW_DAYS


@transaction.atomic
def contact_update(
    *,
    actor: Any,
    contact: Any,
    fields: dict[str, Any],
    participants: list[Person],
    reason: str = "",
) -> Any:
    """The author corrects a contact. After 7 days a reason is required and kept with the correction."""
    from .models import ContactCorrection

    if actor.pk != contact.author_id:
        raise ValidationError(_("Only the person who logged this contact can change it."))
    needs_reason = contact_edit_needs_reason(contact)
    if needs_reason and not reason.strip():
        raise ValidationError({"reason": _("This contact is older than 7 days: give a reason for the correction.")})
    before = {name: getattr(contact, name) for name in fields}
    before_participants = set(contact.participants.values_list("pk", flat=True))
    for name, value in fields.items():
        setattr(contact, name, value)
    if any(p.case_id != contact.case_id for p in participants):
        raise ValidationError({"participants": _("Participants must belong to this case.")})
    contact.full_clean()
    contact.save()
    contact.participants.set(participants)
    changes = audit_changes(contact, before, list(fields))
    if before_participants != {p.pk for p in participants}:
        changes["participants"] = [str(p.code) for p in participants]
    data: dict[str, Any] = {"changes": changes, "late": needs_reason}
    if needs_reason:
        correction = ContactCorrection.objects.create(
            contact=contact, by=actor, reason=reason, changed_fields=sorted(changes)
        )
        data["correction"] = correction.pk
    audit_record(actor=actor, action="cases.contact.updated", obj=contact, case=contact.case, data=data)
    return contact

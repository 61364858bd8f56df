"""Every write of the network app. Keyword-only, atomic, validated (`full_clean`) and audited.

Audit data carries codes and field names only — never names or free text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, FamilyRole, Person
from cocon.audit.services import audit_record

from .models import (
    JIM_PARENTS_CHOOSE_UNDER,
    PRESENT_STATUSES,
    AttendanceRole,
    CandidateStatus,
    JimCandidate,
    JimChooser,
    JimDesignation,
    JimPresence,
    JimPresenceContext,
    JimSearch,
    JimSearchStatus,
    MeetingAttendance,
    MeetingStatus,
    NetworkAnalysis,
    NetworkMeeting,
    NetworkMember,
    NetworkRole,
    ProposedSolution,
    Relationship,
    SolutionDecision,
)


class StaleVersionError(Exception):
    """Someone else saved this record since the form was opened (optimistic locking)."""


PERSON_FIELDS = ("first_name", "last_name", "birth_date", "gender", "phone", "email", "address", "deceased")
MEMBER_FIELDS = (
    "network_type",
    "relation",
    "relation_text",
    "organisation",
    "child_relations",
    "circle_ring",
    "knows_worries",
    "influence",
    "support_types",
    "roles",
    "action",
    "availability",
    "consent_contact",
    "consent_contact_on",
    "active_from",
    "active_to",
)


def _check_same_case(case: Case, *persons: Person | None) -> None:
    for person in persons:
        if person is not None and person.case_id != case.pk:
            raise ValidationError(_("This person belongs to another case."))


# --- Members ------------------------------------------------------------------------------------


@transaction.atomic
def network_member_create(
    *,
    actor: Any,
    case: Case,
    person: Person | None = None,
    person_fields: dict[str, Any] | None = None,
    member_fields: dict[str, Any],
    supports: list[Person] | None = None,
) -> NetworkMember:
    """Add someone to the network: an existing person of the case, or a new one made here."""
    if person is None:
        person = Person(case=case, **{k: v for k, v in (person_fields or {}).items() if k in PERSON_FIELDS})
        person.full_clean()
        person.save()
    else:
        _check_same_case(case, person)
        if NetworkMember.objects.filter(person=person).exists():
            raise ValidationError(_("This person is already in the network."))
    member = NetworkMember(case=case, person=person, **{k: v for k, v in member_fields.items() if k in MEMBER_FIELDS})
    member.full_clean()
    member.save()
    if supports:
        _check_same_case(case, *supports)
        member.supports.set(supports)
    audit_record(
        actor=actor,
        action="network.member.created",
        obj=member,
        case=case,
        data={"person": str(person.code), "fields": sorted(member_fields)},
    )
    return member


@transaction.atomic
def network_member_update(
    *,
    actor: Any,
    member: NetworkMember,
    version: int,
    person_fields: dict[str, Any],
    member_fields: dict[str, Any],
    supports: list[Person] | None = None,
) -> NetworkMember:
    """Save an edit; refuse it when someone else saved in between (the version moved on)."""
    locked = NetworkMember.objects.select_for_update().select_related("person").get(pk=member.pk)
    if locked.version != version:
        raise StaleVersionError
    person = locked.person
    changed: list[str] = []
    for key, value in person_fields.items():
        if key in PERSON_FIELDS and getattr(person, key) != value:
            setattr(person, key, value)
            changed.append(f"person.{key}")
    person.full_clean()
    person.save()
    for key, value in member_fields.items():
        if key in MEMBER_FIELDS and getattr(locked, key) != value:
            setattr(locked, key, value)
            changed.append(key)
    locked.version = version + 1
    locked.full_clean()
    locked.save()
    if supports is not None:
        _check_same_case(locked.case, *supports)
        locked.supports.set(supports)
    audit_record(actor=actor, action="network.member.updated", obj=locked, case=locked.case, data={"changed": changed})
    return locked


def _add_role(member: NetworkMember, role: str) -> None:
    if role not in (member.roles or []):
        member.roles = [*(member.roles or []), role]
        member.version += 1
        member.save(update_fields=["roles", "version", "updated_at"])


# --- Genogram -----------------------------------------------------------------------------------


@transaction.atomic
def genogram_person_create(*, actor: Any, case: Case, fields: dict[str, Any]) -> Person:
    """A family member who belongs in the genogram but not (yet) in the network (e.g. a late grandfather)."""
    allowed = {*PERSON_FIELDS, "family_role", "is_household"}
    person = Person(case=case, **{k: v for k, v in fields.items() if k in allowed})
    person.full_clean()
    person.save()
    audit_record(actor=actor, action="network.genogram_person.created", obj=person, case=case)
    return person


@transaction.atomic
def relationship_create(
    *,
    actor: Any,
    case: Case,
    from_person: Person,
    kind: str,
    to_person: Person,
    quality: str = "",
    cohabiting: bool = False,
    since: int | None = None,
    until: int | None = None,
) -> Relationship:
    """A genogram edge. Both persons must belong to `case` — checked here and in the model."""
    _check_same_case(case, from_person, to_person)
    relation = Relationship(
        case=case,
        from_person=from_person,
        kind=kind,
        to_person=to_person,
        quality=quality,
        cohabiting=cohabiting,
        since=since,
        until=until,
    )
    relation.full_clean()
    relation.save()
    audit_record(
        actor=actor,
        action="network.relationship.created",
        obj=relation,
        case=case,
        data={"from": str(from_person.code), "to": str(to_person.code), "kind": kind, "quality": quality},
    )
    return relation


@transaction.atomic
def relationship_delete(*, actor: Any, relationship: Relationship) -> None:
    case = relationship.case
    code = relationship.code
    relationship.delete()
    audit_record(actor=actor, action="network.relationship.deleted", case=case, data={"relationship": str(code)})


# --- JIM ----------------------------------------------------------------------------------------


def jim_chooser_for(child: Person, on: date) -> str:
    """Parents choose for a child under 6; an unknown age means child and parents together."""
    age = child.age_on(on)
    if age is None:
        return JimChooser.CHILD_WITH_PARENTS
    return JimChooser.PARENTS if age < JIM_PARENTS_CHOOSE_UNDER else JimChooser.CHILD


@transaction.atomic
def jim_searches_ensure(case: Case, *, actor: Any = None) -> list[JimSearch]:
    """Open a JIM search for every child of the case that has none yet. Idempotent.

    Dated on the case's first day (its start date) — the seed wants the search "from day one". A case
    that has not started yet has no first day, and a closed case gets no new searches.
    """
    if case.is_closed or case.started_on is None:
        return []
    children = Person.objects.filter(case=case, family_role=FamilyRole.CHILD, jim_search__isnull=True)
    opened_on = case.started_on
    created = []
    for child in children:
        search = JimSearch(case=case, child=child, opened_on=opened_on, chooser=jim_chooser_for(child, opened_on))
        search.full_clean()
        search.save()
        created.append(search)
        audit_record(
            actor=actor,
            action="network.jim_search.opened",
            obj=search,
            case=case,
            data={"child": str(child.code), "chooser": search.chooser, "automatic": True},
        )
    return created


@transaction.atomic
def jim_search_update(*, actor: Any, search: JimSearch, chooser: str, status: str) -> JimSearch:
    """Change who chooses, or pause the search / record that no JIM was found. Designating goes through
    `jim_designate` (it needs both consents), so that status cannot be set here."""
    if status == JimSearchStatus.DESIGNATED:
        raise ValidationError({"status": _("A JIM is designated through the designation, with both consents.")})
    before = {"chooser": search.chooser, "status": search.status}
    search.chooser = chooser
    search.status = status
    if status == JimSearchStatus.NO_JIM_FOUND:
        search.closed_on = search.closed_on or timezone.localdate()
    elif status in (JimSearchStatus.OPEN, JimSearchStatus.PAUSED, JimSearchStatus.CANDIDATE_ASKED):
        search.closed_on = None
    search.full_clean()
    search.save()
    audit_record(
        actor=actor,
        action="network.jim_search.updated",
        obj=search,
        case=search.case,
        data={"from": before, "to": {"chooser": chooser, "status": status}},
    )
    return search


@transaction.atomic
def jim_candidate_add(
    *,
    actor: Any,
    search: JimSearch,
    member: NetworkMember,
    named_on: date,
    named_by: Person | None = None,
    rank: int | None = None,
    note: str = "",
    professional_confirmed: bool = False,
) -> JimCandidate:
    """Name a candidate. A professional gets a warning: only added when the worker confirms it."""
    if member.is_formal and not professional_confirmed:
        raise ValidationError(
            {
                "member": _(
                    "%(name)s is a professional. A JIM is someone the child chooses from their own informal "
                    "network; professionals leave, the JIM stays. Tick the confirmation if you still want to "
                    "propose this person."
                )
                % {"name": member.person}
            }
        )
    if rank is None:
        rank = (search.candidates.aggregate(m=Max("rank"))["m"] or 0) + 1
    candidate = JimCandidate(
        search=search,
        member=member,
        named_on=named_on,
        named_by=named_by,
        rank=rank,
        note=note,
        professional_confirmed=member.is_formal and professional_confirmed,
    )
    candidate.full_clean()
    candidate.save()
    audit_record(
        actor=actor,
        action="network.jim_candidate.added",
        obj=candidate,
        case=search.case,
        data={"search": str(search.code), "member": str(member.code), "professional": member.is_formal},
    )
    return candidate


@transaction.atomic
def jim_candidate_update(
    *,
    actor: Any,
    candidate: JimCandidate,
    status: str,
    asked_on: date | None,
    answered_on: date | None,
    note: str,
) -> JimCandidate:
    before = candidate.status
    candidate.status = status
    candidate.asked_on = asked_on
    candidate.answered_on = answered_on
    candidate.note = note
    candidate.full_clean()
    candidate.save()
    search = candidate.search
    if status in (CandidateStatus.POLLED, CandidateStatus.AGREED) and search.status == JimSearchStatus.OPEN:
        search.status = JimSearchStatus.CANDIDATE_ASKED
        search.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="network.jim_candidate.updated",
        obj=candidate,
        case=search.case,
        data={"status": {"from": before, "to": status}},
    )
    return candidate


@transaction.atomic
def jim_designate(
    *,
    actor: Any,
    search: JimSearch,
    member: NetworkMember,
    designated_on: date,
    parents_consent: bool,
    parents_consent_on: date | None,
    jim_consent: bool,
    jim_consent_on: date | None = None,
    parents_consent_note: str = "",
    jim_agreement: str = "",
    also_drm_trusted_person: bool = False,
) -> JimDesignation:
    """Designate the child's JIM. Refused (ValidationError with the reason) without parental consent."""
    if member.case_id != search.case_id:
        raise ValidationError(_("This person belongs to another case."))
    designation = JimDesignation(
        case=search.case,
        search=search,
        child=search.child,
        jim=member,
        designated_on=designated_on,
        parents_consent=parents_consent,
        parents_consent_on=parents_consent_on,
        parents_consent_note=parents_consent_note,
        jim_consent=jim_consent,
        jim_consent_on=jim_consent_on,
        jim_agreement=jim_agreement,
        also_drm_trusted_person=also_drm_trusted_person,
    )
    designation.full_clean()
    # One current JIM per child: a new designation ends the previous one.
    search.designations.filter(ended_on__isnull=True).update(ended_on=designated_on)
    designation.save()
    search.status = JimSearchStatus.DESIGNATED
    search.closed_on = designated_on
    search.save(update_fields=["status", "closed_on", "updated_at"])
    candidate, _created = JimCandidate.objects.get_or_create(
        search=search,
        member=member,
        defaults={"named_on": designated_on, "rank": search.candidates.count() + 1},
    )
    candidate.status = CandidateStatus.AGREED
    candidate.answered_on = candidate.answered_on or jim_consent_on or designated_on
    candidate.save(update_fields=["status", "answered_on", "updated_at"])
    _add_role(member, NetworkRole.JIM)
    audit_record(
        actor=actor,
        action="network.jim.designated",
        obj=designation,
        case=search.case,
        data={"child": str(search.child.code), "jim": str(member.code), "parents_consent": True},
    )
    return designation


@transaction.atomic
def jim_presence_record(
    *,
    actor: Any,
    case: Case,
    child: Person,
    context: str,
    on: date,
    present: bool = True,
    object_code: str = "",
) -> JimPresence | None:
    """For the safety-plan app: note whether the child's JIM was there when a danger statement or a plan
    was made. Returns None when the child has no current JIM. Calling it again for the same record updates it.
    """
    _check_same_case(case, child)
    if context not in JimPresenceContext.values:
        raise ValidationError(_("Unknown moment."))
    designation = (
        JimDesignation.objects.filter(case=case, child=child, ended_on__isnull=True).order_by("-designated_on").first()
    )
    if designation is None:
        return None
    presence, _created = JimPresence.objects.update_or_create(
        designation=designation,
        context=context,
        object_code=object_code,
        defaults={"on": on, "present": present},
    )
    flag = {
        JimPresenceContext.DANGER_STATEMENT: "involved_in_danger_statement",
        JimPresenceContext.SAFETY_PLAN: "involved_in_plan",
    }.get(context)
    if flag and present and not getattr(designation, flag):
        setattr(designation, flag, True)
        designation.save(update_fields=[flag, "updated_at"])
    audit_record(
        actor=actor,
        action="network.jim.presence_recorded",
        obj=presence,
        case=case,
        data={"context": context, "present": present, "record": object_code},
    )
    return presence


# --- Meetings -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceInput:
    person: Person
    role: str
    invited: bool
    status: str


MEETING_FIELDS = (
    "purpose",
    "status",
    "date",
    "start_time",
    "end_time",
    "location",
    "facilitator",
    "agenda",
    "child_voice_by",
    "child_participation",
    "worries",
    "strengths",
    "decisions",
    "minutes",
    "next_meeting",
)


def _check_held(status: str, attendances: list[AttendanceInput]) -> None:
    if status == MeetingStatus.HELD and not any(a.status in PRESENT_STATUSES for a in attendances):
        raise ValidationError(_("A meeting that took place needs its attendance: mark at least one person as present."))


def _save_attendances(meeting: NetworkMeeting, attendances: list[AttendanceInput]) -> None:
    _check_same_case(meeting.case, *(a.person for a in attendances))
    meeting.attendances.all().delete()
    rows = []
    for item in attendances:
        row = MeetingAttendance(
            meeting=meeting, person=item.person, role=item.role, invited=item.invited, status=item.status
        )
        row.full_clean()
        rows.append(row)
    MeetingAttendance.objects.bulk_create(rows)


@transaction.atomic
def meeting_create(
    *, actor: Any, case: Case, fields: dict[str, Any], attendances: list[AttendanceInput]
) -> NetworkMeeting:
    """Plan or record a network meeting (step 7). A held meeting without anyone present is refused."""
    _check_held(fields.get("status", MeetingStatus.PLANNED), attendances)
    number = (NetworkMeeting.objects.filter(case=case).aggregate(m=Max("number"))["m"] or 0) + 1
    meeting = NetworkMeeting(case=case, number=number, **{k: v for k, v in fields.items() if k in MEETING_FIELDS})
    meeting.full_clean()
    meeting.save()
    _save_attendances(meeting, attendances)
    audit_record(
        actor=actor,
        action="network.meeting.created",
        obj=meeting,
        case=case,
        data={"status": meeting.status, "attendances": len(attendances)},
    )
    return meeting


@transaction.atomic
def meeting_update(
    *, actor: Any, meeting: NetworkMeeting, version: int, fields: dict[str, Any], attendances: list[AttendanceInput]
) -> NetworkMeeting:
    locked = NetworkMeeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.version != version:
        raise StaleVersionError
    _check_held(fields.get("status", locked.status), attendances)
    changed = []
    for key, value in fields.items():
        if key in MEETING_FIELDS and getattr(locked, key) != value:
            setattr(locked, key, value)
            changed.append(key)
    locked.version = version + 1
    locked.full_clean()
    locked.save()
    _save_attendances(locked, attendances)
    audit_record(
        actor=actor,
        action="network.meeting.updated",
        obj=locked,
        case=locked.case,
        data={"changed": changed, "attendances": len(attendances)},
    )
    return locked


def default_attendance_role(person: Person, jim_member_ids: set[int]) -> str:
    """A sensible role for the attendance form: parents, children, the JIM, network, professionals."""
    member = getattr(person, "network_member", None)
    if member is not None and member.pk in jim_member_ids:
        return AttendanceRole.JIM
    if person.family_role == FamilyRole.CHILD:
        return AttendanceRole.CHILD
    if person.family_role in (FamilyRole.MOTHER, FamilyRole.FATHER, FamilyRole.STEP_PARENT, FamilyRole.GUARDIAN):
        return AttendanceRole.PARENT
    if member is not None and NetworkRole.CONSULTANT in (member.roles or []):
        return AttendanceRole.CONSULTANT
    if member is not None and member.is_formal:
        return AttendanceRole.PROFESSIONAL
    return AttendanceRole.NETWORK


@transaction.atomic
def proposed_solution_add(
    *,
    actor: Any,
    meeting: NetworkMeeting,
    text: str,
    proposed_by: Person | None = None,
    decision: str = SolutionDecision.OPEN,
    reason: str = "",
) -> ProposedSolution:
    _check_same_case(meeting.case, proposed_by)
    number = (ProposedSolution.objects.filter(case=meeting.case).aggregate(m=Max("number"))["m"] or 0) + 1
    solution = ProposedSolution(
        case=meeting.case,
        meeting=meeting,
        number=number,
        text=text,
        proposed_by=proposed_by,
        decision=decision,
        reason=reason,
    )
    solution.full_clean()
    solution.save()
    audit_record(
        actor=actor,
        action="network.solution.added",
        obj=solution,
        case=meeting.case,
        data={"meeting": str(meeting.code), "decision": decision},
    )
    return solution


@transaction.atomic
def proposed_solution_decide(
    *, actor: Any, solution: ProposedSolution, decision: str, reason: str = "", agreement_code: Any = None
) -> ProposedSolution:
    """For step 9 (and the safety-plan app): record what became of a proposal, and which agreement it became."""
    before = solution.decision
    solution.decision = decision
    solution.reason = reason
    if agreement_code is not None:
        solution.agreement_code = agreement_code
    solution.full_clean()
    solution.save()
    audit_record(
        actor=actor,
        action="network.solution.decided",
        obj=solution,
        case=solution.case,
        data={"decision": {"from": before, "to": decision}},
    )
    return solution


# --- Analysis -----------------------------------------------------------------------------------


@transaction.atomic
def network_analysis_create(*, actor: Any, case: Case, fields: dict[str, Any]) -> NetworkAnalysis:
    allowed = {"date", "summary", "lost_contacts", "restore_actions", "social_support_level"}
    analysis = NetworkAnalysis(case=case, **{k: v for k, v in fields.items() if k in allowed})
    analysis.full_clean()
    analysis.save()
    audit_record(
        actor=actor,
        action="network.analysis.created",
        obj=analysis,
        case=case,
        data={"social_support_level": analysis.social_support_level},
    )
    return analysis

"""Writes for safety plans: drafts with optimistic locking, review, definitive versions, monitoring."""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocon.accounts.models import Role
from cocon.audit.services import audit_record

from ..models import (
    APPROVING_RESULTS,
    PLAN_EDITABLE,
    Agreement,
    AgreementCheck,
    CheckSource,
    ContactAgreement,
    Incident,
    PlanComment,
    PlanReview,
    PlanSignOff,
    PlanStatus,
    ReviewResult,
    SafetyPlan,
)
from .common import locked_update
from .images import clean_image

PLAN_FIELDS = [
    "kind",
    "change_note",
    "safe_home_points",
    "needs_more_safety",
    "family_measures",
    "family_strengths_used",
    "change_now",
    "red_flags",
    "run_period_weeks",
    "monitoring_summary",
    "valid_from",
    "valid_until",
    "next_evaluation",
]
PLAN_M2M = ["danger_statements", "goals", "bottom_lines", "linked_skill_goals"]
AGREEMENT_FIELDS = [
    "text",
    "goal",
    "bottom_line",
    "responsible_text",
    "monitor_professional",
    "monitor_network",
    "frequency",
    "fixed_days",
    "trigger",
    "check_frequency",
    "duration",
    "check_method",
    "if_not_kept",
    "who_to_call",
    "child_text",
    "status",
    "paused_until",
]

DEFINITIVE_LOCKED = gettext_lazy(
    "This plan version is definitive and can no longer be changed. Make a new version: the old one stays in the history."
)
NOT_EDITABLE = gettext_lazy("This plan is not a draft: it can only be changed after the consultant asks for changes.")


def _audit(actor: Any, action: str, obj: Any, case: Any, data: dict[str, Any] | None = None) -> None:
    audit_record(actor=actor, action=action, obj=obj, case=case, data=data or {})


def ensure_plan_editable(plan: SafetyPlan) -> None:
    if plan.is_definitive:
        raise ValidationError(DEFINITIVE_LOCKED)
    if plan.status not in PLAN_EDITABLE:
        raise ValidationError(NOT_EDITABLE)


def agreement_problems(agreement: Agreement) -> dict[str, str]:
    """DOMAIN §8 rule 3: what an agreement still misses before the plan can go to review."""
    problems = {}
    if not agreement.monitor_professional_id:
        problems["monitor_professional"] = _("Every agreement needs a professional monitor.")
    if not agreement.frequency:
        problems["frequency"] = _("Say how often or when this agreement applies.")
    return problems


# --- the draft -------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, case: Any, actor: Any, fields: dict[str, Any], m2m: dict[str, Any] | None = None) -> SafetyPlan:
    plan = SafetyPlan(case=case, status=PlanStatus.DRAFT, created_by=actor, updated_by=actor, **fields)
    plan.full_clean()
    plan.save()
    for name, values in (m2m or {}).items():
        getattr(plan, name).set(values)
    _audit(actor, "safetyplans.plan.created", plan, case, {"kind": plan.kind, "label": plan.label})
    return plan


@transaction.atomic
def plan_update(
    *, plan: SafetyPlan, actor: Any, expected_version: int, fields: dict[str, Any], m2m: dict[str, Any] | None = None
) -> SafetyPlan:
    """Save a draft only if nobody saved since the form was opened (raises StaleVersion otherwise)."""
    ensure_plan_editable(plan)
    try:
        locked_update(plan, actor=actor, expected_version=expected_version, fields=fields, statuses=PLAN_EDITABLE)
    except ValidationError:
        raise ValidationError(DEFINITIVE_LOCKED) from None
    for name, values in (m2m or {}).items():
        getattr(plan, name).set(values)
    _audit(actor, "safetyplans.plan.updated", plan, plan.case, {"fields": sorted(fields) + sorted(m2m or {})})
    return plan


def _bump(plan: SafetyPlan, actor: Any) -> None:
    # A change to the agreements is a change to the draft: a plan form opened before it becomes stale.
    SafetyPlan.objects.filter(pk=plan.pk).update(version=F("version") + 1, updated_at=timezone.now(), updated_by=actor)


def _next_number(plan: SafetyPlan) -> int:
    return (plan.agreements.aggregate(top=Max("number"))["top"] or 0) + 1


@transaction.atomic
def agreement_create(
    *, plan: SafetyPlan, actor: Any, fields: dict[str, Any], responsible: list[Any] | None = None
) -> Agreement:
    plan = SafetyPlan.objects.select_for_update().get(pk=plan.pk)
    ensure_plan_editable(plan)
    agreement = Agreement(plan=plan, number=_next_number(plan), created_by=actor, updated_by=actor, **fields)
    problems = agreement_problems(agreement)
    if problems:
        raise ValidationError(problems)
    agreement.full_clean()
    agreement.save()
    agreement.responsible.set(responsible or [])
    _bump(plan, actor)
    _audit(actor, "safetyplans.agreement.created", agreement, plan.case, {"plan": str(plan.code)})
    return agreement


@transaction.atomic
def agreement_update(
    *,
    agreement: Agreement,
    actor: Any,
    expected_version: int,
    fields: dict[str, Any],
    responsible: list[Any] | None = None,
) -> Agreement:
    plan = SafetyPlan.objects.select_for_update().get(pk=agreement.plan_id)
    ensure_plan_editable(plan)
    for name, value in fields.items():
        setattr(agreement, name, value)
    problems = agreement_problems(agreement)
    if problems:
        raise ValidationError(problems)
    locked_update(agreement, actor=actor, expected_version=expected_version, fields=fields, statuses=None)
    if responsible is not None:
        agreement.responsible.set(responsible)
    _bump(plan, actor)
    _audit(actor, "safetyplans.agreement.updated", agreement, plan.case, {"fields": sorted(fields)})
    return agreement


def agreement_delete_refusal(plan: SafetyPlan) -> str | None:
    """Why an agreement of this version cannot be deleted (None: it can)."""
    if plan.status in PLAN_EDITABLE:
        return None
    return _("An agreement can only be deleted from a draft. This version is %(status)s.") % {
        "status": plan.get_status_display()
    }


@transaction.atomic
def agreement_delete(*, agreement: Agreement, actor: Any, expected_version: int | None = None) -> int:
    """Delete an agreement of a draft with what hangs on it (the consultant's comments on it, its
    responsible people) and renumber the ones after it. Returns how many were renumbered."""
    plan = SafetyPlan.objects.select_for_update().get(pk=agreement.plan_id)
    refusal = agreement_delete_refusal(plan)
    if refusal:
        raise ValidationError(refusal)
    current = Agreement.objects.select_for_update().filter(pk=agreement.pk).first()
    if current is None:
        raise ValidationError(_("This agreement was already deleted."))
    if expected_version is not None and current.version != expected_version:
        raise ValidationError(_("Someone changed this agreement in the meantime. Look at it again before deleting it."))
    number = current.number
    # The proposal of the network meeting it came from may become an agreement again.
    from network.models import ProposedSolution

    ProposedSolution.objects.filter(agreement_code=current.code).update(agreement_code=None)
    comments = PlanComment.objects.filter(agreement=current).count()
    current.delete()  # comments, responsible people and contact links go with it (CASCADE)
    later = list(plan.agreements.filter(number__gt=number).order_by("number"))
    for other in later:  # one by one, upwards: the (plan, number) pair stays unique at every step
        Agreement.objects.filter(pk=other.pk).update(number=other.number - 1, updated_at=timezone.now())
    _bump(plan, actor)
    _audit(
        actor,
        "safetyplans.agreement.deleted",
        plan,
        plan.case,
        {"number": number, "agreement": str(current.code), "comments": comments, "renumbered": len(later)},
    )
    return len(later)


@transaction.atomic
def agreements_from_solutions(*, plan: SafetyPlan, actor: Any, solutions: list[Any]) -> list[Agreement]:
    """Accepted proposals of a network meeting become draft agreements in one action (step 9).

    The proposer becomes the responsible person; the case's lead worker the professional monitor.
    The worker completes frequency and the rest before the plan goes to review.
    """
    plan = SafetyPlan.objects.select_for_update().get(pk=plan.pk)
    ensure_plan_editable(plan)
    taken = set(plan.agreements.exclude(proposed_solution_code=None).values_list("proposed_solution_code", flat=True))
    created = []
    number = _next_number(plan)
    for solution in solutions:
        if solution.case_id != plan.case_id or solution.code in taken:
            continue
        agreement = Agreement(
            plan=plan,
            number=number,
            text=solution.text[:4000],
            monitor_professional=plan.case.lead_worker,
            proposed_solution_code=solution.code,
            created_by=actor,
            updated_by=actor,
        )
        agreement.full_clean()
        agreement.save()
        if solution.proposed_by_id:
            agreement.responsible.set([solution.proposed_by])
        # The network app keeps a pointer from the proposal to the agreement it became.
        type(solution).objects.filter(pk=solution.pk).update(agreement_code=agreement.code)
        created.append(agreement)
        number += 1
    if created:
        _bump(plan, actor)
        _audit(actor, "safetyplans.agreement.from_solutions", plan, plan.case, {"count": len(created)})
    return created


# --- review and the check with the youth judge / GV (step 10) ---------------------------------------


def _transition(plan: SafetyPlan, allowed: tuple[str, ...], message: Any) -> SafetyPlan:
    locked = SafetyPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.status not in allowed:
        raise ValidationError(message)
    return locked


@transaction.atomic
def plan_submit(*, plan: SafetyPlan, actor: Any, on: date | None = None) -> SafetyPlan:
    locked = _transition(plan, PLAN_EDITABLE, NOT_EDITABLE)
    agreements = list(locked.agreements.all())
    if not agreements:
        raise ValidationError(_("Add at least one agreement before submitting the plan."))
    incomplete = [f"A{a.number}" for a in agreements if agreement_problems(a)]
    if incomplete:
        raise ValidationError(
            _("These agreements still need a professional monitor and a frequency: %(list)s.")
            % {"list": ", ".join(incomplete)}
        )
    locked.status = PlanStatus.IN_REVIEW
    locked.submitted_on = on or timezone.localdate()
    locked.version += 1
    locked.updated_by = actor
    locked.save()
    _audit(actor, "safetyplans.plan.submitted", locked, locked.case)
    return locked


def may_review(user: Any, case: Any) -> bool:
    """The consultant linked to the case reviews the plan (step 10); a supervisor may stand in."""
    if case.is_closed:
        return False
    if user.role == Role.CONSULTANT:
        return case.consultant_id == user.pk
    return user.role == Role.SUPERVISOR


@transaction.atomic
def plan_consultant_decide(
    *,
    plan: SafetyPlan,
    actor: Any,
    approve: bool,
    comments: dict[Any, str] | None = None,
    general_comment: str = "",
    on: date | None = None,
) -> SafetyPlan:
    if not may_review(actor, plan.case):
        raise PermissionDenied
    locked = _transition(plan, (PlanStatus.IN_REVIEW,), _("This plan is not waiting for a review."))
    notes = [(None, general_comment)] + [(agreement, text) for agreement, text in (comments or {}).items()]
    notes = [(agreement, text.strip()) for agreement, text in notes if text and text.strip()]
    if not approve and not notes:
        raise ValidationError(_("Say what must change: write at least one comment."))
    for agreement, text in notes:
        if agreement is not None and agreement.plan_id != locked.pk:
            raise ValidationError(_("This agreement belongs to another plan."))
        comment = PlanComment(plan=locked, agreement=agreement, text=text, created_by=actor, updated_by=actor)
        comment.full_clean()
        comment.save()
    locked.status = PlanStatus.APPROVED if approve else PlanStatus.CHANGES_REQUESTED
    locked.consultant_decided_on = on or timezone.localdate()
    locked.version += 1
    locked.updated_by = actor
    locked.save()
    _audit(
        actor,
        "safetyplans.plan.reviewed",
        locked,
        locked.case,
        {"approved": approve, "comments": len(notes)},
    )
    return locked


@transaction.atomic
def plan_review_record(*, plan: SafetyPlan, actor: Any, fields: dict[str, Any]) -> PlanReview:
    """The worker records the outcome of the check with the youth judge or GV (step 10)."""
    locked = _transition(
        plan,
        (PlanStatus.APPROVED, PlanStatus.CHECKED),
        _("Record the check with the youth judge or GV after the consultant approved the plan."),
    )
    review = PlanReview(plan=locked, created_by=actor, updated_by=actor, **fields)
    review.full_clean()
    review.save()
    locked.status = PlanStatus.CHECKED if review.result in APPROVING_RESULTS else PlanStatus.CHANGES_REQUESTED
    locked.version += 1
    locked.updated_by = actor
    locked.save()
    _audit(actor, "safetyplans.plan_review.recorded", review, locked.case, {"result": review.result})
    return review


# --- definitive ----------------------------------------------------------------------------------------


def plan_fingerprint(plan: SafetyPlan) -> str:
    """SHA-256 over the content of the version: the printed fingerprint proves which text was signed."""
    content = {
        "plan": str(plan.code),
        "label": plan.label,
        "fields": {name: str(getattr(plan, name) or "") for name in PLAN_FIELDS},
        "agreements": [
            {name: str(getattr(a, f"{name}_id", None) or getattr(a, name) or "") for name in AGREEMENT_FIELDS}
            | {"number": a.number}
            for a in plan.agreements.order_by("number")
        ],
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


@transaction.atomic
def plan_finalise(*, plan: SafetyPlan, actor: Any, on: date | None = None, override_reason: str = "") -> SafetyPlan:
    """Definitive only after an approving check (step 10), unless a coordinator overrides with a reason."""
    locked = SafetyPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.is_definitive:
        raise ValidationError(DEFINITIVE_LOCKED)
    override_reason = override_reason.strip()
    approved = (
        locked.status == PlanStatus.CHECKED
        and locked.reviews.order_by("-reviewed_on", "-created_at").first().result in APPROVING_RESULTS
    )
    if not approved:
        if not override_reason:
            raise ValidationError(
                _(
                    "A plan becomes definitive only after the consultant approved it and the check with the youth judge or GV was positive."
                )
            )
        if actor.role != Role.COORDINATOR:
            raise ValidationError(_("Only a coordinator may make a plan definitive without an approved review."))
        if len(override_reason) < 10:
            raise ValidationError(_("Explain the override in a full sentence."))
        locked.override_reason = override_reason[:500]
        locked.override_by = actor
    if not locked.agreements.exists():
        raise ValidationError(_("Add at least one agreement before submitting the plan."))
    locked.status = PlanStatus.FINAL
    locked.finalised_on = on or timezone.localdate()
    locked.fingerprint = plan_fingerprint(locked)
    locked.version += 1
    locked.updated_by = actor
    locked.save()
    previous = locked.supersedes
    if previous is not None and previous.status != PlanStatus.SUPERSEDED:
        SafetyPlan.objects.filter(pk=previous.pk).update(status=PlanStatus.SUPERSEDED, updated_at=timezone.now())
    _audit(actor, "safetyplans.plan.finalised", locked, locked.case, {"override": bool(override_reason)})
    return locked


PLAN_STATUS_MOVES = {PlanStatus.FINAL: (PlanStatus.ACTIVE,), PlanStatus.ACTIVE: (PlanStatus.EVALUATED,)}


@transaction.atomic
def plan_set_status(*, plan: SafetyPlan, actor: Any, status: str) -> SafetyPlan:
    locked = SafetyPlan.objects.select_for_update().get(pk=plan.pk)
    if status not in PLAN_STATUS_MOVES.get(locked.status, ()):
        raise ValidationError(_("This status change is not possible."))
    previous = locked.status
    SafetyPlan.objects.filter(pk=locked.pk).update(status=status, updated_at=timezone.now(), updated_by=actor)
    locked.refresh_from_db()
    _audit(actor, "safetyplans.plan.status_changed", locked, locked.case, {"from": previous, "to": status})
    return locked


# A child-friendly version is explained for a plan that is (or was) in force.
CHILD_VERSION_STATUSES = (PlanStatus.FINAL, PlanStatus.ACTIVE, PlanStatus.EVALUATED)


@transaction.atomic
def plan_child_version_shared(*, plan: SafetyPlan, actor: Any, on: date) -> SafetyPlan:
    """Record the day the child-friendly version was discussed with the children (R-PLAN-CHILDVERSION).

    A fact about the definitive version, not a change of its content: the fingerprint stays the same.
    """
    locked = SafetyPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.status not in CHILD_VERSION_STATUSES:
        raise ValidationError(_("The child-friendly version is discussed once the plan is definitive."))
    if on > timezone.localdate():
        raise ValidationError({"on": _("This date lies in the future.")})
    if locked.finalised_on and on < locked.finalised_on:
        raise ValidationError({"on": _("This date lies before the plan became definitive.")})
    previous = locked.child_version_shared_on
    SafetyPlan.objects.filter(pk=locked.pk).update(
        child_version_shared_on=on, updated_at=timezone.now(), updated_by=actor
    )
    locked.refresh_from_db()
    _audit(
        actor,
        "safetyplans.plan.child_version_shared",
        locked,
        locked.case,
        {"on": on.isoformat(), "previous": previous.isoformat() if previous else None},
    )
    return locked


def _next_label(plan: SafetyPlan, major: bool) -> str:
    major_no, _dot, minor_no = plan.label.partition(".")
    try:
        return f"{int(major_no) + 1}.0" if major else f"{major_no}.{int(minor_no or 0) + 1}"
    except ValueError:
        return f"{plan.label}.1"


@transaction.atomic
def plan_new_version(*, plan: SafetyPlan, actor: Any, major: bool = False, change_note: str = "") -> SafetyPlan:
    """A new draft that copies the definitive version and its agreements; the old one stays untouched."""
    locked = SafetyPlan.objects.select_for_update().get(pk=plan.pk)
    if not locked.is_definitive or locked.status == PlanStatus.SUPERSEDED:
        raise ValidationError(_("Only a definitive plan that is still in force can get a new version."))
    if SafetyPlan.objects.filter(supersedes=locked).exists():
        raise ValidationError(_("A newer version of this plan already exists."))
    new = SafetyPlan(
        case=locked.case,
        lineage=locked.lineage,
        label=_next_label(locked, major),
        status=PlanStatus.DRAFT,
        supersedes=locked,
        created_by=actor,
        updated_by=actor,
        **{name: getattr(locked, name) for name in PLAN_FIELDS if name != "change_note"},
    )
    new.change_note = change_note[:300]
    new.full_clean()
    new.save()
    for name in PLAN_M2M:
        getattr(new, name).set(getattr(locked, name).all())
    for old in locked.agreements.prefetch_related("responsible"):
        copy = Agreement(
            plan=new,
            number=old.number,
            series=old.series,
            proposed_solution_code=old.proposed_solution_code,
            created_by=actor,
            updated_by=actor,
            **{name: getattr(old, name) for name in AGREEMENT_FIELDS},
        )
        copy.save()
        copy.responsible.set(old.responsible.all())
    _audit(actor, "safetyplans.plan.versioned", new, new.case, {"supersedes": str(locked.code), "label": new.label})
    return new


@transaction.atomic
def sign_off_add(*, plan: SafetyPlan, actor: Any, fields: dict[str, Any], scan: Any = None) -> PlanSignOff:
    """A signature on paper (with an optional photo or scan of the signed page, re-encoded) or recorded."""
    plan = SafetyPlan.objects.get(pk=plan.pk)
    if plan.status not in (PlanStatus.CHECKED, PlanStatus.FINAL, PlanStatus.ACTIVE):
        raise ValidationError(_("A plan is signed once the check is done or it is definitive."))
    sign_off = PlanSignOff(plan=plan, created_by=actor, updated_by=actor, **fields)
    if sign_off.person_id and sign_off.person.case_id != plan.case_id:
        raise ValidationError({"person": _("This person belongs to another case.")})
    if sign_off.person_id and not sign_off.name:
        sign_off.name = str(sign_off.person)
    sign_off.full_clean()
    image = clean_image(scan) if scan else None  # raises a Dutch ValidationError for bad files
    if image is not None:
        sign_off.scan.save(f"{secrets.token_hex(16)}.{image.extension}", ContentFile(image.data), save=False)
        sign_off.scan_content_type = image.content_type
    try:
        sign_off.save()
    except Exception:
        if image is not None:
            sign_off.scan.delete(save=False)  # no orphan file when the row is refused
        raise
    _audit(actor, "safetyplans.plan.signed", sign_off, plan.case, {"role": sign_off.signer_role, "scan": bool(image)})
    return sign_off


# --- monitoring (step 12) ----------------------------------------------------------------------------------


@transaction.atomic
def check_record(*, agreement: Agreement, actor: Any, fields: dict[str, Any]) -> AgreementCheck:
    plan_status = SafetyPlan.objects.filter(pk=agreement.plan_id).values_list("status", flat=True).get()
    if plan_status not in (PlanStatus.FINAL, PlanStatus.ACTIVE, PlanStatus.EVALUATED, PlanStatus.SUPERSEDED):
        raise ValidationError(_("Checks are recorded for the agreements of a definitive plan."))
    check = AgreementCheck(agreement=agreement, created_by=actor, updated_by=actor, **fields)
    if check.on_behalf_of_id and check.on_behalf_of.case_id != agreement.plan.case_id:
        raise ValidationError({"on_behalf_of": _("This person belongs to another case.")})
    if check.outcome == "not_kept_unsafe":
        check.child_safe = False
    check.full_clean()
    check.save()
    _audit(
        actor,
        "safetyplans.agreement_check.recorded",
        check,
        agreement.plan.case,
        {"outcome": check.outcome, "on_behalf": bool(check.on_behalf_of_id)},
    )
    return check


# The source of a check recorded from a contact, by the kind of contact (DOMAIN §5.17).
CONTACT_CHECK_SOURCE = {
    "home_visit": CheckSource.HOME_VISIT,
    "phone": CheckSource.PHONE,
    "video": CheckSource.PHONE,
    "message": CheckSource.MESSAGE,
    "school": CheckSource.SCHOOL_REPORT,
}


@transaction.atomic
def contact_agreements_record(
    *, contact: Any, actor: Any, looked_at: list[tuple[Agreement, str]]
) -> list[AgreementCheck]:
    """The agreements looked at during a contact (issue 5): each is linked to the contact and, where an
    outcome was chosen, checked in the monitoring log through `check_record`, as on the monitoring page.

    Runs in the contact's transaction. An agreement already linked to this contact is skipped, so a
    resend never makes a second link or check. Returns the checks made.
    """
    checks: list[AgreementCheck] = []
    linked: list[str] = []
    for agreement, outcome in looked_at:
        if agreement.plan.case_id != contact.case_id:
            raise ValidationError(_("This agreement belongs to another case."))
        _link, created = ContactAgreement.objects.get_or_create(
            contact=contact, agreement=agreement, defaults={"created_by": actor}
        )
        if not created:
            continue
        linked.append(f"A{agreement.number}")
        if outcome:
            fields = {
                "checked_on": contact.date,
                "source": CONTACT_CHECK_SOURCE.get(contact.type, CheckSource.SELF_REPORT),
                "outcome": outcome,
                "contact": contact,
            }
            checks.append(check_record(agreement=agreement, actor=actor, fields=fields))
    if linked:
        _audit(
            actor,
            "safetyplans.contact_agreements.linked",
            contact,
            contact.case,
            {"agreements": linked, "checks": len(checks)},
        )
    return checks


@transaction.atomic
def incident_record(
    *, case: Any, actor: Any, fields: dict[str, Any], agreements: list[Agreement] | None = None
) -> Incident:
    incident = Incident(case=case, created_by=actor, updated_by=actor, **fields)
    if incident.plan_id and incident.plan.case_id != case.pk:
        raise ValidationError(_("This plan belongs to another case."))
    incident.full_clean()
    incident.save()
    agreements = [a for a in (agreements or []) if a.plan.case_id == case.pk]
    incident.agreements.set(agreements)
    # A breached bottom line is escalated: the case shows the flag until someone closes it
    # (the reminders app reads `open_bottom_line_incidents`).
    _audit(
        actor,
        "safetyplans.incident.recorded",
        incident,
        case,
        {"bottom_line_breached": incident.bottom_line_breached, "agreements": len(agreements)},
    )
    return incident


@transaction.atomic
def incident_close_escalation(*, incident: Incident, actor: Any, on: date | None = None) -> Incident:
    if not incident.bottom_line_breached or incident.escalation_closed_on:
        raise ValidationError(_("This incident has no open escalation."))
    incident.escalation_closed_on = on or timezone.localdate()
    incident.updated_by = actor
    incident.save(update_fields=["escalation_closed_on", "updated_by", "updated_at"])
    _audit(actor, "safetyplans.incident.escalation_closed", incident, incident.case)
    return incident


__all__ = [
    "ReviewResult",
    "agreement_create",
    "agreement_delete",
    "agreement_delete_refusal",
    "agreement_problems",
    "agreement_update",
    "agreements_from_solutions",
    "check_record",
    "contact_agreements_record",
    "ensure_plan_editable",
    "incident_close_escalation",
    "incident_record",
    "may_review",
    "plan_child_version_shared",
    "plan_consultant_decide",
    "plan_create",
    "plan_finalise",
    "plan_fingerprint",
    "plan_new_version",
    "plan_review_record",
    "plan_set_status",
    "plan_submit",
    "plan_update",
    "sign_off_add",
]

"""Reads that decide visibility. The one gate for a case lives here (DESIGN rule 1).

Who may see a case:
- its lead context worker and its co-worker;
- the werkbegeleider and the coördinator of the case's team;
- a consultant only when linked to that case.
The beheerder manages users and reference lists but does not read case content. An inactive
account sees nothing. Everything else is a 404 — we never confirm that a case exists.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from cocon.accounts.models import Role
from cocon.audit.models import Outcome
from cocon.audit.services import audit_record

from .models import Case


def cases_visible_to(user: Any) -> QuerySet[Case]:
    """Every case `user` may see. Lists, counts, search and exports all start here."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Case.objects.none()
    role = user.role
    if role == Role.CONTEXT_WORKER:
        return Case.objects.filter(Q(lead_worker=user) | Q(co_worker=user))
    if role in (Role.SUPERVISOR, Role.COORDINATOR):
        if user.team_id is None:
            return Case.objects.none()
        return Case.objects.filter(team_id=user.team_id)
    if role == Role.CONSULTANT:
        return Case.objects.filter(consultant=user)
    return Case.objects.none()


def get_case_for(user: Any, code: Any, *, request: HttpRequest | None = None, related: tuple[str, ...] = ()) -> Case:
    """The case with public id `code` if `user` may see it; otherwise a 404 (and a denied audit event).

    `related`: more one-to-one relations the page shows, fetched in the same query."""
    case = (
        cases_visible_to(user)
        .select_related("team", "lead_worker", "co_worker", "consultant", *related)
        .filter(code=code)
        .first()
    )
    if case is None:
        audit_record(
            actor=user,
            action="cases.case.access_denied",
            outcome=Outcome.DENIED,
            data={"code": str(code)},
            request=request,
        )
        raise Http404
    return case


def case_is_writable_by(user: Any, case: Case) -> bool:
    """Visible is not writable: consultants and supervisors read; workers and coordinators write.

    A closed case is read-only for everyone.
    """
    if case.is_closed:
        return False
    if user.role == Role.CONTEXT_WORKER:
        return user.pk in (case.lead_worker_id, case.co_worker_id)
    if user.role == Role.COORDINATOR:
        return user.team_id == case.team_id
    # The werkbegeleider may edit in the worker's absence (DOMAIN §3).
    if user.role == Role.SUPERVISOR:
        return user.team_id == case.team_id
    return False


# ---------------------------------------------------------------------------------------------------
# Reads of the cases app (below the gate). Every list starts from `cases_visible_to`.
# ---------------------------------------------------------------------------------------------------

SCOPES = ("mine", "team", "all")
SORTS = {
    "deadline": ("referred_on", "reference"),
    "-referred": ("-referred_on", "reference"),
    "reference": ("reference",),
    "family": ("family_name", "reference"),
    "step": ("current_step", "reference"),
}


def _current_step_subquery() -> Any:
    from django.db.models import OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from .models import OPEN_STEP_STATUSES, TrajectoryStep

    first_open = (
        TrajectoryStep.objects.filter(case=OuterRef("pk"), status__in=OPEN_STEP_STATUSES)
        .order_by("number")
        .values("number")[:1]
    )
    return Coalesce(Subquery(first_open), 14)


def case_list_for(
    user: Any,
    *,
    scope: str = "mine",
    filters: dict[str, Any] | None = None,
    query: str = "",
    sort: str = "deadline",
    today: Any = None,
) -> QuerySet[Case]:
    """The case list: a scope (mine / my team / all I may see), filters, a search and a sort order."""
    from datetime import timedelta

    from django.db.models import Exists, OuterRef
    from django.utils import timezone

    from .models import OPEN_STATUSES, Evaluation, Person

    today = today or timezone.localdate()
    filters = filters or {}
    qs = cases_visible_to(user)
    if scope == "mine":
        qs = qs.filter(Q(lead_worker=user) | Q(co_worker=user) | Q(consultant=user))
    elif scope == "team" and user.team_id:
        qs = qs.filter(team_id=user.team_id)
    status = filters.get("status") or "open"
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status == "closed":
        qs = qs.exclude(status__in=OPEN_STATUSES)
    evaluation_overdue = Evaluation.objects.filter(case=OuterRef("pk"), held_on__isnull=True, planned_on__lt=today)
    start_overdue = Q(started_on__isnull=True, status__in=OPEN_STATUSES, referred_on__lt=today - timedelta(days=7))
    qs = qs.annotate(current_step=_current_step_subquery(), evaluation_overdue=Exists(evaluation_overdue))
    if filters.get("phase"):
        qs = qs.filter(guidance_phase=filters["phase"])
    if filters.get("safety_phase"):
        qs = qs.filter(safety_phase=filters["safety_phase"])
    if filters.get("step"):
        qs = qs.filter(current_step=int(filters["step"]))
    if filters.get("overdue"):
        qs = qs.filter(start_overdue | Q(evaluation_overdue=True))
    if filters.get("consultant"):
        qs = qs.filter(consultant__code=filters["consultant"])
    if filters.get("worker"):
        qs = qs.filter(Q(lead_worker__code=filters["worker"]) | Q(co_worker__code=filters["worker"]))
    query = (query or "").strip()
    if query:
        words = query.split()
        person_match = Q()
        for word in words:
            person_match &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
        persons = Person.objects.filter(person_match, case=OuterRef("pk"))
        qs = qs.filter(Q(reference__icontains=query) | Q(family_name__icontains=query) | Exists(persons))
    order = SORTS.get(sort, SORTS["deadline"])
    return qs.select_related("team", "lead_worker", "co_worker", "consultant").order_by(*order)


def duplicate_open_cases(user: Any, children: list[dict[str, Any]], *, exclude_case: Case | None = None) -> list[Case]:
    """Open cases the user may see with an index child of the same first name, last name and birth date."""
    from .models import OPEN_STATUSES, Person

    match = Q()
    for child in children:
        if not (child.get("first_name") and child.get("last_name") and child.get("birth_date")):
            continue
        match |= Q(
            first_name__iexact=child["first_name"].strip(),
            last_name__iexact=child["last_name"].strip(),
            birth_date=child["birth_date"],
        )
    if not match:
        return []
    persons = Person.objects.filter(
        match, is_index_child=True, case__in=cases_visible_to(user).filter(status__in=OPEN_STATUSES)
    )
    if exclude_case is not None:
        persons = persons.exclude(case=exclude_case)
    case_ids = set(persons.values_list("case_id", flat=True))
    return list(Case.objects.filter(pk__in=case_ids).order_by("reference"))


def team_workers(team_id: int | None) -> QuerySet[Any]:
    """Active context workers of a team: who a coördinator may assign."""
    from cocon.accounts.models import User

    return User.objects.filter(team_id=team_id, role=Role.CONTEXT_WORKER, is_active=True).order_by(
        "first_name", "last_name"
    )


def consultants() -> QuerySet[Any]:
    from cocon.accounts.models import User

    return (
        User.objects.filter(role=Role.CONSULTANT, is_active=True)
        .select_related("organisation")
        .order_by("first_name", "last_name")
    )


# --- the case page: each kind of record read once, shared by the page, its timeline and its panels -----------

CASE_PAGE_CONTACTS = 5  # the newest contacts on the case page
CASE_TIMELINE_CONTACTS = 60  # and on its timeline


def _shared(case: Case, key: str, load: Any) -> Any:
    from .panels import shared_read

    return shared_read(case, key, load)


def case_persons_shared(case: Case) -> list[Any]:
    """Everyone in the case (household and others, children first)."""
    return _shared(case, "cases.persons", lambda: list(case.persons.all()))


def case_steps_shared(case: Case) -> list[Any]:
    return _shared(case, "cases.steps", lambda: list(case.steps.all().order_by("number")))


def case_evaluations_shared(case: Case) -> list[Any]:
    """Every evaluation of the case, newest first (see `case_evaluations`): the list, the overdue block and
    the timeline take their part."""
    return _shared(case, "cases.evaluations", lambda: list(case_evaluations(case)))


def case_recent_contacts(case: Case) -> list[Any]:
    """The newest contacts with their author and participants, for the contacts block of the case page."""
    return list(case.contacts.select_related("author").prefetch_related("participants")[:CASE_PAGE_CONTACTS])


def case_contacts_shared(case: Case) -> list[Any]:
    """The newest contacts with their author, for the timeline."""
    return _shared(
        case, "cases.contacts", lambda: list(case.contacts.select_related("author")[:CASE_TIMELINE_CONTACTS])
    )


def case_closures_shared(case: Case) -> list[Any]:
    """The closures of the case, the newest first (a reopened case can have several)."""
    return _shared(case, "cases.closures", lambda: list(case.closures.select_related("closed_by")))


def case_phase_changes_shared(case: Case) -> list[Any]:
    return _shared(case, "cases.phase_changes", lambda: list(case_phase_changes(case)))


def case_steps(case: Case) -> list[Any]:
    """The 13 steps with their title, the "suggested done" evidence and whether it is current."""
    from .models import OPEN_STEP_STATUSES, StepStatus
    from .trajectory import evidence_for_steps

    steps = case_steps_shared(case)
    current = next((s.number for s in steps if s.status in OPEN_STEP_STATUSES), None)
    # The evidence of every open step at once (one query, not one per step and contributor).
    evidence = evidence_for_steps(case, [s.number for s in steps if s.status in OPEN_STEP_STATUSES])
    for step in steps:
        step.is_current = step.number == current
        step.suggestion = evidence.get(step.number) or None
        step.is_finished = step.status in (StepStatus.DONE, StepStatus.NOT_APPLICABLE)
    return steps


def step_progress(steps: list[Any]) -> dict[str, int]:
    finished = sum(1 for s in steps if s.is_finished)
    total = len(steps) or 1
    return {"finished": finished, "total": len(steps), "percent": round(100 * finished / total)}


def case_evaluations(case: Case) -> QuerySet[Any]:
    """Newest first by the day it was (or will be) held, so upcoming evaluations come on top."""
    from django.db.models.functions import Coalesce

    return (
        case.evaluations.select_related("created_by")
        .annotate(day=Coalesce("held_on", "planned_on"))
        .order_by("-day", "-created_at")
    )


def case_follow_ups(case: Case) -> list[Any]:
    """The follow-up help of a case (DOMAIN §5.23), in the order it was recorded, in one query."""
    return list(case.follow_up_helps.select_related("organisation").order_by("created_at", "pk"))


def case_phase_changes(case: Case) -> QuerySet[Any]:
    return case.phase_changes.select_related("by")


def case_overdue_items(case: Case, *, today: Any = None) -> list[dict[str, Any]]:
    """What is late on this case, for the "at a glance" block."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    today = today or timezone.localdate()
    items: list[dict[str, Any]] = []
    state = case.start_state(today)
    if state in ("overdue", "late"):
        items.append(
            {
                "kind": "start",
                "severity": "danger" if state == "late" else "warning",
                "text": _("Start deadline passed (%(date)s): no first contact yet.")
                % {
                    "date": (case.start_deadline_hard if state == "late" else case.start_deadline_soft).strftime(
                        "%d/%m/%Y"
                    )
                },
            }
        )
    overdue = [e for e in case_evaluations_shared(case) if e.held_on is None and e.planned_on and e.planned_on < today]
    for evaluation in sorted(overdue, key=lambda e: e.planned_on):
        items.append(
            {
                "kind": "evaluation",
                "severity": "warning",
                "text": _("Evaluation planned on %(date)s has not been recorded as held.")
                % {"date": evaluation.planned_on.strftime("%d/%m/%Y")},
            }
        )
    return items


def case_timeline_items(case: Case) -> list[Any]:
    """The cases app's own contribution to the timeline (registered in CasesConfig.ready)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from .models import StepStatus
    from .timeline import TimelineItem
    from .trajectory import step_title

    items: list[TimelineItem] = []
    items.append(TimelineItem(when=case.referred_on, kind="cases.referral", title=_("Referral received")))
    if case.started_on:
        items.append(TimelineItem(when=case.started_on, kind="cases.start", title=_("First contact: guidance started")))
    for change in case_phase_changes_shared(case):
        label = _("Guidance phase") if change.axis == "guidance" else _("Safety phase")
        items.append(
            TimelineItem(
                when=change.changed_on,
                kind="cases.phase",
                title=f"{label}: {change.to_label}",
                detail=change.reason,
                actor=str(change.by or ""),
            )
        )
    for step in (s for s in case_steps_shared(case) if s.status == StepStatus.DONE and s.completed_on):
        items.append(
            TimelineItem(
                when=step.completed_on,
                kind="cases.step",
                title=_("Step %(number)s done") % {"number": step.number},
                detail=step_title(step.number)[:90] + "…",
            )
        )
    for evaluation in (e for e in case_evaluations_shared(case) if e.held_on is not None):
        items.append(
            TimelineItem(
                when=evaluation.held_on,
                kind="cases.evaluation",
                title=_("Evaluation (%(kind)s)") % {"kind": evaluation.get_type_display()},
                detail=evaluation.outcome,
                url=reverse(
                    "cases-evaluation-edit", kwargs={"case_code": case.code, "evaluation_code": evaluation.code}
                ),
            )
        )
    for contact in case_contacts_shared(case):
        items.append(
            TimelineItem(
                when=contact.starts_at,
                kind="cases.contact",
                title=_("%(kind)s (%(minutes)s min)")
                % {"kind": contact.get_type_display(), "minutes": contact.duration_minutes},
                url=reverse("cases-contact-edit", kwargs={"case_code": case.code, "contact_code": contact.code}),
                actor=str(contact.author),
            )
        )
    for closure in case_closures_shared(case):
        items.append(
            TimelineItem(
                when=closure.closed_on,
                kind="cases.closure",
                title=_("Case closed: %(reason)s") % {"reason": closure.get_reason_display()},
            )
        )
        if closure.reopened_on:
            items.append(
                TimelineItem(
                    when=closure.reopened_on,
                    kind="cases.reopen",
                    title=_("Case reopened"),
                    detail=closure.reopen_reason,
                )
            )
    return items

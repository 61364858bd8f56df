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


def get_case_for(user: Any, code: Any, *, request: HttpRequest | None = None) -> Case:
    """The case with public id `code` if `user` may see it; otherwise a 404 (and a denied audit event)."""
    case = (
        cases_visible_to(user)
        .select_related("team", "lead_worker", "co_worker", "consultant")
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

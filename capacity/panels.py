"""The "Vrije plaats" line on the case page (DOMAIN §10.1): which declared place this case filled, and
which declaration announces the place it will free."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.db.models import OuterRef, Q, Subquery
from django.http import HttpRequest

from .models import CapacityDeclaration, DeclarationStatus, DeclaredPlace
from .selectors import capacity_team_id_for


def free_place_panel(request: HttpRequest, case: Any) -> dict[str, Any]:
    """One query: the declarations that name this case as the one freeing a place, and the one whose place
    this case filled (with the day it did)."""
    filled_here = DeclaredPlace.objects.filter(declaration=OuterRef("pk"), filled_by_case=case).values("filled_on")
    declarations = list(
        CapacityDeclaration.objects.annotate(filled_here_on=Subquery(filled_here[:1]))
        .filter(Q(filled_here_on__isnull=False) | (Q(source_case=case) & ~Q(status=DeclarationStatus.WITHDRAWN)))
        .order_by("declared_on", "pk")
    )
    filled = next(
        (SimpleNamespace(declaration=d, filled_on=d.filled_here_on) for d in declarations if d.filled_here_on),
        None,
    )
    freeing = [d for d in declarations if d.source_case_id == case.pk and d.status != DeclarationStatus.WITHDRAWN]
    return {
        "filled": filled,
        "freeing": freeing,
        "show": bool(filled or freeing),
        "capacity_link": capacity_team_id_for(request.user) == case.team_id,
    }

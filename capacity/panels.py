"""The "Vrije plaats" line on the case page (DOMAIN §10.1): which declared place this case filled, and
which declaration announces the place it will free."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .models import CapacityDeclaration, DeclarationStatus, DeclaredPlace
from .selectors import capacity_team_for


def free_place_panel(request: HttpRequest, case: Any) -> dict[str, Any]:
    filled = DeclaredPlace.objects.filter(filled_by_case=case).select_related("declaration").first()
    freeing = list(
        CapacityDeclaration.objects.filter(source_case=case)
        .exclude(status=DeclarationStatus.WITHDRAWN)
        .order_by("declared_on")
    )
    team = capacity_team_for(request.user)
    return {
        "filled": filled,
        "freeing": freeing,
        "show": bool(filled or freeing),
        "capacity_link": team is not None and team.pk == case.team_id,
    }

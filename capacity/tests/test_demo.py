from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from capacity.models import CapacityDeclaration, CapacityPool, DeclarationStatus, PlaceStatus
from capacity.selectors import declaration_due_for_team, team_capacity, waiting_list

pytestmark = pytest.mark.django_db


def test_demo_holds_the_declarations_and_waiting_list_of_domain_10_16():
    call_command("seed_demo")
    today = timezone.localdate()
    offset = today - timezone.datetime(2025, 6, 16).date()
    pool = CapacityPool.objects.get(team__name="Team Gent")
    assert pool.total_places == 8 and pool.region == "Oost-Vlaanderen"
    first, second, planned = CapacityDeclaration.objects.filter(pool=pool).order_by("declared_on")
    assert first.declared_on == timezone.datetime(2025, 2, 17).date() + offset
    place = first.place_rows.get()
    assert place.status == PlaceStatus.FILLED and place.filled_by_case.reference == "COC-2025-014"
    assert place.filled_on == timezone.datetime(2025, 3, 3).date() + offset
    assert second.status == DeclarationStatus.ACKNOWLEDGED and second.source_case.reference == "COC-2024-031"
    assert planned.status == DeclarationStatus.PLANNED and planned.source_case.reference == "COC-2025-014"
    assert len(first.sent_to) == 3
    assert [c.reference for c in waiting_list(pool.team, today=today)] == ["COC-2025-022", "COC-2025-023"]
    capacity = team_capacity(pool.team, today=today)
    assert capacity.total.waiting == 2 and capacity.total.occupied >= 4
    # The last declaration was two weeks ago (02/06 → 16/06): the prompt shows on the demo's today.
    assert declaration_due_for_team(pool.team, today).biweekly
    assert declaration_due_for_team(pool.team, today - timedelta(days=1)).biweekly is False

"""Issue 11: the map page and the plan editor ask the same number of queries whatever the case holds (≤ 15)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.tests.factories import PersonFactory
from safetyplans.models import PlanStatus, SkillGoal
from safetyplans.tests.factories import (
    AgreementFactory,
    BottomLineFactory,
    DangerStatementFactory,
    MappingFactory,
    MappingItemFactory,
    SafetyGoalFactory,
    plan_in_status,
)

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_map_page_query_count_does_not_grow_with_items_and_maps(client_for, worker, case):
    mapping = MappingFactory(case=case)
    client = client_for(worker)
    url = reverse("safety-map-detail", kwargs={"case_code": case.code, "map_code": mapping.code})

    def grow(n: int) -> None:
        for _ in range(n):
            child = PersonFactory(case=case)
            item = MappingItemFactory(mapping=mapping)
            item.children.add(child)
            MappingFactory(case=case).participants.add(child)

    grow(1)
    client.get(url)
    few = _queries(client, url)
    grow(5)
    assert _queries(client, url) == few <= 15


def test_plan_editor_query_count_does_not_grow_with_the_frame_and_agreements(client_for, worker, case):
    plan = plan_in_status(case, PlanStatus.DRAFT, agreements=1)
    client = client_for(worker)
    url = reverse("safety-plan-edit", kwargs={"case_code": case.code, "code": plan.code})

    def grow(n: int) -> None:
        for _ in range(n):
            statement = DangerStatementFactory(case=case, status="final")
            goal = SafetyGoalFactory(case=case, danger_statement=statement, status="final")
            line = BottomLineFactory(case=case, status="final")
            plan.danger_statements.add(statement)
            plan.goals.add(goal)
            plan.bottom_lines.add(line)
            SkillGoal.objects.create(
                case=case, person=PersonFactory(case=case), domain="parenting", goal_text="Rustig blijven"
            )
            AgreementFactory(plan=plan)

    grow(1)
    client.get(url)
    few = _queries(client, url)
    grow(5)
    assert _queries(client, url) == few <= 15

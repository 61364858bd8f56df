from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from capacity.charts import forecast_chart, occupancy_chart
from capacity.models import PlaceStatus
from capacity.selectors import team_capacity, team_dashboard
from capacity.tests.factories import CapacityPoolFactory, DeclarationFactory
from cases.models import CaseStatus
from cases.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_time_from_referral_to_start_is_bucketed_per_month_against_7_and_14_days():
    today = timezone.localdate()
    pool = CapacityPoolFactory(total_places=4)
    started = today.replace(day=1)
    for days in (2, 7, 10, 20):
        CaseFactory(team=pool.team, referred_on=started - timedelta(days=days), started_on=started)
    month = team_dashboard(pool.team, today=today, capacity=4).starts[-1]
    assert (month.started, month.within_target, month.within_max, month.late, month.longest) == (4, 2, 1, 1, 20)
    assert month.average == 9.8


def test_dashboard_counts_declared_filled_and_lapsed_places_per_month():
    today = timezone.localdate()
    pool = CapacityPoolFactory()
    declaration = DeclarationFactory(pool=pool, declared_on=today, places=3)
    first, second, _third = declaration.place_rows.all()
    first.status, first.filled_by_case, first.filled_on = PlaceStatus.FILLED, CaseFactory(team=pool.team), today
    first.save()
    second.status, second.lapsed_on = PlaceStatus.LAPSED, today
    second.save()
    month = team_dashboard(pool.team, today=today, capacity=8).declared[-1]
    assert (month.declared, month.filled, month.lapsed) == (3, 1, 1)


def test_occupancy_over_time_follows_start_and_closing_dates():
    today = timezone.localdate()
    pool = CapacityPoolFactory()
    CaseFactory(team=pool.team, referred_on=today - timedelta(days=60), started_on=today - timedelta(days=58))
    CaseFactory(
        team=pool.team,
        status=CaseStatus.CLOSED,
        referred_on=today - timedelta(days=80),
        started_on=today - timedelta(days=79),
        closed_on=today - timedelta(days=20),
    )
    points = team_dashboard(pool.team, today=today, capacity=8).occupancy
    assert points[-1].occupied == 1
    assert max(p.occupied for p in points) == 2
    chart = occupancy_chart(team_dashboard(pool.team, today=today, capacity=8))
    assert len(chart.points) == len(points) and chart.capacity_y is not None


def test_forecast_chart_draws_a_red_bar_below_zero_when_demand_exceeds_places():
    today = timezone.localdate()
    pool = CapacityPoolFactory(total_places=1)
    for _ in range(2):
        CaseFactory(team=pool.team, status=CaseStatus.ACTIVE)
    chart = forecast_chart(team_capacity(pool.team, today=today, weeks=2))
    assert [bar["week"].free for bar in chart.bars] == [-1, -1]
    assert all(bar["negative"] and bar["y"] >= chart.zero_y for bar in chart.bars)


def test_forecast_per_region_assigns_cases_to_the_pool_of_their_region(client_for, coordinator, team_a):
    from django.urls import reverse

    today = timezone.localdate()
    gent = CapacityPoolFactory(team=team_a, region="Oost-Vlaanderen", total_places=5)
    brugge = CapacityPoolFactory(team=team_a, region="West-Vlaanderen", total_places=3)
    CaseFactory(team=team_a, status=CaseStatus.ACTIVE, region="West-Vlaanderen")
    CaseFactory(team=team_a, status=CaseStatus.ACTIVE, region="")  # no region: the first pool
    capacity = team_capacity(team_a, today=today, weeks=2)
    by_region = {s.region: s for s in capacity.pools}
    assert (by_region[gent.region].occupied, by_region[brugge.region].occupied) == (1, 1)
    assert capacity.rows[0][1] == [4, 2] and capacity.total.weeks[0].free == 6
    body = client_for(coordinator).get(reverse("capacity-overview")).content.decode()
    assert "West-Vlaanderen" in body

from __future__ import annotations

import datetime
import itertools

import pytest
from django.utils import timezone

from cases import demo as cases_demo
from cases.models import Case
from cases.timeline import timeline_for
from cases.trajectory import step_evidence
from cocon.accounts import demo as accounts_demo
from cocon.demo import DemoContext
from network import demo as network_demo
from network.diagrams import genogram_layout, genogram_people
from network.models import JimDesignation, NetworkMeeting, NetworkMember, ProposedSolution, Relationship
from network.selectors import case_persons, jim_overview, relationships_for_case


@pytest.fixture
def demo(db):
    # Only the demo modules this app builds on, so other apps' work in progress cannot break this test.
    ctx = DemoContext(today=timezone.localdate())
    for module in (accounts_demo, cases_demo, network_demo):
        module.seed(ctx)
    return Case.objects.get(reference="COC-2025-014")


@pytest.mark.django_db
def test_demo_case_has_its_network_jims_and_meetings(demo):
    members = NetworkMember.objects.filter(case=demo)
    names = {str(m.person) for m in members}
    assert {"Rita Verbeke", "Els Verbeke", "Dieter De Smet", "Marc Van Hecke", "Inge Maes", "Jens Claes"} <= names
    assert {"Annelies Goossens", "Tom Peeters", "Hilde Vandenberghe", "Bram Willems", "Nadia El Amrani"} <= names
    assert Relationship.objects.filter(case=demo, quality="violent").count() == 1
    jims = {d.child.first_name: d.jim.person.first_name for d in JimDesignation.objects.filter(case=demo)}
    assert jims == {"Lotte": "Els", "Milan": "Rita"}
    meetings = NetworkMeeting.objects.filter(case=demo).order_by("date")
    assert [m.status for m in meetings] == ["held", "held"]
    assert ProposedSolution.objects.filter(case=demo).count() == 10
    assert ProposedSolution.objects.filter(case=demo, decision="rejected").count() == 1


@pytest.mark.django_db
def test_demo_jim_search_took_13_and_35_days(demo):
    days = {item.child.first_name: item.days for item in jim_overview(demo, timezone.localdate())}
    assert days == {"Lotte": 13, "Milan": 35}


@pytest.mark.django_db
def test_demo_trajectory_evidence_and_timeline(demo):
    assert step_evidence(demo, 1) == demo.started_on
    assert isinstance(step_evidence(demo, 2), datetime.date)
    assert step_evidence(demo, 7) == demo.started_on + datetime.timedelta(days=21)
    assert step_evidence(demo, 9)  # the proposals of NB1 carry a decision
    kinds = {item.kind for item in timeline_for(demo, limit=None)}
    assert {"network.meeting", "network.jim_search", "network.jim_designated", "network.analysis"} <= kinds


@pytest.mark.django_db
def test_demo_timeline_names_the_meetings_and_jims_in_dutch_from_one_query(demo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import resolve
    from django.utils import translation

    from network.integration import timeline_items

    with translation.override("nl-be"), CaptureQueriesContext(connection) as ctx:
        items = timeline_items(demo)
        titles = {str(item.title) for item in items}
    assert len(ctx.captured_queries) == 1
    held = NetworkMeeting.objects.filter(case=demo, status="held").first()
    assert f"Netwerkbijeenkomst {held} (gehouden)" in titles
    assert "JIM-zoektocht gestart voor Lotte" in titles
    lotte_jim = JimDesignation.objects.get(case=demo, child__first_name="Lotte", ended_on__isnull=True)
    assert f"{lotte_jim.jim.person} aangeduid als JIM van Lotte" in titles
    meeting_item = next(i for i in items if i.kind == "network.meeting" and str(held) in str(i.title))
    assert meeting_item.detail == held.location and meeting_item.when == held.date
    assert resolve(meeting_item.url).kwargs["meeting_code"] == held.code


@pytest.mark.django_db
def test_demo_genogram_puts_parents_above_children_and_partners_side_by_side(demo):
    relations = list(relationships_for_case(demo))
    persons = genogram_people(list(case_persons(demo)), relations)
    drawing = genogram_layout(persons, relations, timezone.localdate())
    node = {n.person.first_name: n for n in drawing.nodes}
    assert node["Rita"].y < node["Sarah"].y < node["Lotte"].y
    assert node["Roger"].y == node["Rita"].y
    assert node["Sarah"].y == node["Kevin"].y == node["Jens"].y == node["Els"].y
    # Sarah sits between her ex-partner and her partner; Milan below Sarah and Kevin.
    xs = sorted(["Jens", "Sarah", "Kevin"], key=lambda k: node[k].x)
    assert xs[1] == "Sarah"
    assert min(node["Sarah"].x, node["Kevin"].x) < node["Milan"].x < max(node["Sarah"].x, node["Kevin"].x)
    # Nobody overlaps in a row.
    for row in {n.y for n in drawing.nodes}:
        xs_row = sorted(n.x for n in drawing.nodes if n.y == row)
        assert all(b - a >= 150 for a, b in itertools.pairwise(xs_row))
    assert drawing.household_path.startswith("M")
    assert any("g-q-violent" in line.css for line in drawing.quality_lines)

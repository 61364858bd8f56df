"""A page's query count must not grow with the size of the network."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.tests.factories import PersonFactory
from network.models import MeetingAttendance

from .factories import (
    JimCandidateFactory,
    JimSearchFactory,
    NetworkMeetingFactory,
    NetworkMemberFactory,
    RelationshipFactory,
)


def _grow(case, n: int) -> None:
    child = PersonFactory(case=case, is_household=True)
    search = JimSearchFactory(case=case, child=child)
    meeting = NetworkMeetingFactory(case=case)
    for _ in range(n):
        member = NetworkMemberFactory(case=case)
        member.supports.add(child)
        RelationshipFactory(case=case, from_person=member.person, to_person=child, quality="close")
        JimCandidateFactory(search=search, member=member, named_by=child)
        MeetingAttendance.objects.create(meeting=meeting, person=member.person, role="network", status="present")


PAGES = [
    "network-home",
    "network-genogram",
    "network-genogram-print",
    "network-circle",
    "network-analysis",
    "network-jim",
    "network-meetings",
]


def _count(client, name, case) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse(name, kwargs={"case_code": case.code}))
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_page_query_count_does_not_grow_with_the_network(client_for, worker, case, name):
    client = client_for(worker)
    _grow(case, 1)
    client.get(reverse(name, kwargs={"case_code": case.code}))  # first visit may open JIM searches
    small = _count(client, name, case)
    _grow(case, 6)
    client.get(reverse(name, kwargs={"case_code": case.code}))
    assert _count(client, name, case) == small <= 15


@pytest.mark.django_db
def test_meeting_pages_query_count_does_not_grow_with_attendance(client_for, worker, case):
    client = client_for(worker)
    meeting = NetworkMeetingFactory(case=case)

    def count(view: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert (
                client.get(reverse(view, kwargs={"case_code": case.code, "meeting_code": meeting.code})).status_code
                == 200
            )
        return len(ctx.captured_queries)

    views = ("network-meeting", "network-meeting-summary", "network-meeting-edit")
    for v in views:
        count(v)  # warm up: the first request of a session does its own bookkeeping
    before = {v: count(v) for v in views}
    for _ in range(5):
        MeetingAttendance.objects.create(
            meeting=meeting, person=PersonFactory(case=case), role="network", status="present"
        )
    after = {v: count(v) for v in before}
    assert after == before


@pytest.mark.django_db
def test_jim_page_costs_the_same_before_and_after_a_jim_is_designated(client_for, worker, case):
    import datetime

    from network.models import JimDesignation

    client = client_for(worker)
    _grow(case, 1)
    client.get(reverse("network-jim", kwargs={"case_code": case.code}))
    before = _count(client, "network-jim", case)
    search = case.persons.get(jim_search__isnull=False).jim_search
    member = search.candidates.first().member
    JimDesignation.objects.create(
        case=case, search=search, child=search.child, jim=member, designated_on=datetime.date.today()
    )
    assert _count(client, "network-jim", case) == before


@pytest.mark.django_db
def test_first_visit_shows_the_jim_search_it_opened_and_the_next_visit_writes_nothing(client_for, worker, case):
    child = PersonFactory(case=case, first_name="Milan", family_role="child")
    client = client_for(worker)
    with CaptureQueriesContext(connection) as first:
        html = client.get(reverse("network-home", kwargs={"case_code": case.code})).content.decode()
    assert child.jim_search.opened_on == case.started_on
    assert "Milan" in html
    with CaptureQueriesContext(connection) as second:
        client.get(reverse("network-home", kwargs={"case_code": case.code}))
    assert not [
        q for q in second.captured_queries if q["sql"].startswith(('INSERT INTO "network', "BEGIN", "SAVEPOINT"))
    ]
    assert len(second) < len(first)

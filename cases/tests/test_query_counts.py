"""Issue 11: a page's number of queries does not grow with the data, and stays within 15."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.tests.factories import CaseFactory, ContactFactory
from cocon.accounts.models import Role
from cocon.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_team_intensity_query_count_does_not_grow_with_workers_and_contacts(client_for, coordinator, team_a):
    client = client_for(coordinator)
    url = reverse("cases-intensity-team")

    def grow(n: int) -> None:
        for _ in range(n):
            worker = UserFactory(role=Role.CONTEXT_WORKER, team=team_a)
            case = CaseFactory(team=team_a, lead_worker=worker)
            for days in (1, 8):
                ContactFactory(case=case, author=worker, date=datetime.date.today() - datetime.timedelta(days=days))

    grow(1)
    client.get(url)
    few = _queries(client, url)
    grow(5)
    html = client.get(url).content.decode()
    assert _queries(client, url) == few <= 15
    assert html.count("<tr") >= 7  # every worker has a row

"""C1: the idle timeout is renewed on every request — with one UPDATE, not a transaction of three."""

from __future__ import annotations

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cocon.accounts.sessions import SessionStore


def test_each_request_renews_the_session_with_one_update(worker, client_for):
    client = client_for(worker)
    client.get(reverse("dashboard"))
    key = client.session.session_key
    before = Session.objects.get(session_key=key).expire_date
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("dashboard")).status_code == 200
    writes = [q["sql"] for q in ctx.captured_queries if "django_session" in q["sql"] and "SELECT" not in q["sql"]]
    assert len(writes) == 1 and writes[0].startswith("UPDATE")
    assert Session.objects.get(session_key=key).expire_date >= before


def test_a_session_ended_elsewhere_is_not_brought_back_by_saving(worker, client_for):
    client = client_for(worker)
    key = client.session.session_key
    store = SessionStore(session_key=key)
    store["probe"] = 1
    Session.objects.filter(session_key=key).delete()
    with pytest.raises(UpdateError):
        store.save()
    assert not Session.objects.filter(session_key=key).exists()

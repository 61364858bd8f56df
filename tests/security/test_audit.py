"""H1–H5: audit of reads, writes, denials and logins; append-only; fail closed; coordinator report."""

from __future__ import annotations

import json
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from cases.tests.factories import PersonFactory
from cocon.audit import services
from cocon.audit.models import AuditEvent, Outcome
from cocon.audit.services import audit_record
from conftest import login

from .conftest import authenticated_at


def _detail(case) -> str:
    return reverse("cases-detail", kwargs={"code": case.code})


def _log(case) -> str:
    return reverse("audit-case-log", kwargs={"case_code": case.code})


def test_case_view_is_audited_once_with_the_iso_minimum(worker, case, client_for):
    client_for(worker).get(_detail(case))
    event = AuditEvent.objects.get(action="cases.case.viewed")
    assert event.actor == worker
    assert event.actor_role == worker.role
    assert event.case_code == case.code
    assert event.object_type == "cases.case"
    assert event.object_id == str(case.code)
    assert event.outcome == Outcome.SUCCESS
    assert len(event.request_id) == 32
    assert event.ip_address == "127.0.0.1"


def test_if_the_audit_event_cannot_be_written_the_case_is_not_shown(worker, case, monkeypatch):
    person = PersonFactory(case=case, first_name="Zoëlle")

    def broken(**kwargs):
        raise RuntimeError("audit table unavailable")

    monkeypatch.setattr(services, "audit_record", broken)
    client = login(Client(raise_request_exception=False), worker)
    response = client.get(_detail(case))
    body = response.content.decode()
    assert response.status_code == 500
    assert case.family_name not in body
    assert person.first_name not in body
    assert case.reference not in body


def test_audit_rows_cannot_be_changed_or_deleted_by_the_app(worker):
    event = audit_record(actor=worker, action="test.something")
    event.action = "test.changed"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_audit_rows_cannot_be_changed_in_the_admin(admin_user, worker, client_for):
    event = audit_record(actor=worker, action="test.something")
    client = client_for(admin_user)
    url = reverse("admin:audit_auditevent_delete", kwargs={"object_id": event.pk})
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_postgresql_trigger_refuses_update_and_delete(worker):
    from django.db import DatabaseError, transaction

    event = audit_record(actor=worker, action="test.something")
    for sql in ("UPDATE audit_auditevent SET action = 'x' WHERE id = %s", "DELETE FROM audit_auditevent WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        # The test connection may TRUNCATE (for Django's flush); the app's connections may not.
        cursor.execute("SET LOCAL cocon.allow_audit_truncate = 'off'")
        cursor.execute("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.filter(pk=event.pk, action="test.something").exists()


def test_coordinator_sees_who_viewed_or_changed_the_case(coordinator, worker, supervisor, case, client_for):
    for i in range(50):
        audit_record(actor=worker if i % 2 else supervisor, action="cases.case.viewed", obj=case, case=case)
    audit_record(actor=worker, action="cases.case.updated", obj=case, case=case, data={"status": "changed"})
    client_for(coordinator).get(reverse("cases-detail", kwargs={"code": case.code}))
    response = client_for(coordinator).get(_log(case))
    assert response.status_code == 200
    page = response.context["page"]
    expected = AuditEvent.objects.filter(case_code=case.code).count()
    assert page.paginator.count == expected + 0  # the report's own view is logged after the query
    html = response.content.decode()
    assert "Gewijzigd" in html and "Bekeken" in html
    assert AuditEvent.objects.filter(action="audit.case_log.viewed", actor=coordinator).count() == 1


def test_only_the_coordinator_of_the_team_opens_the_report(worker, coordinator_other, case, client_for):
    assert client_for(worker).get(_log(case)).status_code == 403
    assert AuditEvent.objects.filter(action="audit.case_log.denied", outcome=Outcome.DENIED, actor=worker).exists()
    assert client_for(coordinator_other).get(_log(case)).status_code == 404


def test_report_shows_denied_attempts_on_the_case(coordinator, worker_other, case, client_for):
    client_for(worker_other).get(_detail(case))
    html = client_for(coordinator).get(_log(case)).content.decode()
    assert "Geweigerd" in html
    assert "cases.case.access_denied" in html


DEMO_PERSON_NAMES = ["Sarah", "Kevin", "Lotte", "Milan", "Jens", "Ilse", "Noah", "Verbeke", "Janssens", "Claes"]


def test_no_child_names_or_free_text_in_the_audit_log_after_a_demo_run(db):
    from cases.models import Case
    from cocon.accounts.models import User

    call_command("seed_demo")
    cases = list(Case.objects.all())
    for user in User.objects.all():
        client = login(Client(), user)
        client.get(reverse("dashboard"))
        client.get(reverse("cases-list"))
        for case in cases:
            client.get(_detail(case))
            client.get(_log(case))
    Client().post(reverse("account_login"), {"login": "Lotte Claes", "password": "Milan"})
    rows = list(AuditEvent.objects.values())
    assert len(rows) > 20
    dump = json.dumps(rows, default=str)
    hits = [name for name in DEMO_PERSON_NAMES if name.lower() in dump.lower()]
    assert hits == []


def test_admin_changes_are_audited_without_names(admin_user, worker, client_for):
    client = authenticated_at(client_for(admin_user), admin_user, time.time())  # no step-up question
    url = reverse("admin:accounts_user_change", kwargs={"object_id": worker.pk})
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list | tuple)}
    data.update(
        {
            "email": worker.email,
            "first_name": worker.first_name,
            "last_name": worker.last_name,
            "role": worker.role,
            "team": worker.team_id,
            "fte": "0.8",
            "max_caseload": 10,
            "is_active": "on",
            "date_joined_0": "01/01/2025",
            "date_joined_1": "09:00:00",
        }
    )
    data.pop("password", None)
    data.pop("last_login", None)
    client.post(url, data)
    event = AuditEvent.objects.filter(action="admin.accounts.user.changed").first()
    assert event is not None, "admin change not audited"
    assert event.actor == admin_user
    assert event.data == {"object_type": "accounts.user", "object_id": str(worker.pk)}
    assert worker.first_name not in json.dumps(event.data)


def test_serving_is_refused_with_the_demo_bypass_and_debug_off(settings):
    from django.core.exceptions import ImproperlyConfigured

    from cocon.startup import require_serving_settings

    settings.DEBUG = False
    settings.DEMO_MFA_BYPASS = True
    with pytest.raises(ImproperlyConfigured):
        require_serving_settings()

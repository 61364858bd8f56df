"""H7, H8: GDPR person export (audited, coordinator only, step-up) and retention of closed cases."""

from __future__ import annotations

import datetime
import json
import time
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseStatus, Person
from cases.tests.factories import CaseFactory, PersonFactory
from cocon.audit import privacy
from cocon.audit.models import AuditEvent
from cocon.audit.retention import apply_retention, case_media_dir


def _export_url(case, person) -> str:
    return reverse("audit-person-export", kwargs={"case_code": case.code, "person_code": person.code})


def _recently_authenticated(client, user):
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time(), "email": user.email, "reauthenticated": True},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


@pytest.fixture
def person(case):
    return PersonFactory(case=case, first_name="Lotte", last_name="Claes", phone="0470 00 00 00")


def test_coordinator_downloads_everything_held_on_a_person(coordinator, case, person, client_for):
    client = _recently_authenticated(client_for(coordinator), coordinator)
    response = client.get(_export_url(case, person))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert data["person"]["first_name"] == "Lotte"
    assert data["person"]["phone"] == "0470 00 00 00"
    assert data["person"]["code"] == str(person.code)
    assert data["case"]["code"] == str(case.code)
    event = AuditEvent.objects.get(action="privacy.person.exported")
    assert event.actor == coordinator and event.object_id == str(person.code) and event.case_code == case.code
    assert "Lotte" not in json.dumps(event.data)


def test_export_asks_to_re_authenticate_first(coordinator, case, person, client_for):
    response = client_for(coordinator).get(_export_url(case, person))  # login long ago ("at": 0)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not AuditEvent.objects.filter(action="privacy.person.exported").exists()


def test_export_is_for_the_team_coordinator_only(worker, coordinator_other, case, person, client_for):
    assert _recently_authenticated(client_for(worker), worker).get(_export_url(case, person)).status_code == 403
    other = _recently_authenticated(client_for(coordinator_other), coordinator_other)
    assert other.get(_export_url(case, person)).status_code == 404


def test_person_of_another_case_is_a_404(coordinator, case, other_case, client_for):
    stranger = PersonFactory(case=other_case)
    client = _recently_authenticated(client_for(coordinator), coordinator)
    assert client.get(_export_url(case, stranger)).status_code == 404


def test_apps_add_their_sections_through_the_registry(coordinator, case, person, client_for):
    def network_section(p):
        return [{"relation": "grandmother", "person": str(p.code)}]

    privacy.register_person_exporter(network_section, key="network_test")
    try:
        client = _recently_authenticated(client_for(coordinator), coordinator)
        data = json.loads(client.get(_export_url(case, person)).content)
    finally:
        privacy._PERSON_EXPORTERS.pop("network_test")
    assert data["sections"]["network_test"] == [{"relation": "grandmother", "person": str(person.code)}]


# --- Retention ---------------------------------------------------------------------------------


@pytest.fixture
def closed_case(team_a, worker, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = CaseFactory(team=team_a, lead_worker=worker, status=CaseStatus.CLOSED, closed_on=datetime.date(2020, 1, 31))
    PersonFactory(case=case, first_name="Milan")
    folder = case_media_dir(case)
    folder.mkdir(parents=True)
    (folder / "tekening.png").write_bytes(b"\x89PNG")
    return case


def test_dry_run_reports_and_erases_nothing(closed_case, case):
    report = apply_retention(dry_run=True, today=datetime.date(2025, 2, 1))
    assert [c["code"] for c in report.cases] == [str(closed_case.code)]
    assert report.cases[0]["files"] == 1
    assert Case.objects.filter(pk=closed_case.pk).exists()
    assert case_media_dir(closed_case).exists()


def test_retention_erases_closed_cases_with_their_people_and_files(closed_case, case):
    code = closed_case.code
    folder = case_media_dir(closed_case)
    with time_machine.travel(datetime.datetime(2025, 2, 1, 12, tzinfo=datetime.UTC)):
        report = apply_retention(dry_run=False)
    assert report.count == 1 and not report.failed
    assert not Case.objects.filter(code=code).exists()
    assert not Person.objects.filter(first_name="Milan").exists()
    assert not folder.exists()
    assert Case.objects.filter(pk=case.pk).exists()  # open case untouched
    assert AuditEvent.objects.filter(action="privacy.case.erased", data__code=str(code)).exists()


def test_case_closed_recently_is_kept(closed_case):
    report = apply_retention(dry_run=False, today=datetime.date(2024, 12, 1))
    assert report.count == 0
    assert Case.objects.filter(pk=closed_case.pk).exists()


def test_retention_period_is_configurable(closed_case, settings):
    settings.RETENTION_DAYS = 30
    assert apply_retention(dry_run=True, today=datetime.date(2020, 3, 15)).count == 1


def test_erasers_registered_by_apps_run_before_the_case_goes(closed_case):
    seen = []
    privacy.register_case_eraser(lambda c: seen.append(c.code) or {"things": 3}, key="eraser_test")
    try:
        report = apply_retention(dry_run=False, today=timezone.localdate())
    finally:
        privacy._CASE_ERASERS.pop("eraser_test")
    assert seen == [closed_case.code]
    assert report.cases[0]["deleted"]["eraser_test.things"] == 3


def test_command_dry_run_prints_the_report(closed_case):
    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert str(closed_case.code) in out.getvalue()
    assert "would be erased" in out.getvalue()
    assert Case.objects.filter(pk=closed_case.pk).exists()

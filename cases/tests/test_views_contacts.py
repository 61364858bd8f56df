"""Contacts and intensity: logging a home visit, corrections, the chart, week views and the export."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import Contact, ContactCorrection, IntensityProfile, PhaseChange
from cases.selectors_intensity import cases_under_target, monday
from cases.tests.factories import CaseFactory, ContactFactory, PersonFactory, contact_form_data
from cases.views import csv_safe
from cocon.audit.models import AuditEvent
from conftest import login

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _visit(**overrides):
    filled_in = {"location": "thuis", "went_well": "Kevin vertrok zelf bij ruzie", "worries": "", "agreements": ""}
    return contact_form_data(**{**filled_in, **overrides})


def _new(case):
    return reverse("cases-contact-new", kwargs={"case_code": case.code})


def test_worker_logs_home_visit_with_participants_and_techniques(client_for, worker, case):
    sarah = PersonFactory(case=case, first_name="Sarah", family_role="mother", birth_date=None, is_index_child=False)
    response = client_for(worker).post(
        _new(case), _visit(participants=[sarah.pk], techniques=["scaling", "three_houses"])
    )
    assert response.status_code == 302
    contact = Contact.objects.get(case=case)
    assert contact.author == worker and contact.duration_minutes == 60
    assert list(contact.participants.all()) == [sarah]
    assert contact.techniques == ["scaling", "three_houses"]
    event = AuditEvent.objects.get(action="cases.contact.created")
    assert "Kevin" not in str(event.data) and "Sarah" not in str(event.data)


def test_the_same_key_twice_never_makes_a_duplicate(client_for, worker, case):
    client = client_for(worker)
    data = _visit()
    first = client.post(_new(case), data)
    second = client.post(_new(case), data)
    assert first.status_code == second.status_code == 302
    assert Contact.objects.filter(case=case).count() == 1


def test_offline_retry_gets_a_204_with_where_to_go(client_for, worker, case):
    client = client_for(worker)
    data = _visit()
    for _ in range(2):
        response = client.post(_new(case), data, HTTP_X_COCON_OFFLINE="1")
        assert response.status_code == 204
        assert response["X-Cocon-Location"].startswith(reverse("cases-detail", kwargs={"code": case.code}))
    assert Contact.objects.filter(case=case).count() == 1


@pytest.mark.parametrize(
    ("duration", "message"),
    [("0", "minstens 1 minuut"), ("-30", "minstens 1 minuut"), ("721", "hoogstens 12 uur")],
)
def test_bad_duration_is_refused(client_for, worker, case, duration, message):
    response = client_for(worker).post(_new(case), _visit(duration_minutes=duration))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Contact.objects.exists()


def test_finished_contact_in_the_future_is_refused(client_for, worker, case):
    tomorrow = (TODAY() + datetime.timedelta(days=1)).isoformat()
    response = client_for(worker).post(_new(case), _visit(date=tomorrow))
    assert response.status_code == 200
    assert "in de toekomst" in response.content.decode()
    assert not Contact.objects.exists()


def test_overlapping_contact_warns_and_saves_only_when_confirmed(client_for, worker, case):
    data = _visit()
    ContactFactory(
        case=case,
        author=worker,
        date=datetime.date.fromisoformat(data["date"]),
        start_time=datetime.time.fromisoformat(data["start_time"]),
    )
    client = client_for(worker)
    response = client.post(_new(case), data)
    assert response.status_code == 200
    assert "al een contact" in response.content.decode()
    assert Contact.objects.count() == 1
    response = client.post(_new(case), {**data, "confirm_overlap": "on"})
    assert response.status_code == 302
    assert Contact.objects.count() == 2


def test_form_defaults_to_a_home_visit_of_60_minutes_with_last_participants(client_for, worker, case):
    lotte = PersonFactory(case=case, first_name="Lotte")
    milan = PersonFactory(case=case, first_name="Milan")
    ContactFactory(case=case, author=worker).participants.set([lotte])
    body = client_for(worker).get(_new(case)).content.decode()
    assert 'value="60"' in body
    assert '<option value="home_visit" selected>' in body

    def participant_input(person) -> str:
        # The whole <input> tag of this participant's checkbox, whatever the length of its id.
        match = re.search(rf'<input[^>]*name="participants"[^>]*value="{person.pk}"[^>]*>', body)
        assert match, f"no checkbox for {person}"
        return match.group(0)

    assert "checked" in participant_input(lotte)
    assert "checked" not in participant_input(milan)
    assert 'name="idempotency_key"' in body and "data-offline-form" in body


def test_consultant_cannot_log_a_contact(client_for, consultant_shared, case):
    response = client_for(consultant_shared).post(_new(case), _visit())
    assert response.status_code == 403
    assert not Contact.objects.exists()


def test_other_teams_case_is_404(client_for, worker, other_case):
    assert client_for(worker).post(_new(other_case), _visit()).status_code == 404


def test_author_corrects_within_seven_days_without_reason(client_for, worker, case):
    contact = ContactFactory(case=case, author=worker)
    url = reverse("cases-contact-edit", kwargs={"case_code": case.code, "contact_code": contact.code})
    response = client_for(worker).post(
        url, _visit(duration_minutes="90", date=contact.date.isoformat(), start_time="10:00")
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.duration_minutes == 90
    assert not ContactCorrection.objects.exists()


def test_correction_after_seven_days_needs_a_reason(client_for, worker, case):
    contact = ContactFactory(case=case, author=worker, date=TODAY() - datetime.timedelta(days=10))
    Contact.objects.filter(pk=contact.pk).update(created_at=timezone.now() - datetime.timedelta(days=10))
    url = reverse("cases-contact-edit", kwargs={"case_code": case.code, "contact_code": contact.code})
    client = client_for(worker)
    data = _visit(duration_minutes="45", date=contact.date.isoformat(), start_time="10:00")
    response = client.post(url, data)
    assert response.status_code == 200
    contact.refresh_from_db()
    assert contact.duration_minutes == 60
    response = client.post(url, {**data, "reason": "Verkeerde duur ingegeven"})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.duration_minutes == 45
    correction = ContactCorrection.objects.get(contact=contact)
    assert correction.reason == "Verkeerde duur ingegeven" and correction.by == worker
    event = AuditEvent.objects.get(action="cases.contact.updated")
    assert event.data["correction"] == correction.pk and "Verkeerde" not in str(event.data)


def test_only_the_author_corrects_a_contact(client_for, worker, co_worker, case):
    case.co_worker = co_worker
    case.save()
    contact = ContactFactory(case=case, author=worker)
    url = reverse("cases-contact-edit", kwargs={"case_code": case.code, "contact_code": contact.code})
    client = client_for(co_worker)
    assert client.get(url).status_code == 200  # reads it
    response = client.post(url, _visit(duration_minutes="5", date=contact.date.isoformat(), start_time="10:00"))
    assert response.status_code == 403
    contact.refresh_from_db()
    assert contact.duration_minutes == 60


def test_case_page_shows_the_intensity_chart_with_target_line(client_for, worker, case):
    ContactFactory(case=case, author=worker, date=TODAY() - datetime.timedelta(days=7), duration_minutes=120)
    body = client_for(worker).get(reverse("cases-detail", kwargs={"code": case.code})).content.decode()
    assert 'id="intensity"' in body and "<svg" in body and 'class="target"' in body
    assert "Doel in deze fase: 6" in body
    # SVG coordinates are never localised ("39,6" would draw nothing), the text is ("2,0 u").
    assert re.search(r'<rect class="bar[^"]*" x="[0-9.]+" y="[0-9.]+" width="[0-9.]+" height="[0-9.]+"', body)
    assert "2,0 u" in body


def test_intensity_chart_query_count_is_constant(client_for, worker, case):
    client = client_for(worker)
    url = reverse("cases-detail", kwargs={"code": case.code})
    ContactFactory(case=case, author=worker, date=TODAY() - datetime.timedelta(days=3))
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for days in range(4, 40, 2):
        ContactFactory(case=case, author=worker, date=TODAY() - datetime.timedelta(days=days))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_under_target_two_weeks_in_a_row_is_flagged(case, worker):
    case.started_on = TODAY() - datetime.timedelta(days=40)
    case.save()
    last_week = monday(TODAY()) - datetime.timedelta(weeks=1)
    ContactFactory(case=case, author=worker, date=last_week, duration_minutes=60)
    ContactFactory(case=case, author=worker, date=last_week - datetime.timedelta(weeks=1), duration_minutes=60)
    assert cases_under_target([case], today=TODAY()) == {case.pk}
    ContactFactory(case=case, author=worker, date=last_week + datetime.timedelta(days=1), duration_minutes=400)
    assert cases_under_target([case], today=TODAY()) == set()


def test_target_follows_phase_history_and_team_profile(case, worker):
    IntensityProfile.objects.create(team=case.team, start_hours=Decimal(3), coaching_hours=Decimal(1))
    case.started_on = TODAY() - datetime.timedelta(days=40)
    case.guidance_phase = "coaching"
    case.save()
    PhaseChange.objects.create(
        case=case, axis="guidance", from_phase="start", to_phase="coaching", changed_on=case.started_on, reason="x"
    )
    last_week = monday(TODAY()) - datetime.timedelta(weeks=1)
    for week in (last_week, last_week - datetime.timedelta(weeks=1)):
        ContactFactory(case=case, author=worker, date=week, duration_minutes=90)  # 1.5 h ≥ 1 h coaching target
    assert cases_under_target([case], today=TODAY()) == set()


def test_message_contacts_do_not_count(case, worker):
    case.started_on = TODAY() - datetime.timedelta(days=40)
    case.save()
    last_week = monday(TODAY()) - datetime.timedelta(weeks=1)
    for week in (last_week, last_week - datetime.timedelta(weeks=1)):
        ContactFactory(case=case, author=worker, date=week, duration_minutes=600, type="message")
    assert cases_under_target([case], today=TODAY()) == {case.pk}


def test_worker_sees_their_week_across_cases(client_for, worker, case, team_a):
    second = CaseFactory(team=team_a, lead_worker=worker, family_name="Gezin Tweede")
    ContactFactory(case=case, author=worker, date=monday(TODAY()))
    ContactFactory(case=second, author=worker, date=monday(TODAY()))
    client = client_for(worker)
    body = client.get(reverse("cases-my-week")).content.decode()
    assert case.family_name in body and "Gezin Tweede" in body
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("cases-my-week"))
    for _ in range(5):
        ContactFactory(case=second, author=worker, date=monday(TODAY()))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("cases-my-week"))
    assert len(many) == len(few)


def test_coordinator_sees_all_workers_and_flags(client_for, coordinator, worker, case):
    case.started_on = TODAY() - datetime.timedelta(days=40)
    case.save()
    body = client_for(coordinator).get(reverse("cases-intensity-team")).content.decode()
    assert str(worker) in body
    assert case.reference in body  # no contacts for two weeks: under target


def test_worker_cannot_open_the_team_view(client_for, worker):
    assert client_for(worker).get(reverse("cases-intensity-team")).status_code == 403


def test_export_has_no_names_or_notes_and_is_formula_safe(client_for, coordinator, case, worker):
    case.reference = "=HYPERLINK(1)"
    case.save()
    ContactFactory(case=case, author=worker, went_well="Geheime notitie")
    url = reverse("cases-contacts-export") + f"?start={TODAY() - datetime.timedelta(days=30)}&end={TODAY()}"
    response = login(Client(), coordinator, just_now=True).get(url)  # no step-up question (B8)
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    assert "Geheime" not in body and case.family_name not in body and str(worker.last_name) not in body
    assert "'=HYPERLINK(1)" in body
    assert "home_visit" in body and ";60;" in body
    event = AuditEvent.objects.get(action="cases.contacts.exported")
    assert event.data["rows"] == 1


def test_export_of_other_teams_contacts_is_not_possible(client_for, coordinator, other_case, worker_other):
    ContactFactory(case=other_case, author=worker_other)
    url = reverse("cases-contacts-export") + f"?start={TODAY() - datetime.timedelta(days=30)}&end={TODAY()}"
    response = login(Client(), coordinator, just_now=True).get(url)
    assert response["Content-Type"].startswith("text/csv")
    assert other_case.reference not in response.content.decode()


def test_worker_cannot_export(client_for, worker):
    assert client_for(worker).get(reverse("cases-contacts-export")).status_code == 403


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+3", "'+3"),
        ("-2", "'-2"),
        ("@SUM", "'@SUM"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("COC-1", "COC-1"),
    ],
)
def test_csv_cells_never_start_a_formula(value, expected):
    assert csv_safe(value) == expected


def test_anonymous_is_sent_to_login(client, case):
    response = client.get(_new(case))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]

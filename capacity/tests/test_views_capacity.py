from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from capacity.models import CapacityDeclaration, CapacityPool, DeclarationRecipient, DeclarationStatus, PlaceStatus
from capacity.tests.factories import CapacityPoolFactory, DeclarationFactory, RecipientFactory
from cases.models import CaseStatus
from cases.tests.factories import CaseFactory
from cocon.audit.models import AuditEvent
from conftest import open_case_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def pool(team_a):
    return CapacityPoolFactory(team=team_a, total_places=8)


@pytest.fixture
def sdj(team_a):
    return RecipientFactory(team=team_a, kind="sdj", name="SDJ Oost-Vlaanderen", email="sdj@example.org")


def _post_data(pool, recipients, day, **extra):
    data = {
        "pool": pool.pk,
        "places": 2,
        "available_from": day.isoformat(),
        "recipients": [r.pk for r in recipients],
        "extra_emails": "",
    }
    data.update(extra)
    return data


# --- overview ---------------------------------------------------------------------------------------


def test_coordinator_sees_the_forecast_of_their_team(client_for, coordinator, pool, today):
    CaseFactory(team=pool.team, status=CaseStatus.ACTIVE)
    waiting = CaseFactory(team=pool.team, status=CaseStatus.REFERRED, started_on=None, family_name="Gezin Wacht")
    response = client_for(coordinator).get(reverse("capacity-overview"), {"weeks": 3})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Prognose vrije plaatsen" in body and "<svg" in body
    assert waiting.reference in body
    assert len(response.context["capacity"].total.weeks) == 3
    assert "Vrije plaatsen declareren" in body


def test_supervisor_reads_capacity_without_the_declare_button(client_for, supervisor, pool):
    response = client_for(supervisor).get(reverse("capacity-overview"))
    assert response.status_code == 200
    assert reverse("capacity-declare") not in response.content.decode()


def test_coordinator_of_another_team_does_not_see_our_numbers(client_for, coordinator_other, pool):
    CaseFactory(team=pool.team, status=CaseStatus.REFERRED, started_on=None, family_name="Gezin Ander")
    response = client_for(coordinator_other).get(reverse("capacity-overview"))
    assert response.status_code == 200
    assert "Gezin Ander" not in response.content.decode()
    assert response.context["capacity"].total.waiting == 0


@pytest.mark.parametrize("persona", ["worker", "consultant_shared", "admin_user"])
def test_others_may_not_see_capacity(client_for, request, persona):
    response = client_for(request.getfixturevalue(persona)).get(reverse("capacity-overview"))
    assert response.status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("capacity-overview"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_overview_shows_the_prompt_when_a_place_frees_up(client_for, coordinator, pool, today):
    ending = CaseFactory(team=pool.team, planned_end=today + timedelta(days=10))
    DeclarationFactory(pool=pool, declared_on=today)
    body = client_for(coordinator).get(reverse("capacity-overview")).content.decode()
    assert "Er komt een plaats vrij" in body and ending.reference in body


def test_overview_query_count_does_not_grow_with_data(client_for, coordinator, pool):
    client = client_for(coordinator)
    for _ in range(2):
        CaseFactory(team=pool.team, status=CaseStatus.REFERRED, started_on=None)
        DeclarationFactory(pool=pool, places=2)
    client.get(reverse("capacity-overview"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("capacity-overview"))
    for _ in range(5):
        CaseFactory(team=pool.team, status=CaseStatus.REFERRED, started_on=None)
        CaseFactory(team=pool.team, status=CaseStatus.ACTIVE)
        DeclarationFactory(pool=pool, places=3)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("capacity-overview"))
    assert len(large) == len(small) <= 15


def test_overview_figures_from_shared_rows_match_the_selectors_on_their_own(client_for, coordinator, pool, today):
    from capacity.selectors import declaration_due_for_team, open_places

    waiting = CaseFactory(team=pool.team, status=CaseStatus.REFERRED, started_on=None)
    CaseFactory(team=pool.team, planned_end=today + timedelta(days=5))
    declaration = DeclarationFactory(pool=pool, places=3)
    DeclarationFactory(pool=pool, places=1, status=DeclarationStatus.WITHDRAWN)
    place = declaration.place_rows.first()
    place.status, place.filled_by_case, place.filled_on = "filled", waiting, today
    place.save()
    context = client_for(coordinator).get(reverse("capacity-overview")).context
    assert context["open_place_count"] == open_places(pool.team).count() == 2
    assert context["due"] == declaration_due_for_team(pool.team, today)
    assert [c.cap_place for c in context["waiting"]] == [place]


# --- declaring ----------------------------------------------------------------------------------------


def test_coordinator_declares_two_places_and_the_mail_leaves(
    client_for, coordinator, pool, sdj, today, django_capture_on_commit_callbacks
):
    client = client_for(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("capacity-declare"), _post_data(pool, [sdj], today + timedelta(days=14)))
    declaration = CapacityDeclaration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("capacity-declaration", kwargs={"code": declaration.code})
    assert declaration.places == 2 and declaration.status == DeclarationStatus.SENT
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["sdj@example.org"]
    assert mail.outbox[0].attachments[0][2] == "application/pdf"


def test_shorter_notice_asks_for_confirmation_with_the_numbers(
    client_for, coordinator, pool, sdj, today, django_capture_on_commit_callbacks
):
    client = client_for(coordinator)
    data = _post_data(pool, [sdj], today + timedelta(days=5))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("capacity-declare"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "maar 5 dagen op voorhand" in body
    assert not CapacityDeclaration.objects.exists() and mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("capacity-declare"), {**data, "confirm": "1"})
    assert response.status_code == 302
    assert CapacityDeclaration.objects.get().short_notice_confirmed
    assert len(mail.outbox) == 1


def test_more_places_than_free_asks_for_confirmation_with_the_numbers(client_for, coordinator, team_a, sdj, today):
    small = CapacityPoolFactory(team=team_a, total_places=1)
    response = client_for(coordinator).post(
        reverse("capacity-declare"), _post_data(small, [sdj], today + timedelta(days=14), places=3)
    )
    assert response.status_code == 200
    assert "Je declareert 3 plaatsen, maar de prognose toont er 1 vrij" in response.content.decode()
    assert not CapacityDeclaration.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"available_from": "2020-01-01"}, "Deze datum ligt in het verleden"),
        ({"recipients": []}, "Kies minstens één ontvanger"),
        ({"extra_emails": "sdj@example.org, geen-adres"}, "“geen-adres” is geen geldig e-mailadres"),
        ({"places": 0}, "Declareer minstens één plaats"),
    ],
)
def test_bad_declaration_input_shows_a_dutch_message_and_sends_nothing(
    client_for, coordinator, pool, sdj, today, change, message, django_capture_on_commit_callbacks
):
    data = {**_post_data(pool, [sdj], today + timedelta(days=14)), **change}
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(coordinator).post(reverse("capacity-declare"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CapacityDeclaration.objects.exists()
    assert mail.outbox == []


def test_a_recipient_of_another_team_cannot_be_posted(client_for, coordinator, pool, team_b, today):
    foreign = RecipientFactory(team=team_b)
    response = client_for(coordinator).post(
        reverse("capacity-declare"), _post_data(pool, [foreign], today + timedelta(days=14))
    )
    assert response.status_code == 200
    assert not CapacityDeclaration.objects.exists()


def test_supervisor_cannot_declare(client_for, supervisor, pool, sdj, today):
    response = client_for(supervisor).post(reverse("capacity-declare"), _post_data(pool, [sdj], today))
    assert response.status_code == 403
    assert not CapacityDeclaration.objects.exists()


# --- declaration page, PDF, receipt -----------------------------------------------------------------


def test_declaration_page_and_pdf_for_the_team(client_for, coordinator, supervisor, pool):
    declaration = DeclarationFactory(pool=pool, places=2)
    response = client_for(supervisor).get(reverse("capacity-declaration", kwargs={"code": declaration.code}))
    assert response.status_code == 200 and "Plaats 2" in response.content.decode()
    pdf = client_for(coordinator).get(reverse("capacity-declaration-pdf", kwargs={"code": declaration.code}))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and pdf["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(action="capacity.declaration.pdf_viewed").exists()


def test_declaration_of_another_team_is_not_found(client_for, coordinator_other, pool):
    declaration = DeclarationFactory(pool=pool)
    for name in ("capacity-declaration", "capacity-declaration-pdf"):
        response = client_for(coordinator_other).get(reverse(name, kwargs={"code": declaration.code}))
        assert response.status_code == 404


def test_coordinator_records_receipt(client_for, coordinator, pool, today):
    declaration = DeclarationFactory(pool=pool, declared_on=today - timedelta(days=1))
    client_for(coordinator).post(
        reverse("capacity-declaration-acknowledge", kwargs={"code": declaration.code}),
        {"acknowledged_on": today.isoformat()},
    )
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.ACKNOWLEDGED and declaration.acknowledged_on == today


def test_receipt_in_the_future_is_refused(client_for, coordinator, pool, today):
    declaration = DeclarationFactory(pool=pool, declared_on=today)
    client_for(coordinator).post(
        reverse("capacity-declaration-acknowledge", kwargs={"code": declaration.code}),
        {"acknowledged_on": (today + timedelta(days=3)).isoformat()},
    )
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.SENT


# --- filling a place ---------------------------------------------------------------------------------


def test_coordinator_links_a_referral_to_a_free_place(client_for, coordinator, pool):
    declaration = DeclarationFactory(pool=pool)
    referral = CaseFactory(team=pool.team, status=CaseStatus.REFERRED, started_on=None)
    response = client_for(coordinator).post(reverse("capacity-fill-place", kwargs={"case_code": referral.code}))
    assert response.status_code == 302
    place = declaration.place_rows.get()
    assert place.status == PlaceStatus.FILLED and place.filled_by_case == referral
    page = client_for(coordinator).get(reverse("capacity-overview")).content.decode()
    assert f"ingevuld door aanmelding {referral.reference}" in page


def test_worker_cannot_link_a_place(client_for, worker, case, pool):
    DeclarationFactory(pool=pool)
    response = client_for(worker).post(reverse("capacity-fill-place", kwargs={"case_code": case.code}))
    assert response.status_code == 403


def test_coordinator_cannot_link_a_case_of_another_team(client_for, coordinator, other_case, pool):
    DeclarationFactory(pool=pool)
    response = client_for(coordinator).post(reverse("capacity-fill-place", kwargs={"case_code": other_case.code}))
    assert response.status_code == 404


# --- places and recipients -----------------------------------------------------------------------------


def test_coordinator_sets_the_places_of_the_team(client_for, coordinator):
    response = client_for(coordinator).post(
        reverse("capacity-pool-new"), {"module": "SoS", "region": "Oost-Vlaanderen", "total_places": 6}
    )
    assert response.status_code == 302
    assert CapacityPool.objects.get().total_places == 6


def test_coordinator_adds_a_recipient(client_for, coordinator, team_a):
    response = client_for(coordinator).post(
        reverse("capacity-recipients"),
        {"kind": "ocj", "name": "OCJ Oost-Vlaanderen", "region": "Oost-Vlaanderen", "email": "OCJ@Example.org"},
    )
    assert response.status_code == 302
    assert DeclarationRecipient.objects.get(team=team_a).email == "ocj@example.org"


def test_an_invalid_recipient_address_is_refused_in_dutch(client_for, coordinator):
    response = client_for(coordinator).post(
        reverse("capacity-recipients"),
        {"kind": "ocj", "name": "OCJ", "region": "Oost-Vlaanderen", "email": "ocj-at-example"},
    )
    assert response.status_code == 200
    assert "Vul een geldig e-mailadres in" in response.content.decode()
    assert not DeclarationRecipient.objects.exists()


def test_coordinator_switches_a_recipient_off(client_for, coordinator, sdj):
    url = reverse("capacity-recipient-edit", kwargs={"code": sdj.code})
    client_for(coordinator).post(url, {"kind": "sdj", "name": sdj.name, "region": sdj.region, "email": sdj.email})
    sdj.refresh_from_db()
    assert sdj.active is False


def test_recipient_of_another_team_is_not_found(client_for, coordinator_other, sdj):
    response = client_for(coordinator_other).get(reverse("capacity-recipient-edit", kwargs={"code": sdj.code}))
    assert response.status_code == 404


def test_case_page_shows_the_free_place_this_case_filled(client_for, worker, case, pool, today):
    declaration = DeclarationFactory(pool=pool, declared_on=today - timedelta(days=14))
    declaration.place_rows.update(status=PlaceStatus.FILLED, filled_by_case=case, filled_on=today)
    body = open_case_page(client_for(worker), case)
    assert "Vrije plaats" in body and "ingevuld door dit dossier" in body


def test_case_page_free_place_panel_is_one_query_and_skips_withdrawn_declarations(
    client_for, coordinator, case, pool, today
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    filled = DeclarationFactory(pool=pool, declared_on=today - timedelta(days=28))
    filled.place_rows.update(status=PlaceStatus.FILLED, filled_by_case=case, filled_on=today - timedelta(days=3))
    DeclarationFactory(pool=pool, declared_on=today - timedelta(days=2), source_case=case)
    DeclarationFactory(pool=pool, declared_on=today - timedelta(days=1), source_case=case, status="withdrawn")
    client = client_for(coordinator)
    with CaptureQueriesContext(connection) as ctx:
        body = open_case_page(client, case)
    assert body.count("ingevuld door dit dossier") == 1
    assert body.count("De plaats die dit dossier vrijmaakt") == 1
    assert reverse("capacity-overview") in body
    capacity = [q for q in ctx.captured_queries if "capacity_" in q["sql"]]
    assert len(capacity) == 1


def test_a_coordinator_without_a_team_gets_no_capacity(client_for, db):
    from cocon.accounts.models import Role
    from cocon.accounts.tests.factories import UserFactory

    loose = UserFactory(role=Role.COORDINATOR, team=None)
    assert client_for(loose).get(reverse("capacity-overview")).status_code == 403
    assert client_for(loose).get(reverse("capacity-declare")).status_code == 403


@pytest.mark.parametrize("weeks", ["x", "1", "99"])
def test_a_strange_weeks_parameter_is_clamped(client_for, coordinator, pool, weeks):
    response = client_for(coordinator).get(reverse("capacity-overview"), {"weeks": weeks})
    assert response.status_code == 200
    assert 2 <= len(response.context["capacity"].total.weeks) <= 6


def test_coordinator_withdraws_a_declaration(client_for, coordinator, pool):
    declaration = DeclarationFactory(pool=pool)
    url = reverse("capacity-declaration-withdraw", kwargs={"code": declaration.code})
    assert client_for(coordinator).get(url).status_code == 405
    response = client_for(coordinator).post(url)
    assert response.status_code == 302
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.WITHDRAWN


def test_supervisor_cannot_withdraw(client_for, supervisor, pool):
    declaration = DeclarationFactory(pool=pool)
    url = reverse("capacity-declaration-withdraw", kwargs={"code": declaration.code})
    assert client_for(supervisor).post(url).status_code == 403
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.SENT

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from capacity import services
from capacity.models import CapacityDeclaration, DeclarationStatus, DeclaredPlace, PlaceStatus
from capacity.pdf import RefusedURL, StaticOnlyFetcher, render_declaration_pdf
from capacity.selectors import declaration_due_for_team, team_capacity, unfilled_places
from capacity.tests.factories import CapacityPoolFactory, DeclarationFactory, RecipientFactory
from cases.models import CaseStatus
from cases.tests.factories import CaseFactory
from cocon.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def pool(team_a):
    return CapacityPoolFactory(team=team_a, total_places=8)


@pytest.fixture
def recipients(team_a):
    return [
        RecipientFactory(team=team_a, kind="sdj", name="SDJ Oost-Vlaanderen", email="sdj@example.org"),
        RecipientFactory(team=team_a, kind="ocj", name="OCJ Oost-Vlaanderen", email="ocj@example.org"),
    ]


def _declare(coordinator, pool, recipients, today, **kwargs):
    args = dict(
        actor=coordinator,
        pool=pool,
        places=2,
        available_from=today + timedelta(days=14),
        recipients=recipients,
        today=today,
    )
    args.update(kwargs)
    return services.capacity_declare(**args)


def test_coordinator_declares_two_places_and_the_mail_leaves_after_commit_with_the_pdf(
    coordinator, pool, recipients, today, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        declaration = _declare(coordinator, pool, recipients, today)
        assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.SENT
    assert declaration.place_rows.filter(status=PlaceStatus.DECLARED).count() == 2
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["ocj@example.org", "sdj@example.org"]
    assert "2 vrije plaatsen" in message.subject
    assert message.reply_to == [coordinator.email]
    _filename, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="capacity.declaration.created").exists()
    assert AuditEvent.objects.filter(action="capacity.declaration.sent").exists()


def test_declaration_mail_and_pdf_hold_no_personal_data(coordinator, pool, recipients, today, team_a):
    source = CaseFactory(team=team_a, family_name="Gezin Geheimnaam", planned_end=today + timedelta(days=10))
    declaration = _declare(coordinator, pool, recipients, today, source_case=source)
    services.capacity_send_declaration(declaration_id=declaration.pk)
    message = mail.outbox[0]
    assert "Geheimnaam" not in message.body and source.reference not in message.body
    pdf = render_declaration_pdf(declaration)
    assert b"Geheimnaam" not in pdf
    assert team_a.name in message.body


def test_sending_twice_sends_once(coordinator, pool, recipients, today):
    declaration = _declare(coordinator, pool, recipients, today)
    assert services.capacity_send_declaration(declaration_id=declaration.pk) is True
    assert services.capacity_send_declaration(declaration_id=declaration.pk) is False
    assert len(mail.outbox) == 1


def test_declaring_with_a_date_in_the_past_is_refused_and_nothing_is_sent(
    coordinator, pool, recipients, today, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as exc:
        _declare(coordinator, pool, recipients, today, available_from=today - timedelta(days=1))
    assert "verleden" in str(exc.value)
    assert not CapacityDeclaration.objects.exists()
    assert mail.outbox == []


def test_declaring_without_recipients_is_refused(coordinator, pool, today):
    with pytest.raises(ValidationError):
        _declare(coordinator, pool, [], today)
    assert not CapacityDeclaration.objects.exists()


def test_declaring_with_an_invalid_extra_address_is_refused(coordinator, pool, recipients, today):
    with pytest.raises(ValidationError) as exc:
        _declare(coordinator, pool, recipients, today, extra_emails=["geen-adres"])
    assert "geen-adres" in str(exc.value)
    assert not DeclaredPlace.objects.exists()


def test_shorter_notice_needs_confirmation(coordinator, pool, recipients, today):
    with pytest.raises(ValidationError):
        _declare(coordinator, pool, recipients, today, available_from=today + timedelta(days=5))
    declaration = _declare(
        coordinator, pool, recipients, today, available_from=today + timedelta(days=5), confirm_short_notice=True
    )
    assert declaration.short_notice_confirmed


def test_more_places_than_forecast_needs_confirmation(coordinator, recipients, today, team_a):
    small = CapacityPoolFactory(team=team_a, total_places=2, module="Klein")
    CaseFactory(team=team_a, status=CaseStatus.ACTIVE)
    with pytest.raises(ValidationError):
        _declare(coordinator, small, recipients, today, places=2)
    declaration = _declare(coordinator, small, recipients, today, places=2, confirm_over_forecast=True)
    assert declaration.over_forecast_confirmed and declaration.forecast_free == 1


def test_a_coordinator_cannot_declare_for_another_team(coordinator_other, pool, recipients, today):
    with pytest.raises(ValidationError):
        _declare(coordinator_other, pool, recipients, today)


def test_a_new_referral_that_starts_fills_the_oldest_open_place(coordinator, pool, recipients, today, team_a):
    declaration = _declare(coordinator, pool, recipients, today)
    referral = CaseFactory(team=team_a, status=CaseStatus.REFERRED, referred_on=today, started_on=None)
    assert not DeclaredPlace.objects.filter(filled_by_case=referral).exists()
    referral.started_on = today
    referral.status = CaseStatus.ACTIVE
    referral.save()
    place = DeclaredPlace.objects.get(filled_by_case=referral)
    assert place.declaration == declaration and place.number == 1 and place.filled_on == today
    assert AuditEvent.objects.filter(action="capacity.place.filled", case_code=referral.code).exists()


def test_an_older_case_is_not_matched_automatically(coordinator, pool, recipients, today, team_a):
    _declare(coordinator, pool, recipients, today)
    old = CaseFactory(team=team_a, referred_on=today - timedelta(days=40), started_on=today - timedelta(days=38))
    old.save()
    assert not DeclaredPlace.objects.filter(filled_by_case=old).exists()


def test_coordinator_links_a_referral_to_a_place_and_the_declaration_is_filled(coordinator, pool, recipients, today):
    declaration = _declare(coordinator, pool, recipients, today, places=1)
    referral = CaseFactory(team=pool.team, status=CaseStatus.REFERRED, started_on=None)
    place = services.capacity_fill_place(actor=coordinator, case=referral)
    assert place.status == PlaceStatus.FILLED
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.FILLED
    with pytest.raises(ValidationError):
        services.capacity_fill_place(actor=coordinator, case=referral)


def test_filling_without_an_open_place_is_refused(coordinator, pool):
    referral = CaseFactory(team=pool.team, status=CaseStatus.REFERRED, started_on=None)
    with pytest.raises(ValidationError):
        services.capacity_fill_place(actor=coordinator, case=referral)


def test_places_lapse_seven_days_after_they_became_available(pool, today):
    old = DeclarationFactory(pool=pool, available_from=today - timedelta(days=8), places=2)
    recent = DeclarationFactory(pool=pool, available_from=today - timedelta(days=7))
    assert list(unfilled_places(pool.team, today)) == [*old.place_rows.all(), *recent.place_rows.all()]
    assert services.capacity_lapse_unfilled_places(today=today) == 2
    assert services.capacity_lapse_unfilled_places(today=today) == 0
    assert set(old.place_rows.values_list("status", flat=True)) == {PlaceStatus.LAPSED}
    assert recent.place_rows.get().status == PlaceStatus.DECLARED


def test_declaration_is_due_every_two_weeks_and_when_a_place_frees_up(pool, today):
    due = declaration_due_for_team(pool.team, today)
    assert due.due and due.biweekly and due.last_declared_on is None
    DeclarationFactory(pool=pool, declared_on=today - timedelta(days=3))
    assert not declaration_due_for_team(pool.team, today).due
    ending = CaseFactory(team=pool.team, planned_end=today + timedelta(days=12))
    due = declaration_due_for_team(pool.team, today)
    assert due.due and not due.biweekly and [e.reference for e in due.freeing] == [ending.reference]
    DeclarationFactory(pool=pool, declared_on=today, source_case=ending)
    assert not declaration_due_for_team(pool.team, today).due


def test_forecast_counts_places_occupancy_waiting_endings_and_declared(pool, today):
    team = pool.team
    for _ in range(5):
        CaseFactory(team=team, status=CaseStatus.ACTIVE)
    CaseFactory(team=team, status=CaseStatus.REFERRED, started_on=None)
    CaseFactory(
        team=team, status=CaseStatus.ACTIVE, guidance_phase="consolidation", planned_end=today + timedelta(days=15)
    )
    CaseFactory(team=CapacityPoolFactory().team, status=CaseStatus.ACTIVE)  # another team: not counted
    DeclarationFactory(pool=pool, available_from=today + timedelta(days=14))
    capacity = team_capacity(team, today=today, weeks=4)
    total = capacity.total
    assert (total.total, total.occupied, total.waiting) == (8, 6, 1)
    assert len(total.weeks) == 4
    assert total.weeks[0].free == 1
    assert [e.planned_end for e in total.endings] == [today + timedelta(days=15)]
    # after the ending and the declared place: 8 − 5 − 1 − 1
    assert total.weeks[3].free == 1
    assert total.free_on(today + timedelta(days=15)) == 1


def test_places_from_worker_fte_and_caseload_when_no_number_is_set(team_a, worker, colleague, today):
    worker.fte, worker.max_caseload = 0.8, 10
    worker.save()
    colleague.fte, colleague.max_caseload = 1, 12
    colleague.save()
    CapacityPoolFactory(team=team_a, total_places=None)
    assert team_capacity(team_a, today=today).total.total == 20


def test_pdf_fetcher_refuses_everything_but_our_stylesheet():
    fetcher = StaticOnlyFetcher()
    assert fetcher.fetch("cocon-static:capacity/print.css").url.endswith("print.css")
    for url in ("file:///etc/passwd", "http://example.org/x.css", "data:text/css,body{}", "cocon-static:../x"):
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)


def test_acknowledging_receipt(coordinator, pool, today):
    declaration = DeclarationFactory(pool=pool, declared_on=today - timedelta(days=2))
    services.capacity_acknowledge(actor=coordinator, declaration=declaration, on=today - timedelta(days=1))
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.ACKNOWLEDGED
    with pytest.raises(ValidationError):
        services.capacity_acknowledge(actor=coordinator, declaration=declaration, on=date(2000, 1, 1))


def test_the_daily_task_sends_planned_declarations_whose_day_has_come_and_lapses_old_places(pool, today):
    from capacity.tasks import capacity_daily_task

    due = DeclarationFactory(pool=pool, status=DeclarationStatus.PLANNED, declared_on=today)
    later = DeclarationFactory(pool=pool, status=DeclarationStatus.PLANNED, declared_on=today + timedelta(days=3))
    old = DeclarationFactory(pool=pool, available_from=today - timedelta(days=10))
    assert capacity_daily_task.apply().get() == {"sent": 1, "lapsed": 1}
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.status == DeclarationStatus.SENT and later.status == DeclarationStatus.PLANNED
    assert old.place_rows.get().status == PlaceStatus.LAPSED
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["sdj@example.org"]


def test_withdrawing_a_sent_declaration_lapses_open_places_and_tells_the_recipients(
    coordinator, pool, today, django_capture_on_commit_callbacks
):
    declaration = DeclarationFactory(pool=pool, places=2, sent_at=timezone.now())
    filled = declaration.place_rows.get(number=1)
    filled.status, filled.filled_by_case, filled.filled_on = PlaceStatus.FILLED, CaseFactory(team=pool.team), today
    filled.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.capacity_withdraw(actor=coordinator, declaration=declaration, today=today) == 1
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.WITHDRAWN
    assert dict(declaration.place_rows.values_list("number", "status")) == {1: "filled", 2: "lapsed"}
    assert len(mail.outbox) == 1 and mail.outbox[0].subject.startswith("Ingetrokken")
    assert mail.outbox[0].attachments == []
    with pytest.raises(ValidationError):
        services.capacity_withdraw(actor=coordinator, declaration=declaration)


def test_withdrawing_a_planned_declaration_sends_nothing(coordinator, pool, django_capture_on_commit_callbacks):
    declaration = DeclarationFactory(pool=pool, status=DeclarationStatus.PLANNED)
    with django_capture_on_commit_callbacks(execute=True):
        services.capacity_withdraw(actor=coordinator, declaration=declaration)
    assert mail.outbox == []
    assert services.capacity_send_due_declarations() == 0


def test_undeclared_free_places_for_the_weekly_check(pool, today):
    from capacity.selectors import undeclared_free_places

    for _ in range(6):
        CaseFactory(team=pool.team, status=CaseStatus.ACTIVE)
    assert undeclared_free_places(pool.team, today) == 2
    DeclarationFactory(pool=pool, places=2, available_from=today + timedelta(days=14))
    assert undeclared_free_places(pool.team, today) == 0

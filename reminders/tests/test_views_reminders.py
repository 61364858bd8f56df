"""A person's reminders: the bell, the list, following a reminder, done / put aside / dismiss."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cocon.audit.models import AuditEvent
from reminders.models import Status
from reminders.tests.factories import ReminderFactory

pytestmark = pytest.mark.django_db


def test_worker_sees_the_bell_count_and_the_list(client_for, worker, case):
    ReminderFactory(case=case)
    response = client_for(worker).get(reverse("reminders-list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-reminder-count>1<" in html
    assert "Start de begeleiding" in html
    assert case.reference in html


def test_bell_costs_one_query_however_many_reminders(client_for, worker, case, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(worker)
    ReminderFactory(case=case)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("reminders-calendar"))
    for days in range(2, 12):
        ReminderFactory(case=case, due_on=timezone.localdate() - timedelta(days=days))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("reminders-calendar"))
    assert len(many) == len(one)
    bell = [q for q in many.captured_queries if "reminders_notification" in q["sql"]]
    assert len(bell) == 1


def test_header_shows_bell_and_team_from_one_query(client_for, worker, case):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ReminderFactory(case=case)
    ReminderFactory(case=case, due_on=timezone.localdate() - timedelta(days=3))
    with CaptureQueriesContext(connection) as ctx:
        html = client_for(worker).get(reverse("reminders-calendar")).content.decode()
    assert "data-reminder-count>2<" in html
    assert f"· {worker.team.name}" in html
    header = [
        q["sql"] for q in ctx.captured_queries if "accounts_team" in q["sql"] or "reminders_notification" in q["sql"]
    ]
    assert len(header) == 1


def test_bell_of_a_user_without_team_still_counts(client_for, consultant_shared, case):
    from reminders.models import Notification

    reminder = ReminderFactory(case=case)
    Notification.objects.create(reminder=reminder, user=consultant_shared)
    html = client_for(consultant_shared).get(reverse("reminders-calendar")).content.decode()
    assert "data-reminder-count>1<" in html


def test_list_query_count_does_not_grow_with_reminders(client_for, worker, case):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(worker)
    ReminderFactory(case=case)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("reminders-list"))
    now = timezone.now()
    for days in range(2, 12):
        ReminderFactory(case=case, due_on=timezone.localdate() - timedelta(days=days))
        ReminderFactory(
            case=case, due_on=timezone.localdate() + timedelta(days=days), notify_at=now + timedelta(days=days)
        )
        ReminderFactory(
            case=case,
            rule_code="R-X",
            due_on=timezone.localdate() - timedelta(days=days),
            status=Status.SNOOZED,
            snoozed_until=timezone.localdate() + timedelta(days=days),
        )
        ReminderFactory(
            case=case,
            rule_code="R-Y",
            due_on=timezone.localdate() - timedelta(days=days),
            status=Status.DONE,
            closed_at=now - timedelta(days=days),
        )
    with CaptureQueriesContext(connection) as many:
        html = client.get(reverse("reminders-list")).content.decode()
    assert len(many) == len(one) <= 15
    assert html.count('class="list-group-item reminder ') == 21  # 11 to do + 10 put aside, each with its forms


def test_each_row_has_its_own_form_ids_and_a_refused_form_stays_open_with_what_was_typed(client_for, worker, case):
    first = ReminderFactory(case=case)
    second = ReminderFactory(case=case, due_on=timezone.localdate() - timedelta(days=5))
    client = client_for(worker)
    html = client.get(reverse("reminders-list")).content.decode()
    for r in (first, second):
        assert f'id="s{r.pk}-until"' in html and f'id="s{r.pk}-reason"' in html and f'id="d{r.pk}-reason"' in html
    default = (timezone.localdate() + timedelta(days=7)).isoformat()
    assert html.count(f'value="{default}"') == 2
    response = client.post(
        reverse("reminders-snooze", kwargs={"code": second.code}), {"until": "2000-01-01", "reason": "verlof"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert html.count('<details class="reminder-action" open>') == 1
    assert 'value="verlof"' in html and 'value="2000-01-01"' in html
    assert f'id="s{first.pk}-until"' in html


def test_following_a_reminder_leads_straight_to_the_thing_to_do(client_for, worker, case):
    reminder = ReminderFactory(case=case, link=reverse("cases-start", kwargs={"case_code": case.code}))
    response = client_for(worker).get(reverse("reminders-go", kwargs={"code": reminder.code}))
    assert response.status_code == 302
    assert response["Location"] == reverse("cases-start", kwargs={"case_code": case.code})


def test_worker_marks_a_reminder_done_and_it_is_audited(client_for, worker, case):
    reminder = ReminderFactory(case=case)
    response = client_for(worker).post(reverse("reminders-done", kwargs={"code": reminder.code}))
    assert response.status_code == 302
    reminder.refresh_from_db()
    assert reminder.status == Status.DONE
    assert reminder.closed_by == worker
    assert AuditEvent.objects.filter(action="reminders.reminder.done", object_id=str(reminder.code)).exists()


def test_worker_puts_a_reminder_aside_with_a_reason_and_a_date(client_for, worker, case):
    reminder = ReminderFactory(case=case)
    until = timezone.localdate() + timedelta(days=4)
    client = client_for(worker)
    response = client.post(
        reverse("reminders-snooze", kwargs={"code": reminder.code}), {"until": until.isoformat(), "reason": "verlof"}
    )
    assert response.status_code == 302
    reminder.refresh_from_db()
    assert (reminder.status, reminder.snoozed_until, reminder.status_reason) == (Status.SNOOZED, until, "verlof")
    page = client.get(reverse("reminders-list")).content.decode()
    assert "verlof" in page
    assert until.strftime("%d/%m/%Y") in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"until": "", "reason": "verlof"}, "Dit veld is verplicht"),
        ({"until": "2000-01-01", "reason": "verlof"}, "Kies een dag na vandaag."),
        ({"until": "FUTURE", "reason": "   "}, "Dit veld is verplicht"),
    ],
)
def test_putting_aside_without_a_future_date_or_a_reason_saves_nothing(client_for, worker, case, data, message):
    reminder = ReminderFactory(case=case)
    if data["until"] == "FUTURE":
        data = {**data, "until": (timezone.localdate() + timedelta(days=3)).isoformat()}
    response = client_for(worker).post(reverse("reminders-snooze", kwargs={"code": reminder.code}), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    reminder.refresh_from_db()
    assert reminder.status == Status.OPEN


def test_dismiss_needs_a_reason(client_for, worker, case):
    reminder = ReminderFactory(case=case)
    client = client_for(worker)
    response = client.post(reverse("reminders-dismiss", kwargs={"code": reminder.code}), {"reason": ""})
    assert response.status_code == 400
    reminder.refresh_from_db()
    assert reminder.status == Status.OPEN
    response = client.post(reverse("reminders-dismiss", kwargs={"code": reminder.code}), {"reason": "dubbel"})
    reminder.refresh_from_db()
    assert (reminder.status, reminder.status_reason) == (Status.DISMISSED, "dubbel")


def test_colleague_cannot_act_on_someone_elses_reminder(client_for, colleague, coordinator, case):
    reminder = ReminderFactory(case=case)
    for user in (colleague, coordinator):
        client = client_for(user)
        assert client.post(reverse("reminders-done", kwargs={"code": reminder.code})).status_code == 404
        assert client.get(reverse("reminders-go", kwargs={"code": reminder.code})).status_code == 404
    reminder.refresh_from_db()
    assert reminder.status == Status.OPEN


def test_worker_of_another_team_gets_404(client_for, worker_other, case):
    reminder = ReminderFactory(case=case)
    response = client_for(worker_other).post(reverse("reminders-done", kwargs={"code": reminder.code}))
    assert response.status_code == 404


def test_reminder_of_a_case_the_user_no_longer_sees_is_hidden(client_for, worker, case, co_worker):
    reminder = ReminderFactory(case=case)
    case.lead_worker = co_worker
    case.save()
    client = client_for(worker)
    # Same team: the worker still sees the case (team visibility), so the reminder stays reachable only if
    # the case selector lets them see it; another team's case never is.
    from cases.selectors import cases_visible_to

    visible = cases_visible_to(worker).filter(pk=case.pk).exists()
    status = client.get(reverse("reminders-go", kwargs={"code": reminder.code})).status_code
    assert status == (302 if visible else 404)


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("reminders-list"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_acting_twice_says_it_is_no_longer_open(client_for, worker, case):
    reminder = ReminderFactory(case=case, status=Status.DONE)
    response = client_for(worker).post(reverse("reminders-done", kwargs={"code": reminder.code}), follow=True)
    assert "Deze herinnering staat niet meer open." in response.content.decode()


def test_bell_does_not_count_a_case_the_user_no_longer_sees(client_for, worker_other, other_case, case):
    from reminders.models import Notification
    from reminders.selectors import open_count_for

    reminder = ReminderFactory(case=case)
    Notification.objects.create(reminder=reminder, user=worker_other)  # e.g. moved to another team since
    assert open_count_for(worker_other) == 0
    ReminderFactory(case=other_case)
    assert open_count_for(worker_other) == 1

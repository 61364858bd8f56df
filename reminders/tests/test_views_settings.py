"""A coördinator sets the thresholds of the reminder rules for their own team."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cocon.audit.models import AuditEvent
from reminders.models import ReminderSetting

pytestmark = pytest.mark.django_db


def test_coordinator_changes_the_start_threshold_of_their_team(client_for, coordinator, team_a):
    client = client_for(coordinator)
    page = client.get(reverse("reminders-settings"))
    assert page.status_code == 200
    assert "Start de begeleiding" in page.content.decode()
    response = client.post(
        reverse("reminders-settings"), {"rule_code": "R-START", "days": "5", "escalate_days": "", "enabled": "on"}
    )
    assert response.status_code == 302
    setting = ReminderSetting.objects.get(team=team_a, rule_code="R-START")
    assert (setting.days, setting.escalate_days, setting.enabled) == (5, None, True)
    assert AuditEvent.objects.filter(action="reminders.setting.saved").exists()


def test_coordinator_switches_a_rule_off(client_for, coordinator, team_a):
    client_for(coordinator).post(reverse("reminders-settings"), {"rule_code": "R-CONSULT", "days": ""})
    assert ReminderSetting.objects.get(team=team_a, rule_code="R-CONSULT").enabled is False


@pytest.mark.parametrize(
    "data",
    [
        {"rule_code": "R-START", "days": "-3", "enabled": "on"},
        {"rule_code": "R-START", "days": "abc", "enabled": "on"},
        {"rule_code": "R-NOPE", "days": "3", "enabled": "on"},
    ],
)
def test_bad_threshold_is_refused_and_nothing_saved(client_for, coordinator, data):
    response = client_for(coordinator).post(reverse("reminders-settings"), data)
    assert response.status_code == 400
    assert "niet bewaard" in response.content.decode()
    assert not ReminderSetting.objects.exists()


def test_worker_cannot_change_thresholds(client_for, worker, supervisor):
    for user in (worker, supervisor):
        assert client_for(user).get(reverse("reminders-settings")).status_code == 403
        assert client_for(user).post(reverse("reminders-settings"), {"rule_code": "R-START"}).status_code == 403
    assert not ReminderSetting.objects.exists()

"""The demo (DOMAIN §10.17): history and the sweep's open/planned reminders; no child name ever leaves."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from cocon.accounts.models import User
from reminders.models import Reminder, Status
from reminders.services import calendar_feed_renew, reminders_send_digests

pytestmark = pytest.mark.django_db

DEMO_NAMES = ["Lotte", "Milan", "Sarah", "Kevin", "Jens", "Verbeke", "De Smet", "Claes", "Janssens"]


@pytest.fixture
def demo(db):
    call_command("seed_demo")


def test_demo_users_see_the_handled_reminders_of_the_story(demo, client_for):
    eline = User.objects.get(email="eline@cocon.example")
    story = Reminder.objects.filter(case__reference="COC-2025-014")
    assert story.filter(rule_code="R-JIM-OVERDUE", status=Status.RESOLVED).exists()
    assert story.filter(rule_code="R-INTENSITY", status=Status.DONE).exists()
    assert story.filter(rule_code="R-BOTTOMLINE", status=Status.DONE).exists()
    page = client_for(eline).get(reverse("reminders-list")).content.decode()
    assert "Nog geen JIM aangeduid" in page
    assert "Gedaan en opgelost" in page


def test_demo_sweep_again_creates_nothing(demo):
    from reminders.services import reminders_sweep

    assert reminders_sweep().created == 0


def test_demo_child_names_never_appear_in_digests_or_calendars(demo, client):
    reminders_send_digests()
    assert mail.outbox, "the demo has open reminders: someone gets a digest"
    for message in mail.outbox:
        text = message.subject + message.body
        for name in DEMO_NAMES:
            assert name not in text
    for user in User.objects.filter(is_active=True):
        body = client.get(reverse("reminders-ical", kwargs={"token": calendar_feed_renew(actor=user)})).content
        for name in DEMO_NAMES:
            assert name.encode() not in body

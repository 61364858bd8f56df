"""The demo (DOMAIN §10.17): history and the sweep's open/planned reminders; no child name ever leaves."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

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


# DOMAIN §10.17 per demo user, for the demo case: (list on the reminders page, rule, agreement, story due date).
# "open" = shows now, "planned" = shows later (gepland), "closed" = resolved or done (the story's history).
STORY_REMINDERS = {
    "eline": {
        ("open", "R-CHECK-DUE", "A6", (6, 16)),
        ("open", "R-CHECK-DUE", "A9", (6, 20)),
        ("planned", "R-EVAL-UPCOMING", "", (7, 9)),
        ("planned", "R-CLOSE-FOLLOWUP", "", (8, 22)),
        ("planned", "R-PLAN-EXPIRY", "", (8, 29)),
        ("closed", "R-JIM-OVERDUE", "", (4, 9)),
        ("closed", "R-INTENSITY", "", (4, 28)),
        ("closed", "R-BOTTOMLINE", "", (5, 26)),
    },
    "koen": {("closed", "R-JIM-OVERDUE", "", (4, 9))},
    "sofie": {
        ("planned", "R-FREEPLACE-DUE", "", (8, 29)),
        ("closed", "R-INTENSITY", "", (4, 28)),
        ("closed", "R-BOTTOMLINE", "", (5, 26)),
    },
    "nadia": {("closed", "R-BOTTOMLINE", "", (5, 26))},
}


def _seen(user, *, now, offset, only_demo_case):
    """What the user's reminders page lists, as (list, rule, agreement, story date)."""
    from reminders.selectors import reminders_for

    seen = set()
    for name, rows in reminders_for(user, now=now).items():
        for r in rows:
            if only_demo_case and (r.case is None or r.case.reference != "COC-2025-014"):
                continue
            story = r.due_on - offset
            detail = r.detail if r.rule_code == "R-CHECK-DUE" else ""
            # A monthly check keeps the day of the month: on another calendar it may fall a day apart.
            if (r.rule_code, detail) == ("R-CHECK-DUE", "A6") and abs((story - datetime.date(2025, 6, 16)).days) <= 2:
                story = datetime.date(2025, 6, 16)
            seen.add((name, r.rule_code, detail, (story.month, story.day)))
    return seen


@pytest.mark.parametrize(
    "today",
    [datetime.date(2025, 6, 16), datetime.date(2026, 2, 12)],
    ids=["on the story's own Monday", "on another day"],
)
def test_demo_users_see_the_reminders_of_domain_10_17_on_first_login(today):
    """Seeded on `today` (the demo shifts the story onto it) and swept once, at noon."""
    import time_machine

    noon = timezone.make_aware(datetime.datetime.combine(today, datetime.time(12, 0)))
    with time_machine.travel(noon, tick=False):
        call_command("seed_demo")
        offset = timezone.localdate() - datetime.date(2025, 6, 16)
        users = {key: User.objects.get(email__startswith=f"{key}@") for key in STORY_REMINDERS}
        for key, expected in STORY_REMINDERS.items():
            assert _seen(users[key], now=noon, offset=offset, only_demo_case=True) == expected, key
        # Eline works only the demo case: her whole list is the table, nothing more.
        assert _seen(users["eline"], now=noon, offset=offset, only_demo_case=False) == STORY_REMINDERS["eline"]
        from reminders.services import reminders_sweep

        assert reminders_sweep(now=noon).created == 0
        assert Reminder.objects.filter(case__reference="COC-2025-014", status=Status.OPEN).count() == 6

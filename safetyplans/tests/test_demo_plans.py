"""The demo's plans and monitoring log as DOMAIN §10.6, §10.11 and §10.17 tell them, on any calendar."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

pytestmark = pytest.mark.django_db

STORY_TODAY = datetime.date(2025, 6, 16)


@pytest.mark.parametrize(
    "today",
    # The story's own Monday, and days on which moving the story by days put A6 a day off its monthly cycle.
    [STORY_TODAY, datetime.date(2026, 2, 12), datetime.date(2026, 8, 31)],
    ids=str,
)
def test_demo_monthly_checks_follow_the_story(today):
    import time_machine

    from cases.models import Case
    from safetyplans import selectors
    from safetyplans.models import PlanStatus, SafetyPlan

    with time_machine.travel(timezone.make_aware(datetime.datetime.combine(today, datetime.time(12))), tick=False):
        call_command("seed_demo")
        case = Case.objects.get(reference="COC-2025-014")
        offset = today - STORY_TODAY
        # §10.11 and §10.17: on the demo day only A6's monthly check (GP / CGG) is due, and it is due today.
        due = [(a.number, on - offset) for a, on in selectors.agreement_checks_due(case, today)]
        assert [number for number, _on in due] == [6]
        assert abs((due[0][1] - STORY_TODAY).days) <= 2  # clamped to a shorter month on the 29th–31st at most
        if today.day <= 28:
            assert due[0][1] == STORY_TODAY
        # A9's last check before the summer is due on 20/06; A2 and A3, checked monthly (the CAW's report
        # and Els at NB2 on 04/06), come due on their own day in July.
        later = {
            a.number: on - offset for a, on in selectors.agreement_checks_due(case, today + datetime.timedelta(40))
        }
        assert later[9] == datetime.date(2025, 6, 20)
        assert later[2] == later[3] and later[2].month == 7
        # §10.6: the child-friendly version of v1.0 was shared on 09/04, v2.0's at Eline's visit of 11/06.
        shared = {p.label: p.child_version_shared_on for p in SafetyPlan.objects.filter(case=case, kind="main")}
        assert shared["1.0"] == datetime.date(2025, 4, 9) + offset
        assert shared["2.0"] == datetime.date(2025, 6, 11) + offset
        assert SafetyPlan.objects.get(case=case, label="2.0").status == PlanStatus.ACTIVE

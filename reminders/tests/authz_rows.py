from __future__ import annotations

import datetime

from tests.authz import FORBIDDEN, GET_NOT_ALLOWED, MFA, NOT_FOUND, OK, PERSONAS, POST_NOT_ALLOWED, Row, expect

# A reminder belongs to the people it was delivered to: here the case's lead worker. Everyone else
# (colleagues, the coördinator, the consultant, another team) gets a 404 — acting on someone else's reminder.
OWNER_ONLY = expect(NOT_FOUND, worker=OK)
# Calendar feed: the secret token is the credential, not the session (calendar apps cannot log in).
TOKEN_FEED = {**dict.fromkeys(PERSONAS, OK), "half": MFA}


def _reminder(case):
    from reminders.models import Reminder
    from reminders.tests.factories import ReminderFactory

    reminder = Reminder.objects.filter(case=case).first() or ReminderFactory(case=case)
    return {"code": reminder.code}


def _snooze(case):
    return {"until": (datetime.date.today() + datetime.timedelta(days=5)).isoformat(), "reason": "verlof"}


def _dismiss(case):
    return {"reason": "niet van toepassing"}


def _feed(case):
    from reminders.services import calendar_feed_renew

    return {"token": calendar_feed_renew(actor=case.lead_worker)}


ROWS = [
    Row("reminders-list", case_scoped=False, get=expect(OK), post=POST_NOT_ALLOWED),
    Row("reminders-go", kwargs=_reminder, get=OWNER_ONLY, post=POST_NOT_ALLOWED),
    Row("reminders-done", kwargs=_reminder, get=GET_NOT_ALLOWED, post=OWNER_ONLY),
    Row("reminders-snooze", kwargs=_reminder, get=GET_NOT_ALLOWED, post=OWNER_ONLY, data=_snooze),
    Row("reminders-dismiss", kwargs=_reminder, get=GET_NOT_ALLOWED, post=OWNER_ONLY, data=_dismiss),
    Row("reminders-calendar", case_scoped=False, get=expect(OK), post=expect(OK)),
    Row("reminders-ical", kwargs=_feed, case_scoped=False, get=TOKEN_FEED, post=POST_NOT_ALLOWED),
]

# Team thresholds: the coördinator of a team, for that team only (their own team is implied).
COORDINATORS = expect(FORBIDDEN, coordinator=OK, coordinator_other=OK)
ROWS.append(
    Row(
        "reminders-settings",
        case_scoped=False,
        get=COORDINATORS,
        post=COORDINATORS,
        data=lambda case: {"rule_code": "R-START", "days": "5", "enabled": "on"},
    )
)

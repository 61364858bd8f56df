"""H1 — audit completeness: every read of a case file leaves exactly one audit event, and so does every
refused attempt.

No list of views lives here: the tests iterate the authorization matrix (every app's
`<app>/tests/authz_rows.py`; tests/test_authz_matrix.py fails when a URL pattern has no row). A new
case-scoped URL pattern therefore falls under H1 the moment it gets its matrix row, and a page, print,
PDF or download that shows case content without `audit_record_access` (or writes two events) fails here.

For each case-scoped row with a GET:
- every persona the row lets in opens it on the matrix case: exactly one event for that request, outcome
  success, carrying actor, role, case, object type and id, action, timestamp, request id and client IP;
- every persona the row refuses (the 404 of the case gate, or a 403 on a case they may see), and every
  team-A persona on another team's case: exactly one event, outcome denied, naming the case asked for.

Logins count as "just now", so step-up (B8) lets the coördinator through to the GDPR export it guards.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import CaseStatus
from cocon.audit.models import AuditEvent, Outcome
from conftest import login
from tests.authz import FORBIDDEN, NOT_FOUND, OK, TEAM_A_PERSONAS, Row
from tests.test_authz_matrix import ROWS

# Rows whose permitted GET shows nothing of the case: it only redirects to a page that audits its own read.
# Kept short and honest: the test checks that an exempted GET is indeed a redirect that writes no event.
NO_READ_EVENT = {
    "reminders-go": "follows a reminder: a redirect to the case page (or the reminder's link), which audits the read",
    "cases-reopen": "the matrix case is open: the GET only redirects to the case page with a message "
    "(on a closed case the form is shown and audited: test_reopen_form_on_a_closed_case_is_audited)",
}
# Rows whose refusal is not a refusal of a case: no denied event is written.
NO_DENIED_EVENT = {
    "reminders-go": "the 404 is for a reminder not delivered to you (reminders.selectors.reminder_for), "
    "not the case gate: the URL names a reminder, never a case",
}
SIGNED_OUT = {"anon", "half", "inactive_user"}  # stopped by login or the second factor before any view runs

READ_ROWS = [row for row in ROWS if row.case_scoped and row.get and OK in row.get.values()]
REFUSED_ROWS = [row for row in ROWS if row.case_scoped and row.get and {FORBIDDEN, NOT_FOUND} & set(row.get.values())]


def _client(request, persona: str) -> Client:
    return login(Client(), request.getfixturevalue(persona), just_now=True)


def _get(client: Client, url: str) -> tuple[Any, list[AuditEvent]]:
    """GET `url` and return the response with the audit events written while answering it."""
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = client.get(url)
    return response, list(AuditEvent.objects.filter(id__gt=last).order_by("id"))


def _missing_fields(event: AuditEvent, user: Any, response: Any) -> list[str]:
    missing = []
    if event.actor_id != user.pk:
        missing.append("actor")
    if not event.actor_role or event.actor_role != user.role:
        missing.append("actor_role")
    if not event.action:
        missing.append("action")
    if event.created_at is None:
        missing.append("timestamp")
    if not event.request_id or event.request_id != response["X-Request-ID"]:
        missing.append("request_id")
    if event.ip_address != "127.0.0.1":
        missing.append("ip_address")
    return missing


def _matrix_case(request):
    """The `case` fixture with `co_worker` as its co-worker, so every permitted persona can be hit."""
    case = request.getfixturevalue("case")
    case.co_worker = request.getfixturevalue("co_worker")
    case.save(update_fields=["co_worker"])
    return case


def read_problems(request, row: Row) -> list[str]:
    """What is wrong with the audit of the permitted GETs of one row (empty when H1 holds)."""
    case = _matrix_case(request)
    url = reverse(row.url_name, kwargs=row.kwargs(case))
    problems = []
    for persona, expected in row.get.items():
        if expected != OK or persona in SIGNED_OUT:
            continue
        user = request.getfixturevalue(persona)
        response, events = _get(_client(request, persona), url)
        where = f"GET {row.url_name} as {persona}"
        if row.url_name in NO_READ_EVENT:
            if response.status_code != 302 or events:
                problems.append(
                    f"{where}: exempted as a redirect, but answered {response.status_code} with "
                    f"{[e.action for e in events]}: audit it and drop the exemption"
                )
            continue
        if response.status_code != 200:
            problems.append(f"{where}: answered {response.status_code}, expected a page or a file")
            continue
        if len(events) != 1:
            problems.append(f"{where}: {len(events)} audit events {[e.action for e in events]}, expected exactly 1")
            continue
        event = events[0]
        missing = _missing_fields(event, user, response)
        if event.outcome != Outcome.SUCCESS:
            missing.append("outcome=success")
        if event.case_code != case.code:
            missing.append("case_code")
        if not event.object_type or not event.object_id:
            missing.append("object type and id")
        if missing:
            problems.append(f"{where}: event {event.action} lacks {', '.join(missing)}")
    return problems


def refusal_problems(request, row: Row) -> list[str]:
    """What is wrong with the audit of the refused GETs of one row (empty when H1 holds)."""
    case = _matrix_case(request)
    other_case = request.getfixturevalue("other_case")
    attempts = [
        (persona, case, expected)
        for persona, expected in row.get.items()
        if expected in (FORBIDDEN, NOT_FOUND) and persona not in SIGNED_OUT
    ]
    attempts += [(persona, other_case, NOT_FOUND) for persona in TEAM_A_PERSONAS]
    urls = {target.pk: reverse(row.url_name, kwargs=row.kwargs(target)) for target in (case, other_case)}
    problems = []
    for persona, target, expected in attempts:
        user = request.getfixturevalue(persona)
        response, events = _get(_client(request, persona), urls[target.pk])
        where = f"GET {row.url_name} as {persona} on {'its own' if target == case else 'another team'}'s case"
        if str(response.status_code) != expected:
            problems.append(f"{where}: answered {response.status_code}, the matrix expects {expected}")
            continue
        if row.url_name in NO_DENIED_EVENT:
            if events:
                problems.append(f"{where}: exempted, but wrote {[e.action for e in events]}: drop the exemption")
            continue
        if len(events) != 1:
            problems.append(f"{where}: {len(events)} audit events {[e.action for e in events]}, expected exactly 1")
            continue
        event = events[0]
        missing = _missing_fields(event, user, response)
        if event.outcome != Outcome.DENIED:
            missing.append("outcome=denied")
        if event.case_code != target.code and event.data.get("code") != str(target.code):
            missing.append("the case asked for (case_code, or data.code when the gate refuses)")
        if missing:
            problems.append(f"{where}: event {event.action} lacks {', '.join(missing)}")
    return problems


@pytest.mark.parametrize("row", READ_ROWS, ids=lambda row: row.url_name)
def test_every_read_of_a_case_page_is_audited_exactly_once(request, db, row: Row):
    problems = read_problems(request, row)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("row", REFUSED_ROWS, ids=lambda row: row.url_name)
def test_every_refused_read_of_a_case_page_is_audited_once_as_denied(request, db, row: Row):
    problems = refusal_problems(request, row)
    assert not problems, "\n".join(problems)


def test_worker_opening_another_teams_case_leaves_one_denied_event(worker, other_case):
    """The IDOR probe of the matrix, spelled out: a 404, and one denied event naming the case asked for."""
    client = login(Client(), worker, just_now=True)
    response, events = _get(client, reverse("cases-detail", kwargs={"code": other_case.code}))
    assert response.status_code == 404
    assert [(e.action, e.outcome) for e in events] == [("cases.case.access_denied", Outcome.DENIED)]
    event = events[0]
    assert event.actor == worker and event.actor_role == worker.role
    assert event.data == {"code": str(other_case.code)}
    assert event.request_id == response["X-Request-ID"]
    assert event.ip_address == "127.0.0.1"


def test_consultant_opening_a_write_form_leaves_one_denied_event(consultant_shared, case):
    """The linked consultant reads the case but may not write: the 403 is audited against the case."""
    client = login(Client(), consultant_shared, just_now=True)
    response, events = _get(client, reverse("cases-person-new", kwargs={"case_code": case.code}))
    assert response.status_code == 403
    assert [(e.action, e.outcome, e.case_code) for e in events] == [
        ("cases.case.write_denied", Outcome.DENIED, case.code)
    ]


def test_reopen_form_on_a_closed_case_is_audited(worker, case):
    case.status = CaseStatus.CLOSED
    case.save(update_fields=["status"])
    client = login(Client(), worker, just_now=True)
    response, events = _get(client, reverse("cases-reopen", kwargs={"case_code": case.code}))
    assert response.status_code == 200
    assert [(e.action, e.case_code, e.outcome) for e in events] == [
        ("cases.reopen_form.viewed", case.code, Outcome.SUCCESS)
    ]


def test_a_case_page_that_forgets_its_audit_is_caught(request, db, monkeypatch):
    """The meta-test bites: the network page with its audit call removed is reported."""
    import network.views

    monkeypatch.setattr(network.views, "audit_record_access", lambda **kwargs: None)
    row = next(row for row in READ_ROWS if row.url_name == "network-home")
    problems = read_problems(request, row)
    assert problems and all("0 audit events" in p for p in problems)


def test_a_case_page_that_audits_twice_is_caught(request, db, monkeypatch):
    import network.views

    original = network.views.audit_record_access

    def twice(**kwargs):
        original(**kwargs)
        return original(**kwargs)

    monkeypatch.setattr(network.views, "audit_record_access", twice)
    row = next(row for row in READ_ROWS if row.url_name == "network-home")
    assert any("2 audit events" in p for p in read_problems(request, row))


def test_exemptions_name_rows_under_test():
    """A renamed or removed URL pattern must not leave a stale exemption behind."""
    assert len(READ_ROWS) > 50 and REFUSED_ROWS
    assert set(NO_READ_EVENT) <= {row.url_name for row in READ_ROWS}
    assert set(NO_DENIED_EVENT) <= {row.url_name for row in REFUSED_ROWS}

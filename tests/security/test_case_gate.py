"""A2, A4, A6, A7: one gate per case; losing access takes effect on the next request; denials audited."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.urls import reverse

from cases.selectors import cases_visible_to, get_case_for
from cases.tests.factories import CaseFactory
from cocon.audit.models import AuditEvent, Outcome


def _detail(case) -> str:
    return reverse("cases-detail", kwargs={"code": case.code})


def test_unassigned_worker_loses_the_case_on_the_next_request(worker, colleague, case, client_for):
    client = client_for(worker)
    assert client.get(_detail(case)).status_code == 200
    case.lead_worker = colleague
    case.save()
    assert client.get(_detail(case)).status_code == 404


def test_unlinked_consultant_loses_the_case_on_the_next_request(consultant_shared, case, client_for):
    client = client_for(consultant_shared)
    assert client.get(_detail(case)).status_code == 200
    case.consultant = None
    case.save()
    assert client.get(_detail(case)).status_code == 404


def test_coordinator_moved_to_another_team_loses_the_case(coordinator, team_b, case, client_for):
    client = client_for(coordinator)
    assert client.get(_detail(case)).status_code == 200
    coordinator.team = team_b
    coordinator.save()
    assert client.get(_detail(case)).status_code == 404


def test_deactivated_user_is_logged_out_on_the_next_request(worker, case, client_for):
    client = client_for(worker)
    assert client.get(_detail(case)).status_code == 200
    worker.is_active = False
    worker.save()
    response = client.get(_detail(case))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_denied_case_access_is_audited(worker, other_case, client_for):
    client_for(worker).get(_detail(other_case))
    event = AuditEvent.objects.get(action="cases.case.access_denied")
    assert event.outcome == Outcome.DENIED
    assert event.actor == worker
    assert event.data == {"code": str(other_case.code)}


def test_gate_raises_404_for_an_unknown_code(worker):
    import uuid

    with pytest.raises(Http404):
        get_case_for(worker, uuid.uuid4())


@pytest.mark.parametrize(
    ("persona", "sees_own", "sees_other"),
    [
        ("worker", True, False),
        ("co_worker", False, False),
        ("colleague", False, False),
        ("supervisor", True, False),
        ("coordinator", True, False),
        ("coordinator_other", False, True),
        ("worker_other", False, True),
        ("consultant_shared", True, False),
        ("consultant_unshared", False, False),
        ("admin_user", False, False),
        ("inactive_user", False, False),
    ],
)
def test_visible_cases_match_the_oracle(request, persona, sees_own, sees_other, case, other_case):
    user = request.getfixturevalue(persona)
    CaseFactory(team=other_case.team)  # noise in team B nobody in team A may see
    visible = set(cases_visible_to(user).values_list("pk", flat=True))
    assert (case.pk in visible) is sees_own
    assert (other_case.pk in visible) is sees_other


def test_beheerder_reads_no_case_content(admin_user, case, client_for):
    """Policy: the beheerder manages accounts, teams and organisations, never case content."""
    client = client_for(admin_user)
    assert client.get(_detail(case)).status_code == 404
    assert not cases_visible_to(admin_user).exists()
    assert case.family_name not in client.get(reverse("cases-list")).content.decode()
    assert client.get(reverse("admin:index")).status_code == 200

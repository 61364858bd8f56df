"""Insight dashboards: coördinators and werkbegeleiders read their team's figures; nobody else does."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import CaseStatus, Closure, ClosureOutcome
from cases.tests.factories import CaseFactory, ContactFactory, EvaluationFactory
from cocon.audit.models import AuditEvent
from conftest import login
from insight.views import safe_cell
from network.tests.factories import JimSearchFactory
from safetyplans.tests.factories import ChildConversationFactory

pytestmark = pytest.mark.django_db

PAGES = ["insight-caseload", "insight-fidelity", "insight-flow"]


@pytest.mark.parametrize("name", PAGES)
def test_coordinator_reads_team_dashboards(client_for, coordinator, case, name):
    response = client_for(coordinator).get(reverse(name))
    assert response.status_code == 200
    assert "Inzicht" in response.content.decode()


@pytest.mark.parametrize("name", PAGES)
def test_supervisor_reads_team_dashboards(client_for, supervisor, case, name):
    assert client_for(supervisor).get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_worker_and_consultant_cannot_read_dashboards(client_for, worker, consultant_shared, name):
    assert client_for(worker).get(reverse(name)).status_code == 403
    assert client_for(consultant_shared).get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_fidelity_counts_child_voice_of_own_team_only(client_for, coordinator, case, other_case, worker):
    ChildConversationFactory(case=case)
    second = CaseFactory(team=case.team, lead_worker=worker)
    ChildConversationFactory(case=other_case)  # team B: never counted for team A
    response = client_for(coordinator).get(reverse("insight-fidelity"))
    table = response.context["table"]
    total = table.plain_rows()[-1]
    assert total[1] == 2  # two open cases in team A
    assert total[2] == "50% (1/2)"
    listing = client_for(coordinator).get(reverse("insight-cases", kwargs={"measure": "child-voice"}))
    assert [c.pk for c in listing.context["cases"]] == [case.pk]
    missing = client_for(coordinator).get(
        reverse("insight-cases", kwargs={"measure": "child-voice"}) + "?state=missing"
    )
    assert [c.pk for c in missing.context["cases"]] == [second.pk]


def test_case_list_behind_figure_never_shows_other_team(client_for, coordinator_other, case, other_case):
    ChildConversationFactory(case=case)
    response = client_for(coordinator_other).get(reverse("insight-cases", kwargs={"measure": "child-voice"}))
    assert case.reference not in response.content.decode()


def test_case_list_filtered_by_worker_of_other_team_is_404(client_for, coordinator, worker_other):
    url = reverse("insight-cases", kwargs={"measure": "open"}) + f"?worker={worker_other.code}"
    assert client_for(coordinator).get(url).status_code == 404
    bad = reverse("insight-cases", kwargs={"measure": "open"}) + "?worker=not-a-uuid"
    assert client_for(coordinator).get(bad).status_code == 404


def test_unknown_measure_is_404(client_for, coordinator):
    assert client_for(coordinator).get(reverse("insight-cases", kwargs={"measure": "nope"})).status_code == 404


def test_evaluation_on_time_and_jim_days(client_for, coordinator, case):
    EvaluationFactory(case=case, planned_on=datetime.date.today() - datetime.timedelta(days=3))
    search = JimSearchFactory(case=case, opened_on=case.started_on)
    from network.models import JimDesignation

    JimDesignation.objects.create(
        case=case,
        search=search,
        child=search.child,
        jim=__import__("network.tests.factories", fromlist=["x"]).NetworkMemberFactory(case=case),
        designated_on=case.started_on + datetime.timedelta(days=6),
    )
    total = client_for(coordinator).get(reverse("insight-fidelity")).context["table"].plain_rows()[-1]
    assert total[3] == "100% (1/1)"  # JIM designated
    assert total[6] == "6"  # days to find the JIM
    assert total[9] == "0% (0/1)"  # the evaluation is overdue


def test_caseload_shows_hours_of_the_week(client_for, coordinator, case, worker):
    ContactFactory(case=case, author=worker, date=datetime.date.today(), duration_minutes=90)
    table = client_for(coordinator).get(reverse("insight-caseload")).context["table"]
    row = next(r for r in table.plain_rows() if r[0] == str(worker))
    assert row[1] == 1


def test_flow_counts_outcomes_at_closure(client_for, coordinator, team_a, worker):
    closed = CaseFactory(
        team=team_a,
        lead_worker=worker,
        status=CaseStatus.CLOSED,
        closed_on=datetime.date.today(),
    )
    Closure.objects.create(
        case=closed,
        closed_on=datetime.date.today(),
        reason="goals_reached",
        outcome=ClosureOutcome.PLACEMENT_AVOIDED,
        follow_up="=HYPERLINK(1)",
    )
    data = client_for(coordinator).get(reverse("insight-flow")).context
    assert data["outcomes"].plain_rows()[0][1] == "1 (100%)"
    assert data["start"].plain_rows()[0][1] == 1  # started 2 days after referral


def _csv(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_csv_export_is_formula_safe_and_audited(client_for, coordinator, worker, case):
    worker.first_name = "=HYPERLINK(1)"
    worker.save()
    client = login(Client(), coordinator, just_now=True)  # no step-up question (B8)
    rows = _csv(client.get(reverse("insight-export", kwargs={"table": "caseload"})))
    assert any(row[0].startswith("'=HYPERLINK(1)") for row in rows[1:])
    assert AuditEvent.objects.filter(action="insight.caseload.exported", actor=coordinator).exists()


def test_flow_counts_the_kinds_of_follow_up_help_decided(client_for, coordinator, team_a, worker):
    from cases.models import FollowUpStatus, FollowUpType
    from cases.tests.factories import FollowUpHelpFactory

    first = CaseFactory(team=team_a, lead_worker=worker)
    second = CaseFactory(team=team_a, lead_worker=worker)
    FollowUpHelpFactory(case=first, type=FollowUpType.RTJ, provider="CGG")
    FollowUpHelpFactory(case=first, type=FollowUpType.RTJ, provider="CAW")  # one case, counted once
    FollowUpHelpFactory(case=first, type=FollowUpType.NETWORK_ONLY, provider="")
    FollowUpHelpFactory(case=second, type=FollowUpType.NRTJ, status=FollowUpStatus.PROPOSED)  # not chosen yet
    FollowUpHelpFactory(case=CaseFactory(), type=FollowUpType.RTJ)  # another team
    client = login(Client(), coordinator, just_now=True)
    table = client.get(reverse("insight-flow")).context["follow_up"]
    counts = dict(table.plain_rows())
    assert counts["rechtstreeks toegankelijke hulp (CAW, CGG, CLB …)"] == 1
    assert counts["enkel netwerk / JIM"] == 1
    assert counts["niet-rechtstreeks toegankelijke hulp via de ITP (A-document)"] == 0
    assert counts["Dossiers met besliste vervolghulp"] == 1
    rows = _csv(client.get(reverse("insight-export", kwargs={"table": "flow-follow-up"})))
    assert rows[0] == ["Soort vervolghulp", "Dossiers"]
    assert ["enkel netwerk / JIM", "1"] in rows
    assert AuditEvent.objects.filter(action="insight.flow-follow-up.exported", actor=coordinator).exists()


def test_csv_export_of_unknown_table_is_404(client_for, coordinator):
    assert client_for(coordinator).get(reverse("insight-export", kwargs={"table": "nope"})).status_code == 404


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_safe_cell_prefixes_formula_starts(text):
    assert safe_cell(text) == "'" + text


def test_safe_cell_leaves_plain_text():
    assert safe_cell("Familie Peeters") == "Familie Peeters"
    assert safe_cell(None) == ""


@pytest.mark.parametrize("name", PAGES)
def test_dashboard_query_count_does_not_grow_with_cases(client_for, coordinator, team_a, worker, name):
    c = client_for(coordinator)
    CaseFactory(team=team_a, lead_worker=worker)
    c.get(reverse(name))
    with CaptureQueriesContext(connection) as ctx:
        c.get(reverse(name))
    few = len(ctx)  # read before the next request resets the query log
    for _ in range(6):
        more = CaseFactory(team=team_a, lead_worker=worker)
        ChildConversationFactory(case=more)
        ContactFactory(case=more, author=worker)
    with CaptureQueriesContext(connection) as ctx:
        c.get(reverse(name))
    assert few > 0
    assert len(ctx) == few


def test_definitive_plan_and_recent_monitoring_count(client_for, coordinator, case, worker):
    from safetyplans.models import AgreementCheck
    from safetyplans.tests.factories import AgreementFactory, SafetyPlanFactory

    plan = SafetyPlanFactory(case=case, status="active")
    agreement = AgreementFactory(plan=plan)
    AgreementCheck.objects.create(
        agreement=agreement,
        checked_on=datetime.date.today() - datetime.timedelta(days=3),
        source="phone",
        outcome="kept",
    )
    CaseFactory(team=case.team, lead_worker=worker)  # no plan, never monitored
    total = client_for(coordinator).get(reverse("insight-fidelity")).context["table"].plain_rows()[-1]
    assert total[7] == "50% (1/2)"  # definitive plan
    assert total[8] == "50% (1/2)"  # agreements monitored in the last two weeks
    listing = client_for(coordinator).get(reverse("insight-cases", kwargs={"measure": "agreements"}))
    assert [c.pk for c in listing.context["cases"]] == [case.pk]

"""The case page gathers every app's part (panels, timeline, step evidence): its number of queries must not
grow with what the case holds (issue 11)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from capacity.tests.factories import CapacityPoolFactory, DeclarationFactory
from cases.models import ContactType, PhaseChange, RoleAgreement
from cases.tests.factories import ContactFactory, EvaluationFactory, FollowUpHelpFactory, PersonFactory
from network.models import JimDesignation, MeetingStatus, NetworkAnalysis
from network.tests.factories import (
    JimCandidateFactory,
    JimSearchFactory,
    NetworkMeetingFactory,
    NetworkMemberFactory,
    RelationshipFactory,
)
from safetyplans.models import PlanReview, PlanStatus
from safetyplans.tests.factories import (
    ChildConversationFactory,
    DangerStatementFactory,
    IncidentFactory,
    MappingFactory,
    RiskAssessmentFactory,
    ScalingScoreFactory,
    WordsAndPicturesFactory,
    plan_in_status,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today


def _grow(case, n: int) -> None:
    """n more of everything the case page shows, from every app."""
    day = TODAY() - datetime.timedelta(days=3)
    for k in range(n):
        child = PersonFactory(case=case, first_name=f"Kind{k}")
        EvaluationFactory(case=case, held_on=day, planned_on=None, outcome="goed")
        EvaluationFactory(case=case, planned_on=day)  # overdue
        contact = ContactFactory(case=case, type=ContactType.HOME_VISIT)
        contact.participants.add(child)
        PhaseChange.objects.create(
            case=case, axis="guidance", from_phase="start", to_phase="coaching", changed_on=day, reason="-"
        )
        RoleAgreement.objects.create(case=case, party="family", tasks="koken")
        FollowUpHelpFactory(case=case)
        member = NetworkMemberFactory(case=case)
        RelationshipFactory(case=case, from_person=member.person, to_person=child)
        NetworkMeetingFactory(case=case, status=MeetingStatus.HELD, date=day)
        search = JimSearchFactory(case=case, child=child)
        JimCandidateFactory(search=search, member=member)
        JimDesignation.objects.create(case=case, search=search, child=child, jim=member, designated_on=day)
        NetworkAnalysis.objects.create(case=case, date=day)
        MappingFactory(case=case)
        DangerStatementFactory(case=case, established_on=day, status="final")
        ChildConversationFactory(case=case, child=child)
        WordsAndPicturesFactory(case=case, status="shared", shared_on=day)
        plan = plan_in_status(case, PlanStatus.FINAL, agreements=2, finalised_on=day)
        PlanReview.objects.create(
            plan=plan, reviewer_type="judge", reviewer_name="Rechter", method="mail", reviewed_on=day, result="ok"
        )
        IncidentFactory(case=case)
        RiskAssessmentFactory(case=case)
        ScalingScoreFactory(case=case, person=child)
        pool = CapacityPoolFactory(team=case.team)
        DeclarationFactory(pool=pool, source_case=case)


PARTS = ("page", "summary", "details", "timeline")


def _url(case, part: str) -> str:
    if part == "page":
        return reverse("cases-detail", kwargs={"code": case.code})
    return reverse("cases-section", kwargs={"code": case.code, "section": part})


def _count(client, case, part: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(_url(case, part), headers={"HX-Request": "true"} if part != "page" else {})
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


@pytest.mark.parametrize("part", PARTS)
def test_case_page_and_its_sections_stay_within_15_queries_whatever_the_case_holds(client_for, worker, case, part):
    client = client_for(worker)
    _grow(case, 1)
    client.get(_url(case, part))
    few, _html = _count(client, case, part)
    _grow(case, 4)
    many, _html = _count(client, case, part)
    assert many == few
    assert few <= 15  # issue 11; the whole page was 63 at the large bench size, then 28 before the sections


def test_every_apps_part_of_a_full_case_reaches_the_worker(client_for, worker, case):
    client = client_for(worker)
    _grow(case, 4)
    html = "".join(_count(client, case, part)[1] for part in PARTS)
    for shown in (
        "Kind3",  # household and JIM panel
        "Risicotaxatie in dialoog",  # timeline: every app's kinds, from one query per app
        "Veiligheidskaart",
        "Incident (ondergrens niet gehaald)",
        "Veiligheidsplan definitief",
        "Netwerkanalyse",
        "De plaats die dit dossier vrijmaakt",  # capacity panel
    ):
        assert shown in html


def test_all_step_evidence_is_one_query(client_for, worker, case):
    NetworkMeetingFactory(case=case, status=MeetingStatus.HELD, date=TODAY() - datetime.timedelta(days=2))
    ChildConversationFactory(case=case, child=PersonFactory(case=case))
    with CaptureQueriesContext(connection) as ctx:
        html = client_for(worker).get(reverse("cases-detail", kwargs={"code": case.code})).content.decode()
    assert html.count("suggestie: klaar") >= 2  # step 4 (child conversation) and step 7 (meeting held)
    evidence = [q for q in ctx.captured_queries if "network_networkmeeting" in q["sql"] and "safetyplans" in q["sql"]]
    assert len(evidence) == 1


def test_referral_and_team_targets_come_with_the_case(client_for, worker, case):
    from decimal import Decimal

    from cases.models import IntensityProfile, Referral

    IntensityProfile.objects.create(team=case.team, start_hours=Decimal("2.5"), coaching_hours=Decimal("1.5"))
    Referral.objects.create(case=case, received_on=case.referred_on, urgency="crisis")
    case.guidance_phase = "coaching"
    case.save()
    with CaptureQueriesContext(connection) as ctx:
        html = client_for(worker).get(reverse("cases-detail", kwargs={"code": case.code})).content.decode()
    assert "Doel in deze fase: 1,5 u/week." in html
    assert "crisis: start vandaag" in html
    separate = [
        q
        for q in ctx.captured_queries
        if q["sql"].startswith(('SELECT "cases_referral"', 'SELECT "cases_intensityprofile"'))
    ]
    assert separate == []


def test_case_without_referral_or_team_profile_shows_the_default_target(client_for, worker, case):
    html = client_for(worker).get(reverse("cases-detail", kwargs={"code": case.code})).content.decode()
    assert "Doel in deze fase:" in html

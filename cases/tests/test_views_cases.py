"""What people do with a case in the browser-less sense: referral, household, steps, phases, closure."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import (
    Case,
    CaseStatus,
    Closure,
    Evaluation,
    Person,
    PhaseChange,
    Referral,
    RoleAgreement,
    StepStatus,
)
from cases.tests.factories import CaseFactory, EvaluationFactory, PersonFactory, referral_form_data
from cases.trajectory import _EVIDENCE, STEP_TEXTS, register_step_evidence
from cocon.audit.models import AuditEvent
from conftest import login, open_case_page

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _years_ago(years: int, days_extra: int = 0) -> datetime.date:
    today = TODAY()
    return today.replace(year=today.year - years) - datetime.timedelta(days=days_extra)


# --- referral --------------------------------------------------------------------------------------


def test_coordinator_registers_referral_with_child_and_thirteen_steps(coordinator, consultant_shared):
    # Linking a consultant asks for a password from the last 5 minutes (B8): this login is one.
    response = login(Client(), coordinator, just_now=True).post(
        reverse("cases-referral-new"), referral_form_data(consultant=consultant_shared.pk)
    )
    case = Case.objects.get(family_name="Gezin Peeters")
    assert response.status_code == 302
    assert response["Location"] == reverse("cases-assign", kwargs={"case_code": case.code})
    assert case.team == coordinator.team
    assert case.status == CaseStatus.REFERRED
    assert case.reference.startswith(f"COC-{TODAY().year}-")
    assert Referral.objects.get(case=case).m_document_ref == "MANO-1"
    child = case.persons.get()
    assert child.is_index_child and child.first_name == "Lien"
    assert case.steps.count() == 13
    event = AuditEvent.objects.get(action="cases.case.referred")
    assert "Lien" not in str(event.data) and "Politie" not in str(event.data)


def test_worker_cannot_register_a_referral(client_for, worker):
    response = client_for(worker).post(reverse("cases-referral-new"), referral_form_data())
    assert response.status_code == 403
    assert not Case.objects.filter(family_name="Gezin Peeters").exists()


def test_referral_of_a_child_of_19_is_refused(client_for, coordinator):
    data = referral_form_data(**{"children-0-birth_date": _years_ago(19).isoformat()})
    response = client_for(coordinator).post(reverse("cases-referral-new"), data)
    assert response.status_code == 200
    assert "0 tot 18 jaar" in response.content.decode()
    assert not Case.objects.filter(family_name="Gezin Peeters").exists()


def test_referral_without_any_child_is_refused(client_for, coordinator):
    data = referral_form_data(
        **{
            "children-0-first_name": "",
            "children-0-last_name": "",
            "children-0-birth_date": "",
            "children-0-gender": "",
        }
    )
    response = client_for(coordinator).post(reverse("cases-referral-new"), data)
    assert response.status_code == 200
    assert "minstens één kind" in response.content.decode()
    assert not Case.objects.filter(family_name="Gezin Peeters").exists()


def test_second_referral_for_child_with_open_case_warns_and_links(client_for, coordinator, case):
    PersonFactory(case=case, first_name="Lien", last_name="Peeters", birth_date=datetime.date(2016, 4, 2))
    client = client_for(coordinator)
    response = client.post(reverse("cases-referral-new"), referral_form_data(**{"children-0-first_name": "lien"}))
    body = response.content.decode()
    assert response.status_code == 200
    assert reverse("cases-detail", kwargs={"code": case.code}) in body
    assert "al een open dossier" in body
    assert not Case.objects.filter(family_name="Gezin Peeters").exists()

    response = client.post(reverse("cases-referral-new"), referral_form_data(confirm_duplicate="1"))
    assert response.status_code == 302
    assert Case.objects.filter(family_name="Gezin Peeters").exists()


def test_duplicate_check_ignores_cases_of_another_team(client_for, coordinator, other_case):
    PersonFactory(case=other_case, first_name="Lien", last_name="Peeters", birth_date=datetime.date(2016, 4, 2))
    response = client_for(coordinator).post(reverse("cases-referral-new"), referral_form_data())
    assert response.status_code == 302  # no hint that another team has the child


def test_referral_out_of_target_group_is_flagged(client_for, coordinator):
    client = client_for(coordinator)
    client.post(reverse("cases-referral-new"), referral_form_data(referral_source="other", placement_threat="none"))
    case = Case.objects.get(family_name="Gezin Peeters")
    assert case.out_of_target_group
    body = client.get(reverse("cases-detail", kwargs={"code": case.code})).content.decode()
    assert "buiten doelgroep" in body


def test_referral_in_the_future_is_refused(client_for, coordinator):
    future = (TODAY() + datetime.timedelta(days=3)).isoformat()
    response = client_for(coordinator).post(reverse("cases-referral-new"), referral_form_data(referred_on=future))
    assert response.status_code == 200
    assert not Case.objects.filter(family_name="Gezin Peeters").exists()


def test_coordinator_edits_the_referral(client_for, coordinator, case):
    data = referral_form_data(family_name="Gezin Nieuw", referred_on=case.referred_on.isoformat())
    response = client_for(coordinator).post(reverse("cases-referral-edit", kwargs={"case_code": case.code}), data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.family_name == "Gezin Nieuw"
    assert Referral.objects.filter(case=case).exists()


# --- assignment & start ----------------------------------------------------------------------------


def test_coordinator_assigns_lead_and_co_worker_from_the_team(client_for, coordinator, worker, colleague):
    case = CaseFactory(team=coordinator.team, status=CaseStatus.REFERRED, started_on=None)
    response = client_for(coordinator).post(
        reverse("cases-assign", kwargs={"case_code": case.code}), {"lead_worker": worker.pk, "co_worker": colleague.pk}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.lead_worker, case.co_worker, case.status) == (worker, colleague, CaseStatus.WAITING)
    assert AuditEvent.objects.filter(action="cases.case.assigned").exists()


def test_coordinator_cannot_assign_a_worker_of_another_team(client_for, coordinator, worker_other):
    case = CaseFactory(team=coordinator.team, status=CaseStatus.REFERRED)
    response = client_for(coordinator).post(
        reverse("cases-assign", kwargs={"case_code": case.code}), {"lead_worker": worker_other.pk}
    )
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.lead_worker is None


def test_worker_cannot_assign(client_for, worker, case, colleague):
    response = client_for(worker).post(
        reverse("cases-assign", kwargs={"case_code": case.code}), {"lead_worker": colleague.pk}
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.lead_worker == worker


def test_start_date_before_referral_date_is_refused(client_for, worker, case):
    case.started_on = None
    case.status = CaseStatus.WAITING
    case.save()
    day_before = (case.referred_on - datetime.timedelta(days=1)).isoformat()
    response = client_for(worker).post(
        reverse("cases-start", kwargs={"case_code": case.code}), {"started_on": day_before}
    )
    assert response.status_code == 200
    assert "voor de aanmeldingsdatum" in response.content.decode()
    case.refresh_from_db()
    assert case.started_on is None and case.status == CaseStatus.WAITING


def test_worker_records_the_start_and_step_one_begins(client_for, worker, case):
    case.started_on = None
    case.status = CaseStatus.WAITING
    case.save()
    day = (case.referred_on + datetime.timedelta(days=2)).isoformat()
    response = client_for(worker).post(reverse("cases-start", kwargs={"case_code": case.code}), {"started_on": day})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE and case.started_on.isoformat() == day
    assert case.steps.get(number=1).status == StepStatus.IN_PROGRESS


def test_overdue_start_is_highlighted_on_list_and_case_page(client_for, coordinator):
    late = CaseFactory(
        team=coordinator.team,
        status=CaseStatus.WAITING,
        started_on=None,
        referred_on=TODAY() - datetime.timedelta(days=9),
    )
    client = client_for(coordinator)
    listing = client.get(reverse("cases-list") + "?scope=team").content.decode()
    assert "case-row-overdue" in listing
    assert late.start_deadline_soft.strftime("%d/%m/%Y") in listing
    page = client.get(reverse("cases-detail", kwargs={"code": late.code})).content.decode()
    assert "Start te laat" in page or "start te laat" in page


# --- household -------------------------------------------------------------------------------------


def test_worker_adds_a_parent_and_sees_the_child_age(client_for, worker, case):
    PersonFactory(case=case, first_name="Lotte", birth_date=_years_ago(10, days_extra=3))
    client = client_for(worker)
    response = client.post(
        reverse("cases-person-new", kwargs={"case_code": case.code}),
        {"first_name": "Sarah", "last_name": "V", "family_role": "mother", "is_household": "on", "gender": "f"},
    )
    assert response.status_code == 302
    assert case.persons.filter(first_name="Sarah", family_role="mother").exists()
    body = client.get(reverse("cases-detail", kwargs={"code": case.code})).content.decode()
    assert "Lotte" in body and "10 jaar" in body


def test_a_child_of_19_is_refused_in_the_household(client_for, worker, case):
    response = client_for(worker).post(
        reverse("cases-person-new", kwargs={"case_code": case.code}),
        {"first_name": "Tim", "family_role": "child", "birth_date": _years_ago(19).isoformat(), "is_household": "on"},
    )
    assert response.status_code == 200
    assert "0 tot 18 jaar" in response.content.decode()
    assert not case.persons.filter(first_name="Tim").exists()


def test_worker_edits_a_person(client_for, worker, case):
    person = PersonFactory(case=case, first_name="Milan")
    response = client_for(worker).post(
        reverse("cases-person-edit", kwargs={"case_code": case.code, "person_code": person.code}),
        {"first_name": "Milan", "last_name": "De Smet", "family_role": "child", "birth_date": "2020-10-03"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.last_name == "De Smet"


def test_person_of_another_case_is_404(client_for, worker, case, other_case):
    stranger = PersonFactory(case=other_case)
    response = client_for(worker).get(
        reverse("cases-person-edit", kwargs={"case_code": case.code, "person_code": stranger.code})
    )
    assert response.status_code == 404


# --- trajectory ------------------------------------------------------------------------------------


def test_case_page_shows_the_thirteen_verbatim_steps(client_for, worker, case):
    body = client_for(worker).get(reverse("cases-detail", kwargs={"code": case.code})).content.decode()
    for dutch, _english in STEP_TEXTS.values():
        assert dutch.replace("'", "&#x27;") in body
    assert 'max="13"' in body


def test_english_shows_the_english_step_titles(client_for, worker, case):
    client = client_for(worker)
    client.cookies["django_language"] = "en"
    body = client.get(reverse("cases-detail", kwargs={"code": case.code}), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Plan evaluations; adjust the safety plan if needed." in body


def test_worker_works_a_step(client_for, worker, case):
    url = reverse("cases-step-edit", kwargs={"case_code": case.code, "number": 2})
    day = (TODAY() - datetime.timedelta(days=3)).isoformat()
    response = client_for(worker).post(
        url, {"status": "done", "started_on": day, "completed_on": TODAY().isoformat(), "notes": "genogram"}
    )
    assert response.status_code == 302
    step = case.steps.get(number=2)
    assert step.status == StepStatus.DONE and step.notes == "genogram"


def test_step_done_without_completion_date_is_refused(client_for, worker, case):
    url = reverse("cases-step-edit", kwargs={"case_code": case.code, "number": 2})
    response = client_for(worker).post(url, {"status": "done", "started_on": "", "completed_on": "", "notes": ""})
    assert response.status_code == 200
    assert case.steps.get(number=2).status == StepStatus.NOT_STARTED


def test_worker_revisits_a_done_step(client_for, worker, case):
    case.steps.filter(number=7).update(status=StepStatus.DONE, started_on=TODAY(), completed_on=TODAY())
    response = client_for(worker).post(reverse("cases-step-revisit", kwargs={"case_code": case.code, "number": 7}))
    assert response.status_code == 302
    step = case.steps.get(number=7)
    assert step.status == StepStatus.IN_PROGRESS and step.revisits == 1 and step.completed_on is None


def test_registered_evidence_suggests_done_and_one_click_confirms(client_for, worker, case):
    evidence_day = TODAY() - datetime.timedelta(days=2)

    def meeting_held(c):
        return evidence_day if c.pk == case.pk else False

    register_step_evidence(7, meeting_held)
    try:
        client = client_for(worker)
        body = client.get(reverse("cases-detail", kwargs={"code": case.code})).content.decode()
        assert "suggestie: klaar" in body
        response = client.post(reverse("cases-step-confirm", kwargs={"case_code": case.code, "number": 7}))
        assert response.status_code == 302
        step = case.steps.get(number=7)
        assert step.status == StepStatus.DONE and step.completed_on == evidence_day
    finally:
        _EVIDENCE[7].remove(meeting_held)


def test_consultant_cannot_change_a_step(client_for, consultant_shared, case):
    url = reverse("cases-step-edit", kwargs={"case_code": case.code, "number": 2})
    response = client_for(consultant_shared).post(url, {"status": "in_progress", "notes": "x"})
    assert response.status_code == 403
    assert case.steps.get(number=2).status == StepStatus.NOT_STARTED


# --- phases & role agreements -----------------------------------------------------------------------


def test_worker_changes_guidance_phase_with_reason_and_history(client_for, worker, case):
    url = reverse("cases-phases", kwargs={"case_code": case.code})
    response = client_for(worker).post(
        url,
        {
            "axis": "guidance",
            "guidance-axis": "guidance",
            "guidance-to_phase": "coaching",
            "guidance-changed_on": TODAY().isoformat(),
            "guidance-reason": "Plan ondertekend",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.guidance_phase == "coaching"
    change = PhaseChange.objects.get(case=case)
    assert (change.from_phase, change.to_phase, change.by) == ("start", "coaching", worker)
    body = client_for(worker).get(url).content.decode()
    assert "Plan ondertekend" in body


def test_phase_change_without_reason_is_refused(client_for, worker, case):
    response = client_for(worker).post(
        reverse("cases-phases", kwargs={"case_code": case.code}),
        {"axis": "safety", "safety-to_phase": "stable", "safety-changed_on": TODAY().isoformat(), "safety-reason": ""},
    )
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.safety_phase == "immediate"
    assert not PhaseChange.objects.exists()


def test_role_agreements_are_visible_to_the_consultant_but_not_editable(client_for, worker, consultant_shared, case):
    client_for(worker).post(
        reverse("cases-roles", kwargs={"case_code": case.code}),
        {"action": "line", "party": "consultant", "tasks": "Toetst het veiligheidsplan", "reachability": "09 123"},
    )
    assert RoleAgreement.objects.filter(case=case).count() == 1
    consultant = client_for(consultant_shared)
    body = consultant.get(reverse("cases-roles", kwargs={"case_code": case.code})).content.decode()
    assert "Toetst het veiligheidsplan" in body
    response = consultant.post(
        reverse("cases-roles", kwargs={"case_code": case.code}), {"action": "text", "role_agreements": "x"}
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.role_agreements == ""


# --- evaluations -----------------------------------------------------------------------------------


def test_worker_records_an_evaluation_and_step_13_starts(client_for, worker, case):
    child = PersonFactory(case=case)
    held = TODAY() - datetime.timedelta(days=1)
    response = client_for(worker).post(
        reverse("cases-evaluation-new", kwargs={"case_code": case.code}),
        {
            "type": "periodic",
            "held_on": held.isoformat(),
            "participants": [child.pk],
            "evaluated": "afspraken",
            "outcome": "op schema",
            "plan_adjusted": "on",
            "next_evaluation": (TODAY() + datetime.timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(case=case)
    assert evaluation.plan_adjusted and list(evaluation.participants.all()) == [child]
    assert case.steps.get(number=13).status == StepStatus.IN_PROGRESS


def test_evaluation_held_in_the_future_is_refused(client_for, worker, case):
    response = client_for(worker).post(
        reverse("cases-evaluation-new", kwargs={"case_code": case.code}),
        {"type": "periodic", "held_on": (TODAY() + datetime.timedelta(days=2)).isoformat()},
    )
    assert response.status_code == 200
    assert not Evaluation.objects.exists()


def test_consultant_reads_an_evaluation(client_for, consultant_shared, case):
    evaluation = EvaluationFactory(case=case, outcome="Doelen op schema")
    url = reverse("cases-evaluation-edit", kwargs={"case_code": case.code, "evaluation_code": evaluation.code})
    body = client_for(consultant_shared).get(url).content.decode()
    assert "Doelen op schema" in body


# --- closure ---------------------------------------------------------------------------------------


def _closure_data(**overrides):
    data = {
        "closed_on": TODAY().isoformat(),
        "reason": "goals_reached",
        "outcome": "placement_avoided",
        "plan_evaluated": "on",
        "follow_up_decided": "on",
        "relapse_plan_made": "on",
        "family_informed": "on",
        "final_scaling": "8",
        "final_scaling_note": "iedereen 7 of meer",
    }
    data.update(overrides)
    return data


def test_closure_without_the_checklist_is_refused(client_for, worker, case):
    data = _closure_data()
    del data["relapse_plan_made"]
    response = client_for(worker).post(reverse("cases-close", kwargs={"case_code": case.code}), data)
    assert response.status_code == 200
    assert "Vink dit af" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE and not Closure.objects.exists()


def test_worker_closes_the_case_and_it_becomes_read_only(client_for, worker, case):
    client = client_for(worker)
    response = client.post(reverse("cases-close", kwargs={"case_code": case.code}), _closure_data())
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closed_on == TODAY()
    closure = Closure.objects.get(case=case)
    assert closure.outcome == "placement_avoided" and closure.final_scaling == 8

    response = client.post(
        reverse("cases-step-edit", kwargs={"case_code": case.code, "number": 2}),
        {"status": "in_progress", "notes": "te laat"},
    )
    assert response.status_code == 403
    assert "afgesloten" in response.content.decode()
    assert case.steps.get(number=2).notes == ""
    response = client.post(
        reverse("cases-person-new", kwargs={"case_code": case.code}), {"first_name": "Nieuw", "family_role": "mother"}
    )
    assert response.status_code == 403
    assert not Person.objects.filter(first_name="Nieuw").exists()


def test_reopening_needs_a_reason(client_for, worker, case):
    client = client_for(worker)
    client.post(reverse("cases-close", kwargs={"case_code": case.code}), _closure_data())
    url = reverse("cases-reopen", kwargs={"case_code": case.code})
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    response = client.post(url, {"reason": "Nieuw incident"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE
    assert Closure.objects.get(case=case).reopen_reason == "Nieuw incident"


def test_consultant_cannot_reopen(client_for, worker, consultant_shared, case):
    client_for(worker).post(reverse("cases-close", kwargs={"case_code": case.code}), _closure_data())
    response = client_for(consultant_shared).post(
        reverse("cases-reopen", kwargs={"case_code": case.code}), {"reason": "x"}
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


# --- list, search, page ----------------------------------------------------------------------------


def test_search_by_name_never_puts_the_name_in_the_url(client_for, worker, case):
    PersonFactory(case=case, first_name="Zoë", last_name="Vermeulen")
    CaseFactory(team=case.team, lead_worker=worker, family_name="Gezin Anders")
    client = client_for(worker)
    response = client.post(reverse("cases-list"), {"q": "vermeulen"})
    assert response.status_code == 302
    assert "vermeulen" not in response["Location"].lower()
    body = client.get(response["Location"]).content.decode()
    assert case.family_name in body and "Gezin Anders" not in body


def test_search_by_case_number(client_for, worker, case):
    client = client_for(worker)
    client.post(reverse("cases-list"), {"q": case.reference})
    assert case.family_name in client.get(reverse("cases-list")).content.decode()


def test_list_filters_on_overdue_and_phase(client_for, coordinator, case):
    late = CaseFactory(
        team=case.team, status=CaseStatus.WAITING, started_on=None, referred_on=TODAY() - datetime.timedelta(days=10)
    )
    client = client_for(coordinator)
    body = client.get(reverse("cases-list") + "?scope=team&overdue=1").content.decode()
    assert late.family_name in body and case.family_name not in body
    body = client.get(reverse("cases-list") + "?scope=team&phase=coaching").content.decode()
    assert late.family_name not in body


def test_list_does_not_show_another_teams_cases(client_for, worker, case, other_case):
    body = client_for(worker).get(reverse("cases-list") + "?scope=all").content.decode()
    assert case.family_name in body and other_case.family_name not in body


def test_case_list_query_count_does_not_grow(client_for, coordinator, team_a):
    client = client_for(coordinator)
    CaseFactory.create_batch(2, team=team_a)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("cases-list") + "?scope=team")
    CaseFactory.create_batch(10, team=team_a)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("cases-list") + "?scope=team")
    assert len(many) == len(few)


def test_case_page_query_count_does_not_grow_with_records(client_for, worker, case):
    client = client_for(worker)
    url = reverse("cases-detail", kwargs={"code": case.code})
    PersonFactory(case=case)
    EvaluationFactory(case=case, held_on=TODAY() - datetime.timedelta(days=1), planned_on=None)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        PersonFactory(case=case)
        EvaluationFactory(case=case, held_on=TODAY() - datetime.timedelta(days=1), planned_on=None)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_case_page_timeline_is_newest_first(client_for, worker, case):
    EvaluationFactory(case=case, held_on=TODAY() - datetime.timedelta(days=1), planned_on=None, outcome="recent")
    body = open_case_page(client_for(worker), case)
    timeline = body[body.index('id="timeline"') :]
    assert timeline.index("Evaluatie") < timeline.index("Aanmelding ontvangen")


def test_dashboard_shows_coordinator_what_to_assign(client_for, coordinator):
    case = CaseFactory(team=coordinator.team, status=CaseStatus.REFERRED, started_on=None, referred_on=TODAY())
    body = client_for(coordinator).get(reverse("dashboard")).content.decode()
    assert reverse("cases-assign", kwargs={"case_code": case.code}) in body


def test_anonymous_is_sent_to_login(client, case):
    response = client.get(reverse("cases-phases", kwargs={"case_code": case.code}))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_other_teams_case_is_404_for_every_case_view(client_for, worker, other_case):
    client = client_for(worker)
    for name in ("cases-phases", "cases-roles", "cases-close", "cases-start", "cases-evaluation-new"):
        assert client.get(reverse(name, kwargs={"case_code": other_case.code})).status_code == 404

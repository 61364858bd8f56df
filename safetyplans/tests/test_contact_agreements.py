"""The agreements looked at during a visit, ticked on the contact form (issue 5, item 1)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from cases.models import Contact
from cases.tests.factories import contact_form_data
from cocon.audit.models import AuditEvent
from safetyplans.models import AgreementCheck, ContactAgreement, PlanStatus

from .factories import AgreementFactory, plan_in_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(case):
    plan = plan_in_status(case, PlanStatus.ACTIVE, agreements=0, finalised_on=datetime.date(2025, 4, 9))
    AgreementFactory(plan=plan, number=1, text="Kevin gaat naar Dieter bij de rode 7")
    AgreementFactory(plan=plan, number=2, text="Rita belt elke avond om 19u")
    return plan


def _ticks(plan, **outcomes):
    """plan-looked_at for the numbers given, with their outcome ('' = only discussed)."""
    by_number = {a.number: a for a in plan.agreements.all()}
    data = {"plan-looked_at": []}
    for key, outcome in outcomes.items():
        agreement = by_number[int(key[1:])]
        data["plan-looked_at"].append(str(agreement.code))
        data[f"plan-outcome_{agreement.code}"] = outcome
    return data


def _new(case):
    return reverse("cases-contact-new", kwargs={"case_code": case.code})


def test_worker_ticks_the_agreements_looked_at_and_a_check_is_logged(client_for, worker, case, plan):
    client = client_for(worker)
    form = client.get(_new(case)).content.decode()
    assert "Afspraken bekeken tijdens dit contact" in form
    assert "A1 · Kevin gaat naar Dieter" in form and "niet nagekomen, kind veilig (leermoment)" in form
    response = client.post(_new(case), contact_form_data(**_ticks(plan, A1="kept", A2="")))
    assert response.status_code == 302
    contact = Contact.objects.get(case=case)
    assert sorted(link.agreement.number for link in ContactAgreement.objects.filter(contact=contact)) == [1, 2]
    check = AgreementCheck.objects.get()
    assert (check.agreement.number, check.outcome, check.contact, check.source) == (1, "kept", contact, "home_visit")
    assert check.checked_on == contact.date and check.created_by == worker
    assert AuditEvent.objects.filter(action="safetyplans.agreement_check.recorded").count() == 1
    assert AuditEvent.objects.get(action="safetyplans.contact_agreements.linked").data["agreements"] == ["A1", "A2"]
    monitoring = client.get(reverse("safety-monitoring", kwargs={"case_code": case.code})).content.decode()
    assert "nagekomen" in monitoring


def test_a_resend_with_the_same_key_links_and_checks_nothing_twice(client_for, worker, case, plan):
    client = client_for(worker)
    data = contact_form_data(**_ticks(plan, A1="kept_partly"))
    assert client.post(_new(case), data).status_code == 302
    assert client.post(_new(case), data, HTTP_X_COCON_OFFLINE="1").status_code == 204
    assert client.post(_new(case), data).status_code == 302
    assert Contact.objects.count() == 1
    assert ContactAgreement.objects.count() == 1
    assert AgreementCheck.objects.count() == 1


def test_not_kept_and_unsafe_marks_the_child_unsafe_and_warns_in_dutch(client_for, worker, case, plan):
    response = client_for(worker).post(_new(case), contact_form_data(**_ticks(plan, A2="not_kept_unsafe")), follow=True)
    check = AgreementCheck.objects.get()
    assert check.outcome == "not_kept_unsafe" and check.child_safe is False
    page = response.content.decode()
    assert "A2 niet nagekomen en onveilig" in page and "werkbegeleider" in page


def test_an_outcome_without_a_tick_is_not_saved(client_for, worker, case, plan):
    agreement = plan.agreements.get(number=1)
    response = client_for(worker).post(_new(case), contact_form_data(**{f"plan-outcome_{agreement.code}": "kept"}))
    assert response.status_code == 302
    assert Contact.objects.count() == 1
    assert not ContactAgreement.objects.exists() and not AgreementCheck.objects.exists()


def test_an_agreement_of_another_plan_is_refused_and_nothing_is_saved(client_for, worker, case, plan, other_case):
    stranger = AgreementFactory(plan=plan_in_status(other_case, PlanStatus.ACTIVE, agreements=0))
    response = client_for(worker).post(_new(case), contact_form_data(**{"plan-looked_at": [str(stranger.code)]}))
    assert response.status_code == 200
    assert not Contact.objects.exists() and not ContactAgreement.objects.exists()


def test_without_a_plan_in_force_the_section_is_not_there(client_for, worker, case):
    draft = plan_in_status(case)  # a draft is not in force
    client = client_for(worker)
    assert "Afspraken bekeken" not in client.get(_new(case)).content.decode()
    agreement = draft.agreements.get()
    response = client.post(_new(case), contact_form_data(**{"plan-looked_at": [str(agreement.code)]}))
    assert response.status_code == 302
    assert Contact.objects.count() == 1 and not ContactAgreement.objects.exists()


def test_list_and_detail_show_the_agreements_looked_at(client_for, worker, supervisor, case, plan):
    client_for(worker).post(_new(case), contact_form_data(**_ticks(plan, A1="not_kept_child_safe", A2="")))
    contact = Contact.objects.get()
    listing = client_for(worker).get(reverse("cases-contacts", kwargs={"case_code": case.code})).content.decode()
    assert "Afspraken bekeken" in listing
    assert "A1 (v1.0) · Kevin gaat naar Dieter bij de rode 7 — niet nagekomen, kind veilig (leermoment)" in listing
    assert "A2 (v1.0) · Rita belt elke avond om 19u" in listing
    detail_url = reverse("cases-contact-edit", kwargs={"case_code": case.code, "contact_code": contact.code})
    detail = client_for(supervisor).get(detail_url).content.decode()  # not the author: the read-only page
    assert "A1 (v1.0) · Kevin gaat naar Dieter" in detail
    own = client_for(worker).get(detail_url).content.decode()  # the author's correction form
    assert "A2 (v1.0) · Rita belt" in own


def test_consultant_and_other_team_cannot_log_agreements(client_for, consultant_shared, worker_other, case, plan):
    data = contact_form_data(**_ticks(plan, A1="kept"))
    assert client_for(consultant_shared).post(_new(case), data).status_code == 403
    assert client_for(worker_other).post(_new(case), data).status_code == 404
    assert not Contact.objects.exists() and not AgreementCheck.objects.exists()

"""B8 outside the admin: a bulk export, giving a consultant a case, and changing one's e-mail address
or second factor need a password or code from the last 5 minutes. Someone who logged in longer ago is
asked for it and then gets what they asked for: the download, or the form as they sent it (allauth
keeps the POST and carries it out after the password)."""

from __future__ import annotations

import datetime
import time
from datetime import timedelta
from urllib.parse import unquote, urlencode

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from cases.selectors import cases_visible_to
from cases.tests.factories import ContactFactory, referral_form_data
from cocon.audit.models import AuditEvent
from conftest import login

from .conftest import PASSWORD, authenticated_at, totp_code

REAUTH = reverse("account_reauthenticate")
MFA_REAUTH = reverse("mfa_reauthenticate")


def signed_in_long_ago(user) -> Client:
    """Password and second factor an hour ago, recorded as allauth records a real login."""
    return authenticated_at(login(Client(), user), user, time.time() - 3600)


def signed_in_just_now(user) -> Client:
    return login(Client(), user, just_now=True)


def asks_for_the_password(response, path: str) -> bool:
    """allauth's answer to a stale session: to the re-authentication page, and back to `path` after."""
    return response.status_code == 302 and unquote(response["Location"]) == f"{REAUTH}?next={unquote(path)}"


def enter_password(client: Client, path: str, password: str = PASSWORD):
    return client.post(f"{REAUTH}?{urlencode({'next': path})}", {"password": password})


def _csv_download(response) -> bool:
    return response.status_code == 200 and response["Content-Type"].startswith("text/csv")


# --- Bulk exports: the insight tables ---------------------------------------------------------------

INSIGHT_TABLES = ["caseload", "fidelity", "flow-start", "flow-phases", "flow-outcomes", "flow-follow-up"]


def _insight_export(table: str = "caseload") -> str:
    return reverse("insight-export", kwargs={"table": table})


@pytest.mark.parametrize("table", INSIGHT_TABLES)
def test_coordinator_downloading_an_insight_table_is_asked_for_the_password_first(coordinator, case, table):
    client = signed_in_long_ago(coordinator)
    assert client.get(reverse("insight-caseload")).status_code == 200  # looking at the figures asks nothing
    response = client.get(_insight_export(table))
    assert asks_for_the_password(response, _insight_export(table))
    assert not AuditEvent.objects.filter(action=f"insight.{table}.exported").exists()  # nothing left the building


def test_after_the_password_the_coordinator_gets_the_insight_download(coordinator, case):
    client = signed_in_long_ago(coordinator)
    client.get(_insight_export())
    response = enter_password(client, _insight_export())
    assert response.status_code == 302 and response["Location"] == _insight_export()  # back to the download
    assert _csv_download(client.get(response["Location"]))
    event = AuditEvent.objects.get(action="insight.caseload.exported")  # audited once, as before
    assert event.actor == coordinator


def test_a_wrong_password_gives_no_insight_download(coordinator, case):
    client = signed_in_long_ago(coordinator)
    response = enter_password(client, _insight_export(), password="not-the-password-1")
    assert response.status_code == 200  # the password form again, with an error
    assert asks_for_the_password(client.get(_insight_export()), _insight_export())
    assert not AuditEvent.objects.filter(action="insight.caseload.exported").exists()


def test_a_code_from_the_authenticator_app_also_counts_as_step_up(coordinator, case):
    secret = generate_totp_secret()
    TOTP.activate(coordinator, secret)
    client = signed_in_long_ago(coordinator)
    assert client.get(_insight_export()).status_code == 302
    response = client.post(f"{MFA_REAUTH}?{urlencode({'next': _insight_export()})}", {"code": totp_code(secret)})
    assert response.status_code == 302 and response["Location"] == _insight_export()
    assert _csv_download(client.get(_insight_export()))


def test_within_five_minutes_of_logging_in_the_insight_download_comes_at_once(supervisor, case):
    assert _csv_download(signed_in_just_now(supervisor).get(_insight_export("fidelity")))
    assert AuditEvent.objects.filter(action="insight.fidelity.exported", actor=supervisor).exists()


def test_five_minutes_after_the_password_the_insight_download_asks_again(coordinator, case):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = signed_in_just_now(coordinator)
        assert _csv_download(client.get(_insight_export()))
        traveller.shift(timedelta(minutes=5, seconds=1))
        assert asks_for_the_password(client.get(_insight_export()), _insight_export())


def test_a_worker_still_gets_a_403_for_an_insight_download_not_a_password_question(worker):
    assert signed_in_long_ago(worker).get(_insight_export()).status_code == 403


# --- Bulk exports: the funder's contacts CSV --------------------------------------------------------


def _contacts_export() -> str:
    today = timezone.localdate()
    query = urlencode({"start": (today - datetime.timedelta(days=30)).isoformat(), "end": today.isoformat()})
    return f"{reverse('cases-contacts-export')}?{query}"


def test_coordinator_exporting_contacts_is_asked_for_the_password_and_then_gets_the_file(coordinator, case, worker):
    ContactFactory(case=case, author=worker)
    client = signed_in_long_ago(coordinator)
    assert client.get(reverse("cases-contacts-export")).status_code == 200  # choosing the period asks nothing
    response = client.get(_contacts_export())
    assert asks_for_the_password(response, _contacts_export())  # the chosen period is kept in `next`
    assert not AuditEvent.objects.filter(action="cases.contacts.exported").exists()
    response = enter_password(client, _contacts_export())
    assert response.status_code == 302 and response["Location"] == _contacts_export()
    download = client.get(response["Location"])
    assert _csv_download(download)
    assert case.reference in download.content.decode()
    assert AuditEvent.objects.get(action="cases.contacts.exported").data["rows"] == 1


def test_within_five_minutes_of_logging_in_the_contacts_export_comes_at_once(supervisor, case):
    assert _csv_download(signed_in_just_now(supervisor).get(_contacts_export()))


def test_a_worker_still_gets_a_403_for_the_contacts_export(worker):
    assert signed_in_long_ago(worker).get(_contacts_export()).status_code == 403


# --- Giving a consultant a case ---------------------------------------------------------------------


def _referral_form(case: Case, **changes) -> dict:
    as_stored = {
        "family_name": case.family_name,
        "referred_on": case.referred_on.isoformat(),
        "consultant": case.consultant_id or "",
    }
    return referral_form_data(**{**as_stored, **changes})


def _referral_edit(case: Case) -> str:
    return reverse("cases-referral-edit", kwargs={"case_code": case.code})


def test_linking_another_consultant_asks_for_the_password_and_then_saves_the_form_as_sent(
    coordinator, case, consultant_shared, consultant_unshared
):
    client = signed_in_long_ago(coordinator)
    form = _referral_form(case, consultant=consultant_unshared.pk, family_name="Gezin Nieuw")
    response = client.post(_referral_edit(case), form)
    assert asks_for_the_password(response, _referral_edit(case))
    case.refresh_from_db()
    assert case.family_name != "Gezin Nieuw"
    assert not cases_visible_to(consultant_unshared).filter(pk=case.pk).exists()
    # The password; allauth then carries out the kept POST: the whole form, not only the consultant.
    response = enter_password(client, _referral_edit(case))
    assert response.status_code == 302
    assert response["Location"] == reverse("cases-detail", kwargs={"code": case.code})
    case.refresh_from_db()
    assert case.consultant == consultant_unshared and case.family_name == "Gezin Nieuw"
    assert cases_visible_to(consultant_unshared).filter(pk=case.pk).exists()
    event = AuditEvent.objects.get(action="cases.case.referral_updated")
    assert event.actor == coordinator
    assert event.data["changes"]["consultant"] == {
        "from": str(consultant_shared.code),
        "to": str(consultant_unshared.code),
    }


def test_a_wrong_password_links_no_consultant(coordinator, case, consultant_unshared):
    client = signed_in_long_ago(coordinator)
    client.post(_referral_edit(case), _referral_form(case, consultant=consultant_unshared.pk))
    assert enter_password(client, _referral_edit(case), password="not-the-password-1").status_code == 200
    case.refresh_from_db()
    assert case.consultant != consultant_unshared


def test_within_five_minutes_of_logging_in_linking_a_consultant_asks_nothing(coordinator, case, consultant_unshared):
    response = signed_in_just_now(coordinator).post(
        _referral_edit(case), _referral_form(case, consultant=consultant_unshared.pk)
    )
    assert response["Location"] == reverse("cases-detail", kwargs={"code": case.code})
    case.refresh_from_db()
    assert case.consultant == consultant_unshared


def test_editing_a_referral_without_giving_anyone_access_asks_nothing(coordinator, case, consultant_shared):
    client = signed_in_long_ago(coordinator)
    response = client.post(_referral_edit(case), _referral_form(case, family_name="Gezin Nieuw"))  # same consultant
    assert response["Location"] == reverse("cases-detail", kwargs={"code": case.code})
    case.refresh_from_db()
    assert case.family_name == "Gezin Nieuw" and case.consultant == consultant_shared
    response = client.post(_referral_edit(case), _referral_form(case, consultant=""))  # taking access away
    assert response["Location"] == reverse("cases-detail", kwargs={"code": case.code})
    case.refresh_from_db()
    assert case.consultant is None


def test_registering_a_referral_with_a_consultant_asks_for_the_password_and_keeps_everything_typed(
    coordinator, consultant_shared
):
    url = reverse("cases-referral-new")
    form = referral_form_data(consultant=consultant_shared.pk, **{"children-TOTAL_FORMS": "1"})
    client = signed_in_long_ago(coordinator)
    assert asks_for_the_password(client.post(url, form), url)
    assert not Case.objects.filter(family_name="Gezin Peeters").exists()
    response = enter_password(client, url)
    case = Case.objects.get(family_name="Gezin Peeters")
    assert response["Location"] == reverse("cases-assign", kwargs={"case_code": case.code})
    assert case.consultant == consultant_shared
    assert case.persons.get().first_name == "Lien"
    assert AuditEvent.objects.filter(action="cases.case.referred", actor=coordinator).count() == 1


def test_a_worker_cannot_link_a_consultant_at_all(worker, case, consultant_unshared):
    response = signed_in_long_ago(worker).post(
        _referral_edit(case), _referral_form(case, consultant=consultant_unshared.pk)
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.consultant != consultant_unshared


# --- Changing one's e-mail address (allauth, ACCOUNT_REAUTHENTICATION_REQUIRED) ----------------------


def test_adding_an_email_address_asks_for_the_password_and_then_adds_it(worker):
    url = reverse("account_email")
    client = signed_in_long_ago(worker)
    assert client.get(url).status_code == 200  # the page itself asks nothing
    response = client.post(url, {"action_add": "", "email": "wout.nieuw@example.org"})
    assert asks_for_the_password(response, url)
    assert not EmailAddress.objects.filter(email="wout.nieuw@example.org").exists()
    response = enter_password(client, url)
    assert response.status_code == 302
    assert EmailAddress.objects.filter(user=worker, email="wout.nieuw@example.org").exists()


def test_making_another_address_the_login_address_asks_for_the_password_first(worker):
    EmailAddress.objects.create(user=worker, email=worker.email, primary=True, verified=True)
    EmailAddress.objects.create(user=worker, email="wout.nieuw@example.org", primary=False, verified=True)
    url = reverse("account_email")
    client = signed_in_long_ago(worker)
    assert asks_for_the_password(client.post(url, {"action_primary": "", "email": "wout.nieuw@example.org"}), url)
    assert EmailAddress.objects.get(user=worker, primary=True).email == worker.email
    enter_password(client, url)
    assert EmailAddress.objects.get(user=worker, primary=True).email == "wout.nieuw@example.org"


def test_within_five_minutes_of_logging_in_adding_an_email_address_asks_nothing(worker):
    response = signed_in_just_now(worker).post(
        reverse("account_email"), {"action_add": "", "email": "wout.nieuw@example.org"}
    )
    assert response.status_code == 302
    assert not response["Location"].startswith(REAUTH)
    assert EmailAddress.objects.filter(user=worker, email="wout.nieuw@example.org").exists()


# --- Changing one's second factor (allauth.mfa asks for re-authentication by itself) -----------------


@pytest.fixture
def worker_with_totp(worker):
    TOTP.activate(worker, generate_totp_secret())
    return worker


def test_switching_off_the_authenticator_app_asks_for_the_password_first(worker_with_totp):
    url = reverse("mfa_deactivate_totp")
    client = signed_in_long_ago(worker_with_totp)
    assert asks_for_the_password(client.post(url, {}), url)
    assert Authenticator.objects.filter(user=worker_with_totp, type=Authenticator.Type.TOTP).exists()
    enter_password(client, url)  # allauth then carries out the kept POST
    assert not Authenticator.objects.filter(user=worker_with_totp, type=Authenticator.Type.TOTP).exists()


def test_new_recovery_codes_ask_for_the_password_first(worker_with_totp):
    url = reverse("mfa_generate_recovery_codes")
    client = signed_in_long_ago(worker_with_totp)
    assert asks_for_the_password(client.get(url), url)
    assert asks_for_the_password(client.post(url, {}), url)
    assert not Authenticator.objects.filter(user=worker_with_totp, type=Authenticator.Type.RECOVERY_CODES).exists()
    enter_password(client, url)
    assert Authenticator.objects.filter(user=worker_with_totp, type=Authenticator.Type.RECOVERY_CODES).exists()


def test_adding_a_security_key_asks_for_the_password_first(worker_with_totp):
    url = reverse("mfa_add_webauthn")
    assert asks_for_the_password(signed_in_long_ago(worker_with_totp).get(url), url)
    assert signed_in_just_now(worker_with_totp).get(url).status_code == 200


def test_within_five_minutes_of_logging_in_the_second_factor_pages_ask_nothing(worker_with_totp):
    client = signed_in_just_now(worker_with_totp)
    assert client.get(reverse("mfa_deactivate_totp")).status_code == 200
    assert client.get(reverse("mfa_generate_recovery_codes")).status_code == 200

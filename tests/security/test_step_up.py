"""B8: changing who may do what in the admin (role, team, deactivation, second factors, logging
someone out everywhere) needs a password or second factor from the last 5 minutes. The beheerder is
asked for it and the change then goes through as filled in: nothing typed is lost."""

from __future__ import annotations

import time
from datetime import timedelta
from urllib.parse import unquote

import time_machine
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocon.accounts.models import Role
from cocon.accounts.tests.factories import TeamFactory
from cocon.audit.models import AuditEvent
from conftest import login

from .conftest import PASSWORD, authenticated_at

REAUTH = reverse("account_reauthenticate")


def _change_url(user) -> str:
    return reverse("admin:accounts_user_change", kwargs={"object_id": user.pk})


def _form(user, **changes) -> dict:
    """The admin's change form for `user` as the browser would send it, with `changes` applied."""
    data = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "phone": user.phone,
        "role": user.role,
        "team": user.team_id or "",
        "organisation": user.organisation_id or "",
        "fte": str(user.fte),
        "max_caseload": user.max_caseload,
        "date_joined_0": user.date_joined.strftime("%d/%m/%Y"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "_save": "Bewaren",
    }
    if user.is_active:
        data["is_active"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _admin_client(admin_user, at: float) -> Client:
    return authenticated_at(login(Client(), admin_user), admin_user, at)


def admin_signed_in_long_ago(admin_user) -> Client:
    return _admin_client(admin_user, time.time() - 3600)


def admin_signed_in_just_now(admin_user) -> Client:
    return _admin_client(admin_user, time.time())


def _is_step_up(response, path: str) -> bool:
    return response.status_code == 302 and unquote(response["Location"]) == f"{REAUTH}?next={path}"


def test_role_change_asks_for_the_password_first_and_then_goes_through_as_filled_in(admin_user, worker):
    client = admin_signed_in_long_ago(admin_user)
    assert client.get(_change_url(worker)).status_code == 200  # opening the form asks nothing
    response = client.post(_change_url(worker), _form(worker, role=Role.COORDINATOR))
    assert _is_step_up(response, _change_url(worker))
    worker.refresh_from_db()
    assert worker.role == Role.CONTEXT_WORKER
    # The password, on allauth's re-authentication page; the kept POST is then carried out.
    response = client.post(f"{REAUTH}?next={_change_url(worker)}", {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:accounts_user_changelist")
    worker.refresh_from_db()
    assert worker.role == Role.COORDINATOR
    event = AuditEvent.objects.get(action="accounts.user.access_changed")
    assert event.actor == admin_user
    assert event.data == {"role": {"from": "context_worker", "to": "coordinator"}}


def test_a_wrong_password_at_the_step_up_changes_nothing(admin_user, worker):
    client = admin_signed_in_long_ago(admin_user)
    client.post(_change_url(worker), _form(worker, role=Role.ADMIN, is_staff="on", is_superuser="on"))
    response = client.post(f"{REAUTH}?next={_change_url(worker)}", {"password": "not-the-password-1"})
    assert response.status_code == 200  # the form again, with an error
    worker.refresh_from_db()
    assert (worker.role, worker.is_staff, worker.is_superuser) == (Role.CONTEXT_WORKER, False, False)


def test_within_five_minutes_of_logging_in_no_second_question(admin_user, worker):
    old_team, team = worker.team, TeamFactory()
    client = admin_signed_in_just_now(admin_user)
    response = client.post(_change_url(worker), _form(worker, team=team.pk))
    assert response["Location"] == reverse("admin:accounts_user_changelist")
    worker.refresh_from_db()
    assert worker.team == team
    event = AuditEvent.objects.get(action="accounts.user.access_changed")
    assert event.data == {"team": {"from": str(old_team.code), "to": str(team.code)}}


def test_five_minutes_after_logging_in_the_question_comes_back(admin_user, worker):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = admin_signed_in_just_now(admin_user)
        traveller.shift(timedelta(minutes=5, seconds=1))
        response = client.post(_change_url(worker), _form(worker, role=Role.SUPERVISOR))
    assert _is_step_up(response, _change_url(worker))
    worker.refresh_from_db()
    assert worker.role == Role.CONTEXT_WORKER


def test_deactivating_a_user_asks_for_step_up_and_then_ends_their_sessions(admin_user, worker, client_for):
    their_session = client_for(worker)
    client = admin_signed_in_long_ago(admin_user)
    form = _form(worker, is_active=None)
    form.pop("is_active", None)
    assert _is_step_up(client.post(_change_url(worker), form), _change_url(worker))
    assert their_session.get(reverse("dashboard")).status_code == 200
    client.post(f"{REAUTH}?next={_change_url(worker)}", {"password": PASSWORD})
    worker.refresh_from_db()
    assert worker.is_active is False
    assert their_session.get(reverse("dashboard"))["Location"].startswith(reverse("account_login"))
    assert AuditEvent.objects.get(action="accounts.user.access_changed").data == {
        "is_active": {"from": True, "to": False}
    }


def test_admin_logs_a_user_out_everywhere_after_step_up(admin_user, worker, co_worker, client_for):
    phone, laptop, other = client_for(worker), client_for(worker), client_for(co_worker)
    keys = {phone.session.session_key, laptop.session.session_key}
    changelist = reverse("admin:accounts_user_changelist")
    action = {"action": "end_all_sessions", "_selected_action": [worker.pk], "index": 0}
    client = admin_signed_in_long_ago(admin_user)
    assert _is_step_up(client.post(changelist, action), changelist)
    assert Session.objects.filter(session_key__in=keys).count() == 2
    client.post(f"{REAUTH}?next={changelist}", {"password": PASSWORD})
    assert not Session.objects.filter(session_key__in=keys).exists()  # 0 remaining
    assert other.get(reverse("dashboard")).status_code == 200
    event = AuditEvent.objects.get(action="accounts.session.ended_by_admin")
    assert event.actor == admin_user and event.data == {"sessions_ended": 2}
    assert client.get(reverse("admin:index")).status_code == 200  # the beheerder is still logged in


def test_removing_someones_second_factor_in_the_admin_needs_step_up(admin_user, worker):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    authenticator = TOTP.activate(worker, generate_totp_secret()).instance
    url = reverse("admin:mfa_authenticator_delete", kwargs={"object_id": authenticator.pk})
    client = admin_signed_in_long_ago(admin_user)
    assert _is_step_up(client.post(url, {"post": "yes"}), url)
    assert Authenticator.objects.filter(pk=authenticator.pk).exists()
    client.post(f"{REAUTH}?next={url}", {"password": PASSWORD})
    assert not Authenticator.objects.filter(pk=authenticator.pk).exists()


def test_a_worker_cannot_reach_the_user_admin_at_all(worker, co_worker, client_for):
    response = client_for(worker).post(_change_url(co_worker), _form(co_worker, role=Role.ADMIN), follow=True)
    assert response.status_code == 403
    co_worker.refresh_from_db()
    assert co_worker.role == Role.CONTEXT_WORKER

"""An htmx request with an expired or absent session gets a full-page redirect (HX-Redirect) to the
login page, with `next` = the page the person was on; the login page is never swapped into a fragment."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from .conftest import half_client

LOGIN = reverse("account_login")
CASES = reverse("cases-list")


def htmx(client: Client, url: str, *, page: str | None = "http://testserver/cases/?status=open", method="get"):
    headers = {"HX-Request": "true"}
    if page is not None:
        headers["HX-Current-URL"] = page
    return getattr(client, method)(url, headers=headers)


def _next_of(location: str) -> str:
    parts = urlsplit(location)
    return parse_qs(parts.query)["next"][0]


def _is_full_page_login(response) -> bool:
    return (
        response.status_code == 200
        and response["HX-Redirect"].startswith(LOGIN + "?")
        and response.content == b""
        and "no-store" in response["Cache-Control"]
    )


def test_htmx_request_without_a_session_is_sent_to_the_login_page_as_a_whole(db):
    response = htmx(Client(), reverse("dashboard"))
    assert _is_full_page_login(response)
    assert _next_of(response["HX-Redirect"]) == "/cases/?status=open"  # the page, not the fragment
    assert "HX-Request" in response["Vary"]


def test_htmx_request_after_the_idle_timeout_is_sent_to_login_keeping_the_page(worker, client_for):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = client_for(worker)
        assert htmx(client, CASES).status_code == 200
        traveller.shift(timedelta(minutes=31))
        response = htmx(client, CASES)
    assert _is_full_page_login(response)
    assert _next_of(response["HX-Redirect"]) == "/cases/?status=open"


def test_htmx_request_after_the_absolute_limit_is_sent_to_login(worker, client_for):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = client_for(worker)
        client.get(CASES)  # starts the absolute clock
        for _ in range(12 * 3):
            traveller.shift(timedelta(minutes=20))
            client.get(CASES)
        traveller.shift(timedelta(seconds=1))
        response = htmx(client, reverse("dashboard"), method="post")
    assert _is_full_page_login(response)
    assert "sessionid" in response.cookies  # the logout's cookie change still reaches the browser


def test_without_the_current_page_header_the_fragments_own_next_is_kept(db):
    response = htmx(Client(), CASES + "?page=2", page=None)
    assert _is_full_page_login(response)
    assert _next_of(response["HX-Redirect"]) == "/cases/?page=2"


def test_a_current_page_on_another_site_is_never_used_as_next(db):
    response = htmx(Client(), CASES, page="https://evil.example/phish")
    assert _next_of(response["HX-Redirect"]) == CASES


def test_htmx_request_before_the_second_factor_is_sent_to_it_as_a_whole(worker):
    response = htmx(half_client(worker), CASES)
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith("/accounts/2fa/")


def test_ordinary_requests_still_get_a_plain_redirect(db):
    response = Client().get(CASES)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/cases/"
    assert "HX-Redirect" not in response


def test_signed_in_htmx_requests_are_left_alone(worker, client_for):
    response = htmx(client_for(worker), CASES)
    assert response.status_code == 200
    assert "HX-Redirect" not in response
    assert response.content


def test_htmx_redirect_inside_the_app_is_left_for_htmx_to_follow(worker, client_for):
    """A redirect that is not to login/second factor (e.g. after a save) stays a redirect."""
    response = htmx(client_for(worker), reverse("accounts-sessions-end-others"), method="post")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts-sessions")

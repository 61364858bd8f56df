"""E3: error pages in Dutch, without traceback, exception text, SQL, paths or secrets; the 500 is logged
with the request id that the page shows, so that a person's report leads to the log line."""

from __future__ import annotations

import logging
import re

import pytest
from django.conf import settings
from django.test import Client

from cocon.audit.middleware import RequestIdLogFilter

from .urls_errors import SECRET_SQL

pytestmark = pytest.mark.urls("tests.security.urls_errors")

LEAKS = ("Traceback", 'File "', "cocon_secret", "SELECT", "password_hash", "internal reason", "site-packages")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.addFilter(RequestIdLogFilter())
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def error_log():
    handler = _Collect()
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield handler.records
    logger.removeHandler(handler)


def _assert_no_leak(body: str) -> None:
    for leak in LEAKS:
        assert leak not in body, leak
    assert settings.SECRET_KEY not in body
    assert str(settings.BASE_DIR) not in body


def test_an_unexpected_error_gives_a_dutch_page_and_is_logged_with_its_request_id(worker, client_for, error_log):
    assert settings.DEBUG is False
    client = client_for(worker)
    client.raise_request_exception = False
    response = client.get("/test-errors/500/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Er liep iets mis" in body
    assert '<html lang="nl-BE">' in body
    _assert_no_leak(body)
    request_id = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert f"<code>{request_id}</code>" in body
    # The log holds the detail: the exception itself, with the same request id.
    (record,) = error_log
    assert record.exc_info and record.exc_info[1].args == (SECRET_SQL,)
    assert record.request_id == request_id
    assert record.status_code == 500


def test_error_page_for_an_anonymous_visitor_is_the_same(db, error_log):
    response = Client(raise_request_exception=False).get("/test-errors/500/")
    assert response.status_code == 500
    assert "Er liep iets mis" in response.content.decode()
    _assert_no_leak(response.content.decode())
    assert len(error_log) == 1


def test_the_500_page_carries_the_security_headers(db):
    response = Client(raise_request_exception=False).get("/test-errors/500/")
    assert "object-src 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_a_page_that_does_not_exist_says_so_in_dutch(worker, client_for):
    response = client_for(worker).get("/bestaat-niet/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Pagina niet gevonden" in body
    assert "Terug naar het overzicht" in body
    assert "/bestaat-niet/" not in body.split("<main", 1)[1].split("</main>", 1)[0]  # no URL echo


def test_a_refused_action_says_so_in_dutch_without_the_reason(worker, client_for):
    response = client_for(worker).get("/test-errors/403/")
    body = response.content.decode()
    assert response.status_code == 403
    assert "Niet toegestaan" in body
    assert "U hebt geen toestemming voor deze pagina of deze handeling." in body
    _assert_no_leak(body)


def test_a_request_that_is_not_understood_says_so_in_dutch(db):
    response = Client().get("/test-errors/400/")
    body = response.content.decode()
    assert response.status_code == 400
    assert "Verzoek niet begrepen" in body
    _assert_no_leak(body)


def test_a_bogus_host_header_gets_the_dutch_400_page(db):
    response = Client(HTTP_HOST="evil.example").get("/")
    assert response.status_code == 400
    assert "Verzoek niet begrepen" in response.content.decode()
    assert "evil.example" not in response.content.decode()

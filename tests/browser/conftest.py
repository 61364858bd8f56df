"""Shared browser fixtures: Debian's chromium driven by Playwright against pytest-django's live server.

Use `page` (desktop, 1280×900) or `phone_page` (390×844, touch) and `login_as(page, live_server, user)`,
which logs in through the real login page and answers the second-factor step with a TOTP code.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around it
# are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("COCON_CHROMIUM", "/usr/bin/chromium")
TEST_PASSWORD = "a-long-test-password-42"  # the password UserFactory gives everyone


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def _one_request_at_a_time_on_sqlite() -> None:
    """On SQLite the live server shares the test's in-memory database between its request threads, and two
    requests writing at once (the case page loads its sections in parallel, each audited) fail with
    "database table is locked". There the live server answers one request at a time, as a browser's
    parallel requests then simply queue; on PostgreSQL (CI) each request keeps its own thread and connection.
    """
    from django.conf import settings
    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import LiveServerThread

    class OneAtATime(WSGIServer):
        # The live server thread itself already uses the test's connection (LiveServerThread.run).
        def __init__(self, *args: object, connections_override: object = None, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)

    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        LiveServerThread.server_class = OneAtATime


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield instance
        instance.close()


def _page(browser: object, **context_args: object) -> Iterator[object]:
    context = browser.new_context(locale="nl-BE", timezone_id="Europe/Brussels", **context_args)
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors
    yield page
    context.close()


@pytest.fixture
def page(browser: object, live_server: object) -> Iterator[object]:
    yield from _page(browser, viewport={"width": 1280, "height": 900})


@pytest.fixture
def phone_page(browser: object, live_server: object) -> Iterator[object]:
    yield from _page(browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)


def ensure_totp(user: object) -> str:
    """Give `user` a TOTP authenticator (if they have none) and return its secret."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from allauth.mfa.utils import decrypt

    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing:
        return decrypt(existing.data["secret"])
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def login_as(page: object, live_server: object, user: object, password: str = TEST_PASSWORD) -> None:
    """Log in through the real login page, answering the second factor if it is asked."""
    secret = ensure_totp(user)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("domcontentloaded")
    code_input = page.locator("input[name=code]")
    if code_input.count():
        code_input.fill(totp_code(secret))
        page.click("button[type=submit]")
        page.wait_for_load_state("domcontentloaded")

"""axe-core over every page a context worker can reach from the dashboard (demo data loaded).

Follows same-origin links breadth-first (GET only; no logout, no downloads) and fails on any
serious or critical violation. Every later page inherits this check.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlparse

import pytest
from django.core.management import call_command

from cocon.accounts.models import User
from cocon.demo import DEMO_PASSWORD
from tests.browser.conftest import login_as

pytestmark = pytest.mark.browser

MAX_PAGES = 80
SKIP_PARTS = (
    "/accounts/logout",
    "/export",
    ".pdf",
    "/pdf",
    "/download",
    "/i18n/",
    "/admin/",
    "/static/",
    ".csv",
    "/ical",
)


def _crawl(page, base: str, start: str) -> list[str]:
    seen: list[str] = []
    queue = [start]
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        response = page.goto(url)
        if response is None or response.status >= 400 or "text/html" not in response.headers.get("content-type", ""):
            continue
        seen.append(url)
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            absolute = urljoin(url, href).split("#")[0]
            parsed = urlparse(absolute)
            if f"{parsed.scheme}://{parsed.netloc}" != base or any(p in absolute for p in SKIP_PARTS):
                continue
            if absolute not in seen and absolute not in queue:
                queue.append(absolute)
    return seen


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}], ids=["desktop", "phone"]
)
def test_pages_a_worker_can_reach_have_no_serious_accessibility_violations(
    browser, live_server, transactional_db, viewport
):
    from axe_playwright_python.sync_playwright import Axe

    call_command("seed_demo")
    worker = User.objects.get(email="eline@cocon.example")
    context = browser.new_context(locale="nl-BE", viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        login_as(page, live_server, worker, password=DEMO_PASSWORD)
        pages = _crawl(page, live_server.url, f"{live_server.url}/")
        assert len(pages) >= 3, pages
        axe = Axe()
        problems = []
        for url in pages:
            page.goto(url)
            result = axe.run(page)
            for violation in result.response["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    targets = [node["target"] for node in violation["nodes"][:3]]
                    problems.append(f"{url}: {violation['id']} ({violation['impact']}) {targets}")
        assert not problems, "\n".join(problems)
    finally:
        context.close()

"""Locust mix for `make bench`: 50 logged-in context workers for 2 minutes, a busy morning.

bench/run.py starts gunicorn with the production settings on the bench database, writes BENCH_USERS (a JSON list
of {"session": <session id>, "cases": [{"code": <case code>, "plan": <plan code or "">}]}) and runs:
    locust -f bench/locustfile.py --headless -u 50 -r 10 -t 2m --host http://127.0.0.1:8712

Realistic, not a stress test: a person reads and types between clicks, so each user waits 3–10 s. Every simulated
user is one seeded context worker with their own session and cases, so anything but a 200 (a 404, a redirect to
the login page) is an error; a saved contact must answer with the redirect to the contact list.

Production runs behind a TLS proxy: cookies are `Secure` and `__Host-` prefixed and the proxy says
`X-Forwarded-Proto: https`. Locust talks plain HTTP to gunicorn, so it sends that header itself and its cookies by
hand (a cookie jar never returns a Secure cookie over http), as a browser behind the proxy would.
"""

from __future__ import annotations

import itertools
import json
import os
import random
from html.parser import HTMLParser
from http.cookiejar import DefaultCookiePolicy
from typing import Any
from urllib.parse import urlparse

from locust import HttpUser, between, task

with open(os.environ["BENCH_USERS"], encoding="utf-8") as fh:
    USERS = itertools.cycle(json.load(fh))
COOKIE = os.environ.get("BENCH_SESSION_COOKIE", "sessionid")
CSRF_COOKIE = os.environ.get("BENCH_CSRF_COOKIE", "csrftoken")


class NoJar(DefaultCookiePolicy):
    """The session's cookie jar keeps nothing: the cookies go in the Cookie header (see the module docstring)."""

    def set_ok(self, cookie: Any, request: Any) -> bool:
        return False


class FormFields(HTMLParser):
    """The values a browser would submit for each POST form of a page: what the server filled in."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self.fields: list[tuple[str, str]] | None = None
        self.textarea = False
        self.select: str | None = None
        self.first_option: str | None = None
        self.selected = False

    def form_with(self, name: str) -> list[tuple[str, str]]:
        return next((form for form in self.forms if any(k == name for k, _v in form)), [])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self.fields = []
            self.forms.append(self.fields)
        if self.fields is None or ("name" not in a and tag != "option"):
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file"):
                return
            self.fields.append((a["name"], a.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "textarea":
            self.textarea = True
            self.fields.append((a["name"], ""))
        elif tag == "select":
            self.select, self.first_option, self.selected = a["name"], None, False
        elif tag == "option" and self.select:
            if self.first_option is None:
                self.first_option = a.get("value", "")
            if "selected" in a:
                self.fields.append((self.select, a.get("value", "")))
                self.selected = True

    def handle_data(self, data: str) -> None:
        if self.textarea and self.fields:
            name, value = self.fields[-1]
            self.fields[-1] = (name, value + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self.textarea = False
        elif tag == "select" and self.select and self.fields is not None:
            if not self.selected and self.first_option is not None:
                self.fields.append((self.select, self.first_option))
            self.select = None
        elif tag == "form":
            self.fields = None


class Worker(HttpUser):
    """A context worker's clicks: the case list, a case and its pages, reminders, the week; now and then a contact."""

    wait_time = between(3, 10)

    def on_start(self) -> None:
        me = next(USERS)
        self.origin = f"https://{urlparse(self.host).netloc}"
        self.cookie = f"{COOKIE}={me['session']}"
        self.client.cookies.set_policy(NoJar())
        self.client.headers.update({"X-Forwarded-Proto": "https", "Cookie": self.cookie})
        self.cases: list[dict[str, str]] = me["cases"]

    def _case(self) -> dict[str, str]:
        return random.choice(self.cases)

    def _get(self, url: str, name: str | None = None, headers: dict[str, str] | None = None) -> Any:
        with self.client.get(
            url, name=name or url, headers=headers, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code} {response.headers.get('Location', '')}")
            return response

    @task(5)
    def case_list(self) -> None:
        self._get("/cases/")

    @task(4)
    def case_page(self) -> None:
        """The page, then the three sections it loads with htmx, as a browser does."""
        code = self._case()["code"]
        self._get(f"/cases/{code}/", "/cases/[code]/")
        for section in ("summary", "details", "timeline"):
            self._get(f"/cases/{code}/section/{section}/", f"/cases/[code]/section/{section}/", {"HX-Request": "true"})

    @task(3)
    def contacts(self) -> None:
        self._get(f"/cases/{self._case()['code']}/contacts/", "/cases/[code]/contacts/")

    @task(2)
    def network(self) -> None:
        self._get(f"/cases/{self._case()['code']}/network/", "/cases/[code]/network/")

    @task(2)
    def safety(self) -> None:
        self._get(f"/cases/{self._case()['code']}/safety/", "/cases/[code]/safety/")

    @task(2)
    def safety_plan(self) -> None:
        case = self._case()
        if case["plan"]:
            self._get(f"/cases/{case['code']}/safety/plans/{case['plan']}/", "/cases/[code]/safety/plans/[code]/")

    @task(2)
    def reminders(self) -> None:
        self._get("/reminders/")

    @task(1)
    def my_week(self) -> None:
        self._get("/cases/week/")

    @task(1)
    def record_contact(self) -> None:
        """Open the contact form (its defaults cover a home visit that just ended), add a line, save."""
        url = f"/cases/{self._case()['code']}/contacts/new/"
        with self.client.get(
            url, name="/cases/[code]/contacts/new/", allow_redirects=False, catch_response=True
        ) as form:
            token = form.cookies.get(CSRF_COOKIE)
            if form.status_code != 200 or not token:
                form.failure(f"HTTP {form.status_code}, csrf cookie {'set' if token else 'missing'}")
                return
        parser = FormFields()
        parser.feed(form.text)
        data = [(k, v) for k, v in parser.form_with("idempotency_key") if k not in ("went_well", "confirm_overlap")]
        data += [("went_well", "Huisbezoek: de afspraken van deze week overlopen."), ("confirm_overlap", "on")]
        with self.client.post(
            url,
            data=data,
            name="/cases/[code]/contacts/new/",
            headers={
                "Referer": self.origin + url,
                "Origin": self.origin,
                "Cookie": f"{self.cookie}; {CSRF_COOKIE}={token}",
            },
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"not saved: HTTP {response.status_code}")

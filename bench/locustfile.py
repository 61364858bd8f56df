"""Locust mix for `make bench` (2 minutes, 50 logged-in users): not run in this round — see results.md.

Run by hand against a server on the bench database (sessions are made with the bench's seeded users):
    locust -f bench/locustfile.py --headless -u 50 -r 10 -t 2m --host http://127.0.0.1:8000
Each simulated user gets a session cookie from BENCH_SESSIONS (one "sessionid" per line, produced by
logging the seeded users in, e.g. with bench.run.login on a Client and copying client.cookies).
"""

from __future__ import annotations

import itertools
import os
import random

from locust import HttpUser, between, task

SESSIONS = itertools.cycle([s for s in os.environ.get("BENCH_SESSIONS", "").split() if s] or [""])
CASE_CODES = [c for c in os.environ.get("BENCH_CASES", "").split() if c]


class Worker(HttpUser):
    """A context worker's day: the case list, a case page, contacts, network, reminders."""

    wait_time = between(1, 4)

    def on_start(self) -> None:
        self.client.cookies.set("sessionid", next(SESSIONS))

    def _case(self) -> str:
        return random.choice(CASE_CODES) if CASE_CODES else ""

    @task(5)
    def case_list(self) -> None:
        self.client.get("/cases/")

    @task(4)
    def case_page(self) -> None:
        if code := self._case():
            self.client.get(f"/cases/{code}/", name="/cases/[code]/")

    @task(3)
    def contacts(self) -> None:
        if code := self._case():
            self.client.get(f"/cases/{code}/contacts/", name="/cases/[code]/contacts/")

    @task(2)
    def network(self) -> None:
        if code := self._case():
            self.client.get(f"/cases/{code}/network/", name="/cases/[code]/network/")

    @task(2)
    def reminders(self) -> None:
        self.client.get("/reminders/")

    @task(1)
    def my_week(self) -> None:
        self.client.get("/cases/week/")

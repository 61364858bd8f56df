"""Locust mix for `make bench`: 50 logged-in users for 2 minutes, a context worker's day.

bench/run.py starts gunicorn on the bench database, writes BENCH_USERS (a JSON list of
{"session": <session id>, "cases": [<case codes of that worker>]}) and runs:
    locust -f bench/locustfile.py --headless -u 50 -r 10 -t 2m --host http://127.0.0.1:8712
Every simulated user is one seeded context worker with their own session and cases, so a 404 is an error.
"""

from __future__ import annotations

import itertools
import json
import os
import random

from locust import HttpUser, between, task

with open(os.environ["BENCH_USERS"], encoding="utf-8") as fh:
    USERS = itertools.cycle(json.load(fh))
COOKIE = os.environ.get("BENCH_SESSION_COOKIE", "sessionid")


class Worker(HttpUser):
    """The case list, a case page, contacts, network, safety overview, reminders, my week."""

    wait_time = between(1, 4)

    def on_start(self) -> None:
        me = next(USERS)
        self.client.cookies.set(COOKIE, me["session"])
        self.cases = me["cases"]

    def _case(self) -> str:
        return random.choice(self.cases)

    @task(5)
    def case_list(self) -> None:
        self.client.get("/cases/")

    @task(4)
    def case_page(self) -> None:
        self.client.get(f"/cases/{self._case()}/", name="/cases/[code]/")

    @task(3)
    def contacts(self) -> None:
        self.client.get(f"/cases/{self._case()}/contacts/", name="/cases/[code]/contacts/")

    @task(2)
    def network(self) -> None:
        self.client.get(f"/cases/{self._case()}/network/", name="/cases/[code]/network/")

    @task(2)
    def safety(self) -> None:
        self.client.get(f"/cases/{self._case()}/safety/", name="/cases/[code]/safety/")

    @task(2)
    def reminders(self) -> None:
        self.client.get("/reminders/")

    @task(1)
    def my_week(self) -> None:
        self.client.get("/cases/week/")

"""`make bench`: seed a large provider into PostgreSQL, time the main pages, write bench/results.md.

A benchmark, not a test. Needs PostgreSQL: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/cocon_bench).
The database named there is DROPPED and re-created — point it at a throw-away database only.

Every page is measured twice: for a subject in a large team (250 cases, a case with 400 contacts, 1M audit
events in the table) and for a subject in a tiny team (1 case, 1 contact). The query count must be the same
for both: that is the proof that a page does not grow with the data.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cocon_bench"
os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DEBUG", "1")  # the demo/test defaults (hosts, secret); timings run without query logging
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cocon.settings")
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "30"))
GOAL_P95_MS = 150
GOAL_QUERIES = 15


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    if not name.startswith("cocon_bench"):
        sys.exit(f"Refusing to drop {name!r}: the bench database name must start with 'cocon_bench'.")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def login(client: Any, user: Any) -> Any:
    """Like conftest.login: logged in with password and second factor done."""
    client.force_login(user)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": 0, "email": user.email},
        {"method": "mfa", "at": 0, "type": "totp"},
    ]
    session.save()
    return client


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def measure(client: Any, url: str) -> dict[str, Any]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    first = client.get(url)
    reset_queries()  # the seed filled the 9,000-entry query log; a full log captures nothing
    if first.status_code != 200:
        return {"status": first.status_code}
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    queries = len(ctx.captured_queries)  # read now: the next request resets the connection's query log
    times = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return {"status": 200, "queries": queries, "p50": pct(times, 50), "p95": pct(times, 95)}


def pages(subject: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """(label, URL name + kwargs, who looks) for every main page that exists."""
    case = subject["case"]
    rows: list[tuple[str, str, dict[str, Any], str, str]] = [
        ("Case list (worker, mine)", "cases-list", {}, "worker", ""),
        ("Case list (coördinator, team)", "cases-list", {}, "coordinator", "?scope=team"),
        ("Case page", "cases-detail", {"code": case.code}, "worker", ""),
        ("Contacts of a case", "cases-contacts", {"case_code": case.code}, "worker", ""),
        ("My week (intensity)", "cases-my-week", {}, "worker", ""),
        ("Team intensity (coördinator)", "cases-intensity-team", {}, "coordinator", ""),
        ("Network", "network-home", {"case_code": case.code}, "worker", ""),
        ("JIM", "network-jim", {"case_code": case.code}, "worker", ""),
        ("Safety overview", "safety-overview", {"case_code": case.code}, "worker", ""),
        ("Scaling", "safety-scaling", {"case_code": case.code}, "worker", ""),
        ("Reminders", "reminders-list", {}, "worker", ""),
        ("Capacity (coördinator)", "capacity-overview", {}, "coordinator", ""),
        ("Case audit trail (coördinator)", "audit-case-log", {"case_code": case.code}, "coordinator", ""),
        ("Insight: caseload (coördinator)", "insight-caseload", {}, "coordinator", ""),
        ("Insight: method fidelity (coördinator)", "insight-fidelity", {}, "coordinator", ""),
        ("Insight: flow (coördinator)", "insight-flow", {}, "coordinator", ""),
        ("Insight: method fidelity (werkbegeleider)", "insight-fidelity", {}, "supervisor", ""),
    ]
    if subject.get("map") is not None:
        rows.insert(
            9,
            (
                "Safety map",
                "safety-map-detail",
                {"case_code": case.code, "map_code": subject["map"].code},
                "worker",
                "",
            ),
        )
    if subject.get("plan") is not None:
        plan = {"case_code": case.code, "code": subject["plan"].code}
        rows.insert(10, ("Safety plan", "safety-plan-detail", plan, "worker", ""))
        rows.insert(11, ("Plan editor", "safety-plan-edit", plan, "worker", ""))
    out = []
    for label, name, kwargs, who, query in rows:
        out.append((label, (name, kwargs, query), who))
    return out


def run_pages(seeded: Any) -> list[dict[str, Any]]:
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    results: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    for size, subject in (("large", seeded.big), ("small", seeded.small)):
        clients: dict[str, Any] = {}
        for label, (name, kwargs, query), who in pages(subject):
            if label not in results:
                results[label] = {"page": label}
                order.append(label)
            try:
                url = reverse(name, kwargs=kwargs) + query
            except NoReverseMatch:
                results[label][size] = {"status": "n/a"}
                continue
            if who not in clients:
                clients[who] = login(Client(), subject[who])
            results[label][size] = measure(clients[who], url)
            r = results[label][size]
            print(f"  {size:5} {label:45} {r}", flush=True)
    return [results[k] for k in order]


def sweep_timing() -> list[str]:
    try:
        from reminders.models import Reminder
        from reminders.services import reminders_sweep
    except ImportError:
        return ["| Reminder sweep | n/a — not built |"]
    lines = []
    for run in ("first", "second"):
        before = Reminder.objects.count()
        started = time.perf_counter()
        result = reminders_sweep(deliver=False)
        took = time.perf_counter() - started
        lines.append(
            f"| Reminder sweep, {run} run | {took:.2f} s | {Reminder.objects.count() - before} rows created "
            f"(created={result.created}, escalated={result.escalated}, errors={len(result.errors)}) |"
        )
    return lines


def pdf_timing(seeded: Any) -> list[str]:
    try:
        from capacity.models import CapacityDeclaration, CapacityPool
        from capacity.pdf import render_declaration_pdf
    except ImportError:
        return ["| Capacity declaration PDF | n/a — not built |"]
    from datetime import timedelta

    from django.utils import timezone

    team = seeded.big["coordinator"].team
    pool = CapacityPool.objects.create(team=team, region=team.region, total_places=40)
    today = timezone.localdate()
    declaration = CapacityDeclaration.objects.create(
        pool=pool, declared_on=today, available_from=today + timedelta(days=21), places=2
    )
    render_declaration_pdf(declaration)  # warm: fonts and templates
    times = []
    for _ in range(5):
        started = time.perf_counter()
        render_declaration_pdf(declaration)
        times.append(time.perf_counter() - started)
    return [f"| Capacity declaration PDF (warm, median of 5) | {statistics.median(times):.3f} s | WeasyPrint |"]


def locust_run() -> list[str]:
    """2 minutes, 50 users (bench/locustfile.py) against gunicorn on the bench database.

    Runs when a `locust` executable is found (BENCH_LOCUST or PATH); the project does not depend on it."""
    import csv
    import json
    import shutil
    import subprocess
    import tempfile

    from django.conf import settings
    from django.test import Client

    from cases.models import OPEN_STATUSES, Case
    from cocon.accounts.models import Role, User

    exe = os.environ.get("BENCH_LOCUST") or shutil.which("locust")
    if not exe:
        return ["| Locust, 2 min, 50 users | not run | `locust` not installed (set BENCH_LOCUST=/path/to/locust) |"]
    tmp = Path(tempfile.mkdtemp(prefix="cocon-locust-"))
    users = []
    for worker in User.objects.filter(role=Role.CONTEXT_WORKER, email__endswith="@bench.example").order_by("pk")[:50]:
        codes = [
            str(c)
            for c in Case.objects.filter(lead_worker=worker, status__in=OPEN_STATUSES).values_list("code", flat=True)
        ]
        if codes:
            client = login(Client(), worker)
            users.append({"session": client.cookies[settings.SESSION_COOKIE_NAME].value, "cases": codes})
    (tmp / "users.json").write_text(json.dumps(users))
    env = {**os.environ, "BENCH_USERS": str(tmp / "users.json"), "BENCH_SESSION_COOKIE": settings.SESSION_COOKIE_NAME}
    port = os.environ.get("BENCH_PORT", "8712")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "cocon.wsgi",
            "-w",
            "2",
            "--threads",
            "4",
            "--keep-alive",
            "30",
            "-b",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(4)
        subprocess.run(
            [
                exe,
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "-u",
                "50",
                "-r",
                "10",
                "-t",
                "2m",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(tmp / "run"),
                "--only-summary",
            ],
            env=env,
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=300,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    stats = tmp / "run_stats.csv"
    if not stats.exists():
        return ["| Locust, 2 min, 50 users | failed | no statistics written |"]
    lines = []
    for row in csv.DictReader(stats.open(encoding="utf-8")):
        label = "all requests" if row["Name"] == "Aggregated" else row["Name"]
        lines.append(
            f"| Locust {label} | p50 {row['50%']} ms, p95 {row['95%']} ms, p99 {row['99%']} ms | "
            f"{row['Request Count']} requests, {row['Failure Count']} errors, {float(row['Requests/s']):.1f} req/s |"
        )
    return lines


def fmt(r: dict[str, Any] | None) -> tuple[str, str, str]:
    if not r:
        return ("—", "—", "—")
    if r.get("status") != 200:
        return (f"HTTP {r.get('status')}", "—", "—")
    return (f"{r['p50']:.0f}", f"{r['p95']:.0f}", str(r["queries"]))


def table(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| Page | large p50 ms | large p95 ms | large queries | small p50 ms | small p95 ms | small queries | goal met |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        large, small = row.get("large"), row.get("small")
        lp50, lp95, lq = fmt(large)
        sp50, sp95, sq = fmt(small)
        if large and large.get("status") == 200 and small and small.get("status") == 200:
            ok = (
                large["p95"] <= GOAL_P95_MS
                and large["queries"] <= GOAL_QUERIES
                and large["queries"] == small["queries"]
            )
            goal = "yes" if ok else "**no**"
        else:
            goal = "n/a"
        lines.append(f"| {row['page']} | {lp50} | {lp95} | {lq} | {sp50} | {sp95} | {sq} | {goal} |")
    return lines


def main() -> None:
    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        sys.exit("make bench needs PostgreSQL: set DATABASE_URL=postgres://…/cocon_bench")
    wall = time.perf_counter()
    print(f"Bench database: {urlparse(url).path.lstrip('/')} (dropped and re-created)", flush=True)
    recreate_database(url)

    import logging

    import django

    django.setup()
    logging.getLogger("axes").setLevel(logging.WARNING)
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    migrate_s = time.perf_counter() - started
    print(f"migrate: {migrate_s:.1f} s", flush=True)

    from bench.seed import seed

    seeded = seed()
    for name, took in seeded.timings.items():
        print(f"seed {name}: {took:.1f} s", flush=True)

    from django.conf import settings

    settings.DEBUG = False  # no per-query logging while timing
    print("reminder sweep …", flush=True)
    sweep = sweep_timing()
    print("capacity PDF …", flush=True)
    try:
        pdf = pdf_timing(seeded)
    except Exception as exc:  # a broken PDF must not hide the page figures
        pdf = [f"| Capacity declaration PDF | failed: {type(exc).__name__} | |"]
    print("pages …", flush=True)
    rows = run_pages(seeded)
    print("locust …", flush=True)
    locust = locust_run()

    import platform

    lines = [
        "# Cocon benchmark (`make bench`)",
        "",
        f"Run on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, PostgreSQL, Django test client in-process "
        f"(server time only, no network), {REQUESTS} requests per page after one warm-up. "
        f"Load average at the end: {os.getloadavg()[0]:.1f} (other work on the machine inflates the times).",
        "",
        "## Data set",
        "",
        "| What | Rows |",
        "|---|---:|",
    ]
    lines += [f"| {k} | {v} |" for k, v in seeded.counts.items()]
    lines += [
        "",
        f"Seed time: {seeded.timings['total']:.0f} s (after migrate {migrate_s:.0f} s): "
        + ", ".join(f"{k} {v:.1f} s" for k, v in seeded.timings.items() if k != "total")
        + ".",
        "",
        "## Pages",
        "",
        "*Large*: a worker/coördinator of a team with 250 cases (50 open), a case with 400 contacts, 1M audit "
        "events in the table. *Small*: the same pages in a team with 1 case and 1 contact. Goal: p95 ≤ "
        f"{GOAL_P95_MS} ms and ≤ {GOAL_QUERIES} queries, the same count at both sizes.",
        "",
    ]
    lines += table(rows)
    lines += [
        "",
        "## Background work and documents",
        "",
        "| What | Time | Notes |",
        "|---|---:|---|",
    ]
    lines += sweep + pdf + locust
    lines += [
        "| Plan PDF (4-page family plan), stored definitive PDF, Chromium print ratio | not run | "
        "not measured in this round |",
        "",
        f"Whole bench: {(time.perf_counter() - wall) / 60:.1f} min.",
        "",
    ]
    text = "\n".join(lines)
    (ROOT / "bench" / "results.md").write_text(text, encoding="utf-8")
    print()
    print(text)


if __name__ == "__main__":
    main()

"""`make bench`: seed a large provider into PostgreSQL, time the main pages, write bench/results.md.

A benchmark, not a test. Needs PostgreSQL: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/cocon_bench).
The database named there is DROPPED and re-created — point it at a throw-away database only.

Every page is measured twice: for a subject in a large team (250 cases, a case with 400 contacts, 1M audit
events in the table) and for a subject in a tiny team (1 case, 1 contact). The query count must be the same
for both: that is the proof that a page does not grow with the data.
"""

from __future__ import annotations

import os
import secrets
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cocon_bench"
os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DEBUG", "1")  # in-process: the test hosts; timings run with settings.DEBUG off (no query log)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cocon.settings")
# One secret for this process and the gunicorn of the Locust run: sessions made here must be valid there.
os.environ.setdefault("SECRET_KEY", "bench-" + secrets.token_urlsafe(48))
DATA_DIR = ROOT / "bench" / ".data"  # git-ignored: uploads and stored PDFs of the run, the Locust virtualenv
MEDIA_DIR = DATA_DIR / "media"
os.environ.setdefault("MEDIA_ROOT", str(MEDIA_DIR))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "30"))
PDF_RUNS = int(os.environ.get("BENCH_PDF_RUNS", "10"))
CHROMIUM = os.environ.get("BENCH_CHROMIUM", "/usr/bin/chromium")
LOCUST_VERSION = "2.47.0"
LOCUST_WARMUP_S = 30
GOAL_P95_MS = 150
GOAL_QUERIES = 15
GOAL_PLAN_PDF_S = 0.35
GOAL_STORED_PDF_MS = 20
GOAL_SWEEP_S = 10
GOAL_LOCUST_P95_MS = 300


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


def measure(client: Any, url: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    def get(url: str) -> Any:
        return client.get(url, headers=headers or {})

    first = get(url)
    reset_queries()  # the seed filled the 9,000-entry query log; a full log captures nothing
    if first.status_code != 200:
        return {"status": first.status_code}
    with CaptureQueriesContext(connection) as ctx:
        get(url)
    queries = len(ctx.captured_queries)  # read now: the next request resets the connection's query log
    times = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return {"status": 200, "queries": queries, "p50": pct(times, 50), "p95": pct(times, 95)}


HX = "htmx"  # in the query slot of a page row: fetch it as htmx does (HX-Request), not as a page


def pages(subject: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """(label, URL name + kwargs, who looks) for every main page that exists."""
    case = subject["case"]
    rows: list[tuple[str, str, dict[str, Any], str, str]] = [
        ("Case list (worker, mine)", "cases-list", {}, "worker", ""),
        ("Case list (coördinator, team)", "cases-list", {}, "coordinator", "?scope=team"),
        ("Case page", "cases-detail", {"code": case.code}, "worker", ""),
        # The case page loads these three sections with htmx as soon as it is shown (cases.views.case_section).
        ("Case page: plan and JIM section", "cases-section", {"code": case.code, "section": "summary"}, "worker", HX),
        (
            "Case page: lists and panels section",
            "cases-section",
            {"code": case.code, "section": "details"},
            "worker",
            HX,
        ),
        ("Case page: timeline section", "cases-section", {"code": case.code, "section": "timeline"}, "worker", HX),
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
            headers = {"HX-Request": "true"} if query == HX else None
            try:
                url = reverse(name, kwargs=kwargs) + ("" if query == HX else query)
            except NoReverseMatch:
                results[label][size] = {"status": "n/a"}
                continue
            if who not in clients:
                clients[who] = login(Client(), subject[who])
            results[label][size] = measure(clients[who], url, headers)
            r = results[label][size]
            print(f"  {size:5} {label:45} {r}", flush=True)
    return [results[k] for k in order]


# --- background work and documents --------------------------------------------------------------------
# A row of the "documents and background work" tables: (what, figure, goal, met, notes); met is True/False/None.
Row = tuple[str, str, str, "bool | None", str]


def yes_no(met: bool | None) -> str:
    return "n/a" if met is None else ("yes" if met else "**no**")


def sweep_timing() -> list[Row]:
    try:
        from reminders.models import Reminder
        from reminders.services import reminders_sweep
    except ImportError:
        return [("Reminder sweep", "n/a", f"≤ {GOAL_SWEEP_S} s", None, "not built")]
    rows: list[Row] = []
    for run in ("first", "second"):
        before = Reminder.objects.count()
        started = time.perf_counter()
        result = reminders_sweep(deliver=False)
        took = time.perf_counter() - started
        created = Reminder.objects.count() - before
        if run == "first":
            goal, met = f"≤ {GOAL_SWEEP_S} s", took <= GOAL_SWEEP_S
        else:
            goal, met = "0 rows created", created == 0
        rows.append(
            (
                f"Reminder sweep over every agreement, {run} run",
                f"{took:.2f} s",
                goal,
                met,
                f"{created} rows created (created={result.created}, escalated={result.escalated}, "
                f"errors={len(result.errors)})",
            )
        )
    return rows


def capacity_pdf_timing(seeded: Any) -> list[Row]:
    try:
        from capacity.models import CapacityDeclaration, CapacityPool
        from capacity.pdf import render_declaration_pdf
    except ImportError:
        return [("Capacity declaration PDF", "n/a", "", None, "not built")]
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
    return [("Capacity declaration PDF (warm, median of 5)", f"{statistics.median(times):.3f} s", "", None, "")]


def demo_family_plan(pk: int | None = None) -> Any:
    """The demo family's plan in force (version 2.0 with its 10 agreements): the typical family safety plan.

    Looked up right after `seed_demo`, while the database holds only the demo (then by primary key)."""
    from django.db.models import Count

    from safetyplans.models import PlanStatus, SafetyPlan

    plans = SafetyPlan.objects.filter(pk=pk) if pk is not None else SafetyPlan.objects.all()
    return (
        plans.filter(status__in=(PlanStatus.FINAL, PlanStatus.ACTIVE, PlanStatus.EVALUATED))
        .annotate(n=Count("agreements"))
        .select_related("case", "case__lead_worker")
        .order_by("-n", "-finalised_on")
        .first()
    )


def page_count(data: bytes) -> str:
    """ "5 A4 pages" (or the paper size when it is not A4)."""
    import io

    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(data)).pages
    width, height = float(pages[0].mediabox.width), float(pages[0].mediabox.height)
    paper = "A4" if abs(width - 595.3) < 2 and abs(height - 841.9) < 2 else f"{width:.0f}×{height:.0f} pt"
    return f"{len(pages)} {paper} pages"


def chromium_html(html: str, plan: Any, printed_on: Any) -> str:
    """The same HTML WeasyPrint gets, with the allowlisted stylesheet and the page footer inlined
    (Chromium cannot read our `cocon-static:` URLs)."""
    from safetyplans import pdf

    link = f'<link rel="stylesheet" href="{pdf.STATIC_PREFIX}safetyplans/plan-print.css">'
    if link not in html:
        raise RuntimeError("the plan template no longer links plan-print.css the way the bench expects")
    css = (pdf.STATIC_DIR / "safetyplans" / "plan-print.css").read_text(encoding="utf-8")
    return html.replace(link, f"<style>{css}\n{pdf.plan_footer_css(plan, printed_on)}</style>")


def children_cpu() -> float:
    """CPU seconds of every finished child process (Chromium's own helpers included)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class Timing:
    """Wall-clock and CPU seconds of repeated runs. The machine is shared: the wall clock includes waiting for
    the CPU; the CPU time is what the work itself costs."""

    def __init__(self, wall: list[float], cpu: list[float]) -> None:
        self.wall, self.cpu = wall, cpu

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)


def timed(fn: Any, runs: int) -> Timing:
    wall, cpu = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    return Timing(wall, cpu)


def chromium_cli_timing(html: str, tmp: Path) -> tuple[Timing, str]:
    """`chromium --headless --print-to-pdf`: one browser process per document, as a server would call it."""
    source = tmp / "plan.html"
    source.write_text(html, encoding="utf-8")
    out = tmp / "chromium.pdf"
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-pdf-header-footer",
        f"--user-data-dir={tmp / 'profile'}",
        f"--print-to-pdf={out}",
        source.as_uri(),
    ]

    def once() -> tuple[float, float]:
        out.unlink(missing_ok=True)
        before = children_cpu()
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
        took = time.perf_counter() - started
        if not out.exists():
            raise RuntimeError("chromium wrote no PDF")
        return took, children_cpu() - before

    once()  # warm: profile folder, binary in the page cache
    runs = [once() for _ in range(5)]
    return Timing([w for w, _c in runs], [c for _w, c in runs]), page_count(out.read_bytes())


def chromium_running_timing(html: str) -> float | None:
    """The same print with one Chromium kept running (Playwright `page.pdf`): the printing alone."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()

            def once() -> None:
                page.set_content(html)
                page.pdf(prefer_css_page_size=True)

            once()
            timing = timed(once, PDF_RUNS)
        finally:
            browser.close()
    return timing.median


def plan_pdf_figures(plan_pk: int | None) -> list[Row]:
    """Issue 8's figures: the family plan rendered warm, a definitive version's stored PDF through the real view,
    and the same HTML printed by headless Chromium."""
    import tempfile

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import translation

    from safetyplans import pdf, selectors
    from safetyplans.views_plans import _plan_extra

    plan = demo_family_plan(plan_pk) if plan_pk is not None else None
    if plan is None:
        return [("Family safety plan PDF", "n/a", "", None, "the demo family has no definitive plan")]
    case = plan.case
    rows: list[Row] = []
    translation.activate("nl-be")
    try:
        # (a) the render alone: template + WeasyPrint, with the data the view loads (loaded once here)
        agreements = selectors.plan_agreements(plan)
        extra = _plan_extra(case, plan, agreements)
        printed_on = plan.finalised_on

        def render() -> bytes:
            return pdf.render_plan_pdf(plan, agreements, document="family", printed_on=printed_on, extra=extra)

        data = render()  # warm: fonts, templates, stylesheet
        weasy_timing = timed(render, PDF_RUNS)
        weasy = weasy_timing.median
        pages = page_count(data)
        rows.append(
            (
                f"Family safety plan PDF, WeasyPrint, warm (median of {PDF_RUNS})",
                f"{weasy:.3f} s (CPU {weasy_timing.cpu_median:.3f} s)",
                f"≤ {GOAL_PLAN_PDF_S} s",
                weasy <= GOAL_PLAN_PDF_S,
                f"demo plan v{plan.label}, {len(agreements)} agreements, {pages}, {len(data) // 1024} kB; "
                f"slowest run {max(weasy_timing.wall):.3f} s; font subsetting: {pdf.font_subsetter()}",
            )
        )

        # (b) a definitive version's stored PDF through the real view (first request renders and stores it)
        client = login(Client(), case.lead_worker)
        url = reverse("safety-plan-pdf", kwargs={"case_code": case.code, "code": plan.code, "document": "family"})
        started = time.perf_counter()
        first = client.get(url)
        first_s = time.perf_counter() - started
        from safetyplans.views_plans import _stored_path

        stored = _stored_path(case, plan, "family")
        if first.status_code != 200 or not stored.exists():
            rows.append(("Stored definitive PDF", f"HTTP {first.status_code}", "", False, "nothing stored"))
            return rows
        stored_bytes = stored.read_bytes()
        renders = []
        original = pdf.render_plan_pdf
        pdf.render_plan_pdf = lambda *a, **k: renders.append(1) or original(*a, **k)
        try:
            with CaptureQueriesContext(connection) as ctx:
                client.get(url)
            queries = len(ctx.captured_queries)

            def fetch() -> None:
                response = client.get(url)
                assert response.status_code == 200 and response.content == stored_bytes, "not the stored file"

            served = timed(fetch, REQUESTS)
        finally:
            pdf.render_plan_pdf = original
        times = [t * 1000 for t in served.wall]
        p95 = pct(times, 95)
        rows.append(
            (
                f"Stored definitive PDF through the view ({REQUESTS} requests)",
                f"p50 {pct(times, 50):.1f} ms, p95 {p95:.1f} ms (CPU p50 {served.cpu_median * 1000:.1f} ms)",
                f"p95 ≤ {GOAL_STORED_PDF_MS} ms",
                p95 <= GOAL_STORED_PDF_MS and not renders,
                f"{queries} queries (session, user, case, plan, audit row, session save), the stored bytes, "
                f"re-rendered {len(renders)} times; first request (render + store) {first_s:.2f} s",
            )
        )

        # (c) the same HTML through headless Chromium
        if not Path(CHROMIUM).exists():
            rows.append(("Same HTML, headless Chromium", "not run", "", None, f"no Chromium at {CHROMIUM}"))
            return rows
        html = chromium_html(
            pdf.plan_pdf_html(plan, agreements, document="family", printed_on=printed_on, extra=extra),
            plan,
            printed_on,
        )
    finally:
        translation.deactivate()
    with tempfile.TemporaryDirectory(prefix="cocon-chromium-") as tmp:
        cli, cli_pages = chromium_cli_timing(html, Path(tmp))
    rows.append(
        (
            "Same HTML, `chromium --headless --print-to-pdf` (median of 5)",
            f"{cli.median:.3f} s (CPU {cli.cpu_median:.3f} s)",
            "",
            None,
            f"{cli_pages}; a new browser process per document; WeasyPrint/Chromium = "
            f"{weasy / cli.median:.2f} (CPU {weasy_timing.cpu_median / cli.cpu_median:.2f})",
        )
    )
    running = chromium_running_timing(html)
    if running is not None:
        rows.append(
            (
                f"Same HTML, Chromium kept running (Playwright `page.pdf`, median of {PDF_RUNS})",
                f"{running:.3f} s",
                "",
                None,
                f"the printing alone, without starting the browser; WeasyPrint/Chromium = {weasy / running:.2f}",
            )
        )
    return rows


# --- Locust: 50 users against a production-shaped gunicorn ---------------------------------------------

# gunicorn's own advice for sync workers: 2 x cores + 1. Sync workers suit a buffering proxy (nginx) in front, and a
# CPU-bound Django request is not slowed down by other requests' threads in the same process (the GIL).
GUNICORN_WORKERS = int(os.environ.get("BENCH_GUNICORN_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
GUNICORN_THREADS = int(os.environ.get("BENCH_GUNICORN_THREADS", "1"))


def locust_executable() -> str | None:
    """BENCH_LOCUST, `locust` on PATH, or a pinned Locust in bench/.data/locust-venv (made once, git-ignored).

    Locust lives in its own virtualenv: it is a load generator, not a dependency of Cocon."""
    exe = os.environ.get("BENCH_LOCUST") or shutil.which("locust")
    if exe:
        return exe
    venv = DATA_DIR / "locust-venv"
    exe_path = venv / "bin" / "locust"
    stamp = venv / f".locust-{LOCUST_VERSION}"
    if not stamp.exists():
        print(f"installing locust=={LOCUST_VERSION} into {venv} …", flush=True)
        shutil.rmtree(venv, ignore_errors=True)
        try:
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            subprocess.run(
                [
                    str(venv / "bin" / "pip"),
                    "install",
                    "-q",
                    "--disable-pip-version-check",
                    f"locust=={LOCUST_VERSION}",
                ],
                check=True,
            )
        except (OSError, subprocess.CalledProcessError) as exc:
            print(f"could not install locust: {exc}", flush=True)
            return None
        stamp.touch()
    return str(exe_path)


def tree_cpu(pid: int) -> float:
    """CPU seconds used so far by a process and its children (gunicorn's master and workers), from /proc."""
    total, todo, tick = 0.0, [pid], os.sysconf("SC_CLK_TCK")
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
            todo += [int(c) for c in Path(f"/proc/{current}/task/{current}/children").read_text().split()]
        except (OSError, ValueError, IndexError):
            continue
    return total


def production_env() -> dict[str, str]:
    """The environment of a production web process: DEBUG off, secret and hosts set, behind a TLS proxy."""
    env = {**os.environ, "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1,localhost"}
    env.pop("DEMO_MFA_BYPASS", None)
    return env


def locust_users(limit: int = 50) -> list[dict[str, Any]]:
    """Fifty seeded context workers, each with a session of their own and their open cases (and plans)."""
    from django.conf import settings
    from django.test import Client

    from cases.models import OPEN_STATUSES, Case
    from cocon.accounts.models import Role, User

    plan_of: dict[Any, str] = {}
    try:
        from safetyplans.models import SafetyPlan

        for case_id, code in SafetyPlan.objects.values_list("case_id", "code").order_by("case_id", "created_at"):
            plan_of.setdefault(case_id, str(code))
    except ImportError:
        pass
    users = []
    workers = User.objects.filter(role=Role.CONTEXT_WORKER, email__endswith="@bench.example").order_by("pk")
    for worker in workers:
        cases = [
            {"code": str(code), "plan": plan_of.get(pk, "")}
            for pk, code in Case.objects.filter(lead_worker=worker, status__in=OPEN_STATUSES).values_list("pk", "code")
        ]
        if cases:
            client = login(Client(), worker)
            users.append({"session": client.cookies[settings.SESSION_COOKIE_NAME].value, "cases": cases})
        if len(users) == limit:
            break
    return users


def locust_run() -> tuple[list[Row], str]:
    """2 minutes, 50 users (bench/locustfile.py) against gunicorn on the bench database, DEBUG off."""
    import csv
    import json
    import tempfile

    exe = locust_executable()
    if not exe:
        return [("Locust, 2 min, 50 users", "not run", "", None, "locust could not be installed")], ""
    tmp = Path(tempfile.mkdtemp(prefix="cocon-locust-"))
    print(f"locust files: {tmp}", flush=True)
    port = os.environ.get("BENCH_PORT", "8712")
    env = production_env()
    # The production static files (hashed names, whitenoise manifest), as `collectstatic` makes them on deploy.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    cookie_name, csrf_name = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME)",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    users = locust_users()
    (tmp / "users.json").write_text(json.dumps(users))
    env.update(
        {
            "BENCH_USERS": str(tmp / "users.json"),
            "BENCH_SESSION_COOKIE": cookie_name,
            "BENCH_CSRF_COOKIE": csrf_name,
        }
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "cocon.wsgi",
            "--workers",
            str(GUNICORN_WORKERS),
            "--threads",
            str(GUNICORN_THREADS),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp / "gunicorn.log", "w"),  # noqa: SIM115 (closed with the process)
    )

    load_before, server_cpu = os.getloadavg()[0], 0.0

    def locust(duration: str, prefix: str) -> None:
        with open(tmp / f"{prefix}.log", "w") as log:
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
                    duration,
                    "--host",
                    f"http://127.0.0.1:{port}",
                    "--csv",
                    str(tmp / prefix),
                    "--only-summary",
                    "--csv-full-history",
                ],
                env=env,
                check=False,
                stdout=subprocess.DEVNULL,
                stderr=log,
                timeout=300,
            )

    try:
        time.sleep(5)
        if server.poll() is not None:
            return [("Locust, 2 min, 50 users", "failed", "", False, f"gunicorn exited, see {tmp}/gunicorn.log")], ""
        # A production server is warm: the first requests of each worker (imports, URL map, template compilation)
        # are not what 50 users see during the day. Same users, same mix, not counted.
        locust(f"{LOCUST_WARMUP_S}s", "warmup")
        load_before = os.getloadavg()[0]
        cpu_before = tree_cpu(server.pid)
        locust("2m", "run")
        server_cpu = tree_cpu(server.pid) - cpu_before
    finally:
        server.terminate()
        server.wait(timeout=30)
    load_after = os.getloadavg()[0]
    stats = tmp / "run_stats.csv"
    if not stats.exists():
        return [("Locust, 2 min, 50 users", "failed", "", False, f"no statistics written, see {tmp}/locust.log")], ""
    rows: list[Row] = []
    total: Row | None = None
    for row in csv.DictReader(stats.open(encoding="utf-8")):
        figure = f"p50 {row['50%']} ms, p95 {row['95%']} ms, p99 {row['99%']} ms"
        errors = int(row["Failure Count"])
        notes = f"{row['Request Count']} requests, {errors} errors, {float(row['Requests/s']):.1f} req/s"
        if row["Name"] == "Aggregated":
            met = float(row["95%"]) <= GOAL_LOCUST_P95_MS and errors == 0
            total = ("Locust, all requests", figure, f"p95 ≤ {GOAL_LOCUST_P95_MS} ms, 0 errors", met, notes)
        else:
            label = row["Name"] if row["Type"] == "GET" else f"{row['Type']} {row['Name']}"
            rows.append((f"Locust {label}", figure, "", None, notes))
    if total:
        rows.append(total)
        requests = int(total[4].split()[0])
        if requests and server_cpu:
            per_request = server_cpu / requests
            rows.append(
                (
                    "Server CPU per request (gunicorn workers, measured run)",
                    f"{per_request * 1000:.0f} ms",
                    "",
                    None,
                    f"{server_cpu:.1f} CPU s for {requests} requests: at that cost {os.cpu_count()} free cores serve "
                    f"about {(os.cpu_count() or 1) / per_request:.0f} requests/s (PostgreSQL's share not included)",
                )
            )
    setup = (
        f"gunicorn `cocon.wsgi --workers {GUNICORN_WORKERS} --threads {GUNICORN_THREADS}` "
        f"({'sync' if GUNICORN_THREADS == 1 else 'gthread'} workers) with the production "
        "settings (DEBUG off, SECRET_KEY and ALLOWED_HOSTS set, hashed static files from `collectstatic`, secure "
        "`__Host-` cookies; Locust sends `X-Forwarded-Proto: https` as the TLS proxy in front would), on the "
        "bench database; Locust on the same 2 cores. Load average "
        f"{load_before:.1f} before, {load_after:.1f} after. Measured after a {LOCUST_WARMUP_S}-s warm-up with the "
        "same users and mix (not counted: a production server is warm)."
    )
    return rows, setup


# --- the report ---------------------------------------------------------------------------------------


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


def row_table(rows: list[Row]) -> list[str]:
    lines = ["| What | Figure | Goal | Goal met | Notes |", "|---|---|---|---|---|"]
    lines += [
        f"| {what} | {figure} | {goal} | {yes_no(met) if goal else ''} | {notes} |"
        for what, figure, goal, met, notes in rows
    ]
    return lines


README_START = "## Benchmark (latest `make bench`, from `bench/results.md`)"


def update_readme(sections: list[str]) -> None:
    """Replace the README's benchmark section (up to the next `## ` heading) with the latest results."""
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    start = text.find(README_START)
    if start < 0:
        print("README.md has no benchmark section; not updated", flush=True)
        return
    end = text.find("\n## ", start + len(README_START))
    end = len(text) if end < 0 else end + 1
    readme.write_text(text[:start] + "\n".join([README_START, "", *sections]) + "\n" + text[end:], encoding="utf-8")


def main() -> None:
    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        sys.exit("make bench needs PostgreSQL: set DATABASE_URL=postgres://…/cocon_bench")
    wall = time.perf_counter()
    print(f"Bench database: {urlparse(url).path.lstrip('/')} (dropped and re-created)", flush=True)
    recreate_database(url)
    shutil.rmtree(MEDIA_DIR, ignore_errors=True)
    MEDIA_DIR.mkdir(parents=True)

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
    # The demo family first (seed_demo loads only into an empty database): its plan is the typical printed plan.
    call_command("seed_demo", verbosity=0)
    demo_plan = demo_family_plan()

    from bench.seed import seed

    seeded = seed()
    for name, took in seeded.timings.items():
        print(f"seed {name}: {took:.1f} s", flush=True)

    from django.conf import settings

    settings.DEBUG = False  # no per-query logging while timing
    print("reminder sweep …", flush=True)
    background = sweep_timing()
    print("PDFs …", flush=True)
    documents: list[Row] = []
    for label, figures in (("Family safety plan PDF", plan_pdf_figures), ("Capacity declaration PDF", None)):
        try:
            documents += figures(demo_plan and demo_plan.pk) if figures else capacity_pdf_timing(seeded)
        except Exception as exc:  # a broken PDF must not hide the page figures
            documents.append((label, f"failed: {type(exc).__name__}: {exc}", "", False, ""))
    for row in documents:
        print("  ", row, flush=True)
    print("pages …", flush=True)
    rows = run_pages(seeded)
    print("locust …", flush=True)
    load, load_setup = locust_run()

    import platform

    whole = (time.perf_counter() - wall) / 60
    header = (
        f"Run on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores (shared with other "
        f"work: load average {os.getloadavg()[0]:.1f} at the end), Python {platform.python_version()}, PostgreSQL. "
        f"Whole bench: {whole:.1f} min."
    )
    data_set = ["| What | Rows |", "|---|---:|"] + [f"| {k} | {v} |" for k, v in seeded.counts.items()]
    seed_line = (
        f"Seed time: {seeded.timings['total']:.0f} s (after migrate {migrate_s:.0f} s): "
        + ", ".join(f"{k} {v:.1f} s" for k, v in seeded.timings.items() if k != "total")
        + "."
    )
    pages_intro = (
        "Django test client in-process (server time only, no network), "
        f"{REQUESTS} requests per page after one warm-up. *Large*: a worker/coördinator of a team with 250 cases "
        "(50 open), a case with 400 contacts, 1M audit events in the table. *Small*: the same pages in a team with "
        f"1 case and 1 contact. Goal: p95 ≤ {GOAL_P95_MS} ms and ≤ {GOAL_QUERIES} queries, the same count at both "
        "sizes."
    )
    documents_intro = (
        "The typical family safety plan is the demo family's plan in force (DOMAIN §10), rendered as the view "
        "renders it; the stored PDF is fetched through the real view (access check, audit row, file read) with "
        "the Django test client; Chromium prints the very same HTML (stylesheet inlined). Times are wall clock with "
        "the CPU time of the work in brackets: on a shared machine the wall clock includes waiting for a CPU (see "
        "the load average above); the CPU time is what the work itself costs."
    )
    load_intro = (
        "50 logged-in context workers (each their own session and cases) for 2 minutes, ramp-up 10 users/s. "
        "Each user waits 3–10 s between clicks (people read and type between clicks; 50 users at that pace are "
        "a busy morning of a large provider). The mix per click: case list 5, case page 4 (the page and its three htmx "
        "sections), contacts of a case 3, "
        "network 2, safety overview 2, safety plan 2, reminders 2, my week 1, and 1 in 22 records a contact "
        "(the form, then the save: a write with its audit row). A redirect (e.g. to the login page) or any non-200 "
        "counts as an error. "
        "Static files are not requested (a browser caches them)."
    )
    sections = [
        header,
        "",
        "### Pages",
        "",
        pages_intro,
        "",
        *table(rows),
        "",
        "### Documents",
        "",
        documents_intro,
        "",
        *row_table(documents),
        "",
        "### Background work",
        "",
        *row_table(background),
        "",
        "### Load (Locust)",
        "",
        load_intro,
        "",
        load_setup,
        "",
        *row_table(load),
        "",
    ]
    lines = [
        "# Cocon benchmark (`make bench`)",
        "",
        *sections[:2],
        "## Data set",
        "",
        *data_set,
        "",
        seed_line,
        "",
        *[line.replace("### ", "## ", 1) if line.startswith("### ") else line for line in sections[2:]],
    ]
    text = "\n".join(lines)
    (ROOT / "bench" / "results.md").write_text(text, encoding="utf-8")
    readme_sections = [
        "`make bench` seeds a large provider into PostgreSQL (200 staff, 5,000 cases, 250,000 contacts, 60,000 "
        "agreements, 300,000 checks, 1,000,000 audit events, plus the demo family) and measures pages, printed "
        "plans, the reminder sweep and 50 users under Locust. Run it with "
        "`DATABASE_URL=postgres://postgres@127.0.0.1:5432/cocon_bench make bench` (that database is dropped and "
        "re-created; the first run installs a pinned Locust into `bench/.data/locust-venv`; the Chromium "
        "comparison uses `/usr/bin/chromium`). The full report, with the data set and seed times, is "
        "`bench/results.md`; below its latest tables. Pages marked **no** are the known work for the "
        "performance issue.",
        "",
        *sections,
    ]
    update_readme(readme_sections)
    print()
    print(text)


if __name__ == "__main__":
    main()

"""SECURITY-RELIABILITY I2/I3/I7: no reminder lost, none doubled, under real faults.

A real Celery worker (subprocess) against the real Redis at REDIS_URL and the real PostgreSQL test database
runs the sweep while we SIGKILL it, shut Redis down and start it again, publish from two "beats" at once and
sweep in this process at the same time. Afterwards every due reminder has exactly one in-app notification
per recipient. Digest e-mails go to an SMTP sink on loopback; duplicates (a kill between the SMTP accept and
the commit) are counted and printed.
"""

from __future__ import annotations

import contextlib
import email
import os
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
from django.conf import settings
from django.db import connection, connections
from django.db.models import Count

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL", "")
CHAOS_SECONDS = float(os.environ.get("COCON_FAULT_SECONDS", "60"))
N_CASES = 1000
N_LATE_CASES = 200
N_WORKERS = 20

pytestmark = [pytest.mark.worker]


def _redis_addr() -> tuple[str, int]:
    parsed = urlparse(REDIS_URL)
    return parsed.hostname or "127.0.0.1", parsed.port or 6379


def _redis_up() -> bool:
    host, port = _redis_addr()
    try:
        with socket.create_connection((host, port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _redis_start() -> None:
    host, port = _redis_addr()
    subprocess.run(
        ["redis-server", "--daemonize", "yes", "--bind", host, "--port", str(port), "--save", "", "--appendonly", "no"],
        check=False,
        stdout=subprocess.DEVNULL,
    )
    for _ in range(50):
        if _redis_up():
            return
        time.sleep(0.1)


def _redis_shutdown() -> None:
    host, port = _redis_addr()
    subprocess.run(
        ["redis-cli", "-h", host, "-p", str(port), "shutdown", "nosave"],
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


class _SmtpSink(socketserver.ThreadingTCPServer):
    """Just enough SMTP to accept Django's messages and keep them (aiosmtpd is not installed here)."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _SmtpHandler)
        self.messages: list[bytes] = []
        self.lock = threading.Lock()


class _SmtpHandler(socketserver.StreamRequestHandler):
    def _say(self, text: str) -> None:
        self.wfile.write(text.encode() + b"\r\n")

    def handle(self) -> None:
        self._say("220 sink")
        data: list[bytes] | None = None
        while True:
            line = self.rfile.readline()
            if not line:
                return
            if data is not None:
                if line.rstrip(b"\r\n") == b".":
                    with self.server.lock:
                        self.server.messages.append(b"".join(data))
                    data = None
                    self._say("250 queued")
                else:
                    data.append(line[1:] if line.startswith(b"..") else line)
                continue
            verb = line[:4].upper()
            if verb == b"EHLO":
                self.wfile.write(b"250-sink\r\n250 8BITMIME\r\n")
            elif verb == b"DATA":
                data = []
                self._say("354 go ahead")
            elif verb == b"QUIT":
                self._say("221 bye")
                return
            else:
                self._say("250 ok")


def _database_url() -> str:
    s = connection.settings_dict
    auth = quote(s["USER"] or "", safe="")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"], safe="")
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or "5432"
    return f"postgres://{auth}@{host}:{port}/{s['NAME']}"


class _Worker:
    """`celery -A cocon worker` in its own process group, so a SIGKILL takes its children too."""

    def __init__(self, env: dict[str, str], queue: str, log: Path) -> None:
        self.env, self.queue, self.log = env, queue, log
        self.proc: subprocess.Popen[bytes] | None = None
        self.kills = 0

    def start(self) -> None:
        handle = self.log.open("ab")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "cocon",
                "worker",
                "-Q",
                self.queue,
                "-c",
                "2",
                "-l",
                "WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"{self.queue}@%h",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
            self.kills += 1
        self.proc = None


def _make_cases(team, workers, count: int, today: date) -> list:
    from cases.models import Case

    rows = [
        Case(
            reference=f"FLT-{uuid.uuid4().hex[:12]}",
            family_name="Gezin Fout",
            team=team,
            lead_worker=workers[i % len(workers)],
            co_worker=workers[(i + 1) % len(workers)],
            status="referred",
            referred_on=today - timedelta(days=9),
        )
        for i in range(count)
    ]
    return Case.objects.bulk_create(rows)


@pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set: the fault test needs a real Redis (CI sets it)")
def test_no_reminder_is_lost_or_doubled_when_worker_redis_and_beat_fail(
    pg_flushable, transactional_db, tmp_path, capsys
):
    if connection.vendor != "postgresql":
        pytest.skip("the fault test needs PostgreSQL (DATABASE_URL): the worker process must see the test database")
    if not _redis_up():
        pytest.skip(f"Redis at {REDIS_URL} is unreachable")

    from celery import Celery

    from cocon.accounts.models import Role
    from cocon.accounts.tests.factories import TeamFactory, UserFactory
    from reminders.models import DigestLog, Notification, Reminder, Status
    from reminders.services import reminders_send_digests, reminders_sweep

    today = date.today()
    team = TeamFactory(name="Team Fout")
    workers = [UserFactory(role=Role.CONTEXT_WORKER, team=team) for _ in range(N_WORKERS)]
    _make_cases(team, workers, N_CASES, today)

    sink = _SmtpSink()
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    queue = f"reminders-fault-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cocon.settings",
        "COCON_TESTING": "1",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": REDIS_URL,
        "CELERY_BROKER_URL": REDIS_URL,
        "MAIL_HOST": "127.0.0.1",
        "MAIL_PORT": str(sink.server_address[1]),
        "MAIL_USE_TLS": "0",
        "MAIL_USER": "",
        "CONN_MAX_AGE": "0",
    }
    worker = _Worker(env, queue, tmp_path / "worker.log")
    producer = Celery("fault-producer", broker=REDIS_URL)
    producer.conf.broker_connection_timeout = 1
    producer.conf.broker_connection_retry = False
    stop = threading.Event()
    published = Counter()
    faults = Counter()
    sweep_errors: list[str] = []

    def beat(name: str) -> None:
        """A beat: publishes the sweep (and now and then the digest); Redis down means it fails and goes on."""
        n = 0
        while not stop.is_set():
            n += 1
            task = "reminders.tasks.reminders_digest_task" if n % 10 == 0 else "reminders.tasks.reminders_sweep_task"
            try:
                producer.send_task(task, queue=queue, retry=False, expires=30)
                published[name] += 1
            except Exception:
                published[f"{name}-failed"] += 1
            stop.wait(0.25)

    def local_sweeper() -> None:
        """A sweep in this process, at the same time as the worker's (two sweeps at once)."""
        try:
            while not stop.is_set():
                reminders_sweep()
                stop.wait(0.5)
        except Exception as exc:
            sweep_errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=beat, args=(f"beat{i}",), daemon=True) for i in (1, 2)]
    sweeper = threading.Thread(target=local_sweeper, daemon=True)
    try:
        worker.start()
        for thread in threads:
            thread.start()
        # First the worker alone: proof that the beat → Redis → worker → sweep path works at all.
        deadline = time.monotonic() + 60
        while Reminder.objects.filter(rule_code="R-START").count() < N_CASES and time.monotonic() < deadline:
            time.sleep(0.5)
        worker_alone = Reminder.objects.filter(rule_code="R-START").count()
        sweeper.start()
        threads.append(sweeper)
        started = time.monotonic()
        late_added = False
        step = 0
        while time.monotonic() - started < CHAOS_SECONDS:
            step += 1
            time.sleep(2.5)
            if not late_added and time.monotonic() - started > CHAOS_SECONDS / 3:
                _make_cases(team, workers, N_LATE_CASES, today)  # new due rows while faults go on
                late_added = True
            if step % 4 == 0:
                _redis_shutdown()
                faults["redis restart"] += 1
                time.sleep(1.5)
                _redis_start()
            worker.kill()
            faults["worker SIGKILL"] += 1
            time.sleep(0.3)
            worker.start()
        # Faults over: Redis up, one fresh worker, the beats go on until everything is delivered.
        if not _redis_up():
            _redis_start()
        worker.kill()
        worker.start()
        deadline = time.monotonic() + 90
        expected_users = set(Notification.objects.values_list("user_id", flat=True))
        while time.monotonic() < deadline:
            pending = Reminder.objects.filter(rule_code="R-START", status=Status.OPEN, delivery="pending").count()
            missing_digests = len(expected_users) - DigestLog.objects.filter(day=today, sent_at__isnull=False).count()
            all_rows = Reminder.objects.filter(rule_code="R-START").count() == N_CASES + N_LATE_CASES
            if all_rows and not pending and missing_digests <= 0:
                break
            time.sleep(1)
            expected_users = set(Notification.objects.values_list("user_id", flat=True))
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=15)
        worker.kill()
        if not _redis_up():
            _redis_start()
        sink.shutdown()
        sink.server_close()

    reminders = Reminder.objects.filter(rule_code="R-START")
    notes = Notification.objects.filter(reminder__in=reminders)
    doubles = notes.values("reminder_id", "user_id").annotate(n=Count("id")).filter(n__gt=1).count()
    expected = sum(len(r) for r in reminders.values_list("recipient_ids", flat=True))
    lost = expected - notes.count()
    undelivered = reminders.filter(delivery="pending").count()

    ids = [email.message_from_bytes(raw)["Message-ID"] for raw in sink.messages]
    per_id = Counter(ids)
    email_duplicates = sum(n - 1 for n in per_id.values())
    digest_users = set(notes.values_list("user_id", flat=True))
    emails_lost = len(digest_users) - len(per_id)
    log = (tmp_path / "worker.log").read_text(errors="ignore")[-2000:]
    with capsys.disabled():
        print(
            f"\nfault test: worker alone created {worker_alone}; {reminders.count()} reminders, {notes.count()} notifications (expected {expected}); "
            f"lost {lost}, duplicate {doubles}, undelivered {undelivered}; "
            f"faults {dict(faults)}; published {dict(published)}; "
            f"e-mails {len(ids)} sent, {len(per_id)} distinct, {email_duplicates} duplicate, {emails_lost} lost; "
            f"DB settings {settings.DATABASES['default']['NAME']}"
        )
    assert sweep_errors == []
    assert worker_alone == N_CASES, f"the worker alone created {worker_alone} reminders\n{log}"
    assert reminders.count() == N_CASES + N_LATE_CASES, log
    assert undelivered == 0, log
    assert lost == 0
    assert doubles == 0
    assert faults["worker SIGKILL"] >= 10
    assert faults["redis restart"] >= 2
    # Every user got a digest; a duplicate is allowed only for a kill between SMTP accept and commit.
    assert emails_lost == 0, log
    assert email_duplicates <= faults["worker SIGKILL"]
    reminders_send_digests()  # a run after all that sends nothing more

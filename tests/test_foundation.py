"""The base every capability stands on: start-up rules, health, language, demo data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from cases.models import Case
from cocon.accounts.models import Role, User

ROOT = Path(__file__).resolve().parent.parent


def _run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "COCON_TESTING"}}
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "cocon.settings"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60)


def test_web_app_refuses_to_start_without_secret_key_when_debug_is_off():
    result = _run_python("import cocon.wsgi", ALLOWED_HOSTS="cocon.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_web_app_refuses_to_start_without_allowed_hosts_when_debug_is_off():
    result = _run_python("import cocon.wsgi", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_web_app_starts_with_production_settings():
    result = _run_python("import cocon.wsgi", SECRET_KEY="x" * 60, ALLOWED_HOSTS="cocon.example.org")
    assert result.returncode == 0, result.stderr


def test_time_zone_and_language_defaults(settings):
    assert settings.TIME_ZONE == "Europe/Brussels"
    assert settings.USE_TZ is True
    assert settings.LANGUAGE_CODE == "nl-be"


@pytest.mark.django_db
def test_health_reports_database_and_broker_without_versions(client):
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert set(body) == {"status", "database", "broker"}
    assert "version" not in response.content.decode().lower()


@pytest.mark.django_db
def test_health_says_degraded_not_error_when_the_broker_is_down(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "broker": "degraded"}


@pytest.mark.django_db
def test_login_page_is_dutch_even_for_an_english_browser(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert response["Content-Language"] == "nl-be"
    assert 'lang="nl-be"' in response.content.decode()


@pytest.mark.django_db
def test_user_can_switch_the_interface_to_english():
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    response = client.get("/accounts/login/")
    assert response["Content-Language"] == "en"


@pytest.mark.django_db
def test_seed_demo_loads_every_role_in_two_teams_and_only_into_an_empty_database():
    call_command("seed_demo")
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {r.value for r in Role}
    workers = User.objects.filter(role=Role.CONTEXT_WORKER)
    assert workers.values("team").distinct().count() == 2
    demo = Case.objects.get(reference="COC-2025-014")
    assert demo.consultant.email == "nadia@ocj.example"
    assert User.objects.filter(role=Role.CONSULTANT).exclude(consulted_cases=demo).exists()
    count = User.objects.count()
    call_command("seed_demo", "--if-empty")
    assert User.objects.count() == count


@pytest.mark.django_db
def test_demo_dates_put_the_demo_today_on_the_real_today():
    from django.utils import timezone

    call_command("seed_demo")
    demo = Case.objects.get(reference="COC-2025-014")
    # Referred Monday 03/03/2025, demo today Monday 16/06/2025: 105 days earlier.
    assert (timezone.localdate() - demo.referred_on).days == 105


@pytest.mark.django_db
@pytest.mark.parametrize("chosen", [None, "8123"])
def test_make_run_prints_the_address_the_web_process_listens_on(monkeypatch, chosen):
    """The banner runs in make's environment, the web process under honcho, which adds PORT=5000 to it."""
    import io
    import re

    web = next(line for line in (ROOT / "Procfile.dev").read_text().splitlines() if line.startswith("web:"))
    variable, default = re.search(r"runserver 127\.0\.0\.1:\$\{(\w+):-(\d+)\}", web).groups()
    monkeypatch.delenv("PORT", raising=False)
    monkeypatch.delenv("COCON_PORT", raising=False)
    if chosen:
        monkeypatch.setenv("COCON_PORT", chosen)  # the README's way to pick another port
    under_honcho = {**os.environ, "PORT": "5000"}
    listens_on = under_honcho.get(variable) or default
    out = io.StringIO()
    call_command("demo_banner", stdout=out)
    assert f"Cocon draait op http://127.0.0.1:{listens_on}/" in out.getvalue()

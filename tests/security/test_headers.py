"""E1, E2: security headers on every kind of response; deploy checks clean in production."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.http import HttpResponse
from django.middleware.csp import ContentSecurityPolicyMiddleware, get_nonce
from django.template import RequestContext, Template
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "5fYtJk2F2u8NncG5ooNccSwINAp5lVU0Fx85bQnISmDKEKmAmIgUtbCvJjt0x53Z",  # test-only
    "MAIL_HOST": "smtp.example.org",
    "MFA_ENCRYPTION_KEY": "test-only-mfa-key-0b1f6c2e9d4a7f3e8c5b",
    "ALLOWED_HOSTS": "cocon.example.org",
    "DATABASE_URL": "postgres://cocon:cocon@127.0.0.1:5432/cocon",
}


def _production_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "COCON_TESTING",
            "DATABASE_URL",
            "SECURE_COOKIES",
            "DEMO_MFA_BYPASS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    return {**env, "DJANGO_SETTINGS_MODULE": "cocon.settings", **PRODUCTION_ENV, **extra}


def _csp_directives(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def assert_security_headers(response) -> None:
    csp = _csp_directives(response["Content-Security-Policy"])
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert "'self'" in csp["script-src"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_login_page_carries_the_header_set(db):
    assert_security_headers(Client().get(reverse("account_login")))


def test_signed_in_page_404_and_403_carry_the_header_set(worker, other_case, client_for):
    client = client_for(worker)
    assert_security_headers(client.get(reverse("dashboard")))
    not_found = client.get(reverse("cases-detail", kwargs={"code": other_case.code}))
    assert not_found.status_code == 404
    assert_security_headers(not_found)
    forbidden = client.get(reverse("audit-case-log", kwargs={"case_code": other_case.code}))
    assert_security_headers(forbidden)
    assert_security_headers(client.get("/does-not-exist/"))


def test_csp_nonce_in_the_template_is_the_nonce_in_the_header(rf: RequestFactory):
    def view(request):
        return HttpResponse(Template("{{ csp_nonce }}").render(RequestContext(request)))

    request = rf.get("/")
    middleware = ContentSecurityPolicyMiddleware(view)
    middleware.process_request(request)
    response = middleware.process_response(request, view(request))
    nonce = response.content.decode()
    assert len(nonce) >= 16
    script_src = _csp_directives(response["Content-Security-Policy"])["script-src"]
    assert f"'nonce-{nonce}'" in script_src
    assert get_nonce(request) == nonce  # views use this (Django has no public request.csp_nonce)


def test_no_inline_script_in_the_login_page(db):
    html = Client().get(reverse("account_login")).content.decode()
    for chunk in html.split("<script")[1:]:
        tag = chunk.split(">", 1)[0]
        assert "src=" in tag or 'type="application/json"' in tag, f"inline script: <script{tag}>"
    assert " style=" not in html


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_SSL_REDIRECT=False)
def test_hsts_on_https(db):
    response = Client().get(reverse("account_login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_production_settings_are_hardened():
    code = (
        "import json; from cocon import settings as s; print(json.dumps({k: getattr(s, k) for k in "
        "['DEBUG','SESSION_COOKIE_NAME','CSRF_COOKIE_NAME','SESSION_COOKIE_SECURE','CSRF_COOKIE_SECURE',"
        "'SESSION_COOKIE_HTTPONLY','SESSION_COOKIE_SAMESITE','SECURE_HSTS_SECONDS','SECURE_HSTS_INCLUDE_SUBDOMAINS',"
        "'SECURE_SSL_REDIRECT','DEMO_MFA_BYPASS','SESSION_COOKIE_AGE','PASSWORD_RESET_TIMEOUT']}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=_production_env(), cwd=BASE_DIR, capture_output=True, text=True, check=True
    )
    values = json.loads(out.stdout.strip().splitlines()[-1])
    assert values == {
        "DEBUG": False,
        "SESSION_COOKIE_NAME": "__Host-sessionid",
        "CSRF_COOKIE_NAME": "__Host-csrftoken",
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_SSL_REDIRECT": True,
        "DEMO_MFA_BYPASS": False,
        "SESSION_COOKIE_AGE": 1800,
        "PASSWORD_RESET_TIMEOUT": 3600,
    }


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=_production_env(),
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("overrides", "check_id"),
    [
        ({"SECURE_CSP": {}}, "cocon.E001"),
        ({"SESSION_COOKIE_AGE": 3600}, "cocon.W004"),
        ({"PASSWORD_RESET_TIMEOUT": 3 * 24 * 3600}, "cocon.W007"),
        ({"PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"]}, "cocon.E009"),
        ({"DEMO_MFA_BYPASS": True}, "cocon.E011"),
        ({"AXES_COOLOFF_TIME": None}, "cocon.W013"),
        ({"MFA_ENCRYPTION_KEY": ""}, "cocon.W014"),
    ],
)
@pytest.mark.django_db  # the model checks ask the database what it supports (SQLite: JSON)
def test_project_deploy_checks_catch_weak_settings(overrides, check_id):
    with override_settings(**overrides):
        ids = {m.id for m in run_checks(include_deployment_checks=True)}
    assert check_id in ids


def test_project_deploy_checks_catch_missing_connection_health_checks():
    from cocon.checks import database_problems

    assert [m.id for m in database_problems({"default": {"CONN_HEALTH_CHECKS": False}})] == ["cocon.W008"]
    assert database_problems({"default": {"CONN_HEALTH_CHECKS": True}}) == []

"""Project deploy checks: what `check --deploy` does not know about Cocon (SECURITY E2).

Run with `manage.py check --deploy --fail-level WARNING`; every item here is a WARNING or worse.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

MAX_SESSION_AGE = 30 * 60
MAX_RESET_TIMEOUT = 60 * 60
MAX_ABSOLUTE_SESSION = 12 * 60 * 60
STRONG_HASHERS = (
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
)


def database_problems(databases: dict[str, dict[str, Any]]) -> list[Warning | Error]:
    return [
        Warning(f"DATABASES[{alias!r}] needs CONN_HEALTH_CHECKS = True.", id="cocon.W008")
        for alias, db in databases.items()
        if not db.get("CONN_HEALTH_CHECKS")
    ]


@register(Tags.security, deploy=True)
def cocon_deploy_checks(app_configs: Any = None, **kwargs: Any) -> list[Warning | Error]:
    problems: list[Warning | Error] = []
    csp = getattr(settings, "SECURE_CSP", None) or {}
    if not csp:
        problems.append(Error("SECURE_CSP is empty: no Content-Security-Policy is sent.", id="cocon.E001"))
    else:
        scripts = [str(s) for s in csp.get("script-src", csp.get("default-src", []))]
        if any(s in ("'unsafe-inline'", "'unsafe-eval'") for s in scripts):
            problems.append(Error("SECURE_CSP allows unsafe-inline or unsafe-eval scripts.", id="cocon.E002"))
        for directive in ("object-src", "base-uri", "frame-ancestors"):
            if [str(s) for s in csp.get(directive, [])] != ["'none'"]:
                problems.append(Warning(f"SECURE_CSP should set {directive} 'none'.", id="cocon.W003"))
    if settings.SESSION_COOKIE_AGE > MAX_SESSION_AGE:
        problems.append(
            Warning(f"SESSION_COOKIE_AGE is above {MAX_SESSION_AGE} s (30 min idle timeout).", id="cocon.W004")
        )
    if not settings.SESSION_SAVE_EVERY_REQUEST:
        problems.append(Warning("SESSION_SAVE_EVERY_REQUEST must be on for the idle timeout.", id="cocon.W005"))
    if getattr(settings, "SESSION_ABSOLUTE_SECONDS", MAX_ABSOLUTE_SESSION + 1) > MAX_ABSOLUTE_SESSION:
        problems.append(Warning("SESSION_ABSOLUTE_SECONDS is above 12 hours.", id="cocon.W006"))
    if settings.PASSWORD_RESET_TIMEOUT > MAX_RESET_TIMEOUT:
        problems.append(Warning(f"PASSWORD_RESET_TIMEOUT is above {MAX_RESET_TIMEOUT} s (1 hour).", id="cocon.W007"))
    problems += database_problems(settings.DATABASES)
    if settings.PASSWORD_HASHERS[0] not in STRONG_HASHERS:
        problems.append(Error("The first PASSWORD_HASHERS entry must be Argon2 or PBKDF2.", id="cocon.E009"))
    if settings.DEBUG:
        problems.append(Error("DEBUG must be off in production.", id="cocon.E010"))
    if getattr(settings, "DEMO_MFA_BYPASS", False):
        problems.append(Error("DEMO_MFA_BYPASS must be off in production.", id="cocon.E011"))
    if settings.SESSION_ENGINE in ("django.contrib.sessions.backends.cache", "django.contrib.sessions.backends.file"):
        problems.append(Warning("Sessions must live in the database.", id="cocon.W012"))
    if not getattr(settings, "MFA_ENCRYPTION_KEY", ""):
        problems.append(
            Warning(
                "MFA_ENCRYPTION_KEY is not set: TOTP secrets are encrypted with a key derived from SECRET_KEY, "
                "so rotating SECRET_KEY would lock everyone out of their second factor.",
                id="cocon.W014",
            )
        )
    if getattr(settings, "AXES_COOLOFF_TIME", None) is None:
        problems.append(Warning("AXES_COOLOFF_TIME must be set (None locks accounts forever).", id="cocon.W013"))
    return problems

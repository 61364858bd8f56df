from __future__ import annotations

import logging

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _broker_ok() -> bool:
    """Ask the broker with a short timeout: /health/ must answer fast when Redis is down."""
    from cocon.celery import app

    try:
        # The URL from settings, read per call: a pooled connection must not hide a broker that went away.
        with app.connection_for_write(url=settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, timeout=1)
        return True
    except Exception:  # any broker failure means "degraded", never a 500
        logger.warning("health: broker unreachable")
        return False


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """State of the database and the broker; no versions, no personal data."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        db_ok = True
    except Exception:
        logger.exception("health: database unreachable")
        db_ok = False
    broker_ok = _broker_ok()
    status = "ok" if db_ok and broker_ok else ("degraded" if db_ok else "down")
    body = {
        "status": status,
        "database": "ok" if db_ok else "down",
        "broker": "ok" if broker_ok else "degraded",
    }
    return JsonResponse(body, status=200 if db_ok else 503)


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Standalone page: a bad Host header or a suspicious request may fail before the user is known."""
    return _standalone("400.html", {}, status=400)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    """Dutch, no traceback, no exception text; the request id links the person's report to the log line."""
    return _standalone("500.html", {"request_id": getattr(request, "request_id", "")}, status=500)


def _standalone(template: str, context: dict[str, object], *, status: int) -> HttpResponse:
    """Rendered without the request: no context processors (user, menu, reminder bell) that could fail
    in turn when the error came from the database or from a request the middleware refused."""
    return HttpResponse(loader.get_template(template).render(context), status=status)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


__all__ = ["csrf_failure", "error_400", "error_403", "error_404", "error_500", "health", "settings"]

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from .models import Outcome
from .services import audit_record


@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action="accounts.login.succeeded", obj=user, request=request)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action="accounts.logout", obj=user, request=request)


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any) -> None:
    # The attempted address is not stored (it may be a mistyped password); the account is, if it exists.
    login = (credentials.get("email") or credentials.get("username") or credentials.get("login") or "").lower()
    user = get_user_model().objects.filter(email=login).first() if login else None
    audit_record(
        actor=None,
        action="accounts.login.failed",
        obj=user,
        outcome=Outcome.DENIED,
        request=request,
    )

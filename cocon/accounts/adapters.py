from __future__ import annotations

import base64
import hashlib
import time
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet
from django.conf import settings
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are made by the beheerder; nobody signs themselves up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Step-up (SECURITY B8): a password or second factor entered in the last
        ACCOUNT_REAUTHENTICATION_TIMEOUT seconds counts — including the login itself, so that the forced
        enrolment right after the first login does not ask for the password a second time."""
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = context.request
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return True
        window = settings.ACCOUNT_REAUTHENTICATION_TIMEOUT
        now = time.time()
        for record in get_authentication_records(request, user):
            if record.get("method") in ("password", "mfa") and now - float(record.get("at", 0)) < window:
                return False
        return True


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets and the recovery-code seed are encrypted at rest (allauth stores them in the clear
    by default). The key is MFA_ENCRYPTION_KEY, or derived from SECRET_KEY when that is not set."""

    PREFIX = "fernet:"

    def _fernet(self) -> Fernet:
        material = getattr(settings, "MFA_ENCRYPTION_KEY", "") or settings.SECRET_KEY
        key = hashlib.sha256(f"cocon-mfa:{material}".encode()).digest()
        return Fernet(base64.urlsafe_b64encode(key))

    def encrypt(self, text: str) -> str:
        return self.PREFIX + self._fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        if not encrypted_text.startswith(self.PREFIX):
            return encrypted_text  # written before encryption was switched on
        return self._fernet().decrypt(encrypted_text.removeprefix(self.PREFIX).encode()).decode()

"""Test overrides: fast hashing, in-memory mail; the database comes from DATABASE_URL or SQLite."""

import os

os.environ.setdefault("COCON_TESTING", "1")

from .settings import *  # noqa: F403
from .settings import DATABASES, MIDDLEWARE

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
DEMO_MFA_BYPASS = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": None}  # in memory
else:
    # The test flush between transactional tests TRUNCATEs the audit table; the append-only trigger
    # allows that only on connections that carry this setting (audit migration 0003).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c cocon.allow_audit_truncate=on"
__all__ = ["MIDDLEWARE"]

"""Cocon settings: one module, driven by the environment.

Defaults are those of `make run` on a bare machine (SQLite under var/, kombu's filesystem broker,
DEBUG on only when asked for). Production sets DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
TESTING = env.bool("COCON_TESTING", default=False)

# Defaults only for the demo and the tests. With DEBUG off, a missing SECRET_KEY or ALLOWED_HOSTS
# leaves them empty: the WSGI/ASGI entry points then refuse to start (cocon.startup), while
# management commands such as makemigrations still work on a bare checkout.
if DEBUG or TESTING:
    SECRET_KEY = env.str("SECRET_KEY", default="insecure-dev-only-key-do-not-use-in-production-0123456789")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
else:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "cocon.views.csrf_failure"
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Before allauth, so that our account/MFA templates override allauth's.
    "cocon.accounts",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_filters",
    "cocon.audit",
    "cases",
    "network",
    "safetyplans",
    # Top layer: they read from every domain app; no domain app imports them.
    "capacity",
    "reminders",
    "insight",
]

MIDDLEWARE = [
    # First: every later layer (axes, rate limits, audit) sees the client's address, not the proxy's.
    "cocon.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cocon.audit.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cocon.middleware.DutchFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Outside the session checks below, so that their login redirects reach htmx as HX-Redirect too.
    "cocon.middleware.HtmxLoginRedirectMiddleware",
    "axes.middleware.AxesMiddleware",
    # After authentication and allauth: these decide what a signed-in session may reach.
    "cocon.middleware.SessionLimitsMiddleware",
    "cocon.middleware.MfaRequiredMiddleware",
    "cocon.middleware.NoStoreMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
]

ROOT_URLCONF = "cocon.urls"
WSGI_APPLICATION = "cocon.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cocon.accounts.context_processors.navigation",
                "reminders.context_processors.reminder_bell",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'cocon.sqlite3'}"),
}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Worker, beat and web share one SQLite file in `make run`: wait for the lock instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USING_EMBEDDED_DB = DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"

# Sessions, lockouts and caches live in the database: with Redis down every page still works.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "cocon_cache",
    }
}
# Database sessions; an expired session's row is deleted as soon as it is presented (idle timeout).
SESSION_ENGINE = "cocon.accounts.sessions"

# --- Authentication -----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "first_name", "last_name")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 3600
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "cocon.accounts.adapters.AccountAdapter"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# django-axes is the lockout authority (5 per address and account, 15 min); allauth's own limit stays
# looser so that it never answers first, and still throttles one address guessing many accounts.
ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip,10/5m/key"}
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_REAUTHENTICATION_REQUIRED = True  # e-mail changes ask for the password again (B8)
MFA_ADAPTER = "cocon.accounts.adapters.MFAAdapter"
MFA_ENCRYPTION_KEY = env.str("MFA_ENCRYPTION_KEY", default="")
MFA_FORMS = {
    "add_webauthn": "cocon.accounts.forms.CoconAddWebAuthnForm",
    "edit_webauthn": "cocon.accounts.forms.CoconEditWebAuthnForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TOTP_ISSUER = "Cocon"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
MFA_RECOVERY_CODE_COUNT = 10
MFA_TOTP_TOLERANCE = 1
MFA_TRUST_ENABLED = False  # every login asks for the second factor again
# Only the demo set-up (DEBUG on, embedded database) may let the demo users skip the second factor.
DEMO_MFA_BYPASS = DEBUG and USING_EMBEDDED_DB and env.bool("DEMO_MFA_BYPASS", default=True)

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "cocon.accounts.security.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_VERBOSE = False  # every login and failure is in the audit log already

# The reverse proxy's address(es) or network(s): only from there is X-Forwarded-For believed
# (cocon.middleware.TrustedProxyMiddleware). Empty: REMOTE_ADDR is the client, the header is ignored.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

# --- Sessions and cookies -----------------------------------------------------------------------
SESSION_COOKIE_AGE = 30 * 60  # idle timeout; renewed on every request
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60  # enforced by cocon.middleware.SessionLimitsMiddleware
SESSION_WARNING_SECONDS = 5 * 60
SESSION_COOKIE_HTTPONLY = True
# Flash messages ride in the (server-side) session, not in a cookie of their own.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE = env.bool("SECURE_COOKIES", default=not DEBUG and not TESTING)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
if SECURE:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Security headers ---------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# Passkeys (WebAuthn) need publickey-credentials-*; everything else a case file never needs is off.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "accelerometer": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "publickey-credentials-create": ["self"],
    "publickey-credentials-get": ["self"],
}

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl-be", "Nederlands"), ("en", "English")]  # each in its own language
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["cocon.formats"]

# --- Static and uploaded files ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not (DEBUG or TESTING)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploads (drawings, signed scans) live outside static/ and have no public URL: only an
# access-checked view serves them.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "files")
# No URL route serves this prefix: uploads are reachable only through access-checked views.
MEDIA_URL = "/_no_public_media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
UPLOAD_MAX_BYTES = 10 * 1024 * 1024

# --- Mail ---------------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Cocon <noreply@cocon.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# SMTP when MAIL_HOST is set; otherwise mails are written to var/mail/ (the demo set-up).
if env.str("MAIL_HOST", default=""):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env.str("MAIL_HOST"),
                "port": env.int("MAIL_PORT", default=587),
                "username": env.str("MAIL_USER", default=""),
                "password": env.str("MAIL_PASSWORD", default=""),
                "use_tls": env.bool("MAIL_USE_TLS", default=True),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(VAR_DIR / "mail")},
        }
    }

# --- Celery -------------------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {"visibility_timeout": 3600}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS.update(
        {
            "data_folder_in": str(_broker_dir / "out"),
            "data_folder_out": str(_broker_dir / "out"),
            "processed_folder": str(_broker_dir / "processed"),
            "store_processed": False,
        }
    )
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 90
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = False
# A static schedule: django-celery-beat caps Django below 6.1.
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "cocon-heartbeat": {
        "task": "cocon.tasks.heartbeat",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Reminders are rows: one idempotent sweep a minute creates, resolves and delivers them (DESIGN rule 5).
    "reminders-sweep": {
        "task": "reminders.tasks.reminders_sweep_task",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # The daily digest at 07:00 Brussels time (CELERY_TIMEZONE); idempotent per user per day.
    "reminders-digest": {
        "task": "reminders.tasks.reminders_digest_task",
        "schedule": crontab(hour=7, minute=0),
        "options": {"expires": 3600},
    },
    # Planned free-place declarations whose day has come are sent; places unfilled 7 days lapse.
    # Nightly housekeeping: expired sessions out of the database; closed cases past retention.
    "accounts-clear-expired-sessions": {
        "task": "cocon.accounts.tasks.clear_expired_sessions",
        "schedule": crontab(hour=2, minute=15),
        "options": {"expires": 3600},
    },
    # Tamper-evidence: new audit events are sealed into the hash chain (cocon/audit/chain.py).
    "audit-seal-chain": {
        "task": "cocon.audit.tasks.seal_audit_chain",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "audit-apply-retention": {
        "task": "cocon.audit.tasks.apply_retention",
        "schedule": crontab(hour=2, minute=45),
        "options": {"expires": 3600},
    },
    "capacity-daily": {
        "task": "capacity.tasks.daily",
        "schedule": crontab(hour=6, minute=30),
        "options": {"expires": 3600},
    },
}

# --- Forms, messages, logging -------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "cocon.audit.middleware.RequestIdLogFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs every rendering step at INFO; keep its warnings only.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Privacy ------------------------------------------------------------------------------------
# Closed cases are anonymised/deleted this many days after their closing date (apply_retention).
RETENTION_DAYS = env.int("RETENTION_DAYS", default=5 * 365)
# The one case gate, looked up by name so that cocon.audit imports no domain app.
COCON_CASE_GATE = "cases.selectors.get_case_for"

# --- Cocon --------------------------------------------------------------------------------------
DEMO_TODAY = "2025-06-16"  # the demo case's "today" (DOMAIN §10); seed_demo shifts it to the real today

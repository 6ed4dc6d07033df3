"""Vigil's settings: every value comes from the environment.

`VIGIL_MODE` is `production` (the default), `demo` (what `make run` uses) or
`test`. Production refuses to start when a secret is missing; `make run` writes
throw-away development keys to `var/dev.env` and exports them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from vigil.core.sqlite_statistics import StatisticsKeepingConnection

BASE_DIR = Path(__file__).resolve().parent.parent
env = os.environ


def _flag(name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env.get(name, default).split(",") if item.strip()]


VIGIL_MODE = env.get("VIGIL_MODE", "production")
if VIGIL_MODE not in {"production", "demo", "test"}:
    raise ImproperlyConfigured(f"VIGIL_MODE must be production, demo or test, not {VIGIL_MODE!r}.")
PRODUCTION = VIGIL_MODE == "production"
DEMO_MODE = VIGIL_MODE == "demo"

_REQUIRED_SECRETS = (
    "VIGIL_SECRET_KEY",
    "VIGIL_DATA_KEYS",
    "VIGIL_BLIND_INDEX_KEY",
    "VIGIL_AUDIT_KEYS",
)
_missing = [name for name in _REQUIRED_SECRETS if not env.get(name)]
if PRODUCTION and not env.get("VIGIL_ALLOWED_HOSTS"):
    _missing.append("VIGIL_ALLOWED_HOSTS")
if _missing:
    raise ImproperlyConfigured(
        "Vigil cannot start: missing environment variable(s) "
        + ", ".join(_missing)
        + ". See docs/operations.md (for a local demo, use `make run`)."
    )

SECRET_KEY = env["VIGIL_SECRET_KEY"]
# Data keys: "id:base64key,id2:base64key"; the first encrypts, all decrypt.
VIGIL_DATA_KEYS = env["VIGIL_DATA_KEYS"]
VIGIL_BLIND_INDEX_KEY = env["VIGIL_BLIND_INDEX_KEY"]
# Audit chain keys, same form: events are keyed with the first; keep old ones to verify.
VIGIL_AUDIT_KEYS = env["VIGIL_AUDIT_KEYS"]

DEBUG = _flag("VIGIL_DEBUG", False)
ALLOWED_HOSTS = _list("VIGIL_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = _list("VIGIL_CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "vigil.core.views.system.csrf_failure"

INSTALLED_APPS = [
    "vigil.core",
    "vigil.places",
    "vigil.visits",
    "vigil.recommendations",
    "vigil.programmes",
    "vigil.people",
    "vigil.risk",
    "vigil.registers",
    "vigil.api",
    "vigil.search",
    "vigil.reports",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and Redoc served from here, not from a CDN
]

# Background work runs in a separate worker process (make run starts one). The queue is
# the database by default (`vigil db_worker`), or Redis with VIGIL_TASKS_BACKEND=rq
# (`vigil rq_worker`, ADR 0019): the jobs, their progress and their recovery stay the same.
VIGIL_TASKS_BACKEND = env.get("VIGIL_TASKS_BACKEND", "database")
if VIGIL_TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif VIGIL_TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}  # type: ignore[dict-item]
else:
    raise ImproperlyConfigured("VIGIL_TASKS_BACKEND must be database or rq.")
# The Redis queue (used only with VIGIL_TASKS_BACKEND=rq). A task runs for at most an hour.
RQ_QUEUES = {
    "default": {
        "URL": env.get("VIGIL_REDIS_URL", "redis://127.0.0.1:6379/0"),
        "DEFAULT_TIMEOUT": 3600,
    }
}
# A running job beats every HEARTBEAT seconds; one silent for STALE seconds has lost its
# worker and is marked failed (docs/operations.md). STALE must outlast the longest save of
# an import on SQLite, where a beat waits for the save's transaction.
VIGIL_JOB_HEARTBEAT_SECONDS = float(env.get("VIGIL_JOB_HEARTBEAT_SECONDS", "10"))
VIGIL_JOB_STALE_SECONDS = float(env.get("VIGIL_JOB_STALE_SECONDS", "120"))
if not 0 < VIGIL_JOB_HEARTBEAT_SECONDS * 3 <= VIGIL_JOB_STALE_SECONDS:
    raise ImproperlyConfigured(
        "VIGIL_JOB_STALE_SECONDS must be at least three times VIGIL_JOB_HEARTBEAT_SECONDS (> 0)."
    )

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After whitenoise (static files come pre-compressed) and before every middleware that
    # writes the body; pages with secrets stay uncompressed (vigil/core/compression.py).
    "vigil.core.compression.CompressionMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "vigil.core.middleware.SessionLimitsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "vigil.core.middleware.ActiveInstitutionMiddleware",
    "vigil.core.middleware.UserLanguageMiddleware",
    "vigil.core.middleware.MFARequiredMiddleware",
    "vigil.core.middleware.PrivatePagesMiddleware",
    "vigil.core.middleware.FailedFormMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: it runs the view itself, inside replica reads, for the pages that allow them.
    "vigil.core.replica.ReplicaReadsMiddleware",
]

ROOT_URLCONF = "vigil.urls"
WSGI_APPLICATION = "vigil.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "vigil" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # One date style per language and the institution's calendar (vigil.core.dates).
            "builtins": ["vigil.core.templatetags.dates"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "vigil.core.context_processors.shell",
            ],
        },
    },
]

# The web server's address (host:port) that /healthz, served by the health server of its
# own, checks is accepting connections (docs/operations.md, section 8). Empty: not checked.
VIGIL_HEALTH_WEB_ADDRESS = env.get("VIGIL_HEALTH_WEB_ADDRESS", "")

# --- database -----------------------------------------------------------------
_default_db = f"sqlite:///{BASE_DIR / 'var' / 'vigil.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env.get("VIGIL_DATABASE_URL", _default_db), conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so the audit chain's head is
        # read and extended by one writer at a time.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        # Keeps the query planner's statistics (vigil/core/sqlite_statistics.py).
        "factory": StatisticsKeepingConnection,
    }
# A read replica for dashboards and analytics (vigil/core/replica.py, docs/operations.md).
if env.get("VIGIL_REPLICA_DATABASE_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        env["VIGIL_REPLICA_DATABASE_URL"], conn_max_age=60, conn_health_checks=True
    )
VIGIL_READ_REPLICA = "replica" if "replica" in DATABASES else ""
DATABASE_ROUTERS = ["vigil.core.replica.ReplicaRouter"]
# The pages that read from the replica on GET: figures that may lag by a moment.
VIGIL_REPLICA_VIEWS = _list(
    "VIGIL_REPLICA_VIEWS",
    "recommendations:recommendation_dashboard,recommendations:recommendation_dashboard_export,"
    "risk:risk_priorities,risk:risk_gaps,risk:risk_gaps_cell,risk:risk_gaps_xlsx,"
    "places:place_map_data",
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        # A database cache, so that login throttling holds across server processes.
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "vigil_cache",
    }
}

# --- the REST API (docs/api.md, docs/decisions/0021-rest-api.md) ---------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "vigil.api.authentication.TokenAuthentication",
        "vigil.api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["vigil.api.throttling.PerTokenThrottle"],
    "DEFAULT_PAGINATION_CLASS": "vigil.api.pagination.RecordCursor",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "vigil.api.errors.handle",
    "UNAUTHENTICATED_USER": None,
}
# Requests a token (or a signed-in person) may make; beyond it, 429 with Retry-After.
VIGIL_API_RATE = env.get("VIGIL_API_RATE", "600/min")
SPECTACULAR_SETTINGS = {
    "TITLE": "Vigil API",
    "DESCRIPTION": (
        "The records of your institution, through the same access rules as the pages. "
        "Authenticate with a personal access token: `Authorization: Bearer vigil_…`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "PlaceStatusEnum": "vigil.places.models.Place.Status",
        "VisitStatusEnum": "vigil.visits.models.Visit.Status",
        "RecommendationStatusEnum": "vigil.recommendations.models.Status",
        "ProgrammeStatusEnum": "vigil.programmes.models.Programme.Status",
    },
    "SCHEMA_PATH_PREFIX": "/api/v1",
}

# --- people and login ---------------------------------------------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

ACCOUNT_ADAPTER = "vigil.core.auth.VigilAccountAdapter"
MFA_ADAPTER = "vigil.core.auth.VigilMFAAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"  # accounts exist only by invitation from an admin
ACCOUNT_PREVENT_ENUMERATION = True
# Confirming a security change takes the password or a second factor, never an e-mail code.
ACCOUNT_REAUTHENTICATION_METHODS = {"password", "mfa"}
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.get("VIGIL_LOGIN_RATE_LIMIT", "10/m/ip,5/5m/key"),
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
# Behind a reverse proxy, the client's address (for login throttling) comes from it.
ALLAUTH_TRUSTED_PROXY_COUNT = int(env.get("VIGIL_TRUSTED_PROXY_COUNT", "0"))
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TOTP_ISSUER = "Vigil"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION
USERSESSIONS_TRACK_ACTIVITY = False

# MFA is required for every role in production; demo mode may waive it.
VIGIL_MFA_REQUIRED = _flag("VIGIL_MFA_REQUIRED", not DEMO_MODE)
VIGIL_SESSION_IDLE_SECONDS = int(env.get("VIGIL_SESSION_IDLE_SECONDS", 30 * 60))
VIGIL_SESSION_ABSOLUTE_SECONDS = int(env.get("VIGIL_SESSION_ABSOLUTE_SECONDS", 12 * 3600))
SESSION_COOKIE_AGE = VIGIL_SESSION_ABSOLUTE_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- e-mail -------------------------------------------------------------------
# Production never prints mail to its log (invitation links open accounts): without a mail
# server it sends nothing, and the screens say so. Development prints mail to the console.
if env.get("VIGIL_EMAIL_BACKEND"):
    EMAIL_BACKEND = env["VIGIL_EMAIL_BACKEND"]
elif env.get("VIGIL_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
elif PRODUCTION:
    EMAIL_BACKEND = "vigil.core.mail.NoMailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_HOST = env.get("VIGIL_EMAIL_HOST", "localhost")
EMAIL_PORT = int(env.get("VIGIL_EMAIL_PORT", "25"))
EMAIL_HOST_USER = env.get("VIGIL_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env.get("VIGIL_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _flag("VIGIL_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env.get("VIGIL_EMAIL_FROM", "Vigil <vigil@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address people reach Vigil at, for links in mail sent without a request (reminders).
VIGIL_BASE_URL = env.get("VIGIL_BASE_URL", "")

# --- language and time --------------------------------------------------------
LANGUAGE_CODE = "en"
# The UN languages (the OPCAT and the SPT's documents exist in them) and the languages of
# the regional network the project grew from. docs/languages.md says which are reviewed.
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ru", _("Russian")),
    ("ar", _("Arabic")),
    ("mn", _("Mongolian")),
    ("id", _("Indonesian")),
    ("th", _("Thai")),
    ("fil", _("Filipino")),
    ("ko", _("Korean")),
]
# Django knows every language above except Filipino; teach it, so the language switch can
# name Filipino in Filipino.
LANG_INFO.setdefault(
    "fil", {"bidi": False, "code": "fil", "name": "Filipino", "name_local": "Filipino"}
)
LOCALE_PATHS = [BASE_DIR / "vigil" / "locale"]
# A visitor's choice (before signing in) is kept a year; members keep theirs in their profile.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
USE_I18N = True
# Vigil's date style where it differs from Django's ("17 Oct 2026" in English).
FORMAT_MODULE_PATH = ["vigil.formats"]
USE_TZ = True
TIME_ZONE = env.get("VIGIL_TIME_ZONE", "UTC")

# --- map: points are drawn offline; a tile server is used only when configured ------
# e.g. "https://tiles.example.org/{z}/{x}/{y}.png" (served on your own network)
VIGIL_MAP_TILE_URL = env.get("VIGIL_MAP_TILE_URL", "")
VIGIL_MAP_TILE_ATTRIBUTION = env.get("VIGIL_MAP_TILE_ATTRIBUTION", "")
# A GeoJSON outline drawn under the points when there are no tiles (a static file path).
# The demo draws its fictional country; deployments give their own, or none.
VIGIL_MAP_OUTLINE = env.get("VIGIL_MAP_OUTLINE", "" if PRODUCTION else "places/outline.geojson")
_TILE_ORIGIN = "/".join(VIGIL_MAP_TILE_URL.split("/")[:3]) if VIGIL_MAP_TILE_URL else ""

# --- static files ---------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.get("VIGIL_STATIC_ROOT", BASE_DIR / "var" / "static"))
# The shell's CSS, JS and vendored assets live in vigil/static, which is not an app's static dir.
STATICFILES_DIRS = [BASE_DIR / "vigil" / "static"]
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = Path(env.get("VIGIL_MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Where evidence files and generated documents are kept, encrypted either way
# (vigil/core/filestore.py, ADR 0019): "database" (in their row, the default) or "s3" (an
# S3-compatible bucket, through django-storages).
VIGIL_FILE_STORAGE = env.get("VIGIL_FILE_STORAGE", "database")
if VIGIL_FILE_STORAGE == "s3":
    if not env.get("VIGIL_S3_BUCKET"):
        raise ImproperlyConfigured("VIGIL_FILE_STORAGE=s3 needs VIGIL_S3_BUCKET.")
    STORAGES["vigil_files"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env["VIGIL_S3_BUCKET"],
            "endpoint_url": env.get("VIGIL_S3_ENDPOINT_URL") or None,
            "region_name": env.get("VIGIL_S3_REGION") or None,
            "access_key": env.get("VIGIL_S3_ACCESS_KEY_ID") or None,
            "secret_key": env.get("VIGIL_S3_SECRET_ACCESS_KEY") or None,
            "location": env.get("VIGIL_S3_PREFIX", "vigil"),
            # Files are read through Vigil only (audited); the bucket is never public and
            # its URLs are never handed out. A name is never reused.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif VIGIL_FILE_STORAGE != "database":
    raise ImproperlyConfigured("VIGIL_FILE_STORAGE must be database or s3.")
# Signed checkpoints of the audit chain's head, appended outside the database; keep a copy
# away from the server too (docs/security.md).
VIGIL_AUDIT_CHECKPOINT_FILE = Path(
    env.get("VIGIL_AUDIT_CHECKPOINT_FILE", BASE_DIR / "var" / "audit-checkpoints.jsonl")
)

# --- uploads --------------------------------------------------------------------
# Evidence files up to this size are accepted (vigil.people.vault); larger ones are refused
# with a message while the upload is read, never buffered whole. The evidence form keeps its
# file in memory (its own upload handler), so no plaintext copy reaches a temporary file.
VIGIL_EVIDENCE_MAX_BYTES = int(env.get("VIGIL_EVIDENCE_MAX_BYTES", 25 * 1024 * 1024))
if VIGIL_EVIDENCE_MAX_BYTES <= 0:
    raise ImproperlyConfigured("VIGIL_EVIDENCE_MAX_BYTES must be a positive number of bytes.")


# Every other upload (table imports, XLSForms, DOCX, ZIP) passes vigil.core.limits, which
# reads these; docs/security.md lists them. Sizes are in bytes.
def _positive(name: str, default: int) -> int:
    raw = env.get(name, "")
    try:
        value = int(raw) if raw.strip() else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if value <= 0:
        raise ImproperlyConfigured(f"{name} must be a positive number.")
    return value


VIGIL_UPLOAD_MAX_BYTES = _positive("VIGIL_UPLOAD_MAX_BYTES", 50 * 1024 * 1024)
VIGIL_ARCHIVE_MAX_MEMBERS = _positive("VIGIL_ARCHIVE_MAX_MEMBERS", 2000)
VIGIL_ARCHIVE_MAX_MEMBER_BYTES = _positive("VIGIL_ARCHIVE_MAX_MEMBER_BYTES", 100 * 1024 * 1024)
VIGIL_ARCHIVE_MAX_EXPANDED_BYTES = _positive("VIGIL_ARCHIVE_MAX_EXPANDED_BYTES", 200 * 1024 * 1024)
VIGIL_ARCHIVE_MAX_RATIO = _positive("VIGIL_ARCHIVE_MAX_RATIO", 100)
VIGIL_TABLE_MAX_ROWS = _positive("VIGIL_TABLE_MAX_ROWS", 200_000)
VIGIL_TABLE_MAX_COLUMNS = _positive("VIGIL_TABLE_MAX_COLUMNS", 1000)
VIGIL_TABLE_MAX_CELLS = _positive("VIGIL_TABLE_MAX_CELLS", 2_000_000)
VIGIL_TABLE_MAX_CELL_CHARS = _positive("VIGIL_TABLE_MAX_CELL_CHARS", 32_767)
# DuckDB's memory for the checks of one custody-register extract (ADR 0026).
VIGIL_DUCKDB_MEMORY_MB = _positive("VIGIL_DUCKDB_MEMORY_MB", 1024)
# Other uploads above this go to a temporary file rather than memory (Django's default).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2621440
# The non-file fields of a request; file parts of a multipart form do not count here.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2621440

# --- security headers ---------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([_TILE_ORIGIN] if _TILE_ORIGIN else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = _flag("VIGIL_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(env.get("VIGIL_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-vigil_session"
    CSRF_COOKIE_NAME = "__Host-vigil_csrf"

# --- logging: never personal data; request bodies are not logged ------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.get("VIGIL_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.security.DisallowedHost": {"level": "ERROR"},
        # WeasyPrint logs each rendering step; documents are made in the background worker.
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

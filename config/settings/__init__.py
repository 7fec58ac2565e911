"""Center Stage settings, driven by environment variables: the framework here, the product's knobs in product.py.

DATABASE_URL=postgres://... is required (PostgreSQL is the only database; `make demo` provides an embedded
one); with no CELERY_BROKER_URL Celery runs eagerly, in-process, and with CELERY_BROKER_URL=redis://... on a worker.
"""

from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.settings.environment import env
from config.settings.environment import env_bool as _bool
from config.settings.environment import env_positive as _positive
from config.settings.product import *  # noqa: F403 - the product's own knobs (config/settings/product.py)
from config.settings.product import OUTBOX_RETRY_MAX_SECONDS
from core.database import database_config
from core.log_config import logging_config, structlog_configure

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = _bool("DEBUG", True)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production (DEBUG=0) needs a long random SECRET_KEY in the environment."
        )
    SECRET_KEY = "insecure-development-key-only-used-when-DEBUG-is-on"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "axes",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "accounts",
    "insights",
    "education",
    "attribution",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.logs.RequestIdMiddleware",  # a request id on every log line, echoed in X-Request-ID (issue 16)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: a page that saved typed text says what personal data was removed (issue 17).
    "core.typed_text.RedactionReportMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout flagged during authentication into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],  # every template lives in its app; the site layout in attribution (the top floor)
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "attribution.navigation.navigation",
            ],
        },
    },
]

# Every Django form is drawn by one form template and one field template, its widgets carrying the stylesheet's
# classes (core/forms.py).
FORM_RENDERER = "core.forms.SiteFormRenderer"

# --- Database -------------------------------------------------------------------------------
# PostgreSQL only; `make demo` / `make test` (core/devstack.py) start an embedded server when none is given.
# A bounded pool per process: processes x DB_POOL_MAX_SIZE must stay under the server's max_connections (README).
DATABASE_URL = env.str("DATABASE_URL", default="")
DB_POOL_MAX_SIZE = env.int("DB_POOL_MAX_SIZE", default=10)  # 0: no pool, persistent connections for CONN_MAX_AGE
DB_POOL_TIMEOUT_SECONDS = env.float("DB_POOL_TIMEOUT_SECONDS", default=10.0)
DATABASES = {
    "default": database_config(
        url=DATABASE_URL,
        pool_max_size=DB_POOL_MAX_SIZE,
        pool_timeout=DB_POOL_TIMEOUT_SECONDS,
        conn_max_age=env.int("CONN_MAX_AGE", default=60),
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Locale and time ------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True
# Days read "1 Dec 2026" wherever Django writes one (core/locale_formats), as core.formats writes them.
FORMAT_MODULE_PATH = ["core.locale_formats"]

# The organisation's currency: every amount the service stores or accepts is in it.
CURRENCY = env.str("CURRENCY", default="USD").upper()
if len(CURRENCY) != 3 or not CURRENCY.isalpha():
    raise ImproperlyConfigured(f"CURRENCY must be an ISO 4217 code such as USD or EUR, not {CURRENCY!r}.")

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "static/"
# The image collects here at build time (Dockerfile); the Dockerfile test collects into a temporary directory.
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS: list = []  # the site stylesheet is attribution/static/css/site.css
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Center Stage <center-stage@localhost>")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# --- Security (production) ------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.api.Pagination",
    # JSON that adds "redactions": {"phone": 2} to a write whose typed text lost personal data (issue 17).
    "DEFAULT_RENDERER_CLASSES": [
        "core.typed_text.RedactionReportingJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "NON_FIELD_ERRORS_KEY": "detail",
    "COERCE_DECIMAL_TO_STRING": True,
    "DEFAULT_THROTTLE_RATES": {"token": env.str("TOKEN_THROTTLE_RATE", default="30/min")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Center Stage API",
    "DESCRIPTION": "Contact-center insights, department sign-offs, the attribution ledger and executive reports.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI served from our own static files, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "status"; name each choice set after its model so clients get stable names.
    "ENUM_NAME_OVERRIDES": {
        "ImportJobStatusEnum": "insights.models.contacts.ImportJob.Status",
        "InsightStatusEnum": "insights.models.insights.InsightStatus",
        "SignoffStatusEnum": "attribution.models.signoffs.SignoffStatus",
        "ActionCommitmentStatusEnum": "attribution.models.signoffs.ActionCommitment.Status",
    },
}

# --- Celery ---------------------------------------------------------------------------------
# No broker configured means the embedded default: tasks run eagerly, in-process.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
# Eager Celery still borrows a producer to serialise each task's arguments; with no broker named, kombu would warn
# "No hostname was supplied" and set up an AMQP connection to localhost. The in-memory transport needs no server.
if CELERY_TASK_ALWAYS_EAGER and not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://localhost/"  # kombu wants a host name even for memory
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
# Periodic jobs: CELERY_BEAT_SCHEDULE, with the settings that time them, is in config/settings/product.py.


# --- Structured logs (issue 16) ----------------------------------------------------------------
# Every line of web and worker carries the request id; core/log_config.py builds the configuration.
# LOG_FORMAT=json (the production default) writes one JSON object a line; console writes readable key=value lines.
LOG_FORMAT = env.str("LOG_FORMAT", default="console" if DEBUG else "json")
if LOG_FORMAT not in ("json", "console"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or console, not {LOG_FORMAT!r}.")
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO").upper()
INSTALLED_APPS += ["django_structlog"]
DJANGO_STRUCTLOG_CELERY_ENABLED = True
# core.logs.RequestIdMiddleware sanitises an incoming X-Request-ID before django-structlog trusts it.
DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID = True
structlog_configure()
LOGGING = logging_config(log_format=LOG_FORMAT, level=LOG_LEVEL)


# --- Credentials (issue 16) -------------------------------------------------------------------
# API tokens are django-rest-knox tokens: stored as a SHA-512 digest, expiring, listed and revoked by their owner
# (GET/DELETE /api/auth/tokens/), all deleted when the password changes (accounts/signals.py).
API_TOKEN_TTL_HOURS = _positive("API_TOKEN_TTL_HOURS", 720)
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=API_TOKEN_TTL_HOURS),
    "AUTH_HEADER_PREFIX": "Token",  # the header clients already send: `Authorization: Token <key>`
    "AUTO_REFRESH": False,  # a token lives API_TOKEN_TTL_HOURS from when it was issued, however much it is used
}
# How many proxies in front of the service append to X-Forwarded-For; 0 = clients connect directly and the
# header is ignored (core/net.py). Login lockouts and API throttles key on this address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
REST_FRAMEWORK["NUM_PROXIES"] = TRUSTED_PROXY_COUNT
# Login brute force (django-axes, counted in the database so every process shares the count): after
# LOGIN_FAILURE_LIMIT failures the account, and separately the client address, are refused for
# LOGIN_FAILURE_WINDOW_MINUTES after the last failure, on the login page and the token endpoint alike.
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_FAILURE_WINDOW_MINUTES = env.int("LOGIN_FAILURE_WINDOW_MINUTES", default=15)
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out account or address before any password check
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_FAILURE_WINDOW_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one alone locks: per account and per address
AXES_CLIENT_IP_CALLABLE = "core.net.client_ip"
AXES_USERNAME_CALLABLE = "accounts.lockout.lockout_username"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# Attempts during a lockout do not extend it (nobody can keep another's account locked for ever), and a success
# does not wipe the address's count (one valid account cannot launder guesses at others).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = False
AXES_HTTP_RESPONSE_CODE = 429

# Every broker touch on a request is bounded by this: connect and socket timeouts, one quick retry (core.queue).
BROKER_TIMEOUT_SECONDS = env.float("BROKER_TIMEOUT_SECONDS", default=3)
# Redis hands an unacknowledged message (acks_late: a task whose worker died) to another worker after the
# visibility timeout. Longer than any task should run, so a live long task is not handed out twice, and no shorter
# than the longest notification retry countdown (Redis would hand a waiting ETA task out again); a dead import is
# caught sooner by its heartbeat (IMPORT_STALE_SECONDS).
CELERY_BROKER_VISIBILITY_TIMEOUT = env.int(
    "CELERY_BROKER_VISIBILITY_TIMEOUT", default=max(3600, OUTBOX_RETRY_MAX_SECONDS + 60)
)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,
    "visibility_timeout": CELERY_BROKER_VISIBILITY_TIMEOUT,
    "socket_connect_timeout": BROKER_TIMEOUT_SECONDS / 2,  # two tries (core.queue.RETRY_POLICY) fit the bound
    "socket_timeout": BROKER_TIMEOUT_SECONDS,
}
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_TIMEOUT_SECONDS / 2
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = BROKER_TIMEOUT_SECONDS / 2
CELERY_REDIS_SOCKET_TIMEOUT = BROKER_TIMEOUT_SECONDS
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": {"max_retries": 1, "interval_start": 0}}
CELERY_REDIS_RETRY_ON_TIMEOUT = False

# --- Content-Security-Policy (issue 16) -----------------------------------------------------
# No inline script anywhere: every script is a static file of this site (django-csp 4's dict format).
# Inline styles stay allowed (a few templates carry <style> blocks and style attributes); scripts never.
INSTALLED_APPS.append("csp")
MIDDLEWARE.append("csp.middleware.CSPMiddleware")
_SELF, _NONE = ["'self'"], ["'none'"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {"default-src": _SELF, "script-src": _SELF, "style-src": [*_SELF, "'unsafe-inline'"]}
    | {"img-src": [*_SELF, "data:"], "object-src": _NONE, "base-uri": _SELF, "form-action": _SELF}
    | {"frame-ancestors": _NONE},
}

# --- API documentation (issue 16) -----------------------------------------------------------
# /api/schema/ and /api/docs/ need a signed-in user unless API_DOCS_PUBLIC=1 opens them (config/urls.py).
API_DOCS_PUBLIC = _bool("API_DOCS_PUBLIC", False)

# --- Demo data in production (issue 16) -----------------------------------------------------
# Fixed at start-up from DEBUG (test runners switch DEBUG off at run time; this stays what the environment said).
# seed_demo refuses in production mode unless --i-know-this-is-production, and then only with a DEMO_PASSWORD.
PRODUCTION_MODE = not DEBUG
# --- API schema: no 500 from input (issue 16) ---
# Every operation documents the error shape and the statuses it answers with besides success (core/api.py).
SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"] = [
    "drf_spectacular.hooks.postprocess_schema_enums",
    "core.api.error_responses_hook",
]
# Query strings with control characters (a NUL byte) are refused with 400 before any view reads them.
MIDDLEWARE = [*MIDDLEWARE, "core.query.QueryGuardMiddleware"]
# With DEBUG on, only staff see Django's technical 403/404/500 pages; everyone else the product's own (issue 18).
MIDDLEWARE.append("core.error_pages.ProductErrorPagesMiddleware")

"""Settings of the PESNET portal.

Everything that differs between a laptop, CI and production comes from the environment
(12-factor, django-environ). The defaults make `make run` work on a fresh machine; production
hardening switches on with DEBUG=False. README.md documents every variable.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
_INSECURE_KEY = "insecure-development-key-never-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=_INSECURE_KEY)
if not DEBUG and SECRET_KEY == _INSECURE_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Public address of the portal, used in links inside e-mails sent by Celery (no request there).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Demo deployments show a banner on every page so nobody mistakes demo data for the network's.
DEMO_MODE = env.bool("DEMO_MODE", default=DEBUG)

INSTALLED_APPS = [
    "modeltranslation",  # must precede django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_countries",
    "phonenumber_field",
    "simple_history",
    "django_celery_beat",
    "import_export",
    "django_htmx",
    "pesnet",
    "members",
    "outbox",
    "meetings",
    "communiques",
    "workplan",
    "ops",
    # Portal-wide, on top of every app: search, the document library, the open-data API.
    "search",
    "ninja",  # its self-hosted Swagger UI assets (no CDN)
    "api",
    "governance",
]

MIDDLEWARE = [
    "pesnet.metrics.MetricsMiddleware",
    "pesnet.logs.RequestIdMiddleware",
    "pesnet.middleware.GenerationSnapshotMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "pesnet.middleware.RequireMFAMiddleware",
    "pesnet.middleware.PrivateResponsesMiddleware",
]

ROOT_URLCONF = "pesnet.urls"
WSGI_APPLICATION = "pesnet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "pesnet.context_processors.portal",
                "pesnet.pagecache.csrf_placeholder",
            ],
        },
    },
]

# --- Data stores -------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/pesnet"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 3
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")
# What may be evicted (whole pages) lives apart from what may not (broker, sessions, allauth's
# rate limits and TOTP codes, generations): Redis's maxmemory is per instance, so CACHE_URL is
# a second Redis run with `--maxmemory … --maxmemory-policy allkeys-lru` (scripts/services.py
# starts one for `make run` and `make test`; the compose file's `cache` service).
CACHE_URL = env.str("CACHE_URL", default=REDIS_URL)
_CACHE_KEY_PREFIX = env.str("CACHE_KEY_PREFIX", default="pesnet")
# The portal keeps serving when Redis is down (see pesnet/cache.py).
_CACHE_OPTIONS = {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1}
# Requests per minute and client address to /api/v1/ (0: no limit, e.g. for benchmarks).
API_RATE_LIMIT_PER_MINUTE = env.int("API_RATE_LIMIT_PER_MINUTE", default=120)
CACHES = {
    # allauth's rate limits use the default cache: it must never evict.
    "default": {
        "BACKEND": "pesnet.cache.FallbackRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": _CACHE_KEY_PREFIX,
        "OPTIONS": _CACHE_OPTIONS,
    },
    # Whole pages (pesnet/pagecache.py): evictable.
    "pages": {
        "BACKEND": "pesnet.cache.EvictableRedisCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": _CACHE_KEY_PREFIX,
        "OPTIONS": _CACHE_OPTIONS,
    },
}
# Sessions are read from the cache (Redis) and written through to PostgreSQL: they survive a
# Redis restart, and during an outage they are read from PostgreSQL (nobody is signed out).
# pesnet.sessions is Django's cached_db reading a GET's session with the cache generations.
SESSION_ENGINE = "pesnet.sessions"

# --- Celery ------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# The worker logs through LOGGING below (JSON lines with the task id when LOG_FORMAT=json).
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- Accounts ----------------------------------------------------------------------------
AUTH_USER_MODEL = "pesnet.User"
# Django's and allauth's backends, keeping the signed-in user in the cache (pesnet/auth.py).
AUTHENTICATION_BACKENDS = [
    "pesnet.auth.ModelBackend",
    "pesnet.auth.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "pesnet.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[OIC-PESNET] "
# Failed logins are counted in the default cache (REDIS_URL, never evicting): per address, 10
# a minute and 30 an hour (a guesser trying many accounts); per account, 5 per 5 minutes
# (anyone can lock an account so: a password reset through the mailed link lifts the lock,
# see the README's "When an account is attacked").
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,30/h/ip,5/5m/key"}
# Nobody adds addresses on allauth's e-mail page: a focal point's address is part of the
# verified record (pesnet/adapters.py, NoAddEmailForm).
ACCOUNT_MAX_EMAIL_ADDRESSES = 1
ACCOUNT_FORMS = {"add_email": "pesnet.adapters.NoAddEmailForm"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "OIC-PESNET"
# Roles whose accounts must have a second factor before they can use the portal.
MFA_REQUIRED_GROUPS = ("secretariat", "chair")

# --- Internationalisation ----------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English")), ("fr", _("French"))]
RTL_LANGUAGES = {"ar"}
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("ar", "en", "fr")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# The admin's language tabs (modeltranslation reads these two unprefixed names) use jQuery UI
# from our own static files, never from a CDN.
STATIC_URL = "/static/"
JQUERY_UI_URL = STATIC_URL + "vendor/jquery-ui/jquery-ui.min.js"
JQUERY_URL = STATIC_URL + "admin/js/vendor/jquery/jquery.min.js"
PHONENUMBER_DEFAULT_FORMAT = "INTERNATIONAL"
COUNTRIES_FIRST = []

# --- Static and uploaded files -----------------------------------------------------------
NODE_MODULES = BASE_DIR / "node_modules"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/jquery-ui", NODE_MODULES / "jquery-ui" / "dist"),
    ("vendor/sortablejs", NODE_MODULES / "sortablejs"),
]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
# Members-only files (nomination letters, evidence) never sit under a public URL: they are
# served by views that check permissions.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private")))
BACKUP_DIR = Path(env.str("BACKUP_DIR", default=str(BASE_DIR / "backups")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "pesnet.files.PrivateStorage",  # no url(): see pesnet/files.py
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    # Archives of `manage.py backup` (ops/backups.py): a folder, or an S3-compatible bucket.
    "backups": (
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": env.str("BACKUP_S3_BUCKET"),
                "location": env.str("BACKUP_S3_PREFIX", default="pesnet-backups"),
                "endpoint_url": env.str("BACKUP_S3_ENDPOINT_URL", default="") or None,
                "region_name": env.str("BACKUP_S3_REGION", default="") or None,
                "default_acl": "private",
                "file_overwrite": False,
            },
        }
        if env.str("BACKUP_S3_BUCKET", default="")
        else {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": BACKUP_DIR, "base_url": None},
        }
    ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760

# --- E-mail ------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="OIC-PESNET Portal <no-reply@pesnet.example.org>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 10

# --- Outbox (reminders and every other e-mail, see outbox/api.py) --------------------------
OUTBOX_BATCH_SIZE = env.int("OUTBOX_BATCH_SIZE", default=100)  # messages per SMTP connection
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)  # temporary refusals, then failed
OUTBOX_RETRY_BASE_SECONDS = env.int("OUTBOX_RETRY_BASE_SECONDS", default=60)
OUTBOX_RETRY_MAX_SECONDS = env.int("OUTBOX_RETRY_MAX_SECONDS", default=3600)
OUTBOX_REPLY_TO = env.str("OUTBOX_REPLY_TO", default="")  # the secretariat's mailbox

# --- Security ----------------------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Operations (ops/, pesnet/heartbeats.py, pesnet/metrics.py) ---------------------------
BACKUP_KEEP_DAILY = env.int("BACKUP_KEEP_DAILY", default=14)
BACKUP_KEEP_WEEKLY = env.int("BACKUP_KEEP_WEEKLY", default=8)
# The secretariat's dashboard warns when the last successful backup is older than this.
BACKUP_MAX_AGE_HOURS = env.int("BACKUP_MAX_AGE_HOURS", default=48)
# /healthz answers 503 when beat or the worker has not been heard of for this long.
HEARTBEAT_MAX_SILENCE = env.int("HEARTBEAT_MAX_SILENCE", default=300)
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=["127.0.0.1", "::1"])

SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from .sentry import init as _init_sentry

    _init_sentry(
        SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

LOG_FORMAT = env.str("LOG_FORMAT", default="plain")  # or "json": one JSON object per line
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "pesnet.logs.ContextFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s%(context)s: %(message)s"},
        "json": {"()": "pesnet.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["context"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django_redis": {"level": "ERROR"},
        # WeasyPrint logs every rendering step at INFO; only its warnings matter.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

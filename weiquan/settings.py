"""Settings for weiquan, read from the environment with safe development defaults.

One module for every environment: production differs only by its variables
(see `.env.example` and README). Nothing here reads the database or the network.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from weiquan.object_storage import s3_storage

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if not DEBUG else "*")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "weiquan.admin_site.WeiquanAdminConfig",  # django.contrib.admin with our site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "crispy_forms",
    "axes",
    "crispy_bootstrap5",
    "core",
    "accounts",
    "platforms",
    "cases",
    "evidence",
    "calendars",
    "advisors",
    "guides",
    "demo",  # last: it seeds every app above and nothing imports it
]

MIDDLEWARE = [
    "weiquan.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "weiquan.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # One query for every kind of read-mostly data's version (core/reference.py).
    "core.reference.tokens_once_per_request",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "weiquan.urls"

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
                "accounts.context_processors.notifications",
            ],
        },
    },
]

WSGI_APPLICATION = "weiquan.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        # A connection kept between requests is checked before a request uses it, so a
        # restarted PostgreSQL costs no request once it is back (weiquan/errors.py: a 503
        # while it is down).
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (web, worker, beat) share the file: wait for locks instead of failing,
    # and take the write lock when a transaction starts, so two writers queue up instead of
    # one failing at once with "database is locked" when it tries to upgrade its lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a sign-in that is locked out before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.EmailOrPhoneBackend",
]

# Failed sign-ins (consumer login and /admin/ alike) are counted per account name and
# address together: many people in China share an address behind carrier NAT, so locking a
# whole address would lock out strangers; an attacker guessing one account is stopped.
AXES_FAILURE_LIMIT = int(os.environ.get("WEIQUAN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("WEIQUAN_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "accounts.backends.lockout_name"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_DISABLE_ACCESS_LOG = True  # no record of every successful sign-in: not needed, personal
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("WEIQUAN_TRUSTED_PROXY_COUNT", "0")) or None
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "cases:list"
LOGOUT_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: Simplified Chinese first, English available from the footer.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
# Uploaded evidence lives here. It is never published under a URL: only views that
# check ownership stream it (see the evidence app).
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))


# Where every stored file lives (evidence, previews, renditions, dossiers): "local" keeps them
# under MEDIA_ROOT (the default, for `make run`); "s3" puts them in an S3-compatible bucket, so
# web and worker processes on different hosts share them without a shared disk.
WEIQUAN_STORAGE = os.environ.get("WEIQUAN_STORAGE", "local").strip().lower() or "local"
if WEIQUAN_STORAGE == "s3":
    FILE_STORAGE = s3_storage(os.environ)
elif WEIQUAN_STORAGE == "local":
    FILE_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured(f"WEIQUAN_STORAGE must be 'local' or 's3', not {WEIQUAN_STORAGE!r}.")
STORAGES = {
    "default": FILE_STORAGE,
    # Evidence and its previews. No URL serves them: only the permission-checked views of the
    # evidence app stream files from it.
    "evidence": FILE_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Evidence uploads: accepted by content, limited per kind of file (bytes).
MB = 1024 * 1024
EVIDENCE_MAX_BYTES = {
    "image": int(os.environ.get("EVIDENCE_MAX_IMAGE_MB", "20")) * MB,
    "document": int(os.environ.get("EVIDENCE_MAX_DOCUMENT_MB", "20")) * MB,
    "audio": int(os.environ.get("EVIDENCE_MAX_AUDIO_MB", "100")) * MB,
    "video": int(os.environ.get("EVIDENCE_MAX_VIDEO_MB", "500")) * MB,
}
EVIDENCE_MAX_FILES_PER_UPLOAD = 20
# One request carries at most this much; a larger one is refused before it is read.
EVIDENCE_MAX_REQUEST_BYTES = int(os.environ.get("EVIDENCE_MAX_REQUEST_MB", "1024")) * MB
# Pillow's decompression-bomb guard: phone cameras reach ~108 megapixels.
EVIDENCE_MAX_IMAGE_PIXELS = 120_000_000
# Behind nginx, set to the internal location that maps to MEDIA_ROOT (e.g. /protected/)
# so nginx sends the file after Django checked the permission.
EVIDENCE_X_ACCEL_REDIRECT_PREFIX = os.environ.get("EVIDENCE_X_ACCEL_REDIRECT_PREFIX", "")
DATA_UPLOAD_MAX_NUMBER_FILES = 200
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750

# Django's widget markup drawn in Python for the common widgets (core/form_renderer.py).
FORM_RENDERER = "core.form_renderer.QuickRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: printed to the console in development; SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# A mail server that stops answering must give up well before a reminder's lease runs out
# (REMINDER_LEASE_SECONDS), or a second worker could claim the reminder and mail it again.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_FILE_PATH = os.environ.get("DJANGO_EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "weiquan <noreply@weiquan.localhost>")

# Celery with Redis as the broker. The beat schedule lives here, in one place;
# the reminder sweep joins it with the reminders feature.
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
# No result backend: nothing waits for task results, and without one queuing a task cannot
# hang on a lost result store. Queuing gives up fast when Redis is down; callers fall back.
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_TIMEZONE = TIME_ZONE
# Delivery semantics (docs/operations.md, "When Redis or a worker goes away"): at least once,
# made exactly once by the tasks themselves (each claims its row before acting).
# - A message is acknowledged when its task has finished (acks_late), so a worker killed
#   mid-task, or one that loses Redis mid-task, leaves it in Redis's unacked set.
# - Redis hands an unacked message out again after the visibility timeout. It must outlast
#   the longest wait from delivery to ack, or a healthy worker's task is re-run while it runs:
#   with prefetch 1 that is two tasks back to back (a dossier build takes seconds to a
#   minute). 15 minutes: long enough for that, short enough that work held by a dead worker
#   comes back the same quarter hour. (The dossier lease sweep and the reminder sweep
#   recover their own rows sooner; a second delivery then finds the row done: a no-op.)
# - A task whose pool process dies (SIGKILL, out of memory) is acknowledged, not requeued
#   (task_reject_on_worker_lost stays False): requeued, a task that kills its process would
#   kill the next one too, forever. The dossier lease sweep retries such work, bounded.
# - A task running when Redis goes away runs to the end (its database work is unaffected);
#   cancelling it could stop a reminder between the mail server's yes and the record of it.
#   Its ack then fails ("Couldn't ack"): the visibility timeout brings it back, a no-op.
# - The worker reconnects for as long as it takes (no retry limit; it logs each attempt),
#   and the transport below keeps a lost connection from crashing it (weiquan/broker.py).
# - No task runs for ever. A hung task (a storage read that never returns, a layout that
#   never ends) would keep renewing its lease from its heartbeat thread; the pool stops it
#   after 9½ minutes (soft: the job gives its attempt back) and kills it at 10, below the
#   visibility timeout. Its lease then runs out and the sweep retries it, bounded. A
#   reminder's send is bounded by EMAIL_TIMEOUT (30 s a network step) far inside its
#   5-minute lease (REMINDER_LEASE_SECONDS), so no second worker claims a reminder that is
#   still being mailed.
CELERY_TASK_SOFT_TIME_LIMIT = 570
CELERY_TASK_TIME_LIMIT = 600
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = False
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "900")),
}
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CELERY_BROKER_TRANSPORT = "weiquan.broker:Transport"
# Each worker process lays out a sample dossier when it starts (evidence.tasks); give it time
# beyond Celery's default 4 s before the pool gives up on a new process.
CELERY_WORKER_PROC_ALIVE_TIMEOUT = 30
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "sweep-due-reminders": {"task": "cases.tasks.reminders_sweep", "schedule": 60.0},
    "sweep-job-leases": {"task": "evidence.tasks.jobs_sweep_task", "schedule": 60.0},
    "sweep-advisor-followups": {"task": "advisors.tasks.followups_sweep", "schedule": 300.0},
    # Volunteers hear of their cases' deadlines coming due, once per date (advisors/notify.py).
    "advisor-deadlines": {"task": "advisors.tasks.deadlines_sweep", "schedule": 3600.0},
}
# A worker that claimed a reminder holds it this long; if it dies, another takes over after.
REMINDER_LEASE_SECONDS = int(os.environ.get("REMINDER_LEASE_SECONDS", "300"))
REMINDER_MAX_ATTEMPTS = 5
# Background jobs (dossier builds, renditions) hold their row under a lease (core/leases.py):
# renewed every third of it while they work; once it runs out the sweep retries the job
# after BACKOFF × 1, 4, 16 … seconds, and gives up (failed, with a reason) after MAX_ATTEMPTS.
WEIQUAN_JOB_LEASE_SECONDS = int(os.environ.get("WEIQUAN_JOB_LEASE_SECONDS", "60"))
WEIQUAN_JOB_MAX_ATTEMPTS = int(os.environ.get("WEIQUAN_JOB_MAX_ATTEMPTS", "3"))
# Read the text of image evidence with OCR after upload (evidence/reading/). Off, uploads are
# kept as pictures only; `manage.py read_evidence --failed` reads them once it is on again.
WEIQUAN_OCR = env_bool("WEIQUAN_OCR", True)
WEIQUAN_JOB_RETRY_BACKOFF_SECONDS = int(os.environ.get("WEIQUAN_JOB_RETRY_BACKOFF_SECONDS", "60"))
# Links in emails point here.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Production hardening, switched on whenever DEBUG is off.
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Only a proxy we run (nginx in front of gunicorn) may say a request came over HTTPS;
    # with gunicorn published directly, anyone could send X-Forwarded-Proto and pass as
    # secure. Set DJANGO_BEHIND_PROXY=1 only where that proxy sets or strips the header.
    if env_bool("DJANGO_BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# "json" in production: one JSON object per request line (see weiquan/middleware.py), which
# carries user ids only, never phone numbers, emails or query strings.
LOG_FORMAT = os.environ.get("WEIQUAN_LOG_FORMAT", "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint reports every layout step at INFO; its warnings (a missing glyph) matter.
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        # The request line replaces Django's own, which logs full paths with query strings.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        "weiquan.requests": {"level": os.environ.get("WEIQUAN_REQUEST_LOG_LEVEL", "INFO")},
        "axes": {"level": "WARNING"},  # it logs every sign-in at INFO
    },
}

# Shared by every web process: the sign-up rate limit counts here. Redis in production;
# this process's memory in development and tests.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if env_bool("WEIQUAN_REDIS_CACHE", not DEBUG)
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
SIGNUPS_PER_HOUR_PER_ADDRESS = int(os.environ.get("WEIQUAN_SIGNUPS_PER_HOUR", "10"))

# The plain-language privacy notice a consumer must accept to sign up; bump the
# version when its text changes so we know who agreed to which text.
PRIVACY_NOTICE_VERSION = "2026-11-25"

CASE_REFERENCE_PREFIX = "WQ"

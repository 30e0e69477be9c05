"""Baimi's one settings file, driven by environment variables.

Every default is the embedded, single-laptop set-up (SQLite in ``var/``, no other server); production
sets ``DATABASE_URL`` (PostgreSQL), ``BAIMI_SECRET_KEY``, ``BAIMI_ALLOWED_HOSTS`` and friends.
The README's "Configuration" table lists them all.
"""

from __future__ import annotations

import importlib.util
import os
import secrets
from pathlib import Path

import dj_database_url
from django.conf import global_settings
from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("BAIMI_DATA_DIR", Path.cwd() / "var")).resolve()


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _secret_key() -> str:
    """The key from the environment, else one generated once and kept in the data folder.

    A demo on a laptop must not need the operator to invent a key, and must not ship a fixed one.
    """
    if key := os.environ.get("BAIMI_SECRET_KEY"):
        return key
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("BAIMI_DEBUG", False)
ALLOWED_HOSTS = os.environ.get("BAIMI_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("BAIMI_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "baimi.accounts",
    "baimi.places",
    "baimi.circles",
    "baimi.legal",
    "baimi.volunteers",
    "baimi.notifications",
    "baimi.helpdesk",
    "baimi.mediation",
    "baimi.open311",
    "baimi.ops",
    "baimi.dashboard",
    "baimi.admin_site.BaimiAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "huey.contrib.djhuey",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it must see the outcome of authentication.
    "axes.middleware.AxesMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",  # a refused request answers 429, not 403
]

ROOT_URLCONF = "baimi.urls"
WSGI_APPLICATION = "baimi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------
# SQLite in WAL mode by default: readers never block the writer, and IMMEDIATE transactions make a
# writer wait for the lock instead of failing half-way with "database is locked".
DEFAULT_DATABASE_URL = f"sqlite:///{DATA_DIR / 'baimi.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    if DATABASES["default"]["NAME"] != ":memory:":
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
# Connections are kept between requests on both databases. For SQLite too: opening one costs ~8 ms
# (the PRAGMAs, and Django registering its SQL functions), a third of a help request's server time.
DATABASES["default"]["CONN_MAX_AGE"] = _env_int("BAIMI_DB_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts, sessions, login lockout ----------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": _env_int("BAIMI_PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# A shared phone left logged in at the community office is the common leak: sessions end after
# BAIMI_SESSION_IDLE_MINUTES without a request (the clock restarts on every request).
SESSION_COOKIE_AGE = _env_int("BAIMI_SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = _env_bool("BAIMI_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

AXES_FAILURE_LIMIT = _env_int("BAIMI_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = _env_int("BAIMI_LOGIN_LOCKOUT_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]  # lock the attacked account, not a whole office behind one NAT
AXES_RESET_ON_SUCCESS = True
# Deliberate: lock the account under attack whatever the address. Locking by IP too would lock out a
# whole community office (one NAT address) because of one person's typos; axes warns about this.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# --- Language and time ----------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English")), ("kk-arab", _("Kazakh (Arabic script)"))]
# Kazakh as written in Xinjiang (Arabic script) reads right to left; Uyghur ("ug") is in Django's list.
# Django decides direction by the base code ("kk"); Baimi offers Kazakh only in the Arabic script.
LANGUAGES_BIDI = [*global_settings.LANGUAGES_BIDI, "kk", "kk-arab"]
# Django knows Kazakh only in Cyrillic ("kk"); the language menu needs this variant's own name.
LANG_INFO["kk-arab"] = {"bidi": True, "code": "kk-arab", "name": "Kazakh (Arabic script)", "name_local": "قازاقشا"}
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# --- Static files: served by the application itself (WhiteNoise), never from a CDN ---------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("BAIMI_STATIC_ROOT", DATA_DIR / "static"))
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",  # the project-wide stylesheet; apps keep their own
    # Leaflet's scripts and styles from the django-leaflet package. Only its static folder is used:
    # installing the app itself would pull in GeoDjango and GDAL, which Baimi does not need.
    Path(importlib.util.find_spec("leaflet").origin).parent / "static",  # type: ignore[union-attr,arg-type]
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it even before collectstatic
MEDIA_ROOT = DATA_DIR / "media"
WHITENOISE_USE_FINDERS = _env_bool("BAIMI_STATIC_FROM_FINDERS", True)

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("BAIMI_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},  # it logs every successful log-in at INFO
}

# --- Background tasks -----------------------------------------------------------------------------
# Huey: an embedded SQLite queue in the data folder by default (no server to run for the demo; the
# demo starts a worker thread itself), Redis in production (BAIMI_TASK_QUEUE=redis://host:6379/0)
# with `baimi run_huey` as its own service. Queued work survives a restart in both.
BAIMI_TASK_QUEUE = os.environ.get("BAIMI_TASK_QUEUE", "")
if BAIMI_TASK_QUEUE.startswith(("redis://", "rediss://", "unix://")):
    from huey import RedisHuey

    HUEY = RedisHuey("baimi", url=BAIMI_TASK_QUEUE, utc=True)
else:
    from huey import SqliteHuey

    HUEY = SqliteHuey("baimi", filename=str(DATA_DIR / "tasks.sqlite3"), utc=True)

# --- Baimi ------------------------------------------------------------------------------------------
BAIMI_CIRCLE_RADIUS_M = 100
# The map draws the community's own buildings and paths; a base map is optional: a tile URL such as
# a local tile server's "http://tiles.local/{z}/{x}/{y}.png" or Tianditu's with its key, and the
# coordinate system its tiles are drawn in (GCJ02 for AMap-style tiles, else WGS84/CGCS2000).
BAIMI_TILE_URL = os.environ.get("BAIMI_TILE_URL", "")
BAIMI_TILE_CRS = os.environ.get("BAIMI_TILE_CRS", "WGS84")
BAIMI_TILE_ATTRIBUTION = os.environ.get("BAIMI_TILE_ATTRIBUTION", "")
# --- Cache and rate limits on public pages -----------------------------------------------------------
# The limits count in the cache. One process (`baimi demo`): its memory is shared by all its threads.
# Several gunicorn workers: set BAIMI_CACHE_URL (redis://…) so they count together (docs/deploy.md).
BAIMI_CACHE_URL = os.environ.get("BAIMI_CACHE_URL", "")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": BAIMI_CACHE_URL}
          if BAIMI_CACHE_URL else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# django-ratelimit only knows django-redis and memcached by name; Django's own RedisCache increments
# atomically too (W001), and the in-process cache is shared in the one-process set-up (E003).
SILENCED_SYSTEM_CHECKS += ["django_ratelimit.W001"] + ([] if BAIMI_CACHE_URL else ["django_ratelimit.E003"])
RATELIMIT_VIEW = "baimi.ratelimits.too_many_requests"
BAIMI_RATE_LOGIN = os.environ.get("BAIMI_RATE_LOGIN", "30/m")  # login attempts per address
BAIMI_RATE_PUBLIC = os.environ.get("BAIMI_RATE_PUBLIC", "120/m")  # pages anyone may open, per address

# --- Notifications (docs/notifications.md) ------------------------------------------------------------
BAIMI_NOTIFY_CHANNELS = os.environ.get("BAIMI_NOTIFY_CHANNELS", "onscreen")  # e.g. "onscreen,email,wecom,sms"
BAIMI_NOTIFY_MAX_ATTEMPTS = _env_int("BAIMI_NOTIFY_MAX_ATTEMPTS", 8)
BAIMI_WECOM_WEBHOOK_URL = os.environ.get("BAIMI_WECOM_WEBHOOK_URL", "")
BAIMI_SMS_GATEWAY_URL = os.environ.get("BAIMI_SMS_GATEWAY_URL", "")
BAIMI_SMS_GATEWAY_TOKEN = os.environ.get("BAIMI_SMS_GATEWAY_TOKEN", "")
EMAIL_HOST = os.environ.get("BAIMI_EMAIL_HOST", "localhost")
EMAIL_PORT = _env_int("BAIMI_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("BAIMI_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("BAIMI_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("BAIMI_EMAIL_TLS", False)
EMAIL_TIMEOUT = 10  # seconds, like the other channels (notifications.channels.TIMEOUT_S): a hung mail server
#                     must not outlast a notification's sending claim
DEFAULT_FROM_EMAIL = os.environ.get("BAIMI_EMAIL_FROM", "baimi@localhost")

BAIMI_HELP_PHOTO_MAX_MB = _env_int("BAIMI_HELP_PHOTO_MAX_MB", 8)  # photos with help requests
BAIMI_AUDIT_RETENTION_DAYS = _env_int("BAIMI_AUDIT_RETENTION_DAYS", 200)  # PIPL practice: ≥ 6 months

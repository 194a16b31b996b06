"""Meedoen settings: one module, driven by environment variables, safe defaults.

SQLite is the default database so a fresh clone just works; set ``DATABASE_URL``
for PostgreSQL. ``MEEDOEN_PROFILE=production`` switches on the hardened profile
(no DEBUG, secure cookies, HSTS, required two-factor authentication) and then
requires a real secret key. Every variable is documented in
``docs/configuration.md``; ``meedoen/core/tests/test_settings.py`` fails
when one is not.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from meedoen.env import ConfigurationError, env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

PROFILE = env_str("MEEDOEN_PROFILE", "development", choices=("development", "production"))
PRODUCTION = PROFILE == "production"

DEBUG = env_bool("MEEDOEN_DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ConfigurationError("MEEDOEN_DEBUG cannot be on in the production profile.")

_DEV_SECRET = "insecure-development-key-do-not-use-in-production-0123456789abcdef"
SECRET_KEY = env_secret("MEEDOEN_SECRET_KEY", None if PRODUCTION else _DEV_SECRET)
if not SECRET_KEY:
    raise ConfigurationError("MEEDOEN_SECRET_KEY (or MEEDOEN_SECRET_KEY_FILE) is required in production.")
if PRODUCTION and (SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 50):
    raise ConfigurationError("MEEDOEN_SECRET_KEY must be a random value of at least 50 characters.")

ALLOWED_HOSTS = env_list(
    "MEEDOEN_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("MEEDOEN_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_htmx",
    "django_countries",
    "django_tasks",
    "django_tasks_db",
    "meedoen.core",
    "meedoen.accounts",
    "meedoen.audit",
    "meedoen.clients",
    "meedoen.demo",
    "meedoen.journey",
    "meedoen.partners",
    "meedoen.intake",
    "meedoen.plans",
    "meedoen.referrals",
    "meedoen.exams",
    "meedoen.work",
    "meedoen.caseload",
    "meedoen.monitoring",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "meedoen.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "meedoen.core.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "meedoen.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "meedoen.urls"
WSGI_APPLICATION = "meedoen.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "meedoen" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "meedoen.core.context_processors.meedoen",
            ],
        },
    },
]

# --- Database ------------------------------------------------------------------------------
# SQLite (WAL, busy timeout) by default; PostgreSQL through DATABASE_URL.
_DEFAULT_SQLITE = BASE_DIR / "var" / "meedoen.sqlite3"
DATABASE_URL = env_secret("DATABASE_URL", f"sqlite:///{_DEFAULT_SQLITE}")
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int(
        "MEEDOEN_DB_CONN_MAX_AGE", 60, minimum=0))}
except ValueError as exc:
    raise ConfigurationError(f"DATABASE_URL cannot be parsed: {exc}") from None
_SQLITE_BUSY_TIMEOUT = env_int("MEEDOEN_SQLITE_BUSY_TIMEOUT", 20, minimum=1)  # seconds
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": _SQLITE_BUSY_TIMEOUT,
    }
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Two-factor authentication (TOTP, django-otp): required in production, optional elsewhere.
MEEDOEN_OTP_REQUIRED = env_bool("MEEDOEN_OTP_REQUIRED", default=PRODUCTION)
if PRODUCTION and not MEEDOEN_OTP_REQUIRED:
    raise ConfigurationError("MEEDOEN_OTP_REQUIRED cannot be off in the production profile.")
OTP_TOTP_ISSUER = env_str("MEEDOEN_OTP_ISSUER", "Meedoen")

# Lockout after repeated failed logins (django-axes).
AXES_FAILURE_LIMIT = env_int("MEEDOEN_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("MEEDOEN_LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLED = env_bool("MEEDOEN_AXES_ENABLED", True)
AXES_IPWARE_PROXY_COUNT = env_int("MEEDOEN_PROXY_COUNT", 0, minimum=0)

# Idle session timeout: the session expires after this many minutes without a request.
SESSION_IDLE_MINUTES = env_int("MEEDOEN_SESSION_IDLE_MINUTES", 30, minimum=1, maximum=24 * 60)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Security --------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = True
# Read in every profile (so each variable is validated and documented), applied in production only.
_SSL_REDIRECT = env_bool("MEEDOEN_SSL_REDIRECT", True)
_HSTS_SECONDS = env_int("MEEDOEN_HSTS_SECONDS", 31536000, minimum=0)
_HSTS_PRELOAD = env_bool("MEEDOEN_HSTS_PRELOAD", True)
if env_bool("MEEDOEN_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _SSL_REDIRECT
    SECURE_HSTS_SECONDS = _HSTS_SECONDS
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = _HSTS_PRELOAD

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Internationalisation ----------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "meedoen" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files (served by Django/WhiteNoise; nothing from a CDN) ---------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("MEEDOEN_STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [
    BASE_DIR / "meedoen" / "static",
    ("vendor/utrecht-css", BASE_DIR / "node_modules" / "@utrecht" / "component-library-css" / "dist"),
    ("vendor/utrecht-tokens", BASE_DIR / "node_modules" / "@utrecht" / "design-tokens" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
# Outside production WhiteNoise serves straight from the finders (no collectstatic needed for the demo).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- E-mail ----------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "MEEDOEN_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("MEEDOEN_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("MEEDOEN_EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("MEEDOEN_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("MEEDOEN_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("MEEDOEN_EMAIL_USE_TLS", PRODUCTION)
DEFAULT_FROM_EMAIL = env_str("MEEDOEN_DEFAULT_FROM_EMAIL", "meedoen@localhost")

# --- Background jobs (Django Tasks API, database backend, no broker) ---------------------------
TASKS = {
    "default": {
        "BACKEND": env_str(
            "MEEDOEN_TASKS_BACKEND",
            "django_tasks_db.DatabaseBackend",
            choices=("django_tasks_db.DatabaseBackend", "django_tasks.backends.immediate.ImmediateBackend"),
        ),
        "QUEUES": ["default"],
    }
}

# --- Meedoen ---------------------------------------------------------------------------------
# Label shown on every page when the data is synthetic (the demo).
MEEDOEN_DEMO_BANNER = env_bool("MEEDOEN_DEMO_BANNER", not PRODUCTION)
# Aggregate figures below this count are shown as "<N" (small-cell rule against re-identification).
MEEDOEN_SMALL_CELL_THRESHOLD = env_int("MEEDOEN_SMALL_CELL_THRESHOLD", 5, minimum=1)

# --- Logging: BSN-like numbers are masked in every log record ---------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_bsn": {"()": "meedoen.core.logging.MaskBsnFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_bsn"]},
    },
    # Django's own loggers propagate to the root handler only (its default console handler would double lines).
    "loggers": {"django": {"handlers": [], "level": "INFO", "propagate": True}},
    "root": {"handlers": ["console"], "level": env_str(
        "MEEDOEN_LOG_LEVEL", "INFO", choices=("DEBUG", "INFO", "WARNING", "ERROR"))},
}

"""Django settings. Everything that differs between machines comes from the environment.

Zero configuration gives a working development site on SQLite; see docs/configuration.md.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from partneratlas.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (a long random string) when DEBUG is off; "
                                   "see docs/configuration.md.")
    SECRET_KEY = "dev-only-insecure-key-set-SECRET_KEY-in-production"  # noqa: S105 (development only)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "partneratlas.notifications",
    "partneratlas.history",
    "partneratlas.pdf",
    "partneratlas.capacity",
    "partneratlas.gazetteer",
    "partneratlas.registry",
    "partneratlas.api",
    "partneratlas.demo",
    "partneratlas.atlas",
    "partneratlas.people",
    "partneratlas.site",
    "partneratlas.editing",
    "partneratlas.upkeep",
    "partneratlas.backup",
    "partneratlas.questionnaires",
    "partneratlas.activities",
    "partneratlas.checkup",
    "partneratlas.events",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "partneratlas.middleware.LocaleMiddleware",
    "partneratlas.middleware.RejectNullCharacters",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "partneratlas.uploads.RequestSizeLimitMiddleware",  # before anything reads a body (CSRF: in its view step)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "partneratlas.people.middleware.RequireTwoFactorMiddleware",
]

ROOT_URLCONF = "partneratlas.urls"
WSGI_APPLICATION = "partneratlas.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "partneratlas" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "partneratlas.site.context.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'partneratlas.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers (the web workers) run while an import writes.
    # IMMEDIATE: a transaction takes the write lock when it begins, so writers queue up (at most
    # SQLITE_TIMEOUT seconds) instead of failing half-way; imports rely on it (registry.services).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_TIMEOUT", 20),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts (docs/accounts.md): e-mail and password through django-allauth, verified e-mail,
# TOTP two-factor (required for agency staff and site admins), lockout by user name + IP.
AUTHENTICATION_BACKENDS = ["partneratlas.people.audit.LockoutBackend"]
ACCOUNT_ADAPTER = "partneratlas.people.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {"login_failed": False}  # replaced by the lockout by user name and IP
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "PartnerAtlas"
LOGIN_REDIRECT_URL = "people:home"
LOGIN_URL = "account_login"
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_COOLOFF_SECONDS = env_int("LOGIN_COOLOFF_SECONDS", 15 * 60)
# Failures of one account from all addresses in a day before new addresses are slowed (docs/security.md).
LOGIN_ACCOUNT_FAILURE_LIMIT = env_int("LOGIN_ACCOUNT_FAILURE_LIMIT", 20)
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True  # a locked-out owner gets in by proving the mailbox
# Reverse proxies that append to X-Forwarded-For: one setting for our lockout and allauth's rate limits.
# Not given in production: a deploy warning (partneratlas.people.W001).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
TRUSTED_PROXY_COUNT_GIVEN = env_str("TRUSTED_PROXY_COUNT").strip() != ""
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT  # the adapter also hands allauth our reading of the address
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)  # a working day
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "PartnerAtlas <noreply@localhost>")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# German is the default; English and Simplified Chinese are complete. A translator adds a
# locale by adding a catalogue under partneratlas/locale/ and its code to LANGUAGES.
LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
]
LOCALE_PATHS = [BASE_DIR / "partneratlas" / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Berlin"
USE_TZ = True
FORMAT_MODULE_PATH = ["partneratlas.formats"]  # zh_Hans groups figures by thousands (1,234)

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise serves from here after collectstatic
# Third-party front-end assets come from the npm registry (package.json, `make install`).
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
    ("vendor/markercluster", NODE_MODULES / "leaflet.markercluster" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/topojson", NODE_MODULES / "topojson-client" / "dist"),
    ("vendor/world-atlas", NODE_MODULES / "world-atlas"),
]
if not DEBUG:
    # Hashed names and pre-compressed copies, served by WhiteNoise with long cache lifetimes.
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

# The public site: who runs it (imprint, accessibility statement, every e-mail's sender and footer)
# and the map's base layer.
SITE_NAME = env_str("SITE_NAME", "PartnerAtlas")
SITE_OPERATOR = env_str("SITE_OPERATOR", "")
SITE_ADDRESS = env_list("SITE_ADDRESS", [])
SITE_EMAIL = env_str("SITE_EMAIL", "")
SITE_PHONE = env_str("SITE_PHONE", "")
SITE_RESPONSIBLE = env_str("SITE_RESPONSIBLE", "")
ACCESSIBILITY_EMAIL = env_str("ACCESSIBILITY_EMAIL", "") or SITE_EMAIL
# The data protection officer's contact (name, address or e-mail), on the privacy page when set.
PRIVACY_OFFICER = env_list("PRIVACY_OFFICER", [])
# Offline the map shows country outlines; online deployments may add a tile server.
MAP_TILE_URL = env_str("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "")
# How long a process reuses its reading of the registry's version for the map payload's cache.
MAP_VERSION_SECONDS = env_int("MAP_VERSION_SECONDS", 2)

# Background work (docs/tasks.md): the import of uploaded files, reminder e-mails. By default
# a task runs at once in the request that starts it; with TASKS_BACKEND=database it waits in
# the database for `partneratlas db_worker`.
TASKS = {"default": {"BACKEND": {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "dummy": "django_tasks.backends.dummy.DummyBackend",
}[env_str("TASKS_BACKEND", "immediate")]}}
# A cache shared by web and worker processes (progress of imports, map payload) when REDIS_URL
# is set; otherwise each process has its own.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}

# Uploads: imports up to IMPORT_MAX_MB, kept for the preview and confirmation, then deleted.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Where `partneratlas backup create` writes its archives unless told (docs/operations.md).
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(BASE_DIR / "var" / "backups")))
IMPORT_MAX_MB = env_int("IMPORT_MAX_MB", 20)
# What an import reads at most, from the browser or `registry import` (docs/import.md): more
# is refused whole. The defaults hold a 100,000-row export with room to spare.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 100_000)
IMPORT_MAX_CELL_CHARS = env_int("IMPORT_MAX_CELL_CHARS", 32_767)  # Excel's own limit per cell
IMPORT_MAX_UNPACKED_MB = env_int("IMPORT_MAX_UNPACKED_MB", 256)  # the XLSX parts read, unpacked
# A request body larger than this is refused (413) before anything reads it; Django's own
# limit does not cover files. A little above IMPORT_MAX_MB, so that the upload form can say
# how large the file was.
REQUEST_MAX_MB = env_int("REQUEST_MAX_MB", IMPORT_MAX_MB + 1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# Personal data (docs/accounts.md): audit entries with login names and addresses, and the
# contact persons of partnerships that have ended, are removed after this many days by
# `partneratlas people purge` (0 keeps them).
RETENTION_DAYS = env_int("RETENTION_DAYS", 730)
# Records not verified for this many days are marked as such; their owners get a reminder.
STALE_AFTER_DAYS = env_int("STALE_AFTER_DAYS", 365)

# The activity log (docs/activities.md): photos and documents up to this size each.
ACTIVITY_FILE_MAX_MB = env_int("ACTIVITY_FILE_MAX_MB", 10)
# The resilience check-up (docs/checkup.md): how long a partner's link is valid, how many days
# before a round closes its open sides are reminded, and where results count as a perception
# gap, weak (with advice) and strong (a peer for others).
CHECKUP_LINK_DAYS = env_int("CHECKUP_LINK_DAYS", 60)
CHECKUP_REMIND_DAYS = [int(d) for d in env_list("CHECKUP_REMIND_DAYS", ["7"])]
CHECKUP_GAP_THRESHOLD = env_int("CHECKUP_GAP_THRESHOLD", 25)
CHECKUP_WEAK_BELOW = env_int("CHECKUP_WEAK_BELOW", 50)
CHECKUP_STRONG_FROM = env_int("CHECKUP_STRONG_FROM", 75)
CHECKUP_DORMANT_WATCH_MONTHS = env_int("CHECKUP_DORMANT_WATCH_MONTHS", 12)
CHECKUP_DORMANT_RISK_MONTHS = env_int("CHECKUP_DORMANT_RISK_MONTHS", 18)
CHECKUP_FALLING_BY = env_int("CHECKUP_FALLING_BY", 10)
CHECKUP_MIN_GROUP_SIZE = env_int("CHECKUP_MIN_GROUP_SIZE", 5)

# Events (docs/events.md): Fernet keys for the passport data of visa letters (comma-separated, the first
# encrypts, all decrypt; empty: derived from SECRET_KEY), and the days after an edition's end until that data
# is deleted.
EVENTS_PASSPORT_KEYS = env_list("EVENTS_PASSPORT_KEYS", [])
EVENTS_PASSPORT_KEEP_DAYS = env_int("EVENTS_PASSPORT_KEEP_DAYS", 7)
REMIND_EVERY_DAYS = env_int("REMIND_EVERY_DAYS", 30)
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# The country of the registry's own municipalities: an import whose file names no country for
# its first member assumes this one (and says so in its report).
REGISTRY_COUNTRY = env_str("REGISTRY_COUNTRY", "DE")
# Proposals from the public: at most this many per address and hour.
PROPOSALS_PER_HOUR = env_int("PROPOSALS_PER_HOUR", 5)

# Security headers. Only the site's own scripts and styles, no inline code (docs/security.md).
_TILE_HOST = "/".join(MAP_TILE_URL.split("/")[:3]) if MAP_TILE_URL.startswith("https://") else ""
CONTENT_SECURITY_POLICY = {"DIRECTIVES": {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", *([_TILE_HOST] if _TILE_HOST else [])],  # data: the two-factor QR code
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if TRUSTED_PROXY_COUNT:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS", [])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

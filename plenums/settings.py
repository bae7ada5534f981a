"""Settings driven by environment variables; embedded SQLite + Whoosh by default."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ARCHIVE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r}: expected 1/0, true/false, yes/no or on/off")


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set: refusing to start outside debug mode "
            "(set DJANGO_DEBUG=1 for local development)."
        )
    SECRET_KEY = "insecure-development-key-only-for-DJANGO_DEBUG"

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get(
        "DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else ""
    ).split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "simple_history",
    "axes",
    "csp",
    "plenums",
    # Before haystack, so that search's rebuild_index (build aside, then swap) wins.
    "search",
    "haystack",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "plenums.web.middleware.RejectNulMiddleware",
    # Public pages from the cache, keyed on the archive's last change (plenums/web/caching.py):
    # a hit skips everything below; what it stores is the finished page, in the reader's script.
    "plenums.web.caching.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the locale is known: renders public HTML in the reader's script (简/繁).
    "plenums.web.middleware.ScriptMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF, so writes to the read-only public site get 405 rather than 403.
    "plenums.web.middleware.ReadOnlyMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: turns a lockout into its 429 response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "plenums.urls"
WSGI_APPLICATION = "plenums.wsgi.application"

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
                "plenums.web.context_processors.reader",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'archive.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("zh-hant", "繁體中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

WHOOSH_PATH = Path(os.environ.get("WHOOSH_PATH", VAR_DIR / "whoosh"))

# Search: Whoosh with Chinese analysis (search/backend/); edits reach the index on commit.
HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": "search.backend.whoosh_backend.ChineseWhooshEngine",
        "PATH": str(WHOOSH_PATH),
    }
}
HAYSTACK_SIGNAL_PROCESSOR = "search.signals.SessionSignalProcessor"
HAYSTACK_SEARCH_RESULTS_PER_PAGE = 10

FIXTURE_DIRS = [BASE_DIR / "fixtures"]
ARTICLES_DIR = BASE_DIR / "fixtures" / "articles"
FIXTURE_FILE = BASE_DIR / "fixtures" / "plenums.json"
LEXICON_FILE = BASE_DIR / "fixtures" / "lexicon.txt"  # phrases staff track (build_fixtures)

# --- Uploads: the admin import's form checks its own limits (10 articles of 2 MiB, named with
# the reason when broken), so Django's request limits sit above them; past these ceilings a
# request is refused unread with templates/400.html, which states them. ------------------------
MiB = 1024 * 1024
# Form text: a pasted article at the limit (its line breaks may come as CRLF, doubling it), or
# one in the admin's session form, percent-encoded (×3).
DATA_UPLOAD_MAX_MEMORY_SIZE = 8 * MiB
# Files named in one request. plenums.admin.uploads keeps the bytes of ten at most, of the rest only
# names and sizes, so memory does not grow with this number.
DATA_UPLOAD_MAX_NUMBER_FILES = 1000
# A whole multipart request; Django has no such limit (files would stream to disk unbounded).
UPLOAD_MAX_REQUEST_BYTES = 128 * MiB
# Replaces Django's memory and temporary-file handlers (so FILE_UPLOAD_MAX_MEMORY_SIZE and
# FILE_UPLOAD_TEMP_DIR play no part): at most 10 × 2 MiB of files are held per request.
FILE_UPLOAD_HANDLERS = ["plenums.admin.uploads.BoundedUploadHandler"]
# DATA_UPLOAD_MAX_NUMBER_FIELDS keeps Django's 1000: an import's preview posts 4 per article.
# Imports wait here between preview and save (plenums/admin/staging.py), a folder per staff member.
IMPORT_STAGING_DIR = VAR_DIR / "staged-imports"

# --- Security: production defaults, each overridable from the environment. ---------------------
# Behind a TLS-terminating proxy, gunicorn on loopback may serve plain HTTP: set
# DJANGO_SECURE_SSL_REDIRECT=0 there and DJANGO_TRUST_X_FORWARDED_PROTO=1 if the proxy sets it.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
if env_bool("DJANGO_TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
try:
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS") or (0 if DEBUG else 31_536_000))
except ValueError as exc:
    raise ImproperlyConfigured(
        f"DJANGO_HSTS_SECONDS={os.environ['DJANGO_HSTS_SECONDS']!r}: expected whole seconds"
    ) from exc
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
# Only has an effect once the domain is submitted to the browsers' preload list.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Debug mode serves http://127.0.0.1:8000, where Secure cookies would never come back.
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

# The pages carry no inline style or script, so nothing needs 'unsafe-inline'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
    }
}

# Admin login throttling (django-axes): the pair user name + address is locked, so a stranger
# cannot lock a staff member out from elsewhere. The backend must come first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("DJANGO_AXES_ENABLED", True)
try:
    AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_AXES_FAILURE_LIMIT") or 5)
except ValueError as exc:
    raise ImproperlyConfigured(
        f"DJANGO_AXES_FAILURE_LIMIT={os.environ['DJANGO_AXES_FAILURE_LIMIT']!r}: expected a number"
    ) from exc
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True


def forwarded_client_address(request):
    """The address the TLS proxy saw: the right-most X-Forwarded-For entry, else the peer's."""
    # Entries left of the last one were sent by the client itself and could be forged.
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [h for h in hops if h]
    return hops[-1] if hops else request.META.get("REMOTE_ADDR")


# Behind a proxy every login comes from its address: without this, one stranger's failures
# would lock a staff member out everywhere. Only set it when the proxy appends the header.
if env_bool("DJANGO_TRUST_X_FORWARDED_FOR", False):
    AXES_CLIENT_IP_CALLABLE = forwarded_client_address

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

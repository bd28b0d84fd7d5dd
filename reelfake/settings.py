"""Settings for reelfake, read from the environment (see README "Configuration")."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from reelfake.env import env_bool, env_int, env_list, env_str, parse_database_url

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
# A fixed development key keeps `make run` zero-configuration; deployments set SECRET_KEY.
SECRET_KEY = env_str("SECRET_KEY", "reelfake-development-only-secret-key-change-me-in-production")
JWT_SECRET = env_str("JWT_SECRET", SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
API_VERSION = "1.0.0"
BUILD_AT = env_str("BUILD_AT")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "corsheaders",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "reelfake.db",
    "places",
    "movies",
    "people",
    "stores",
    "rentals",
    "accounts",
    "uploads",
]

MIDDLEWARE = [
    "reelfake.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "reelfake.middleware.GZipMiddleware",
    # ETag on GET responses and 304 for a matching If-None-Match.
    "django.middleware.http.ConditionalGetMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside CorsMiddleware: refuses foreign unsafe requests and turns preflights into 204s.
    "reelfake.middleware.OriginCheckMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "reelfake.middleware.RoutingMiddleware",
    "reelfake.middleware.DelayMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "reelfake.urls"
WSGI_APPLICATION = "reelfake.wsgi.application"
# Routes answer with or without a trailing slash; a redirect would break POST/PUT clients.
APPEND_SLASH = False

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: DATABASE_URL, or the embedded PostgreSQL started on demand.
_database_url = env_str("DATABASE_URL")
if _database_url is None:
    from reelfake.db.embedded import ensure_running

    _database_url = ensure_running()
    EMBEDDED_DATABASE = True
else:
    EMBEDDED_DATABASE = False

DATABASES = {"default": parse_database_url(_database_url)}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60, minimum=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
_test_db_name = env_str("REELFAKE_TEST_DB_NAME")
if _test_db_name:
    DATABASES["default"]["TEST"] = {"NAME": _test_db_name}

DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

# Store managers sign in to /admin/ with their staff email; superusers still work.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.StoreManagerBackend",
    "django.contrib.auth.backends.ModelBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    # Hashes imported from an existing reelfake database ($2a$/$2b$, cost 10).
    "django.contrib.auth.hashers.BCryptPasswordHasher",
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
# Only container builds run collectstatic; locally WhiteNoise serves straight from the finders.
STATIC_ROOT = env_str("STATIC_ROOT")
# Serve sidecar assets (Swagger UI, Redoc) from the package folders without collectstatic.
WHITENOISE_USE_FINDERS = True

# Request bodies: the contract's JSON limit is 100 kB.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 100 * 1024, minimum=1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024, minimum=1024)

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["reelfake.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "reelfake.negotiation.LenientContentNegotiation",
    "DEFAULT_AUTHENTICATION_CLASSES": ["accounts.authentication.CookieJWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "reelfake.pagination.ReelfakePagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "reelfake.exceptions.exception_handler",
    "UNAUTHENTICATED_USER": None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Reelfake API",
    "DESCRIPTION": (
        "A movie-rental REST API backed by PostgreSQL, wire-compatible with reelfake. "
        'All routes live under /api; errors are {"status":"error","message":"..."}.'
    ),
    "VERSION": API_VERSION,
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["reelfake.schema.strip_trailing_slashes"],
}

# The JWT settings block (simplejwt): HS256 with JWT_SECRET; tokens carry id, email, role.
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(hours=1),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env_int("REFRESH_TOKEN_DAYS", 7, minimum=1)),
    "ALGORITHM": "HS256",
    "SIGNING_KEY": JWT_SECRET,
    # No Django auth user stands behind API tokens; keep simplejwt from looking one up.
    "USER_ID_CLAIM": "django_user_id",
    "UPDATE_LAST_LOGIN": False,
}

# CORS and the Origin check (DECISIONS.md "Browser safety"): an allowlist with credentials.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", [])
CORS_ALLOWED_ORIGIN_REGEXES = env_list(
    "CORS_ALLOWED_ORIGIN_REGEXES", [r"^http://(localhost|127\.0\.0\.1)(:\d+)?$"]
)
CORS_ALLOW_CREDENTIALS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "PUT", "PATCH", "POST", "DELETE", "OPTIONS"]
CORS_PREFLIGHT_MAX_AGE = 600

# The auth cookie keeps the reference's name and attributes by default.
AUTH_COOKIE_NAME = "auth_token"
AUTH_COOKIE_SECURE = env_bool("AUTH_COOKIE_SECURE", True)
AUTH_COOKIE_SAMESITE = env_str("AUTH_COOKIE_SAMESITE", "None")

REELFAKE_OPEN_PASSWORD_RESET = env_bool("REELFAKE_OPEN_PASSWORD_RESET", True)

# JSON lines on stderr: one per request (reelfake.request) and errors with tracebacks.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "reelfake.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Errors are logged by the exception handler with their traceback; Django's own
        # "Not Found"/"Bad Request" lines would repeat the request log.
        "django.request": {"level": "CRITICAL"},
        "django.server": {"level": "WARNING"},
        "pgserver": {"level": "WARNING"},
        "reelfake.request": {"level": env_str("REQUEST_LOG_LEVEL", "INFO")},
    },
}

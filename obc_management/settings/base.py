"""Settings shared by every mode, read from the environment (django-environ).

The defaults are the embedded mode of `make run`: a SQLite file, a local-memory cache
and Celery running tasks eagerly, so a new user needs neither PostgreSQL nor Redis.
`production.py` removes every default that would be unsafe; `test.py` points at the
real PostgreSQL and Redis that `make test` provides.
"""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A developer's .env is read when present; production reads the real environment only.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
# The embedded default key is only for `make run`; production.py refuses to start without one.
SECRET_KEY = env("SECRET_KEY", default="embedded-development-only-not-a-secret")
# Keys of the secrets the database keeps encrypted (webhook signing secrets;
# common.encryption): the first encrypts, every one decrypts, so a key can be rotated. Apart
# from SECRET_KEY, so rotating one never makes the other's data unreadable.
FIELD_ENCRYPTION_KEYS = env.list(
    "FIELD_ENCRYPTION_KEYS", default=["embedded-development-only-field-encryption-key-not-a-secret"]
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Absolute base of links sent out of the app (emails, SMS, calendar feeds).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

OBCMS_VERSION = "0.1.0"
SITE_NAME = "OBCMS"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    # third party
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "oauth2_provider",
    "corsheaders",
    "django_filters",
    "django_celery_beat",
    "django_htmx",
    "template_partials",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "django_guid",
    # OBCMS core (no feature app is imported by these)
    "common",
    "coordination",
    "monitoring",
    # OBCMS features
    "automation",
    "service_catalog",
    "ocm_dashboard",
    "reporting",
    "community_portal",
    "external_api",
]

MIDDLEWARE = [
    "django_guid.middleware.guid_middleware",
    "common.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # CORS answers only under /api/v1/public/ (CORS_URLS_REGEX below).
    "corsheaders.middleware.CorsMiddleware",
    # After sessions, before CommonMiddleware (Django's documented place): the language
    # cookie set by the switch, else Accept-Language, else LANGUAGE_CODE.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: a signed-in user's own language when the browser has not chosen.
    "common.i18n.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes goes last so it sees the authentication result of the whole stack.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "obc_management.urls"
# Form widgets render through our templates (templates/django/forms/), styled like the rest.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
CSRF_FAILURE_VIEW = "common.views.csrf_failure"
WSGI_APPLICATION = "obc_management.wsgi.application"

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
                "common.context_processors.navigation",
            ],
            # The shared page patterns (error summary, money and time formats) in every template.
            "builtins": ["common.templatetags.ui"],
        },
    },
]

# --- Data ------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'obcms.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the dev server read while a seed or a task writes. IMMEDIATE takes the write
    # lock when a transaction begins, so two writers queue on the busy timeout instead of
    # one failing half-way with "database is locked" (three parallel meeting generations
    # gave two 500s with the default DEFERRED mode).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
# Heavy reads (dashboard, reports) may go to a replica; see common.db_router.
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASE_ROUTERS = ["common.db_router.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "common.User"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    # Sessions live in Redis (with the DB as the durable copy) so web processes stay stateless.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "obcms"}}

# --- Authentication --------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses locked-out username+IP pairs before a password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "common:login"
LOGIN_REDIRECT_URL = "common:home"
LOGOUT_REDIRECT_URL = "common:login"

# django-axes: lock a username+IP pair after repeated failures (SECURITY.md, login abuse).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "common.auth.lockout_response"
AXES_CLIENT_IP_CALLABLE = "common.net.client_ip"  # the same trusted-proxy rule as the throttles
# Failed attempts are counted in the database; the cache handler would lose them on restart.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_VERBOSE = False

# --- API -------------------------------------------------------------------------------
# Number of trusted reverse proxies in front of the app: the client IP is taken that many
# hops from the right of X-Forwarded-For, so a forged header buys nothing.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["common.permissions.DenyAll"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "common.api.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "common.api.pagination.StandardPagination",
    "PAGE_SIZE": 25,
    "EXCEPTION_HANDLER": "common.api.errors.api_exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "common.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "NUM_PROXIES": NUM_PROXIES,
    "DEFAULT_THROTTLE_RATES": {
        "public": env("THROTTLE_PUBLIC", default="100/hour"),
        "internal": env("THROTTLE_INTERNAL", default="1000/hour"),
        "external": env("THROTTLE_EXTERNAL", default="5000/hour"),
        # Where mail goes out on an anonymous request (common.api.throttles.allowance_take):
        # a reset link per address and per client IP, a request's confirmation per address.
        "password_reset_address": env("THROTTLE_PASSWORD_RESET_ADDRESS", default="3/hour"),
        "password_reset_ip": env("THROTTLE_PASSWORD_RESET_IP", default="10/hour"),
        "request_confirmation": env("THROTTLE_REQUEST_CONFIRMATION", default="5/hour"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

# JSON bodies of the API are refused (400) beyond these, before parsing.
API_JSON_MAX_BYTES = env.int("API_JSON_MAX_BYTES", default=1_000_000)
API_JSON_MAX_DEPTH = 32

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=10)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=1),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": False,
    "ALGORITHM": "HS256",
    # Its own key, so leaking or rotating SECRET_KEY and the JWT key are separate events.
    "SIGNING_KEY": env("JWT_SIGNING_KEY", default="embedded-development-only-jwt-key-not-a-secret"),
    "USER_ID_FIELD": "id",
    "USER_ID_CLAIM": "user_id",
    # Every request re-reads the user, so deactivation takes effect on the next call.
    "CHECK_USER_IS_ACTIVE": True,
    # Tokens carry a hash of the password hash: one minted before a change is refused.
    "CHECK_REVOKE_TOKEN": True,
    "TOKEN_REFRESH_SERIALIZER": "common.api.jwt.TokenRefreshSerializer",
}

# Named explicitly so migrations can refer to it as a swappable setting.
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER = {
    "ACCESS_TOKEN_EXPIRE_SECONDS": 3600,
    # The default backend grants every scope to every client; ours grants only the scopes
    # an administrator gave that client (external_api.scopes).
    "SCOPES_BACKEND_CLASS": "external_api.scopes.ClientScopes",
    "SCOPES": {},  # filled from external_api.scopes.SCOPES in that app's ready()
    "OAUTH2_VALIDATOR_CLASS": "external_api.oauth.PartnerOAuth2Validator",
    # OAuth 2.0 Security BCP (RFC 9700): tokens hashed at rest, bearer tokens only in the
    # Authorization header, no implicit or password grants, https-only redirect URIs.
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
}

CORS_URLS_REGEX = r"^/api/v1/public/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False

SPECTACULAR_SETTINGS = {
    "TITLE": "OBCMS API",
    "DESCRIPTION": "Other Bangsamoro Communities Management System",
    "VERSION": OBCMS_VERSION,
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1/(internal|public|external)",
    # The docs page loads Swagger UI from our own static files: nothing downloads at run time.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a `status`; name each enum after its model so the names stay stable.
    "ENUM_NAME_OVERRIDES": {
        "PpaStatusEnum": "monitoring.models.PpaStatus",
        "EntryKindEnum": "monitoring.models.EntryKind",
    },
}

# --- Celery ----------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
# Without Redis (embedded mode) tasks run in-process, at once.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Asia/Manila"

# --- i18n, time ------------------------------------------------------------------------
# See docs/translations.md. Each language is named in itself, as the switch shows it.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fil", "Filipino")]
# Catalogs: each app's own <app>/locale/ (found through INSTALLED_APPS); this one holds the
# strings of the project-wide templates/ and obc_management/.
LOCALE_PATHS = [BASE_DIR / "locale"]
# The switch's choice, remembered for a year; sent on every request, so SameSite=Lax.
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Philippine date, time and number formats for both languages (obc_management/formats/).
FORMAT_MODULE_PATH = ["obc_management.formats"]
TIME_ZONE = "Asia/Manila"
USE_I18N = True
USE_TZ = True

# --- Static and media ------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "staticfiles")
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Email -----------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# A hung SMTP server must not hold a worker (or a request) forever: seconds per socket call.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
# SMS: no real gateway here; a deployment points this at a class with a `send(to, text)`.
SMS_BACKEND = env("SMS_BACKEND", default="common.sms.ConsoleSmsBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="OBCMS <no-reply@oobc.bangsamoro.gov.ph>")

# --- Reports ---------------------------------------------------------------------------
# Generated report files are deleted this many days after they are built (the row stays).
REPORTS_FILE_DAYS = env.int("REPORTS_FILE_DAYS", default=30)
# A recipient's emailed download link works this many days (the file may be kept longer).
REPORTS_LINK_DAYS = env.int("REPORTS_LINK_DAYS", default=7)

# --- Security headers (also on in development, so nothing surprises us in production) ---
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
# CSP: our own scripts and styles only; no inline script, so an injected <script> never runs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Logging: JSON lines with the request id (django-guid) ------------------------------
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": False,
    "RETURN_HEADER": True,
    "EXPOSE_HEADER": True,
    "INTEGRATIONS": [],
}
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
# Readable lines on a developer's console; JSON lines wherever DEBUG is off.
LOG_FORMAT = env("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "django_guid.log_filters.CorrelationId", "correlation_id_field": "request_id"}
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "django_guid": {"level": "WARNING"},
        # WeasyPrint logs every layout step of every PDF at INFO: a report would flood the log.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    # send_default_pii off: personal data of communities must not leave for a third party.
    sentry_sdk.init(dsn=SENTRY_DSN, send_default_pii=False, traces_sample_rate=0.0)

# Hosts allowed to read /metrics without a staff login (Prometheus scrapers).
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=["127.0.0.1", "::1"])

# --- Partner data sharing (external_api) -----------------------------------------------
# Access log rows are kept this long, then pruned by Beat (external_api.prune_access_log).
ACCESS_LOG_RETENTION_DAYS = env.int("ACCESS_LOG_RETENTION_DAYS", default=3 * 365)
# Webhook delivery: a 2xx within WEBHOOK_TIMEOUT seconds is success. Retries after
# each failure, in seconds (5 s, 5 min, 30 min, 2 h, 5 h, then 10 h: about three days).
WEBHOOK_TIMEOUT = env.float("WEBHOOK_TIMEOUT", default=15.0)
WEBHOOK_CONNECT_TIMEOUT = env.float("WEBHOOK_CONNECT_TIMEOUT", default=5.0)
WEBHOOK_MAX_RESPONSE_BYTES = env.int("WEBHOOK_MAX_RESPONSE_BYTES", default=64 * 1024)
WEBHOOK_RETRY_SCHEDULE = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600] + [10 * 3600] * 6
WEBHOOK_ALLOWED_PORTS = [int(port) for port in env.list("WEBHOOK_ALLOWED_PORTS", default=["443", "8443"])]
WEBHOOK_CA_BUNDLE = env("WEBHOOK_CA_BUNDLE", default="")
# Loopback webhook targets (and plain http to them): the test suite and the embedded demo
# (no DATABASE_URL) only. production.py refuses to start with it on.
WEBHOOK_ALLOW_LOOPBACK = env.bool("WEBHOOK_ALLOW_LOOPBACK", default=not env("DATABASE_URL", default=""))

# django-filter's empty choice reads "---------" by default; a filter left open means "Any".
FILTERS_EMPTY_CHOICE_LABEL = "Any"

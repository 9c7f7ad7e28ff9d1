"""Hromada settings: one module, read only from HROMADA_* environment variables (see docs/configuration.md)."""

from __future__ import annotations

import importlib.util
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from hromada.env import env_bool, env_choice, env_int, env_list, env_path, env_str, env_url

PACKAGE_DIR = Path(__file__).resolve().parent

HROMADA_ENV = env_choice("HROMADA_ENV", "development", ("development", "production"))
PRODUCTION = HROMADA_ENV == "production"
DATA_DIR = env_path("HROMADA_DATA_DIR", Path.cwd() / "var")
DEBUG = env_bool("HROMADA_DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("HROMADA_DEBUG must be off when HROMADA_ENV=production.")


def _secret_key() -> str:
    key = env_str("HROMADA_SECRET_KEY")
    if key:
        if len(key) < 50:
            raise ImproperlyConfigured("HROMADA_SECRET_KEY must be at least 50 characters long.")
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("HROMADA_SECRET_KEY is required when HROMADA_ENV=production.")
    # Development and demo: generate once and keep it in the data dir, so sessions survive restarts.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()

_default_hosts = [] if PRODUCTION else ["localhost", ".localhost", "127.0.0.1", "[::1]", "testserver"]
ALLOWED_HOSTS = env_list("HROMADA_ALLOWED_HOSTS", _default_hosts)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("HROMADA_ALLOWED_HOSTS is required when HROMADA_ENV=production.")
# Katottg code of the hromada served on hosts that no hromada claims; else the one marked default.
DEFAULT_HROMADA_CODE = env_str("HROMADA_DEFAULT_HROMADA")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "hromada.core",
    "hromada.portal",
    "hromada.programmes",
    "hromada.registers",
    "hromada.acts",
    "hromada.accounts",
    "hromada.appeals",
    "hromada.participation",
    "hromada.cnap",
    "hromada.opendata",
    "hromada.itassets",
    # Accounts and identity through django-allauth (docs/decisions/0007-resident-identity.md).
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "hromada.accounts.providers.idgovua",
    "allauth.mfa",
    "allauth.usersessions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # An ETag from the body of every complete GET answer, and 304 when the client already holds it: feeds,
    # catalogues and open-data files are re-fetched by harvesters and apps without the body crossing again.
    "django.middleware.http.ConditionalGetMiddleware",
    "hromada.core.middleware.RequestIdMiddleware",
    # Anonymous public pages from the page cache (core/pagecache.py): after the request id and the conditional
    # GET (a hit keeps its stored ETag, so a client holding it gets 304), before sessions, auth and CSRF.
    "hromada.core.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "hromada.core.middleware.HromadaMiddleware",
    "hromada.core.middleware.AuditContextMiddleware",
    "hromada.accounts.mfa.StaffSecondFactorMiddleware",  # staff TOTP after /login/ (accounts/mfa.py)
]

ROOT_URLCONF = "hromada.urls"
WSGI_APPLICATION = "hromada.wsgi.application"

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
                "hromada.core.context_processors.hromada",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------------
DATABASE_URL = env_url(
    "HROMADA_DATABASE_URL",
    f"sqlite:///{DATA_DIR / 'hromada.sqlite3'}",
    schemes=("sqlite", "postgres", "postgresql"),
)
_db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("HROMADA_DB_CONN_MAX_AGE", 60, minimum=0))
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db.setdefault("OPTIONS", {}).update(
        {
            # IMMEDIATE: a transaction takes the write lock at BEGIN, so the audit hash chain and
            # read-then-write services never hit SQLITE_BUSY_SNAPSHOT halfway through.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    )
    # Connections are kept across requests as on PostgreSQL: opening one (the PRAGMAs above, the functions of
    # core/sqlite_functions.py) costs ~2 ms, more than a cached page. WAL lets kept connections read while
    # another writes, and `hromada restore` writes into the live file, so no connection holds a stale copy.
    # The test database is a file, not memory, so that a worker process started by a test sees it.
    _db["TEST"] = {"NAME": str(Path(_db["NAME"]).with_name("test_" + Path(_db["NAME"]).name))
                   if _db["NAME"] and _db["NAME"] != ":memory:" else ":memory:"}
    if _db["NAME"] and _db["NAME"] != ":memory:":
        Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
else:
    _db["CONN_HEALTH_CHECKS"] = True
    # Through a pooler in transaction mode (pgbouncer; docs/deployment.md): no server-side cursors, and no
    # statements prepared on a server connection that the next transaction may not get.
    if env_bool("HROMADA_DB_TRANSACTION_POOLER", False):
        _db["DISABLE_SERVER_SIDE_CURSORS"] = True
        _db.setdefault("OPTIONS", {})["prepare_threshold"] = None
DATABASES = {"default": _db}
# Public reads from a streaming replica (core/dbrouter.py): unset, no router and no second connection.
REPLICA_DATABASE_URL = env_url("HROMADA_REPLICA_DATABASE_URL", None, schemes=("postgres", "postgresql"))
REPLICA_STICKY_SECONDS = env_int("HROMADA_REPLICA_STICKY_SECONDS", 10, minimum=0)
REPLICA_MAX_LAG_SECONDS = env_int("HROMADA_REPLICA_MAX_LAG_SECONDS", 10, minimum=0)
REPLICA_CHECK_SECONDS = env_int("HROMADA_REPLICA_CHECK_SECONDS", 5, minimum=1)
REPLICA_RETRY_SECONDS = env_int("HROMADA_REPLICA_RETRY_SECONDS", 5, minimum=1)
if REPLICA_DATABASE_URL:
    if _db["ENGINE"] == "django.db.backends.sqlite3":
        raise ImproperlyConfigured("HROMADA_REPLICA_DATABASE_URL needs a PostgreSQL HROMADA_DATABASE_URL.")
    REPLICA_DATABASE_ALIAS = "replica"
    _replica = dj_database_url.parse(REPLICA_DATABASE_URL, conn_max_age=_db.get("CONN_MAX_AGE", 60))
    _replica["CONN_HEALTH_CHECKS"] = True
    _replica["OPTIONS"] = {**_db.get("OPTIONS", {}), **_replica.get("OPTIONS", {}), "connect_timeout": 2}
    _replica["DISABLE_SERVER_SIDE_CURSORS"] = _db.get("DISABLE_SERVER_SIDE_CURSORS", False)
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"] = _replica
    DATABASE_ROUTERS = ["hromada.core.dbrouter.ReplicaRouter"]
    MIDDLEWARE.insert(0, "hromada.core.dbrouter.ReplicaRoutingMiddleware")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- accounts -------------------------------------------------------------------------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "hromada.core.auth.EmailOrPhoneBackend",
    # Sign-in by code, after a verification code and through identity providers.
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# Throttling of failed sign-ins: this many failures for one account or one address within the window
# lock further attempts until the window passes.
LOGIN_FAILURE_LIMIT = env_int("HROMADA_LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("HROMADA_LOGIN_FAILURE_WINDOW", 15 * 60, minimum=60)
SESSION_COOKIE_AGE = env_int("HROMADA_SESSION_AGE", 8 * 60 * 60, minimum=300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = False
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3

# --- resident identity (django-allauth; hromada.accounts) -----------------------------------------
ACCOUNT_ADAPTER = "hromada.accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "hromada.accounts.adapters.SocialAccountAdapter"
ACCOUNT_FORMS = {
    "signup": "hromada.accounts.forms.SignupForm",
    "request_login_code": "hromada.accounts.forms.RequestLoginCodeForm",
}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email", "phone"}
# Either an e-mail or a phone (accounts.forms.SignupForm makes the e-mail optional when a phone is given,
# accounts.views.SignupView skips e-mail verification for a phone-only account, whose phone is verified);
# a password is optional: a code suffices.
ACCOUNT_SIGNUP_FIELDS = ["email*", "phone", "password1"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_EMAIL_VERIFICATION_SUPPORTS_RESEND = True
ACCOUNT_PHONE_VERIFICATION_ENABLED = True
ACCOUNT_PHONE_VERIFICATION_SUPPORTS_RESEND = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "website"
# Codes and sign-ups per address, per phone and per client address (allauth's cache-based limits).
ACCOUNT_RATE_LIMITS = {
    "signup": env_str("HROMADA_RATE_SIGNUP", "20/h/ip"),
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/300s/key",
    "confirm_email": "1/30s/key,5/h/key",
    "verify_phone": "1/30s/key,5/h/key",
    "request_login_code": "20/m/ip,3/5m/key,10/h/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_phone": "1/m/user",
}
# The API's sign-up and codes (hromada.accounts.api), per client address and per e-mail/phone ("key"), with
# allauth's limiter; sign-in failures at /api/v1/auth/token are throttled like the /login/ page (core.throttle).
API_RATE_LIMITS = {
    "api_register": env_str("HROMADA_RATE_API_REGISTER", "10/h/ip,3/h/key"),
    "api_confirm": env_str("HROMADA_RATE_API_CONFIRM", "30/h/ip,10/15m/key"),
    # Information requests filed without an account (POST /api/v1/cases/info-requests).
    "api_info_request": env_str("HROMADA_RATE_API_INFO_REQUEST", "10/h/ip"),
    # The endpoints a crowd or a script hits (core/ratelimit.py), portal and API alike: per account where one is
    # signed in (a village council's residents may share one address), per address for search.
    "booking": env_str("HROMADA_RATE_BOOKING", "20/h/user"),
    "application": env_str("HROMADA_RATE_APPLICATION", "10/h/user"),
    "signature": env_str("HROMADA_RATE_SIGNATURE", "30/h/user"),
    "ballot": env_str("HROMADA_RATE_BALLOT", "20/h/user"),
    "search": env_str("HROMADA_RATE_SEARCH", "120/m/ip"),
}
# Client addresses never rate-limited: the load tests' own, and only when set explicitly (comma-separated).
RATE_LIMIT_EXEMPT = frozenset(a.strip() for a in env_str("HROMADA_RATE_LIMIT_EXEMPT", "").split(",") if a.strip())
API_RESIDENT_TOKEN_DAYS = env_int("HROMADA_API_TOKEN_DAYS", 30, minimum=1)
LOGIN_REDIRECT_URL = "/cabinet/"
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = env_int("HROMADA_IDENTITY_TIMEOUT", 10, minimum=1)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Hromada"
# ID.gov.ua for the whole installation (a hromada may configure its own; hromada.accounts.identity_providers).
IDGOVUA_URL = env_url("HROMADA_IDGOVUA_URL", None, schemes=("http", "https"))
IDGOVUA_CLIENT_ID = env_str("HROMADA_IDGOVUA_CLIENT_ID")
IDGOVUA_CLIENT_SECRET = env_str("HROMADA_IDGOVUA_CLIENT_SECRET")
# Further OpenID Connect providers for the installation: a JSON list of
# {"name", "label", "issuer", "client_id", "client_secret"}; endpoints come from OIDC discovery.
OIDC_PROVIDERS = env_str("HROMADA_OIDC_PROVIDERS", "") or ""

# --- internationalisation -------------------------------------------------------------------------
LANGUAGE_CODE = "uk"
LANGUAGES = [("uk", _("Ukrainian"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["hromada.formats"]  # «6 липня 2026 р.» for DATE_FORMAT (hromada/formats/uk/formats.py)
TIME_ZONE = "Europe/Kyiv"
USE_I18N = True
USE_TZ = True

# --- files ----------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env_path("HROMADA_STATIC_ROOT", DATA_DIR / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = env_path("HROMADA_MEDIA_ROOT", DATA_DIR / "media")
# Whitenoise serves straight from the app directories, so `demo` needs no collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_AUTOREFRESH = DEBUG
S3_BUCKET = env_str("HROMADA_S3_BUCKET")
if S3_BUCKET:
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_url("HROMADA_S3_ENDPOINT_URL", None, schemes=("http", "https")),
            "region_name": env_str("HROMADA_S3_REGION"),
            "access_key": env_str("HROMADA_S3_ACCESS_KEY"),
            "secret_key": env_str("HROMADA_S3_SECRET_KEY"),
            "default_acl": None,
            "querystring_auth": True,
        },
    }
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- e-mail ---------------------------------------------------------------------------------------
EMAIL_HOST = env_str("HROMADA_EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("HROMADA_EMAIL_PORT", 587, minimum=1, maximum=65535)
    EMAIL_HOST_USER = env_str("HROMADA_EMAIL_USER", "") or ""
    EMAIL_HOST_PASSWORD = env_str("HROMADA_EMAIL_PASSWORD", "") or ""
    EMAIL_USE_TLS = env_bool("HROMADA_EMAIL_USE_TLS", True)
else:
    # Without a mail server, letters are printed to the console (the demo reads reset links there).
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("HROMADA_EMAIL_FROM", "hromada@localhost")
# SMS notices go through a gateway class named by dotted path (a subclass of
# hromada.core.notifications.sms.BaseSmsBackend); the default writes the message to the log.
SMS_BACKEND = env_str("HROMADA_SMS_BACKEND", "hromada.core.notifications.sms.ConsoleSmsBackend")
# Leaflet's files come from the django-leaflet package (never copied into the repository); the app itself is
# not installed because it needs GeoDjango, so only its static directory is served.
_LEAFLET = importlib.util.find_spec("leaflet")
STATICFILES_DIRS = [Path(_LEAFLET.submodule_search_locations[0]) / "static"] if _LEAFLET else []
# Map tiles; empty shows the objects on a blank background (the map works without any tile server).
MAP_TILES_URL = env_str("HROMADA_MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILES_ATTRIBUTION = env_str("HROMADA_MAP_TILES_ATTRIBUTION", "© OpenStreetMap contributors")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- security -------------------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("HROMADA_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("HROMADA_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("HROMADA_BEHIND_TLS_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # /healthz is probed over plain HTTP by load balancers.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
CSRF_TRUSTED_ORIGINS = env_list("HROMADA_CSRF_TRUSTED_ORIGINS", [])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice("HROMADA_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR")),
    },
    # pyHanko logs a traceback for every untrusted signature; the registry reports that in its own words.
    "loggers": {"pyhanko": {"level": "ERROR"}, "pyhanko_certvalidator": {"level": "ERROR"},
                "pymorphy3": {"level": "WARNING"}},
}

# Electronic signatures in attached PDFs (acts.signatures): verifiers tried in order — a DSTU 4145 (UAPKI)
# verifier is added here by dotted path — and a directory of trusted root certificates (PEM/DER; unset:
# signatures are checked for integrity but no certificate is trusted).
ACTS_SIGNATURE_VERIFIERS = env_list("HROMADA_SIGNATURE_VERIFIERS", ["hromada.acts.signatures.PyHankoVerifier"])
ACTS_SIGNATURE_TRUST_ROOTS = env_str("HROMADA_SIGNATURE_TRUST_ROOTS")

# --- background work --------------------------------------------------------------------------------
# Django's tasks API (django-tasks backport). "database": the embedded default, a row per task in our own
# database and `hromada worker` picking them up — no broker for one hromada. "redis": RQ over Redis for an
# operator with several web and worker machines (pip install 'hromada[redis]', HROMADA_REDIS_URL; workers run
# `hromada rqworker`). See docs/deployment.md.
TASKS_BACKEND = env_choice("HROMADA_TASKS_BACKEND", "database", ("database", "redis"))
REDIS_URL = env_url("HROMADA_REDIS_URL", "redis://127.0.0.1:6379/0", schemes=("redis", "rediss", "unix"))
TASK_QUEUES = ["default", "imports", "notifications"]
if TASKS_BACKEND == "redis":
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": TASK_QUEUES}}
    RQ_QUEUES = {name: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 6 * 60 * 60} for name in TASK_QUEUES}
    INSTALLED_APPS.append("django_rq")
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}
# Django's cache (rate-limit counts, allauth's codes): each process's own memory by default; "redis" shares it
# between the processes and machines of an operator (HROMADA_REDIS_URL).
CACHE_BACKEND = env_choice("HROMADA_CACHE", "memory", ("memory", "redis"))
# Anonymous public pages (core/pagecache.py, docs/decisions/0015-page-cache.md): on unless HROMADA_PAGE_CACHE=0;
# an entry lives at most HROMADA_PAGE_CACHE_TTL seconds (writes invalidate it sooner). In memory each process
# keeps at most HROMADA_PAGE_CACHE_ENTRIES pages and the versions are files under the data dir (shared by the
# processes of one machine); with Redis both pages and versions are shared by every process and machine.
PAGE_CACHE = env_bool("HROMADA_PAGE_CACHE", True)
PAGE_CACHE_TTL = env_int("HROMADA_PAGE_CACHE_TTL", 120, minimum=1, maximum=24 * 60 * 60)
PAGE_CACHE_ENTRIES = env_int("HROMADA_PAGE_CACHE_ENTRIES", 1000, minimum=10)
PAGE_CACHE_MAX_BYTES = env_int("HROMADA_PAGE_CACHE_MAX_BYTES", 1024 * 1024, minimum=1024)
PAGE_CACHE_VERSIONS = "cache" if CACHE_BACKEND == "redis" else "files"
# Behind nginx with proxy_cache (the operator profile, core/cluster.py): the pages the page cache serves without
# counting a rate limit carry X-Accel-Expires with this many seconds, so nginx answers repeats itself (a
# microcache: anonymous visitors may see a write that much later). 0 sends nothing.
EDGE_CACHE_SECONDS = env_int("HROMADA_EDGE_CACHE_SECONDS", 0, minimum=0, maximum=60)
if CACHE_BACKEND == "redis":
    # Short socket timeouts: an unreachable Redis costs a request a second at most, not the kernel's minutes.
    _redis_options = {"socket_connect_timeout": 1, "socket_timeout": 1}
    CACHES = {"default": {"BACKEND": "hromada.core.cache.ResilientRedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": "hromada", "OPTIONS": _redis_options},
              "pages": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                        "KEY_PREFIX": "hromada-pages", "TIMEOUT": PAGE_CACHE_TTL, "OPTIONS": _redis_options}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "hromada"},
              "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "hromada-pages",
                        "TIMEOUT": PAGE_CACHE_TTL, "OPTIONS": {"MAX_ENTRIES": PAGE_CACHE_ENTRIES}}}

NINJA_PAGINATION_PER_PAGE = 50
DEMO_PASSWORD = env_str("HROMADA_DEMO_PASSWORD")

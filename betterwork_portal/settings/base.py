"""Settings shared by every environment, read from the process environment.

With nothing set the portal runs on SQLite in the project folder. Every
variable is listed in the README's configuration table.
"""

import datetime
from pathlib import Path

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    env.read_env(str(BASE_DIR / ".env"))

# GENERAL
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#debug
DEBUG = env.bool("DJANGO_DEBUG", default=False)
# https://docs.djangoproject.com/en/5.2/ref/settings/#time-zone
TIME_ZONE = "UTC"
# https://docs.djangoproject.com/en/5.2/ref/settings/#language-code
LANGUAGE_CODE = "en-gb"
USE_I18N = True
USE_TZ = True
# https://docs.djangoproject.com/en/5.2/ref/settings/#allowed-hosts
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])

# DATABASES
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#databases
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# A connection kept between requests (production keeps them a minute) is
# checked before it is reused, so that the first request after a database
# restart does not fail on a dead connection.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # A database that is silent rather than refusing must not hang a
            # request: give up connecting after a few seconds (a 503) ...
            "connect_timeout": env.int("DJANGO_DB_CONNECT_TIMEOUT", default=5),
            # ... and cancel any statement that runs past this (milliseconds).
            # JIT off: PostgreSQL compiles a query whose estimated cost passes
            # jit_above_cost, and for the portal's reads (many rows, a few
            # milliseconds of work) compiling took most of the time, e.g. 467
            # of 522 ms for the monitoring flags (issue 14). The queries are
            # written to stay cheap; this is the safety net, not the fix.
            "options": (
                f"-c statement_timeout={env.int('DJANGO_DB_STATEMENT_TIMEOUT_MS', default=30000)} "
                f"-c jit={'on' if env.bool('DJANGO_DB_JIT', default=False) else 'off'}"
            ),
        }
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # Concurrent writers otherwise fail with "database is locked"
            # instead of waiting their turn (Django 5.1+) ...
            "transaction_mode": "IMMEDIATE",
            # ... for up to this many seconds.
            "timeout": 20,
            # Readers no longer wait for a writer, nor a writer for readers;
            # NORMAL is safe with WAL and spares an fsync per commit.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
# https://docs.djangoproject.com/en/5.2/ref/settings/#default-auto-field
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# URLS
# ------------------------------------------------------------------------------
ROOT_URLCONF = "betterwork_portal.urls"
WSGI_APPLICATION = "betterwork_portal.wsgi.application"

# APPS
# ------------------------------------------------------------------------------
# The portal's admin surface comes before django.contrib.admin, so that its
# templates (betterwork_portal/admin/templates/admin/) override the stock ones.
PORTAL_ADMIN_APP = ["betterwork_portal.admin.apps.PortalAdminConfig"]
DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "django_countries",
    "django_filters",
    "simple_history",
    "axes",
    "post_office",
    "import_export",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]
# Layers, bottom up (docs/architecture.md): the domain apps, then the
# surfaces, then the demo tooling.
LOCAL_APPS = [
    "buyers",
    "partnerships",
    "betterwork_portal.accounts",
    "betterwork_portal.dashboard",
    "betterwork_portal.public",
    "betterwork_portal.demo",
]
INSTALLED_APPS = PORTAL_ADMIN_APP + DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

# AUTHENTICATION
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#auth-password-validators
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# https://django-axes.readthedocs.io/en/latest/4_configuration.html
# Sign-in attempts are counted by username and address together, so an
# attacker can lock a username out only from the attacker's own address:
# the person whose account it is still signs in from theirs.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("DJANGO_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("DJANGO_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The visitor's address as the signup rate limit counts it, behind the
# trusted proxies (DJANGO_TRUSTED_PROXY_HOPS).
AXES_CLIENT_IP_CALLABLE = "betterwork_portal.public.throttle.client_address"
# A staff session ends after this long without a request
# (betterwork_portal/middleware.py moves the expiry on as it is used).
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_IDLE_MINUTES", default=60) * 60
# A focal point lands on their own work: what is due, their buyers.
LOGIN_REDIRECT_URL = "dashboard:my_work"
# A code from an authenticator app after the password
# (betterwork_portal/second_factor.py). Optional unless this is on, as it is
# in production; the demo lets anyone try it.
PORTAL_REQUIRE_SECOND_FACTOR = env.bool("DJANGO_REQUIRE_SECOND_FACTOR", default=False)
# The name authenticator apps show beside the code.
OTP_TOTP_ISSUER = "Better Work Buyer Relations"

# MIDDLEWARE
# ------------------------------------------------------------------------------
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "betterwork_portal.middleware.IdleSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Tells whether the session's sign-in gave its second factor; ours
    # then keeps a half-signed-in user on the second-factor pages.
    "django_otp.middleware.OTPMiddleware",
    "betterwork_portal.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in.
    "axes.middleware.AxesMiddleware",
]

# STATIC
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#static-files
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The portal's address, for links in emails sent outside a request
# (the daily reminders).
PORTAL_SITE_URL = env("DJANGO_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# IMPORTS
# ------------------------------------------------------------------------------
# The largest file the admin's import takes; the import commands take any.
PORTAL_IMPORT_MAX_BYTES = env.int("DJANGO_IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
# https://django-import-export.readthedocs.io/en/latest/installation.html#settings
# The file waits between preview and confirmation in the cache every app
# server shares (Redis in production), not on one server's disk.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.CacheStorage"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# TEMPLATES
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#templates
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
            ],
        },
    },
]
# https://django-crispy-forms.readthedocs.io/en/latest/install.html
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Django's widget templates drawn by Jinja2, the rest as before: the same
# HTML, several times faster on pages with many fields (issue 14).
FORM_RENDERER = "betterwork_portal.form_renderer.WidgetRenderer"

# SECURITY
# ------------------------------------------------------------------------------
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Room for a signup listing far more factory rows than it may (3 fields a
# row), so that the form itself says how many it takes; Django's default of
# 1,000 would refuse a 330-row list with a bare 400 before the form sees it.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2500
# How many reverse proxies stand in front of the portal and append to
# X-Forwarded-For; the signup rate limit counts the address they saw.
TRUSTED_PROXY_HOPS = env.int("DJANGO_TRUSTED_PROXY_HOPS", default=0)

# CONTENT SECURITY POLICY
# ------------------------------------------------------------------------------
# https://django-csp.readthedocs.io/en/latest/configuration.html
# Scripts and stylesheets come only from the portal itself (Bootstrap is
# served from static/, never a CDN), so injected markup cannot run. Style
# attributes stay allowed: the admin and the progress bars set widths with
# them, and an attribute cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
    },
}

# EMAIL
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#email-backend
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="Better Work Buyer Relations <buyers@betterwork.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# https://github.com/ui/django-post_office: the stored, retried queue every
# email goes through (partnerships/services/outbox.py). It sends with
# EMAIL_BACKEND; a message that fails is tried again every RETRY_INTERVAL,
# up to MAX_RETRIES times (a day), by manage.py send_queued_mail.
POST_OFFICE = {
    "MAX_RETRIES": 288,
    "RETRY_INTERVAL": datetime.timedelta(minutes=5),
    "LOG_LEVEL": 2,  # every try, sent or failed, in the admin
    "MESSAGE_ID_ENABLED": True,
}
# The buyer relations focal points, told of every new signup.
BUYER_RELATIONS_EMAILS = env.list("BUYER_RELATIONS_EMAILS", default=["buyer-relations@betterwork.org"])

# CACHES
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#caches
# Redis when REDIS_URL is set (shared by every worker, which the signup rate
# limit needs in production); local memory otherwise.
if env("REDIS_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("REDIS_URL"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# LOGGING
# ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}

"""The settings the page benchmark serves the portal with (``benchmarks/pages.py``).

Production's, with two additions that stay out of the product:
- ``/_bench/floor/``, a trivial view behind the full middleware stack, whose
  time is the floor every page is measured against (``benchmarks/urls.py``);
- a response header that counts the queries of each request
  (``benchmarks/middleware.py``), outermost so that the session and the
  sign-in checks count too.
Everything else (DEBUG off, Redis, hashed static files, the security
middleware) is production's, from the same environment variables.
"""

from betterwork_portal.settings.production import *  # noqa: F403
from betterwork_portal.settings.production import MIDDLEWARE

ROOT_URLCONF = "benchmarks.urls"
MIDDLEWARE = ["benchmarks.middleware.count_queries", *MIDDLEWARE]

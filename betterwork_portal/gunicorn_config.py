"""gunicorn's settings for the portal: ``gunicorn -c python:betterwork_portal.gunicorn_config
betterwork_portal.wsgi`` (``make serve``, ``README.md`` "Deploying").

Each value comes from the environment, so one file serves every machine.
Nothing is kept in a worker between requests that another worker would
need: sessions and the signup rate limit live in the database and Redis.
"""

import multiprocessing
import os

# Behind a TLS proxy on the same host by default; BIND=0.0.0.0:8000 to let
# a proxy on another host reach it.
bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Sync workers: the pages are short database reads, and threads gave no
# gain over processes on two cores.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A request past this is a bug or a hung database (the statement timeout
# is shorter): the worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Replace workers now and then, so that no slow leak grows without bound.
max_requests = 2000
max_requests_jitter = 200
# The proxy's own address; gunicorn then trusts its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Heartbeat files in memory, not on a disk that may stall.
# gunicorn's own advice for containers; the files hold no data.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

"""A real gunicorn serving the portal with its production settings, on
loopback, for the tests that need several worker processes."""

import contextlib
import http.client
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REDIS = ("127.0.0.1", 6379)


def redis_is_up() -> bool:
    with contextlib.suppress(OSError), socket.create_connection(REDIS, timeout=1):
        return True
    return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(port: int) -> bool:
    """Whether anything answers HTTP on *port* (any status will do)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", "/")
        connection.getresponse().read()
    except OSError:
        return False
    finally:
        connection.close()
    return True


@contextlib.contextmanager
def gunicorn(tmp_path, *, workers: int, redis_db: int = 15, database_url: str | None = None):
    """Migrate a fresh database (a SQLite file unless *database_url*), then
    serve it with *workers* gunicorn workers sharing Redis database
    *redis_db* (flushed first). Yields ``(base_url, environment)``; the
    server stops on exit."""
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "betterwork_portal.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DATABASE_URL": database_url or f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        "REDIS_URL": f"redis://{REDIS[0]}:{REDIS[1]}/{redis_db}",
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_LOG_LEVEL": "warning",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)  # noqa: S603
    subprocess.run([*manage, "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)  # noqa: S603
    import redis

    redis.Redis(host=REDIS[0], port=REDIS[1], db=redis_db).flushdb()
    # The server's log goes to a file: a pipe nobody reads fills up, and
    # then every worker blocks writing its next log line.
    log = (tmp_path / "gunicorn.log").open("wb")
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "-c", "python:betterwork_portal.gunicorn_config", "betterwork_portal.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not _answers(port):
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError("gunicorn did not start:\n" + (tmp_path / "gunicorn.log").read_text())
            time.sleep(0.3)
        yield base_url, env
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()

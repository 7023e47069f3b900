"""The page benchmark: the portal under gunicorn with production settings,
at demo size and at fifty times it, each page timed against the floor.

    make bench                                   # both sizes
    make bench SIZES=demo                        # one size
    make bench COMPARE=artifacts/bench/old.json  # and the change from an earlier run

For each size it fills (once; later runs reuse it) a PostgreSQL database of
its own with ``seed_demo`` (demo: 1,800 factories; large: 100,000, about
10,000 buyers; in bulk, with a progress bar), serves it with gunicorn (2 sync
workers, DEBUG off, ``benchmarks/settings.py``), signs a staff member in
through the login form, and loads every page from CLIENTS concurrent clients
on loopback: at most REQUESTS requests or MAX_SECONDS seconds a page. It
prints, per size, each page's median, p95, requests per second, queries per
request and ratio to the floor measured in the same run; then each page's
growth from one size to the other, the list-wide reads timed in one process
(``benchmarks/inprocess.py``), the full CSV export (first byte, total, worker
memory) and the targets of issue 14. Everything goes to
``artifacts/bench/pages-<time>.json`` as well.

Not a test: the numbers belong to the machine. The staff member signs in with
a password alone (``DJANGO_REQUIRE_SECOND_FACTOR=false``): the second factor
is a flag in the session, and its middleware runs all the same.
"""

import argparse
import datetime
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg2

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import Portal, load  # noqa: E402
from report import print_report, targets  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SIZES = {"demo": 1800, "large": int(os.environ.get("BENCH_LARGE_FACTORIES", "100000"))}
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
STAFF = ("staff", "betterwork-demo")


def database_url(name: str) -> str:
    return f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{name}"


def ensure_database(name: str) -> None:
    connection = psycopg2.connect(dbname="postgres", **PG)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def count(name: str, table: str) -> int:
    connection = psycopg2.connect(dbname=name, **PG)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - our own table names
        (rows,) = cursor.fetchone()
    connection.close()
    return rows


def manage(*args, env):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def fill(size: str, factories: int) -> str:
    """Migrate the size's database and fill it unless it holds the programme already."""
    name = f"betterwork_bench_{size}"
    ensure_database(name)
    env = {
        **os.environ,
        "DATABASE_URL": database_url(name),
        "DJANGO_SETTINGS_MODULE": "betterwork_portal.settings.local",
    }
    manage("migrate", "--no-input", "-v0", env=env)
    if count(name, "buyers_factory") < factories:
        print(f"==> Filling {name} with {factories:,} factories (once; later runs reuse it)", flush=True)
        started = time.monotonic()
        manage("seed_demo", "--factories", str(factories), "--allow-production", env=env)
        print(f"    filled in {time.monotonic() - started:.0f} s", flush=True)
    return name


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn with the benchmark's settings, on a free loopback port."""

    def __init__(self, name: str, workers: int, log: Path):
        self.port = free_port()
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
            "DATABASE_URL": database_url(name),
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
            "DJANGO_REQUIRE_SECOND_FACTOR": "false",
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "WEB_CONCURRENCY": str(workers),
            "BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_LOG_LEVEL": "warning",
        }
        self.log = log

    def __enter__(self):
        manage("collectstatic", "--no-input", "-v0", env=self.env)
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "-c",
                "python:betterwork_portal.gunicorn_config",
                "--access-logfile",
                os.devnull,
                "betterwork_portal.wsgi",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        portal = Portal(self.port)
        for _ in range(300):
            try:
                if portal.request("/_bench/floor/").status == 200:
                    return self
            except OSError:
                pass
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped; see {self.log}")
            time.sleep(0.1)
        raise SystemExit(f"gunicorn did not answer within 30 s; see {self.log}")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def worker_memory_kib(self) -> list[int]:
        """Each worker's resident memory (VmRSS) from /proc."""
        sizes = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            if re.search(rf"^PPid:\s+{self.process.pid}$", text, re.M):
                sizes.append(int(re.search(r"^VmRSS:\s+(\d+)", text, re.M).group(1)))
        return sorted(sizes)


def ids(portal) -> dict:
    """The rows the pages are about, read through the pages themselves."""
    listing = portal.request("/dashboard/buyers/?tier=partner&status=active").body.decode()
    partner = re.search(r'href="/dashboard/buyers/(\d+)/"', listing).group(1)
    pages = [int(n) for n in re.findall(r"[?&]page=(\d+)", portal.request("/dashboard/buyers/").body.decode())]
    factories = portal.request("/dashboard/factories/").body.decode()
    factory = re.search(r'href="/dashboard/factories/(\d+)/"', factories).group(1)
    return {"partner": partner, "last_page": max(pages, default=1), "factory": factory}


def signup_forms(portal, requests: int) -> list[dict]:
    """Fresh signup forms, each with its own visitor's cookies and token,
    handed out long enough ago to pass the minimum fill time."""
    forms = []
    run = secrets.token_hex(3)
    for i in range(requests):
        page = portal.request("/signup/", cookies={})
        body = page.body.decode()
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
        token = re.search(r'name="form_token" value="([^"]+)"', body).group(1)
        form = {
            "csrfmiddlewaretoken": csrf,
            "form_token": token,
            "organisation_name": f"Benchmark Outfitters {run} {i}",
            "headquarters_country": "DE",
            "contact_name": "Alex Morgan",
            "contact_email": f"alex.{run}.{i}@benchmark-outfitters.example",
            "requested_scheme": "participant",
            "data_use_consent": "on",
            "extra_info": "",
            "factories-TOTAL_FORMS": "1",
            "factories-INITIAL_FORMS": "0",
            "factories-MIN_NUM_FORMS": "0",
            "factories-MAX_NUM_FORMS": "30",
        }
        forms.append({"method": "POST", "form": form, "cookies": page.cookies, "address": portal.next_address()})
    time.sleep(3.5)
    return forms


def staff_pages(found) -> list[tuple[str, str]]:
    partner, factory = found["partner"], found["factory"]
    return [
        ("dashboard overview", "/dashboard/"),
        ("dashboard overview, after a call is logged", "/_bench/overview-after-a-call/"),
        ("dashboard overview, after a checklist change", "/_bench/overview-after-a-checklist-change/"),
        ("my work", "/dashboard/me/"),
        ("buyer list", "/dashboard/buyers/"),
        ("buyer list, last page", f"/dashboard/buyers/?page={found['last_page']}"),
        ("buyer list, by last contact", "/dashboard/buyers/?sort=contact"),
        ("buyer file", f"/dashboard/buyers/{partner}/"),
        ("factory list", "/dashboard/factories/"),
        ("factory file", f"/dashboard/factories/{factory}/"),
        ("benefits", "/dashboard/benefits/"),
        ("admin buyer list", "/admin/buyers/buyer/"),
        ("admin buyer list, eligible only", "/admin/buyers/buyer/?eligibility=eligible"),
        ("admin buyer page", f"/admin/buyers/buyer/{partner}/change/"),
        ("admin decide partnership", f"/admin/buyers/buyer/{partner}/decide/"),
        ("admin sourcing list", "/admin/buyers/sourcing/"),
        ("admin factory list", "/admin/buyers/factory/"),
        ("admin signup requests", "/admin/buyers/signuprequest/"),
    ]


PUBLIC_PAGES = [("home (public)", "/"), ("partner list (public)", "/partners/"), ("signup form (public)", "/signup/")]


def bench_size(size: str, factories: int, options) -> dict:
    name = fill(size, factories)
    log = ROOT / "artifacts" / "bench" / f"gunicorn-{size}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    inprocess = subprocess.run(
        [PYTHON, str(ROOT / "benchmarks" / "inprocess.py")],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url(name)},
        check=True,
        capture_output=True,
        text=True,
    )
    result = {"size": size, **json.loads(inprocess.stdout.strip().splitlines()[-1]), "pages": []}
    print(f"\n==> {size}: {result['factories']:,} factories, {result['buyers']:,} buyers", flush=True)
    with Server(name, options.workers, log) as server:
        staff = Portal(server.port)
        staff.sign_in(*STAFF)
        public = Portal(server.port)
        found = ids(staff)
        settings = {"requests": options.requests, "clients": options.clients, "max_seconds": options.max_seconds}
        plan = [("floor", "/_bench/floor/", staff)]
        plan += [(label, path, staff) for label, path in staff_pages(found)]
        plan += [(label, path, public) for label, path in PUBLIC_PAGES]
        for label, path, portal in plan:
            portal.request(path, keep_body=False)  # warm: the first request of a worker imports and connects
            timing = load(portal, label, path, **settings)
            result["pages"].append(timing.summary())
            print(f"    {label:<36} {result['pages'][-1].get('median_ms', float('nan')):>8.1f} ms", flush=True)
        forms = signup_forms(public, options.requests)
        timing = load(public, "signup sent (public)", "/signup/", expect=302, prepare=forms.__getitem__, **settings)
        result["pages"].append(timing.summary())
        floor_again = load(staff, "floor", "/_bench/floor/", **settings).summary()
        result["floor_ms"] = (result["pages"][0]["median_ms"] + floor_again["median_ms"]) / 2
        result["export"] = export(staff, server)
    return result


def export(portal, server) -> dict:
    """The full buyer CSV, three times: first byte, total, and the workers'
    memory before and after."""
    before = server.worker_memory_kib()
    replies = [portal.request("/dashboard/buyers/export.csv", keep_body=False) for _ in range(3)]
    after = server.worker_memory_kib()
    replies.sort(key=lambda reply: reply.total)
    middle = replies[1]
    return {
        "status": middle.status,
        "first_byte_ms": middle.first_byte * 1000,
        "total_ms": middle.total * 1000,
        "kib": middle.size / 1024,
        "worker_rss_kib_before": before,
        "worker_rss_kib_after": after,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=os.environ.get("SIZES", "demo,large"))
    parser.add_argument("--requests", type=int, default=int(os.environ.get("REQUESTS", "40")))
    parser.add_argument("--clients", type=int, default=int(os.environ.get("CLIENTS", "4")))
    parser.add_argument("--max-seconds", type=float, default=float(os.environ.get("MAX_SECONDS", "20")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "2")))
    parser.add_argument("--compare", default=os.environ.get("COMPARE") or None, help="an earlier run's JSON")
    options = parser.parse_args()
    sizes = [size.strip() for size in options.sizes.split(",") if size.strip()]
    unknown = set(sizes) - set(SIZES)
    if unknown:
        raise SystemExit(f"Unknown size {', '.join(sorted(unknown))}; the sizes are {', '.join(SIZES)}.")
    run = {
        "started": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
        "settings": {k: getattr(options, k) for k in ("requests", "clients", "max_seconds", "workers")},
        "sizes": [bench_size(size, SIZES[size], options) for size in sizes],
    }
    path = ROOT / "artifacts" / "bench" / f"pages-{run['started'].replace(':', '')[:17]}.json"
    path.write_text(json.dumps(run, indent=2))
    earlier = json.loads(Path(options.compare).read_text()) if options.compare else None
    print_report(run, earlier)
    targets(run)
    print(f"\nWritten to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

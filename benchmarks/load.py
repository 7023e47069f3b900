"""Load a running portal over loopback as a TLS proxy's clients would
(``benchmarks/pages.py``): a signed-in staff session, several concurrent
clients, a bounded number of requests per page, each timed to its first and
last byte.

The standard library only: one new connection per request, as gunicorn's
sync workers close them anyway. Requests carry ``X-Forwarded-Proto: https``
(production redirects plain HTTP and marks its cookies Secure) and a
``X-Forwarded-For`` address, so that the signup's rate limit sees many
visitors, not one.
"""

import http.client
import re
import secrets
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlencode


@dataclass
class Reply:
    status: int
    first_byte: float
    total: float
    size: int
    queries: int | None
    body: bytes
    cookies: dict


class Portal:
    """One site on 127.0.0.1:*port*, and the cookies of one visitor."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        # A fresh block of addresses each run: the signup's rate limit counts
        # each address for an hour in Redis, across runs.
        self._address = secrets.randbelow(2**22) * 16
        self._lock = threading.Lock()

    def next_address(self) -> str:
        with self._lock:
            self._address += 1
            return f"10.{self._address // 65536 % 256}.{self._address // 256 % 256}.{self._address % 256}"

    def request(self, path, *, method="GET", form=None, cookies=None, address="127.0.0.1", keep_body=True) -> Reply:
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": address,
        }
        jar = {**self.cookies, **(cookies or {})}
        if jar:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in jar.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://127.0.0.1:{self.port}"
            headers["Referer"] = f"https://127.0.0.1:{self.port}{path}"
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            first = response.read(1)
            first_byte = time.perf_counter() - started
            size = len(first)
            chunks = [first] if keep_body else []
            while chunk := response.read(65536):
                size += len(chunk)
                if keep_body:
                    chunks.append(chunk)
            total = time.perf_counter() - started
            set_cookies = {}
            for header in response.headers.get_all("Set-Cookie") or ():
                name, _, rest = header.partition("=")
                set_cookies[name.strip()] = rest.split(";", 1)[0]
            queries = response.getheader("X-Bench-Queries")
            return Reply(
                status=response.status,
                first_byte=first_byte,
                total=total,
                size=size,
                queries=int(queries) if queries else None,
                body=b"".join(chunks),
                cookies=set_cookies,
            )
        finally:
            connection.close()

    def sign_in(self, username: str, password: str) -> None:
        """Sign in through the login form, CSRF and django-axes included."""
        page = self.request("/accounts/login/")
        self.cookies.update(page.cookies)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body).group(1).decode()
        reply = self.request(
            "/accounts/login/",
            method="POST",
            form={"csrfmiddlewaretoken": token, "username": username, "password": password},
        )
        if reply.status != 302 or "sessionid" not in reply.cookies:
            raise SystemExit(f"Signing in as {username} failed ({reply.status}).")
        self.cookies.update(reply.cookies)


@dataclass
class Timing:
    """The requests of one page: latencies in seconds, and what came back."""

    name: str
    path: str
    totals: list = field(default_factory=list)
    first_bytes: list = field(default_factory=list)
    queries: list = field(default_factory=list)
    sizes: list = field(default_factory=list)
    wall: float = 0.0
    failures: list = field(default_factory=list)

    def summary(self) -> dict:
        if not self.totals:
            return {"name": self.name, "path": self.path, "requests": 0, "failures": self.failures[:3]}
        totals = sorted(self.totals)
        return {
            "name": self.name,
            "path": self.path,
            "requests": len(totals),
            "median_ms": statistics.median(totals) * 1000,
            "p95_ms": totals[min(len(totals) - 1, round(0.95 * (len(totals) - 1)))] * 1000,
            "first_byte_ms": statistics.median(self.first_bytes) * 1000,
            "rps": len(totals) / self.wall if self.wall else 0.0,
            "queries": statistics.median(self.queries) if self.queries else None,
            "kib": statistics.median(self.sizes) / 1024,
            "failures": self.failures[:3],
        }


def load(portal, name, path, *, requests, clients, max_seconds, expect=200, prepare=None):
    """Send *requests* requests to *path* from *clients* threads, stopping
    early once *max_seconds* have passed (at least one round of *clients*).
    *prepare*, if given, makes each request's keyword arguments (a signup's
    form)."""
    timing = Timing(name, path)
    deadline = time.perf_counter() + max_seconds
    jobs = [prepare(i) if prepare else {} for i in range(requests)]

    def one(job):
        if time.perf_counter() > deadline:
            return
        reply = portal.request(path, keep_body=False, **job)
        if reply.status != expect:
            timing.failures.append(f"{reply.status}")
            return
        timing.totals.append(reply.total)
        timing.first_bytes.append(reply.first_byte)
        timing.sizes.append(reply.size)
        if reply.queries is not None:
            timing.queries.append(reply.queries)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(one, jobs))
    timing.wall = time.perf_counter() - started
    return timing

"""PostgreSQL databases of their own for the tests that run the real
server or real commands against one."""

import contextlib
import subprocess

import psycopg2

PG = "postgres://postgres@127.0.0.1:5432"


def postgres_is_up() -> bool:
    return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], check=False).returncode == 0  # noqa: S607


@contextlib.contextmanager
def fresh_database(name: str):
    """Create database *name* afresh; yield its URL; drop it after, even
    with connections still open."""
    admin = psycopg2.connect(f"{PG}/postgres")
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield f"{PG}/{name}"
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

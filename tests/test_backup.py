"""Backup and restore round-trip the demo data (issue 10, finding 7): the
commands of README.md "Backup and restore", run as written, on a database
of their own, and every table compared row for row."""

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.serving.postgres import postgres_is_up

ROOT = Path(__file__).resolve().parent.parent
PG = "postgres://postgres@127.0.0.1:5432"
pytestmark = pytest.mark.slow_io


def _run(*command, env=None):
    return subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=600)  # noqa: S603


def _seeded(database_url: str) -> dict:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "betterwork_portal.settings.local",
        "DATABASE_URL": database_url,
    }
    _run(sys.executable, "manage.py", "migrate", "--no-input", "-v0", env=env)
    _run(sys.executable, "manage.py", "seed_demo", "--factories", "300", "-v0", env=env)
    return env


def _sqlite_tables(path: Path) -> dict[str, str]:
    """Every table's rows, as a digest, read in a fixed order."""
    with sqlite3.connect(path) as connection:
        names = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {
            name: hashlib.sha256(
                repr(connection.execute(f'SELECT * FROM "{name}" ORDER BY 1').fetchall()).encode()
            ).hexdigest()  # noqa: S608
            for name in names
        }


def test_sqlite_backup_and_restore_round_trip_every_table(tmp_path):
    live, backup, restored = tmp_path / "portal.sqlite3", tmp_path / "backup.sqlite3", tmp_path / "restored.sqlite3"
    _seeded(f"sqlite:///{live}")
    before = _sqlite_tables(live)

    # README: sqlite3 db.sqlite3 ".backup 'backup.sqlite3'" (safe while the portal runs, WAL included)
    _run("sqlite3", str(live), f".backup '{backup}'")
    # README: restore = copy the backup over the database, with the portal stopped.
    restored.write_bytes(backup.read_bytes())

    assert len(before) > 20
    assert _sqlite_tables(restored) == before


def _pg_tables(database: str) -> dict[str, str]:
    listing = _run(
        "psql", f"{PG}/{database}", "-Atc", "SELECT tablename FROM pg_tables WHERE schemaname='public' ORDER BY 1"
    )
    digests = {}
    for table in listing.stdout.split():
        rows = _run(
            "psql",
            f"{PG}/{database}",
            "-Atc",
            f"SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{table}\" t",
        )
        digests[table] = rows.stdout.strip()
    return digests


@pytest.mark.skipif(not postgres_is_up(), reason="needs PostgreSQL on 127.0.0.1:5432")
def test_postgres_backup_and_restore_round_trip_every_table(tmp_path):
    live, restored = f"bw_backup_{os.getpid()}", f"bw_restored_{os.getpid()}"
    for database in (live, restored):
        _run("psql", f"{PG}/postgres", "-qc", f'DROP DATABASE IF EXISTS "{database}"')
    try:
        _run("createdb", "-h", "127.0.0.1", "-U", "postgres", live)
        _seeded(f"{PG}/{live}")
        before = _pg_tables(live)
        dump = tmp_path / "portal.dump"

        # README: pg_dump --format=custom, then createdb and pg_restore --no-owner.
        _run("pg_dump", "--format=custom", f"--file={dump}", f"{PG}/{live}")
        _run("createdb", "-h", "127.0.0.1", "-U", "postgres", restored)
        _run("pg_restore", "--no-owner", f"--dbname={PG}/{restored}", str(dump))

        assert len(before) > 20
        assert _pg_tables(restored) == before
    finally:
        for database in (live, restored):
            _run("psql", f"{PG}/postgres", "-qc", f'DROP DATABASE IF EXISTS "{database}"')

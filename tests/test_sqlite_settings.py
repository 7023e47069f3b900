"""The embedded SQLite database runs in WAL mode with a busy timeout
(issue 10, finding 8): concurrent signups wait their turn instead of
failing with "database is locked"."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    mode = cursor.fetchone()[0]
    cursor.execute("PRAGMA busy_timeout")
    timeout = cursor.fetchone()[0]
print(mode, timeout)
"""


def test_the_embedded_database_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "betterwork_portal.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
    }
    result = subprocess.run(  # noqa: S603 - the test's own interpreter
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["wal", "20000"]

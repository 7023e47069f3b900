"""The portal's PostgreSQL connections (issue 14): JIT compilation off, as a
safety net under queries written to stay cheap, and the statement timeout."""

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own settings"),
]


def _show(setting: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {setting}")
        return cursor.fetchone()[0]


def test_the_portals_connections_compile_no_query_with_jit():
    assert _show("jit") == "off"


def test_the_portals_connections_keep_their_statement_timeout():
    assert _show("statement_timeout") == "30s"

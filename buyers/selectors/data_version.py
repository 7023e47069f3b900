"""Figures kept in the cache for as long as the data they come from is
unchanged: under the versions of the tables they were read from
(``buyers/models/data_version.py``), which every committed write to a
table changes.

Nothing is cached where the versions cannot vouch for the figures:

- on SQLite, which has no version triggers here;
- in a transaction that has written something not yet committed (its own
  writes are not in the versions yet, and may still be rolled back).

Every other reader, in the same request transaction or in autocommit, reads
the versions before the figures, so the figures are at least as new as the
versions they are kept under: never older than the data.

Which versions a figure is kept under:

- by default, every table's: any committed write computes it afresh. This
  is right for whatever is drawn from rows read before the computing began
  (a buyer passed in, a bound form), which no query of its own would name;
- with ``scoped=True``, the tables that the queries run while computing it
  name, and those of any scoped figure it reads from the cache in turn. For
  figures read entirely by their own queries: the overview's parts, a
  list's count.
"""

import contextvars
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache as memoise
from typing import TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from buyers.models.data_version import VERSION_TABLES

T = TypeVar("T")
# An upper bound, not what keeps the figures right: a figure kept under an
# old token is never read once a token has changed, and leaves the cache at
# this age.
CACHE_SECONDS = 60 * 60
# Part of every key: raise it when what a cached function returns changes
# shape, so that a deploy never reads figures pickled by the code before it.
SHAPE = 3
# A table that has not been written since the versions began has no row.
UNWRITTEN = ""
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# The tables the scoped figures being computed now have read, innermost
# last; None for a figure that depends on every table.
_reading: contextvars.ContextVar[tuple[list, ...]] = contextvars.ContextVar("betterwork_reading", default=())
# The versions a figure being computed now was looked up at, in a tuple (of
# None where nothing may be cached). The figures it reads in turn are looked
# up at the same versions: what they hold is at least as new as those, so
# the whole is too, and it costs no query more.
_computing_at: contextvars.ContextVar[tuple | None] = contextvars.ContextVar("betterwork_computing_at", default=None)


def data_versions() -> dict[str, str] | None:
    """Return each written table's version, or None where nothing may be
    cached."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        # txid_current_if_assigned() is NULL while this transaction has
        # written nothing; in one query, so both describe the same moment.
        cursor.execute(
            "SELECT txid_current_if_assigned() IS NULL, "
            "COALESCE(json_object_agg(name, token), '{}'::json) FROM buyers_tableversion"
        )
        unwritten, versions = cursor.fetchone()
    return versions if unwritten else None


@memoise
def _versioned_tables() -> frozenset[str]:
    # The tables the triggers watch (buyers/models/data_version.py).
    models = [
        model
        for label in ("buyers", "partnerships")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]
    models.append(apps.get_model(settings.AUTH_USER_MODEL))
    return frozenset(
        model._meta.db_table
        for model in models
        if model._meta.managed and not model._meta.proxy and model._meta.db_table not in VERSION_TABLES
    )


def tables_named(sql: str) -> set[str]:
    """The versioned tables that *sql* names. A word that only looks like a
    table's name (a column called so) adds a table: it may throw figures
    away too often, never keep them too long."""
    return _versioned_tables().intersection(_IDENTIFIER.findall(sql))


@contextmanager
def _collecting_tables() -> Iterator[list]:
    tables: list = [set()]  # [None] once the figure depends on every table
    stack = _reading.get()
    token = _reading.set((*stack, tables))

    def note(execute, sql, params, many, context):
        if tables[0] is not None:
            tables[0].update(tables_named(sql))
        return execute(sql, params, many, context)

    try:
        with connection.execute_wrapper(note):
            yield tables
    finally:
        _reading.reset(token)


def _read_under(depends_on: dict[str, str] | None) -> None:
    """Tell the scoped figures being computed that they read a kept figure
    whose versions are *depends_on* (None: every table's)."""
    for tables in _reading.get():
        if depends_on is None:
            tables[0] = None
        elif tables[0] is not None:
            tables[0].update(depends_on)


def _still_current(depends_on: dict[str, str] | None, versions: dict[str, str], *, every_table: dict) -> bool:
    if depends_on is None:
        return every_table == versions
    return all(versions.get(table, UNWRITTEN) == token for table, token in depends_on.items())


def cached_while_data_unchanged(name: str, compute: Callable[[], T], *, scoped: bool = False) -> T:
    """Return ``compute()``, from the cache when the tables it depends on
    are at the versions it was computed at. *name* names the figures and
    whatever else they depend on (the day, for a page that counts days).
    *scoped*: the figures depend only on what ``compute``'s own queries
    read (the module's docstring says when that holds)."""
    enclosing = _computing_at.get()
    versions = data_versions() if enclosing is None else enclosing[0]
    if versions is None:
        _read_under(None)
        computing = _computing_at.set((None,))
        try:
            return compute()
        finally:
            _computing_at.reset(computing)
    key = f"betterwork:data:{SHAPE}:{name}"
    kept = cache.get(key)
    if kept is not None:
        depends_on, every_table, value = kept
        if _still_current(depends_on, versions, every_table=every_table):
            _read_under(depends_on)
            return value
    computing = _computing_at.set((versions,))
    try:
        if scoped:
            with _collecting_tables() as tables:
                value = compute()
            read = tables[0]
            depends_on = None if read is None else {table: versions.get(table, UNWRITTEN) for table in read}
        else:
            value = compute()
            depends_on = None
    finally:
        _computing_at.reset(computing)
    cache.set(key, (depends_on, versions if depends_on is None else None, value), CACHE_SECONDS)
    _read_under(depends_on)
    return value

"""Figures kept in the cache for as long as the data they come from is
unchanged: under the data's version (``buyers/models/data_version.py``),
which every committed write to the portal's tables changes.

Nothing is cached where the version cannot vouch for the figures:

- on SQLite, which has no version triggers here;
- in a transaction that has written something not yet committed (its own
  writes are not in the version yet, and may still be rolled back).

Every other reader, in the same request transaction or in autocommit, reads
the version before the figures, so the figures are at least as new as the
version they are kept under: never older than the data.
"""

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection

from buyers.models.data_version import SINGLE_ROW

T = TypeVar("T")
# An upper bound, not what keeps the figures right: a figure kept under an
# old token is never read once the token has changed, and leaves the cache
# at this age.
CACHE_SECONDS = 60 * 60
# Part of every key: raise it when what a cached function returns changes
# shape, so that a deploy never reads figures pickled by the code before it.
SHAPE = 1


def data_token() -> str | None:
    """Return the data's version, or None where nothing may be cached."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        # txid_current_if_assigned() is NULL while this transaction has
        # written nothing; in one query, so both describe the same moment.
        cursor.execute(
            "SELECT token, txid_current_if_assigned() IS NULL FROM buyers_dataversion WHERE id = %s",
            [SINGLE_ROW],
        )
        row = cursor.fetchone()
    if row is None or not row[1]:
        return None
    return str(row[0])


def cached_while_data_unchanged(name: str, compute: Callable[[], T]) -> T:
    """Return ``compute()``, from the cache when the data's version is the
    one it was computed at. *name* names the figures and whatever else they
    depend on (the day, for a page that counts days)."""
    token = data_token()
    if token is None:
        return compute()
    key = f"betterwork:data:{SHAPE}:{name}:{token}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value

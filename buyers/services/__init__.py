"""Writes of the buyers app: one module per concept, re-exported here.

- ``versions.py``: the buyer's version, which keeps two staff from
  overwriting each other's changes.
- ``supplier_lists.py``: receiving a buyer's supplier list as a new
  version, accepting or discarding it.
"""

from buyers.services.supplier_lists import (
    KEEP,
    SUPPLIER_LIST_COLUMNS,
    accept_supplier_list,
    discard_supplier_list,
    receive_supplier_list,
)
from buyers.services.versions import STALE, check_buyer_version, count_buyer_change, lock_buyer, page_version

__all__ = [
    "KEEP",
    "SUPPLIER_LIST_COLUMNS",
    "accept_supplier_list",
    "discard_supplier_list",
    "receive_supplier_list",
    "STALE",
    "check_buyer_version",
    "count_buyer_change",
    "lock_buyer",
    "page_version",
]

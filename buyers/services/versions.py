"""Writes of the buyers app: the version that keeps two staff from
overwriting each other's changes to one buyer.

Every page that edits a buyer, its inlines or its checklist carries the
version it showed (``Buyer.version``). Saving locks the buyer's row,
checks that the version is still the one the page showed, and counts one
more; a page based on an older version is refused with what changed
meanwhile, and nothing of it is written (``check_buyer_version``). The
checklist services in ``partnerships/services/checklist.py`` and the
decision service count their changes the same way.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format

from buyers.models import Buyer

STALE = "stale"


def lock_buyer(*, buyer_id: int) -> Buyer:
    """Return the buyer with its row locked until the transaction ends, so
    that no other save can slip between the version check and the write."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_buyer needs a transaction: call it inside transaction.atomic().")
    return Buyer.objects.select_for_update().get(pk=buyer_id)


def page_version(*, buyer: Buyer) -> str:
    """Return the token a page carries of the buyer as it showed it: the
    version, and when the page was drawn (to say what changed since)."""
    return f"{buyer.version}:{int(timezone.now().timestamp())}"


def check_buyer_version(*, buyer: Buyer, token: str, changes_since=None) -> None:
    """Raise ``ValidationError`` (code ``stale``) when *buyer*, read under
    its row lock, has been saved since the page that sent *token* was drawn.

    The message says who saved and what changed, from *changes_since*: a
    callable that takes the buyer and a moment and returns what changed
    after it (``changed_by``, ``changed_at``, ``subjects``), or ``None``;
    ``partnerships.selectors.buyer_changes_since`` is one. A missing or
    damaged token counts as stale: a page cannot prove what it showed.
    """
    version, _, drawn = (token or "").partition(":")
    if version.isdigit() and int(version) == buyer.version:
        return
    drawn_at = (
        datetime.datetime.fromtimestamp(int(drawn), tz=datetime.UTC)
        if drawn.isdigit()
        else timezone.now() - datetime.timedelta(days=1)
    )
    detail = changes_since(buyer, drawn_at) if changes_since else None
    if detail:
        who = detail.changed_by
        name = (who.get_full_name() or who.get_username()) if who else "Someone"
        happened = f"{name} saved changes to {buyer} at {date_format(timezone.localtime(detail.changed_at), 'H:i')}"
        happened += f" ({'; '.join(detail.subjects)})" if detail.subjects else ""
    else:
        happened = f"{buyer} was saved by someone else"
    raise ValidationError(
        f"{happened} while you had this page open, so your changes were not saved. They are still below: "
        "check them against the page as it is now, then save again.",
        code=STALE,
    )


def count_buyer_change(*, buyer: Buyer) -> None:
    """Count one more saved change of *buyer* (its version), in the
    database and on the object."""
    Buyer.objects.filter(pk=buyer.pk).update(version=F("version") + 1)
    buyer.version = Buyer.objects.values_list("version", flat=True).get(pk=buyer.pk)

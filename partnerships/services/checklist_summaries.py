"""Keeping each buyer's ``ChecklistSummary`` true to its checklist.

The summary rows hold the figures of the eligibility rule
(``partnerships/selectors/eligibility.py``, ``required_record_counts``)
so that whole lists read them from one row a buyer. They are derived data:
whatever changes what they sum up calls ``refresh_checklist_summaries`` in
the same transaction, so that no committed state has a summary that
disagrees with its records. The callers:

- a checklist change (``partnerships/services/checklist.py``), for its buyer;
- a change to the commitment catalogue (``catalogues.py``: loading it, or a
  commitment saved in the admin), for every buyer, because retiring a
  commitment or changing its level changes what counts;
- the demo data (``betterwork_portal/demo/``), written in bulk.

A write that goes around these (plain SQL, the shell) must call it too:
``python manage.py refresh_checklist_summaries`` does it for everyone.
"""

from django.db import transaction

from buyers.models import Buyer
from partnerships.models import ChecklistSummary
from partnerships.selectors import stale_checklist_summaries

BATCH_SIZE = 2000
EVERYONE_PAST = 500


@transaction.atomic
def refresh_checklist_summaries(*, buyer_ids=None) -> int:
    """Bring the summaries of *buyer_ids* (every buyer's when ``None``) up
    to date with their records and the catalogue. Return how many rows
    were written.

    Only rows whose figures changed are written, so that a change of
    evidence or review date leaves the summaries, and the figures kept
    under their table's version (``buyers/selectors/data_version.py``),
    as they were. Two queries, and one more when a figure changed.

    A caller for some buyers holds their rows locked (``lock_buyer``), as
    a checklist change does, so that two changes of one buyer's checklist
    are counted one after the other. For every buyer, every buyer's row is
    locked here.
    """
    if buyer_ids is not None:
        buyer_ids = list(buyer_ids)
        if not buyer_ids:
            return 0
        if len(buyer_ids) > EVERYONE_PAST:
            # Everyone's, which holds theirs too: one grouped query rather
            # than a list of ids past what SQLite takes as parameters.
            buyer_ids = None
    if buyer_ids is None:
        # The lock a checklist change takes on its buyer's row
        # (record_commitment_states), on every buyer: a change counted
        # meanwhile could otherwise be overwritten by counts read before it
        # committed. In id order, as every locker of several buyers takes them.
        list(Buyer.objects.select_for_update().order_by("pk").values_list("pk", flat=True))
    changed = [
        ChecklistSummary(buyer_id=buyer_id, required_done=counted[0], required_breached=counted[1])
        for buyer_id, (_stored, counted) in sorted(stale_checklist_summaries(buyer_ids=buyer_ids).items())
    ]
    ChecklistSummary.objects.bulk_create(
        changed,
        batch_size=BATCH_SIZE,
        update_conflicts=True,
        unique_fields=["buyer"],
        update_fields=["required_done", "required_breached"],
    )
    return len(changed)

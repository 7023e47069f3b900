"""Receiving a buyer's supplier list as a new version, and accepting or
discarding it (``buyers/models/supplier_list.py``).

Receiving reads the file strictly (``buyers/imports/reading.py``) and
matches every row by the one rule (``buyers/selectors/matching.py``); it
changes no sourcing. Accepting starts sourcing from the listed programme
factories the buyer does not source from yet, and ends the sourcing the
list leaves out only as staff confirm each one, with an end reason:
nothing is ended silently. Each sourcing it starts or ends points at the
list, the evidence a monitoring flag shows
(``partnerships/selectors/monitoring.py``).
"""

import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from buyers.imports.columns import Columns
from buyers.imports.factories import ProgrammeNames
from buyers.imports.reading import FileRefused, Row, open_table
from buyers.imports.values import Problems, text
from buyers.models import Buyer, Sourcing, SupplierList, SupplierListRow
from buyers.selectors.matching import FactoryIndex, Match
from buyers.selectors.supplier_lists import supplier_list_difference
from buyers.services.versions import count_buyer_change, lock_buyer

SUPPLIER_LIST_COLUMNS = Columns(
    required=("name", "country_programme"),
    optional=("city", "os_id", "address", "sector", "workers"),
)
# What staff choose, for a factory the list leaves out, instead of an end
# reason: the buyer still sources there (the list is incomplete).
KEEP = "keep"
# Rows written per statement.
BATCH_SIZE = 1000


@dataclass
class ReceivedList:
    supplier_list: SupplierList
    counts: dict = field(default_factory=dict)


def receive_supplier_list(
    *,
    buyer: Buyer,
    file_name: str,
    content: bytes,
    source: str,
    uploaded_by,
    source_note: str = "",
    max_bytes: int | None = None,
    on_row=lambda: None,
) -> ReceivedList:
    """Keep *content* as the buyer's next supplier list version, every row
    matched. Needs the permission to add supplier lists.

    Raises ``ValidationError`` on ``file`` when the file cannot be read
    (the reason in words) or is over *max_bytes* (the admin's limit by
    default; ``None`` from the command), and nothing is written.
    """
    if not uploaded_by.has_perm("buyers.add_supplierlist"):
        raise PermissionDenied("Receiving a supplier list needs the permission to add supplier lists.")
    limit = settings.PORTAL_IMPORT_MAX_BYTES if max_bytes is None else max_bytes
    if limit and len(content) > limit:
        raise ValidationError(
            {
                "file": f"The file is {filesizeformat(len(content))}; "
                f"supplier lists may be up to {filesizeformat(limit)}."
            }
        )
    if source not in SupplierList.Source.values:
        raise ValidationError({"source": "Say where the list came from."})
    try:
        table = open_table(io.BytesIO(content), filename=file_name)
        SUPPLIER_LIST_COLUMNS.check(table.headers)
        rows = list(table.rows)
    except FileRefused as refused:
        raise ValidationError({"file": str(refused)}) from refused
    if not rows:
        raise ValidationError({"file": "The file has a header row but no rows under it."})
    with transaction.atomic():
        buyer = lock_buyer(buyer_id=buyer.pk)
        version = (buyer.supplier_lists.aggregate(last=Max("version"))["last"] or 0) + 1
        supplier_list = SupplierList.objects.create(
            buyer=buyer,
            version=version,
            file_name=file_name[:255],
            file_content=content,
            file_size=len(content),
            source=source,
            source_note=source_note,
            uploaded_by=uploaded_by,
        )
        counts = _store_rows(supplier_list, rows, on_row)
    return ReceivedList(supplier_list=supplier_list, counts=counts)


def _store_rows(supplier_list, rows: list[Row], on_row) -> dict:
    programmes = ProgrammeNames.load()
    listed = []
    for row in rows:
        problems = Problems()
        values = {
            "name": text(row, "name", problems)[:300],
            "country_programme_name": text(row, "country_programme", problems)[:200],
            "city": text(row, "city", problems)[:200],
            "os_id": text(row, "os_id", problems).replace(" ", "").upper()[:40],
        }
        programme_id = programmes.find(values["country_programme_name"]) if values["country_programme_name"] else None
        listed.append((row, values, programme_id, problems))
    index = FactoryIndex.of_listed(
        {"os_id": v["os_id"], "country_programme": p, "name": v["name"]} for _, v, p, _ in listed
    )
    seen: dict[int, int] = {}
    counts: dict[str, int] = {}
    pending, candidates = [], []
    for row, values, programme_id, problems in listed:
        on_row()
        entry = SupplierListRow(
            supplier_list=supplier_list, number=row.number, country_programme_id=programme_id, **values
        )
        if problems.by_column or not values["name"]:
            entry.match = SupplierListRow.Match.REJECTED
            entry.problem = (
                "; ".join(f"{column}: {' '.join(messages)}" for column, messages in problems.by_column.items())
                or "The row has no factory name."
            )
        else:
            found = index.match(
                os_id=values["os_id"], country_programme_id=programme_id, name=values["name"], city=values["city"]
            )
            if found.kind in (Match.OS_ID, Match.NAME):
                entry.factory_id = found.factory.pk
                if found.factory.pk in seen:
                    entry.match = SupplierListRow.Match.REPEATED
                    entry.problem = f"Row {seen[found.factory.pk]} is the same factory."
                else:
                    entry.match = found.kind
                    seen[found.factory.pk] = row.number
            elif found.kind == Match.AMBIGUOUS:
                entry.match = SupplierListRow.Match.AMBIGUOUS
                candidates.append((entry, found.candidates))
            else:
                entry.match = SupplierListRow.Match.NONE
                if programme_id is None:
                    entry.problem = (
                        f"“{values['country_programme_name']}” is not a Better Work country programme."
                        if values["country_programme_name"]
                        else "No country programme given."
                    )
        counts[entry.match] = counts.get(entry.match, 0) + 1
        pending.append(entry)
        if len(pending) >= BATCH_SIZE:
            SupplierListRow.objects.bulk_create(pending)
            pending.clear()
    SupplierListRow.objects.bulk_create(pending)
    Through = SupplierListRow.candidates.through
    Through.objects.bulk_create(
        Through(supplierlistrow_id=entry.pk, factory_id=candidate.pk)
        for entry, found in candidates
        for candidate in found
    )
    return counts


@dataclass
class AcceptedList:
    supplier_list: SupplierList
    started: list[Sourcing]
    ended: list[Sourcing]
    kept: list[Sourcing]


@transaction.atomic
def accept_supplier_list(*, supplier_list: SupplierList, drops: dict, accepted_by) -> AcceptedList:
    """Make the buyer's sourcing match *supplier_list*.

    Starts sourcing from each listed programme factory the buyer does not
    source from yet. *drops* says, for each open sourcing the list leaves
    out (by sourcing id), the end reason to end it with, or ``KEEP``: every
    one must be answered, or ``ValidationError`` on ``drops`` names those
    left, and nothing changes. Needs the permissions to add and change
    sourcing; counts one change of the buyer's version.
    """
    if not accepted_by.has_perms(["buyers.add_sourcing", "buyers.change_sourcing"]):
        raise PermissionDenied("Accepting a supplier list needs the permissions to add and change sourcing.")
    lock_buyer(buyer_id=supplier_list.buyer_id)
    supplier_list = SupplierList.objects.select_related("buyer").get(pk=supplier_list.pk)
    if supplier_list.status != SupplierList.Status.PENDING:
        raise ValidationError(f"This list was already {supplier_list.get_status_display().lower()}.")
    difference = supplier_list_difference(supplier_list=supplier_list)
    reasons = set(Sourcing.EndReason.values) | {KEEP}
    unanswered = [s for s in difference.dropped if drops.get(s.pk) not in reasons]
    if unanswered:
        names = ", ".join(s.factory.name for s in unanswered)
        raise ValidationError(
            {"drops": f"Say for each factory the list leaves out whether the sourcing ends, and why: {names}."}
        )
    today = timezone.localdate()
    started = [
        Sourcing(buyer=supplier_list.buyer, factory_id=row.factory_id, started_on=today, started_by_list=supplier_list)
        for row in difference.added
    ]
    for sourcing in started:
        sourcing.save()
    ended, kept = [], []
    for sourcing in difference.dropped:
        if drops[sourcing.pk] == KEEP:
            kept.append(sourcing)
            continue
        sourcing.ended_on = max(today, sourcing.started_on)
        sourcing.end_reason = drops[sourcing.pk]
        sourcing.ended_by_list = supplier_list
        sourcing.save(update_fields=["ended_on", "end_reason", "ended_by_list"])
        ended.append(sourcing)
    _decide(supplier_list, SupplierList.Status.ACCEPTED, accepted_by)
    count_buyer_change(buyer=supplier_list.buyer)
    return AcceptedList(supplier_list=supplier_list, started=started, ended=ended, kept=kept)


@transaction.atomic
def discard_supplier_list(*, supplier_list: SupplierList, discarded_by, note: str = "") -> SupplierList:
    """Set a pending list aside without changing any sourcing, e.g. a wrong
    file. Needs the permission to change supplier lists."""
    if not discarded_by.has_perm("buyers.change_supplierlist"):
        raise PermissionDenied("Discarding a supplier list needs the permission to change supplier lists.")
    lock_buyer(buyer_id=supplier_list.buyer_id)
    supplier_list = SupplierList.objects.get(pk=supplier_list.pk)
    if supplier_list.status != SupplierList.Status.PENDING:
        raise ValidationError(f"This list was already {supplier_list.get_status_display().lower()}.")
    supplier_list.decision_note = note[:300]
    _decide(supplier_list, SupplierList.Status.DISCARDED, discarded_by)
    return supplier_list


def _decide(supplier_list, status, user) -> None:
    supplier_list.status = status
    supplier_list.decided_by = user
    supplier_list.decided_at = timezone.now()
    supplier_list.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])

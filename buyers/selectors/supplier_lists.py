"""How a supplier list version differs from the buyer's sourcing, and a
buyer's list history (``buyers/models/supplier_list.py``)."""

from dataclasses import dataclass, field

from django.db.models import OuterRef, Prefetch, QuerySet

from buyers.models import Buyer, Factory, Sourcing, SupplierList, SupplierListRow
from buyers.selectors.aggregates import subquery_count
from buyers.selectors.progress import latest_two_overall_rates, making_progress

MATCHED = (SupplierListRow.Match.OS_ID, SupplierListRow.Match.NAME)


@dataclass
class SupplierListDifference:
    """A list against the buyer's sourcing: for a pending list, what
    accepting it would do; for an accepted one, what it did."""

    supplier_list: SupplierList
    # Listed programme factories the buyer does not source from (yet).
    added: list[SupplierListRow] = field(default_factory=list)
    # Listed programme factories the buyer already sources from.
    unchanged: list[SupplierListRow] = field(default_factory=list)
    # Open sourcing the list leaves out (pending), or the sourcing its
    # acceptance ended; each annotated with ``is_making_progress``.
    dropped: list[Sourcing] = field(default_factory=list)
    # Sourcing the list left out that staff kept (accepted lists).
    kept: list[Sourcing] = field(default_factory=list)
    # Rows that are no programme factory, could be several, or were set aside.
    unmatched: list[SupplierListRow] = field(default_factory=list)
    ambiguous: list[SupplierListRow] = field(default_factory=list)
    set_aside: list[SupplierListRow] = field(default_factory=list)

    @property
    def is_pending(self) -> bool:
        return self.supplier_list.status == SupplierList.Status.PENDING

    @property
    def drops_making_progress(self) -> list[Sourcing]:
        return [sourcing for sourcing in self.dropped if sourcing.is_making_progress]


def _with_progress(sourcings: QuerySet[Sourcing]) -> QuerySet[Sourcing]:
    latest, previous = latest_two_overall_rates(factory=OuterRef("factory"))
    return (
        sourcings.annotate(latest_rate=latest, previous_rate=previous)
        .annotate(is_making_progress=making_progress())
        .select_related("factory__country_programme")
        .order_by("factory__name", "pk")
    )


def supplier_list_difference(*, supplier_list: SupplierList) -> SupplierListDifference:
    """Compare *supplier_list* with the buyer's sourcing. Four queries,
    whatever the list's length."""
    rows = list(
        supplier_list.rows.select_related("factory__country_programme", "country_programme").prefetch_related(
            Prefetch("candidates", queryset=Factory.objects.select_related("country_programme").order_by("pk"))
        )
    )
    difference = SupplierListDifference(supplier_list=supplier_list)
    matched = [row for row in rows if row.match in MATCHED]
    listed_ids = {row.factory_id for row in matched}
    if supplier_list.status == SupplierList.Status.ACCEPTED:
        started = set(supplier_list.started_sourcings.values_list("factory_id", flat=True))
        difference.added = [row for row in matched if row.factory_id in started]
        difference.unchanged = [row for row in matched if row.factory_id not in started]
        difference.dropped = list(_with_progress(supplier_list.ended_sourcings.all()))
    else:
        open_sourcing = list(
            _with_progress(Sourcing.objects.filter(buyer_id=supplier_list.buyer_id, ended_on__isnull=True))
        )
        sourced_ids = {sourcing.factory_id for sourcing in open_sourcing}
        difference.added = [row for row in matched if row.factory_id not in sourced_ids]
        difference.unchanged = [row for row in matched if row.factory_id in sourced_ids]
        difference.dropped = [sourcing for sourcing in open_sourcing if sourcing.factory_id not in listed_ids]
    difference.unmatched = [row for row in rows if row.match == SupplierListRow.Match.NONE]
    difference.ambiguous = [row for row in rows if row.match == SupplierListRow.Match.AMBIGUOUS]
    difference.set_aside = [
        row for row in rows if row.match in (SupplierListRow.Match.REPEATED, SupplierListRow.Match.REJECTED)
    ]
    return difference


def supplier_list_history(*, buyer: Buyer) -> list[SupplierList]:
    """The buyer's list versions, newest first, each with ``row_count``,
    ``matched_count``, ``started_count`` and ``ended_count``. One query."""
    return list(
        buyer.supplier_lists.annotate(
            row_count=subquery_count(SupplierListRow.objects.filter(supplier_list=OuterRef("pk"))),
            matched_count=subquery_count(
                SupplierListRow.objects.filter(supplier_list=OuterRef("pk"), match__in=MATCHED)
            ),
            started_count=subquery_count(Sourcing.objects.filter(started_by_list=OuterRef("pk"))),
            ended_count=subquery_count(Sourcing.objects.filter(ended_by_list=OuterRef("pk"))),
        )
        .select_related("uploaded_by", "decided_by")
        .defer("file_content")
        .order_by("-version")
    )

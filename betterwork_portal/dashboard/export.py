"""The buyer list as CSV: the same filters, search and order, all pages."""

import csv

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.views import View

from betterwork_portal.dashboard.access import StaffRequiredMixin, dashboard_view
from betterwork_portal.dashboard.filters import BuyerFilter
from buyers.imports.exporting import Line, spreadsheet_safe
from partnerships.selectors import buyers_for_dashboard

# Buyers read from the database at a time while the file streams.
CHUNK_SIZE = 500


class BuyerExportView(StaffRequiredMixin, View):
    """The buyer list as CSV: the same filters, search and order, all pages.
    A file leaves the portal, so it needs its own permission."""

    permission_required = ("buyers.view_buyer", "buyers.export_buyer")

    COLUMNS = (
        "Name",
        "Tier",
        "Status",
        "Eligible for partnership",
        "Required commitments done",
        "Required commitments",
        "Breached",
        "Checklist completion (%)",
        "Partner at risk",
        "Monitoring flags",
        "Headquarters",
        "Focal point",
        "Joined on",
        "Partner since",
        "Factories sourced from now",
        "Website",
    )

    def get(self, request):
        filterset = BuyerFilter(request.GET, queryset=buyers_for_dashboard())
        response = StreamingHttpResponse(self._lines(filterset), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="buyers-{timezone.localdate():%Y-%m-%d}.csv"'
        return response

    def _lines(self, filterset):
        """Yield the file a line at a time: the header goes out before any
        buyer is read, and the buyers are read in chunks, so memory stays
        flat however many rows there are."""
        writer = csv.writer(Line(), quoting=csv.QUOTE_ALL)
        # A byte-order mark, so that Excel reads the names as UTF-8.
        yield "\ufeff" + writer.writerow(self.COLUMNS)
        at_risk = {entry.buyer.pk: entry for entry in filterset.at_risk}
        for buyer in filterset.qs.iterator(chunk_size=CHUNK_SIZE):
            yield writer.writerow([spreadsheet_safe(value) for value in self._row(buyer, at_risk.get(buyer.pk))])

    @staticmethod
    def _row(buyer, entry) -> list:
        focal_point = buyer.focal_point
        return [
            buyer.name,
            buyer.get_tier_display(),
            buyer.get_status_display(),
            "yes" if buyer.is_eligible else "no",
            buyer.required_done,
            buyer.required_total,
            buyer.required_breached,
            buyer.completion,
            "yes" if entry else "no",
            len(entry.flags) if entry else 0,
            buyer.headquarters_country.name,
            (focal_point.get_full_name() or focal_point.get_username()) if focal_point else "",
            buyer.joined_on.isoformat(),
            buyer.partner_since.isoformat() if buyer.partner_since else "",
            buyer.current_sourcing_count,
            buyer.website,
        ]


buyer_export_view = dashboard_view(BuyerExportView)

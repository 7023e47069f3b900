"""The buyer list as CSV: the same filters, search and order, all pages."""

import csv

from django.http import HttpResponse
from django.utils import timezone
from django.views import View

from betterwork_portal.dashboard.access import StaffRequiredMixin, dashboard_view
from betterwork_portal.dashboard.filters import BuyerFilter
from partnerships.selectors import buyers_for_dashboard

# A spreadsheet runs a cell starting with one of these as a formula (CSV
# injection); a leading apostrophe makes it plain text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value) -> str:
    """Return *value* as CSV cell text that no spreadsheet runs as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text


class BuyerExportView(StaffRequiredMixin, View):
    """The buyer list as CSV: the same filters, search and order, all pages."""

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
        at_risk = {entry.buyer.pk: entry for entry in filterset.at_risk}
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="buyers-{timezone.localdate():%Y-%m-%d}.csv"'
        # A byte-order mark, so that Excel reads the names as UTF-8.
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(self.COLUMNS)
        for buyer in filterset.qs:
            entry = at_risk.get(buyer.pk)
            focal_point = buyer.focal_point
            writer.writerow(
                [
                    spreadsheet_safe(buyer.name),
                    buyer.get_tier_display(),
                    buyer.get_status_display(),
                    "yes" if buyer.is_eligible else "no",
                    buyer.required_done,
                    buyer.required_total,
                    buyer.required_breached,
                    buyer.completion,
                    "yes" if entry else "no",
                    len(entry.flags) if entry else 0,
                    spreadsheet_safe(buyer.headquarters_country.name),
                    spreadsheet_safe(
                        (focal_point.get_full_name() or focal_point.get_username()) if focal_point else ""
                    ),
                    buyer.joined_on.isoformat(),
                    buyer.partner_since.isoformat() if buyer.partner_since else "",
                    buyer.current_sourcing_count,
                    spreadsheet_safe(buyer.website),
                ]
            )
        return response


buyer_export_view = dashboard_view(BuyerExportView)

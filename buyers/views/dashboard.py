"""The staff dashboard's buyer and factory pages, and the buyer CSV export.

Thin views: the reads are the selectors', the filters ``buyers.filters``'.
The overview and the access rule are in ``partnerships.views``.
"""

import csv

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Exists
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views import View

from buyers.filters import BUYER_SORTS, BuyerFilter, FactoryFilter
from buyers.models import ASSESSMENT_CLUSTERS, Assessment, Buyer
from buyers.selectors import (
    buyer_sourcings_with_progress,
    factories_for_dashboard,
    factory_audits,
    factory_sourcings,
)
from partnerships.selectors import (
    buyer_change_history,
    buyer_decision_timeline,
    buyer_eligibility,
    buyers_for_dashboard,
    monitoring_flags,
)
from partnerships.services import DECIDE_PERMISSION
from partnerships.views import DashboardPage, StaffRequiredMixin, axis_ticks, dashboard_view

PER_PAGE = 25

# The buyer list's sortable columns; a first click on the last two sorts
# the way staff usually want them: most complete, newest first.
SORTABLE_COLUMNS = (("name", "Buyer"), ("tier", "Tier"), ("completion", "Checklist"), ("joined", "Joined"))
DESCENDING_FIRST = {"completion", "joined"}

# A spreadsheet runs a cell starting with one of these as a formula (CSV
# injection); a leading apostrophe makes it plain text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value) -> str:
    """Return *value* as CSV cell text that no spreadsheet runs as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text


def _ignored_filters(filterset) -> list[str]:
    """Return the labels of the filters whose values were not understood."""
    return [str(filterset.form.fields[name].label) for name in filterset.errors]


def _sort_headers(current: str) -> dict[str, dict]:
    headers = {}
    for key, label in SORTABLE_COLUMNS:
        if current == key:
            direction, link = "ascending", f"-{key}"
        elif current == f"-{key}":
            direction, link = "descending", key
        else:
            direction, link = None, f"-{key}" if key in DESCENDING_FIRST else key
        headers[key] = {"label": label, "link": link, "direction": direction}
    return headers


def _cluster_rows(assessments, clusters):
    return [
        (Assessment._meta.get_field(name).verbose_name, [getattr(assessment, name) for assessment in assessments])
        for name in clusters
    ]


def trend_chart(assessments, *, width=560, height=230):
    """Return the geometry of a factory's overall non-compliance rate by
    assessment cycle (*assessments* oldest first), for an SVG line chart."""
    left, right, top, bottom = 44, 40, 26, 46
    plot_width, plot_height = width - left - right, height - top - bottom
    ticks = axis_ticks(max([10.0, *(float(a.overall_rate) for a in assessments)]), steps=2)
    axis_max = ticks[-1]
    scale = plot_height / axis_max
    step = plot_width / max(len(assessments) - 1, 1)
    points = []
    for i, assessment in enumerate(assessments):
        x = left + (step * i if len(assessments) > 1 else plot_width / 2)
        y = top + plot_height - float(assessment.overall_rate) * scale
        points.append({"x": round(x, 1), "y": round(y, 1), "assessment": assessment})
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": width - right,
        "baseline": top + plot_height,
        "points": points,
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in points),
        "ticks": [{"value": value, "y": round(top + plot_height - value * scale, 1)} for value in ticks],
        "label_y": top + plot_height + 18,
        "year_y": top + plot_height + 34,
    }


class BuyerListView(DashboardPage):
    """Every buyer, searchable, filterable and sortable, 25 to a page."""

    template_name = "dashboard/buyer_list.html"
    nav = "buyers"

    def get_context_data(self, **kwargs):
        filterset = BuyerFilter(self.request.GET, queryset=buyers_for_dashboard())
        page = Paginator(filterset.qs, PER_PAGE).get_page(self.request.GET.get("page"))
        at_risk = {entry.buyer.pk: entry for entry in filterset.at_risk}
        sort = filterset.form.cleaned_data.get("sort") or "name"
        return super().get_context_data(
            filterset=filterset,
            page_obj=page,
            page_range=page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            rows=[(buyer, at_risk.get(buyer.pk)) for buyer in page],
            ignored_filters=_ignored_filters(filterset),
            filtered=any(value for name, value in filterset.form.cleaned_data.items() if name != "sort"),
            sort_label=BUYER_SORTS[sort][0],
            sort_headers=_sort_headers(sort),
            **kwargs,
        )


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


class BuyerDetailView(DashboardPage):
    """A buyer's file: who it is, its checklist and verdict, where it
    sources, what the data flags, its decisions and its change history."""

    template_name = "dashboard/buyer_detail.html"
    nav = "buyers"

    def get_context_data(self, pk, **kwargs):
        # Whether the viewer may decide comes with the buyer, in its query:
        # has_perm would cost two more on a page that needs every one.
        deciders = get_user_model().objects.with_perm(DECIDE_PERMISSION)
        viewer_may_decide = Exists(deciders.filter(pk=self.request.user.pk))
        buyer = get_object_or_404(
            Buyer.objects.select_related("focal_point").annotate(viewer_may_decide=viewer_may_decide), pk=pk
        )
        verdict = buyer_eligibility(buyer=buyer)
        sourcings = list(buyer_sourcings_with_progress(buyer=buyer))
        # Only an active partner's data is watched (monitoring_flags says
        # so); asking for anyone else's would cost four queries for nothing.
        watched = buyer.tier == Buyer.Tier.PARTNER and buyer.status == Buyer.Status.ACTIVE
        return super().get_context_data(
            buyer=buyer,
            verdict=verdict,
            completion=round(100 * verdict.required_done / verdict.required_total) if verdict.required_total else 100,
            contacts=list(buyer.contacts.order_by("name", "pk")),
            current_sourcings=[s for s in sourcings if s.ended_on is None],
            ended_sourcings=[s for s in sourcings if s.ended_on is not None],
            watched=watched,
            flags=monitoring_flags(buyers=Buyer.objects.filter(pk=buyer.pk)) if watched else [],
            timeline=buyer_decision_timeline(buyer=buyer),
            history=buyer_change_history(buyer=buyer),
            **kwargs,
        )


class FactoryListView(DashboardPage):
    """Every programme factory, searchable and filterable, 25 to a page."""

    template_name = "dashboard/factory_list.html"
    nav = "factories"

    def get_context_data(self, **kwargs):
        filterset = FactoryFilter(self.request.GET, queryset=factories_for_dashboard())
        page = Paginator(filterset.qs, PER_PAGE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            filterset=filterset,
            page_obj=page,
            page_range=page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            factories=list(page),
            ignored_filters=_ignored_filters(filterset),
            filtered=any(filterset.form.cleaned_data.values()),
            **kwargs,
        )


class FactoryDetailView(DashboardPage):
    """A factory's file: its assessments by cycle, who sources from it, and
    the buyers' own audits recorded."""

    template_name = "dashboard/factory_detail.html"
    nav = "factories"

    def get_context_data(self, pk, **kwargs):
        factory = get_object_or_404(factories_for_dashboard(), pk=pk)
        assessments = list(factory.assessments.order_by("cycle"))
        sourcings = list(factory_sourcings(factory=factory))
        return super().get_context_data(
            factory=factory,
            assessments=assessments,
            cluster_groups=[
                ("Core labour standards", _cluster_rows(assessments, ASSESSMENT_CLUSTERS[:4])),
                ("Working conditions", _cluster_rows(assessments, ASSESSMENT_CLUSTERS[4:])),
            ],
            chart=trend_chart(assessments) if assessments else None,
            current_sourcings=[s for s in sourcings if s.ended_on is None],
            ended_sourcings=[s for s in sourcings if s.ended_on is not None],
            audits=list(factory_audits(factory=factory)),
            **kwargs,
        )


buyer_list_view = dashboard_view(BuyerListView)
buyer_export_view = dashboard_view(BuyerExportView)
buyer_detail_view = dashboard_view(BuyerDetailView)
factory_list_view = dashboard_view(FactoryListView)
factory_detail_view = dashboard_view(FactoryDetailView)

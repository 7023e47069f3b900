"""The staff dashboard's overview, and what every dashboard page shares.

The buyer and factory pages are in ``buyers.views.dashboard``. Pages only
read: the figures come from the selectors, the charts are drawn here as
plain numbers for the SVG templates in ``templates/dashboard/includes/``.
"""

import math
from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.db import transaction
from django.urls import reverse
from django.views.generic import TemplateView

from buyers.selectors import country_programmes_with_coverage, signups_waiting
from partnerships.selectors import buyer_overview, participants_ready_to_graduate, partners_at_risk

# How many buyers the overview names in its "ready to graduate" panel.
READY_SHOWN = 8


class StaffRequiredMixin(LoginRequiredMixin, UserPassesTestMixin):
    """Let signed-in Better Work staff in, and no one else.

    Anonymous visitors are sent to the sign-in page and brought back after.
    A signed-in account that is not staff gets the 403 page, which says why:
    signing in again would not help it.
    """

    permission_denied_message = "This page is for Better Work staff."

    def test_func(self):
        return self.request.user.is_staff


class DashboardPage(StaffRequiredMixin, TemplateView):
    """A page of the staff dashboard; *nav* names its navbar entry."""

    nav = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(nav=self.nav, **kwargs)


def dashboard_view(view_class):
    """Return *view_class* as a view function outside any transaction.

    Dashboard pages only read, so the transaction ATOMIC_REQUESTS opens
    for every request would buy nothing and cost two round trips.
    """
    return transaction.non_atomic_requests(view_class.as_view())


def buyer_list_url(**params) -> str:
    """Return the dashboard buyer list filtered by *params*."""
    return f"{reverse('dashboard:buyer_list')}?{urlencode(params)}" if params else reverse("dashboard:buyer_list")


# Charts
# ------------------------------------------------------------------------------
# Geometry for the SVG templates, in the units of each chart's viewBox; the
# SVG scales to the width of its column.


def axis_ticks(value: float, *, steps: int = 4) -> list[int]:
    """Return the whole-number ticks of an axis from 0 up to at least
    *value*: about *steps* steps of 1, 2 or 5 times a power of ten."""
    rough = max(value, 1) / steps
    power = 10 ** math.floor(math.log10(rough)) if rough >= 1 else 1
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= rough)
    return list(range(0, math.ceil(max(value, 1) / step) * step + 1, step))


def stacked_columns(*, categories, series, width=480, height=250):
    """Return the geometry of a stacked column chart.

    *categories* are the labels under the columns, each a pair of lines
    (the second may be empty); *series* are
    ``(name, css_class, values)`` with one value per category, stacked
    bottom-up in the order given. Each column carries its total above it
    and each segment tall enough to hold it, its own number.
    """
    left, right, top, bottom = 40, 8, 22, 40
    plot_width, plot_height = width - left - right, height - top - bottom
    totals = [sum(values[i] for _name, _css, values in series) for i in range(len(categories))]
    ticks = axis_ticks(max(totals, default=0))
    axis_max = ticks[-1]
    scale = plot_height / axis_max
    slot = plot_width / max(len(categories), 1)
    bar = min(slot * 0.62, 56)
    columns = []
    for i, label in enumerate(categories):
        x = left + slot * i + (slot - bar) / 2
        base = top + plot_height
        segments = []
        for name, css, values in series:
            segment_height = values[i] * scale
            base -= segment_height
            segments.append(
                {
                    "name": name,
                    "css": css,
                    "value": values[i],
                    "y": round(base, 1),
                    "height": round(segment_height, 1),
                    "text_y": round(base + segment_height / 2 + 4, 1),
                    "labelled": values[i] > 0 and segment_height >= 16 and len(series) > 1,
                }
            )
        columns.append(
            {
                "label": label,
                "x": round(x, 1),
                "width": round(bar, 1),
                "middle": round(x + bar / 2, 1),
                "total": totals[i],
                "total_y": round(base - 5, 1),
                "segments": segments,
            }
        )
    ticks = [{"value": value, "y": round(top + plot_height - value * scale, 1)} for value in ticks]
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": width - right,
        "baseline": top + plot_height,
        "label_y": top + plot_height + 18,
        "columns": columns,
        "ticks": ticks,
        "series": [{"name": name, "css": css} for name, css, _values in series],
    }


def programme_bars(programmes, *, width=520):
    """Return the geometry of the factories-by-programme chart: per
    programme, a bar of its factories, overlaid by the part active buyers
    source from and the part partners source from, labelled in words."""
    row_height, label_height, bar_height = 44, 18, 16
    axis_max = max((p.factory_count for p in programmes), default=0) or 1
    rows = []
    for i, programme in enumerate(programmes):
        y = i * row_height
        rows.append(
            {
                "programme": programme,
                "label": programme.name.removeprefix("Better Work "),
                "text_y": y + 13,
                "bar_y": y + label_height,
                "total_width": round(width * programme.factory_count / axis_max, 1),
                "sourced_width": round(width * programme.sourced_count / axis_max, 1),
                "partner_width": round(width * programme.partner_sourced_count / axis_max, 1),
            }
        )
    return {
        "width": width,
        "height": max(len(rows) * row_height, row_height),
        "bar_height": bar_height,
        "rows": rows,
    }


# Pages
# ------------------------------------------------------------------------------


class OverviewView(DashboardPage):
    """The pipeline at a glance: every figure links to the list behind it."""

    template_name = "dashboard/overview.html"
    nav = "overview"

    def get_context_data(self, **kwargs):
        overview = buyer_overview()
        ready = list(participants_ready_to_graduate().select_related("focal_point"))
        at_risk = partners_at_risk()
        signups = signups_waiting()
        programmes = list(country_programmes_with_coverage())
        signups_url = reverse("admin:buyers_signuprequest_changelist") + "?status__exact=new"
        figures = {
            "participants": overview.participants,
            "partners": overview.partners,
            "withdrawn": overview.withdrawn,
            "signups_waiting": signups.count,
            "ready_to_graduate": len(ready),
            "partners_at_risk": len(at_risk),
        }
        tier_mix = stacked_columns(
            categories=[(str(row.year), "to date" if row.to_date else "") for row in overview.tier_mix],
            series=[
                ("Partners", "series-partner", [row.partners for row in overview.tier_mix]),
                ("Participants", "series-participant", [row.participants for row in overview.tier_mix]),
            ],
        )
        completion = stacked_columns(
            categories=[(str(row.done), "") for row in overview.completion],
            series=[
                ("Partners", "series-partner", [row.partners for row in overview.completion]),
                ("Participants", "series-participant", [row.participants for row in overview.completion]),
            ],
        )
        return super().get_context_data(
            figures=figures,
            links={
                "participants": buyer_list_url(tier="participant", status="active"),
                "partners": buyer_list_url(tier="partner", status="active"),
                "withdrawn": buyer_list_url(status="withdrawn"),
                "signups_waiting": signups_url,
                "ready_to_graduate": buyer_list_url(pipeline="ready"),
                "partners_at_risk": buyer_list_url(pipeline="at_risk"),
            },
            overview=overview,
            signups=signups,
            ready=ready[:READY_SHOWN],
            ready_more=max(len(ready) - READY_SHOWN, 0),
            at_risk=at_risk,
            programmes=programmes,
            factories_enrolled=sum(programme.factory_count for programme in programmes),
            programme_chart=programme_bars(programmes),
            tier_mix_chart=tier_mix,
            completion_chart=completion,
            completion_axis=f"Required commitments affirmed or verified, of {overview.required_total}",
            **kwargs,
        )


overview_view = dashboard_view(OverviewView)

"""The overview: the pipeline at a glance."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from betterwork_portal.dashboard.access import DashboardPage, buyer_list_url, dashboard_view
from betterwork_portal.dashboard.charts import programme_bars, stacked_columns
from buyers.models import Buyer
from buyers.selectors import cached_while_data_unchanged, country_programmes_with_coverage, signups_waiting
from partnerships.selectors import (
    buyer_counts,
    combine_buyer_overview,
    flagged_partners_queryset,
    interactions_per_month,
    participants_ready_to_graduate,
    partners_at_risk,
    partners_at_risk_queryset,
    partners_without_quarterly_call,
    quarter_start,
    recent_decisions,
    tier_mix,
)

# How many buyers the overview names in its two side-by-side panels. A
# partner at risk takes three or four lines (its breaches and flags), a
# participant ready to graduate one, so the panels stay about the same height;
# the rest are one click away in the buyer list.
READY_SHOWN = 20
AT_RISK_SHOWN = 8
# The partners without a quarterly call this quarter, named in a panel of
# its own; only these are read, not the hundreds behind the count.
WITHOUT_CALL_SHOWN = 10


class OverviewView(DashboardPage):
    """The pipeline at a glance: every figure links to the list behind it."""

    template_name = "dashboard/overview.html"
    nav = "overview"

    def get_context_data(self, **kwargs):
        # A second of aggregates and tens of milliseconds of rendering at the
        # programme's size, the same for every staff member: kept until the
        # tables it reads or the day change (issue 14;
        # buyers/selectors/data_version.py says why it is never stale), and
        # each part on its own, so that logging a call recomputes only the
        # parts that count calls. The figure cards, which say how long the
        # oldest signup has waited, are drawn on every visit.
        today = timezone.localdate()
        can_view_benefits = self.request.user.has_perm("partnerships.view_benefitdelivery")
        page = cached_while_data_unchanged(
            f"overview:{today.isoformat()}:benefits={can_view_benefits}",
            lambda: overview_page(today=today, can_view_benefits=can_view_benefits),
            scoped=True,
        )
        return super().get_context_data(**page, **kwargs)


def overview_page(*, today, can_view_benefits: bool) -> dict:
    """The overview's figures, their links and the waiting signups, and
    the sections below them rendered to HTML."""
    figures = overview_figures(today=today)
    sections = render_to_string(
        "dashboard/includes/_overview_sections.html", {**figures, "can_view_benefits": can_view_benefits}
    )
    return {key: figures[key] for key in ("figures", "links", "signups")} | {"sections": sections}


def _kept(name: str, compute):
    # Each part is read by its own queries alone: kept under the tables
    # those name (buyers/selectors/data_version.py).
    return cached_while_data_unchanged(f"overview-part:{name}", compute, scoped=True)


def _ready_to_graduate() -> tuple[int, list[Buyer]]:
    # The rule runs once, for the ids in name order: the figure counts
    # them, the panel reads the first READY_SHOWN.
    ready_ids = list(participants_ready_to_graduate().order_by("name", "pk").values_list("pk", flat=True))
    shown = Buyer.objects.select_related("focal_point").in_bulk(ready_ids[:READY_SHOWN])
    return len(ready_ids), [shown[pk] for pk in ready_ids[:READY_SHOWN]]


def _at_risk() -> tuple[int, list]:
    # Counted in SQL; only the partners the panel names carry their reasons.
    # The ids once, as a list: a count and a slice would run the test
    # twice, and a subquery would run it inside each of partners_at_risk's.
    # The flagged partners are kept apart: testing the flags is most of the
    # cost (30 ms at 10,000 buyers), and a checklist change leaves them.
    flagged = _kept("flagged-partners", lambda: list(flagged_partners_queryset().values_list("pk", flat=True)))
    at_risk_ids = list(
        partners_at_risk_queryset(flagged_ids=flagged).order_by("name", "pk").values_list("pk", flat=True)
    )
    return len(at_risk_ids), partners_at_risk(buyers=Buyer.objects.filter(pk__in=at_risk_ids[:AT_RISK_SHOWN]))


def overview_figures(*, today) -> dict:
    """Everything the overview shows, as a template's context."""
    day = today.isoformat()
    # Three parts, each kept under the tables it reads: a checklist change
    # recomputes the counts, a decision the tier mix and the decisions.
    overview = combine_buyer_overview(
        counts=_kept("buyer-counts", buyer_counts),
        tier_mix=_kept(f"tier-mix:{day}", lambda: tier_mix(today=today)),
        recent=_kept("recent-decisions", recent_decisions),
    )
    ready_count, ready = _kept(f"ready:{day}", _ready_to_graduate)
    at_risk_count, at_risk = _kept(f"at-risk:{day}", _at_risk)
    signups = signups_waiting()
    without_call = _kept(
        f"without-call:{day}", lambda: partners_without_quarterly_call(today=today, first=WITHOUT_CALL_SHOWN)
    )
    programmes = _kept("programmes", lambda: list(country_programmes_with_coverage()))
    signups_url = reverse("admin:buyers_signuprequest_changelist") + "?status__exact=new"
    figures = {
        "participants": overview.participants,
        "partners": overview.partners,
        "withdrawn": overview.withdrawn,
        "signups_waiting": signups.count,
        "ready_to_graduate": ready_count,
        "partners_at_risk": at_risk_count,
    }
    tier_mix_chart = stacked_columns(
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
    per_month = _kept(f"per-month:{day}", lambda: interactions_per_month(today=today))
    interactions_chart = stacked_columns(
        categories=[(f"{month:%b}", _year_label(month, index)) for index, (month, _) in enumerate(per_month)],
        series=[("Interactions", "series-partner", [count for _, count in per_month])],
    )
    return {
        "interactions_chart": interactions_chart,
        "interactions_total": sum(count for _, count in per_month),
        "without_call": without_call.partners,
        "without_call_count": without_call.count,
        "without_call_more": max(without_call.count - WITHOUT_CALL_SHOWN, 0),
        "quarter_start": quarter_start(today),
        "figures": figures,
        "links": {
            "participants": buyer_list_url(tier="participant", status="active"),
            "partners": buyer_list_url(tier="partner", status="active"),
            "withdrawn": buyer_list_url(status="withdrawn"),
            "signups_waiting": signups_url,
            "ready_to_graduate": buyer_list_url(pipeline="ready"),
            "partners_at_risk": buyer_list_url(pipeline="at_risk"),
        },
        "overview": overview,
        "signups": signups,
        "ready": ready,
        "ready_more": max(ready_count - READY_SHOWN, 0),
        "at_risk": at_risk,
        "at_risk_more": max(at_risk_count - AT_RISK_SHOWN, 0),
        "programmes": programmes,
        "factories_enrolled": sum(programme.factory_count for programme in programmes),
        "programme_chart": programme_bars(programmes),
        "tier_mix_chart": tier_mix_chart,
        "completion_chart": completion,
        "completion_axis": f"Required commitments affirmed or verified, of {overview.required_total}",
    }


def _year_label(month, index) -> str:
    """Under a month column, its year where a year starts (and first)."""
    return f"{month:%Y}" if month.month == 1 or index == 0 else ""


overview_view = dashboard_view(OverviewView)

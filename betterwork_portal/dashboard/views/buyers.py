"""The buyer list and a buyer's file."""

from django.shortcuts import get_object_or_404
from django.utils import timezone

from betterwork_portal.cached_pages import render_kept
from betterwork_portal.dashboard.access import DashboardPage, dashboard_view
from betterwork_portal.dashboard.filters import BUYER_SORTS, BuyerFilter
from betterwork_portal.dashboard.views.listing import PER_PAGE, ignored_filters
from betterwork_portal.pagination import page_of
from buyers.models import Buyer
from buyers.selectors import buyer_sourcings_with_progress, supplier_list_history
from partnerships.selectors import (
    benefits_last_delivered,
    buyer_change_history,
    buyer_decision_timeline,
    buyer_interactions,
    buyers_for_dashboard,
    next_review_due,
    partners_at_risk,
    review_due_on,
)
from partnerships.selectors.standing import standing_of
from partnerships.services import DECIDE_PERMISSION, PARTNER_REVIEW_PERMISSION

# The buyer list's sortable columns; a first click on the last two sorts
# the way staff usually want them: most complete, newest first.
SORTABLE_COLUMNS = (
    ("name", "Buyer"),
    ("tier", "Tier"),
    ("completion", "Checklist"),
    ("joined", "Joined"),
    ("contact", "Last contact"),
)
DESCENDING_FIRST = {"completion", "joined"}


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


class BuyerListView(DashboardPage):
    """Every buyer, searchable, filterable and sortable, 25 to a page."""

    template_name = "dashboard/buyer_list.html"
    nav = "buyers"

    def get_context_data(self, **kwargs):
        # Tens of milliseconds of figures and rendering for 25 rows, the same
        # for every viewer with the same permissions: kept until the data or
        # the day changes (betterwork_portal/cached_pages.py; issue 14).
        content = render_kept(
            self.request,
            "buyer-list",
            "dashboard/includes/_buyer_list.html",
            self._list_context,
            today=timezone.localdate(),
        )
        return super().get_context_data(content=content, **kwargs)

    def _list_context(self) -> dict:
        filterset = BuyerFilter(self.request.GET, queryset=buyers_for_dashboard())
        # The page's ids first, then the figures of those 25 buyers only: the
        # ids query computes just what its filters and sort need, where the
        # whole list's figures for OFFSET to throw away took 1.6 s on the
        # last page at 10,000 buyers (issue 14).
        pages = page_of(filterset.qs.values_list("pk", flat=True), self.request, per_page=PER_PAGE)
        ids = list(pages["page_obj"].object_list)
        figures = buyers_for_dashboard(Buyer.objects.filter(pk__in=ids)).in_bulk()
        buyers = [figures[pk] for pk in ids]
        # The attention column's breaches and flags, for this page's buyers only.
        at_risk = {entry.buyer.pk: entry for entry in partners_at_risk(buyers=Buyer.objects.filter(pk__in=ids))}
        sort = filterset.form.cleaned_data.get("sort") or "name"
        return {
            "filterset": filterset,
            **pages,
            "viewer_may_export": self.request.user.has_perm("buyers.export_buyer"),
            "rows": [(buyer, at_risk.get(buyer.pk)) for buyer in buyers],
            "ignored_filters": ignored_filters(filterset),
            "filtered": any(value for name, value in filterset.form.cleaned_data.items() if name != "sort"),
            "sort_label": BUYER_SORTS[sort][0],
            "sort_headers": _sort_headers(sort),
        }


class BuyerDetailView(DashboardPage):
    """A buyer's file: who it is, its checklist and verdict, where it
    sources, what the data flags, its decisions and its change history."""

    template_name = "dashboard/buyer_detail.html"
    nav = "buyers"

    def get_context_data(self, pk, **kwargs):
        buyer = get_object_or_404(Buyer.objects.select_related("focal_point"), pk=pk)
        today = timezone.localdate()
        # A file reads some twenty selectors (~50 ms at the large size), the
        # same for every viewer with the same permissions until the data or
        # the day changes: kept (betterwork_portal/cached_pages.py; issue 14).
        content = render_kept(
            self.request,
            f"buyer-file:{buyer.pk}",
            "dashboard/includes/_buyer_file.html",
            lambda: self._file_context(buyer, today),
            today=today,
        )
        return super().get_context_data(buyer=buyer, content=content, **kwargs)

    def _file_context(self, buyer, today) -> dict:
        # The access check read the viewer's permissions already: no query.
        user = self.request.user
        read = standing_of(buyer=buyer)
        sourcings = list(buyer_sourcings_with_progress(buyer=buyer))
        return dict(
            standing=read.standing,
            buyer=buyer,
            verdict=read.verdict,
            viewer_may_decide=user.has_perm(DECIDE_PERMISSION),
            # People's details need their own permission; without it the
            # file says how many contacts there are, not who they are.
            viewer_may_see_contacts=user.has_perm("buyers.view_contact"),
            contacts=list(buyer.contacts.order_by("name", "pk")),
            current_sourcings=[s for s in sourcings if s.ended_on is None],
            ended_sourcings=[s for s in sourcings if s.ended_on is not None],
            # Only an active partner's data is watched (standing_of).
            watched=buyer.is_active_partner,
            flags=read.flags,
            timeline=buyer_decision_timeline(buyer=buyer),
            history=buyer_change_history(buyer=buyer),
            supplier_lists=supplier_list_history(buyer=buyer),
            today=today,
            interactions=buyer_interactions(buyer=buyer),
            # Addresses are people's details: the same permission as contacts.
            viewer_may_see_messages=user.has_perm("partnerships.view_buyermessage"),
            buyer_messages=list(buyer.messages.select_related("email").order_by("-created_at", "-pk")[:20])
            if user.has_perm("partnerships.view_buyermessage")
            else [],
            viewer_may_log=user.has_perm("partnerships.add_interaction"),
            viewer_may_complete=user.has_perm("partnerships.change_interaction"),
            viewer_may_review=user.has_perm(PARTNER_REVIEW_PERMISSION),
            **self._partner_care(buyer, today),
            viewer_may_view_lists=user.has_perm("buyers.view_supplierlist"),
            viewer_may_upload_lists=user.has_perm("buyers.add_supplierlist"),
        )

    @staticmethod
    def _partner_care(buyer, today) -> dict:
        """A partner's benefits and yearly review; nothing (and no query)
        for anyone else."""
        if not buyer.is_active_partner:
            return {}
        reviewed = next_review_due(buyers=Buyer.objects.filter(pk=buyer.pk)).get()
        return {
            "benefits": benefits_last_delivered(buyer=buyer, today=today),
            "review_due_on": review_due_on(reviewed),
            "last_review_on": reviewed.last_review_on,
        }


buyer_list_view = dashboard_view(BuyerListView)
buyer_detail_view = dashboard_view(BuyerDetailView)

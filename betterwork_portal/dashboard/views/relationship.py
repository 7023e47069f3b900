"""The relationship on the dashboard: My work (where a focal point lands),
logging an interaction from a buyer's file, completing a follow-up, the
yearly partner review, and the partners × benefits table."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.generic import View

from betterwork_portal.cached_pages import render_kept
from betterwork_portal.dashboard.access import DashboardPage, StaffRequiredMixin, dashboard_view
from betterwork_portal.dashboard.forms import InteractionForm, PartnerReviewForm
from betterwork_portal.pagination import page_of
from betterwork_portal.service_errors import add_service_errors
from buyers.models import Buyer
from buyers.selectors import signups_waiting
from partnerships.models import Interaction
from partnerships.selectors import due_lists, follow_ups_due_after, my_buyers, partner_benefit_table, partners_by_name
from partnerships.selectors.due import HORIZON_DAYS
from partnerships.services import complete_follow_up, log_interaction, record_partner_review

# Partners a page of the benefits table.
BENEFITS_PER_PAGE = 50
# Lines each list of My work shows before "Show all".
DUE_SHOWN = 25


class MyWorkView(DashboardPage):
    """A staff member's own page: their buyers, what comes due in the next
    30 days and what is overdue, the follow-ups they own, signups waiting."""

    template_name = "dashboard/my_work.html"
    nav = "my_work"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        # One staff member's lists, the same until the data or the day
        # changes: kept for them (betterwork_portal/cached_pages.py; issue 14).
        content = render_kept(
            self.request,
            f"my-work:{self.request.user.pk}",
            "dashboard/includes/_my_work.html",
            lambda: self._work_context(today),
            today=today,
        )
        return super().get_context_data(content=content, **kwargs)

    def _work_context(self, today) -> dict:
        # Each list shows its first DUE_SHOWN, most pressing first, unless
        # ?all=1 asks for the whole of them: a focal point of 1,700 buyers
        # had 2,000 lines due, a 400 KB page (issue 14); the selectors read
        # only the lines shown, and count the rest.
        shown = None if self.request.GET.get("all") == "1" else DUE_SHOWN
        due = due_lists(today=today, user=self.request.user, shown=shown)
        # Those due sooner are in the lists above already.
        later, later_total = follow_ups_due_after(
            user=self.request.user, after=today + datetime.timedelta(days=HORIZON_DAYS), shown=shown
        )
        return {
            "today": today,
            "overdue": due.overdue,
            "overdue_total": due.overdue_total,
            "coming": due.coming,
            "coming_total": due.coming_total,
            "later_follow_ups": later,
            "later_total": later_total,
            "showing_all": shown is None,
            "due_shown": DUE_SHOWN,
            "mine": my_buyers(user=self.request.user),
            "signups": signups_waiting(),
        }


class LogInteractionView(DashboardPage):
    """Log a call, meeting or email from a buyer's file in a minute."""

    template_name = "dashboard/log_interaction.html"
    nav = "buyers"
    permission_required = ("buyers.view_buyer", "partnerships.add_interaction")

    def dispatch(self, request, *args, pk, **kwargs):
        self.buyer = get_object_or_404(Buyer, pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(buyer=self.buyer, **kwargs)

    def get(self, request, *args, **kwargs):
        form = InteractionForm(buyer=self.buyer, user=request.user, initial=self._initial(request))
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = InteractionForm(request.POST, buyer=self.buyer, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                interaction = log_interaction(
                    buyer=self.buyer,
                    recorded_by=request.user,
                    kind=data["kind"],
                    occurred_on=data["occurred_on"],
                    summary=data["summary"],
                    visibility=data["visibility"],
                    contacts=data["contacts"],
                    staff=data["staff"],
                    country_programmes=data["country_programmes"],
                    factories=data["factories"],
                    follow_up=data["follow_up"],
                    follow_up_due=data["follow_up_due"],
                    follow_up_owner=data["follow_up_owner"] if data["follow_up"] else None,
                    benefits=data.get("benefits") or (),
                    evidence_for=data.get("evidence_for") or (),
                    evidence_state=data.get("evidence_state") or "verified",
                )
            except ValidationError as refused:
                add_service_errors(form, refused)
            else:
                messages.success(
                    request,
                    f"Logged: {interaction.get_kind_display().lower()}, "
                    f"{date_format(interaction.occurred_on, 'j F Y')}.",
                )
                return HttpResponseRedirect(reverse("dashboard:buyer_detail", args=[self.buyer.pk]) + "#relationship")
        return self.render_to_response(self.get_context_data(form=form))

    @staticmethod
    def _initial(request):
        kind = request.GET.get("kind", "")
        return {"kind": kind} if kind in Interaction.Kind.values else {}


class CompleteFollowUpView(StaffRequiredMixin, View):
    permission_required = ("buyers.view_buyer", "partnerships.change_interaction")

    def post(self, request, pk):
        interaction = get_object_or_404(Interaction, pk=pk)
        try:
            complete_follow_up(interaction=interaction, done_by=request.user)
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(request, f"Follow-up done: {interaction.follow_up}")
        target = request.POST.get("next", "")
        if target not in (
            reverse("dashboard:my_work"),
            reverse("dashboard:buyer_detail", args=[interaction.buyer_id]),
        ):
            target = reverse("dashboard:buyer_detail", args=[interaction.buyer_id])
        return HttpResponseRedirect(target)


class PartnerReviewView(DashboardPage):
    """Record that a partner stays a partner for another year."""

    template_name = "dashboard/partner_review.html"
    nav = "buyers"
    permission_required = ("buyers.view_buyer", "partnerships.add_partnerreview")

    def dispatch(self, request, *args, pk, **kwargs):
        self.buyer = get_object_or_404(Buyer, pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(buyer=self.buyer, form=PartnerReviewForm()))

    def post(self, request, *args, **kwargs):
        form = PartnerReviewForm(request.POST)
        if form.is_valid():
            try:
                review = record_partner_review(
                    buyer=self.buyer, note=form.cleaned_data["note"], reviewed_by=request.user
                )
            except ValidationError as refused:
                add_service_errors(form, refused)
            else:
                messages.success(
                    request,
                    f"Yearly review recorded; the next is due by {date_format(review.next_review_by, 'j M Y')}.",
                )
                return HttpResponseRedirect(reverse("dashboard:buyer_detail", args=[self.buyer.pk]))
        return self.render_to_response(self.get_context_data(buyer=self.buyer, form=form))


class BenefitsTableView(DashboardPage):
    """Which partner received which benefit how often, in a year."""

    template_name = "dashboard/benefits.html"
    nav = "benefits"
    permission_required = ("buyers.view_buyer", "partnerships.view_benefitdelivery")

    def get_context_data(self, **kwargs):
        this_year = timezone.localdate().year
        year = self.request.GET.get("year", "")
        year = int(year) if year.isdigit() and 2000 <= int(year) <= this_year else this_year
        # 50 partners a page: all 1,900 of a programme fifty times today's
        # made a 1.6 MB page (issue 14).
        pages = page_of(partners_by_name(), self.request, per_page=BENEFITS_PER_PAGE)
        return super().get_context_data(
            table=partner_benefit_table(year=year, partners=pages["page_obj"].object_list),
            **pages,
            years=range(this_year, this_year - 5, -1),
            **kwargs,
        )


my_work_view = dashboard_view(MyWorkView)
log_interaction_view = dashboard_view(LogInteractionView)
complete_follow_up_view = dashboard_view(CompleteFollowUpView)
partner_review_view = dashboard_view(PartnerReviewView)
benefits_table_view = dashboard_view(BenefitsTableView)

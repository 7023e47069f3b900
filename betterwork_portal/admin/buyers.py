"""Admin for buyers and their contacts, with the Decide partnership page."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django_countries.filters import CountryFilter

from betterwork_portal.admin.base import PortalModelAdmin
from betterwork_portal.admin.filters import EligibilityFilter, FocalPointFilter, PipelineFilter
from betterwork_portal.admin.forms import (
    BuyerAdminForm,
    ChecklistUpdateForm,
    PartnershipDecisionForm,
    renew_page_version,
)
from betterwork_portal.admin.history import ReadOnlyHistoryAdmin
from betterwork_portal.admin.imports import PeopleExportMixin, PortalImportExportMixin
from betterwork_portal.admin.inlines import (
    CommitmentRecordInline,
    ContactInline,
    PartnershipDecisionInline,
)
from betterwork_portal.admin.resources import BuyerResource, ContactResource
from betterwork_portal.service_errors import add_service_errors
from buyers.models import (
    Buyer,
    Contact,
)
from buyers.selectors import buyer_sourcing_summary
from buyers.services import STALE, count_buyer_change, lock_buyer
from partnerships.models import CommitmentRecord
from partnerships.selectors import (
    buyers_with_eligibility,
)
from partnerships.selectors.standing import standing_of
from partnerships.services import (
    DECIDE_PERMISSION,
    decide_partnership,
    decision_outcomes_for,
    record_checklist_line,
    record_commitment_states,
)


@admin.register(Buyer)
class BuyerAdmin(PeopleExportMixin, PortalImportExportMixin, ReadOnlyHistoryAdmin):
    resource_classes = [BuyerResource]
    form = BuyerAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    # Who owns the relationship and since when before where it is based:
    # the last columns are the first to go off a 1280 px screen.
    list_display = (
        "name",
        "tier",
        "status",
        "eligibility",
        "checklist_completion",
        "partner_since",
        "focal_point",
        "headquarters",
    )
    list_filter = (
        "tier",
        "status",
        EligibilityFilter,
        PipelineFilter,
        ("headquarters_country", CountryFilter),
        ("focal_point", FocalPointFilter),
    )
    search_fields = ("name", "website_domain")
    list_select_related = ("focal_point",)
    autocomplete_fields = ("focal_point",)
    readonly_fields = ("name_key", "website_domain", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "headquarters_country", "website", "status", "joined_on", "focal_point")}),
        (
            "Partnership",
            {
                "description": (
                    "Tier and partner-since date: every buyer starts as a participant, and only a "
                    "partnership decision changes them, so that every change of tier is on record. To enter a buyer "
                    "that is already a partner under an agreement made outside the portal: save it here, "
                    "record its checklist, then approve it on its Decide partnership page with the "
                    "agreement as the rationale."
                ),
                "fields": ("tier", "partner_since", "public_listing_consent"),
            },
        ),
        ("Notes", {"fields": ("notes", "page_version")}),
        (
            "Record",
            {"classes": ("collapse",), "fields": ("name_key", "website_domain", "created_at", "updated_at")},
        ),
    )
    # The checklist before the sourcing: it is what decides partnership,
    # and a buyer's sourcing can run to dozens of rows.
    # The sourcing is a summary after them (buyer_sourcing_summary, read in
    # changeform_view; the template's after_related_objects block): as an
    # inline, a partner's 25 to 40 rows were most of the page's time.
    inlines = (ContactInline, CommitmentRecordInline, PartnershipDecisionInline)
    actions = ("evaluate_eligibility",)

    def get_queryset(self, request):
        return buyers_with_eligibility(super().get_queryset(request))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Saving a change reads the buyer under its row lock (get_object),
        # so that BuyerAdminForm's version check and the save are one step.
        request.lock_buyer = request.method == "POST" and object_id is not None
        if object_id is not None and request.method == "GET" and str(object_id).isdigit():
            extra_context = {
                **(extra_context or {}),
                "standing": self._standing(int(object_id)),
                "sourcing": buyer_sourcing_summary(buyer_id=int(object_id)),
            }
        return super().changeform_view(request, object_id, form_url, extra_context)

    @staticmethod
    def _standing(buyer_id):
        """Where the buyer stands, for the first line of its page: the same
        words as its file on the dashboard."""
        buyer = Buyer.objects.filter(pk=buyer_id).first()
        return standing_of(buyer=buyer) if buyer is not None else None

    def get_object(self, request, object_id, from_field=None):
        buyer = super().get_object(request, object_id, from_field)
        if buyer is not None and getattr(request, "lock_buyer", False):
            return lock_buyer(buyer_id=buyer.pk)
        return buyer

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            count_buyer_change(buyer=obj)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/decide/",
                self.admin_site.admin_view(self.decide_partnership_view),
                name="buyers_buyer_decide",
            ),
            *super().get_urls(),
        ]

    def decide_partnership_view(self, request, object_id):
        """Show the checklist, the verdict with its reasons and the decision
        history, and take a decision or a checklist update.

        Mirrors ``UserAdmin.user_change_password``: a plain admin view with
        its own permission checks; the rules are the partnerships services'.
        """
        # get_object treats a malformed id like a missing one: a 404, not a 500.
        buyer = self.get_object(request, unquote(object_id))
        if buyer is None:
            raise Http404(f"No buyer with id “{object_id}”.")
        if not self.has_view_or_change_permission(request, buyer):
            raise PermissionDenied
        can_decide = request.user.has_perm(DECIDE_PERMISSION)
        can_change_checklist = request.user.has_perm("partnerships.change_commitmentrecord")
        read = standing_of(buyer=buyer)
        verdict = read.verdict
        outcomes = decision_outcomes_for(buyer=buyer, eligible=verdict.eligible)
        decision_form = PartnershipDecisionForm(outcomes=outcomes, tier=buyer.tier)
        checklist_form = ChecklistUpdateForm(buyer=buyer)

        if request.method == "POST":
            action = request.POST.get("action")
            if action == "decide":
                if not can_decide:
                    raise PermissionDenied
                decision_form = PartnershipDecisionForm(request.POST, outcomes=outcomes, tier=buyer.tier)
                if decision_form.is_valid() and self._decide(request, buyer, decision_form):
                    return HttpResponseRedirect(request.path)
            elif action == "checklist":
                if not can_change_checklist:
                    raise PermissionDenied
                checklist_form = ChecklistUpdateForm(request.POST, buyer=buyer)
                if checklist_form.is_valid() and self._update_checklist(request, buyer, checklist_form):
                    return HttpResponseRedirect(request.path)

        context = {
            **self.admin_site.each_context(request),
            "title": f"Decide partnership: {buyer.name}",
            "opts": self.opts,
            "buyer": buyer,
            "verdict": verdict,
            "flags": read.flags,
            "standing": read.standing,
            "decisions": buyer.partnership_decisions.select_related("decided_by"),
            "decision_form": decision_form,
            "checklist_form": checklist_form,
            "can_decide": can_decide,
            "can_change_checklist": can_change_checklist,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/buyers/buyer/decide_partnership.html", context)

    def _decide(self, request, buyer, form) -> bool:
        try:
            decision = decide_partnership(
                buyer=buyer,
                outcome=form.cleaned_data["outcome"],
                rationale=form.cleaned_data["rationale"],
                decided_by=request.user,
                expected_tier=form.cleaned_data["expected_tier"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return False
        self.message_user(
            request,
            f"{decision.get_outcome_display()}: {buyer.name} is now a {decision.get_to_tier_display().lower()}.",
            messages.SUCCESS,
        )
        return True

    def _update_checklist(self, request, buyer, form) -> bool:
        try:
            changed = record_commitment_states(
                buyer=buyer,
                commitments=form.cleaned_data["commitments"],
                state=form.cleaned_data["state"],
                evidence=form.cleaned_data["evidence"],
                source=form.cleaned_data["source"],
                review_by=form.cleaned_data["review_by"],
                changed_by=request.user,
                page_version=form.cleaned_data["page_version"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            if error.code == STALE:
                renew_page_version(form, buyer=Buyer.objects.get(pk=buyer.pk))
            return False
        state = CommitmentRecord.State(form.cleaned_data["state"]).label.lower()
        self.message_user(request, f"{len(changed)} checklist lines set to {state}.", messages.SUCCESS)
        return True

    @admin.display(description="eligible", boolean=True, ordering="is_eligible")
    def eligibility(self, buyer):
        return buyer.is_eligible

    @admin.display(description="headquarters", ordering="headquarters_country")
    def headquarters(self, buyer):
        # The country's name, looked up: the admin's own display of a
        # CountryField rebuilt django-countries' 250 choices twice per row,
        # over half of the list's time (issue 14).
        return buyer.headquarters_country.name

    @admin.display(description="checklist", ordering="completion")
    def checklist_completion(self, buyer):
        return f"{buyer.required_done}/{buyer.required_total} ({buyer.completion}%)"

    @admin.action(description="Evaluate eligibility of the selected buyers")
    def evaluate_eligibility(self, request, queryset):
        buyers = list(queryset)  # annotated by get_queryset
        eligible = [b.name for b in buyers if b.is_eligible]
        not_eligible = [f"{b.name} ({b.required_done}/{b.required_total})" for b in buyers if not b.is_eligible]
        summary = f"{len(eligible)} of {len(buyers)} selected buyers are eligible for partnership."
        if eligible:
            summary += f" Eligible: {', '.join(eligible)}."
        if not_eligible:
            summary += f" Not eligible (required commitments done): {', '.join(not_eligible)}."
        self.message_user(request, summary, messages.INFO)

    def get_readonly_fields(self, request, obj=None):
        # Never typed in: a new buyer is a participant, and only a
        # partnership decision (eligibility checked, decide permission
        # needed) makes it a partner.
        return (*super().get_readonly_fields(request, obj), "tier", "partner_since")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            # Nothing is on record yet for a buyer being added.
            return [(name, options) for name, options in fieldsets if name != "Record"]
        return fieldsets

    def get_inlines(self, request, obj):
        if obj is None:
            return [inline for inline in self.inlines if inline is not PartnershipDecisionInline]
        return self.inlines

    def save_formset(self, request, form, formset, change):
        if formset.model is not CommitmentRecord:
            return super().save_formset(request, form, formset, change)
        # Checklist lines change through the service that owns them, which
        # records who changed each line and when.
        for record in formset.save(commit=False):
            record.buyer = form.instance
            record_checklist_line(line=record, changed_by=request.user)


@admin.register(Contact)
class ContactAdmin(PeopleExportMixin, PortalImportExportMixin, PortalModelAdmin):
    resource_classes = [ContactResource]
    list_display = (
        "name",
        "buyer",
        "email",
        "job_title",
        "is_advisory_committee_representative",
        "is_better_work_liaison",
    )
    list_filter = ("is_advisory_committee_representative", "is_better_work_liaison")
    search_fields = ("name", "email", "buyer__name")
    list_select_related = ("buyer",)
    autocomplete_fields = ("buyer",)

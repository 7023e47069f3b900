"""Admin for signup requests and their review."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode

from betterwork_portal.admin.forms import SignupDuplicateForm, SignupRejectionForm
from betterwork_portal.admin.history import ReadOnlyHistoryAdmin
from buyers.models import (
    SignupRequest,
)
from buyers.selectors import match_listed_factories
from partnerships.models import Commitment
from partnerships.services import (
    accept_signup_request,
    mark_signup_duplicate,
    reject_signup_request,
)


@admin.register(SignupRequest)
class SignupRequestAdmin(ReadOnlyHistoryAdmin):
    """What the public signup form received, and its review.

    Staff accept a request, mark it a duplicate of a buyer already known, or
    reject it with a reason, each through its service in
    ``buyers.services``; the buyer reads the outcome on the status page.
    Possible duplicates are flagged for staff, never merged (product.md).
    """

    class PossibleDuplicateFilter(admin.SimpleListFilter):
        title = "possible duplicate"
        parameter_name = "possible_duplicate"

        def lookups(self, request, model_admin):
            return (("yes", "Yes"), ("no", "No"))

        def queryset(self, request, queryset):
            flagged = Q(possible_duplicate_of__isnull=False) | Q(possible_duplicate_of_request__isnull=False)
            if self.value() == "yes":
                return queryset.filter(flagged)
            if self.value() == "no":
                return queryset.exclude(flagged)
            return queryset

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = (
        "reference",
        "organisation_name",
        "requested_scheme",
        "status",
        "possible_duplicate",
        "possible_duplicate_label",
        "submitted_at",
    )
    list_filter = ("status", "requested_scheme", PossibleDuplicateFilter)
    search_fields = ("reference", "organisation_name", "contact_email")
    list_select_related = ("possible_duplicate_of", "possible_duplicate_of_request")
    ordering = ("-submitted_at",)
    autocomplete_fields = ("buyer", "possible_duplicate_of")
    readonly_fields = (
        "affirmed_commitments_list",
        "factories_list",
        "possible_duplicate_of_request",
        "decided_at",
        "decided_by",
    )
    fieldsets = (
        (None, {"fields": ("reference", "submitted_at", "requested_scheme")}),
        ("Organisation", {"fields": ("organisation_name", "headquarters_country", "website")}),
        ("Contact", {"fields": ("contact_name", "contact_email", "contact_job_title", "contact_phone")}),
        (
            "As submitted",
            {
                "fields": (
                    "affirmed_commitments_list",
                    "factories_list",
                    "data_use_consent",
                    "public_listing_consent",
                )
            },
        ),
        (
            "Review",
            {
                "description": (
                    "Accept, mark duplicate or reject with the buttons at the top of the page or the actions of "
                    "the list: each keeps the buyer's status page up to date."
                ),
                "fields": (
                    "status",
                    "possible_duplicate_of",
                    "possible_duplicate_of_request",
                    "buyer",
                    "rejection_reason",
                    "decided_at",
                    "decided_by",
                ),
            },
        ),
    )
    actions = ("accept_selected", "mark_selected_duplicate", "reject_selected")
    # What the public form received: read-only once the request exists.
    submitted_fields = (
        "reference",
        "submitted_at",
        "requested_scheme",
        "organisation_name",
        "headquarters_country",
        "website",
        "contact_name",
        "contact_email",
        "contact_job_title",
        "contact_phone",
        "data_use_consent",
        "public_listing_consent",
    )

    def get_readonly_fields(self, request, obj=None):
        readonly_fields = super().get_readonly_fields(request, obj)
        if obj is None:
            return readonly_fields
        # A request is kept as the buyer submitted it, and its outcome is
        # set only by the accept, duplicate and reject services, so the
        # status page and the buyer records always agree.
        return (*readonly_fields, *self.submitted_fields, "status", "buyer", "rejection_reason")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            return fieldsets
        # A request entered by hand (say, from a call) gives the raw lists.
        as_entered = {"affirmed_commitments_list": "affirmed_commitments", "factories_list": "factories"}
        return [
            (name, {**options, "fields": tuple(as_entered.get(f, f) for f in options["fields"])})
            for name, options in fieldsets
        ]

    def get_urls(self):
        return [
            path("accept/", self.admin_site.admin_view(self.accept_view), name="buyers_signuprequest_accept"),
            path(
                "mark-duplicate/",
                self.admin_site.admin_view(self.mark_duplicate_view),
                name="buyers_signuprequest_mark_duplicate",
            ),
            path("reject/", self.admin_site.admin_view(self.reject_view), name="buyers_signuprequest_reject"),
            *super().get_urls(),
        ]

    # Columns and read-only fields.

    @admin.display(description="possible duplicate", boolean=True)
    def possible_duplicate(self, signup_request):
        return bool(signup_request.possible_duplicate_of_id or signup_request.possible_duplicate_of_request_id)

    @admin.display(description="possibly the same as")
    def possible_duplicate_label(self, signup_request):
        labels = []
        if signup_request.possible_duplicate_of_id:
            labels.append(f"buyer {signup_request.possible_duplicate_of.name}")
        if signup_request.possible_duplicate_of_request_id:
            labels.append(f"request {signup_request.possible_duplicate_of_request.reference}")
        return "; ".join(labels) or "–"

    @admin.display(description="affirmed commitments")
    def affirmed_commitments_list(self, signup_request):
        codes = list(signup_request.affirmed_commitments or [])
        if not codes:
            return "None"
        titles = dict(Commitment.objects.filter(code__in=[str(c) for c in codes]).values_list("code", "title"))
        return format_html(
            "<ul class='signup-list' style='margin:0;padding-left:1.2em'>{}</ul>",
            format_html_join(
                "", "<li style='list-style:disc'>{}</li>", ((titles.get(str(code), code),) for code in codes)
            ),
        )

    @admin.display(description="supplier factories listed")
    def factories_list(self, signup_request):
        listed = match_listed_factories(factories=signup_request.factories or [])
        if not listed:
            return "None"
        in_programme = sum(1 for entry in listed if entry.in_programme)
        rows = format_html_join(
            "",
            "<li style='list-style:disc'>{} ({}{}){}</li>",
            (
                (
                    entry.name,
                    entry.country_programme_name,
                    f", OS ID {entry.os_id}" if entry.os_id else "",
                    format_html(
                        ": <a href='{}'>in the programme</a>",
                        reverse("admin:buyers_factory_change", args=[entry.factory.pk]),
                    )
                    if entry.in_programme
                    else ": not matched",
                )
                for entry in listed
            ),
        )
        return format_html(
            "<p>{} of {} already in the programme.</p>"
            "<ul class='signup-list' style='margin:0;padding-left:1.2em'>{}</ul>",
            in_programme,
            len(listed),
            rows,
        )

    # The review pages, reached from the actions and the change page.

    def _selected(self, request):
        """Return the requests named by ``?ids=`` (or the posted ids)."""
        raw = request.POST.get("ids") if request.method == "POST" else request.GET.get("ids")
        ids = [int(part) for part in (raw or "").split(",") if part.strip().isdigit()]
        return list(
            SignupRequest.objects.filter(pk__in=ids)
            .select_related("possible_duplicate_of", "possible_duplicate_of_request", "buyer")
            .order_by("submitted_at", "pk")
        )

    def _review_page(self, request, *, title, signup_requests, action, form=None, intro="", button):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "signup_requests": signup_requests,
            "ids": ",".join(str(s.pk) for s in signup_requests),
            "form": form,
            "media": self.media + (form.media if form is not None else forms.Media()),
            "intro": intro,
            "action": action,
            "button": button,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/buyers/signuprequest/review.html", context)

    def _after_review(self, signup_requests):
        if len(signup_requests) == 1:
            return HttpResponseRedirect(reverse("admin:buyers_signuprequest_change", args=[signup_requests[0].pk]))
        return HttpResponseRedirect(reverse("admin:buyers_signuprequest_changelist"))

    def _review_or_nothing(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        signup_requests = self._selected(request)
        if not signup_requests:
            self.message_user(request, "Select the signup requests to review first.", messages.WARNING)
            return signup_requests, HttpResponseRedirect(reverse("admin:buyers_signuprequest_changelist"))
        return signup_requests, None

    def accept_view(self, request):
        """Show what accepting creates, then accept on confirmation."""
        signup_requests, nothing = self._review_or_nothing(request)
        if nothing:
            return nothing
        if request.method == "POST":
            self._accept(request, signup_requests)
            return self._after_review(signup_requests)
        return self._review_page(
            request,
            title="Accept signup requests" if len(signup_requests) > 1 else "Accept signup request",
            signup_requests=signup_requests,
            action="accept",
            intro=(
                "Accepting creates each buyer as a participant, with its contact, the commitments it affirmed "
                "(source: signup form) and sourcing from the listed factories the programme knows. Partnership "
                "is decided later, on the buyer's Decide partnership page."
            ),
            button="Yes, accept",
        )

    def mark_duplicate_view(self, request):
        """Pick the existing buyer the requests duplicate."""
        signup_requests, nothing = self._review_or_nothing(request)
        if nothing:
            return nothing
        suggested = next((s.possible_duplicate_of for s in signup_requests if s.possible_duplicate_of), None)
        form = SignupDuplicateForm(
            request.POST if request.method == "POST" else None,
            initial={"buyer": suggested},
            admin_site=self.admin_site,
        )
        if request.method == "POST" and form.is_valid():
            buyer = form.cleaned_data["buyer"]
            done = self._decide_each(
                request,
                signup_requests,
                lambda s: mark_signup_duplicate(signup_request=s, buyer=buyer, decided_by=request.user),
            )
            if done:
                self.message_user(
                    request, f"Marked as duplicate of {buyer.name}: {', '.join(done)}.", messages.SUCCESS
                )
            return self._after_review(signup_requests)
        return self._review_page(
            request,
            title="Mark as duplicate of an existing buyer",
            signup_requests=signup_requests,
            action="mark-duplicate",
            form=form,
            intro="The request is linked to the buyer and closed; nothing is created or merged.",
            button="Mark as duplicate",
        )

    def reject_view(self, request):
        """Ask for the reason, then reject."""
        signup_requests, nothing = self._review_or_nothing(request)
        if nothing:
            return nothing
        form = SignupRejectionForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            reason = form.cleaned_data["rejection_reason"]
            done = self._decide_each(
                request,
                signup_requests,
                lambda s: reject_signup_request(signup_request=s, reason=reason, decided_by=request.user),
            )
            if done:
                self.message_user(request, f"Rejected: {', '.join(done)}.", messages.SUCCESS)
            return self._after_review(signup_requests)
        return self._review_page(
            request,
            title="Reject signup requests" if len(signup_requests) > 1 else "Reject signup request",
            signup_requests=signup_requests,
            action="reject",
            form=form,
            intro="The buyer reads the reason on the request's status page.",
            button="Reject",
        )

    def _decide_each(self, request, signup_requests, decide) -> list[str]:
        """Apply *decide* to each request on its own, so one refusal does
        not undo the others; report each refusal. Return the references
        decided."""
        done = []
        for signup_request in signup_requests:
            try:
                decide(signup_request)
            except ValidationError as error:
                self._report_refusal(request, signup_request, error)
            else:
                done.append(signup_request.reference)
        return done

    def _report_refusal(self, request, signup_request, error):
        text = " ".join(error.messages)
        if signup_request.reference not in text:
            text = f"{signup_request.reference}: {text}"
        self.message_user(request, text, messages.ERROR)

    def _accept(self, request, signup_requests):
        for signup_request in signup_requests:
            try:
                accepted = accept_signup_request(signup_request=signup_request, accepted_by=request.user)
            except ValidationError as error:
                self._report_refusal(request, signup_request, error)
                continue
            self.message_user(
                request,
                format_html(
                    "{}: accepted. Created the participant <a href='{}'>{}</a> with its contact, {} affirmed "
                    "commitment(s) and {} sourcing link(s).",
                    accepted.signup_request.reference,
                    reverse("admin:buyers_buyer_change", args=[accepted.buyer.pk]),
                    accepted.buyer.name,
                    len(accepted.commitment_records),
                    len(accepted.sourcings),
                ),
                messages.SUCCESS,
            )
            if accepted.unmatched_factories:
                self.message_user(
                    request,
                    f"{accepted.signup_request.reference}: not matched to a programme factory, so not linked: "
                    + "; ".join(
                        f"{entry.name} ({entry.country_programme_name})" for entry in accepted.unmatched_factories
                    )
                    + ". Check them with the buyer.",
                    messages.WARNING,
                )

    # Actions on the list.

    def _to_review(self, name, queryset):
        ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True))
        return HttpResponseRedirect(f"{reverse(f'admin:buyers_signuprequest_{name}')}?{urlencode({'ids': ids})}")

    @admin.action(description="Accept the selected signup requests", permissions=["change"])
    def accept_selected(self, request, queryset):
        self._accept(request, list(queryset))

    @admin.action(description="Mark the selected signup requests as duplicate of a buyer…", permissions=["change"])
    def mark_selected_duplicate(self, request, queryset):
        return self._to_review("mark_duplicate", queryset)

    @admin.action(description="Reject the selected signup requests…", permissions=["change"])
    def reject_selected(self, request, queryset):
        return self._to_review("reject", queryset)

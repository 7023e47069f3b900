"""Admin for signup requests and their review."""

from django.contrib import admin
from django.db import models
from django.db.models import Q
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from betterwork_portal.admin.history import ReadOnlyHistoryAdmin
from betterwork_portal.admin.signup_review import SignupReviewMixin
from buyers.models import (
    SignupRequest,
)
from buyers.names import mixed_scripts
from buyers.selectors import match_listed_factories
from partnerships.models import Commitment


def _mixes(scripts) -> str:
    # A look-alike of a known name ("Oѕрrеу" in Cyrillic letters) mixes
    # scripts; staff check it before accepting.
    return f"name mixes {' and '.join(script.title() for script in scripts)} letters: check it is not a look-alike"


@admin.register(SignupRequest)
class SignupRequestAdmin(SignupReviewMixin, ReadOnlyHistoryAdmin):
    """What the public signup form received, and its review.

    Staff accept a request, mark it a duplicate of a buyer already known, or
    reject it with a reason, each through its service in
    ``partnerships/services/signups.py``; the buyer reads the outcome on the status page.
    Possible duplicates are flagged for staff, never merged.
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
    # The columns a reviewer needs first, so that they show at 1280 px;
    # "possibly the same as" says who, so no red ✘ says "not a duplicate".
    list_display = (
        "reference",
        "organisation_name",
        "possible_duplicate_label",
        "submitted_at",
        "requested_scheme",
        "status",
    )
    list_filter = ("status", "requested_scheme", PossibleDuplicateFilter)
    search_fields = ("reference", "organisation_name", "contact_email")
    list_select_related = ("possible_duplicate_of", "possible_duplicate_of_request")
    ordering = ("-submitted_at",)
    autocomplete_fields = ("buyer", "possible_duplicate_of")
    readonly_fields = (
        "name_check",
        "affirmed_commitments_list",
        "factories_list",
        "possible_duplicate_of_request",
        "decided_at",
        "decided_by",
    )
    fieldsets = (
        (None, {"fields": ("reference", "submitted_at", "requested_scheme")}),
        ("Organisation", {"fields": ("organisation_name", "name_check", "headquarters_country", "website")}),
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

    def has_add_permission(self, request):
        # Requests come from the public form, through submit_signup_request;
        # one typed in here would skip its checks and could be given an
        # outcome no service decided.
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Only the possible-duplicate link can be edited, and only while the
        # request waits; a decided request is read, not saved or deleted.
        obj = self.get_object(request, object_id)
        decided = obj is not None and obj.status != SignupRequest.Status.NEW
        extra_context = {
            **(extra_context or {}),
            "show_save_and_add_another": False,
            "show_save": not decided,
            "show_save_and_continue": not decided,
            "show_delete": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_readonly_fields(self, request, obj=None):
        readonly_fields = super().get_readonly_fields(request, obj)
        # A request is kept as the buyer submitted it, and its outcome is
        # set only by the accept, duplicate and reject services, so the
        # status page and the buyer records always agree.
        readonly_fields = (*readonly_fields, *self.submitted_fields, "status", "buyer", "rejection_reason")
        if obj is not None and obj.status != SignupRequest.Status.NEW:
            readonly_fields = (*readonly_fields, "possible_duplicate_of")
        return readonly_fields

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

    @admin.display(description="possibly the same as")
    def possible_duplicate_label(self, signup_request):
        labels = []
        if signup_request.possible_duplicate_of_id:
            labels.append(f"buyer {signup_request.possible_duplicate_of.name}")
        if signup_request.possible_duplicate_of_request_id:
            labels.append(f"request {signup_request.possible_duplicate_of_request.reference}")
        if scripts := mixed_scripts(signup_request.organisation_name):
            labels.append(_mixes(scripts))
        return "; ".join(labels) or "–"

    @admin.display(description="name check")
    def name_check(self, signup_request):
        scripts = mixed_scripts(signup_request.organisation_name)
        return _mixes(scripts) if scripts else "Written in one script."

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

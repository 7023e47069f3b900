"""Admin for data-entry staff: buyers, contacts, factories, sourcing,
assessments and signup requests.

The buyer page carries the buyer's contacts, sourcing, commitment checklist
and partnership decisions inline, so the partnership inlines live here too;
``partnerships.admin`` registers the partnership models themselves.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect, RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q, UniqueConstraint
from django.forms.models import InlineForeignKeyField
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django_countries.filters import CountryFilter

from betterwork_portal.admin import ReadOnlyHistoryAdmin
from buyers.forms import SignupDuplicateForm, SignupRejectionForm
from buyers.models import (
    Assessment,
    Buyer,
    Contact,
    CountryProgramme,
    Factory,
    FactoryAudit,
    SignupRequest,
    Sourcing,
)
from buyers.selectors import match_listed_factories
from buyers.services import accept_signup_request, mark_signup_duplicate, reject_signup_request
from partnerships.forms import ChecklistUpdateForm, PartnershipDecisionForm
from partnerships.models import Commitment, CommitmentRecord, PartnershipDecision
from partnerships.selectors import (
    buyer_eligibility,
    buyers_with_eligibility,
    monitoring_flags,
    participants_ready_to_graduate,
    partners_at_risk,
)
from partnerships.services import (
    DECIDE_PERMISSION,
    decide_partnership,
    decision_outcomes_for,
    record_commitment_states,
)

admin.site.site_header = "Better Work Buyer Relations"
admin.site.site_title = "Better Work Buyer Relations"
admin.site.index_title = "Buyers, factories and partnerships"


class RowAutocompleteSelect(AutocompleteSelect):
    """An autocomplete that labels its selected option from the inline row.

    ``AutocompleteSelect`` looks the selected object up again to label it,
    one query per inline row. The row's form sets ``row_object`` to the
    object the inline's queryset already joined, and no query is made.
    """

    row_object = None

    def optgroups(self, name, value, attr=None):
        row_object = self.row_object
        if row_object is None or [str(v) for v in value if v] != [str(row_object.pk)]:
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required:
            options.append(self.create_option(name, "", "", False, 0))
        label = self.choices.field.label_from_instance(row_object)
        options.append(self.create_option(name, row_object.pk, label, True, len(options)))
        return [(None, options, 0)]


class BuyerRowForm(forms.ModelForm):
    """A row of one of the buyer page's inlines."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            return
        for name, field in self.fields.items():
            # The admin wraps the widget to add the "+" and pencil links.
            widget = getattr(field.widget, "widget", field.widget)
            if isinstance(widget, RowAutocompleteSelect):
                widget.row_object = getattr(self.instance, name)

    def validate_unique(self):
        super().validate_unique()
        # ModelForm leaves the inline's own foreign key (the buyer) out of
        # the constraint checks, so "one open sourcing per buyer and factory"
        # and its kind would otherwise fail as an IntegrityError on save
        # instead of as an error on the row.
        parent_fields = {name for name, field in self.fields.items() if isinstance(field, InlineForeignKeyField)}
        exclude = self._get_validation_exclusions()
        for constraint in self._meta.model._meta.constraints:
            if isinstance(constraint, UniqueConstraint) and parent_fields & set(constraint.fields):
                try:
                    constraint.validate(self._meta.model, self.instance, exclude=exclude)
                except ValidationError as error:
                    self.add_error(None, error)


class BuyerRowInline(admin.TabularInline):
    """Base of the editable tabular inlines on the buyer page."""

    form = BuyerRowForm
    extra = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(getattr(formfield, "widget", None), RelatedFieldWidgetWrapper):
            # A row has little room: keep the link to view the related
            # object, and add, edit or delete it on its own page.
            formfield.widget.can_add_related = False
            formfield.widget.can_change_related = False
            formfield.widget.can_delete_related = False
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault("widget", RowAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using")))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ContactInline(BuyerRowInline):
    model = Contact
    formfield_overrides = {
        # Narrower than the admin's 20em, so the role columns fit beside.
        models.CharField: {"widget": forms.TextInput(attrs={"size": 14})},
        models.EmailField: {"widget": forms.EmailInput(attrs={"size": 22})},
    }
    fields = (
        "name",
        "email",
        "job_title",
        "phone",
        "is_advisory_committee_representative",
        "is_better_work_liaison",
    )

    def get_queryset(self, request):
        # Contact.__str__ names the buyer; the row title shows it.
        return super().get_queryset(request).select_related("buyer")


class SourcingInline(BuyerRowInline):
    model = Sourcing
    verbose_name_plural = "sourcing"
    fields = ("factory", "started_on", "ended_on", "end_reason")
    autocomplete_fields = ("factory",)

    def get_queryset(self, request):
        # The row title is Sourcing.__str__ (buyer, factory name); the
        # factory's label is Factory.__str__ (name, country programme).
        return super().get_queryset(request).select_related("buyer", "factory__country_programme")


class CommitmentRecordInline(BuyerRowInline):
    model = CommitmentRecord
    verbose_name = "commitment"
    verbose_name_plural = "commitment checklist"
    fields = ("commitment", "state", "source", "evidence", "review_by", "last_change")
    autocomplete_fields = ("commitment",)
    readonly_fields = ("last_change",)
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 24})}}
    # A line is set back to "Not yet" rather than deleted, so that its
    # history still reads on the buyer's file.
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("buyer", "commitment", "changed_by")

    @admin.display(description="last changed")
    def last_change(self, record):
        changed_on = date_format(timezone.localtime(record.changed_at), "SHORT_DATE_FORMAT")
        return changed_on if record.changed_by is None else f"{record.changed_by}, {changed_on}"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "commitment":
            # The catalogue is edited on its own page, not from a buyer's
            # checklist; without the links the long titles get the room.
            formfield.widget = formfield.widget.widget
        return formfield


class PartnershipDecisionInline(admin.TabularInline):
    """The buyer's tier decisions, read-only: the record is append-only."""

    model = PartnershipDecision
    fields = ("decided_at", "outcome", "from_tier", "to_tier", "rationale", "decided_by")
    readonly_fields = fields
    can_delete = False
    max_num = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("buyer", "decided_by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class BuyerAdminForm(forms.ModelForm):
    def validate_unique(self):
        super().validate_unique()
        # name_key is derived from the name in Buyer.clean() and is not on
        # the form, so ModelForm skips the unique constraint on it. Check it
        # here and report a clash on the name, where it was typed.
        for constraint in Buyer._meta.constraints:
            if isinstance(constraint, UniqueConstraint) and "name_key" in constraint.fields:
                try:
                    constraint.validate(Buyer, self.instance)
                except ValidationError as error:
                    self.add_error("name", error)


class EligibilityFilter(admin.SimpleListFilter):
    title = "eligibility for partnership"
    parameter_name = "eligible"

    def lookups(self, request, model_admin):
        return (("yes", "Eligible"), ("no", "Not eligible"))

    def queryset(self, request, queryset):
        # get_queryset has annotated is_eligible already.
        if self.value() in ("yes", "no"):
            return queryset.filter(is_eligible=self.value() == "yes")
        return queryset


class PipelineFilter(admin.SimpleListFilter):
    """The graduation pipeline, from the partnerships selectors."""

    title = "pipeline"
    parameter_name = "pipeline"

    def lookups(self, request, model_admin):
        return (("ready", "Ready to graduate"), ("at_risk", "Partners at risk"))

    def queryset(self, request, queryset):
        if self.value() == "ready":
            return participants_ready_to_graduate(queryset)
        if self.value() == "at_risk":
            return queryset.filter(pk__in=[entry.buyer.pk for entry in partners_at_risk()])
        return queryset


@admin.register(Buyer)
class BuyerAdmin(ReadOnlyHistoryAdmin):
    form = BuyerAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = (
        "name",
        "tier",
        "status",
        "eligibility",
        "checklist_completion",
        "headquarters_country",
        "partner_since",
        "focal_point",
    )
    list_filter = (
        "tier",
        "status",
        EligibilityFilter,
        PipelineFilter,
        ("headquarters_country", CountryFilter),
        ("focal_point", admin.RelatedOnlyFieldListFilter),
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
                    "Tier and partner-since date are entered with a new buyer. After that only a "
                    "partnership decision changes them, so that every change of tier is on record."
                ),
                "fields": ("tier", "partner_since", "public_listing_consent"),
            },
        ),
        ("Notes", {"fields": ("notes",)}),
        (
            "Record",
            {"classes": ("collapse",), "fields": ("name_key", "website_domain", "created_at", "updated_at")},
        ),
    )
    inlines = (ContactInline, SourcingInline, CommitmentRecordInline, PartnershipDecisionInline)
    actions = ("evaluate_eligibility",)

    def get_queryset(self, request):
        return buyers_with_eligibility(super().get_queryset(request))

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
        verdict = buyer_eligibility(buyer=buyer)
        outcomes = decision_outcomes_for(buyer=buyer, eligible=verdict.eligible)
        decision_form = PartnershipDecisionForm(outcomes=outcomes, tier=buyer.tier)
        checklist_form = ChecklistUpdateForm()

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
                checklist_form = ChecklistUpdateForm(request.POST)
                if checklist_form.is_valid() and self._update_checklist(request, buyer, checklist_form):
                    return HttpResponseRedirect(request.path)

        context = {
            **self.admin_site.each_context(request),
            "title": f"Decide partnership: {buyer.name}",
            "opts": self.opts,
            "buyer": buyer,
            "verdict": verdict,
            "completion": round(100 * verdict.required_done / verdict.required_total)
            if verdict.required_total
            else 100,
            "flags": monitoring_flags(buyers=Buyer.objects.filter(pk=buyer.pk)),
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
            # A dict of errors lands next to its fields, a list above the form.
            form.add_error(None, error)
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
            )
        except ValidationError as error:
            form.add_error(None, error)
            return False
        state = CommitmentRecord.State(form.cleaned_data["state"]).label.lower()
        self.message_user(request, f"{len(changed)} checklist lines set to {state}.", messages.SUCCESS)
        return True

    @admin.display(description="eligible", boolean=True, ordering="is_eligible")
    def eligibility(self, buyer):
        return buyer.is_eligible

    @admin.display(description="checklist", ordering="completion")
    def checklist_completion(self, buyer):
        return f"{buyer.required_done}/{buyer.required_total}"

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
        readonly_fields = super().get_readonly_fields(request, obj)
        if obj is None:
            return readonly_fields
        return (*readonly_fields, "tier", "partner_since")

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
            record_commitment_states(
                buyer=form.instance,
                commitments=[record.commitment],
                state=record.state,
                evidence=record.evidence,
                source=record.source,
                review_by=record.review_by,
                changed_by=request.user,
            )


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
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


@admin.register(CountryProgramme)
class CountryProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "country", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)


@admin.register(Factory)
class FactoryAdmin(admin.ModelAdmin):
    list_display = ("name", "country_programme", "city", "sector", "workers", "os_id")
    list_filter = ("country_programme", "sector")
    search_fields = ("name", "os_id", "city")
    list_select_related = ("country_programme",)
    autocomplete_fields = ("country_programme",)


@admin.register(Sourcing)
class SourcingAdmin(ReadOnlyHistoryAdmin):
    list_display = ("buyer", "factory", "started_on", "ended_on", "end_reason")
    list_filter = ("end_reason", "factory__country_programme")
    search_fields = ("buyer__name", "factory__name", "factory__os_id")
    # The factory column is Factory.__str__, which names its programme.
    list_select_related = ("buyer", "factory", "factory__country_programme")
    autocomplete_fields = ("buyer", "factory")


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("factory", "cycle", "assessed_on", "overall_rate")
    list_filter = ("factory__country_programme",)
    search_fields = ("factory__name", "factory__os_id")
    list_select_related = ("factory", "factory__country_programme")
    autocomplete_fields = ("factory",)
    readonly_fields = ("overall_rate",)
    fieldsets = (
        (None, {"fields": ("factory", "cycle", "assessed_on")}),
        (
            "Core labour standards",
            {
                "description": "Non-compliance rate in each cluster, in per cent.",
                "fields": ("child_labour", "discrimination", "forced_labour", "freedom_of_association"),
            },
        ),
        (
            "Working conditions",
            {
                "description": "Non-compliance rate in each cluster, in per cent.",
                "fields": (
                    "compensation",
                    "contracts_and_human_resources",
                    "occupational_safety_and_health",
                    "working_time",
                ),
            },
        ),
        ("Overall", {"fields": ("overall_rate",)}),
    )


@admin.register(FactoryAudit)
class FactoryAuditAdmin(ReadOnlyHistoryAdmin):
    list_display = ("buyer", "factory", "audited_on", "auditor", "recorded_by", "recorded_at")
    list_filter = ("factory__country_programme",)
    search_fields = ("buyer__name", "factory__name", "factory__os_id", "auditor")
    list_select_related = ("buyer", "factory", "factory__country_programme", "recorded_by")
    autocomplete_fields = ("buyer", "factory")
    readonly_fields = ("recorded_by", "recorded_at")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


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

"""The inlines of the admin's buyer page: contacts, sourcing, the
commitment checklist and the partnership decisions."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst

from betterwork_portal.admin.base import PortalAdminMixin
from betterwork_portal.admin.forms import BuyerRowForm, ChecklistLineForm
from betterwork_portal.admin.widgets import RowAutocompleteSelect
from buyers.models import (
    Contact,
)
from partnerships.models import CommitmentRecord, PartnershipDecision


class LabelledRowsFormSet(BaseInlineFormSet):
    """Each row's delete box says what it does, for screen readers: in a
    table it has only the column's heading (axe "label")."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["aria-label"] = "Delete this row"


class BuyerRowInline(PortalAdminMixin, admin.TabularInline):
    """Base of the editable tabular inlines on the buyer page."""

    form = BuyerRowForm
    formset = LabelledRowsFormSet
    extra = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(formfield, "widget", None)
        if isinstance(widget, RelatedFieldWidgetWrapper):
            # A row has little room: keep the link to view the related
            # object, and add, edit or delete it on its own page.
            widget.can_add_related = False
            widget.can_change_related = False
            widget.can_delete_related = False
            widget = widget.widget
        if widget is not None:
            # A tabular row's inputs have their column's heading, not a
            # label of their own: name each for screen readers (axe "label").
            widget.attrs.setdefault("aria-label", capfirst(db_field.verbose_name))
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


class CommitmentRecordInline(BuyerRowInline):
    model = CommitmentRecord
    form = ChecklistLineForm
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

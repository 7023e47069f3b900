"""Forms of the admin's own pages and inline rows. They check the input's
shape; the rules are the services', whose errors the views map back next
to their fields."""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db.models import UniqueConstraint
from django.forms.models import InlineForeignKeyField

from betterwork_portal.admin.widgets import FixedObject, RowAutocompleteSelect
from buyers.models import (
    Buyer,
    SignupRequest,
)
from buyers.services import check_buyer_version, lock_buyer, page_version
from partnerships.models import Commitment, CommitmentRecord, PartnershipDecision
from partnerships.selectors import (
    active_commitments,
    buyer_changes_since,
)
from partnerships.services import check_recordable


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


class ChecklistLineForm(BuyerRowForm):
    """A checklist line, on the buyer page's inline or its own page.

    Once a line exists its commitment is fixed: changing it would leave the
    old line as it was and start a second one. A retired commitment is
    refused beside the field, as the service would refuse it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and "commitment" in self.fields:
            self.fields["commitment"].disabled = True
            # Said in words, not drawn as a chooser that cannot be used.
            fixed = FixedObject(attrs=self.fields["commitment"].widget.attrs)
            fixed.label = str(self.instance.commitment)
            self.fields["commitment"].widget = fixed

    def clean(self):
        cleaned_data = super().clean()
        commitment = cleaned_data.get("commitment", getattr(self.instance, "commitment", None))
        if commitment is not None and self.has_changed():
            try:
                check_recordable([commitment])
            except ValidationError as error:
                self.add_error("commitment" if "commitment" in self.fields else None, error)
        return cleaned_data


class PageVersionField(forms.CharField):
    """The hidden token of the buyer as the page showed it
    (``buyers.services.page_version``)."""

    def __init__(self, **kwargs):
        super().__init__(required=False, widget=forms.HiddenInput, **kwargs)


def refuse_stale_page(form, *, buyer, token, field="page_version") -> bool:
    """Add the stale-page error to *form* if *buyer* (read under its row
    lock) was saved since the page that sent *token* was drawn, and hand
    the page the current version, so that saving again after a look at
    the changes goes through. Return whether it was stale."""
    try:
        check_buyer_version(buyer=buyer, token=token, changes_since=buyer_changes_since)
    except ValidationError as error:
        form.add_error(None, error)
        renew_page_version(form, buyer=buyer, field=field)
        return True
    return False


def renew_page_version(form, *, buyer, field="page_version") -> None:
    """Hand a refused page the buyer's current version: what was typed is
    kept, and the next sending is judged against the buyer as it is now."""
    form.data = form.data.copy()
    form.data[form.add_prefix(field)] = page_version(buyer=buyer)


class ChecklistRecordPageForm(ChecklistLineForm):
    """A checklist line on its own page: it carries the version of its buyer
    as the page showed it, so that it cannot overwrite a change saved
    meanwhile (the service checks it under the buyer's row lock)."""

    page_version = PageVersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["page_version"].initial = page_version(buyer=self.instance.buyer)

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is not None:
            # The admin saves inside one transaction: the lock holds until
            # the line is written.
            buyer = lock_buyer(buyer_id=self.instance.buyer_id)
            refuse_stale_page(self, buyer=buyer, token=self.data.get(self.add_prefix("page_version")))
        return cleaned_data


class BuyerAdminForm(forms.ModelForm):
    """The buyer page. On a change it carries the version of the buyer the
    page showed, checked when it is saved (``BuyerAdmin.get_object`` locks
    the row first), so no save overwrites another unseen."""

    page_version = PageVersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["page_version"].initial = page_version(buyer=self.instance)

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is not None:
            refuse_stale_page(self, buyer=self.instance, token=self.data.get(self.add_prefix("page_version")))
        return cleaned_data

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


class PartnershipDecisionForm(forms.Form):
    """The decision on one buyer, offering only the outcomes that apply."""

    outcome = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="Decision",
        error_messages={
            "invalid_choice": "That decision does not apply to this buyer now: choose one of those offered.",
            "required": "Choose a decision.",
        },
    )
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text="Why: kept with the decision and the checklist as it stands now.",
    )
    expected_tier = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, outcomes, tier, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(PartnershipDecision.Outcome.choices)
        self.fields["outcome"].choices = [(outcome, labels[outcome]) for outcome in outcomes]
        self.fields["expected_tier"].initial = tier


class ChecklistUpdateForm(forms.Form):
    """Set several commitments of one buyer to one state, with one note."""

    commitments = forms.ModelMultipleChoiceField(
        queryset=Commitment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick the commitments this evidence covers.",
    )
    state = forms.ChoiceField(
        choices=CommitmentRecord.State.choices, initial=CommitmentRecord.State.AFFIRMED, label="New state"
    )
    source = forms.ChoiceField(choices=[("", "—"), *CommitmentRecord.Source.choices], required=False)
    evidence = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
        help_text="What was seen or said, and where, e.g. “Signed partnership letter of 3 March”.",
    )
    # Day/month/year like the admin's other dates, not the browser's own
    # date picker (which follows the browser's locale).
    review_by = forms.DateField(
        required=False,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "size": 10}),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text="When staff should look at these again, as dd/mm/yyyy.",
    )

    page_version = PageVersionField()

    def __init__(self, *args, buyer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commitments"].queryset = active_commitments()
        self.fields["commitments"].label_from_instance = _checklist_label
        self.fields["page_version"].initial = page_version(buyer=buyer)


def _checklist_label(commitment: Commitment) -> str:
    label = f"— {commitment.title}" if commitment.parent_id else commitment.title
    if commitment.level == Commitment.Level.ENCOURAGED:
        label += " (encouraged)"
    return label


class SignupDuplicateForm(forms.Form):
    """Pick the buyer the selected signup requests duplicate."""

    buyer = forms.ModelChoiceField(
        queryset=Buyer.objects.all(),
        label="Existing buyer",
        help_text="Search by name or website. The request is linked to this buyer; nothing is created or merged.",
        error_messages={"required": "Choose the buyer the request duplicates."},
    )

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        # The admin's own autocomplete, searching BuyerAdmin.search_fields.
        field = self.fields["buyer"]
        field.widget = AutocompleteSelect(SignupRequest._meta.get_field("buyer"), admin_site)
        field.widget.choices = field.choices


class SignupRejectionForm(forms.Form):
    """The reason for rejecting the selected signup requests."""

    rejection_reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        max_length=2000,
        help_text="The buyer reads it on the request's status page: write it for them, not for staff.",
        error_messages={"required": "Give the reason for rejecting the request; the buyer reads it."},
    )

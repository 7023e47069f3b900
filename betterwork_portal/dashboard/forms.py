"""The dashboard's few forms: logging an interaction from a buyer's file,
and recording a partner's yearly review. They check input beside each
field; the services in ``partnerships/services/relationship.py`` write."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from buyers.models import CountryProgramme, Factory
from partnerships.models import Benefit, Commitment, CommitmentRecord, Interaction
from partnerships.services import interaction_problems

# What citing an interaction does to the chosen checklist lines.
EVIDENCE_STATES = [
    (CommitmentRecord.State.VERIFIED, "Verified: this interaction is the evidence"),
    (CommitmentRecord.State.AFFIRMED, "Affirmed: the buyer said so here"),
    (CommitmentRecord.State.BREACHED, "Breached: this interaction shows it"),
]


class _StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()


class _StaffChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()


class InteractionForm(forms.Form):
    """An interaction with one buyer: its contacts and sourced factories are
    the choices, and a partner's form offers the partner benefits."""

    kind = forms.ChoiceField(choices=[("", "Choose…"), *Interaction.Kind.choices], label="What it was")
    occurred_on = forms.DateField(
        label="When", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), initial=timezone.localdate
    )
    summary = forms.CharField(
        label="Summary", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}), help_text="What was said or done."
    )
    visibility = forms.ChoiceField(
        choices=Interaction.Visibility.choices, initial=Interaction.Visibility.INTERNAL, widget=forms.RadioSelect
    )
    contacts = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple, label="The buyer's people who took part"
    )
    staff = _StaffChoices(queryset=None, required=False, label="Better Work staff who took part")
    country_programmes = forms.ModelMultipleChoiceField(
        queryset=CountryProgramme.objects.filter(is_active=True).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Country programmes discussed",
    )
    factories = forms.ModelMultipleChoiceField(
        queryset=None, required=False, label="Factories discussed", help_text="Those the buyer sources from now."
    )
    follow_up = forms.CharField(
        label="Follow-up", max_length=500, required=False, help_text="What is to be done next."
    )
    follow_up_due = forms.DateField(
        label="By when", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    follow_up_owner = _StaffChoice(queryset=None, required=False, label="Who owns it")
    benefits = forms.ModelMultipleChoiceField(
        queryset=Benefit.objects.filter(is_active=True).order_by("position"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Partner benefits it delivered",
        help_text="A quarterly call, a Buyers Forum session or a factory-level activity counts as its benefit "
        "by itself.",
    )
    evidence_for = forms.ModelMultipleChoiceField(
        queryset=Commitment.objects.filter(is_active=True).order_by("position"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Cite it as the evidence of these commitments",
    )
    evidence_state = forms.ChoiceField(
        choices=EVIDENCE_STATES,
        initial=CommitmentRecord.State.VERIFIED,
        required=False,
        label="What it shows",
    )

    def __init__(self, *args, buyer, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.buyer = buyer
        staff = get_user_model().objects.filter(is_staff=True, is_active=True).order_by("first_name", "username")
        self.fields["staff"].queryset = staff
        self.fields["follow_up_owner"].queryset = staff
        self.fields["follow_up_owner"].initial = user.pk
        self.fields["contacts"].queryset = buyer.contacts.order_by("name")
        self.fields["factories"].queryset = (
            Factory.objects.filter(sourcings__buyer=buyer, sourcings__ended_on__isnull=True)
            .distinct()
            .order_by("name")
        )
        if not buyer.is_active_partner:
            del self.fields["benefits"]
        if not user.has_perm("partnerships.change_commitmentrecord"):
            del self.fields["evidence_for"]
            del self.fields["evidence_state"]

    def clean(self):
        cleaned = super().clean()
        follow_up = cleaned.get("follow_up", "").strip()
        problems = interaction_problems(
            buyer=self.buyer,
            occurred_on=cleaned.get("occurred_on"),
            contacts=list(cleaned.get("contacts") or ()),
            follow_up=follow_up,
            follow_up_due=cleaned.get("follow_up_due"),
            # The owner is filled in for the user; without a follow-up it
            # is not one (the view passes none either).
            follow_up_owner=cleaned.get("follow_up_owner") if follow_up else None,
        )
        for field, message in problems.items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
        return cleaned


class PartnerReviewForm(forms.Form):
    note = forms.CharField(
        label="What the review looked at and concluded",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

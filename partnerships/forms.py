"""Forms of the partnerships app. They check the input's shape; the rules
are the services', whose errors the views map back next to their fields."""

from django import forms

from partnerships.models import Commitment, CommitmentRecord, PartnershipDecision
from partnerships.selectors import active_commitments


class PartnershipDecisionForm(forms.Form):
    """The decision on one buyer, offering only the outcomes that apply."""

    outcome = forms.ChoiceField(widget=forms.RadioSelect, label="Decision")
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
    review_by = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="When staff should look at these again.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commitments"].queryset = active_commitments()
        self.fields["commitments"].label_from_instance = _checklist_label


def _checklist_label(commitment: Commitment) -> str:
    label = f"— {commitment.title}" if commitment.parent_id else commitment.title
    if commitment.level == Commitment.Level.ENCOURAGED:
        label += " (encouraged)"
    return label

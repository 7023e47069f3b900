"""The signup form: the organisation, its contact, the scheme, the partner
commitments and the consents.

It checks the input's shape (lengths equal to the model's, one line of
text, a real email, website and country) and keeps bots out (a honeypot
field and a signed form token that also times the filling in). The partner
rule and the duplicate checks are the services'
(``partnerships/services/signups.py``); their errors are mapped back next
to their fields with ``apply_service_error``.
"""

from typing import NamedTuple

from crispy_forms.bootstrap import FormActions
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Field, Fieldset, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django_countries import countries

from betterwork_portal.public import constants
from betterwork_portal.public.tokens import new_form_token, read_form_token
from buyers.models import SignupRequest
from buyers.validators import validate_has_words, validate_name_key_fits, validate_one_line, validate_phone
from partnerships.models import Commitment
from partnerships.selectors import commitment_outline

# What a person is asked when a bot check fails: it says what to do without
# saying which check failed.
CHECK_AGAIN = "Please take a moment to check your answers and submit again."
FORM_EXPIRED = "This form was open for a long time. Please check your answers and submit again."


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def _country_choices():
    return [("", "Select a country"), *countries]


class MissingCommitment(NamedTuple):
    """A required commitment a partner applicant left unticked: its box's
    id (the summary links to it) and its label."""

    field_id: str
    label: str


class SignupForm(forms.Form):
    """The organisation, its contact, the scheme, the partner commitments
    and the consents. The factory list is ``ListedFactoryFormSet``, shown
    inside this form's layout."""

    organisation_name = forms.CharField(
        label="Organisation name",
        max_length=_max_length(SignupRequest, "organisation_name"),
        validators=[
            validate_one_line,
            validate_has_words("Enter your organisation’s name."),
            validate_name_key_fits,
        ],
        error_messages={"required": "Enter your organisation’s name."},
        help_text="The brand or retailer applying, as you write it.",
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    headquarters_country = forms.ChoiceField(
        label="Headquarters country",
        choices=_country_choices,
        error_messages={
            "required": "Choose the country of your headquarters.",
            "invalid_choice": "Choose the country of your headquarters from the list.",
        },
    )
    website = forms.URLField(
        label="Website",
        required=False,
        max_length=_max_length(SignupRequest, "website"),
        assume_scheme="https",
        error_messages={"invalid": "Enter the website address, e.g. https://www.example.com."},
        help_text="Optional, e.g. https://www.example.com",
        widget=forms.URLInput(attrs={"autocomplete": "url", "inputmode": "url"}),
    )
    contact_name = forms.CharField(
        label="Your name",
        max_length=_max_length(SignupRequest, "contact_name"),
        validators=[validate_one_line, validate_has_words("Enter your name.")],
        error_messages={"required": "Enter your name."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact_email = forms.EmailField(
        label="Work email",
        max_length=_max_length(SignupRequest, "contact_email"),
        error_messages={
            "required": "Enter your work email address.",
            "invalid": "Enter an email address like name@example.com.",
        },
        help_text="Your reference and status link are sent here.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    contact_job_title = forms.CharField(
        label="Job title",
        required=False,
        max_length=_max_length(SignupRequest, "contact_job_title"),
        validators=[validate_one_line],
        help_text="Optional",
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    contact_phone = forms.CharField(
        label="Phone",
        required=False,
        max_length=_max_length(SignupRequest, "contact_phone"),
        validators=[validate_one_line, validate_phone],
        help_text="Optional, with the country code",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}),
    )
    requested_scheme = forms.ChoiceField(
        label="Which scheme would you like to join?",
        widget=forms.RadioSelect,
        choices=[
            (
                SignupRequest.Scheme.PARTICIPANT,
                "Participant: engage some of our services and work with us on conditions "
                "in a number of your supplier factories.",
            ),
            (
                SignupRequest.Scheme.PARTNER,
                "Partner: take part in the programme’s governance and structure, with the "
                "wider benefits and the commitments below.",
            ),
        ],
        error_messages={
            "required": "Choose the Participant or the Partner scheme.",
            "invalid_choice": "Choose the Participant or the Partner scheme.",
        },
    )
    data_use_consent = forms.BooleanField(
        label=(
            "I agree that Better Work may keep and use the information in this form to handle this "
            "application and to contact me about it."
        ),
        error_messages={
            "required": "Please agree to the use of your data: without it the application cannot be handled."
        },
    )
    public_listing_consent = forms.BooleanField(
        label="If we become a Buyer Partner, Better Work may name us on its public list of Buyer Partners.",
        required=False,
    )
    # The honeypot: hidden from people and from assistive technology; a bot
    # that fills in every field fills this one too.
    extra_info = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_token = forms.CharField(required=False, widget=forms.HiddenInput)

    # Why a sending the server could not read was refused, shown above an
    # empty form (``signup_too_large_view``): there are no fields to blame.
    refusal = ""
    # Its summary above the form says every problem, non-field ones included
    # (templates/bootstrap5/errors.html).
    summarises_errors = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.spam_caught = False
        self.missing_commitments: list[MissingCommitment] = []
        self.token = self.token_expired = None
        if not self.is_bound:
            self.initial["form_token"] = new_form_token()
        else:
            self.token = read_form_token(self.data.get("form_token"))
            if self.token is None or self.token.expired:
                self.token_expired = self.token is not None
                self.token = None
                # Hand a fresh token back, so that the next sending can pass.
                self.data = self.data.copy()
                self.data["form_token"] = new_form_token()

        self.commitment_fields: dict[str, str] = {}
        commitment_layout = []
        for commitment, sub_items in commitment_outline():
            commitment_layout.append(self._add_commitment_field(commitment))
            if sub_items:
                commitment_layout.append(
                    Div(*(self._add_commitment_field(item) for item in sub_items), css_class="bw-sub-commitments")
                )

        self.helper = FormHelper(self)
        # The <form> tag, the CSRF token and the form token, which differ
        # for each visitor, are the page's (signuprequest_form.html); what
        # crispy draws is the same for every visitor of an empty form, and
        # kept (``SignupView._fields``).
        self.helper.form_tag = False
        self.helper.layout = Layout(
            HTML("{% include 'public/includes/_signup_form_top.html' %}"),
            Fieldset(
                "Your organisation",
                Field("organisation_name"),
                Row(
                    Column("headquarters_country", css_class="col-md-6"),
                    Column("website", css_class="col-md-6"),
                ),
            ),
            Fieldset(
                "Who we should contact",
                Row(Column("contact_name", css_class="col-md-6"), Column("contact_job_title", css_class="col-md-6")),
                Row(Column("contact_email", css_class="col-md-6"), Column("contact_phone", css_class="col-md-6")),
            ),
            Fieldset("Scheme", "requested_scheme", css_id="scheme"),
            Fieldset(
                "Partner commitments",
                HTML("{% include 'public/includes/_commitments_intro.html' %}"),
                *commitment_layout,
                css_id="commitments",
                css_class="bw-commitments",
            ),
            HTML("{% include 'public/includes/_factory_formset.html' %}"),
            Fieldset("Your consent", "data_use_consent", "public_listing_consent"),
            Div("extra_info", css_class="bw-hp", aria_hidden="true"),
            FormActions(HTML("{% include 'public/includes/_signup_form_actions.html' %}")),
        )

    def _add_commitment_field(self, commitment: Commitment) -> str:
        name = "commitment_" + commitment.code.replace("-", "_")
        label = commitment.signup_label
        if commitment.level == Commitment.Level.ENCOURAGED:
            label += " (encouraged, not required)"
        self.fields[name] = forms.BooleanField(label=label, required=False)
        self.commitment_fields[commitment.code] = name
        return name

    def _mark_missing_commitment(self, name: str) -> None:
        """Mark the box of a required commitment left unticked. The reason is
        said once, above the commitments (``_commitments_intro.html``), not
        under each of up to ten boxes; each marked box points at it."""
        field = self.fields[name]
        field.widget.attrs.update(
            {"class": "is-invalid", "aria-invalid": "true", "aria-describedby": "commitments-problem"}
        )
        self.missing_commitments.append(MissingCommitment(self[name].id_for_label, field.label))

    def clean_extra_info(self):
        if self.cleaned_data.get("extra_info"):
            self.spam_caught = True
        return ""

    def clean(self):
        cleaned_data = super().clean()
        if self.is_bound and self.token is None:
            # Forged, damaged or expired: a fresh token is on the page now.
            raise ValidationError(FORM_EXPIRED if self.token_expired else CHECK_AGAIN, code="check_again")
        if self.spam_caught or self.token.age < constants.SIGNUP_MIN_FILL_SECONDS:
            self.spam_caught = True
            raise ValidationError(CHECK_AGAIN, code="check_again")
        return cleaned_data

    @property
    def field_problems(self) -> list:
        """Return the bound fields with errors, in page order, for the
        summary above the form (the missing commitments have their own
        list there)."""
        return [field for field in self if field.errors]

    @property
    def submission_key(self) -> str:
        return self.token.key if self.token else ""

    def affirmed_codes(self) -> list[str]:
        return [code for code, name in self.commitment_fields.items() if self.cleaned_data.get(name)]

    def signup_data(self) -> dict:
        """Return the cleaned answers as ``submit_signup_request`` takes them."""
        data = self.cleaned_data
        return {
            "organisation_name": data["organisation_name"],
            "headquarters_country": data["headquarters_country"],
            "website": data["website"],
            "contact_name": data["contact_name"],
            "contact_email": data["contact_email"],
            "contact_job_title": data["contact_job_title"],
            "contact_phone": data["contact_phone"],
            "requested_scheme": data["requested_scheme"],
            "affirmed_codes": self.affirmed_codes(),
            "data_use_consent": data["data_use_consent"],
            "public_listing_consent": data["public_listing_consent"],
            "submission_key": self.submission_key,
        }

    def apply_service_error(self, error: ValidationError) -> None:
        """Put the service's errors next to their fields: one on each
        commitment missing for the Partner scheme, with a summary above."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, errors in error.error_dict.items():
            if field == "affirmed_commitments":
                for item in errors:
                    name = self.commitment_fields.get((item.params or {}).get("code"))
                    if name is None:
                        self.add_error(None, item)
                    else:
                        self._mark_missing_commitment(name)
            elif field in self.fields:
                self.add_error(field, errors)
            else:
                self.add_error(None, errors)

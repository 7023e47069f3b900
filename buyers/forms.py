"""Forms of the public signup.

They check the input's shape (lengths equal to the model's, one line of
text, a real email, website, country and country programme) and keep bots
out (a honeypot field and a signed form token that also times the filling
in). The partner rule and the duplicate checks are the services'; their
errors are mapped back next to their fields with ``apply_service_error``.
"""

import re
import secrets
import time
import unicodedata
from dataclasses import dataclass

from crispy_forms.bootstrap import FormActions
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Field, Fieldset, Layout, Row
from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django_countries import countries

from buyers import constants
from buyers.models import Buyer, CountryProgramme, Factory, SignupRequest, normalise_organisation_name
from partnerships.models import Commitment
from partnerships.selectors import commitment_outline

# What a person is asked when a bot check fails: it says what to do without
# saying which check failed.
CHECK_AGAIN = "Please take a moment to check your answers and submit again."
FORM_EXPIRED = "This form was open for a long time. Please check your answers and submit again."


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


# Bidirectional overrides reverse how the characters after them display,
# so a name can read as something else in the admin and in email subjects.
# Embeddings and isolates, which mixed-direction names use, are welcome.
_DIRECTION_OVERRIDES = frozenset("\u202d\u202e")


def validate_one_line(value: str) -> None:
    """Refuse line breaks, control characters and direction overrides in a
    one-line field: they have no place in a name, could break an email
    header, or could disguise what the name says."""
    if any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") or ch in _DIRECTION_OVERRIDES for ch in value):
        raise ValidationError("Use one line of ordinary text, without line breaks or control characters.")


def validate_name_key_fits(value: str) -> None:
    """Refuse a name whose matching key would not fit its column: Unicode
    normalisation can write one character out as many (U+FDFA is 18)."""
    if len(normalise_organisation_name(value)) > _max_length(Buyer, "name_key"):
        raise ValidationError("This name is too long once written out in full. Please shorten it.")


def _validate_has_words(message: str):
    def validate(value: str) -> None:
        # Invisible characters and punctuation alone do not make a name.
        if not normalise_organisation_name(value):
            raise ValidationError(message)

    return validate


validate_phone = RegexValidator(
    r"^[0-9+()./\s-]*(?:(?:ext|x)\.?\s*[0-9]+)?$",
    "Enter a phone number using digits, spaces and + - ( ) only, e.g. +44 20 7946 0000.",
    flags=re.IGNORECASE,
)


def _country_choices():
    return [("", "Select a country"), *countries]


# The signed form token
# ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormToken:
    """What the signed hidden field says: the form's one-time key and when
    the form was handed out."""

    key: str
    issued_at: float

    @property
    def age(self) -> float:
        return time.time() - self.issued_at

    @property
    def expired(self) -> bool:
        return self.age > constants.SIGNUP_FORM_MAX_AGE_SECONDS


def new_form_token(*, issued_at: float | None = None) -> str:
    """Return a signed token for a fresh signup form."""
    payload = {"k": secrets.token_urlsafe(24), "t": time.time() if issued_at is None else issued_at}
    return signing.dumps(payload, salt=constants.SIGNUP_FORM_SALT)


def read_form_token(value) -> FormToken | None:
    """Return the token's content, or ``None`` when it is missing, forged
    or damaged."""
    if not isinstance(value, str) or not value or len(value) > 500:
        return None
    try:
        payload = signing.loads(value, salt=constants.SIGNUP_FORM_SALT)
        return FormToken(key=str(payload["k"]), issued_at=float(payload["t"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


# The signup form
# ------------------------------------------------------------------------------


class SignupForm(forms.Form):
    """The organisation, its contact, the scheme, the partner commitments
    and the consents. The factory list is ``ListedFactoryFormSet``, shown
    inside this form's layout."""

    organisation_name = forms.CharField(
        label="Organisation name",
        max_length=_max_length(SignupRequest, "organisation_name"),
        validators=[
            validate_one_line,
            _validate_has_words("Enter your organisation’s name."),
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
        validators=[validate_one_line, _validate_has_words("Enter your name.")],
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.spam_caught = False
        self.missing_commitments: list[str] = []
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
        self.helper.form_id = "signup-form"
        self.helper.form_method = "post"
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            HTML("{% include 'buyers/includes/_signup_form_top.html' %}"),
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
                HTML("{% include 'buyers/includes/_commitments_intro.html' %}"),
                *commitment_layout,
                css_id="commitments",
                css_class="bw-commitments",
            ),
            HTML("{% include 'buyers/includes/_factory_formset.html' %}"),
            Fieldset("Your consent", "data_use_consent", "public_listing_consent"),
            Div("extra_info", css_class="bw-hp", aria_hidden="true"),
            "form_token",
            FormActions(HTML("{% include 'buyers/includes/_signup_form_actions.html' %}")),
        )

    def _add_commitment_field(self, commitment: Commitment) -> str:
        name = "commitment_" + commitment.code.replace("-", "_")
        label = commitment.title
        if commitment.level == Commitment.Level.ENCOURAGED:
            label += " (encouraged, not required)"
        self.fields[name] = forms.BooleanField(label=label, required=False)
        self.commitment_fields[commitment.code] = name
        return name

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
        summary above the form; the missing commitments are summed up
        there on their own."""
        commitments = set(self.commitment_fields.values()) if self.missing_commitments else set()
        return [field for field in self if field.errors and field.name not in commitments]

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
                    params = item.params or {}
                    self.missing_commitments.append(params.get("title", item.message))
                    name = self.commitment_fields.get(params.get("code"))
                    self.add_error(name, "Required for the Partner scheme." if name else item)
            elif field in self.fields:
                self.add_error(field, errors)
            else:
                self.add_error(None, errors)


# The factory list
# ------------------------------------------------------------------------------


class ListedFactoryForm(forms.Form):
    """One supplier factory the buyer sources from in a programme country."""

    name = forms.CharField(
        label="Factory name",
        required=False,
        max_length=_max_length(Factory, "name"),
        validators=[validate_one_line],
    )
    country_programme = forms.TypedChoiceField(
        label="Country programme",
        required=False,
        coerce=int,
        error_messages={"invalid_choice": "Choose the country programme from the list."},
    )
    os_id = forms.CharField(
        label="OS ID (optional)",
        required=False,
        # Room for the spaces people paste in; they are taken out below.
        max_length=2 * _max_length(Factory, "os_id"),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "spellcheck": "false"}),
    )

    def __init__(self, *args, programme_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country_programme"].choices = [("", "Select a programme"), *programme_choices]

    def clean_os_id(self):
        os_id = "".join(self.cleaned_data["os_id"].split()).upper()
        if os_id:
            for validator in Factory._meta.get_field("os_id").validators:
                validator(os_id)
        return os_id

    def clean(self):
        cleaned_data = super().clean()
        if not any(cleaned_data.get(name) for name in ("name", "country_programme", "os_id")):
            return cleaned_data
        if not self.errors.get("name") and not normalise_organisation_name(cleaned_data.get("name", "")):
            self.add_error("name", "Enter the factory’s name, or leave the whole row empty.")
        if not self.errors.get("country_programme") and not cleaned_data.get("country_programme"):
            self.add_error("country_programme", "Choose the country programme the factory is in.")
        return cleaned_data


class BaseListedFactoryFormSet(forms.BaseFormSet):
    default_error_messages = {
        "missing_management_form": "The factory list did not arrive complete. Please check it and submit again.",
        "too_many_forms": "List at most %(num)d factories here; send any others to buyer relations later.",
        "too_few_forms": "List at least %(num)d factories.",
    }

    def __init__(self, *args, **kwargs):
        programmes = list(CountryProgramme.objects.filter(is_active=True).order_by("name").values_list("pk", "name"))
        self.programme_names = dict(programmes)
        kwargs.setdefault("prefix", "factories")
        kwargs["form_kwargs"] = {**kwargs.get("form_kwargs", {}), "programme_choices": list(programmes)}
        super().__init__(*args, **kwargs)

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            row = self._row(form)
            if row is None:
                continue
            key = row["os_id"] or (row["country_programme"], normalise_organisation_name(row["name"]))
            if key in seen:
                form.add_error("name", "This factory is already listed above; remove this row.")
            seen.add(key)

    def _row(self, form) -> dict | None:
        data = getattr(form, "cleaned_data", None) or {}
        if not data.get("name"):
            return None
        return {
            "name": data["name"],
            "country_programme": data["country_programme"],
            "country_programme_name": self.programme_names.get(data["country_programme"], ""),
            "os_id": data.get("os_id", ""),
        }

    def rows(self) -> list[dict]:
        """Return the listed factories as ``SignupRequest.factories`` keeps
        them: name, country programme (id and name), OS ID."""
        return [row for row in map(self._row, self.forms) if row is not None]


ListedFactoryFormSet = forms.formset_factory(
    ListedFactoryForm,
    formset=BaseListedFactoryFormSet,
    extra=constants.SIGNUP_FACTORY_EXTRA_ROWS,
    max_num=constants.SIGNUP_MAX_FACTORIES,
    absolute_max=constants.SIGNUP_MAX_FACTORIES,
    validate_max=True,
)


# Staff review in the admin
# ------------------------------------------------------------------------------


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

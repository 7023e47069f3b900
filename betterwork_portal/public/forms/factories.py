"""The signup form's list of supplier factories: one row per factory."""

from django import forms

from betterwork_portal.public import constants
from buyers.models import CountryProgramme, Factory
from buyers.names import normalise_organisation_name
from buyers.selectors import match_listed_factories
from buyers.validators import validate_one_line


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


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
        # Under the label "Country programme", "Better Work Cambodia" says
        # "Cambodia" twice and is cut short in a narrow select.
        choices = [(pk, name.removeprefix("Better Work ")) for pk, name in programmes]
        kwargs["form_kwargs"] = {**kwargs.get("form_kwargs", {}), "programme_choices": choices}
        super().__init__(*args, **kwargs)

    def clean(self):
        if any(self.errors):
            return
        # A factory is the same one when any of its keys was seen: its OS ID,
        # its name key in its programme, or the programme factory either of
        # them matches (one listed by OS ID, the other by name).
        listed = [(form, row) for form in self.forms if (row := self._row(form)) is not None]
        matched = match_listed_factories(factories=[row for _form, row in listed])
        seen = set()
        for (form, row), match in zip(listed, matched, strict=True):
            keys = {("name", row["country_programme"], normalise_organisation_name(row["name"]))}
            if row["os_id"]:
                keys.add(("os_id", row["os_id"]))
            if match.factory is not None:
                keys.add(("factory", match.factory.pk))
            if keys & seen:
                form.add_error("name", "This factory is already listed above; remove this row.")
            seen |= keys

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

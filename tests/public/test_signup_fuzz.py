"""Property-based fuzzing of the signup form: whatever a visitor types into
a text field, the form answers with a clean value or an error on that
field, never an exception."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from betterwork_portal.public.forms import ListedFactoryFormSet, SignupForm
from tests.factories import signup_form_data

pytestmark = pytest.mark.django_db

TEXT_FIELDS = ["organisation_name", "contact_name", "contact_job_title", "contact_phone", "contact_email", "website"]

fuzz = settings(
    max_examples=150,
    deadline=None,
    # The database fixture is set up once; the form only reads.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@fuzz
@given(field=st.sampled_from(TEXT_FIELDS), value=st.text(max_size=400))
def test_signup_form_answers_any_text_with_a_value_or_an_error_on_its_field(db, field, value):
    form = SignupForm(signup_form_data(**{field: value}))

    if form.is_valid():
        assert form.cleaned_data[field] == form.fields[field].clean(value)
    else:
        assert set(form.errors) == {field}
        assert all(message.strip() for message in form.errors[field])


@fuzz
@given(name=st.text(max_size=300), os_id=st.text(max_size=40), programme=st.text(max_size=12))
def test_signup_factory_row_answers_any_text_without_an_exception(db, name, os_id, programme):
    data = signup_form_data(**{"factories-0-name": name, "factories-0-os_id": os_id})
    data["factories-0-country_programme"] = programme
    formset = ListedFactoryFormSet(data)

    if formset.is_valid():
        assert all(row["name"] and row["country_programme"] for row in formset.rows())
    else:
        assert formset.errors[0] or formset.non_form_errors()

"""The signup form's list of supplier factories: each factory once, and no
more rows than it takes, said on the form."""

import pytest

from buyers.models import SignupRequest
from tests.factories import FactoryFactory, signup_form_data
from tests.public.signup_page import SIGNUP_URL, error_next_to, form_top

pytestmark = pytest.mark.django_db


def test_signup_refuses_a_factory_listed_twice(client, vietnam):
    row = {"name": "Saigon Garment One", "country_programme": vietnam}
    response = client.post(SIGNUP_URL, signup_form_data(factories=[row, {**row, "name": "SAIGON garment one."}]))

    assert "This factory is already listed above" in error_next_to(response, "factories-1-name")
    assert SignupRequest.objects.count() == 0


def test_signup_refuses_a_factory_listed_once_by_os_id_and_once_by_name(client, vietnam):
    # Issue 9, finding 11: "2 of the 2 factories you listed are already in
    # the programme", and one sourcing on acceptance.
    FactoryFactory(name="Saigon Garment One Co., Ltd.", country_programme=vietnam, os_id="VN2019105Q2B6X9")
    rows = [
        {"name": "Whatever We Call It", "country_programme": vietnam, "os_id": "VN2019105Q2B6X9"},
        {"name": "Saigon Garment One", "country_programme": vietnam},
    ]
    response = client.post(SIGNUP_URL, signup_form_data(factories=rows))

    assert "This factory is already listed above" in error_next_to(response, "factories-1-name")
    assert SignupRequest.objects.count() == 0


def _rows_posted(count: int) -> dict:
    data = signup_form_data(rows=count)
    for i in range(count):
        data |= {
            f"factories-{i}-name": f"Factory {i}",
            f"factories-{i}-country_programme": "",
            f"factories-{i}-os_id": "",
        }
    return data


def test_signup_with_hundreds_of_factory_rows_gets_the_forms_own_message(client):
    # Issue 9, finding 12: 500 rows answered Django's bare 400 page.
    response = client.post(SIGNUP_URL, _rows_posted(500))

    assert response.status_code == 200
    assert "List at most 30 factories here" in form_top(response)
    assert response.context["form"]["organisation_name"].value() == "Northwind Outfitters"
    assert SignupRequest.objects.count() == 0


def test_signup_too_large_to_read_gets_the_form_back_with_why(client):
    response = client.post(SIGNUP_URL, _rows_posted(1000))

    assert response.status_code == 400
    assert "too large to read" in form_top(response)
    assert "list at most 30 factories" in form_top(response)
    assert SignupRequest.objects.count() == 0


@pytest.mark.parametrize("total", ["31", "1000000"])
def test_signup_refuses_more_factory_rows_than_allowed(client, total):
    response = client.post(SIGNUP_URL, signup_form_data(**{"factories-TOTAL_FORMS": total}))

    assert "List at most 30 factories here" in response.content.decode()
    assert "List at most 30 factories here" in form_top(response)
    assert SignupRequest.objects.count() == 0


def test_signup_refuses_a_factory_list_without_its_management_form(client):
    data = signup_form_data()
    del data["factories-TOTAL_FORMS"]

    response = client.post(SIGNUP_URL, data)

    assert "The factory list did not arrive complete" in form_top(response)
    assert SignupRequest.objects.count() == 0

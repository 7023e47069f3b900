"""Possible duplicates on the signup form: flagged for staff, never refused."""

import pytest

from buyers.models import SignupRequest
from tests.factories import BuyerFactory, SignupRequestFactory, signup_form_data
from tests.public.signup_page import SIGNUP_URL

pytestmark = pytest.mark.django_db


# Possible duplicates: flagged for staff, never refused.


def test_signup_matching_a_buyer_by_normalised_name_is_kept_and_flagged(client):
    buyer = BuyerFactory(name="NORTHWIND  Outfitters.")

    response = client.post(SIGNUP_URL, signup_form_data())

    assert response.status_code == 302
    assert SignupRequest.objects.get().possible_duplicate_of == buyer


def test_signup_matching_a_buyer_by_website_domain_is_kept_and_flagged(client):
    buyer = BuyerFactory(name="NW Outfitters Holding", website="http://northwind-outfitters.example/about")

    client.post(SIGNUP_URL, signup_form_data())

    assert SignupRequest.objects.get(organisation_name="Northwind Outfitters").possible_duplicate_of == buyer


def test_signup_matching_an_open_request_is_kept_and_flagged(client):
    earlier = SignupRequestFactory(organisation_name="Northwind Outfitters", website="")

    client.post(SIGNUP_URL, signup_form_data())

    signup = SignupRequest.objects.exclude(pk=earlier.pk).get()
    assert signup.possible_duplicate_of_request == earlier
    assert signup.possible_duplicate_of is None


def test_signup_matching_only_a_rejected_request_is_not_flagged(client):
    SignupRequestFactory(organisation_name="Northwind Outfitters", status=SignupRequest.Status.REJECTED)

    client.post(SIGNUP_URL, signup_form_data())

    signup = SignupRequest.objects.get(status=SignupRequest.Status.NEW)
    assert signup.possible_duplicate_of_request is None

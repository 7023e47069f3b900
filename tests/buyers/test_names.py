"""One name key for buyers and factories (buyers/names.py), used by the
signup, the admin and matching (issue 9, finding 9)."""

import pytest
from django.core.exceptions import ValidationError

from buyers.models import Buyer
from buyers.names import factory_name_key, mixed_scripts, normalise_organisation_name
from buyers.selectors import signup_possible_duplicates
from partnerships.services import accept_signup_request
from tests.admin.form_data import buyer_form_data
from tests.admin.registry import admin_url
from tests.factories import BuyerFactory, SignupRequestFactory

LOOK_ALIKE = "Oѕрrеу Brаndѕ"  # Cyrillic ѕ, р, е, у, а


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (LOOK_ALIKE, "Osprey Brands"),
        ("LINDQVIST OUTDOOR A.B.", "Lindqvist Outdoor AB"),
        ("Saigon Garment One Co., Ltd.", "saigon garment one"),
        ("Nordwand GmbH", "Nordwand"),
        ("Maison Lune S.A.", "Maison Lune"),
        ("O'Neil Apparel", "ONeil Apparel"),
        ("ＡＣＭＥ", "acme"),
        ("Ac\u200bme", "Acme"),
    ],
)
def test_two_spellings_of_one_name_share_a_key(one, other):
    assert normalise_organisation_name(one) == normalise_organisation_name(other)
    assert factory_name_key(one) == factory_name_key(other)


@pytest.mark.parametrize(("one", "other"), [("Café Apparel", "Cafe Apparel"), ("Acme Two", "Acme Too")])
def test_different_names_keep_different_keys(one, other):
    assert normalise_organisation_name(one) != normalise_organisation_name(other)


def test_a_name_that_is_only_a_legal_form_keeps_it():
    assert normalise_organisation_name("Co.") == "co"


def test_names_that_mix_scripts_are_told_apart_from_those_in_one():
    assert mixed_scripts(LOOK_ALIKE) == ("CYRILLIC", "LATIN")
    assert mixed_scripts("Osprey Brands 2") == ()
    assert mixed_scripts("Яндекс") == ()


@pytest.mark.django_db
def test_a_cyrillic_look_alike_signup_is_flagged_and_not_accepted_as_a_second_buyer(staff_user):
    osprey = BuyerFactory(name="Osprey Brands")
    assert signup_possible_duplicates(organisation_name=LOOK_ALIKE, website="").buyer == osprey
    signup = SignupRequestFactory(organisation_name=LOOK_ALIKE, possible_duplicate_of=osprey)

    with pytest.raises(ValidationError, match="mark .* as a duplicate"):
        accept_signup_request(signup_request=signup, accepted_by=staff_user)
    assert Buyer.objects.count() == 1


@pytest.mark.django_db
def test_a_signup_spelling_out_the_legal_form_differently_is_flagged():
    lindqvist = BuyerFactory(name="Lindqvist Outdoor AB")
    assert signup_possible_duplicates(organisation_name="LINDQVIST OUTDOOR A.B.", website="").buyer == lindqvist


@pytest.mark.django_db
def test_the_signup_list_tells_staff_a_name_mixes_scripts(staff_client):
    SignupRequestFactory(organisation_name=LOOK_ALIKE)
    html = staff_client.get(admin_url("buyers.signuprequest", "changelist")).content.decode()
    assert "name mixes Cyrillic and Latin letters" in html


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["\u202eAcme", "Acme\u202d", "Line\nbreak", "Bell\x07"])
def test_the_staff_buyer_form_refuses_what_the_signup_form_refuses(staff_client, name):
    response = staff_client.post(admin_url("buyers.buyer", "add"), buyer_form_data(staff_client, name=name))
    assert response.status_code == 200
    assert "one line of ordinary text" in " ".join(response.context["adminform"].form.errors["name"])
    assert not Buyer.objects.exists()

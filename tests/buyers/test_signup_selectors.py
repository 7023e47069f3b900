"""The reads behind the signup: the partner rule at the door, the catalogue
outline, the factory match and the duplicate hints."""

import pytest

from buyers.models import CountryProgramme
from buyers.selectors import match_listed_factories, signup_possible_duplicates
from buyers.selectors import signups as signup_selectors
from partnerships.models import Commitment
from partnerships.selectors import commitment_outline, missing_required_commitments
from tests.factories import BuyerFactory, CommitmentFactory, FactoryFactory, SignupRequestFactory

pytestmark = pytest.mark.django_db


def required_codes():
    return list(
        Commitment.objects.filter(is_active=True, level="required").order_by("position").values_list("code", flat=True)
    )


@pytest.mark.parametrize(
    ("affirmed", "missing"),
    [
        ("all required", []),
        ("all required and encouraged", []),
        ("none", "all required"),
        ("all but a sub-item", ["time-to-improve"]),
        ("all but the parent", ["continuous-improvement"]),
        ("encouraged only", "all required"),
    ],
)
def test_missing_required_commitments_follows_the_eligibility_rule(affirmed, missing):
    codes = {
        "all required": required_codes(),
        "all required and encouraged": [*required_codes(), "sourcing-practices"],
        "none": [],
        "all but a sub-item": [c for c in required_codes() if c != "time-to-improve"],
        "all but the parent": [c for c in required_codes() if c != "continuous-improvement"],
        "encouraged only": ["sourcing-practices"],
    }[affirmed]
    expected = required_codes() if missing == "all required" else missing

    result = missing_required_commitments(affirmed_codes=codes)

    assert [c.code for c in result] == expected


def test_missing_required_commitments_reads_the_active_catalogue():
    added = CommitmentFactory(code="new-rule", title="A new required commitment")
    Commitment.objects.filter(code="stop-auditing").update(is_active=False)

    result = missing_required_commitments(affirmed_codes=[c for c in required_codes() if c != "new-rule"])

    assert [c.code for c in result] == [added.code]


def test_missing_required_commitments_makes_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        missing_required_commitments(affirmed_codes=[])


def test_commitment_outline_nests_sub_items_under_their_parent():
    outline = {parent.code: [item.code for item in items] for parent, items in commitment_outline()}

    assert outline["continuous-improvement"] == ["no-dropping-factories", "time-to-improve"]
    assert "no-dropping-factories" not in outline
    assert list(outline)[-1] == "sourcing-practices"


def test_match_listed_factories_by_os_id_then_normalised_name_in_programme():
    vietnam = CountryProgramme.objects.get(country="VN")
    cambodia = CountryProgramme.objects.get(country="KH")
    by_os_id = FactoryFactory(name="Official Name", country_programme=vietnam, os_id="VN2019105Q2B6X9")
    by_name = FactoryFactory(name="Phnom Penh Knitting Co., Ltd.", country_programme=cambodia)
    rows = [
        {"name": "Trading name", "country_programme": cambodia.pk, "os_id": "VN2019105Q2B6X9"},
        {"name": "PHNOM PENH KNITTING CO LTD", "country_programme": cambodia.pk, "os_id": ""},
        {"name": "Phnom Penh Knitting Co., Ltd.", "country_programme": vietnam.pk, "os_id": ""},
    ]

    result = match_listed_factories(factories=rows)

    assert [entry.factory and entry.factory.pk for entry in result] == [by_os_id.pk, by_name.pk, None]


def test_match_listed_factories_of_nothing_makes_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert match_listed_factories(factories=[]) == ()


def test_signup_possible_duplicates_prefers_the_same_name_over_the_same_website():
    BuyerFactory(name="Another Brand", website="https://northwind.example")
    same_name = BuyerFactory(name="Northwind Outfitters Inc", website="https://elsewhere.example")

    result = signup_possible_duplicates(organisation_name="northwind outfitters, inc.", website="northwind.example")

    assert result.buyer == same_name


def test_signup_possible_duplicates_finds_an_open_request_by_website():
    earlier = SignupRequestFactory(organisation_name="NW", website="https://www.northwind.example/en")

    result = signup_possible_duplicates(organisation_name="Northwind", website="http://northwind.example")

    assert (result.buyer, result.request) == (None, earlier)


def test_signup_possible_duplicates_finds_nothing_for_a_new_organisation():
    BuyerFactory(name="Other Brand")

    result = signup_possible_duplicates(organisation_name="Northwind", website="")

    assert (result.buyer, result.request) == (None, None)


def test_match_listed_factories_reads_only_the_listed_rows():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from buyers.selectors import match_listed_factories
    from tests.factories import FactoryFactory

    wanted = FactoryFactory(name="Saigon Garment One")
    for n in range(40):
        FactoryFactory(name=f"Other Mill {n}", country_programme=wanted.country_programme)
    listed = [{"name": "SAIGON garment one.", "country_programme": wanted.country_programme_id, "os_id": ""}]
    with CaptureQueriesContext(connection) as queries:
        [match] = match_listed_factories(factories=listed)
    assert match.factory.pk == wanted.pk
    assert len(queries.captured_queries) == 1
    assert "name_key" in queries.captured_queries[0]["sql"]


def test_signup_possible_duplicates_finds_an_open_request_by_its_name_written_otherwise():
    earlier = SignupRequestFactory(organisation_name="Northwind Outfitters Inc", website="")

    result = signup_possible_duplicates(organisation_name="NORTHWIND OUTFITTERS, INC.", website="")

    assert result.request == earlier


def test_signup_possible_duplicates_ignores_requests_already_decided():
    SignupRequestFactory(organisation_name="Northwind", website="", status="rejected", rejection_reason="Spam.")

    assert signup_possible_duplicates(organisation_name="Northwind", website="").request is None


def test_signup_possible_duplicates_does_not_read_every_waiting_request(monkeypatch):
    for n in range(40):
        SignupRequestFactory(organisation_name=f"Other Brand {n}", website=f"https://other{n}.example")
    normalised = []
    real = signup_selectors.normalise_organisation_name
    monkeypatch.setattr(
        signup_selectors, "normalise_organisation_name", lambda name: normalised.append(name) or real(name)
    )

    signup_possible_duplicates(organisation_name="Northwind", website="https://northwind.example")

    # Only the new organisation's own name: the waiting requests are
    # matched on the keys they were saved with, through an index.
    assert normalised == ["Northwind"]


def test_a_signup_request_keeps_its_keys_when_its_name_writes_out_past_their_length():
    # U+FDFA writes out as eighteen letters under NFKC.
    request = SignupRequestFactory(organisation_name="\ufdfa" * 200, website="https://Example.COM/x")

    request.refresh_from_db()
    assert len(request.name_key) == 200
    assert request.website_domain == "example.com"

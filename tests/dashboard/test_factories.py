import pytest
from django.urls import reverse

from buyers.models import Buyer
from tests.factories import (
    BuyerFactory,
    CountryProgrammeFactory,
    FactoryAuditFactory,
    FactoryFactory,
    SourcingFactory,
    assessed,
)

pytestmark = pytest.mark.django_db

URL = "/dashboard/factories/"


def _names(response):
    return [factory.name for factory in response.context["factories"]]


@pytest.fixture
def factories(db):
    """Four factories that each filter tells apart."""
    cambodia = CountryProgrammeFactory(country="KH", name="Better Work Cambodia")
    vietnam = CountryProgrammeFactory(country="VN", name="Better Work Vietnam")
    improving = assessed(
        FactoryFactory(name="Angkor Improving", country_programme=cambodia, os_id="KH2019105Q2B6X9"), 30, 20
    )
    worsening = assessed(FactoryFactory(name="Bayon Worsening", country_programme=cambodia, city="Phnom Penh"), 20, 30)
    new = assessed(FactoryFactory(name="Cholon New", country_programme=vietnam), 25)
    FactoryFactory(name="Dalat Unassessed", country_programme=vietnam)
    partner = BuyerFactory(partner=True, name="Partner Co")
    participant = BuyerFactory(name="Participant Co")
    SourcingFactory(buyer=partner, factory=improving)
    SourcingFactory(buyer=participant, factory=improving)
    SourcingFactory(buyer=participant, factory=worsening)
    SourcingFactory(buyer=partner, factory=worsening, ended=True)
    SourcingFactory(buyer=BuyerFactory(status=Buyer.Status.WITHDRAWN), factory=new)
    return {"cambodia": cambodia, "vietnam": vietnam, "angkor": improving, "bayon": worsening}


ALL = ["Angkor Improving", "Bayon Worsening", "Cholon New", "Dalat Unassessed"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"programme": "cambodia"}, ["Angkor Improving", "Bayon Worsening"]),
        ({"programme": "vietnam"}, ["Cholon New", "Dalat Unassessed"]),
        ({"progress": "improving"}, ["Angkor Improving"]),
        ({"progress": "not_improving"}, ["Bayon Worsening"]),
        ({"progress": "not_enough"}, ["Cholon New", "Dalat Unassessed"]),
        ({"sourcing": "any"}, ["Angkor Improving", "Bayon Worsening"]),
        ({"sourcing": "partner"}, ["Angkor Improving"]),
        ({"sourcing": "none"}, ["Cholon New", "Dalat Unassessed"]),
        ({"programme": "cambodia", "progress": "not_improving"}, ["Bayon Worsening"]),
    ],
)
def test_factory_list_filter_narrows_to_matching_factories(staff_client, factories, params, expected):
    params = {key: str(factories[value].pk) if value in factories else value for key, value in params.items()}
    assert _names(staff_client.get(URL, params)) == expected


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("angkor", ["Angkor Improving"]),
        ("KH2019105", ["Angkor Improving"]),
        ("phnom", ["Bayon Worsening"]),
        ("zzz", []),
    ],
)
def test_factory_list_search_matches_name_os_id_or_city(staff_client, factories, search, expected):
    assert _names(staff_client.get(URL, {"q": search})) == expected


def test_factory_list_counts_buyers_and_partners_sourcing_now(staff_client, factories):
    counts = {f.name: (f.buyer_count, f.partner_count) for f in staff_client.get(URL).context["factories"]}
    assert counts == {
        "Angkor Improving": (2, 1),
        "Bayon Worsening": (1, 0),
        "Cholon New": (0, 0),
        "Dalat Unassessed": (0, 0),
    }


@pytest.mark.parametrize(
    "params", [{"page": "999"}, {"programme": "bogus"}, {"progress": "evil"}, {"sourcing": "1"}, {"q": "\x00"}]
)
def test_factory_list_survives_a_bad_query_parameter(staff_client, factories, params):
    assert staff_client.get(URL, params).status_code == 200


def test_factory_list_pages_hold_25_rows(staff_client):
    FactoryFactory.create_batch(26)
    first, last = (staff_client.get(URL, {"page": page}).context["factories"] for page in (1, 999))
    assert (len(first), len(last)) == (25, 1)


def test_factory_list_without_matches_suggests_fewer_filters(staff_client, factories):
    assert "No factory matches these filters." in staff_client.get(URL, {"q": "zzz"}).content.decode()


def _file(client, factory):
    return client.get(reverse("dashboard:factory_detail", args=[factory.pk]))


def test_factory_file_shows_assessments_by_cycle_with_a_trend_chart(staff_client, factories):
    response = _file(staff_client, factories["angkor"])
    html = response.content.decode()
    assert [a.cycle for a in response.context["assessments"]] == [1, 2]
    assert (
        '<title id="trend-title">Overall non-compliance rate of Angkor Improving by assessment cycle</title>' in html
    )
    assert "<polyline" in html
    assert "Core labour standards" in html and "Working conditions" in html
    assert "✔ Making progress" in html


def test_factory_file_lists_buyers_sourcing_now_with_partners_marked(staff_client, factories):
    response = _file(staff_client, factories["angkor"])
    assert [(s.buyer.name, s.buyer.tier) for s in response.context["current_sourcings"]] == [
        ("Partner Co", "partner"),
        ("Participant Co", "participant"),
    ]
    assert "Buyers sourcing here (2)" in response.content.decode()


def test_factory_file_lists_buyers_that_stopped_with_the_reason(staff_client, factories):
    html = _file(staff_client, factories["bayon"]).content.decode()
    assert "Buyers that stopped (1)" in html
    assert "volume" in html


def test_factory_file_lists_buyers_own_audits(staff_client, factories):
    FactoryAuditFactory(factory=factories["angkor"], auditor="Acme Audits")
    html = _file(staff_client, factories["angkor"]).content.decode()
    assert "Buyers' own audits (1)" in html
    assert "through Acme Audits" in html


def test_factory_file_without_assessments_says_what_to_do(staff_client):
    html = _file(staff_client, FactoryFactory()).content.decode()
    assert "Not assessed yet." in html
    assert "<polyline" not in html


def test_factory_file_of_unknown_factory_is_not_found(staff_client):
    assert staff_client.get(reverse("dashboard:factory_detail", args=[999999])).status_code == 404

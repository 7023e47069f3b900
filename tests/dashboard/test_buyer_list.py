import datetime

import pytest
from django.urls import reverse

from buyers.models import Buyer
from partnerships.models import CommitmentRecord
from tests.factories import (
    BuyerFactory,
    ContactFactory,
    CountryProgrammeFactory,
    FactoryFactory,
    SourcingFactory,
    UserFactory,
    partner_with_roles,
)

pytestmark = pytest.mark.django_db

State = CommitmentRecord.State
URL = "/dashboard/buyers/"


def _names(response):
    return [buyer.name for buyer, _risk in response.context["rows"]]


@pytest.fixture
def buyers(fill_checklist):
    """Six buyers that each filter tells apart."""
    ana = UserFactory(staff=True, username="ana", first_name="Ana", last_name="Silva")
    ben = UserFactory(staff=True, username="ben", first_name="Ben", last_name="Okafor")
    vietnam = CountryProgrammeFactory(country="VN", name="Better Work Vietnam")
    cambodia = CountryProgrammeFactory(country="KH", name="Better Work Cambodia")
    alpha = fill_checklist(
        partner_with_roles(
            name="Alpha Partner",
            website="https://alpha-brand.example.com",
            focal_point=ana,
            joined_on=datetime.date(2015, 1, 1),
        )
    )
    beta = fill_checklist(
        BuyerFactory(
            name="Beta Participant", headquarters_country="GB", focal_point=ben, joined_on=datetime.date(2019, 1, 1)
        ),
        governance=State.NOT_YET,
        stop_auditing=State.NOT_YET,
    )
    fill_checklist(BuyerFactory(name="Gamma Ready", headquarters_country="JP", joined_on=datetime.date(2021, 1, 1)))
    BuyerFactory(
        name="Delta Withdrawn",
        status=Buyer.Status.WITHDRAWN,
        headquarters_country="DE",
        joined_on=datetime.date(2012, 1, 1),
    )
    fill_checklist(
        partner_with_roles(name="Epsilon At Risk", focal_point=ben, joined_on=datetime.date(2017, 1, 1)),
        stop_auditing=State.BREACHED,
    )
    zeta = fill_checklist(BuyerFactory(partner=True, name="Zeta Flagged", joined_on=datetime.date(2023, 1, 1)))
    ContactFactory(buyer=zeta, is_advisory_committee_representative=True)
    SourcingFactory(buyer=alpha, factory=FactoryFactory(country_programme=vietnam))
    SourcingFactory(buyer=beta, factory=FactoryFactory(country_programme=vietnam), ended=True)
    SourcingFactory(buyer=beta, factory=FactoryFactory(country_programme=cambodia))
    return {"ana": ana, "ben": ben, "vietnam": vietnam, "cambodia": cambodia}


ALL = ["Alpha Partner", "Beta Participant", "Delta Withdrawn", "Epsilon At Risk", "Gamma Ready", "Zeta Flagged"]
FILTERS = [
    ({"tier": "partner"}, ["Alpha Partner", "Epsilon At Risk", "Zeta Flagged"]),
    ({"tier": "participant"}, ["Beta Participant", "Delta Withdrawn", "Gamma Ready"]),
    ({"status": "withdrawn"}, ["Delta Withdrawn"]),
    ({"status": "active"}, [n for n in ALL if n != "Delta Withdrawn"]),
    ({"eligibility": "eligible"}, ["Alpha Partner", "Gamma Ready", "Zeta Flagged"]),
    ({"eligibility": "not_eligible"}, ["Beta Participant", "Delta Withdrawn", "Epsilon At Risk"]),
    ({"country": "GB"}, ["Beta Participant"]),
    ({"country": "US"}, ["Alpha Partner", "Epsilon At Risk", "Zeta Flagged"]),
    ({"programme": "vietnam"}, ["Alpha Partner"]),
    ({"programme": "cambodia"}, ["Beta Participant"]),
    ({"focal_point": "ben"}, ["Beta Participant", "Epsilon At Risk"]),
    ({"focal_point": "none"}, ["Delta Withdrawn", "Gamma Ready", "Zeta Flagged"]),
    ({"pipeline": "ready"}, ["Gamma Ready"]),
    ({"pipeline": "at_risk"}, ["Epsilon At Risk", "Zeta Flagged"]),
    ({"pipeline": "flagged"}, ["Zeta Flagged"]),
    ({"tier": "partner", "eligibility": "eligible"}, ["Alpha Partner", "Zeta Flagged"]),
]


def _query(params, buyers):
    """Replace fixture names (a programme, a focal point) by their ids."""
    return {key: str(buyers[value].pk) if value in buyers else value for key, value in params.items()}


@pytest.mark.parametrize(("params", "expected"), FILTERS)
def test_buyer_list_filter_narrows_to_matching_buyers(staff_client, buyers, params, expected):
    assert _names(staff_client.get(URL, _query(params, buyers))) == expected


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("alpha", ["Alpha Partner"]),
        ("  ALPHA,  partner ", ["Alpha Partner"]),
        ("alpha-brand", ["Alpha Partner"]),
        ("no such brand", []),
        ("e", ALL),
    ],
)
def test_buyer_list_search_matches_name_or_website(staff_client, buyers, search, expected):
    assert _names(staff_client.get(URL, {"q": search})) == [n for n in ALL if n in expected]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ALL),
        ("name", ALL),
        ("-name", ALL[::-1]),
        (
            "tier",
            ["Beta Participant", "Delta Withdrawn", "Gamma Ready", "Alpha Partner", "Epsilon At Risk", "Zeta Flagged"],
        ),
        (
            "-completion",
            ["Alpha Partner", "Gamma Ready", "Zeta Flagged", "Epsilon At Risk", "Beta Participant", "Delta Withdrawn"],
        ),
        (
            "completion",
            ["Delta Withdrawn", "Beta Participant", "Epsilon At Risk", "Alpha Partner", "Gamma Ready", "Zeta Flagged"],
        ),
        (
            "joined",
            ["Delta Withdrawn", "Alpha Partner", "Epsilon At Risk", "Beta Participant", "Gamma Ready", "Zeta Flagged"],
        ),
        (
            "-joined",
            ["Zeta Flagged", "Gamma Ready", "Beta Participant", "Epsilon At Risk", "Alpha Partner", "Delta Withdrawn"],
        ),
    ],
)
def test_buyer_list_sorts_by_the_chosen_column(staff_client, buyers, sort, expected):
    assert _names(staff_client.get(URL, {"sort": sort})) == expected


def test_buyer_list_marks_the_sorted_column_for_screen_readers(staff_client, buyers):
    html = staff_client.get(URL, {"sort": "-completion"}).content.decode()
    assert 'aria-sort="descending"' in html
    assert "?sort=completion" in html


def test_buyer_list_sort_links_keep_the_filters_and_drop_the_page(staff_client, buyers):
    html = staff_client.get(URL, {"tier": "partner", "page": "1"}).content.decode()
    assert 'href="?tier=partner&amp;sort=-completion"' in html


def test_buyer_list_marks_partners_at_risk_and_ready_participants(staff_client, buyers):
    html = staff_client.get(URL).content.decode()
    assert html.count("⚑ At risk") == 2
    assert html.count("↑ Ready to graduate") == 1


@pytest.fixture
def many_buyers(db):
    return BuyerFactory.create_batch(26)


@pytest.mark.parametrize(
    ("page", "number", "rows"),
    [("", 1, 25), ("1", 1, 25), ("2", 2, 1), ("3", 2, 1), ("999", 2, 1), ("0", 2, 1), ("-1", 2, 1), ("abc", 1, 25)],
)
def test_buyer_list_pages_hold_25_rows_and_out_of_range_pages_fall_back(staff_client, many_buyers, page, number, rows):
    response = staff_client.get(URL, {"page": page})
    assert (response.context["page_obj"].number, len(response.context["rows"])) == (number, rows)


def test_buyer_list_pages_do_not_overlap(staff_client, many_buyers):
    first, second = (_names(staff_client.get(URL, {"page": page, "sort": "-joined"})) for page in (1, 2))
    assert sorted(first + second) == sorted(buyer.name for buyer in many_buyers)


def test_buyer_list_of_exactly_one_page_draws_no_pager(staff_client):
    BuyerFactory.create_batch(25)
    response = staff_client.get(URL)
    assert response.context["page_obj"].paginator.num_pages == 1
    assert 'rel="next"' not in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"page": "999"},
        {"tier": "bogus"},
        {"sort": "evil"},
        {"sort": "name; DROP TABLE buyers_buyer"},
        {"programme": "abc"},
        {"programme": "999999"},
        {"focal_point": "999999"},
        {"country": "XX"},
        {"pipeline": "nope"},
        {"eligibility": "maybe"},
        {"q": "nul\x00char"},
        {"q": "x" * 5000},
        {"page": "1.5", "tier": ["partner", "bogus"]},
    ],
)
def test_buyer_list_survives_a_bad_query_parameter(staff_client, buyers, params):
    assert staff_client.get(URL, params).status_code == 200


def test_buyer_list_ignores_an_unknown_value_and_says_so(staff_client, buyers):
    response = staff_client.get(URL, {"tier": "bogus", "status": "withdrawn"})
    assert _names(response) == ["Delta Withdrawn"]
    assert "were not understood and were ignored: Tier" in response.content.decode()


def test_buyer_list_without_matches_suggests_fewer_filters(staff_client, buyers):
    html = staff_client.get(URL, {"q": "no such brand"}).content.decode()
    assert "No buyer matches these filters." in html


def test_buyer_list_without_buyers_says_where_they_come_from(staff_client):
    assert "No buyers yet." in staff_client.get(URL).content.decode()


def test_buyer_list_links_each_buyer_to_its_file(staff_client, buyers):
    alpha = Buyer.objects.get(name="Alpha Partner")
    assert reverse("dashboard:buyer_detail", args=[alpha.pk]) in staff_client.get(URL).content.decode()


def test_buyer_list_export_link_carries_the_filters(staff_client, buyers):
    html = staff_client.get(URL, {"tier": "partner", "page": "1"}).content.decode()
    assert 'href="/dashboard/buyers/export.csv?tier=partner"' in html

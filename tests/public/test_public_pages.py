"""The public pages: the two schemes in the buyer guide's words (docs/buyer-guide.md), and the list of
current Buyer Partners."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from buyers.models import Buyer
from partnerships.models import Benefit, Commitment
from tests.factories import BenefitFactory, BuyerFactory, CommitmentFactory

pytestmark = pytest.mark.django_db

# The request's own savepoint and its release (ATOMIC_REQUESTS), then the
# list's count and its page (on PostgreSQL, the data's versions the count is
# kept under); the home page reads the two catalogues.
PARTNERS_MAX_QUERIES = 4 + (connection.vendor == "postgresql")
HOME_MAX_QUERIES = 4


def page_text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_home_explains_both_schemes_in_the_seeds_words(client):
    text = page_text(client.get(reverse("public:home")))

    assert "Buyers getting to know the programme may work with us as participants." in text
    assert (
        "After becoming familiar with how we work, buyers may like to graduate to become one of our buyer partners."
        in text
    )
    assert "including stopping other forms of factory auditing." in text
    assert (
        "Buyers unwilling to meet the above commitments are not eligible for partnership and should engage as "
        "participants." in text
    )


def test_home_lists_the_benefit_catalogue_from_the_database(client):
    BenefitFactory(title="Access to a new pilot on living wages")
    retired = BenefitFactory(title="A retired benefit", is_active=False)

    text = page_text(client.get(reverse("public:home")))

    for title in Benefit.objects.filter(is_active=True).values_list("title", flat=True):
        assert title in text
    assert retired.title not in text


def test_home_nests_sub_items_under_their_commitment(client):
    response = client.get(reverse("public:home"))

    page = html.unescape(response.content.decode())
    parent = Commitment.objects.get(code="continuous-improvement")
    nested = re.search(re.escape(parent.title) + r"\s*<ul>(.*?)</ul>", page, re.S)
    assert nested
    for item in parent.sub_items.all():
        assert item.title in nested.group(1)


def test_home_marks_the_encouraged_commitment_as_encouraged(client):
    response = client.get(reverse("public:home"))

    page = html.unescape(response.content.decode())
    encouraged = Commitment.objects.get(code="sourcing-practices")
    assert re.search(re.escape(encouraged.title) + r'\s*<span class="badge[^"]*">Encouraged, not required', page)


def test_home_leaves_out_retired_commitments(client):
    CommitmentFactory(title="A commitment no longer asked for", is_active=False)

    assert "A commitment no longer asked for" not in page_text(client.get(reverse("public:home")))


def test_home_calls_to_sign_up(client):
    response = client.get(reverse("public:home"))

    page = response.content.decode()
    assert f'href="{reverse("public:signup")}"' in page
    assert f'href="{reverse("public:signup")}?scheme=partner"' in page
    assert f'href="{reverse("public:signup")}?scheme=participant"' in page


def test_partner_list_names_active_partners_who_agreed(client):
    BuyerFactory(name="Listed Partner", partner=True, public_listing_consent=True, headquarters_country="JP")
    BuyerFactory(name="Unlisted Partner", partner=True, public_listing_consent=False)
    BuyerFactory(name="Withdrawn Partner", partner=True, public_listing_consent=True, status=Buyer.Status.WITHDRAWN)
    BuyerFactory(name="Consenting Participant", public_listing_consent=True)

    text = page_text(client.get(reverse("public:partners")))

    assert "Listed Partner Japan June 2022" in text
    assert "Unlisted Partner" not in text
    assert "Withdrawn Partner" not in text
    assert "Consenting Participant" not in text


def test_partner_list_is_in_name_order(client):
    for name in ["Zeta Wear", "Alpha Apparel", "Mid Knit"]:
        BuyerFactory(name=name, partner=True, public_listing_consent=True)

    text = page_text(client.get(reverse("public:partners")))

    assert text.index("Alpha Apparel") < text.index("Mid Knit") < text.index("Zeta Wear")


def test_partner_list_escapes_names(client):
    BuyerFactory(name="<script>alert(1)</script> Wear", partner=True, public_listing_consent=True)

    page = client.get(reverse("public:partners")).content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt; Wear" in page
    assert "<script>alert(1)" not in page


def test_partner_list_says_when_nobody_is_listed(client):
    assert "No Buyer Partners are listed yet." in page_text(client.get(reverse("public:partners")))


@pytest.mark.parametrize("size", [5, 50])
def test_partner_list_queries_do_not_grow_with_partners(client, django_assert_max_num_queries, size):
    for n in range(size):
        BuyerFactory(partner=True, public_listing_consent=True, partner_since=datetime.date(2020, 1, 1 + n % 28))

    with django_assert_max_num_queries(PARTNERS_MAX_QUERIES):
        response = client.get(reverse("public:partners"))

    assert len(response.context["partners"]) == size


def test_partner_list_shows_fifty_partners_a_page_and_leads_to_the_rest(client):
    BuyerFactory.create_batch(51, partner=True, public_listing_consent=True)

    first = client.get(reverse("public:partners"))
    second = client.get(reverse("public:partners"), {"page": 2})

    assert len(first.context["partners"]) == 50
    assert "Showing 1–50 of 51 Buyer Partners" in page_text(first)
    assert 'href="?page=2"' in first.content.decode()
    assert len(second.context["partners"]) == 1


def test_partner_list_makes_same_queries_for_5_and_50_partners(client):
    counts = []
    for size in (5, 45):
        BuyerFactory.create_batch(size, partner=True, public_listing_consent=True)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("public:partners"))
        counts.append(len(queries))

    assert counts[0] == counts[1]


@pytest.mark.parametrize("size", [5, 50])
def test_home_queries_do_not_grow_with_the_catalogues(client, django_assert_max_num_queries, size):
    BenefitFactory.create_batch(size)
    CommitmentFactory.create_batch(size)

    with django_assert_max_num_queries(HOME_MAX_QUERIES):
        client.get(reverse("public:home"))

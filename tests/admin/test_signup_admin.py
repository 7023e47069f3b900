"""Staff review of signup requests in the admin: the list, the actions and
the pages behind them."""

import html
import re

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from buyers.models import Buyer, CountryProgramme, SignupRequest
from buyers.selectors import signup_status_token
from partnerships.models import CommitmentRecord
from tests.factories import BuyerFactory, FactoryFactory, SignupRequestFactory, UserFactory, signup_form_data

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:buyers_signuprequest_changelist"
# Session, user, count, rows, facet-less filters… and the request's own
# savepoint, and on PostgreSQL the data's versions the count, the drawn rows
# and the filters are kept under: a fixed number whatever the number of rows.
CHANGELIST_MAX_QUERIES = 9 + 3 * (connection.vendor == "postgresql")


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def page_text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def run_action(client, action, *signups, follow=True):
    return client.post(
        reverse(CHANGELIST), {"action": action, "_selected_action": [s.pk for s in signups]}, follow=follow
    )


def status_text(client, signup) -> str:
    return page_text(client.get(reverse("public:signup_status", args=[signup_status_token(signup_request=signup)])))


# The list.


def test_signup_changelist_marks_possible_duplicates(staff_client):
    SignupRequestFactory(organisation_name="Flagged Brand", possible_duplicate_of=BuyerFactory(name="Known Brand"))
    SignupRequestFactory(organisation_name="Fresh Brand")

    response = staff_client.get(reverse(CHANGELIST))

    rows = {r.organisation_name: r for r in response.context["cl"].result_list}
    admin = response.context["cl"].model_admin
    assert admin.possible_duplicate_label(rows["Flagged Brand"]) == "buyer Known Brand"
    assert admin.possible_duplicate_label(rows["Fresh Brand"]) == "–"
    assert "buyer Known Brand" in page_text(response)
    # No red ✘ says "not a duplicate": the column names who it may be.
    assert "icon-no.svg" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status__exact": "rejected"}, {"Rejected Brand"}),
        ({"requested_scheme__exact": "partner"}, {"Partner Brand"}),
        ({"possible_duplicate": "yes"}, {"Duplicate Brand", "Twin Request Brand"}),
        ({"possible_duplicate": "no"}, {"Rejected Brand", "Partner Brand", "Earlier Request"}),
    ],
)
def test_signup_changelist_filters(staff_client, query, expected):
    SignupRequestFactory(organisation_name="Rejected Brand", status="rejected")
    SignupRequestFactory(organisation_name="Partner Brand", requested_scheme="partner")
    SignupRequestFactory(organisation_name="Duplicate Brand", possible_duplicate_of=BuyerFactory())
    SignupRequestFactory(
        organisation_name="Twin Request Brand",
        possible_duplicate_of_request=SignupRequestFactory(organisation_name="Earlier Request"),
    )

    response = staff_client.get(reverse(CHANGELIST), query)

    names = {r.organisation_name for r in response.context["cl"].result_list}
    assert names == expected


def build_signups(size):
    for _ in range(size):
        SignupRequestFactory(
            possible_duplicate_of=BuyerFactory(), possible_duplicate_of_request=SignupRequestFactory()
        )


@pytest.mark.parametrize("size", [5, 50])
def test_signup_changelist_queries_do_not_grow_with_rows(staff_client, django_assert_max_num_queries, size):
    build_signups(size)

    with django_assert_max_num_queries(CHANGELIST_MAX_QUERIES):
        response = staff_client.get(reverse(CHANGELIST))

    assert response.status_code == 200


def test_signup_changelist_makes_same_queries_for_5_and_50_rows(staff_client):
    counts = []
    for size in (5, 45):
        build_signups(size)
        with CaptureQueriesContext(connection) as queries:
            staff_client.get(reverse(CHANGELIST))
        counts.append(len(queries))

    assert counts[0] == counts[1]


# What a visitor typed, shown safely.

MARKUP = "<script>alert('x')</script> Robert'); DROP TABLE buyers_buyer;--"


def test_signup_change_page_escapes_what_the_public_form_received(staff_client):
    cache.clear()
    vietnam = CountryProgramme.objects.get(country="VN")
    values = dict.fromkeys(("organisation_name", "contact_name", "contact_job_title"), MARKUP)
    staff_client.post(
        reverse("public:signup"),
        signup_form_data(factories=[{"name": MARKUP, "country_programme": vietnam}], **values),
    )
    signup = SignupRequest.objects.get()
    assert signup.organisation_name == MARKUP

    response = staff_client.get(reverse("admin:buyers_signuprequest_change", args=[signup.pk]))

    page = response.content.decode()
    assert page.count("&lt;script&gt;alert(") >= 4
    assert "<script>alert(" not in page


def test_signup_change_page_shows_factories_with_their_match(staff_client):
    vietnam = CountryProgramme.objects.get(country="VN")
    factory = FactoryFactory(name="Known Factory", country_programme=vietnam)
    signup = SignupRequestFactory(
        factories=[
            {"name": "Known Factory", "country_programme": vietnam.pk, "country_programme_name": vietnam.name},
            {"name": "Unknown Factory", "country_programme": vietnam.pk, "country_programme_name": vietnam.name},
        ]
    )

    response = staff_client.get(reverse("admin:buyers_signuprequest_change", args=[signup.pk]))

    text = page_text(response)
    assert "1 of 2 already in the programme." in text
    assert "Unknown Factory (Better Work Vietnam): not matched" in text
    assert reverse("admin:buyers_factory_change", args=[factory.pk]) in response.content.decode()


def test_signup_change_page_offers_the_review_only_while_new(staff_client):
    new = SignupRequestFactory()
    decided = SignupRequestFactory(status="rejected", rejection_reason="Spam")

    new_page = staff_client.get(reverse("admin:buyers_signuprequest_change", args=[new.pk])).content.decode()
    decided_page = staff_client.get(reverse("admin:buyers_signuprequest_change", args=[decided.pk])).content.decode()

    for link in ("signup-accept-link", "signup-duplicate-link", "signup-reject-link"):
        assert link in new_page
        assert link not in decided_page


# Accept.


def test_signup_accept_action_creates_the_buyer_and_reports_it(staff_client):
    vietnam = CountryProgramme.objects.get(country="VN")
    FactoryFactory(name="Known Factory", country_programme=vietnam)
    signup = SignupRequestFactory(
        organisation_name="Northwind Outfitters",
        affirmed_commitments=["governance", "stop-auditing"],
        factories=[
            {"name": "Known Factory", "country_programme": vietnam.pk, "country_programme_name": vietnam.name},
            {"name": "Unknown Factory", "country_programme": vietnam.pk, "country_programme_name": vietnam.name},
        ],
    )

    response = run_action(staff_client, "accept_selected", signup)

    buyer = Buyer.objects.get(name="Northwind Outfitters")
    assert buyer.contacts.count() == 1
    assert CommitmentRecord.objects.filter(buyer=buyer, source="signup_form", state="affirmed").count() == 2
    assert buyer.sourcings.count() == 1
    buyer_link = f"<a href='{reverse('admin:buyers_buyer_change', args=[buyer.pk])}'>Northwind Outfitters</a>"
    assert messages_of(response) == [
        f"{signup.reference}: accepted. Created the participant {buyer_link} with its contact, "
        "2 affirmed commitment(s) and 1 sourcing link(s).",
        f"{signup.reference}: not matched to a programme factory, so not linked: Unknown Factory "
        "(Better Work Vietnam). Check them with the buyer.",
    ]
    assert "Accepted" in status_text(staff_client, signup)


def test_signup_accept_action_refuses_a_decided_request_with_a_message(staff_client):
    signup = SignupRequestFactory(status="rejected", rejection_reason="Spam", reference="BW-2026-000321")

    response = run_action(staff_client, "accept_selected", signup)

    assert messages_of(response) == ["BW-2026-000321 is already rejected: only a new request can be accepted."]
    assert Buyer.objects.count() == 0


def test_signup_accept_page_confirms_then_accepts(staff_client):
    signup = SignupRequestFactory(organisation_name="Northwind Outfitters")
    url = reverse("admin:buyers_signuprequest_accept") + f"?ids={signup.pk}"

    confirm = staff_client.get(url)
    response = staff_client.post(url, {"ids": str(signup.pk)}, follow=True)

    assert "Accepting creates each buyer as a participant" in page_text(confirm)
    assert Buyer.objects.filter(name="Northwind Outfitters").exists()
    assert response.redirect_chain[-1][0] == reverse("admin:buyers_signuprequest_change", args=[signup.pk])


# Mark duplicate.


def test_signup_mark_duplicate_action_leads_to_a_page_to_pick_the_buyer(staff_client):
    signups = [SignupRequestFactory(), SignupRequestFactory()]

    response = run_action(staff_client, "mark_selected_duplicate", *signups, follow=False)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:buyers_signuprequest_mark_duplicate"))
    page = staff_client.get(response["Location"])
    assert "Mark as duplicate of an existing buyer" in page_text(page)
    assert all(s.reference in page_text(page) for s in signups)


def test_signup_mark_duplicate_page_links_the_buyer(staff_client):
    buyer = BuyerFactory(name="Known Brand")
    signup = SignupRequestFactory()
    url = reverse("admin:buyers_signuprequest_mark_duplicate")

    response = staff_client.post(url, {"ids": str(signup.pk), "buyer": buyer.pk}, follow=True)

    signup.refresh_from_db()
    assert (signup.status, signup.buyer) == (SignupRequest.Status.DUPLICATE, buyer)
    assert messages_of(response) == [f"Marked as duplicate of Known Brand: {signup.reference}."]
    assert Buyer.objects.count() == 1
    assert "Already known to us" in status_text(staff_client, signup)


def test_signup_mark_duplicate_page_suggests_the_possible_duplicate(staff_client):
    buyer = BuyerFactory(name="Known Brand")
    signup = SignupRequestFactory(possible_duplicate_of=buyer)

    response = staff_client.get(reverse("admin:buyers_signuprequest_mark_duplicate"), {"ids": signup.pk})

    assert response.context["form"].initial["buyer"] == buyer
    assert f'<option value="{buyer.pk}" selected>Known Brand</option>' in response.content.decode()


def test_signup_mark_duplicate_page_needs_a_buyer(staff_client):
    signup = SignupRequestFactory()

    response = staff_client.post(reverse("admin:buyers_signuprequest_mark_duplicate"), {"ids": str(signup.pk)})

    assert "Choose the buyer the request duplicates." in page_text(response)
    signup.refresh_from_db()
    assert signup.status == SignupRequest.Status.NEW


# Reject.


def test_signup_reject_action_leads_to_a_page_asking_the_reason(staff_client):
    signup = SignupRequestFactory()

    response = run_action(staff_client, "reject_selected", signup)

    assert "The buyer reads the reason on the request's status page." in page_text(response)
    assert response.redirect_chain[-1][0].startswith(reverse("admin:buyers_signuprequest_reject"))


def test_signup_reject_page_needs_a_reason(staff_client):
    signup = SignupRequestFactory()

    response = staff_client.post(
        reverse("admin:buyers_signuprequest_reject"), {"ids": str(signup.pk), "rejection_reason": "   "}
    )

    assert "Give the reason for rejecting the request; the buyer reads it." in page_text(response)
    signup.refresh_from_db()
    assert signup.status == SignupRequest.Status.NEW


def test_signup_reject_page_rejects_each_selected_request_with_the_reason(staff_client):
    signups = [SignupRequestFactory(), SignupRequestFactory()]

    response = staff_client.post(
        reverse("admin:buyers_signuprequest_reject"),
        {"ids": ",".join(str(s.pk) for s in signups), "rejection_reason": "We work with apparel buyers only."},
        follow=True,
    )

    assert messages_of(response) == [f"Rejected: {signups[0].reference}, {signups[1].reference}."]
    for signup in signups:
        signup.refresh_from_db()
        assert (signup.status, signup.rejection_reason) == ("rejected", "We work with apparel buyers only.")
    assert "We work with apparel buyers only." in status_text(staff_client, signups[0])


def test_signup_reject_page_reports_requests_already_decided(staff_client):
    decided = SignupRequestFactory(status="accepted", buyer=BuyerFactory(), reference="BW-2026-000100")

    response = staff_client.post(
        reverse("admin:buyers_signuprequest_reject"),
        {"ids": str(decided.pk), "rejection_reason": "Spam"},
        follow=True,
    )

    assert messages_of(response) == ["BW-2026-000100 is already accepted: only a new request can be rejected."]


# Permissions and odd input.


@pytest.mark.parametrize("name", ["accept", "mark_duplicate", "reject"])
def test_signup_review_pages_refuse_staff_who_cannot_change_requests(client, name):
    viewer = UserFactory(staff=True, username="viewer", permissions=["buyers.view_signuprequest"])
    client.force_login(viewer)
    signup = SignupRequestFactory()

    response = client.get(reverse(f"admin:buyers_signuprequest_{name}"), {"ids": signup.pk})

    assert response.status_code == 403


@pytest.mark.parametrize("ids", ["", "abc", "1 OR 1=1", "99999999"])
def test_signup_review_pages_send_back_to_the_list_without_valid_requests(staff_client, ids):
    response = staff_client.get(reverse("admin:buyers_signuprequest_reject"), {"ids": ids}, follow=True)

    assert messages_of(response) == ["Select the signup requests to review first."]
    assert response.redirect_chain[-1][0] == reverse(CHANGELIST)

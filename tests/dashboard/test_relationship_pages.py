"""The relationship on the dashboard (issue 12): logging an interaction
from the buyer file, My work, the partners × benefits table, the yearly
review, the last-contact column; each list at a constant number of
queries, each form refusing bad input beside its field."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partnerships.models import BenefitDelivery, CommitmentRecord, Interaction, PartnerReview
from partnerships.roles import DECIDER, EDITOR, VIEWER, sync_roles
from tests.factories import (
    BenefitDeliveryFactory,
    BuyerFactory,
    CommitmentRecordFactory,
    ContactFactory,
    InteractionFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db]


def _client_for(*roles, username="focal"):
    sync_roles()
    user = UserFactory(staff=True, username=username, first_name="Linh")
    user.groups.set(Group.objects.filter(name__in=roles))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def focal():
    return _client_for(EDITOR, DECIDER)


@pytest.fixture
def partner(focal):
    buyer = BuyerFactory(name="Nordic Threads", partner=True, focal_point=focal.user)
    ContactFactory(buyer=buyer, name="Åsa Lind")
    return buyer


def _log(client, buyer, **fields):
    data = {
        "kind": "call",
        "occurred_on": timezone.localdate().isoformat(),
        "summary": "Talked through the remediation plans.",
        "visibility": "internal",
    } | fields
    return client.post(reverse("dashboard:log_interaction", args=[buyer.pk]), data)


def test_logging_a_call_from_the_buyer_file_returns_to_it(focal, partner):
    response = _log(focal, partner, contacts=[partner.contacts.get().pk], staff=[focal.user.pk])
    assert response.status_code == 302
    assert response["Location"].endswith(f"/dashboard/buyers/{partner.pk}/#relationship")
    interaction = Interaction.objects.get()
    assert (interaction.recorded_by, list(interaction.contacts.all())) == (focal.user, [partner.contacts.get()])
    page = focal.get(reverse("dashboard:buyer_detail", args=[partner.pk])).content.decode()
    assert "Talked through the remediation plans." in page


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"occurred_on": "2999-01-01"}, "occurred_on", "choose today or an earlier day"),
        ({"follow_up": "Send the plan"}, "follow_up_due", "Give the day the follow-up is due"),
        ({"kind": "telepathy"}, "kind", "Select a valid choice"),
        ({"summary": ""}, "summary", "This field is required"),
        ({"occurred_on": "31/02/2026"}, "occurred_on", "Enter a valid date"),
        ({"summary": "x\x00y"}, "summary", "Null characters are not allowed"),
    ],
)
def test_a_bad_interaction_is_refused_beside_its_field_and_nothing_is_logged(focal, partner, fields, field, message):
    response = _log(focal, partner, **fields)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert not Interaction.objects.exists()


def test_a_quarterly_call_cited_as_evidence_verifies_the_line_and_delivers_the_benefit(focal, partner):
    from partnerships.models import Commitment

    governance = Commitment.objects.get(code="governance")
    _log(focal, partner, kind="quarterly_call", evidence_for=[governance.pk], evidence_state="verified")
    record = CommitmentRecord.objects.get(buyer=partner, commitment=governance)
    assert (record.state, record.evidence_interaction) == ("verified", Interaction.objects.get())
    assert BenefitDelivery.objects.get(buyer=partner).benefit.code == "quarterly-calls"


def test_a_viewer_cannot_log(partner):
    viewer = _client_for(VIEWER, username="viewer")
    assert viewer.get(reverse("dashboard:log_interaction", args=[partner.pk])).status_code == 403
    assert _log(viewer, partner).status_code == 403


def test_my_work_lists_what_is_due_and_the_follow_ups_i_own(focal, partner):
    today = timezone.localdate()
    CommitmentRecordFactory(buyer=partner, state="affirmed", review_by=today - datetime.timedelta(days=3))
    InteractionFactory(
        buyer=partner,
        occurred_on=today,
        follow_up="Send the remediation plan",
        follow_up_due=today + datetime.timedelta(days=5),
        follow_up_owner=focal.user,
    )
    page = focal.get(reverse("dashboard:my_work")).content.decode()
    assert "Overdue (" in page and "Review the checklist line" in page
    assert "Send the remediation plan" in page
    assert "Nordic Threads" in page


def test_completing_a_follow_up_from_my_work(focal, partner):
    interaction = InteractionFactory(
        buyer=partner, follow_up="Send it", follow_up_due=timezone.localdate(), follow_up_owner=focal.user
    )
    response = focal.post(
        reverse("dashboard:complete_follow_up", args=[interaction.pk]), {"next": reverse("dashboard:my_work")}
    )
    assert response["Location"] == reverse("dashboard:my_work")
    interaction.refresh_from_db()
    assert interaction.follow_up_done_on == timezone.localdate()


def test_a_decider_records_the_yearly_review(focal, partner):
    response = focal.post(reverse("dashboard:partner_review", args=[partner.pk]), {"note": "Stays a partner."})
    assert response.status_code == 302
    assert PartnerReview.objects.get(buyer=partner).next_review_by > timezone.localdate()


def test_an_empty_review_note_is_refused_beside_the_field(focal, partner):
    response = focal.post(reverse("dashboard:partner_review", args=[partner.pk]), {"note": "  "})
    assert "note" in response.context["form"].errors


def test_an_overdue_yearly_review_shows_on_the_partners_file(focal):
    partner = BuyerFactory(partner=True, partner_since=datetime.date(2020, 1, 1))
    page = focal.get(reverse("dashboard:buyer_detail", args=[partner.pk])).content.decode()
    assert "Yearly review overdue since 31 Dec 2020" in page


def test_the_buyer_list_sorts_the_longest_without_contact_first(focal):
    never = BuyerFactory(name="Never Called")
    old = BuyerFactory(name="Old Friend")
    recent = BuyerFactory(name="Recent Friend")
    InteractionFactory(buyer=old, occurred_on=datetime.date(2024, 1, 1))
    InteractionFactory(buyer=recent, occurred_on=datetime.date(2026, 1, 1))
    response = focal.get(reverse("dashboard:buyer_list") + "?sort=contact")
    assert [buyer.name for buyer, _risk in response.context["rows"]] == [never.name, old.name, recent.name]
    assert "1 Jan 2024" in response.content.decode()


def _programme(size, focal_user):
    for i in range(size):
        buyer = BuyerFactory(partner=i % 2 == 0, focal_point=focal_user)
        CommitmentRecordFactory(buyer=buyer, state="affirmed", review_by=datetime.date(2026, 1, 1 + i % 28))
        InteractionFactory(
            buyer=buyer,
            occurred_on=datetime.date(2025, 1 + i % 12, 1),
            follow_up=f"Call back {i}",
            follow_up_due=datetime.date(2026, 2, 1 + i % 28),
            follow_up_owner=focal_user,
        )
        if buyer.is_active_partner:
            BenefitDeliveryFactory(buyer=buyer, delivered_on=datetime.date(2026, 1 + i % 12, 1))


# page: (URL name, exact queries at both sizes). My work counts the buyers
# and reads the first 30; the benefits table counts the partners for its
# pages.
# On PostgreSQL each reads the data's versions once more: My work is kept
# under it, the benefits table's count too.
PAGES = {"my_work": 11 + (connection.vendor == "postgresql"), "benefits": 8 + (connection.vendor == "postgresql")}


@pytest.mark.parametrize("size", [5, 40])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_relationship_pages_run_the_same_queries_at_any_size(focal, django_assert_num_queries, name, size):
    _programme(size, focal.user)
    with django_assert_num_queries(PAGES[name]):
        response = focal.get(reverse(f"dashboard:{name}") + ("?year=2026" if name == "benefits" else ""))
    assert response.status_code == 200


def test_my_work_names_thirty_of_my_buyers_and_leads_to_the_rest(focal):
    for i in range(31):
        BuyerFactory(name=f"Buyer {i:02d}", focal_point=focal.user)

    page = focal.get(reverse("dashboard:my_work")).content.decode()

    assert "My buyers (31)" in page
    assert "Buyer 29" in page and "Buyer 30" not in page
    assert f"?focal_point={focal.user.pk}&amp;status=active&amp;sort=contact" in page


def test_benefits_table_shows_fifty_partners_a_page(focal):
    for i in range(51):
        BuyerFactory(name=f"Partner {i:02d}", partner=True)

    first = focal.get(reverse("dashboard:benefits"), {"year": "2026"})
    second = focal.get(reverse("dashboard:benefits"), {"year": "2026", "page": "2"})

    assert len(first.context["table"].rows) == 50
    assert [partner.name for partner, _ in second.context["table"].rows] == ["Partner 50"]
    assert "?year=2026&amp;page=2" in first.content.decode()


def test_my_work_shows_the_first_twenty_five_overdue_and_leads_to_all(focal):
    today = timezone.localdate()
    for i in range(26):
        buyer = BuyerFactory(name=f"Buyer {i:02d}", focal_point=focal.user)
        CommitmentRecordFactory(buyer=buyer, state="affirmed", review_by=today - datetime.timedelta(days=40 - i))

    def overdue_section(query) -> str:
        page = focal.get(reverse("dashboard:my_work"), query).content.decode()
        return page[page.index('id="overdue-title"') : page.index('id="coming-title"')]

    first, every = overdue_section({}), overdue_section({"all": "1"})

    assert "Overdue (26)" in first
    assert "Buyer 24" in first and "Buyer 25" not in first
    assert "Showing the first 25 of 26." in first and 'href="?all=1#overdue-title"' in first
    assert "Buyer 25" in every and "Showing all 26." in every

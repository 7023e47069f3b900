"""Adding and changing a buyer through the admin."""

import datetime

import pytest
from django.test import Client

from buyers.models import Buyer, Sourcing
from partnerships.models import CommitmentRecord
from tests.admin.form_data import buyer_form_data, change_form_data
from tests.admin.registry import admin_url
from tests.factories import (
    BuyerFactory,
    CommitmentRecordFactory,
    SourcingFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


# Adding and changing a buyer through the admin.


def test_buyer_add_form_creates_buyer_with_contact(staff_client):
    data = buyer_form_data(
        staff_client,
        **{
            "contacts-TOTAL_FORMS": "1",
            "contacts-0-name": "Jo Rivera",
            "contacts-0-email": "jo.rivera@acme.example.com",
            "contacts-0-is_better_work_liaison": "on",
        },
    )

    response = staff_client.post(admin_url("buyers.buyer", "add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    buyer = Buyer.objects.get(name="ACME, Inc.")
    assert buyer.name_key == "acme"
    assert buyer.website_domain == "acme.example.com"
    assert [(c.name, c.is_better_work_liaison) for c in buyer.contacts.all()] == [("Jo Rivera", True)]


def test_buyer_add_form_refuses_name_that_differs_only_in_case_and_punctuation(staff_client):
    BuyerFactory(name="ACME, Inc.")
    data = buyer_form_data(staff_client, name="acme inc")

    response = staff_client.post(admin_url("buyers.buyer", "add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"] == ["A buyer with this name already exists."]
    assert not Buyer.objects.filter(name="acme inc").exists()


def test_buyer_add_form_does_not_offer_tier_or_partner_since(staff_client):
    response = staff_client.get(admin_url("buyers.buyer", "add"))

    assert not {"tier", "partner_since"} & set(response.context["adminform"].form.fields)
    assert "approve it on its Decide partnership page" in response.content.decode()


def test_buyer_added_as_partner_by_hand_is_a_participant_without_a_decision(client):
    # Issue 9, finding 1: only buyers.add_buyer and buyers.view_buyer.
    clerk = UserFactory(staff=True, username="clerk", permissions=["buyers.add_buyer", "buyers.view_buyer"])
    client.force_login(clerk)
    data = buyer_form_data(client, tier=Buyer.Tier.PARTNER, partner_since="2020-01-01", public_listing_consent="on")

    client.post(admin_url("buyers.buyer", "add"), data)

    buyer = Buyer.objects.get()
    assert (buyer.tier, buyer.partner_since) == (Buyer.Tier.PARTICIPANT, None)
    assert not buyer.partnership_decisions.exists()
    assert buyer.name not in Client().get("/partners/").content.decode()


def test_buyer_change_form_shows_tier_and_partner_since_read_only(staff_client):
    buyer = BuyerFactory(partner=True)

    response = staff_client.get(admin_url("buyers.buyer", "change", buyer.pk))

    assert not {"tier", "partner_since"} & set(response.context["adminform"].form.fields)
    assert "only a partnership decision changes them" in response.content.decode()


def test_sourcing_form_refuses_second_open_sourcing_of_same_factory(staff_client):
    sourcing = SourcingFactory()

    response = staff_client.post(
        admin_url("buyers.sourcing", "add"),
        {"buyer": sourcing.buyer.pk, "factory": sourcing.factory.pk, "started_on": "2025-01-01"},
    )

    assert response.status_code == 200
    assert "This buyer already sources from this factory; end that sourcing first." in response.content.decode()
    assert Sourcing.objects.filter(buyer=sourcing.buyer).count() == 1


def test_buyer_change_form_sums_up_sourcing_each_row_opening_its_own_page(staff_client):
    """As inline edit forms, a partner's 25 to 40 sourcing rows were most of
    the page's time and widened it past the screen (issues 13 and 14)."""
    sourcing = SourcingFactory()
    SourcingFactory.create_batch(15, buyer=sourcing.buyer)

    response = staff_client.get(admin_url("buyers.buyer", "change", sourcing.buyer.pk))

    assert not [f for f in response.context["inline_admin_formsets"] if f.formset.model is Sourcing]
    summary = response.context["sourcing"]
    assert (summary.current, summary.ended, len(summary.rows)) == (16, 0, 15)
    page = response.content.decode()
    assert "Sourcing: 16 current, 0 ended" in page
    assert f"?buyer__id__exact={sourcing.buyer.pk}" in page
    assert f"{admin_url('buyers.sourcing', 'add')}?buyer={sourcing.buyer.pk}" in page
    assert (
        staff_client.get(
            admin_url("buyers.sourcing", "changelist"), {"buyer__id__exact": sourcing.buyer.pk}
        ).status_code
        == 200
    )


def test_buyer_change_form_records_who_changed_a_checklist_line(staff_client, staff_user):
    record = CommitmentRecordFactory(changed_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC))
    data = change_form_data(staff_client, record.buyer)
    data["commitment_records-0-state"] = CommitmentRecord.State.VERIFIED

    response = staff_client.post(admin_url("buyers.buyer", "change", record.buyer.pk), data)

    assert response.status_code == 302
    record.refresh_from_db()
    assert record.state == CommitmentRecord.State.VERIFIED
    assert record.changed_by == staff_user
    assert record.changed_at.year > 2024


def test_buyer_change_form_names_a_checklist_lines_commitment_in_full_not_in_a_chooser(staff_client):
    title = "Providing information that allows Better Work to plan, resource and scope services for all partners"
    record = CommitmentRecordFactory(commitment__title=title)

    page = staff_client.get(admin_url("buyers.buyer", "change", record.buyer.pk)).content.decode()

    assert f'<span class="fixed-object">{title}</span>' in page
    assert 'name="commitment_records-0-commitment"' not in page
    # The row for a new line still offers the chooser.
    assert 'name="commitment_records-__prefix__-commitment"' in page


def test_buyer_change_form_keeps_a_checklist_lines_commitment_whatever_is_sent(staff_client):
    record = CommitmentRecordFactory()
    other = CommitmentRecordFactory().commitment
    data = change_form_data(staff_client, record.buyer)
    data["commitment_records-0-commitment"] = other.pk
    data["commitment_records-0-state"] = CommitmentRecord.State.VERIFIED

    response = staff_client.post(admin_url("buyers.buyer", "change", record.buyer.pk), data)

    assert response.status_code == 302
    record.refresh_from_db()
    assert record.commitment_id != other.pk
    assert record.state == CommitmentRecord.State.VERIFIED
    assert not CommitmentRecord.objects.filter(buyer=record.buyer, commitment=other).exists()


def test_the_buyer_page_opens_with_where_the_buyer_stands(admin_client_, fill_checklist):
    from partnerships.models import CommitmentRecord

    partner = fill_checklist(BuyerFactory(partner=True), state=CommitmentRecord.State.VERIFIED)
    html = admin_client_.get(f"/admin/buyers/buyer/{partner.pk}/change/").content.decode()
    banner = html.index('class="standing-banner standing-attention"')
    assert banner < html.index('id="buyer_form"') + 3000
    assert "⚠ Partner at risk" in html[banner : banner + 300]

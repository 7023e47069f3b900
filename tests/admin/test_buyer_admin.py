"""Adding and changing a buyer through the admin."""

import datetime

import pytest

from buyers.models import Buyer, Sourcing
from partnerships.models import CommitmentRecord
from tests.admin.registry import admin_url
from tests.factories import (
    BuyerFactory,
    CommitmentRecordFactory,
    SourcingFactory,
)

pytestmark = pytest.mark.django_db


# Adding and changing a buyer through the admin.


def buyer_form_data(client, **fields):
    """Return complete POST data for the buyer add form: the buyer's fields
    and an empty management form for every inline on the page."""
    response = client.get(admin_url("buyers.buyer", "add"))
    data = {
        "name": "ACME, Inc.",
        "headquarters_country": "US",
        "website": "https://www.acme.example.com/",
        "status": Buyer.Status.ACTIVE,
        "joined_on": "2024-01-10",
        "focal_point": "",
        "tier": Buyer.Tier.PARTICIPANT,
        "partner_since": "",
        "public_listing_consent": "",
        "notes": "",
    }
    for inline in response.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data | fields


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
    assert buyer.name_key == "acme inc"
    assert buyer.website_domain == "acme.example.com"
    assert [(c.name, c.is_better_work_liaison) for c in buyer.contacts.all()] == [("Jo Rivera", True)]


def test_buyer_add_form_refuses_name_that_differs_only_in_case_and_punctuation(staff_client):
    BuyerFactory(name="ACME, Inc.")
    data = buyer_form_data(staff_client, name="acme inc")

    response = staff_client.post(admin_url("buyers.buyer", "add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"] == ["A buyer with this name already exists."]
    assert not Buyer.objects.filter(name="acme inc").exists()


def test_buyer_add_form_allows_tier_and_partner_since(staff_client):
    response = staff_client.get(admin_url("buyers.buyer", "add"))

    assert {"tier", "partner_since"} <= set(response.context["adminform"].form.fields)


def test_buyer_change_form_shows_tier_and_partner_since_read_only(staff_client):
    buyer = BuyerFactory(partner=True)

    response = staff_client.get(admin_url("buyers.buyer", "change", buyer.pk))

    assert not {"tier", "partner_since"} & set(response.context["adminform"].form.fields)
    assert "only a partnership decision changes them" in response.content.decode()


def change_form_data(client, buyer):
    """Return the buyer change form's data as the browser would send it."""
    response = client.get(admin_url("buyers.buyer", "change", buyer.pk))
    data = {}
    for form in [response.context["adminform"].form] + [
        form for inline in response.context["inline_admin_formsets"] for form in inline.formset.forms
    ]:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    return data


def test_buyer_change_form_refuses_second_open_sourcing_of_same_factory(staff_client):
    sourcing = SourcingFactory()
    data = change_form_data(staff_client, sourcing.buyer)
    data |= {
        "sourcings-TOTAL_FORMS": "2",
        "sourcings-1-factory": str(sourcing.factory.pk),
        "sourcings-1-started_on": "2025-01-01",
    }

    response = staff_client.post(admin_url("buyers.buyer", "change", sourcing.buyer.pk), data)

    assert response.status_code == 200
    (sourcings,) = [f for f in response.context["inline_admin_formsets"] if f.formset.model is Sourcing]
    assert sourcings.formset.errors[1]["__all__"] == [
        "This buyer already sources from this factory; end that sourcing first."
    ]
    assert Sourcing.objects.filter(buyer=sourcing.buyer).count() == 1


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

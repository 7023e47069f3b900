"""Logging an interaction from the admin (issue 12): through the same
service as the dashboard, refusing bad input beside its field."""

import datetime

import pytest
from django.utils import timezone

from partnerships.models import BenefitDelivery, Interaction
from tests.factories import BuyerFactory, ContactFactory

pytestmark = [pytest.mark.django_db]

ADD_URL = "/admin/partnerships/interaction/add/"


def _data(buyer, **fields):
    return {
        "buyer": buyer.pk,
        "kind": "quarterly_call",
        "occurred_on": timezone.localdate().strftime("%d/%m/%Y"),
        "summary": "Quarterly call.",
        "visibility": "internal",
    } | fields


def test_an_interaction_added_in_the_admin_is_logged_by_the_service(admin_client_, superuser):
    partner = BuyerFactory(partner=True)
    response = admin_client_.post(ADD_URL, _data(partner))
    assert response.status_code == 302, response.context["adminform"].form.errors
    interaction = Interaction.objects.get()
    assert interaction.recorded_by == superuser
    # The service's rules hold: a quarterly call with a partner delivers its benefit.
    assert BenefitDelivery.objects.get(interaction=interaction).benefit.code == "quarterly-calls"


def test_a_future_day_is_refused_beside_the_field(admin_client_):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = admin_client_.post(ADD_URL, _data(BuyerFactory(), occurred_on=tomorrow.strftime("%d/%m/%Y")))
    assert "choose today or an earlier day" in str(response.context["adminform"].form.errors["occurred_on"])
    assert not Interaction.objects.exists()


def test_a_contact_of_another_buyer_is_refused_beside_the_field(admin_client_):
    response = admin_client_.post(ADD_URL, _data(BuyerFactory(), contacts=[ContactFactory().pk]))
    assert "Choose people of this buyer" in str(response.context["adminform"].form.errors["contacts"])
    assert not Interaction.objects.exists()

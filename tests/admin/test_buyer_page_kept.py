"""The admin's buyer page keeps its fields and rows, drawn from the
database, under the data's versions (issue 14; the buyer change form
template, betterwork_portal/cached_pages.py): a second visit does not draw
them again, and any change, a different viewer's permissions or a form sent
back with errors is drawn afresh."""

import pytest
from django.db import connection
from django.test import Client

from buyers.models import Buyer
from partnerships.models import Commitment, CommitmentRecord
from partnerships.services import record_commitment_states
from tests.admin.form_data import change_form_data
from tests.admin.registry import admin_url
from tests.factories import BuyerFactory, ContactFactory, UserFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the version's triggers are PostgreSQL's"),
    # serialized_rollback restores the catalogues the flush after each test removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
FIELDSET = "admin/includes/fieldset.html"
INLINE = "admin/edit_inline/tabular.html"


def _visit(client, buyer):
    response = client.get(admin_url("buyers.buyer", "change", buyer.pk))
    assert response.status_code == 200
    return response


def _drawn(response) -> set[str]:
    return {template.name for template in response.templates}


def test_a_second_visit_does_not_draw_the_fields_and_rows_again(staff_client):
    buyer = BuyerFactory(notes="Prefers calls in the morning.")
    ContactFactory(buyer=buyer)
    first = _visit(staff_client, buyer)
    second = _visit(staff_client, buyer)

    assert {FIELDSET, INLINE} <= _drawn(first)
    assert not {FIELDSET, INLINE} & _drawn(second)
    assert "Prefers calls in the morning." in second.content.decode()
    assert 'name="contacts-0-email"' in second.content.decode()


def test_a_change_since_the_last_visit_shows(staff_client, staff_user):
    buyer = BuyerFactory(notes="Prefers calls in the morning.")
    _visit(staff_client, buyer)
    Buyer.objects.filter(pk=buyer.pk).update(notes="Prefers email.")
    record_commitment_states(
        buyer=buyer,
        commitments=Commitment.objects.filter(code="governance"),
        state=CommitmentRecord.State.BREACHED,
        changed_by=staff_user,
    )

    page = _visit(staff_client, buyer).content.decode()

    # The page token names the version the checklist change counted.
    assert f'name="page_version" value="{Buyer.objects.get(pk=buyer.pk).version}:' in page
    assert "Prefers email." in page
    assert "Prefers calls in the morning." not in page
    assert 'value="breached" selected' in page


def test_a_viewer_who_may_only_view_gets_no_editors_inputs(staff_client):
    buyer = BuyerFactory(notes="Prefers calls in the morning.")
    _visit(staff_client, buyer)
    viewer = Client()
    viewer.force_login(UserFactory(staff=True, username="viewer", permissions=["buyers.view_buyer"]))

    page = _visit(viewer, buyer).content.decode()

    assert 'name="notes"' not in page
    assert "Prefers calls in the morning." in page


def test_a_form_sent_back_with_errors_keeps_what_was_typed(staff_client):
    buyer = BuyerFactory(name="Fjord Apparel")
    _visit(staff_client, buyer)
    data = change_form_data(staff_client, buyer) | {"name": "", "notes": "Typed, not yet saved."}

    response = staff_client.post(admin_url("buyers.buyer", "change", buyer.pk), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Typed, not yet saved." in page
    assert "This field is required." in page

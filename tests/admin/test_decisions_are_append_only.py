"""Partnership decisions are append-only in the admin; catalogue entries
are never deleted."""

import pytest

from partnerships.models import PartnershipDecision
from tests.admin.registry import FACTORY_BY_MODEL, admin_url
from tests.factories import (
    PartnershipDecisionFactory,
)

pytestmark = pytest.mark.django_db


# Partnership decisions are append-only.


def test_partnership_decision_add_page_is_refused(admin_client_):
    response = admin_client_.get(admin_url("partnerships.partnershipdecision", "add"))

    assert response.status_code == 403


def test_partnership_decision_change_page_is_read_only(admin_client_):
    decision = PartnershipDecisionFactory()

    response = admin_client_.get(admin_url("partnerships.partnershipdecision", "change", decision.pk))

    assert response.status_code == 200
    assert b'name="_save"' not in response.content
    assert response.context["adminform"].form.fields == {}
    assert decision.rationale in response.content.decode()


def test_partnership_decision_post_to_change_page_changes_nothing(admin_client_):
    decision = PartnershipDecisionFactory()

    response = admin_client_.post(
        admin_url("partnerships.partnershipdecision", "change", decision.pk),
        {"rationale": "Rewritten after the fact.", "outcome": PartnershipDecision.Outcome.DECLINED},
    )

    assert response.status_code == 403
    decision.refresh_from_db()
    assert decision.rationale == "All required commitments affirmed in the signed letter."
    assert decision.outcome == PartnershipDecision.Outcome.APPROVED


def test_partnership_decision_post_to_delete_page_deletes_nothing(admin_client_):
    decision = PartnershipDecisionFactory()

    response = admin_client_.post(
        admin_url("partnerships.partnershipdecision", "delete", decision.pk), {"post": "yes"}
    )

    assert response.status_code == 403
    assert PartnershipDecision.objects.filter(pk=decision.pk).exists()


def test_partnership_decision_changelist_offers_no_actions(admin_client_):
    PartnershipDecisionFactory()

    response = admin_client_.get(admin_url("partnerships.partnershipdecision", "changelist"))

    assert response.context["action_form"] is None


def test_buyer_change_page_shows_decisions_read_only(admin_client_):
    decision = PartnershipDecisionFactory()

    response = admin_client_.get(admin_url("buyers.buyer", "change", decision.buyer.pk))

    (decisions,) = [f for f in response.context["inline_admin_formsets"] if f.formset.model is PartnershipDecision]
    assert decisions.has_add_permission is False
    assert decisions.has_change_permission is False
    assert decisions.has_delete_permission is False
    assert decision.rationale in response.content.decode()


@pytest.mark.parametrize("label", ["partnerships.commitment", "partnerships.benefit"])
def test_catalogue_entries_cannot_be_deleted(admin_client_, label):
    obj = FACTORY_BY_MODEL[label]()

    response = admin_client_.post(admin_url(label, "delete", obj.pk), {"post": "yes"})

    assert response.status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()

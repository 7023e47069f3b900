"""Logging the relationship (issue 12): interactions with their
follow-ups, the benefits they deliver, citing one as a checklist line's
evidence, and the yearly partner review."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from partnerships.models import BenefitDelivery, Commitment, CommitmentRecord, Interaction
from partnerships.roles import DECIDER, EDITOR, VIEWER, sync_roles
from partnerships.services import (
    complete_follow_up,
    log_interaction,
    record_commitment_states,
    record_partner_review,
)
from tests.factories import BuyerFactory, ContactFactory, CountryProgrammeFactory, UserFactory

pytestmark = [pytest.mark.django_db]


def _with_role(role, username):
    from django.contrib.auth.models import Group

    sync_roles()
    user = UserFactory(staff=True, username=username)
    user.groups.set([Group.objects.get(name=role)])
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def focal_point():
    return _with_role(EDITOR, "focal")


@pytest.fixture
def partner():
    return BuyerFactory(name="Nordic Threads", partner=True)


def _log(buyer, user, **kwargs):
    fields = {"kind": "call", "occurred_on": timezone.localdate(), "summary": "Talked remediation."} | kwargs
    return log_interaction(buyer=buyer, recorded_by=user, **fields)


def test_a_quarterly_call_with_a_partner_delivers_the_quarterly_calls_benefit(partner, focal_point):
    vietnam = CountryProgrammeFactory(country="VN", name="Better Work Vietnam")
    interaction = _log(partner, focal_point, kind="quarterly_call", country_programmes=[vietnam])
    [delivery] = BenefitDelivery.objects.filter(buyer=partner)
    assert (delivery.benefit.code, delivery.interaction, delivery.delivered_on) == (
        "quarterly-calls",
        interaction,
        interaction.occurred_on,
    )


def test_a_call_with_a_participant_delivers_no_benefit(focal_point):
    participant = BuyerFactory()
    _log(participant, focal_point, kind="quarterly_call")
    assert not BenefitDelivery.objects.exists()


def test_an_interaction_cannot_be_logged_in_the_future(partner, focal_point):
    with pytest.raises(ValidationError) as refused:
        _log(partner, focal_point, occurred_on=timezone.localdate() + datetime.timedelta(days=1))
    assert "occurred_on" in refused.value.message_dict
    assert not Interaction.objects.exists()


def test_a_follow_up_needs_a_date_and_an_owner(partner, focal_point):
    with pytest.raises(ValidationError) as refused:
        _log(partner, focal_point, follow_up="Send the plan")
    assert "follow_up_due" in refused.value.message_dict


def test_a_contact_of_another_buyer_is_refused(partner, focal_point):
    with pytest.raises(ValidationError) as refused:
        _log(partner, focal_point, contacts=[ContactFactory()])
    assert "contacts" in refused.value.message_dict


def test_a_viewer_cannot_log_an_interaction(partner):
    with pytest.raises(PermissionDenied):
        _log(partner, _with_role(VIEWER, "viewer"))


def test_a_follow_up_is_completed(partner, focal_point):
    interaction = _log(
        partner,
        focal_point,
        follow_up="Send the plan",
        follow_up_due=timezone.localdate(),
        follow_up_owner=focal_point,
    )
    complete_follow_up(interaction=interaction, done_by=focal_point)
    interaction.refresh_from_db()
    assert interaction.follow_up_done_on == timezone.localdate()
    assert not interaction.has_open_follow_up


def test_an_interaction_cited_as_evidence_is_kept_on_the_checklist_line(partner, focal_point):
    decider = _with_role(DECIDER, "decider")
    interaction = _log(partner, focal_point, kind="quarterly_call")
    commitment = Commitment.objects.get(code="governance")
    [record] = record_commitment_states(
        buyer=partner,
        commitments=[commitment],
        state="verified",
        changed_by=decider,
        evidence="Their representative joined the call.",
        evidence_interaction=interaction,
    )
    assert (record.evidence_interaction, record.source) == (interaction, CommitmentRecord.Source.INTERACTION)


def test_another_buyers_interaction_cannot_be_cited(partner, focal_point):
    decider = _with_role(DECIDER, "decider")
    other = _log(BuyerFactory(), focal_point)
    with pytest.raises(ValidationError):
        record_commitment_states(
            buyer=partner,
            commitments=[Commitment.objects.get(code="governance")],
            state="verified",
            changed_by=decider,
            evidence_interaction=other,
        )


def test_a_partner_review_keeps_the_checklist_and_sets_the_next_a_year_on(partner):
    decider = _with_role(DECIDER, "decider")
    review = record_partner_review(
        buyer=partner, note="Stays a partner.", reviewed_by=decider, reviewed_on=datetime.date(2026, 3, 1)
    )
    assert review.next_review_by == datetime.date(2027, 3, 1)
    assert {line["code"] for line in review.checklist_snapshot} >= {"governance"}


def test_only_a_decider_records_a_partner_review(partner, focal_point):
    with pytest.raises(PermissionDenied):
        record_partner_review(buyer=partner, note="Stays.", reviewed_by=focal_point)


def test_a_participant_is_not_reviewed(focal_point):
    with pytest.raises(ValidationError):
        record_partner_review(buyer=BuyerFactory(), note="x", reviewed_by=_with_role(DECIDER, "decider"))

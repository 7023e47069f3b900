"""Each rule that must always hold (docs/architecture.md) is refused by the database
itself, whatever path writes the row (run on SQLite and PostgreSQL)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from buyers.models import Buyer, SignupRequest, Sourcing
from tests.factories import (
    AssessmentFactory,
    BuyerFactory,
    ContactFactory,
    FactoryFactory,
    SignupRequestFactory,
    SourcingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "second_name",
    [
        "Acme Apparel",
        "ACME APPAREL",
        "Acme  Apparel",
        " acme apparel ",
        "Acme-Apparel",
        "Ａｃｍｅ Apparel",
        "Ac\u200bme Apparel",
    ],
)
def test_buyer_name_unique_after_normalising(second_name):
    BuyerFactory(name="Acme Apparel")
    with pytest.raises(IntegrityError), transaction.atomic():
        BuyerFactory(name=second_name)


def test_buyer_name_unique_also_for_bulk_writes_that_skip_save():
    BuyerFactory(name="Acme Apparel")
    with pytest.raises(IntegrityError), transaction.atomic():
        Buyer.objects.bulk_create([Buyer(name="ACME apparel", name_key="acme apparel", headquarters_country="US")])


def test_buyer_full_clean_reports_duplicate_name_readably():
    BuyerFactory(name="Acme Apparel")
    with pytest.raises(ValidationError, match="A buyer with this name already exists."):
        Buyer(name="acme, apparel", headquarters_country="US").full_clean()


def test_buyer_partner_without_partner_since_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        BuyerFactory(tier=Buyer.Tier.PARTNER, partner_since=None)


def test_buyer_participant_with_partner_since_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        BuyerFactory(tier=Buyer.Tier.PARTICIPANT, partner_since=datetime.date(2023, 1, 1))


def test_buyer_unknown_tier_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        BuyerFactory(tier="platinum")


def test_buyer_partner_since_check_has_readable_message():
    buyer = BuyerFactory.build(tier=Buyer.Tier.PARTNER, partner_since=None)
    with pytest.raises(ValidationError, match="Partner since must be set for partners and only for partners."):
        buyer.validate_constraints()


def test_contact_email_unique_per_buyer():
    contact = ContactFactory(email="sam@brand.example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactFactory(buyer=contact.buyer, email="sam@brand.example.com")


def test_contact_same_email_allowed_at_another_buyer():
    ContactFactory(email="sam@agency.example.com")
    ContactFactory(email="sam@agency.example.com")


def test_factory_os_id_unique_when_present():
    FactoryFactory(os_id="BD2019105Q2B6X9")
    with pytest.raises(IntegrityError), transaction.atomic():
        FactoryFactory(os_id="BD2019105Q2B6X9")


def test_factory_without_os_id_may_repeat():
    FactoryFactory(os_id="")
    FactoryFactory(os_id="")


def test_factory_malformed_os_id_rejected_by_validation():
    factory = FactoryFactory.build(os_id="not-an-id")
    with pytest.raises(ValidationError, match="An OS ID is two letters"):
        factory.full_clean(exclude=["country_programme"])


def test_sourcing_second_open_sourcing_for_same_buyer_and_factory_is_refused():
    sourcing = SourcingFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        SourcingFactory(buyer=sourcing.buyer, factory=sourcing.factory)


def test_sourcing_ended_and_new_open_sourcing_may_coexist():
    ended = SourcingFactory(ended=True)
    SourcingFactory(buyer=ended.buyer, factory=ended.factory, started_on=datetime.date(2025, 1, 1))


def test_sourcing_end_before_start_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        SourcingFactory(
            started_on=datetime.date(2024, 1, 1),
            ended_on=datetime.date(2023, 1, 1),
            end_reason=Sourcing.EndReason.VOLUME,
        )


def test_sourcing_end_date_without_reason_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        SourcingFactory(ended_on=datetime.date(2024, 1, 1), end_reason="")


def test_sourcing_reason_without_end_date_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        SourcingFactory(end_reason=Sourcing.EndReason.VOLUME)


def test_sourcing_duplicate_open_has_readable_message():
    sourcing = SourcingFactory()
    duplicate = Sourcing(buyer=sourcing.buyer, factory=sourcing.factory, started_on=datetime.date(2025, 1, 1))
    with pytest.raises(ValidationError, match="This buyer already sources from this factory"):
        duplicate.full_clean()


def test_assessment_one_per_factory_and_cycle():
    assessment = AssessmentFactory(cycle=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentFactory(factory=assessment.factory, cycle=1)


def test_assessment_rate_over_100_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentFactory(working_time=101)


def test_assessment_negative_rate_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentFactory(child_labour=-1)


def test_assessment_overall_rate_is_mean_of_eight_clusters():
    assessment = AssessmentFactory()
    assessment.refresh_from_db()
    # 0 + 5 + 0 + 10 + 20 + 15 + 40 + 30 = 120, over 8 clusters.
    assert assessment.overall_rate == 15


def test_signup_request_reference_unique():
    SignupRequestFactory(reference="BW-2026-000123")
    with pytest.raises(IntegrityError), transaction.atomic():
        SignupRequestFactory(reference="BW-2026-000123")


def test_signup_request_accepted_without_buyer_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        SignupRequestFactory(status=SignupRequest.Status.ACCEPTED, buyer=None)


def test_signup_request_default_reference_has_year_and_six_digits():
    request = SignupRequestFactory(reference=SignupRequest._meta.get_field("reference").get_default())
    assert request.reference.startswith("BW-20")
    assert len(request.reference) == len("BW-2026-000123")

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partnerships.constants import BENEFITS, COMMITMENTS, PLEDGES
from partnerships.models import Benefit, Commitment, CommitmentRecord
from tests.factories import CommitmentFactory, CommitmentRecordFactory, PartnershipDecisionFactory

pytestmark = pytest.mark.django_db


def test_commitment_record_one_per_buyer_and_commitment():
    record = CommitmentRecordFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitmentRecordFactory(buyer=record.buyer, commitment=record.commitment)


def test_commitment_record_duplicate_has_readable_message():
    record = CommitmentRecordFactory()
    duplicate = CommitmentRecord(buyer=record.buyer, commitment=record.commitment)
    with pytest.raises(ValidationError, match="This buyer already has a record for this commitment."):
        duplicate.full_clean()


def test_commitment_code_unique():
    CommitmentFactory(code="same-code")
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitmentFactory(code="same-code")


def test_partnership_decision_without_rationale_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnershipDecisionFactory(rationale="")


def test_catalogue_migration_loads_every_commitment_with_seed_wording():
    titles = dict(Commitment.objects.values_list("code", "title"))
    assert titles == {code: title for code, title, _, _ in COMMITMENTS}
    assert titles["stop-auditing"] == "Stop auditing factories in Better Work programme"


def test_catalogue_migrations_give_every_commitment_its_signup_pledge():
    pledges = dict(Commitment.objects.values_list("code", "pledge"))
    assert pledges == PLEDGES
    assert set(PLEDGES) == {code for code, _, _, _ in COMMITMENTS}


def test_commitment_without_a_pledge_is_put_to_the_buyer_in_its_title():
    commitment = Commitment(code="new", title="Sharing forecasts with the programme")
    assert commitment.signup_label == "Sharing forecasts with the programme"


def test_catalogue_continuous_improvement_has_its_two_sub_items():
    parent = Commitment.objects.get(code="continuous-improvement")
    assert sorted(parent.sub_items.values_list("code", flat=True)) == [
        "no-dropping-factories",
        "time-to-improve",
    ]
    assert parent.sub_items.get(code="no-dropping-factories").title == (
        "Not dropping or downgrading factories based on compliance results (provided the factory is making progress)"
    )


def test_catalogue_sourcing_practices_review_is_encouraged_not_required():
    assert Commitment.objects.get(code="sourcing-practices").level == Commitment.Level.ENCOURAGED
    assert Commitment.objects.filter(level=Commitment.Level.REQUIRED).count() == 10


def test_catalogue_loads_the_eight_partner_benefits():
    assert list(Benefit.objects.values_list("code", flat=True)) == [code for code, _ in BENEFITS]
    assert Benefit.objects.get(code="pr-marketing").title == "PR and marketing opportunities"


def test_catalogue_loads_country_programmes():
    from buyers.models import CountryProgramme

    names = set(CountryProgramme.objects.values_list("name", flat=True))
    assert {"Better Work Cambodia", "Better Work Bangladesh", "Better Work Sri Lanka"} <= names


def test_load_catalogues_twice_changes_nothing_and_keeps_retired_commitments_retired():
    from partnerships.services import load_catalogues

    Commitment.objects.filter(code="engage-suppliers").update(is_active=False)
    before = list(Commitment.objects.order_by("code").values())
    load_catalogues()
    assert list(Commitment.objects.order_by("code").values()) == before

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from buyers.models import Buyer, Contact, SignupRequest
from partnerships.models import CommitmentRecord
from partnerships.services import mark_signup_duplicate
from tests.factories import BuyerFactory, SignupRequestFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_mark_signup_duplicate_links_the_buyer_and_closes_the_request(staff_user):
    buyer = BuyerFactory()
    signup = SignupRequestFactory(affirmed_commitments=["governance"])

    mark_signup_duplicate(signup_request=signup, buyer=buyer, decided_by=staff_user)

    signup.refresh_from_db()
    assert (signup.status, signup.buyer, signup.decided_by) == (SignupRequest.Status.DUPLICATE, buyer, staff_user)
    assert signup.decided_at is not None


def test_mark_signup_duplicate_creates_and_merges_nothing(staff_user):
    buyer = BuyerFactory(name="Existing Brand", website="https://existing.example")
    signup = SignupRequestFactory(organisation_name="Existing Brand Europe", affirmed_commitments=["governance"])

    mark_signup_duplicate(signup_request=signup, buyer=buyer, decided_by=staff_user)

    buyer.refresh_from_db()
    assert Buyer.objects.count() == 1
    assert (Contact.objects.count(), CommitmentRecord.objects.count()) == (0, 0)
    assert buyer.name == "Existing Brand"


def test_mark_signup_duplicate_needs_a_buyer(staff_user):
    with pytest.raises(ValidationError, match="Choose the buyer this request duplicates."):
        mark_signup_duplicate(signup_request=SignupRequestFactory(), buyer=None, decided_by=staff_user)


@pytest.mark.parametrize("status", [SignupRequest.Status.ACCEPTED, SignupRequest.Status.REJECTED])
def test_mark_signup_duplicate_refuses_a_request_no_longer_new(staff_user, status):
    signup = SignupRequestFactory(status=status, buyer=BuyerFactory(), reference="BW-2026-000555")

    with pytest.raises(
        ValidationError, match="BW-2026-000555 is already .*only a new request can be marked a duplicate"
    ):
        mark_signup_duplicate(signup_request=signup, buyer=BuyerFactory(), decided_by=staff_user)
    signup.refresh_from_db()
    assert signup.status == status


def test_mark_signup_duplicate_refuses_staff_without_permission():
    with pytest.raises(PermissionDenied):
        mark_signup_duplicate(
            signup_request=SignupRequestFactory(), buyer=BuyerFactory(), decided_by=UserFactory(staff=True)
        )

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from buyers.models import Buyer, SignupRequest
from partnerships.services import reject_signup_request
from tests.factories import BuyerFactory, SignupRequestFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_reject_signup_request_stores_the_reason(staff_user):
    signup = SignupRequestFactory()

    reject_signup_request(signup_request=signup, reason="  Not an apparel buyer.  ", decided_by=staff_user)

    signup.refresh_from_db()
    assert signup.status == SignupRequest.Status.REJECTED
    assert signup.rejection_reason == "Not an apparel buyer."
    assert (signup.decided_by, signup.buyer) == (staff_user, None)
    assert Buyer.objects.count() == 0


@pytest.mark.parametrize("reason", ["", "   \n ", None])
def test_reject_signup_request_needs_a_reason(staff_user, reason):
    signup = SignupRequestFactory()

    with pytest.raises(ValidationError, match="Give the reason for rejecting the request"):
        reject_signup_request(signup_request=signup, reason=reason, decided_by=staff_user)
    signup.refresh_from_db()
    assert signup.status == SignupRequest.Status.NEW


@pytest.mark.parametrize("status", [SignupRequest.Status.ACCEPTED, SignupRequest.Status.DUPLICATE])
def test_reject_signup_request_refuses_a_request_no_longer_new(staff_user, status):
    signup = SignupRequestFactory(status=status, buyer=BuyerFactory(), reference="BW-2026-000999")

    with pytest.raises(ValidationError, match="BW-2026-000999 is already .*only a new request can be rejected"):
        reject_signup_request(signup_request=signup, reason="Spam", decided_by=staff_user)
    signup.refresh_from_db()
    assert (signup.status, signup.rejection_reason) == (status, "")


def test_reject_signup_request_refuses_staff_without_permission():
    with pytest.raises(PermissionDenied):
        reject_signup_request(signup_request=SignupRequestFactory(), reason="Spam", decided_by=UserFactory(staff=True))

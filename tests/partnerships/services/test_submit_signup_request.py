import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from post_office.models import STATUS, Email

from buyers.models import SignupRequest
from partnerships.models import Commitment
from partnerships.services import submit_signup_request
from tests.factories import BuyerFactory, SignupRequestFactory

pytestmark = pytest.mark.django_db


def submit(**overrides):
    values = {
        "organisation_name": "Northwind Outfitters",
        "headquarters_country": "DE",
        "website": "https://northwind.example",
        "contact_name": "Alex Morgan",
        "contact_email": "alex@northwind.example",
        "requested_scheme": SignupRequest.Scheme.PARTICIPANT,
        "data_use_consent": True,
        "site_url": "https://portal.example/",
    } | overrides
    return submit_signup_request(**values)


def required_codes():
    return list(Commitment.objects.filter(is_active=True, level="required").values_list("code", flat=True))


def test_submit_signup_request_keeps_a_new_request_with_a_reference():
    signup = submit()

    assert signup.pk is not None
    assert signup.status == SignupRequest.Status.NEW
    assert signup.reference.startswith("BW-")


def test_submit_signup_request_refuses_partner_naming_each_missing_commitment():
    with pytest.raises(ValidationError) as raised:
        submit(requested_scheme="partner", affirmed_codes=["stop-auditing"])

    errors = raised.value.error_dict["affirmed_commitments"]
    missing = [code for code in required_codes() if code != "stop-auditing"]
    assert [e.params["code"] for e in errors] == missing
    assert errors[0].messages == [f"Required for the Partner scheme: {errors[0].params['title']}"]
    assert SignupRequest.objects.count() == 0


def test_submit_signup_request_ignores_unknown_and_retired_codes():
    retired = Commitment.objects.create(code="retired-one", title="Retired", is_active=False, position=999)

    signup = submit(affirmed_codes=["stop-auditing", "no-such-code", retired.code, "governance"])

    assert signup.affirmed_commitments == ["governance", "stop-auditing"]


def test_submit_signup_request_refuses_without_data_consent():
    with pytest.raises(ValidationError, match="Please agree to the use of your data"):
        submit(data_use_consent=False)


def test_submit_signup_request_refuses_unknown_scheme():
    with pytest.raises(ValidationError, match="Choose the Participant or the Partner scheme."):
        submit(requested_scheme="gold")


def test_submit_signup_request_refuses_what_the_model_refuses_naming_the_field():
    with pytest.raises(ValidationError) as raised:
        submit(contact_email="not-an-email")

    assert "contact_email" in raised.value.error_dict
    assert SignupRequest.objects.count() == 0


def test_submit_signup_request_with_a_used_submission_key_returns_the_first_request():
    first = submit(submission_key="k1")

    again = submit(submission_key="k1", organisation_name="Changed Name")

    assert again == first
    assert SignupRequest.objects.count() == 1


def test_submit_signup_request_draws_another_reference_on_collision(monkeypatch):
    SignupRequestFactory(reference="BW-2026-000001")
    drawn = iter(["BW-2026-000001", "BW-2026-000002"])
    monkeypatch.setattr("partnerships.services.signups.new_signup_reference", lambda: next(drawn))

    signup = submit()

    assert signup.reference == "BW-2026-000002"


def test_submit_signup_request_gives_up_after_repeated_collisions(monkeypatch):
    SignupRequestFactory(reference="BW-2026-000001")
    monkeypatch.setattr("partnerships.services.signups.new_signup_reference", lambda: "BW-2026-000001")

    with pytest.raises(ValidationError, match="No free reference could be drawn"):
        submit()
    assert SignupRequest.objects.count() == 1


def test_submit_signup_request_flags_buyer_and_open_request_it_may_duplicate():
    buyer = BuyerFactory(name="Northwind Outfitters")
    earlier = SignupRequestFactory(organisation_name="northwind outfitters!", website="")

    signup = submit()

    assert (signup.possible_duplicate_of, signup.possible_duplicate_of_request) == (buyer, earlier)
    assert SignupRequest.objects.filter(status=SignupRequest.Status.NEW).count() == 2


def test_submit_signup_request_sends_emails_only_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit()

    assert mail.outbox == []
    assert callbacks


def test_a_message_that_fails_its_first_try_does_not_stop_the_next(django_capture_on_commit_callbacks, monkeypatch):
    # Issue 10, finding 5: one failure once lost both of a signup's emails.
    real_dispatch = Email.dispatch

    def dispatch(email, *args, **kwargs):
        if email.to == ["alex@newbrand.example"]:
            raise RuntimeError("the mail server hung up")
        return real_dispatch(email, *args, **kwargs)

    monkeypatch.setattr(Email, "dispatch", dispatch)
    with django_capture_on_commit_callbacks(execute=True):
        submit(contact_email="alex@newbrand.example")

    assert [message.to for message in mail.outbox] == [list(settings.BUYER_RELATIONS_EMAILS)]
    failed = Email.objects.get(to=["alex@newbrand.example"])
    assert (failed.status, failed.number_of_retries) == (STATUS.queued, 1)


def test_submit_signup_request_keeps_email_subjects_on_one_line(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(organisation_name="Acme\u2028Bcc: victim@example.com\nX")

    assert len(mail.outbox) == 2
    assert all("\n" not in m.subject and "\u2028" not in m.subject for m in mail.outbox)

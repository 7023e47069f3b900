import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import timezone

from buyers.models import Buyer, Contact, CountryProgramme, Factory, SignupRequest, Sourcing
from partnerships.models import CommitmentRecord
from partnerships.services import accept_signup_request
from tests.factories import BuyerFactory, FactoryFactory, SignupRequestFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def vietnam():
    return CountryProgramme.objects.get(country="VN")


def listed(name, programme, os_id=""):
    return {"name": name, "country_programme": programme.pk, "country_programme_name": programme.name, "os_id": os_id}


def test_accept_signup_request_creates_a_participant_buyer_from_the_request(staff_user):
    signup = SignupRequestFactory(
        organisation_name="Northwind Outfitters",
        headquarters_country="DE",
        website="https://www.northwind.example",
        requested_scheme=SignupRequest.Scheme.PARTNER,
        public_listing_consent=True,
    )

    accepted = accept_signup_request(signup_request=signup, accepted_by=staff_user)

    buyer = Buyer.objects.get()
    assert accepted.buyer == buyer
    assert (buyer.name, buyer.headquarters_country.code, buyer.website_domain) == (
        "Northwind Outfitters",
        "DE",
        "northwind.example",
    )
    assert (buyer.tier, buyer.partner_since) == (Buyer.Tier.PARTICIPANT, None)
    assert buyer.public_listing_consent is True
    assert buyer.joined_on == timezone.localdate()
    assert signup.reference in buyer.notes
    assert "Asked for the Partner scheme" in buyer.notes


def test_accept_signup_request_creates_the_contact(staff_user):
    signup = SignupRequestFactory(
        contact_name="Alex Morgan",
        contact_email="alex@northwind.example",
        contact_job_title="CSR",
        contact_phone="+49 1",
    )

    accept_signup_request(signup_request=signup, accepted_by=staff_user)

    contact = Contact.objects.get()
    assert (contact.name, contact.email, contact.job_title, contact.phone) == (
        "Alex Morgan",
        "alex@northwind.example",
        "CSR",
        "+49 1",
    )
    assert contact.buyer.name == signup.organisation_name


def test_accept_signup_request_records_affirmed_commitments_from_the_signup_form(staff_user):
    signup = SignupRequestFactory(affirmed_commitments=["stop-auditing", "governance"])

    accept_signup_request(signup_request=signup, accepted_by=staff_user)

    records = CommitmentRecord.objects.order_by("commitment__code")
    assert [r.commitment.code for r in records] == ["governance", "stop-auditing"]
    assert {(r.state, r.source, r.changed_by) for r in records} == {
        (CommitmentRecord.State.AFFIRMED, CommitmentRecord.Source.SIGNUP_FORM, staff_user)
    }
    assert signup.reference in records[0].evidence


def test_accept_signup_request_links_sourcing_for_factories_the_programme_knows(staff_user, vietnam):
    by_name = FactoryFactory(name="Saigon Garment One Co., Ltd.", country_programme=vietnam)
    by_os_id = FactoryFactory(name="Registered Otherwise", country_programme=vietnam, os_id="VN2019105Q2B6X9")
    FactoryFactory(name="Saigon Garment One Co., Ltd.", country_programme=CountryProgramme.objects.get(country="KH"))
    signup = SignupRequestFactory(
        factories=[
            listed("SAIGON GARMENT ONE CO LTD", vietnam),
            listed("Trading name", vietnam, "VN2019105Q2B6X9"),
        ]
    )

    accepted = accept_signup_request(signup_request=signup, accepted_by=staff_user)

    assert {s.factory for s in Sourcing.objects.filter(buyer=accepted.buyer)} == {by_name, by_os_id}
    assert all(s.started_on == timezone.localdate() and s.ended_on is None for s in accepted.sourcings)


def test_accept_signup_request_reports_unmatched_factories_and_creates_none(staff_user, vietnam):
    FactoryFactory(name="Known Factory", country_programme=vietnam)
    signup = SignupRequestFactory(factories=[listed("Known Factory", vietnam), listed("Unknown Factory", vietnam)])
    factories_before = Factory.objects.count()

    accepted = accept_signup_request(signup_request=signup, accepted_by=staff_user)

    assert [entry.name for entry in accepted.unmatched_factories] == ["Unknown Factory"]
    assert Factory.objects.count() == factories_before
    assert Sourcing.objects.count() == 1


def test_accept_signup_request_links_a_factory_listed_twice_once(staff_user, vietnam):
    factory = FactoryFactory(name="Known Factory", country_programme=vietnam, os_id="VN2019105Q2B6X9")
    signup = SignupRequestFactory(
        factories=[listed("Known Factory", vietnam), listed("Known Factory (main)", vietnam, "VN2019105Q2B6X9")]
    )

    accept_signup_request(signup_request=signup, accepted_by=staff_user)

    assert list(Sourcing.objects.values_list("factory", flat=True)) == [factory.pk]


def test_accept_signup_request_marks_the_request_accepted(staff_user):
    signup = SignupRequestFactory()

    accepted = accept_signup_request(signup_request=signup, accepted_by=staff_user)

    signup.refresh_from_db()
    assert signup.status == SignupRequest.Status.ACCEPTED
    assert signup.buyer == accepted.buyer
    assert signup.decided_by == staff_user
    assert signup.decided_at is not None


@pytest.mark.parametrize(
    "status",
    [SignupRequest.Status.ACCEPTED, SignupRequest.Status.DUPLICATE, SignupRequest.Status.REJECTED, "spam"],
)
def test_accept_signup_request_refuses_a_request_no_longer_new(staff_user, status):
    buyer = BuyerFactory() if status in ("accepted", "duplicate") else None
    signup = SignupRequestFactory(status=status, buyer=buyer, reference="BW-2026-000777")
    buyers_before = Buyer.objects.count()

    with pytest.raises(ValidationError, match=r"BW-2026-000777 is already \w+: only a new request can be accepted."):
        accept_signup_request(signup_request=signup, accepted_by=staff_user)
    assert Buyer.objects.count() == buyers_before


def test_accept_signup_request_refuses_the_name_of_an_existing_buyer(staff_user):
    BuyerFactory(name="Northwind Outfitters")
    signup = SignupRequestFactory(organisation_name="NORTHWIND outfitters.", reference="BW-2026-000042")

    with pytest.raises(ValidationError, match="mark BW-2026-000042 as a duplicate of it instead"):
        accept_signup_request(signup_request=signup, accepted_by=staff_user)
    signup.refresh_from_db()
    assert signup.status == SignupRequest.Status.NEW
    assert Buyer.objects.count() == 1


def test_accept_signup_request_leaves_nothing_half_made(staff_user, vietnam):
    FactoryFactory(name="Known Factory", country_programme=vietnam)
    # Saved past the form (say, by hand): the contact cannot be created.
    signup = SignupRequestFactory(
        contact_email="not-an-email", affirmed_commitments=["governance"], factories=[listed("Known Factory", vietnam)]
    )

    with pytest.raises(ValidationError) as raised:
        accept_signup_request(signup_request=signup, accepted_by=staff_user)

    assert "email" in raised.value.error_dict
    assert (Buyer.objects.count(), Contact.objects.count(), CommitmentRecord.objects.count()) == (0, 0, 0)
    assert Sourcing.objects.count() == 0
    signup.refresh_from_db()
    assert signup.status == SignupRequest.Status.NEW


def test_accept_signup_request_refuses_staff_without_permission():
    signup = SignupRequestFactory()

    with pytest.raises(PermissionDenied, match="You do not have permission to review signup requests."):
        accept_signup_request(signup_request=signup, accepted_by=UserFactory(staff=True))
    assert Buyer.objects.count() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are proven on PostgreSQL only")
# serialized_rollback restores the catalogues the flush after this test removes.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_accept_signup_request_two_staff_at_once_create_one_buyer():
    signup = SignupRequestFactory(submitted_at=timezone.now() - datetime.timedelta(days=1))
    staff = [
        UserFactory(staff=True, username=f"reviewer{i}", permissions=["buyers.change_signuprequest"]) for i in range(2)
    ]
    barrier = threading.Barrier(2)
    results = []

    def accept(user):
        try:
            barrier.wait()
            accept_signup_request(signup_request=signup, accepted_by=user)
            results.append("accepted")
        except ValidationError as error:
            results.append(error.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(user,)) for user in staff]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results) == sorted(
        ["accepted", f"{signup.reference} is already accepted: only a new request can be accepted."]
    )
    assert Buyer.objects.count() == 1

"""Every model factory in one place. Defaults satisfy the database
constraints; traits give the states tests need (``partner=True``)."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from factory import Faker, LazyAttribute, Sequence, SubFactory, Trait, post_generation
from factory.django import DjangoModelFactory, Password

from buyers.models import (
    ASSESSMENT_CLUSTERS,
    Assessment,
    Buyer,
    Contact,
    CountryProgramme,
    Factory,
    FactoryAudit,
    SignupRequest,
    Sourcing,
    SupplierList,
    SupplierListRow,
)
from partnerships.models import (
    Benefit,
    BenefitDelivery,
    Commitment,
    CommitmentRecord,
    Interaction,
    PartnershipDecision,
)
from partnerships.services import refresh_checklist_summaries


class UserFactory(DjangoModelFactory):
    username = Sequence(lambda n: f"user{n}")
    email = LazyAttribute(lambda u: f"{u.username}@betterwork.test")
    password = Password("correct horse battery staple")

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    class Params:
        staff = Trait(is_staff=True)
        superuser = Trait(is_staff=True, is_superuser=True)

    @post_generation
    def permissions(self, create, extracted, **kwargs):
        """Grant ``"app_label.codename"`` permissions passed as a list."""
        if not create or not extracted:
            return
        for name in extracted:
            app_label, codename = name.split(".")
            self.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


class CountryProgrammeFactory(DjangoModelFactory):
    """Reuses the programme loaded by the migration when the country has one."""

    country = "VN"
    name = LazyAttribute(lambda p: f"Better Work {p.country}")

    class Meta:
        model = CountryProgramme
        django_get_or_create = ("country",)


class BuyerFactory(DjangoModelFactory):
    name = Sequence(lambda n: f"Brand {n} Apparel")
    headquarters_country = "US"
    website = LazyAttribute(lambda b: f"https://{b.name.lower().replace(' ', '')}.example.com")
    tier = Buyer.Tier.PARTICIPANT
    joined_on = datetime.date(2020, 1, 15)
    partner_since = None

    class Meta:
        model = Buyer

    class Params:
        partner = Trait(tier=Buyer.Tier.PARTNER, partner_since=datetime.date(2022, 6, 1))


class ContactFactory(DjangoModelFactory):
    buyer = SubFactory(BuyerFactory)
    name = Faker("name")
    email = Sequence(lambda n: f"contact{n}@brand.example.com")
    job_title = "Sustainability manager"

    class Meta:
        model = Contact


class FactoryFactory(DjangoModelFactory):
    name = Sequence(lambda n: f"Garment Factory {n}")
    country_programme = SubFactory(CountryProgrammeFactory)
    city = "Ho Chi Minh City"
    workers = 1200

    class Meta:
        model = Factory


class SourcingFactory(DjangoModelFactory):
    buyer = SubFactory(BuyerFactory)
    factory = SubFactory(FactoryFactory)
    started_on = datetime.date(2021, 3, 1)

    class Meta:
        model = Sourcing

    class Params:
        ended = Trait(ended_on=datetime.date(2024, 3, 1), end_reason=Sourcing.EndReason.VOLUME)


class AssessmentFactory(DjangoModelFactory):
    factory = SubFactory(FactoryFactory)
    cycle = Sequence(lambda n: n + 1)
    assessed_on = LazyAttribute(lambda a: datetime.date(2018 + a.cycle, 5, 1))
    child_labour = Decimal("0")
    discrimination = Decimal("5")
    forced_labour = Decimal("0")
    freedom_of_association = Decimal("10")
    compensation = Decimal("20")
    contracts_and_human_resources = Decimal("15")
    occupational_safety_and_health = Decimal("40")
    working_time = Decimal("30")

    class Meta:
        model = Assessment


class SignupRequestFactory(DjangoModelFactory):
    reference = Sequence(lambda n: f"BW-2026-{n:06d}")
    organisation_name = Sequence(lambda n: f"New Brand {n}")
    headquarters_country = "GB"
    website = "https://newbrand.example.com"
    contact_name = "Alex Morgan"
    contact_email = Sequence(lambda n: f"alex{n}@newbrand.example.com")
    requested_scheme = SignupRequest.Scheme.PARTICIPANT
    data_use_consent = True

    class Meta:
        model = SignupRequest


class CommitmentFactory(DjangoModelFactory):
    code = Sequence(lambda n: f"test-commitment-{n}")
    title = Sequence(lambda n: f"Test commitment {n}")
    level = Commitment.Level.REQUIRED
    position = Sequence(lambda n: 1000 + n)

    class Meta:
        model = Commitment


class CommitmentRecordFactory(DjangoModelFactory):
    buyer = SubFactory(BuyerFactory)
    commitment = SubFactory(CommitmentFactory)
    state = CommitmentRecord.State.AFFIRMED
    source = CommitmentRecord.Source.SIGNUP_FORM

    class Meta:
        model = CommitmentRecord

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Written around the checklist service, so its buyer's summary is
        # brought up to date as the service would (tests/conftest.py checks).
        record = super()._create(model_class, *args, **kwargs)
        refresh_checklist_summaries(buyer_ids=[record.buyer_id])
        return record


class BenefitFactory(DjangoModelFactory):
    code = Sequence(lambda n: f"test-benefit-{n}")
    title = Sequence(lambda n: f"Test benefit {n}")

    class Meta:
        model = Benefit


class PartnershipDecisionFactory(DjangoModelFactory):
    buyer = SubFactory(BuyerFactory, partner=True)
    from_tier = PartnershipDecision.Tier.PARTICIPANT
    to_tier = PartnershipDecision.Tier.PARTNER
    outcome = PartnershipDecision.Outcome.APPROVED
    rationale = "All required commitments affirmed in the signed letter."
    decided_by = SubFactory(UserFactory, staff=True)

    class Meta:
        model = PartnershipDecision


class FactoryAuditFactory(DjangoModelFactory):
    buyer = SubFactory(BuyerFactory, partner=True)
    factory = SubFactory(FactoryFactory)
    audited_on = datetime.date(2024, 9, 10)
    evidence = "Factory management showed the buyer's audit report during the assessment visit."

    class Meta:
        model = FactoryAudit


def signup_form_data(*, factories=(), commitments=(), rows=5, form_age=60, **fields) -> dict:
    """Return what the public signup form posts when filled in correctly:
    a participant, no factory, the form handed out *form_age* seconds ago
    (past the minimum fill time).

    *factories* are dicts with ``name``, ``country_programme`` (a programme
    or its pk) and ``os_id``, filled into the first of *rows* rows.
    *commitments* are the codes ticked, or ``"all"`` for every active one.
    *fields* override any posted value, e.g. ``requested_scheme="partner"``.
    """
    import time

    from betterwork_portal.public.tokens import new_form_token

    data = {
        "organisation_name": "Northwind Outfitters",
        "headquarters_country": "DE",
        "website": "https://www.northwind-outfitters.example",
        "contact_name": "Alex Morgan",
        "contact_email": "alex.morgan@northwind-outfitters.example",
        "contact_job_title": "Head of Sustainability",
        "contact_phone": "+49 30 1234 5678",
        "requested_scheme": SignupRequest.Scheme.PARTICIPANT,
        "data_use_consent": "on",
        "extra_info": "",
        "form_token": new_form_token(issued_at=time.time() - form_age),
        "factories-TOTAL_FORMS": str(max(rows, len(factories))),
        "factories-INITIAL_FORMS": "0",
        "factories-MIN_NUM_FORMS": "0",
        "factories-MAX_NUM_FORMS": "30",
    }
    if commitments == "all":
        commitments = Commitment.objects.filter(is_active=True).values_list("code", flat=True)
    for code in commitments:
        data["commitment_" + code.replace("-", "_")] = "on"
    for i, factory in enumerate(factories):
        programme = factory.get("country_programme", "")
        data[f"factories-{i}-name"] = factory.get("name", "")
        data[f"factories-{i}-country_programme"] = str(getattr(programme, "pk", programme))
        data[f"factories-{i}-os_id"] = factory.get("os_id", "")
    data.update(fields)
    return data


# Builders over several factories
# ------------------------------------------------------------------------------


def assessed(factory, *overall_rates, start_year=2021):
    """Give *factory* one assessment per rate (all eight clusters equal)."""
    for cycle, rate in enumerate(overall_rates, start=1):
        AssessmentFactory(
            factory=factory,
            cycle=cycle,
            assessed_on=datetime.date(start_year + cycle, 3, 1),
            **dict.fromkeys(ASSESSMENT_CLUSTERS, Decimal(rate)),
        )
    return factory


def partner_with_roles(**kwargs):
    """Return a partner whose contacts hold both roles the commitments ask for."""
    buyer = BuyerFactory(partner=True, **kwargs)
    ContactFactory(buyer=buyer, is_advisory_committee_representative=True, is_better_work_liaison=True)
    return buyer


class SupplierListFactory(DjangoModelFactory):
    """A pending supplier list version with no rows; receive_supplier_list
    (buyers/services/supplier_lists.py) makes real ones from a file."""

    buyer = SubFactory(BuyerFactory)
    version = Sequence(lambda n: n + 1)
    file_name = "suppliers.csv"
    file_content = b"name,country_programme\r\n"
    file_size = 24
    source = "email"

    class Meta:
        model = SupplierList


class SupplierListRowFactory(DjangoModelFactory):
    supplier_list = SubFactory(SupplierListFactory)
    number = Sequence(lambda n: n + 2)
    name = "Lisbon Shoes"
    country_programme_name = "Portugal"
    match = "none"

    class Meta:
        model = SupplierListRow


class InteractionFactory(DjangoModelFactory):
    """A logged call; pass ``contacts``, ``staff``, ``country_programmes`` or
    ``factories`` as lists. log_interaction (partnerships/services/relationship.py)
    is what staff use; this writes the row as it would."""

    buyer = SubFactory(BuyerFactory)
    kind = Interaction.Kind.CALL
    occurred_on = datetime.date(2026, 3, 3)
    summary = "Talked through the remediation plans of two factories."

    class Meta:
        model = Interaction
        skip_postgeneration_save = True

    @post_generation
    def contacts(self, create, extracted, **kwargs):
        if create and extracted:
            self.contacts.set(extracted)

    @post_generation
    def staff(self, create, extracted, **kwargs):
        if create and extracted:
            self.staff.set(extracted)

    @post_generation
    def country_programmes(self, create, extracted, **kwargs):
        if create and extracted:
            self.country_programmes.set(extracted)


class BenefitDeliveryFactory(DjangoModelFactory):
    buyer = SubFactory(BuyerFactory, partner=True)
    benefit = LazyAttribute(lambda _: Benefit.objects.get(code="quarterly-calls"))
    delivered_on = datetime.date(2026, 3, 3)

    class Meta:
        model = BenefitDelivery

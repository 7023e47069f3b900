"""Data builders shared by the dashboard tests."""

import datetime

from partnerships.models import BuyerMessage, CommitmentRecord
from tests.factories import (
    BenefitDeliveryFactory,
    BuyerFactory,
    ContactFactory,
    CountryProgrammeFactory,
    FactoryAuditFactory,
    FactoryFactory,
    InteractionFactory,
    PartnershipDecisionFactory,
    SignupRequestFactory,
    SourcingFactory,
    SupplierListFactory,
    SupplierListRowFactory,
    UserFactory,
    assessed,
)


def build_programme(size, fill_checklist):
    """Fill the database with *size* of everything the dashboard shows.

    Half the buyers are partners, each with contacts, a checklist, sourcing
    (current and ended) from assessed factories, decisions and an audit;
    signups wait. Return a partner and a factory rich in rows, whose files
    grow with *size* too.
    """
    kh = CountryProgrammeFactory(country="KH", name="Better Work Cambodia")
    vn = CountryProgrammeFactory(country="VN", name="Better Work Vietnam")
    focal_point = UserFactory(staff=True, username="focal")
    decider = UserFactory(staff=True, username="decider")
    rich_factory = assessed(FactoryFactory(country_programme=kh), *(60 - i for i in range(size)))
    rich_partner = fill_checklist(
        BuyerFactory(partner=True, focal_point=focal_point), spirit_and_practice=CommitmentRecord.State.BREACHED
    )
    for i in range(size):
        partner = i % 2 == 0
        buyer = BuyerFactory(partner=partner, focal_point=focal_point if i % 3 else None)
        fill_checklist(buyer, state=CommitmentRecord.State.AFFIRMED if i % 4 else CommitmentRecord.State.NOT_YET)
        ContactFactory(buyer=buyer, is_advisory_committee_representative=i % 5 != 0)
        ContactFactory(buyer=rich_partner, is_better_work_liaison=i == 0)
        factory = assessed(FactoryFactory(country_programme=kh if i % 2 else vn), 30, 20 + i % 20)
        SourcingFactory(buyer=buyer, factory=factory)
        SourcingFactory(buyer=buyer, factory=rich_factory)
        SourcingFactory(buyer=rich_partner, factory=factory)
        SourcingFactory(buyer=rich_partner, factory=assessed(FactoryFactory(), 25, 20), ended=True)
        PartnershipDecisionFactory(buyer=rich_partner, decided_by=decider)
        FactoryAuditFactory(buyer=rich_partner, factory=factory)
        FactoryAuditFactory(buyer=buyer, factory=rich_factory, audited_on=datetime.date(2024, 1, 1 + i % 28))
        SignupRequestFactory()
        SupplierListRowFactory(supplier_list=SupplierListFactory(buyer=rich_partner, version=i + 1))
        call = InteractionFactory(
            buyer=rich_partner,
            kind="quarterly_call",
            occurred_on=datetime.date(2026, 1 + i % 12, 1 + i % 28),
            contacts=[ContactFactory(buyer=rich_partner)],
            staff=[focal_point],
            country_programmes=[kh, vn],
            follow_up=f"Send plan {i}",
            follow_up_due=datetime.date(2026, 6, 1 + i % 28),
            follow_up_owner=focal_point,
        )
        BenefitDeliveryFactory(buyer=rich_partner, interaction=call, delivered_on=call.occurred_on)
        InteractionFactory(buyer=buyer, occurred_on=datetime.date(2025, 1 + i % 12, 1))
        BuyerMessage.objects.create(buyer=rich_partner, kind="decision", to=f"p{i}@brand.example", subject=f"Note {i}")
        rich_partner.notes = f"Call note {i}."
        rich_partner.save()
    # The checklist lines cite interactions as their evidence.
    CommitmentRecord.objects.filter(buyer=rich_partner).update(evidence_interaction=rich_partner.interactions.first())
    return rich_partner, rich_factory

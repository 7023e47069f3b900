"""What the admin tests share: a row builder for every registered model,
and the admin URL of a model's view."""

import datetime

from django.urls import reverse

from buyers.models import FactoryAudit
from partnerships.models import BuyerMessage, PartnerReview, ReminderDigest
from tests.factories import (
    AssessmentFactory,
    BenefitDeliveryFactory,
    BenefitFactory,
    BuyerFactory,
    CommitmentFactory,
    CommitmentRecordFactory,
    ContactFactory,
    CountryProgrammeFactory,
    FactoryFactory,
    InteractionFactory,
    PartnershipDecisionFactory,
    SignupRequestFactory,
    SourcingFactory,
    SupplierListFactory,
    SupplierListRowFactory,
    UserFactory,
)


def factory_audit(**fields):
    # tests/factories.py has no FactoryAuditFactory yet.
    fields = {
        "buyer": BuyerFactory(partner=True),
        "factory": FactoryFactory(),
        "audited_on": datetime.date(2025, 3, 4),
        "auditor": "Audit Firm Ltd",
        "evidence": "Factory feedback during the advisory visit.",
        "recorded_by": UserFactory(staff=True),
    } | fields
    return FactoryAudit.objects.create(**fields)


def partner_review(**fields):
    fields = {
        "buyer": BuyerFactory(partner=True),
        "reviewed_on": datetime.date(2026, 3, 1),
        "next_review_by": datetime.date(2027, 3, 1),
        "note": "Stays a partner.",
        "reviewed_by": UserFactory(staff=True),
    } | fields
    return PartnerReview.objects.create(**fields)


def reminder_digest(**fields):
    return ReminderDigest.objects.create(**({"user": UserFactory(staff=True), "items": []} | fields))


def buyer_message(**fields):
    fields = {"buyer": BuyerFactory(), "kind": "decision", "to": "a@b.example", "subject": "Your partnership"} | fields
    return BuyerMessage.objects.create(**fields)


FACTORY_BY_MODEL = {
    "buyers.buyer": BuyerFactory,
    "buyers.contact": ContactFactory,
    "buyers.countryprogramme": lambda: CountryProgrammeFactory(country="KH", name="Better Work Cambodia"),
    "buyers.factory": FactoryFactory,
    "buyers.sourcing": SourcingFactory,
    "buyers.factoryaudit": factory_audit,
    "buyers.assessment": AssessmentFactory,
    "buyers.signuprequest": SignupRequestFactory,
    "buyers.supplierlist": SupplierListFactory,
    "buyers.supplierlistrow": SupplierListRowFactory,
    "partnerships.commitment": CommitmentFactory,
    "partnerships.commitmentrecord": CommitmentRecordFactory,
    "partnerships.benefit": BenefitFactory,
    "partnerships.partnershipdecision": PartnershipDecisionFactory,
    "partnerships.interaction": InteractionFactory,
    "partnerships.benefitdelivery": BenefitDeliveryFactory,
    "partnerships.partnerreview": partner_review,
    "partnerships.reminderdigest": reminder_digest,
    "partnerships.buyermessage": buyer_message,
}
# Models whose rows are only ever written by a service, never by hand:
# decisions by decide_partnership, signup requests by the public form.
# Supplier lists are uploaded (their add page is the upload page) and
# their rows come from the file.
NO_ADD_PAGE = {
    "partnerships.partnershipdecision",
    "buyers.signuprequest",
    "buyers.supplierlistrow",
    # Written by their services only: the yearly review from the buyer
    # file, digests by send_reminders, buyer emails when they are sent.
    "partnerships.partnerreview",
    "partnerships.reminderdigest",
    "partnerships.buyermessage",
}


def admin_url(label, view, *args):
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)

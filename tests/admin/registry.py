"""What the admin tests share: a row builder for every registered model,
and the admin URL of a model's view."""

import datetime

from django.urls import reverse

from buyers.models import FactoryAudit
from tests.factories import (
    AssessmentFactory,
    BenefitFactory,
    BuyerFactory,
    CommitmentFactory,
    CommitmentRecordFactory,
    ContactFactory,
    CountryProgrammeFactory,
    FactoryFactory,
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
}
# Models whose rows are only ever written by a service, never by hand:
# decisions by decide_partnership, signup requests by the public form.
# Supplier lists are uploaded (their add page is the upload page) and
# their rows come from the file.
NO_ADD_PAGE = {"partnerships.partnershipdecision", "buyers.signuprequest", "buyers.supplierlistrow"}


def admin_url(label, view, *args):
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)

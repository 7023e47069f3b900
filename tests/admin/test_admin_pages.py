import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from simple_history.models import HistoricalChanges

from buyers.models import Buyer, FactoryAudit, Sourcing
from partnerships.models import CommitmentRecord, PartnershipDecision
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
    UserFactory,
)

pytestmark = pytest.mark.django_db


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
    "partnerships.commitment": CommitmentFactory,
    "partnerships.commitmentrecord": CommitmentRecordFactory,
    "partnerships.benefit": BenefitFactory,
    "partnerships.partnershipdecision": PartnershipDecisionFactory,
}
# Models whose rows are only ever written by a service, never by hand.
NO_ADD_PAGE = {"partnerships.partnershipdecision"}


def admin_url(label, view, *args):
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)


def test_admin_registers_every_model_of_both_apps():
    models = {
        model._meta.label_lower
        for app_label in ("buyers", "partnerships")
        for model in apps.get_app_config(app_label).get_models()
        if not issubclass(model, HistoricalChanges)
    }

    assert models == set(FACTORY_BY_MODEL)
    assert {label for label in models if not admin.site.is_registered(apps.get_model(label))} == set()


@pytest.mark.parametrize("label", sorted(FACTORY_BY_MODEL))
def test_admin_changelist_answers_staff(staff_client, label):
    FACTORY_BY_MODEL[label]()

    response = staff_client.get(admin_url(label, "changelist"))

    assert response.status_code == 200


@pytest.mark.parametrize("label", sorted(set(FACTORY_BY_MODEL) - NO_ADD_PAGE))
def test_admin_add_page_answers_staff(staff_client, label):
    response = staff_client.get(admin_url(label, "add"))

    assert response.status_code == 200


@pytest.mark.parametrize("label", sorted(FACTORY_BY_MODEL))
def test_admin_change_page_answers_staff(staff_client, label):
    obj = FACTORY_BY_MODEL[label]()

    response = staff_client.get(admin_url(label, "change", obj.pk))

    assert response.status_code == 200


@pytest.mark.parametrize("label", sorted(FACTORY_BY_MODEL))
def test_admin_search_answers_staff(staff_client, label):
    FACTORY_BY_MODEL[label]()

    response = staff_client.get(admin_url(label, "changelist"), {"q": "a"})

    assert response.status_code == 200


# Changelists and the buyer page: rows to build, and the query bound that
# must hold whatever the number of rows.


def build_buyers(size):
    for _ in range(size):
        BuyerFactory(focal_point=UserFactory(staff=True))


def build_contacts(size):
    ContactFactory.create_batch(size)


def build_factories(size):
    programmes = [CountryProgrammeFactory(country=country) for country in ("VN", "KH", "BD")]
    for i in range(size):
        FactoryFactory(country_programme=programmes[i % 3])


def build_sourcings(size):
    SourcingFactory.create_batch(size)


def build_factory_audits(size):
    for _ in range(size):
        factory_audit()


def build_assessments(size):
    AssessmentFactory.create_batch(size)


def build_signup_requests(size):
    for _ in range(size):
        SignupRequestFactory(possible_duplicate_of=BuyerFactory())


def build_commitment_records(size):
    for _ in range(size):
        CommitmentRecordFactory(changed_by=UserFactory(staff=True))


def build_commitments(size):
    parent = CommitmentFactory()
    CommitmentFactory.create_batch(size, parent=parent)


def build_partnership_decisions(size):
    PartnershipDecisionFactory.create_batch(size)


CHANGELISTS = {
    "buyers.buyer": (build_buyers, 11),
    "buyers.contact": (build_contacts, 9),
    "buyers.factory": (build_factories, 10),
    "buyers.sourcing": (build_sourcings, 10),
    "buyers.assessment": (build_assessments, 10),
    "buyers.factoryaudit": (build_factory_audits, 10),
    "buyers.signuprequest": (build_signup_requests, 9),
    "partnerships.commitmentrecord": (build_commitment_records, 10),
    "partnerships.commitment": (build_commitments, 9),
    "partnerships.partnershipdecision": (build_partnership_decisions, 9),
}


def buyer_with_rows(size):
    """Return a partner with *size* contacts, sourcings, checklist lines and
    decisions, each row pointing at its own factory, commitment and user."""
    buyer = BuyerFactory(partner=True, focal_point=UserFactory(staff=True))
    ContactFactory.create_batch(size, buyer=buyer)
    SourcingFactory.create_batch(size, buyer=buyer)
    for _ in range(size):
        CommitmentRecordFactory(buyer=buyer, changed_by=UserFactory(staff=True))
        PartnershipDecisionFactory(buyer=buyer)
    return buyer


BUYER_PAGE_MAX_QUERIES = 12


@pytest.mark.parametrize("size", [5, 50])
@pytest.mark.parametrize("label", sorted(CHANGELISTS))
def test_admin_changelist_queries_do_not_grow_with_rows(staff_client, django_assert_max_num_queries, label, size):
    build, max_queries = CHANGELISTS[label]
    build(size)
    url = admin_url(label, "changelist")

    with django_assert_max_num_queries(max_queries):
        response = staff_client.get(url)

    assert response.status_code == 200
    assert response.context["cl"].result_count >= size


@pytest.mark.parametrize("label", sorted(CHANGELISTS))
def test_admin_changelist_makes_same_queries_for_5_and_50_rows(staff_client, label):
    build, _max_queries = CHANGELISTS[label]
    url = admin_url(label, "changelist")
    staff_client.get(url)  # Warm the session and the permission cache.

    counts = []
    for size in (5, 45):
        build(size)
        with CaptureQueriesContext(connection) as queries:
            staff_client.get(url)
        counts.append(len(queries))

    assert counts[0] == counts[1], counts


@pytest.mark.parametrize("size", [5, 50])
def test_buyer_change_page_queries_do_not_grow_with_inline_rows(staff_client, django_assert_max_num_queries, size):
    buyer = buyer_with_rows(size)

    with django_assert_max_num_queries(BUYER_PAGE_MAX_QUERIES):
        response = staff_client.get(admin_url("buyers.buyer", "change", buyer.pk))

    assert response.status_code == 200
    assert response.content.count(b'class="form-row has_original') >= 4 * size


def test_buyer_change_page_makes_same_queries_for_5_and_50_inline_rows(staff_client):
    counts = []
    for size in (5, 50):
        buyer = buyer_with_rows(size)
        url = admin_url("buyers.buyer", "change", buyer.pk)
        staff_client.get(url)  # Warm the session and the permission cache.
        with CaptureQueriesContext(connection) as queries:
            staff_client.get(url)
        counts.append(len(queries))

    assert counts[0] == counts[1], counts


# Partnership decisions are append-only.


def test_partnership_decision_add_page_is_refused(admin_client_):
    response = admin_client_.get(admin_url("partnerships.partnershipdecision", "add"))

    assert response.status_code == 403


def test_partnership_decision_change_page_is_read_only(admin_client_):
    decision = PartnershipDecisionFactory()

    response = admin_client_.get(admin_url("partnerships.partnershipdecision", "change", decision.pk))

    assert response.status_code == 200
    assert b'name="_save"' not in response.content
    assert response.context["adminform"].form.fields == {}
    assert decision.rationale in response.content.decode()


def test_partnership_decision_post_to_change_page_changes_nothing(admin_client_):
    decision = PartnershipDecisionFactory()

    response = admin_client_.post(
        admin_url("partnerships.partnershipdecision", "change", decision.pk),
        {"rationale": "Rewritten after the fact.", "outcome": PartnershipDecision.Outcome.DECLINED},
    )

    assert response.status_code == 403
    decision.refresh_from_db()
    assert decision.rationale == "All required commitments affirmed in the signed letter."
    assert decision.outcome == PartnershipDecision.Outcome.APPROVED


def test_partnership_decision_post_to_delete_page_deletes_nothing(admin_client_):
    decision = PartnershipDecisionFactory()

    response = admin_client_.post(
        admin_url("partnerships.partnershipdecision", "delete", decision.pk), {"post": "yes"}
    )

    assert response.status_code == 403
    assert PartnershipDecision.objects.filter(pk=decision.pk).exists()


def test_partnership_decision_changelist_offers_no_actions(admin_client_):
    PartnershipDecisionFactory()

    response = admin_client_.get(admin_url("partnerships.partnershipdecision", "changelist"))

    assert response.context["action_form"] is None


def test_buyer_change_page_shows_decisions_read_only(admin_client_):
    decision = PartnershipDecisionFactory()

    response = admin_client_.get(admin_url("buyers.buyer", "change", decision.buyer.pk))

    (decisions,) = [f for f in response.context["inline_admin_formsets"] if f.formset.model is PartnershipDecision]
    assert decisions.has_add_permission is False
    assert decisions.has_change_permission is False
    assert decisions.has_delete_permission is False
    assert decision.rationale in response.content.decode()


@pytest.mark.parametrize("label", ["partnerships.commitment", "partnerships.benefit"])
def test_catalogue_entries_cannot_be_deleted(admin_client_, label):
    obj = FACTORY_BY_MODEL[label]()

    response = admin_client_.post(admin_url(label, "delete", obj.pk), {"post": "yes"})

    assert response.status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()


# Adding and changing a buyer through the admin.


def buyer_form_data(client, **fields):
    """Return complete POST data for the buyer add form: the buyer's fields
    and an empty management form for every inline on the page."""
    response = client.get(admin_url("buyers.buyer", "add"))
    data = {
        "name": "ACME, Inc.",
        "headquarters_country": "US",
        "website": "https://www.acme.example.com/",
        "status": Buyer.Status.ACTIVE,
        "joined_on": "2024-01-10",
        "focal_point": "",
        "tier": Buyer.Tier.PARTICIPANT,
        "partner_since": "",
        "public_listing_consent": "",
        "notes": "",
    }
    for inline in response.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data | fields


def test_buyer_add_form_creates_buyer_with_contact(staff_client):
    data = buyer_form_data(
        staff_client,
        **{
            "contacts-TOTAL_FORMS": "1",
            "contacts-0-name": "Jo Rivera",
            "contacts-0-email": "jo.rivera@acme.example.com",
            "contacts-0-is_better_work_liaison": "on",
        },
    )

    response = staff_client.post(admin_url("buyers.buyer", "add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    buyer = Buyer.objects.get(name="ACME, Inc.")
    assert buyer.name_key == "acme inc"
    assert buyer.website_domain == "acme.example.com"
    assert [(c.name, c.is_better_work_liaison) for c in buyer.contacts.all()] == [("Jo Rivera", True)]


def test_buyer_add_form_refuses_name_that_differs_only_in_case_and_punctuation(staff_client):
    BuyerFactory(name="ACME, Inc.")
    data = buyer_form_data(staff_client, name="acme inc")

    response = staff_client.post(admin_url("buyers.buyer", "add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"] == ["A buyer with this name already exists."]
    assert not Buyer.objects.filter(name="acme inc").exists()


def test_buyer_add_form_allows_tier_and_partner_since(staff_client):
    response = staff_client.get(admin_url("buyers.buyer", "add"))

    assert {"tier", "partner_since"} <= set(response.context["adminform"].form.fields)


def test_buyer_change_form_shows_tier_and_partner_since_read_only(staff_client):
    buyer = BuyerFactory(partner=True)

    response = staff_client.get(admin_url("buyers.buyer", "change", buyer.pk))

    assert not {"tier", "partner_since"} & set(response.context["adminform"].form.fields)
    assert "only a partnership decision changes them" in response.content.decode()


def change_form_data(client, buyer):
    """Return the buyer change form's data as the browser would send it."""
    response = client.get(admin_url("buyers.buyer", "change", buyer.pk))
    data = {}
    for form in [response.context["adminform"].form] + [
        form for inline in response.context["inline_admin_formsets"] for form in inline.formset.forms
    ]:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    return data


def test_buyer_change_form_refuses_second_open_sourcing_of_same_factory(staff_client):
    sourcing = SourcingFactory()
    data = change_form_data(staff_client, sourcing.buyer)
    data |= {
        "sourcings-TOTAL_FORMS": "2",
        "sourcings-1-factory": str(sourcing.factory.pk),
        "sourcings-1-started_on": "2025-01-01",
    }

    response = staff_client.post(admin_url("buyers.buyer", "change", sourcing.buyer.pk), data)

    assert response.status_code == 200
    (sourcings,) = [f for f in response.context["inline_admin_formsets"] if f.formset.model is Sourcing]
    assert sourcings.formset.errors[1]["__all__"] == [
        "This buyer already sources from this factory; end that sourcing first."
    ]
    assert Sourcing.objects.filter(buyer=sourcing.buyer).count() == 1


def test_buyer_change_form_records_who_changed_a_checklist_line(staff_client, staff_user):
    record = CommitmentRecordFactory(changed_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC))
    data = change_form_data(staff_client, record.buyer)
    data["commitment_records-0-state"] = CommitmentRecord.State.VERIFIED

    response = staff_client.post(admin_url("buyers.buyer", "change", record.buyer.pk), data)

    assert response.status_code == 302
    record.refresh_from_db()
    assert record.state == CommitmentRecord.State.VERIFIED
    assert record.changed_by == staff_user
    assert record.changed_at.year > 2024


# Signup requests.


def test_signup_request_changelist_lists_newest_first(staff_client):
    older = SignupRequestFactory(submitted_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC))
    newer = SignupRequestFactory(submitted_at=datetime.datetime(2026, 2, 5, tzinfo=datetime.UTC))

    response = staff_client.get(admin_url("buyers.signuprequest", "changelist"))

    assert list(response.context["cl"].result_list) == [newer, older]


def test_signup_request_change_form_keeps_submission_and_outcome_read_only(staff_client):
    signup = SignupRequestFactory()

    response = staff_client.get(admin_url("buyers.signuprequest", "change", signup.pk))

    assert set(response.context["adminform"].form.fields) == {"possible_duplicate_of"}

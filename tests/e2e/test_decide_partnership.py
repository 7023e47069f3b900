import pytest
from playwright.sync_api import expect

from buyers.models import Buyer
from partnerships.models import Commitment, CommitmentRecord
from tests.factories import BuyerFactory, CommitmentRecordFactory, SourcingFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_sees_why_buyer_is_not_eligible_fixes_checklist_and_approves(page, live_server, staff_login, screenshot):
    buyer = BuyerFactory(name="Lindqvist Outdoor")
    SourcingFactory(buyer=buyer)
    for commitment in Commitment.objects.filter(is_active=True).exclude(code__in=["stop-auditing", "governance"]):
        CommitmentRecordFactory(buyer=buyer, commitment=commitment, state=CommitmentRecord.State.VERIFIED)
    staff_login()  # holds every buyers and partnerships permission, deciding included

    page.goto(f"{live_server.url}/admin/buyers/buyer/{buyer.pk}/change/")
    page.get_by_role("link", name="Decide partnership").click()

    verdict = page.locator(".verdict")
    expect(verdict.locator("h2")).to_have_text("✘ Not eligible for partnership yet")
    expect(verdict).to_contain_text("Not yet affirmed: Stop auditing factories in Better Work programme")
    expect(verdict).to_contain_text("Not yet affirmed: Engaging in the governance decisions of the programme")
    expect(page.get_by_label("Approved as partner")).to_have_count(0)
    screenshot("decide-not-eligible")

    checklist_form = page.locator("form").filter(has=page.get_by_role("button", name="Update checklist"))
    checklist_form.get_by_label("Stop auditing factories in Better Work programme").check()
    checklist_form.get_by_label("Engaging in the governance decisions", exact=False).check()
    checklist_form.get_by_label("New state:").select_option("affirmed")
    checklist_form.get_by_label("Source:").select_option("signed_agreement")
    checklist_form.get_by_label("Evidence:").fill("Signed partnership letter of 3 March 2026.")
    checklist_form.get_by_role("button", name="Update checklist").click()

    expect(verdict.locator("h2")).to_have_text("✔ Ready to graduate: eligible for partnership")
    page.get_by_label("Approved as partner").check()
    page.get_by_label("Rationale").fill("All required commitments affirmed in the signed letter.")
    screenshot("decide-eligible")
    page.get_by_role("button", name="Record decision").click()

    expect(page.locator(".messagelist")).to_contain_text("Lindqvist Outdoor is now a partner.")
    expect(page.locator(".decide-tier")).to_contain_text("Now a partner since")
    expect(page.locator("table.history")).to_contain_text("Approved as partner")
    screenshot("decide-approved")
    assert Buyer.objects.get(pk=buyer.pk).tier == Buyer.Tier.PARTNER

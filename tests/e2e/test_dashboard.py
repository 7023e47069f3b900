import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from partnerships.models import Commitment, CommitmentRecord
from tests.factories import BuyerFactory, CommitmentRecordFactory, SourcingFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_signs_in_follows_ready_to_graduate_to_a_buyer_and_reaches_the_decision(page, live_server, screenshot):
    user = UserFactory(staff=True, username="focal.point", first_name="Linh", last_name="Tran")
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["buyers", "partnerships"]))
    buyer = BuyerFactory(name="Lindqvist Outdoor", focal_point=user)
    SourcingFactory(buyer=buyer)
    for commitment in Commitment.objects.filter(is_active=True):
        CommitmentRecordFactory(buyer=buyer, commitment=commitment, state=CommitmentRecord.State.VERIFIED)
    BuyerFactory(name="Halfway Apparel")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{live_server.url}/dashboard/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/dashboard/")
    page.get_by_label("Username").fill("focal.point")
    page.get_by_label("Password").fill("correct horse battery staple")
    screenshot("dashboard-login")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Buyer relations at a glance")).to_be_visible()
    ready = page.locator("#figure-ready_to_graduate")
    expect(ready.locator(".stat-value")).to_have_text("1")
    screenshot("dashboard-overview")
    ready.click()

    expect(page.get_by_role("heading", name="Buyers", exact=True)).to_be_visible()
    expect(page.get_by_label("Pipeline")).to_have_value("ready")
    expect(page.locator(".buyer-table tbody tr")).to_have_count(1)
    screenshot("dashboard-buyers-ready")
    page.locator(".buyer-table").get_by_role("link", name="Lindqvist Outdoor").click()

    expect(page.get_by_role("heading", name="Lindqvist Outdoor", level=1)).to_be_visible()
    expect(page.locator("#verdict-title")).to_have_text("✔ Ready to graduate: eligible for partnership")
    screenshot("dashboard-buyer-file")
    page.get_by_role("link", name="Decide partnership").click()

    expect(page).to_have_url(f"{live_server.url}/admin/buyers/buyer/{buyer.pk}/decide/")
    expect(page.locator(".verdict h2")).to_have_text("✔ Ready to graduate: eligible for partnership")
    expect(page.get_by_label("Approved as partner")).to_be_visible()
    screenshot("dashboard-decide")

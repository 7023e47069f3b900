import re

import pytest
from playwright.sync_api import expect

from buyers.models import Buyer

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_user_adds_a_buyer_through_the_admin_form(page, live_server, staff_login, screenshot):
    staff_login()
    expect(page.get_by_role("heading", name="Buyers, factories and partnerships")).to_be_visible()

    page.goto(f"{live_server.url}/admin/buyers/buyer/add/")
    page.get_by_label("Name:").fill("Northwind Outfitters")
    page.locator("#id_headquarters_country").select_option("DE")
    page.get_by_label("Website:").fill("https://www.northwind-outfitters.example")
    screenshot("admin-buyer-add")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text(re.compile(r"Northwind Outfitters.*was added successfully"))
    buyer = Buyer.objects.get(name="Northwind Outfitters")
    assert buyer.tier == Buyer.Tier.PARTICIPANT
    assert buyer.website_domain == "northwind-outfitters.example"
    screenshot("admin-buyer-changelist")

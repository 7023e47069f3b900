"""A focal point's day, in a browser (issue 12): sign in to My work, open
a partner's file, log a quarterly call, cite it as the evidence of a
commitment, and see the checklist line and the benefit delivered update."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from buyers.models import CountryProgramme
from partnerships.roles import DECIDER, EDITOR, sync_roles
from tests.factories import BuyerFactory, ContactFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_focal_point_logs_a_quarterly_call_and_cites_it_as_evidence(page, live_server, screenshot):
    sync_roles()
    user = UserFactory(staff=True, username="linh.tran", first_name="Linh", last_name="Tran")
    user.groups.set(Group.objects.filter(name__in=[EDITOR, DECIDER]))
    partner = BuyerFactory(name="Nordic Threads AB", partner=True, focal_point=user, headquarters_country="SE")
    ContactFactory(buyer=partner, name="Åsa Lind", is_advisory_committee_representative=True)
    CountryProgramme.objects.get(country="VN")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("linh.tran")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My work", level=1)).to_be_visible()
    screenshot("dashboard-my-work")
    page.get_by_role("link", name="Nordic Threads AB").first.click()

    expect(page.get_by_role("heading", name="Nordic Threads AB", level=1)).to_be_visible()
    page.get_by_role("link", name="Log an interaction").click()
    page.get_by_label("What it was").select_option("quarterly_call")
    page.get_by_label("Summary").fill("Quarterly call with Better Work Vietnam: two factories' remediation plans.")
    page.get_by_label("Åsa Lind").check()
    page.get_by_label("Better Work Vietnam").check()
    page.get_by_role("checkbox", name=re.compile("^Engaging in the governance decisions")).check()
    screenshot("dashboard-log-interaction")
    page.get_by_role("button", name="Log it").click()

    expect(page.locator(".alert-success")).to_contain_text("Logged: quarterly call")
    line = page.locator(".checklist-table tr", has_text="Engaging in the governance decisions")
    cited = re.compile(r"Verified: quarterly call with Better Work Vietnam, \d+ \w+ \d{4}")
    expect(line.locator(".evidence-cited")).to_contain_text(cited)
    benefit = page.locator(".benefit-list dd").nth(3)
    expect(benefit).to_contain_text("1 this year")
    expect(page.locator("#relationship")).to_contain_text("quarterly call with Better Work Vietnam")
    screenshot("dashboard-buyer-file-relationship")

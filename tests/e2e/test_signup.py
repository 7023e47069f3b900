import re

import pytest
from playwright.sync_api import expect

from betterwork_portal.public import constants
from buyers.models import SignupRequest

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def no_minimum_fill_time(monkeypatch):
    """The live server runs in this process: a person's reading time is not
    what these tests are about."""
    monkeypatch.setattr(constants, "SIGNUP_MIN_FILL_SECONDS", 0)


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    from django.core.cache import cache

    cache.clear()


def fill_in(page, *, email="alex.morgan@northwind.example", scheme="Participant"):
    page.get_by_label("Organisation name").fill("Northwind Outfitters")
    page.get_by_label("Headquarters country").select_option("DE")
    page.get_by_label("Website").fill("northwind.example")
    page.get_by_label("Your name").fill("Alex Morgan")
    page.get_by_label("Work email").fill(email)
    page.get_by_label("Job title").fill("Head of Sustainability")
    page.get_by_role("radio", name=re.compile(f"^{scheme}:")).check()
    first_factory = page.locator("fieldset[data-factory-row]").first
    first_factory.get_by_label("Factory name").fill("Saigon Garment One")
    first_factory.get_by_label("Country programme").select_option(label="Vietnam")
    page.get_by_label("I agree that Better Work may keep and use").check()


def test_buyer_signs_up_on_a_phone_fixes_an_error_and_follows_the_status_link(page, live_server, screenshot):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Sign up", exact=True).last.click()
    expect(page.get_by_role("heading", name="Sign up to work with Better Work")).to_be_visible()

    fill_in(page, email="alex.morgan@")
    page.get_by_role("button", name="Send my application").click()

    expect(page.locator("#id_contact_email_error")).to_have_text("Enter an email address like name@example.com.")
    expect(page.locator("#form-problems")).to_contain_text("Work email: Enter an email address like name@example.com.")
    expect(page.get_by_label("Organisation name")).to_have_value("Northwind Outfitters")
    screenshot("signup-phone-error")
    assert SignupRequest.objects.count() == 0

    page.get_by_label("Work email").fill("alex.morgan@northwind.example")
    page.get_by_role("button", name="Send my application").click()

    expect(page.get_by_role("heading", name="Thank you: your application has been received")).to_be_visible()
    reference = SignupRequest.objects.get().reference
    expect(page.locator("#reference")).to_have_text(reference)
    expect(page.locator("#factory-match")).to_contain_text("The factory you listed is not found in the programme yet.")
    screenshot("signup-phone-done")

    page.locator("#status-link").click()

    expect(page.get_by_role("heading", name="Received: waiting for review")).to_be_visible()
    expect(page.locator(".bw-summary")).to_contain_text(reference)
    screenshot("signup-phone-status")


def test_partner_without_every_commitment_applies_as_participant_in_one_click(page, live_server, screenshot):
    page.goto(f"{live_server.url}/signup/?scheme=partner")
    fill_in(page, scheme="Partner")
    page.get_by_label("Stop auditing factories in the Better Work programme").check()
    page.get_by_role("button", name="Send my application").click()

    problems = page.locator("#form-problems")
    expect(problems).to_contain_text("To join as a Partner, every required commitment must be affirmed")
    expect(problems).not_to_contain_text("Stop auditing factories")
    screenshot("signup-partner-missing")
    # Each missing commitment in the summary leads to its box.
    problems.get_by_role("link", name="Commit to the programme in spirit and practice").click()
    expect(page.get_by_label("Commit to the programme in spirit and practice")).to_be_focused()

    problems.get_by_role("button", name="Apply as Participant instead").click()

    expect(page.get_by_role("heading", name="Thank you: your application has been received")).to_be_visible()
    signup = SignupRequest.objects.get()
    assert signup.requested_scheme == SignupRequest.Scheme.PARTICIPANT
    assert signup.affirmed_commitments == ["stop-auditing"]
    assert signup.contact_email == "alex.morgan@northwind.example"


def test_enter_after_partner_refusal_sends_as_partner_not_as_participant(page, live_server):
    page.goto(f"{live_server.url}/signup/?scheme=partner")
    fill_in(page, scheme="Partner")
    page.get_by_role("button", name="Send my application").click()
    expect(page.locator("#form-problems")).to_contain_text("every required commitment must be affirmed")

    page.get_by_label("Organisation name").press("Enter")

    expect(page.locator("#form-problems")).to_contain_text("every required commitment must be affirmed")
    assert SignupRequest.objects.count() == 0


def test_buyer_starts_with_one_factory_row_and_adds_one_with_the_keyboard(page, live_server):
    page.goto(f"{live_server.url}/signup/")
    rows = page.locator("fieldset[data-factory-row]")
    expect(rows).to_have_count(1)
    # The commitments wait until the Partner scheme is chosen.
    expect(page.locator("#commitments")).to_be_hidden()

    page.get_by_role("button", name="Add another factory").focus()
    page.keyboard.press("Enter")

    expect(rows).to_have_count(2)
    expect(rows.nth(1).get_by_label("Factory name")).to_be_focused()
    expect(rows.nth(1).locator("legend")).to_have_text("Factory 2")
    fill_in(page)
    rows.nth(1).get_by_label("Factory name").fill("Phnom Penh Knitting")
    rows.nth(1).get_by_label("Country programme").select_option(label="Cambodia")
    page.get_by_role("button", name="Send my application").click()

    expect(page.get_by_role("heading", name="Thank you: your application has been received")).to_be_visible()
    assert [f["name"] for f in SignupRequest.objects.get().factories] == ["Saigon Garment One", "Phnom Penh Knitting"]

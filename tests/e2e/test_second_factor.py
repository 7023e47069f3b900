"""A staff member sets up the second factor where it is required, signs
out, and signs in again with the password and the app's code."""

import re

import pytest
from django.contrib.auth.models import Permission
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in_with_password(page, live_server):
    page.goto(f"{live_server.url}/dashboard/buyers/")
    page.get_by_label("Username").fill("focal.point")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()


def _sign_out_from_the_phone_menu(page):
    """Opens the menu, then the account menu, each only once the last has
    finished opening: Bootstrap animates the collapse, and on a busy CI machine
    a click on the account button mid-animation left the account menu shut."""
    page.get_by_role("button", name="Toggle navigation").click()
    expect(page.locator("#main-nav")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    account = page.get_by_role("button", name="focal.point")
    account.click()
    expect(account).to_have_attribute("aria-expanded", "true")
    page.get_by_role("button", name="Log out").click()


def _phone_code(device, later=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time += later * device.step
    return f"{totp.token():06d}"


def test_a_staff_member_sets_up_the_app_and_signs_in_with_its_code(page, live_server, settings, screenshot):
    settings.PORTAL_REQUIRE_SECOND_FACTOR = True
    user = UserFactory(staff=True, username="focal.point")
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="buyers"))
    page.set_viewport_size({"width": 390, "height": 844})

    _sign_in_with_password(page, live_server)
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(page.get_by_role("img", name="QR code of this account for an authenticator app")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("second-factor-setup-phone")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page.get_by_role("textbox", name="Code").fill(_phone_code(device))
    page.get_by_role("button", name="Confirm and turn on").click()

    expect(page.get_by_text("they are shown only this once")).to_be_visible()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    screenshot("second-factor-recovery-codes-phone")
    page.get_by_role("link", name="I have saved them, continue").click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/buyers/")

    _sign_out_from_the_phone_menu(page)
    _sign_in_with_password(page, live_server)
    expect(page.get_by_role("heading", name="Confirm your sign-in")).to_be_visible()
    # The code used at setup works once; the phone's next one signs in.
    # Read the device again: when setup's code was typed in one 30-second
    # step and checked in the next, django-otp saved a drift of -1, and a
    # code from the stale copy would fall outside the window it accepts.
    device.refresh_from_db()
    page.get_by_role("textbox", name="Code").fill(_phone_code(device, later=1))
    page.get_by_role("button", name="Confirm", exact=True).click()
    expect(page).to_have_url(re.compile(r"/dashboard/buyers/$"))
    expect(page.get_by_role("heading", name="Buyers", exact=True)).to_be_visible()

"""The second factor of a staff sign-in (issue 10, "Staff accounts"):
an authenticator app's code after the password, recovery codes that work
once, required where the portal requires it (production), optional in
the demo, reset by an administrator for a lost phone."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from betterwork_portal import second_factor
from partnerships.roles import ADMINISTRATOR, EDITOR, sync_roles
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db]

PASSWORD = "correct horse battery staple"
STAFF_PAGES = ["/dashboard/", "/dashboard/buyers/export.csv", "/admin/", "/admin/buyers/buyer/"]


def _code(device, offset=0):
    """The code the phone shows now (or *offset* steps from now)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset * device.step
    return f"{totp.token():06d}"


def _staff(**kwargs):
    sync_roles()
    user = UserFactory(staff=True, username="focal.point", **kwargs)
    user.groups.add(*Group.objects.all())
    return user


def _with_app(user):
    device = TOTPDevice.objects.create(user=user, name=second_factor.AUTHENTICATOR_NAME, confirmed=True)
    codes = second_factor._replace_recovery_codes(user)
    return device, codes


def _signed_in_with_password(user=None):
    client = Client()
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.mark.parametrize("page", STAFF_PAGES)
def test_a_password_alone_opens_no_staff_page_for_someone_with_an_app(page):
    user = _staff()
    _with_app(user)
    client = _signed_in_with_password(user)
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/verify/?next=")


def test_the_code_from_the_app_completes_the_sign_in_and_returns_to_the_page():
    user = _staff()
    device, _ = _with_app(user)
    client = _signed_in_with_password(user)
    response = client.post("/accounts/two-factor/verify/", {"code": _code(device), "next": "/dashboard/buyers/"})
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/buyers/"
    assert client.get("/dashboard/buyers/").status_code == 200


def test_the_code_is_accepted_with_the_spaces_people_type():
    user = _staff()
    device, _ = _with_app(user)
    client = _signed_in_with_password(user)
    code = _code(device)
    response = client.post("/accounts/two-factor/verify/", {"code": f" {code[:3]} {code[3:]} "})
    assert response.status_code == 302


def test_a_wrong_code_is_refused_beside_the_field():
    user = _staff()
    device, _ = _with_app(user)
    client = _signed_in_with_password(user)
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    response = client.post("/accounts/two-factor/verify/", {"code": wrong})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert client.get("/dashboard/").status_code == 302


def test_repeated_wrong_codes_make_the_next_try_wait():
    user = _staff()
    device, _ = _with_app(user)
    client = _signed_in_with_password(user)
    client.post("/accounts/two-factor/verify/", {"code": "000000" if _code(device) != "000000" else "111111"})
    # Even the right code waits out the pause that the wrong one started.
    response = client.post("/accounts/two-factor/verify/", {"code": _code(device)})
    assert response.status_code == 200
    assert re.search(r"Try again in \d+ seconds", response.content.decode())


def test_a_recovery_code_signs_in_once():
    user = _staff()
    _, codes = _with_app(user)
    first = _signed_in_with_password(user)
    response = first.post("/accounts/two-factor/verify/", {"code": codes[0].upper()})
    assert response.status_code == 302
    assert StaticToken.objects.filter(device__user=user).count() == 9

    again = _signed_in_with_password(user)
    response = again.post("/accounts/two-factor/verify/", {"code": codes[0]})
    assert "That code is not right" in response.content.decode()


def test_a_signed_in_code_never_goes_to_another_site():
    user = _staff()
    device, _ = _with_app(user)
    client = _signed_in_with_password(user)
    response = client.post("/accounts/two-factor/verify/", {"code": _code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/dashboard/"


def test_a_code_with_a_nul_byte_is_refused_beside_the_field():
    user = _staff()
    _with_app(user)
    client = _signed_in_with_password(user)
    response = client.post("/accounts/two-factor/verify/", {"code": "12\x003456"})
    assert response.status_code == 200
    assert "Null characters are not allowed" in response.content.decode()


def test_without_the_requirement_a_password_alone_signs_in():
    user = _staff()
    client = _signed_in_with_password(user)
    assert client.get("/dashboard/").status_code == 200


@pytest.fixture
def required(settings):
    settings.PORTAL_REQUIRE_SECOND_FACTOR = True


@pytest.mark.parametrize("page", STAFF_PAGES)
def test_where_required_staff_without_an_app_set_one_up_first(required, page):
    user = _staff()
    client = _signed_in_with_password(user)
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/setup/?next=")


def test_setting_up_the_app_shows_ten_recovery_codes_once_and_opens_the_portal(required):
    user = _staff()
    client = _signed_in_with_password(user)
    page = client.get("/accounts/two-factor/setup/?next=/dashboard/buyers/")
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    # Reloading the page keeps the secret the phone already scanned.
    client.get("/accounts/two-factor/setup/")
    assert TOTPDevice.objects.filter(user=user).count() == 1

    response = client.post("/accounts/two-factor/setup/", {"code": _code(device), "next": "/dashboard/buyers/"})
    assert response.status_code == 302
    codes_page = client.get(response["Location"]).content.decode()
    codes = set(re.findall(r'<li class="col user-select-all">([a-z2-7]{8})</li>', codes_page))
    assert codes == set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(codes) == 10
    assert 'href="/dashboard/buyers/"' in codes_page
    assert not any(code in client.get("/accounts/two-factor/recovery-codes/").content.decode() for code in codes)
    assert client.get("/dashboard/buyers/").status_code == 200


def test_a_wrong_code_does_not_turn_the_app_on(required):
    user = _staff()
    client = _signed_in_with_password(user)
    client.get("/accounts/two-factor/setup/")
    device = TOTPDevice.objects.get(user=user)
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    response = client.post("/accounts/two-factor/setup/", {"code": wrong})
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert client.get("/dashboard/").status_code == 302


@pytest.mark.parametrize("page", ["/accounts/two-factor/", "/accounts/two-factor/recovery-codes/"])
def test_a_password_alone_opens_no_second_factor_settings(page):
    user = _staff()
    _with_app(user)
    response = _signed_in_with_password(user).get(page)
    assert response["Location"].startswith("/accounts/two-factor/verify/")


def test_a_password_alone_cannot_replace_the_app():
    user = _staff()
    device, _ = _with_app(user)
    client = _signed_in_with_password(user)
    response = client.get("/accounts/two-factor/setup/")
    assert response["Location"].startswith("/accounts/two-factor/verify/")
    client.post("/accounts/two-factor/setup/", {"code": "123456"})
    assert list(TOTPDevice.objects.filter(user=user)) == [device]


def test_new_recovery_codes_retire_the_old_ones():
    user = _staff()
    device, old = _with_app(user)
    client = _signed_in_with_password(user)
    client.post("/accounts/two-factor/verify/", {"code": _code(device)})
    client.post("/accounts/two-factor/recovery-codes/")
    tokens = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(tokens) == 10
    assert not tokens & set(old)


def test_an_optional_second_factor_can_be_turned_off():
    user = _staff()
    device, _ = _with_app(user)
    client = _signed_in_with_password(user)
    client.post("/accounts/two-factor/verify/", {"code": _code(device)})
    assert client.post("/accounts/two-factor/turn-off/").status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert _signed_in_with_password(user).get("/dashboard/").status_code == 200


def test_a_required_second_factor_cannot_be_turned_off(required):
    user = _staff()
    device, _ = _with_app(user)
    client = _signed_in_with_password(user)
    client.post("/accounts/two-factor/verify/", {"code": _code(device)})
    assert client.post("/accounts/two-factor/turn-off/").status_code == 403
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def _reset_from_the_user_list(by, user):
    device, _ = _with_app(by)
    client = _signed_in_with_password(by)
    client.post("/accounts/two-factor/verify/", {"code": _code(device)})
    return client.post(
        "/admin/auth/user/", {"action": "reset_second_factor", "_selected_action": [user.pk]}, follow=True
    )


def test_an_administrator_resets_a_lost_phone_and_the_user_sets_up_again(required):
    user = _staff()
    _with_app(user)
    administrator = UserFactory(staff=True, username="administrator")
    administrator.groups.add(Group.objects.get(name=ADMINISTRATOR))
    response = _reset_from_the_user_list(administrator, user)
    assert "Reset two-factor sign-in for 1 user(s), 1 of whom had it on" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert _signed_in_with_password(user).get("/dashboard/")["Location"].startswith("/accounts/two-factor/setup/")


def test_an_editor_cannot_reset_anyone(required):
    user = _staff()
    _with_app(user)
    editor = UserFactory(staff=True, username="editor")
    editor.groups.add(Group.objects.get(name=EDITOR))
    _reset_from_the_user_list(editor, user)
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_a_session_reset_since_sign_in_is_sent_to_set_up_again(required):
    user = _staff()
    device, _ = _with_app(user)
    client = _signed_in_with_password(user)
    TOTPDevice.objects.filter(user=user).delete()
    response = client.get("/dashboard/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/two-factor/setup/")

"""The second factor of a staff sign-in: an authenticator app (TOTP) and
ten one-time recovery codes, kept by django-otp.

Why django-otp rather than django-allauth's MFA: django-otp adds a
verified device to Django's own session, so the portal's sign-in pages,
the django-axes lockout on them and the admin stay as they are.
django-allauth would replace the whole account system (its sign-in,
signup and email flows) for accounts that administrators create.

The flow, which ``SecondFactorMiddleware`` (``betterwork_portal/middleware.py``)
enforces on every page: the password first (django-axes counts failures);
then a staff member who has an authenticator app gives its code, or a
recovery code, before any other page opens. With
``PORTAL_REQUIRE_SECOND_FACTOR`` (on in production) a staff member without
one is sent to set it up first. The pages are
``betterwork_portal/accounts/views.py``.
"""

from base64 import b32encode

import django_otp
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

# Whether the signed-in user has a second factor, kept in the session from
# sign-in on, so that pages need no query to know where to send them.
SESSION_KEY = "portal:has_second_factor"
RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


def is_required() -> bool:
    return settings.PORTAL_REQUIRE_SECOND_FACTOR


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def remember_at_sign_in(sender, request, user, **kwargs):
    """Note in a new session whether its user has a second factor
    (connected to ``user_logged_in`` in ``betterwork_portal/accounts/apps.py``)."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = has_second_factor(user)


def session_has_second_factor(request) -> bool:
    """Whether the session's user has a second factor, asked of the
    database once per session (older sessions hold no answer yet)."""
    known = request.session.get(SESSION_KEY)
    if known is None:
        known = request.session[SESSION_KEY] = has_second_factor(request.user)
    return known


def forget(request) -> None:
    """Drop the session's answer, for when it may have gone stale (an
    administrator reset the user's second factor)."""
    request.session.pop(SESSION_KEY, None)


def pending_authenticator(user) -> TOTPDevice:
    """The authenticator app being set up: the same secret however often
    the page reloads, so that a code scanned once still works."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret as an authenticator app takes it typed in: base32, in
    groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def confirm_authenticator(request, device: TOTPDevice, code: str) -> list[str] | None:
    """Finish setting up *device* with a code from the app; ``None`` if the
    code is wrong.

    On success the app replaces any earlier one, the session counts as
    verified, and ten new recovery codes (returned, to be shown once)
    replace any earlier ones.
    """
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=request.user, confirmed=False)
    if not device.verify_token(_digits(code)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
    codes = _replace_recovery_codes(request.user)
    django_otp.login(request, device)
    request.session[SESSION_KEY] = True
    return codes


def verify_sign_in(request, code: str):
    """Complete a sign-in with an authenticator code or a recovery code.

    Returns the device that took it, or ``None``. A recovery code works
    once. Each device slows down repeated wrong codes itself (django-otp's
    throttling: 1, 2, 4, 8 ... seconds); ``wait_until`` says until when.
    """
    user = request.user
    digits = _digits(code)
    # Authenticator codes are six digits; recovery codes eight letters
    # and digits.
    if digits.isdigit() and len(digits) == 6:
        candidates = TOTPDevice.objects.filter(user=user, confirmed=True)
        token = digits
    else:
        candidates = StaticDevice.objects.filter(user=user, confirmed=True)
        token = digits.lower()
    for device in candidates:
        verified = django_otp.verify_token(user, device.persistent_id, token)
        if verified is not None:
            django_otp.login(request, verified)
            return verified
    return None


def wait_until(user):
    """When the user may next try a code, if their devices are slowing
    them down after wrong ones; ``None`` when they may try now."""
    later = []
    for model in (TOTPDevice, StaticDevice):
        for device in model.objects.filter(user=user, confirmed=True):
            allowed, details = device.verify_is_allowed()
            if not allowed and details and details.get("locked_until"):
                later.append(details["locked_until"])
    return max(later) if later else None


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def new_recovery_codes(request) -> list[str]:
    """Ten new recovery codes for a verified user; the old ones stop working."""
    if not request.user.is_verified():
        raise PermissionDenied("Confirm your sign-in with a code before making new recovery codes.")
    return _replace_recovery_codes(request.user)


@transaction.atomic
def turn_off(request) -> None:
    """Remove the signed-in user's second factor, where the portal does
    not require one."""
    if is_required():
        raise PermissionDenied("Two-factor sign-in is required here; it cannot be turned off.")
    if not request.user.is_verified():
        raise PermissionDenied("Confirm your sign-in with a code before turning it off.")
    _delete_devices(request.user)
    request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
    request.session[SESSION_KEY] = False


@transaction.atomic
def reset(users, *, by) -> int:
    """Remove the second factor of *users*, for a staff member who lost
    their phone and their recovery codes: at their next sign-in they set
    up a new one. Needs the permission to change users (Administrator).
    Returns how many users had one."""
    if not by.has_perm("auth.change_user"):
        raise PermissionDenied("Resetting two-factor sign-in needs the permission to change users.")
    had = TOTPDevice.objects.filter(user__in=users, confirmed=True).values("user").distinct().count()
    for user in users:
        _delete_devices(user)
    return had


def _delete_devices(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def _replace_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = []
    while len(codes) < RECOVERY_CODE_COUNT:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _digits(code: str) -> str:
    """A code as typed, without the spaces and dashes people add."""
    return "".join(code.split()).replace("-", "")

"""The second-factor pages of a staff sign-in: confirm a sign-in with a
code, set up an authenticator app, see and renew recovery codes, turn it
off where it is optional. The rules are ``betterwork_portal/second_factor.py``;
``SecondFactorMiddleware`` sends people here."""

import math
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from betterwork_portal import second_factor
from betterwork_portal.accounts.forms import CodeForm

# Recovery codes just made, shown once on the next page and then dropped.
NEW_CODES_KEY = "portal:new_recovery_codes"


def _half_signed_in(request) -> bool:
    """Signed in with the password, the code still to come: only the
    holder of the current app may see or change its settings."""
    return second_factor.session_has_second_factor(request) and not request.user.is_verified()


def _to_verify(request):
    return redirect(f"{reverse('two_factor:verify')}?{request.GET.urlencode()}")


@login_required
def overview_view(request):
    if _half_signed_in(request):
        return _to_verify(request)
    user = request.user
    has_app = second_factor.has_second_factor(user)
    return render(
        request,
        "two_factor/overview.html",
        {
            "has_app": has_app,
            "required": second_factor.is_required(),
            "codes_left": second_factor.recovery_codes_left(user) if has_app else 0,
        },
    )


@login_required
def verify_view(request):
    user = request.user
    next_url = _next_url(request)
    if user.is_verified():
        return redirect(next_url)
    if not second_factor.has_second_factor(user):
        # An administrator reset it since sign-in: the middleware now asks
        # for a new one where it is required.
        second_factor.forget(request)
        return redirect(next_url)
    form = CodeForm(
        request.POST or None,
        help_text="The 6-digit code your authenticator app shows now, or one of your recovery codes.",
    )
    if form.is_valid():
        wait = second_factor.wait_until(user)
        if wait is not None:
            seconds = math.ceil((wait - timezone.now()).total_seconds())
            form.add_error("code", f"Too many wrong codes in a row. Try again in {seconds} seconds.")
        else:
            device = second_factor.verify_sign_in(request, form.cleaned_data["code"])
            if device is None:
                form.add_error("code", "That code is not right. Enter the newest code your app shows.")
            else:
                if device.name == second_factor.RECOVERY_NAME:
                    left = second_factor.recovery_codes_left(user)
                    messages.warning(
                        request,
                        f"You signed in with a recovery code; {left} left. Each works once: "
                        "make new ones from Two-factor sign-in if you are running low.",
                    )
                return redirect(next_url)
    return render(request, "two_factor/verify.html", {"form": form, "next": next_url})


@login_required
def setup_view(request):
    user = request.user
    next_url = _next_url(request)
    if _half_signed_in(request):
        return _to_verify(request)
    device = second_factor.pending_authenticator(user)
    form = CodeForm(request.POST or None, help_text="The 6-digit code the app shows once it has the account.")
    if form.is_valid():
        codes = second_factor.confirm_authenticator(request, device, form.cleaned_data["code"])
        if codes is None:
            form.add_error(
                "code",
                "That code is not right. Check that the app added the account and enter the newest code it shows.",
            )
        else:
            request.session[NEW_CODES_KEY] = codes
            return redirect(f"{reverse('two_factor:recovery_codes')}?{_next_query(next_url)}")
    qr_code = segno.make(device.config_url, error="m")
    return render(
        request,
        "two_factor/setup.html",
        {
            "form": form,
            "next": next_url,
            "qr_svg": qr_code.svg_inline(scale=5),
            "secret": second_factor.secret_for_typing(device),
            "replacing": second_factor.has_second_factor(user),
            "required": second_factor.is_required(),
        },
    )


@login_required
def recovery_codes_view(request):
    if _half_signed_in(request):
        return _to_verify(request)
    if request.method == "POST":
        request.session[NEW_CODES_KEY] = second_factor.new_recovery_codes(request)
        return redirect("two_factor:recovery_codes")
    return render(
        request,
        "two_factor/recovery_codes.html",
        {
            "codes": request.session.pop(NEW_CODES_KEY, None),
            "codes_left": second_factor.recovery_codes_left(request.user),
            "has_app": second_factor.has_second_factor(request.user),
            "next": _next_url(request),
        },
    )


@require_POST
@login_required
def turn_off_view(request):
    second_factor.turn_off(request)
    messages.success(request, "Two-factor sign-in is off. Your password alone now signs you in.")
    return redirect("two_factor:overview")


def _next_url(request) -> str:
    wanted = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("dashboard:overview")


def _next_query(next_url: str) -> str:
    return urlencode({REDIRECT_FIELD_NAME: next_url})

"""Middleware of the portal's own."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponseRedirect
from django.urls import reverse

from betterwork_portal import second_factor

# The session key of the last time the session's expiry was moved on.
LAST_SEEN = "portal:last_seen"
# Move it on at most once a minute: a session ends after SESSION_COOKIE_AGE
# idle seconds (give or take a minute), without a database write on every
# request.
REFRESH_SECONDS = 60


def stamp_session_at_sign_in(sender, request, user, **kwargs):
    """Start a new session's idle count at sign-in, which saves it anyway
    (connected to ``user_logged_in`` in ``betterwork_portal/dashboard/apps.py``)."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN] = int(time.time())


class IdleSessionMiddleware:
    """End a signed-in session after ``SESSION_COOKIE_AGE`` seconds without
    a request, however long it has lasted in all.

    Each request of a session that holds anything (a signed-in staff
    member's) marks it modified at most once a minute, so that Django's
    SessionMiddleware saves it with a fresh expiry. Sits after
    SessionMiddleware, whose response step then sees the change.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key and not session.is_empty():
            now = int(time.time())
            if now - session.get(LAST_SEEN, 0) >= REFRESH_SECONDS:
                session[LAST_SEEN] = now
        return response


class SecondFactorMiddleware:
    """Keep a signed-in user on the second-factor pages until the sign-in
    is complete (``betterwork_portal/second_factor.py``).

    A user who has an authenticator app gives its code first; where the
    portal requires a second factor (production), a user without one sets
    it up first. Sits after django-otp's OTPMiddleware, which tells
    whether the session is verified.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and not _open_before_second_factor(request.path_info):
            if second_factor.session_has_second_factor(request):
                return _redirect_keeping_next("two_factor:verify", request)
            if second_factor.is_required():
                return _redirect_keeping_next("two_factor:setup", request)
        return self.get_response(request)


def _open_before_second_factor(path: str) -> bool:
    return path.startswith((reverse("two_factor:overview"), reverse("logout"), settings.STATIC_URL))


def _redirect_keeping_next(view_name: str, request):
    url = reverse(view_name)
    if request.method == "GET":
        url += "?" + urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
    return HttpResponseRedirect(url)

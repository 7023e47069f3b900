"""Middleware of the portal's own."""

import time

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

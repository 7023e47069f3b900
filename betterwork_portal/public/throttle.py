"""The signup's rate limit: "spam and floods refused without outside
services" (``docs/architecture.md``, the public surface)."""

import contextlib

from django.conf import settings
from django.core.cache import cache

from betterwork_portal.public import constants


def client_address(request) -> str:
    """Return the visitor's address, as the rate limit should count it.

    Behind ``TRUSTED_PROXY_HOPS`` reverse proxies, each appends the address
    it received from to X-Forwarded-For, so the visitor is that many entries
    from the right; anything further left is the visitor's own say and is
    not trusted. With no proxy, REMOTE_ADDR is the visitor.
    """
    hops = settings.TRUSTED_PROXY_HOPS
    remote = request.META.get("REMOTE_ADDR", "")
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) >= hops:
        return forwarded[-hops]
    return forwarded[0] if forwarded else remote


def reserve_signup_attempt(*, address: str) -> bool:
    """Count one signup attempt from *address*; say whether it is within
    the limit.

    "Spam and floods refused without outside services" : at most ``SIGNUP_RATE_LIMIT`` attempts per address per
    ``SIGNUP_RATE_WINDOW_SECONDS``, counted in Django's cache, which must be
    shared by every worker in production (``REDIS_URL``). The attempt is
    counted before the form is read, with the cache's atomic increment, so
    a burst of simultaneous posts cannot slip past the limit together; an
    honest mistake gives its slot back (``release_signup_attempt``).
    """
    key = constants.SIGNUP_RATE_CACHE_PREFIX + address
    cache.add(key, 0, timeout=constants.SIGNUP_RATE_WINDOW_SECONDS)
    try:
        attempts = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=constants.SIGNUP_RATE_WINDOW_SECONDS)
        attempts = 1
    return attempts <= constants.SIGNUP_RATE_LIMIT


def release_signup_attempt(*, address: str) -> None:
    """Give back the attempt *address* used on a form a person got wrong,
    so correcting a typo never counts against them; spam keeps its count."""
    with contextlib.suppress(ValueError):  # the window ended meanwhile
        cache.decr(constants.SIGNUP_RATE_CACHE_PREFIX + address)

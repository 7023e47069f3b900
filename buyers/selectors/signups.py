"""Reads of signup requests: what waits for staff, possible duplicates, status links."""

import datetime
from dataclasses import dataclass

from django.core import signing
from django.db.models import Count, Min, Q

from buyers import constants
from buyers.models import Buyer, SignupRequest
from buyers.names import normalise_organisation_name, website_domain


@dataclass(frozen=True)
class SignupsWaiting:
    """The signup requests no one on staff has looked at yet."""

    count: int
    oldest_submitted_at: datetime.datetime | None


def signups_waiting() -> SignupsWaiting:
    """Return how many signup requests are *new* (waiting for staff) and when
    the oldest of them was submitted. One query."""
    figures = SignupRequest.objects.filter(status=SignupRequest.Status.NEW).aggregate(
        count=Count("pk"), oldest=Min("submitted_at")
    )
    return SignupsWaiting(count=figures["count"], oldest_submitted_at=figures["oldest"])


@dataclass(frozen=True)
class SignupDuplicates:
    """What an organisation signing up may already be known as."""

    buyer: Buyer | None
    request: SignupRequest | None


def signup_possible_duplicates(*, organisation_name: str, website: str) -> SignupDuplicates:
    """Return the buyer and the open signup request an organisation may be.

    A match is the same name once normalised (``normalise_organisation_name``)
    or the same website domain. Of the requests, only those still waiting
    (status new) count: an accepted one is found as its buyer. The result is
    a hint for staff: "possible duplicates flagged for staff,
    never merged silently". Two queries, each through an index, however
    many requests wait.
    """
    key = normalise_organisation_name(organisation_name)
    domain = website_domain(website)
    matches = Q(name_key=key) if key else Q(pk__in=[])
    if domain:
        matches |= Q(website_domain=domain)
    candidates = list(Buyer.objects.filter(matches).order_by("name", "pk")[:10])
    # The same name is the stronger hint than the same website.
    buyer = next((b for b in candidates if b.name_key == key), candidates[0] if candidates else None)
    stored = SignupRequest.keys_as_stored({"name_key": key, "website_domain": domain})
    same = Q(name_key=stored["name_key"]) if key else Q(pk__in=[])
    if domain:
        same |= Q(website_domain=stored["website_domain"])
    request = (
        SignupRequest.objects.filter(same, status=SignupRequest.Status.NEW)
        .only("reference", "organisation_name", "website")
        .order_by("submitted_at", "pk")
        .first()
    )
    return SignupDuplicates(buyer=buyer, request=request)


def signup_status_token(*, signup_request: SignupRequest) -> str:
    """Return the token of *signup_request*'s status link.

    The reference signed with the secret key: it works without an account,
    cannot be guessed from a reference, and is checked without a lookup
    table. It does not expire (a buyer may come back months later), so it
    carries no timestamp: the same request always has the same link.
    """
    return signing.Signer(salt=constants.SIGNUP_STATUS_SALT).sign_object(signup_request.reference)


def signup_request_for_status_token(*, token: str) -> SignupRequest | None:
    """Return the signup request a status-link token names, or ``None``
    when the token is forged, damaged or its request is gone."""
    try:
        reference = signing.Signer(salt=constants.SIGNUP_STATUS_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError):
        try:
            # Links sent before they lost their timestamp still work.
            reference = signing.loads(token, salt=constants.SIGNUP_STATUS_SALT)
        except signing.BadSignature:
            return None
    if not isinstance(reference, str):
        return None
    return SignupRequest.objects.filter(reference=reference).first()


def signup_request_for_submission_key(*, key: str) -> SignupRequest | None:
    """Return the request a signup form with one-time *key* already made,
    if any: the same form sent twice comes back to it."""
    if not key:
        return None
    return SignupRequest.objects.filter(submission_key=key).first()

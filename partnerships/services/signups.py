"""Writes of the buyers app: the public signup, and what staff decide on it.

A signup request is kept as the buyer submitted it (``buyers/models/signup.py``).
Staff then accept it (the buyer, its contact, its affirmed commitments and
its sourcing are created), mark it a duplicate of a buyer already known, or
reject it with a reason. Possible duplicates are flagged, never merged.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from buyers import constants
from buyers.models import Buyer, Contact, SignupRequest, Sourcing, new_signup_reference
from buyers.selectors import (
    ListedFactory,
    match_listed_factories,
    signup_possible_duplicates,
    signup_request_for_submission_key,
    signup_status_token,
)
from partnerships.models import CommitmentRecord
from partnerships.selectors import active_commitments, missing_required_commitments
from partnerships.services.buyer_mail import tell_signup_accepted, tell_signup_rejected
from partnerships.services.checklist import record_signup_affirmations
from partnerships.services.outbox import Message, queue_emails

REVIEW_PERMISSION = "buyers.change_signuprequest"


@transaction.atomic
def submit_signup_request(
    *,
    organisation_name: str,
    headquarters_country: str,
    website: str,
    contact_name: str,
    contact_email: str,
    contact_job_title: str = "",
    contact_phone: str = "",
    requested_scheme: str,
    affirmed_codes=(),
    factories=(),
    data_use_consent: bool,
    public_listing_consent: bool = False,
    submission_key: str = "",
    site_url: str,
) -> SignupRequest:
    """Keep what the public signup form received as a new request, and tell
    the buyer and the buyer relations focal points by email.

    The partner rule is applied at the door: "Buyers unwilling to meet the
    above commitments are not eligible for partnership and should engage as
    participants" (``docs/buyer-guide.md``, IV.3). A request for the Partner scheme that
    does not affirm every active required commitment is refused with one
    error per missing commitment under ``affirmed_commitments`` (each error's
    params carry the commitment's ``code`` and ``title``), so the form can
    say which are missing and offer the Participant scheme instead.

    A request whose organisation matches a buyer, or a request still
    waiting, by normalised name or website domain is kept and flagged for
    staff (``possible_duplicate_of``, ``possible_duplicate_of_request``),
    never refused or merged.

    *submission_key* is the one-time key of the form sent: the same form
    sent twice (a double click, back and resubmit) returns the request the
    first sending made, and nothing is written or emailed again. The
    reference is drawn afresh when it collides with one already taken.
    *site_url* (scheme and host) starts the links in the emails, which are
    queued with the request and sent once the transaction commits.

    Raises ``ValidationError`` naming the field: ``data_use_consent``,
    ``requested_scheme``, ``affirmed_commitments`` or a field the model
    refuses (length, email, website, country).
    """
    sent_before = signup_request_for_submission_key(key=submission_key)
    if sent_before is not None:
        return sent_before
    if not data_use_consent:
        raise ValidationError(
            {"data_use_consent": "Please agree to the use of your data: without it the application cannot be handled."}
        )
    if requested_scheme not in SignupRequest.Scheme.values:
        raise ValidationError({"requested_scheme": "Choose the Participant or the Partner scheme."})

    affirmed = set(affirmed_codes)
    catalogue = list(active_commitments())
    # Kept in checklist order, known active codes only.
    affirmed_codes = [c.code for c in catalogue if c.code in affirmed]
    if requested_scheme == SignupRequest.Scheme.PARTNER:
        missing = missing_required_commitments(affirmed_codes=affirmed_codes)
        if missing:
            raise ValidationError(
                {
                    "affirmed_commitments": [
                        ValidationError(
                            "Required for the Partner scheme: %(title)s",
                            code="missing_commitment",
                            params={"code": c.code, "title": c.title},
                        )
                        for c in missing
                    ]
                }
            )

    duplicates = signup_possible_duplicates(organisation_name=organisation_name, website=website)
    signup_request = SignupRequest(
        organisation_name=organisation_name.strip(),
        headquarters_country=headquarters_country,
        website=website.strip(),
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip(),
        contact_job_title=contact_job_title.strip(),
        contact_phone=contact_phone.strip(),
        requested_scheme=requested_scheme,
        affirmed_commitments=affirmed_codes,
        factories=list(factories),
        data_use_consent=True,
        public_listing_consent=bool(public_listing_consent),
        possible_duplicate_of=duplicates.buyer,
        possible_duplicate_of_request=duplicates.request,
        submission_key=submission_key,
        submitted_at=timezone.now(),
    )
    # The constraints (reference, submission key) are the inserts' to check,
    # where a race cannot slip between the check and the write.
    signup_request.full_clean(exclude=["reference"], validate_constraints=False)

    for _ in range(constants.SIGNUP_REFERENCE_ATTEMPTS):
        signup_request.reference = new_signup_reference()
        try:
            with transaction.atomic():
                signup_request.save(force_insert=True)
        except IntegrityError:
            signup_request.pk = None
            sent_before = signup_request_for_submission_key(key=submission_key)
            if sent_before is not None:
                return sent_before
            if not SignupRequest.objects.filter(reference=signup_request.reference).exists():
                raise
            continue
        break
    else:
        raise ValidationError("No free reference could be drawn for the request. Please submit again.")

    listed = match_listed_factories(factories=signup_request.factories)
    _queue_signup_emails(signup_request=signup_request, listed=listed, catalogue=catalogue, site_url=site_url)
    return signup_request


def _queue_signup_emails(
    *, signup_request: SignupRequest, listed: tuple[ListedFactory, ...], catalogue, site_url: str
) -> None:
    """Queue the buyer's email (its reference and status link) and the
    focal points', each as plain text with an HTML alternative, in the
    signup's own transaction (``partnerships/services/outbox.py``)."""
    site_url = site_url.rstrip("/")
    token = signup_status_token(signup_request=signup_request)
    context = {
        "signup": signup_request,
        "status_url": site_url + reverse("public:signup_status", args=[token]),
        "admin_url": site_url + reverse("admin:buyers_signuprequest_change", args=[signup_request.pk]),
        "listed": listed,
        "in_programme": sum(1 for factory in listed if factory.in_programme),
        "affirmed_titles": [c.title for c in catalogue if c.code in set(signup_request.affirmed_commitments)],
    }
    team = list(settings.BUYER_RELATIONS_EMAILS)
    queue_emails(
        [
            _message(
                "signup_received",
                subject=f"Your application to Better Work ({signup_request.reference})",
                to=[signup_request.contact_email],
                reply_to=team[:1],
                context=context,
            ),
            _message(
                "signup_for_staff",
                subject=(
                    f"New {signup_request.get_requested_scheme_display()} signup: "
                    f"{signup_request.organisation_name} ({signup_request.reference})"
                ),
                to=team,
                reply_to=[signup_request.contact_email],
                context=context,
            ),
        ]
    )


def _message(template: str, *, subject: str, to: list[str], reply_to: list[str], context: dict) -> Message:
    return Message(
        to=to,
        subject=subject,
        body=render_to_string(f"emails/{template}.txt", context),
        html=render_to_string(f"emails/{template}.html", context),
        reply_to=reply_to,
    )


@dataclass(frozen=True)
class SignupAcceptance:
    """What accepting a signup request created, and what it could not link."""

    signup_request: SignupRequest
    buyer: Buyer
    contact: Contact
    commitment_records: tuple[CommitmentRecord, ...]
    sourcings: tuple[Sourcing, ...]
    unmatched_factories: tuple[ListedFactory, ...]


def _check_can_review(user) -> None:
    if not user.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied("You do not have permission to review signup requests.")


def _lock_new_request(signup_request: SignupRequest, *, doing: str) -> SignupRequest:
    """Lock the request's row and check that it still waits for review, so
    two staff deciding at once make one decision."""
    locked = SignupRequest.objects.select_for_update().get(pk=signup_request.pk)
    if locked.status != SignupRequest.Status.NEW:
        raise ValidationError(
            {
                "status": f"{locked.reference} is already {locked.get_status_display().lower()}: "
                f"only a new request can be {doing}."
            }
        )
    return locked


def _close(signup: SignupRequest, *, status: str, decided_by, decided_at=None, **outcome) -> SignupRequest:
    """Record the outcome of a locked request: its status, who decided and
    when, and *outcome* (the buyer, the rejection reason)."""
    for name, value in {"status": status, "decided_by": decided_by, **outcome}.items():
        setattr(signup, name, value)
    signup.decided_at = decided_at or timezone.now()
    signup.save(update_fields=["status", "decided_by", "decided_at", *outcome])
    return signup


@transaction.atomic
def accept_signup_request(*, signup_request: SignupRequest, accepted_by) -> SignupAcceptance:
    """Accept a new signup request: create its buyer, contact, affirmed
    commitments and sourcing, in one transaction.

    The buyer starts as a participant whatever scheme was asked for:
    partnership is decided later through ``decide_partnership``, once staff
    have seen the commitments kept ("After becoming familiar with how we
    work, buyers may like to graduate to become one of our buyer partners",
    ``docs/buyer-guide.md``, IV.1). Each commitment the form affirmed becomes an
    *affirmed* checklist record with source *signup form*. Each listed
    factory the programme knows (same OS ID, or same normalised name in
    the same country programme) becomes an open sourcing; the others are
    returned as ``unmatched_factories`` for staff to follow up, never
    created as factories from what a visitor typed.

    Raises ``PermissionDenied`` without ``buyers.change_signuprequest``, and
    ``ValidationError`` when the request is no longer new or a buyer of the
    same name exists (mark the request a duplicate of it instead).
    """
    _check_can_review(accepted_by)
    signup = _lock_new_request(signup_request, doing="accepted")
    now = timezone.now()

    submitted_on = date_format(timezone.localdate(signup.submitted_at), "j M Y")
    notes = f"Joined through signup request {signup.reference} of {submitted_on}."
    if signup.requested_scheme == SignupRequest.Scheme.PARTNER:
        notes += " Asked for the Partner scheme: decide partnership once the commitments are verified."
    buyer = Buyer(
        name=signup.organisation_name,
        headquarters_country=signup.headquarters_country,
        website=signup.website,
        tier=Buyer.Tier.PARTICIPANT,
        joined_on=timezone.localdate(now),
        public_listing_consent=signup.public_listing_consent,
        notes=notes,
    )
    try:
        buyer.full_clean()
    except ValidationError as error:
        # full_clean() derived name_key: the unique name is the usual clash.
        if Buyer.objects.filter(name_key=buyer.name_key).exists():
            raise ValidationError(
                {
                    "organisation_name": f"A buyer named like “{signup.organisation_name}” already exists: "
                    f"mark {signup.reference} as a duplicate of it instead."
                }
            ) from error
        raise
    buyer.save()

    contact = Contact(
        buyer=buyer,
        name=signup.contact_name,
        email=signup.contact_email,
        job_title=signup.contact_job_title,
        phone=signup.contact_phone,
    )
    contact.full_clean()
    contact.save()

    affirmed = set(signup.affirmed_commitments)
    commitments = [c for c in active_commitments() if c.code in affirmed]
    records = ()
    if commitments:
        records = tuple(
            record_signup_affirmations(
                buyer=buyer,
                commitments=commitments,
                accepted_by=accepted_by,
                evidence=f"Affirmed by {signup.contact_name} on the signup form ({signup.reference}).",
            )
        )

    listed = match_listed_factories(factories=signup.factories)
    sourcings = []
    for factory_id in dict.fromkeys(entry.factory.pk for entry in listed if entry.in_programme):
        sourcing = Sourcing(buyer=buyer, factory_id=factory_id, started_on=timezone.localdate(now))
        sourcing.save()
        sourcings.append(sourcing)

    _close(signup, status=SignupRequest.Status.ACCEPTED, decided_by=accepted_by, decided_at=now, buyer=buyer)
    tell_signup_accepted(signup_request=signup, buyer=buyer)
    return SignupAcceptance(
        signup_request=signup,
        buyer=buyer,
        contact=contact,
        commitment_records=records,
        sourcings=tuple(sourcings),
        unmatched_factories=tuple(entry for entry in listed if not entry.in_programme),
    )


@transaction.atomic
def mark_signup_duplicate(*, signup_request: SignupRequest, buyer: Buyer, decided_by) -> SignupRequest:
    """Mark a new signup request as a duplicate of *buyer*, already known.

    Nothing is created or merged: the request is linked to the buyer and
    closed, and staff carry any new detail over by hand ("possible
    duplicates flagged for staff, never merged silently").

    Raises ``PermissionDenied`` without ``buyers.change_signuprequest``, and
    ``ValidationError`` when the request is no longer new.
    """
    _check_can_review(decided_by)
    if buyer is None:
        raise ValidationError({"buyer": "Choose the buyer this request duplicates."})
    signup = _lock_new_request(signup_request, doing="marked a duplicate")
    return _close(signup, status=SignupRequest.Status.DUPLICATE, decided_by=decided_by, buyer=buyer)


@transaction.atomic
def reject_signup_request(*, signup_request: SignupRequest, reason: str, decided_by) -> SignupRequest:
    """Reject a new signup request, with the reason the buyer will read on
    its status page.

    Raises ``PermissionDenied`` without ``buyers.change_signuprequest``, and
    ``ValidationError`` when no reason is given or the request is no longer
    new.
    """
    _check_can_review(decided_by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"rejection_reason": "Give the reason for rejecting the request; the buyer reads it."})
    signup = _lock_new_request(signup_request, doing="rejected")
    signup = _close(signup, status=SignupRequest.Status.REJECTED, decided_by=decided_by, rejection_reason=reason)
    tell_signup_rejected(signup_request=signup)
    return signup

"""Telling buyers: the emails a buyer receives when its signup is
accepted or not, and when a partnership decision about it is recorded,
sent through the mail queue (``partnerships/services/outbox.py``) and
kept as ``BuyerMessage`` rows, so that the buyer's file shows what it was
told. Called by the signup and decision services, in their transaction:
a decision and its email are kept together or not at all."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from buyers.models import Buyer, SignupRequest
from buyers.selectors import signup_status_token
from partnerships.models import BuyerMessage, PartnershipDecision
from partnerships.services.outbox import queue_email


def _send(*, kind, to, subject, template, context, buyer=None, signup_request=None) -> list[BuyerMessage]:
    team = list(settings.BUYER_RELATIONS_EMAILS)
    context = {**context, "site_url": settings.PORTAL_SITE_URL}
    messages = []
    for address in dict.fromkeys(a.strip().lower() for a in to if a and a.strip()):
        email = queue_email(
            to=[address],
            subject=subject,
            body=render_to_string(f"emails/{template}.txt", context),
            html=render_to_string(f"emails/{template}.html", context),
            reply_to=team[:1],
        )
        messages.append(
            BuyerMessage.objects.create(
                buyer=buyer, signup_request=signup_request, kind=kind, to=address, subject=subject, email=email
            )
        )
    return messages


def _status_url(signup_request: SignupRequest) -> str:
    token = signup_status_token(signup_request=signup_request)
    return settings.PORTAL_SITE_URL + reverse("public:signup_status", args=[token])


def tell_signup_accepted(*, signup_request: SignupRequest, buyer: Buyer) -> list[BuyerMessage]:
    return _send(
        kind=BuyerMessage.Kind.SIGNUP_ACCEPTED,
        to=[signup_request.contact_email],
        subject=f"Welcome to Better Work ({signup_request.reference})",
        template="buyer_signup_accepted",
        context={"signup": signup_request, "buyer": buyer, "status_url": _status_url(signup_request)},
        buyer=buyer,
        signup_request=signup_request,
    )


def tell_signup_rejected(*, signup_request: SignupRequest) -> list[BuyerMessage]:
    return _send(
        kind=BuyerMessage.Kind.SIGNUP_REJECTED,
        to=[signup_request.contact_email],
        subject=f"Your application to Better Work ({signup_request.reference})",
        template="buyer_signup_rejected",
        context={"signup": signup_request, "status_url": _status_url(signup_request)},
        signup_request=signup_request,
    )


def decision_recipients(buyer: Buyer) -> list[str]:
    """The buyer's Better Work liaisons, or else all its contacts."""
    contacts = list(buyer.contacts.order_by("name"))
    liaisons = [contact.email for contact in contacts if contact.is_better_work_liaison]
    return liaisons or [contact.email for contact in contacts]


def tell_decision(*, decision: PartnershipDecision, missing_titles=()) -> list[BuyerMessage]:
    """Tell the buyer of *decision*: its outcome and what follows; for a
    decline, the commitments still to be met (*missing_titles*), never the
    staff's own rationale."""
    buyer = decision.buyer
    return _send(
        kind=BuyerMessage.Kind.DECISION,
        to=decision_recipients(buyer),
        subject=f"Your partnership with Better Work: {decision.get_outcome_display().lower()}",
        template="buyer_decision",
        context={"buyer": buyer, "decision": decision, "missing_titles": list(missing_titles)},
        buyer=buyer,
    )

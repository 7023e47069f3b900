"""Writes of the relationship: logging an interaction, completing its
follow-up, recording a benefit delivered, and the yearly partner review
(``partnerships/models/relationship.py``).

Each checks its own permission; the dashboard's and the admin's forms
only call them.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from buyers.models import Buyer
from partnerships.models import Benefit, BenefitDelivery, CommitmentRecord, Interaction, PartnerReview
from partnerships.services.checklist import record_commitment_states
from partnerships.services.decisions import checklist_snapshot

LOG_PERMISSION = "partnerships.add_interaction"
PARTNER_REVIEW_PERMISSION = "partnerships.add_partnerreview"
# The partner benefit an interaction of each kind delivers to an active
# partner (partnerships/constants.py BENEFITS): a quarterly call is one of
# the "quarterly calls with country programmes" partners are promised.
KIND_BENEFITS = {
    Interaction.Kind.QUARTERLY_CALL: "quarterly-calls",
    Interaction.Kind.BUYERS_FORUM: "partner-forums",
    Interaction.Kind.FACTORY_ACTIVITY: "factory-activities",
}


@transaction.atomic
def log_interaction(
    *,
    buyer: Buyer,
    kind: str,
    occurred_on: datetime.date,
    summary: str,
    recorded_by,
    visibility: str = Interaction.Visibility.INTERNAL,
    contacts=(),
    staff=(),
    country_programmes=(),
    factories=(),
    follow_up: str = "",
    follow_up_due: datetime.date | None = None,
    follow_up_owner=None,
    benefits=(),
    evidence_for=(),
    evidence_state: str = CommitmentRecord.State.VERIFIED,
) -> Interaction:
    """Record an interaction with *buyer*, and the partner benefits it
    delivered: those of *benefits*, and the one its kind delivers to an
    active partner (``KIND_BENEFITS``). With *evidence_for* (commitments),
    the checklist lines of those commitments take *evidence_state* with this
    interaction as their evidence, through ``record_commitment_states``
    (which needs its own permission); all or nothing.

    Raises ``PermissionDenied`` without ``partnerships.add_interaction``,
    and ``ValidationError`` (by field) for a day in the future, a contact of
    another buyer, an incomplete follow-up or a benefit delivered to a
    buyer that is not an active partner.
    """
    if not recorded_by.has_perm(LOG_PERMISSION):
        raise PermissionDenied("Logging an interaction needs the permission to add interactions.")
    contacts = list(contacts)
    follow_up = follow_up.strip()
    errors = interaction_problems(
        buyer=buyer,
        occurred_on=occurred_on,
        contacts=contacts,
        follow_up=follow_up,
        follow_up_due=follow_up_due,
        follow_up_owner=follow_up_owner,
    )
    delivered = {benefit.pk: benefit for benefit in benefits}
    if kind in KIND_BENEFITS and buyer.is_active_partner:
        implied = Benefit.objects.filter(code=KIND_BENEFITS[kind], is_active=True).first()
        if implied is not None:
            delivered.setdefault(implied.pk, implied)
    if delivered and not buyer.is_active_partner:
        errors["benefits"] = "Partner benefits are delivered to active partners only."
    if errors:
        raise ValidationError(errors)
    interaction = Interaction(
        buyer=buyer,
        kind=kind,
        occurred_on=occurred_on,
        summary=summary.strip(),
        visibility=visibility,
        follow_up=follow_up,
        follow_up_due=follow_up_due if follow_up else None,
        follow_up_owner=follow_up_owner if follow_up else None,
        recorded_by=recorded_by,
    )
    interaction.full_clean()
    interaction.save()
    interaction.contacts.set(contacts)
    interaction.staff.set(list(staff))
    interaction.country_programmes.set(list(country_programmes))
    interaction.factories.set(list(factories))
    BenefitDelivery.objects.bulk_create(
        BenefitDelivery(
            buyer=buyer, benefit=benefit, delivered_on=occurred_on, interaction=interaction, recorded_by=recorded_by
        )
        for benefit in delivered.values()
    )
    evidence_for = list(evidence_for)
    if evidence_for:
        record_commitment_states(
            buyer=buyer,
            commitments=evidence_for,
            state=evidence_state,
            changed_by=recorded_by,
            # The line names the interaction itself; the note says what it showed.
            evidence=interaction.summary[:2000],
            evidence_interaction=interaction,
        )
    return interaction


def interaction_problems(*, buyer, occurred_on, contacts, follow_up, follow_up_due, follow_up_owner) -> dict:
    """What is wrong with an interaction as given, by field: a day in the
    future, a contact of another buyer, an incomplete follow-up. The
    dashboard's and the admin's forms ask it too, to say so beside each
    field."""
    errors = {}
    if occurred_on and occurred_on > timezone.localdate():
        errors["occurred_on"] = "A logged interaction has taken place: choose today or an earlier day."
    if any(contact.buyer_id != buyer.pk for contact in contacts):
        errors["contacts"] = "Choose people of this buyer."
    if follow_up:
        if follow_up_due is None:
            errors["follow_up_due"] = "Give the day the follow-up is due."
        if follow_up_owner is None:
            errors["follow_up_owner"] = "Choose who owns the follow-up."
    elif follow_up_due or follow_up_owner:
        errors["follow_up"] = "Say what the follow-up is, or clear its date and owner."
    return errors


@transaction.atomic
def complete_follow_up(*, interaction: Interaction, done_by, done_on: datetime.date | None = None) -> Interaction:
    """Mark an interaction's follow-up done (today unless *done_on*)."""
    if not done_by.has_perm("partnerships.change_interaction"):
        raise PermissionDenied("Completing a follow-up needs the permission to change interactions.")
    interaction = Interaction.objects.select_for_update().get(pk=interaction.pk)
    if not interaction.follow_up:
        raise ValidationError("This interaction has no follow-up.")
    interaction.follow_up_done_on = done_on or timezone.localdate()
    interaction.save(update_fields=["follow_up_done_on"])
    return interaction


@transaction.atomic
def record_benefit_delivery(
    *, buyer: Buyer, benefit: Benefit, delivered_on: datetime.date, recorded_by, note: str = ""
) -> BenefitDelivery:
    """Record a benefit delivered on its own, e.g. an assessment prioritised
    on the partner's request."""
    if not recorded_by.has_perm("partnerships.add_benefitdelivery"):
        raise PermissionDenied("Recording a benefit needs the permission to add benefit deliveries.")
    if not buyer.is_active_partner:
        raise ValidationError({"buyer": "Partner benefits are delivered to active partners only."})
    if delivered_on > timezone.localdate():
        raise ValidationError({"delivered_on": "Choose the day it was delivered: today or earlier."})
    return BenefitDelivery.objects.create(
        buyer=buyer, benefit=benefit, delivered_on=delivered_on, note=note, recorded_by=recorded_by
    )


@transaction.atomic
def record_partner_review(
    *, buyer: Buyer, note: str, reviewed_by, reviewed_on: datetime.date | None = None
) -> PartnerReview:
    """Record that *buyer* stays a partner for another year, with its
    checklist as it stands. Needs the permission to add partner reviews
    (the Decider role); the buyer must be an active partner."""
    if not reviewed_by.has_perm(PARTNER_REVIEW_PERMISSION):
        raise PermissionDenied("Recording a partner review needs the Decider role.")
    if not buyer.is_active_partner:
        raise ValidationError("Only an active partner is reviewed; a participant becomes one by a decision.")
    if not note.strip():
        raise ValidationError({"note": "Say what the review looked at and concluded."})
    reviewed_on = reviewed_on or timezone.localdate()
    return PartnerReview.objects.create(
        buyer=buyer,
        reviewed_on=reviewed_on,
        next_review_by=_a_year_after(reviewed_on),
        note=note.strip(),
        checklist_snapshot=checklist_snapshot(buyer=buyer),
        reviewed_by=reviewed_by,
    )


def _a_year_after(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)

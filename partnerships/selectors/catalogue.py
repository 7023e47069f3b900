"""The commitment and benefit catalogues as the checklist and the public pages read them."""

from django.db.models import QuerySet

from partnerships.models import Benefit, Commitment


def active_commitments() -> QuerySet[Commitment]:
    """Return the active catalogue in checklist order, parents before their sub-items."""
    return Commitment.objects.filter(is_active=True).select_related("parent").order_by("position", "code")


def commitment_outline() -> tuple[tuple[Commitment, tuple[Commitment, ...]], ...]:
    """Return the active catalogue as ``(commitment, sub_items)`` pairs, top
    level in checklist order, each with its active sub-items: section IV.3
    of ``docs/buyer-guide.md`` as the public page and the signup form show it. One query.
    """
    commitments = list(active_commitments())
    children: dict[int, list[Commitment]] = {}
    for commitment in commitments:
        if commitment.parent_id is not None:
            children.setdefault(commitment.parent_id, []).append(commitment)
    return tuple(
        (commitment, tuple(children.get(commitment.pk, ())))
        for commitment in commitments
        if commitment.parent_id is None or not commitment.parent.is_active
    )


def public_benefits() -> QuerySet[Benefit]:
    """Return the active partner benefits of ``docs/buyer-guide.md`` IV.2, in order."""
    return Benefit.objects.filter(is_active=True).order_by("position", "code")

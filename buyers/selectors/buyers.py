"""Reads of buyers on their own, before any partnership rule applies."""

from django.db.models import QuerySet

from buyers.models import Buyer


def public_partners() -> QuerySet[Buyer]:
    """Return the Buyer Partners the public list names, by name.

    Only active partners who agreed to be named ("See Better Works Buyer
    Partners", section IV.1 of the buyer guide, ``docs/buyer-guide.md``).
    One query.
    """
    return (
        Buyer.objects.active_partners()
        .filter(public_listing_consent=True)
        .only("name", "headquarters_country", "partner_since")
        .order_by("name", "pk")
    )

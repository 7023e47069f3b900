"""The eligibility and pipeline filters of buyer lists, written once for
the dashboard's buyer list and the admin's (``betterwork_portal/dashboard/filters.py``,
``betterwork_portal/admin/filters.py``)."""

from django.db.models import QuerySet

from buyers.models import Buyer
from partnerships.selectors.monitoring import flagged_partners_queryset, partners_at_risk_queryset

ELIGIBLE = "eligible"
NOT_ELIGIBLE = "not_eligible"
ELIGIBILITY_CHOICES = ((ELIGIBLE, "Eligible for partnership"), (NOT_ELIGIBLE, "Not eligible"))

READY = "ready"
AT_RISK = "at_risk"
FLAGGED = "flagged"
PIPELINE_CHOICES = (
    (READY, "Ready to graduate"),
    (AT_RISK, "Partners at risk"),
    (FLAGGED, "Partners with monitoring flags"),
)


def buyers_by_eligibility(queryset: QuerySet[Buyer], value: str) -> QuerySet[Buyer]:
    """Keep the buyers of *queryset* (annotated by ``buyers_with_eligibility``)
    that are eligible (``ELIGIBLE``) or not (``NOT_ELIGIBLE``); any other
    value keeps them all."""
    if value not in (ELIGIBLE, NOT_ELIGIBLE):
        return queryset
    return queryset.filter(is_eligible=value == ELIGIBLE)


def buyers_in_pipeline(queryset: QuerySet[Buyer], value: str) -> QuerySet[Buyer]:
    """Keep the buyers of *queryset* (annotated by ``buyers_with_eligibility``)
    at one stage of the pipeline: ready to graduate, partners at risk, or
    partners with monitoring flags. Any other value keeps them all.

    Each stage is a condition in the list's own query
    (``partners_at_risk_queryset``, ``flagged_partners_queryset``), so the
    list pages, counts and sorts in SQL.
    """
    if value == READY:
        return queryset.filter(is_ready_to_graduate=True)
    if value == AT_RISK:
        return partners_at_risk_queryset(queryset)
    if value == FLAGGED:
        return flagged_partners_queryset(queryset)
    return queryset

"""The eligibility and pipeline filters of buyer lists, written once for
the dashboard's buyer list and the admin's (``betterwork_portal/dashboard/filters.py``,
``betterwork_portal/admin/filters.py``)."""

from django.db.models import QuerySet

from buyers.models import Buyer
from partnerships.selectors.monitoring import PartnerAtRisk, partners_at_risk

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


def buyers_in_pipeline(
    queryset: QuerySet[Buyer], value: str, *, at_risk: list[PartnerAtRisk] | None = None
) -> QuerySet[Buyer]:
    """Keep the buyers of *queryset* (annotated by ``buyers_with_eligibility``)
    at one stage of the pipeline: ready to graduate, partners at risk, or
    partners with monitoring flags. Any other value keeps them all.

    *at_risk* is ``partners_at_risk()`` when the caller has read it already
    (the dashboard shows it in a column); it is read here otherwise.
    """
    if value == READY:
        return queryset.filter(is_ready_to_graduate=True)
    if value not in (AT_RISK, FLAGGED):
        return queryset
    if at_risk is None:
        at_risk = partners_at_risk()
    entries = at_risk if value == AT_RISK else [entry for entry in at_risk if entry.flags]
    return queryset.filter(pk__in=[entry.buyer.pk for entry in entries])

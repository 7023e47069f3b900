"""Reads of the partnerships app, one module per concept, re-exported here.

The eligibility rule lives in ``eligibility.py`` and nowhere else; the
admin, the dashboard and the signup call it.
"""

from partnerships.selectors.catalogue import active_commitments, commitment_outline, public_benefits
from partnerships.selectors.checklist import DONE_STATES, ChecklistLine, buyer_checklist
from partnerships.selectors.due import (
    DueItem,
    DueLists,
    due_items,
    due_items_by_user,
    due_lists,
    follow_ups_due_after,
    my_buyers,
)
from partnerships.selectors.eligibility import (
    NOTHING_DONE,
    EligibilityVerdict,
    VerdictWarning,
    buyer_eligibility,
    buyers_with_eligibility,
    completion_percent,
    missing_required_commitments,
    participants_ready_to_graduate,
    required_record_counts,
    stale_checklist_summaries,
)
from partnerships.selectors.history import ChangeEntry, ChangesSince, buyer_change_history, buyer_changes_since
from partnerships.selectors.monitoring import (
    MonitoringFlag,
    PartnerAtRisk,
    flagged_partners_queryset,
    monitoring_flags,
    partners_at_risk,
    partners_at_risk_queryset,
)
from partnerships.selectors.overview import (
    BuyerOverview,
    CompletionBin,
    TierMixYear,
    buyer_overview,
    buyers_for_dashboard,
)
from partnerships.selectors.relationship import (
    BenefitLastDelivered,
    BenefitTable,
    benefits_last_delivered,
    buyer_interactions,
    interactions_per_month,
    interactions_with_people,
    next_review_due,
    partner_benefit_table,
    partners_by_name,
    partners_without_quarterly_call,
    quarter_start,
    review_due_on,
    with_last_contact,
)
from partnerships.selectors.timeline import TimelineEvent, buyer_decision_timeline

__all__ = [
    "NOTHING_DONE",
    "stale_checklist_summaries",
    "required_record_counts",
    "BenefitLastDelivered",
    "BenefitTable",
    "DueItem",
    "DueLists",
    "benefits_last_delivered",
    "buyer_interactions",
    "due_items",
    "due_lists",
    "follow_ups_due_after",
    "due_items_by_user",
    "interactions_per_month",
    "interactions_with_people",
    "my_buyers",
    "next_review_due",
    "partner_benefit_table",
    "partners_by_name",
    "partners_without_quarterly_call",
    "quarter_start",
    "review_due_on",
    "with_last_contact",
    "DONE_STATES",
    "BuyerOverview",
    "ChangeEntry",
    "ChangesSince",
    "ChecklistLine",
    "CompletionBin",
    "EligibilityVerdict",
    "VerdictWarning",
    "MonitoringFlag",
    "PartnerAtRisk",
    "TierMixYear",
    "TimelineEvent",
    "active_commitments",
    "buyer_change_history",
    "buyer_changes_since",
    "buyer_checklist",
    "buyer_decision_timeline",
    "buyer_eligibility",
    "buyer_overview",
    "completion_percent",
    "buyers_for_dashboard",
    "buyers_with_eligibility",
    "commitment_outline",
    "missing_required_commitments",
    "monitoring_flags",
    "participants_ready_to_graduate",
    "partners_at_risk",
    "partners_at_risk_queryset",
    "flagged_partners_queryset",
    "public_benefits",
]

"""Writes of the partnerships app, one module per concept, re-exported here:
decisions on a buyer's tier, checklist changes, joining through the signup
form, the catalogues, and the relationship (interactions, benefits
delivered, partner reviews)."""

from partnerships.services.catalogues import COMMITMENT_PERMISSION, load_catalogues, save_commitment
from partnerships.services.checklist import (
    CHECKLIST_PERMISSION,
    check_recordable,
    record_checklist_line,
    record_commitment_states,
)
from partnerships.services.checklist_summaries import refresh_checklist_summaries
from partnerships.services.decisions import (
    DECIDE_PERMISSION,
    DECISIONS,
    OUTCOMES_TO_PARTNER,
    checklist_snapshot,
    decide_partnership,
    decision_outcomes_for,
)
from partnerships.services.relationship import (
    KIND_BENEFITS,
    LOG_PERMISSION,
    PARTNER_REVIEW_PERMISSION,
    complete_follow_up,
    interaction_problems,
    log_interaction,
    record_benefit_delivery,
    record_partner_review,
)
from partnerships.services.signups import (
    REVIEW_PERMISSION,
    SignupAcceptance,
    accept_signup_request,
    mark_signup_duplicate,
    reject_signup_request,
    submit_signup_request,
)

__all__ = [
    "COMMITMENT_PERMISSION",
    "refresh_checklist_summaries",
    "save_commitment",
    "CHECKLIST_PERMISSION",
    "KIND_BENEFITS",
    "LOG_PERMISSION",
    "PARTNER_REVIEW_PERMISSION",
    "complete_follow_up",
    "interaction_problems",
    "log_interaction",
    "record_benefit_delivery",
    "record_partner_review",
    "check_recordable",
    "DECIDE_PERMISSION",
    "DECISIONS",
    "OUTCOMES_TO_PARTNER",
    "REVIEW_PERMISSION",
    "SignupAcceptance",
    "accept_signup_request",
    "checklist_snapshot",
    "decide_partnership",
    "decision_outcomes_for",
    "load_catalogues",
    "mark_signup_duplicate",
    "record_checklist_line",
    "record_commitment_states",
    "reject_signup_request",
    "submit_signup_request",
]

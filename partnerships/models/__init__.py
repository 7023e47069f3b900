"""The rules of partnership: the commitment catalogue and each buyer's
checklist, the partner benefits and their deliveries, tier decisions and
yearly partner reviews, the relationship's interactions, and what the
portal has told people.

One module per concept, re-exported here.
"""

from partnerships.models.benefits import Benefit, BenefitDelivery
from partnerships.models.checklist import ChecklistSummary, Commitment, CommitmentRecord
from partnerships.models.decisions import PartnerReview, PartnershipDecision
from partnerships.models.relationship import Interaction
from partnerships.models.reminders import BuyerMessage, ReminderDigest

__all__ = [
    "Benefit",
    "BenefitDelivery",
    "BuyerMessage",
    "ChecklistSummary",
    "Commitment",
    "CommitmentRecord",
    "Interaction",
    "PartnerReview",
    "PartnershipDecision",
    "ReminderDigest",
]

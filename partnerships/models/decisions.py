"""The append-only record of tier decisions, and the yearly partner review."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class PartnershipDecision(models.Model):
    """An append-only record of a decision on a buyer's tier.

    There is no service that edits or deletes one, and the admin shows them
    read-only: the record is the audit trail of who decided what, and why.
    """

    class Outcome(models.TextChoices):
        APPROVED = "approved", "Approved as partner"
        DECLINED = "declined", "Declined"
        DOWNGRADED = "downgraded", "Downgraded to participant"
        REINSTATED = "reinstated", "Reinstated as partner"

    class Tier(models.TextChoices):
        PARTICIPANT = "participant", "Participant"
        PARTNER = "partner", "Partner"

    buyer = models.ForeignKey("buyers.Buyer", on_delete=models.PROTECT, related_name="partnership_decisions")
    from_tier = models.CharField(max_length=20, choices=Tier.choices)
    to_tier = models.CharField(max_length=20, choices=Tier.choices)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    rationale = models.TextField()
    checklist_snapshot = models.JSONField(
        default=list,
        # Empty when the catalogue had no active commitment to list.
        blank=True,
        help_text="The buyer's checklist as it stood when the decision was made.",
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at"]
        get_latest_by = "decided_at"
        permissions = [("decide_partnership", "Can decide partnership (approve, decline, downgrade)")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(rationale=""),
                name="partnerships_partnershipdecision_has_rationale",
                violation_error_message="Give the rationale for the decision.",
            ),
        ]

    def __str__(self):
        return f"{self.buyer}: {self.get_outcome_display()} ({self.decided_at:%Y-%m-%d})"


class PartnerReview(models.Model):
    """The yearly confirmation that a partner stays a partner, with the
    checklist as it stood. A partner whose last review (or, before the
    first, whose partnership) is more than a year old is flagged
    (``partnerships/selectors/monitoring.py``). Append-only, like decisions."""

    buyer = models.ForeignKey("buyers.Buyer", on_delete=models.PROTECT, related_name="partner_reviews")
    reviewed_on = models.DateField(default=timezone.localdate)
    next_review_by = models.DateField(help_text="A year on, unless staff choose sooner.")
    note = models.TextField(help_text="What the review looked at and concluded.")
    checklist_snapshot = models.JSONField(default=list)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        get_latest_by = "reviewed_on"
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_by__gt=models.F("reviewed_on")),
                name="partnerships_partnerreview_next_after",
                violation_error_message="The next review comes after this one.",
            ),
            models.CheckConstraint(
                condition=~Q(note=""),
                name="partnerships_partnerreview_has_note",
                violation_error_message="Say what the review concluded.",
            ),
        ]

    def __str__(self):
        return f"{self.buyer}: partner review {self.reviewed_on:%Y-%m-%d}"

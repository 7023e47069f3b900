"""The commitment catalogue and each buyer's checklist.

The catalogue is loaded from section IV of the Better Work buyer guide by
a data migration; see ``partnerships/constants.py``.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Commitment(models.Model):
    """A commitment Buyer Partners make (``docs/buyer-guide.md``, IV.3).

    Sub-items hang under their parent; the eligibility rule counts every
    active required item, sub-items included. Retired commitments are made
    inactive, never deleted, so past checklists and decisions still read.
    """

    class Level(models.TextChoices):
        REQUIRED = "required", "Required"
        ENCOURAGED = "encouraged", "Encouraged"

    code = models.SlugField(max_length=60, help_text="Stable identifier used in snapshots and signups.")
    title = models.TextField(help_text="The commitment in the words of the buyer guide.")
    pledge = models.TextField(
        blank=True,
        help_text=(
            "How the signup form asks a buyer to take it on, completing \u201cAs a Buyer Partner, we will\u2026\u201d "
            "(e.g. \u201cStop auditing factories in the Better Work programme\u201d). Blank: the title is shown."
        ),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_items",
        help_text="The commitment this one is a part of, if any.",
    )
    level = models.CharField(
        max_length=20,
        choices=Level.choices,
        default=Level.REQUIRED,
        help_text="Required commitments decide eligibility; encouraged ones do not.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order on the checklist.")
    is_active = models.BooleanField(default=True, help_text="Inactive commitments are kept but no longer asked for.")

    class Meta:
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                name="partnerships_commitment_unique_code",
                violation_error_message="A commitment with this code already exists.",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def signup_label(self) -> str:
        return self.pledge or self.title


class CommitmentRecord(models.Model):
    """One buyer's state on one commitment: its line on the checklist."""

    class State(models.TextChoices):
        NOT_YET = "not_yet", "Not yet"
        AFFIRMED = "affirmed", "Affirmed"
        VERIFIED = "verified", "Verified"
        BREACHED = "breached", "Breached"

    class Source(models.TextChoices):
        SIGNUP_FORM = "signup_form", "Signup form"
        SIGNED_AGREEMENT = "signed_agreement", "Signed agreement"
        CALL_NOTE = "call_note", "Call note"
        FACTORY_FEEDBACK = "factory_feedback", "Factory feedback"
        INTERACTION = "interaction", "A logged interaction"

    buyer = models.ForeignKey("buyers.Buyer", on_delete=models.PROTECT, related_name="commitment_records")
    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="records")
    state = models.CharField(
        max_length=20,
        choices=State.choices,
        default=State.NOT_YET,
        help_text="Affirmed: the buyer said yes. Verified: staff saw evidence.",
    )
    evidence = models.TextField(blank=True, help_text="What was seen or said, and where.")
    source = models.CharField(max_length=30, choices=Source.choices, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(default=timezone.now)
    review_by = models.DateField(null=True, blank=True, help_text="When staff should look at this again.")
    evidence_interaction = models.ForeignKey(
        "partnerships.Interaction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidenced_records",
        help_text="The call, meeting or email that is the evidence, if one is.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["buyer", "commitment__position"]
        verbose_name = "commitment record"
        indexes = [
            # Partners at risk start from the breached records, a few hundred
            # of 116,000 at fifty times today's programme (issue 14).
            models.Index(fields=["buyer"], condition=models.Q(state="breached"), name="partnerships_breached_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["buyer", "commitment"],
                name="partnerships_commitmentrecord_one_per_buyer_commitment",
                violation_error_message="This buyer already has a record for this commitment.",
            ),
        ]

    def __str__(self):
        return f"{self.buyer}: {self.commitment.code} ({self.get_state_display()})"


class ChecklistSummary(models.Model):
    """A buyer's checklist in the two figures the eligibility rule needs,
    so that a list of thousands of buyers reads one row a buyer rather than
    every buyer's records (issue 14: the rule over 10,000 buyers took
    360 ms as correlated subqueries, and most of the overview's time).

    Derived data: written only by
    ``partnerships/services/checklist_summaries.py``, in the same
    transaction as the checklist change or catalogue change it sums up.
    A buyer without a row has no record that counts. After every test,
    ``tests/conftest.py`` checks that every row agrees with the records.
    """

    buyer = models.OneToOneField(
        "buyers.Buyer", on_delete=models.CASCADE, primary_key=True, related_name="checklist_summary"
    )
    required_done = models.PositiveSmallIntegerField(
        default=0, help_text="Active required commitments affirmed or verified."
    )
    required_breached = models.PositiveSmallIntegerField(default=0, help_text="Active required commitments breached.")

    class Meta:
        verbose_name = "checklist summary"
        verbose_name_plural = "checklist summaries"

    def __str__(self):
        return f"{self.buyer_id}: {self.required_done} done, {self.required_breached} breached"

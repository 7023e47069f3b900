"""The relationship, day to day: each call, meeting, email, forum session
or factory activity with a buyer, and the follow-up it leaves.

An interaction can be the evidence of a checklist line
(``CommitmentRecord.evidence_interaction``), and can deliver partner
benefits (``BenefitDelivery.interaction``). The services that write them
are ``partnerships/services/relationship.py``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format


class Interaction(models.Model):
    class Kind(models.TextChoices):
        CALL = "call", "Call"
        MEETING = "meeting", "Meeting"
        EMAIL = "email", "Email"
        BUYERS_FORUM = "buyers_forum", "Buyers Forum session"
        QUARTERLY_CALL = "quarterly_call", "Quarterly call with a country programme"
        FACTORY_ACTIVITY = "factory_activity", "Factory-level activity"

    class Visibility(models.TextChoices):
        INTERNAL = "internal", "Internal: staff only"
        SHAREABLE = "shareable", "Shareable with the buyer"

    buyer = models.ForeignKey("buyers.Buyer", on_delete=models.PROTECT, related_name="interactions")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    occurred_on = models.DateField(default=timezone.localdate, help_text="When it took place.")
    summary = models.TextField(help_text="What was said or done, and what was agreed.")
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default=Visibility.INTERNAL)
    contacts = models.ManyToManyField(
        "buyers.Contact", blank=True, related_name="interactions", help_text="Who took part for the buyer."
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="interactions", help_text="Who took part for Better Work."
    )
    country_programmes = models.ManyToManyField(
        "buyers.CountryProgramme", blank=True, related_name="interactions", help_text="Programmes discussed."
    )
    factories = models.ManyToManyField(
        "buyers.Factory", blank=True, related_name="interactions", help_text="Factories discussed."
    )
    follow_up = models.CharField(
        max_length=500, blank=True, help_text="What is to be done next, if anything, e.g. “Send the remediation plan”."
    )
    follow_up_due = models.DateField(null=True, blank=True, help_text="By when.")
    follow_up_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        help_text="Who owns the follow-up.",
    )
    follow_up_done_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["buyer", "-occurred_on"], name="partnerships_interaction_buyer")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(follow_up="") & Q(follow_up_due__isnull=True) & Q(follow_up_owner__isnull=True))
                | (~Q(follow_up="") & Q(follow_up_due__isnull=False) & Q(follow_up_owner__isnull=False)),
                name="partnerships_interaction_follow_up_complete",
                violation_error_message=(
                    "A follow-up needs what, by when and who owns it; leave all three empty for none."
                ),
            ),
            models.CheckConstraint(
                condition=Q(follow_up_done_on__isnull=True) | ~Q(follow_up=""),
                name="partnerships_interaction_done_only_with_follow_up",
                violation_error_message="Only a follow-up can be done.",
            ),
            models.CheckConstraint(
                condition=~Q(summary=""),
                name="partnerships_interaction_has_summary",
                violation_error_message="Say what was said or done.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} with {self.buyer}, {date_format(self.occurred_on, 'j M Y')}"

    @property
    def has_open_follow_up(self) -> bool:
        return bool(self.follow_up) and self.follow_up_done_on is None

"""What the portal has told people: the daily reminder digests sent to
staff, and the emails sent to buyers."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ReminderDigest(models.Model):
    """One day's reminder email to one staff member
    (``partnerships/management/commands/send_reminders.py``): at most one a
    day, so that running the command twice sends nothing twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_digests")
    sent_on = models.DateField(default=timezone.localdate)
    items = models.JSONField(default=list, help_text="What the digest listed.")
    email = models.ForeignKey("post_office.Email", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_on", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "sent_on"],
                name="partnerships_reminderdigest_one_per_user_day",
                violation_error_message="This staff member already had today's digest.",
            ),
        ]

    def __str__(self):
        return f"Reminders for {self.user} on {self.sent_on:%Y-%m-%d}"


class BuyerMessage(models.Model):
    """An email the portal sent a buyer, kept with the buyer so that its
    file shows what the buyer was told. The message itself, with its
    delivery attempts, is in the mail queue (django-post-office)."""

    class Kind(models.TextChoices):
        SIGNUP_ACCEPTED = "signup_accepted", "Signup accepted"
        SIGNUP_REJECTED = "signup_rejected", "Signup not accepted"
        DECISION = "decision", "Partnership decision"

    buyer = models.ForeignKey("buyers.Buyer", on_delete=models.PROTECT, null=True, blank=True, related_name="messages")
    signup_request = models.ForeignKey(
        "buyers.SignupRequest", on_delete=models.PROTECT, null=True, blank=True, related_name="messages"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    email = models.ForeignKey("post_office.Email", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.to}"

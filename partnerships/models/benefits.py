"""The partner benefits (``docs/buyer-guide.md``, IV.2) and each delivery
of one to a partner."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Benefit(models.Model):
    """What Buyer Partners get beyond participants (``docs/buyer-guide.md``, IV.2)."""

    code = models.SlugField(max_length=60)
    title = models.TextField(help_text="The benefit in the words of the buyer guide.")
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code"], name="partnerships_benefit_unique_code"),
        ]

    def __str__(self):
        return self.title


class BenefitDelivery(models.Model):
    """One delivery of a partner benefit to a buyer: a quarterly call held,
    a Buyers Forum session attended, an assessment prioritised."""

    buyer = models.ForeignKey("buyers.Buyer", on_delete=models.PROTECT, related_name="benefit_deliveries")
    benefit = models.ForeignKey(Benefit, on_delete=models.PROTECT, related_name="deliveries")
    delivered_on = models.DateField(default=timezone.localdate)
    interaction = models.ForeignKey(
        "partnerships.Interaction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="benefit_deliveries",
        help_text="The interaction that delivered it, if one did.",
    )
    note = models.CharField(max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-delivered_on", "-pk"]
        verbose_name_plural = "benefit deliveries"
        indexes = [models.Index(fields=["buyer", "benefit", "-delivered_on"], name="partnerships_delivery_buyer")]
        constraints = [
            models.UniqueConstraint(
                fields=["interaction", "benefit"],
                name="partnerships_benefitdelivery_once_per_interaction",
                violation_error_message="This interaction already delivered this benefit.",
            ),
        ]

    def __str__(self):
        return f"{self.benefit.code} to {self.buyer} on {self.delivered_on:%Y-%m-%d}"

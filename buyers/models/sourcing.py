"""Where buyers source: sourcing links, and buyers' own audits of programme factories."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from buyers.models.buyer import Buyer
from buyers.models.programme import Factory
from buyers.models.supplier_list import SupplierList


class Sourcing(models.Model):
    """A buyer sourcing from a factory, from a start to an optional end."""

    class EndReason(models.TextChoices):
        VOLUME = "volume", "Volume"
        FACTORY_CLOSED = "factory_closed", "Factory closed"
        COMPLIANCE_RESULTS = "compliance_results", "Compliance results"
        OTHER = "other", "Other"

    buyer = models.ForeignKey(Buyer, on_delete=models.PROTECT, related_name="sourcings")
    factory = models.ForeignKey(Factory, on_delete=models.PROTECT, related_name="sourcings")
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True, help_text="Leave empty while the buyer still sources here.")
    end_reason = models.CharField(
        max_length=30,
        choices=EndReason.choices,
        blank=True,
        help_text="Why the sourcing ended; required with an end date.",
    )
    # The supplier list version whose acceptance started or ended this
    # sourcing, if one did: the evidence of the change.
    started_by_list = models.ForeignKey(
        SupplierList, on_delete=models.PROTECT, null=True, blank=True, related_name="started_sourcings"
    )
    ended_by_list = models.ForeignKey(
        SupplierList, on_delete=models.PROTECT, null=True, blank=True, related_name="ended_sourcings"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on"]
        indexes = [
            # The admin's sourcing list orders by (started_on, id), newest
            # first: without it every page sorted all 160,000 rows (issue 14).
            models.Index(fields=["started_on", "id"], name="buyers_sourcing_started_idx"),
            # Monitoring reads a partner's ended sourcings (dropped-factory
            # flags); most sourcings are open, and the buyer index read them too.
            models.Index(fields=["buyer"], condition=Q(ended_on__isnull=False), name="buyers_sourcing_ended_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["buyer", "factory"],
                condition=Q(ended_on__isnull=True),
                name="buyers_sourcing_one_open_per_buyer_factory",
                violation_error_message="This buyer already sources from this factory; end that sourcing first.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="buyers_sourcing_ends_after_start",
                violation_error_message="The end date cannot be before the start date.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_reason="") | (Q(ended_on__isnull=False) & ~Q(end_reason="")),
                name="buyers_sourcing_end_reason_iff_ended",
                violation_error_message="Give an end reason exactly when the sourcing has an end date.",
            ),
        ]

    def __str__(self):
        return f"{self.buyer} ← {self.factory.name}"


class FactoryAudit(models.Model):
    """A buyer's own audit of a programme factory, as reported to staff.

    Partners commit to "Stop auditing factories in Better Work programme"
    (``partnerships/constants.py``); an audit recorded here raises a
    monitoring flag for staff to follow up
    (``partnerships/selectors/monitoring.py``). It never changes a tier by
    itself.
    """

    buyer = models.ForeignKey(Buyer, on_delete=models.PROTECT, related_name="factory_audits")
    factory = models.ForeignKey(Factory, on_delete=models.PROTECT, related_name="buyer_audits")
    audited_on = models.DateField(help_text="The day of the buyer's audit visit.")
    auditor = models.CharField(max_length=200, blank=True, help_text="Who carried out the audit, e.g. a firm.")
    evidence = models.TextField(help_text="How staff learned of it: factory feedback, a report seen, …")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-audited_on"]
        verbose_name = "buyer audit of a factory"
        verbose_name_plural = "buyer audits of factories"
        constraints = [
            models.UniqueConstraint(
                fields=["buyer", "factory", "audited_on"],
                name="buyers_factoryaudit_one_per_buyer_factory_day",
                violation_error_message="This audit is already recorded.",
            ),
        ]

    def __str__(self):
        return f"{self.buyer} audited {self.factory.name} on {self.audited_on:%Y-%m-%d}"

"""A buyer's list of supplier factories, kept as versions.

Buyers send the list of factories they source from when they join and
again every year or so. Each file staff receive becomes a new version,
kept as it came (the file, who uploaded it, when, from where), with each
row matched to a programme factory (``buyers/selectors/matching.py``).
Accepting a version changes the buyer's sourcing to match it
(``buyers/services/supplier_lists.py``); the sourcing it starts and ends
points back at it, as the evidence of the change. The pattern is Open
Supply Hub's facility lists.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from buyers.models.buyer import Buyer
from buyers.models.programme import CountryProgramme, Factory


class SupplierList(models.Model):
    """One version of a buyer's supplier list."""

    class Source(models.TextChoices):
        EMAIL = "email", "The buyer's email"
        SIGNUP = "signup", "The signup form"
        CALL = "call", "A call or meeting"
        OTHER = "other", "Somewhere else"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        ACCEPTED = "accepted", "Accepted"
        DISCARDED = "discarded", "Discarded"

    buyer = models.ForeignKey(Buyer, on_delete=models.PROTECT, related_name="supplier_lists")
    version = models.PositiveIntegerField(help_text="1 for the buyer's first list, then one more for each.")
    file_name = models.CharField(max_length=255)
    # Kept in the database, not on one app server's disk: every server
    # shows it, and a database backup holds it.
    file_content = models.BinaryField(editable=False)
    file_size = models.PositiveIntegerField(editable=False)
    source = models.CharField(max_length=20, choices=Source.choices, help_text="Where the list came from.")
    source_note = models.CharField(
        max_length=300, blank=True, help_text="Anything that places it, e.g. “Email from Åsa Lind, 3 March”."
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=300, blank=True, help_text="Why a version was discarded.")

    class Meta:
        ordering = ["buyer", "-version"]
        verbose_name = "supplier list"
        constraints = [
            models.UniqueConstraint(
                fields=["buyer", "version"],
                name="buyers_supplierlist_one_per_buyer_version",
                violation_error_message="This buyer already has a supplier list of this version.",
            ),
            models.CheckConstraint(
                condition=Q(status="pending", decided_at__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False)),
                name="buyers_supplierlist_decided_iff_not_pending",
                violation_error_message="A supplier list is decided exactly when it is no longer pending.",
            ),
        ]

    def __str__(self):
        return f"{self.buyer} supplier list v{self.version}"


class SupplierListRow(models.Model):
    """One row of a supplier list as the buyer wrote it, and the programme
    factory it is, if the programme knows it for certain."""

    class Match(models.TextChoices):
        OS_ID = "os_id", "Matched by OS ID"
        NAME = "name", "Matched by name"
        AMBIGUOUS = "ambiguous", "Could be several factories"
        NONE = "none", "Not a programme factory"
        REPEATED = "repeated", "Repeats an earlier row"
        REJECTED = "rejected", "Cannot be read"

    supplier_list = models.ForeignKey(SupplierList, on_delete=models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField(help_text="The row as a spreadsheet numbers it (the header is row 1).")
    name = models.CharField(max_length=300, blank=True)
    country_programme_name = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=200, blank=True)
    os_id = models.CharField("OS ID", max_length=40, blank=True)
    country_programme = models.ForeignKey(
        CountryProgramme, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    match = models.CharField(max_length=20, choices=Match.choices)
    factory = models.ForeignKey(Factory, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # The programme factories an ambiguous row could be.
    candidates = models.ManyToManyField(Factory, blank=True, related_name="+")
    problem = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["supplier_list", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier_list", "number"], name="buyers_supplierlistrow_one_per_list_number"
            ),
            models.CheckConstraint(
                condition=Q(match__in=["os_id", "name", "repeated"], factory__isnull=False)
                | (Q(match__in=["ambiguous", "none", "rejected"]) & Q(factory__isnull=True)),
                name="buyers_supplierlistrow_factory_iff_matched",
                violation_error_message="A row names a factory exactly when it matched one.",
            ),
        ]

    def __str__(self):
        return f"Row {self.number}: {self.name}"

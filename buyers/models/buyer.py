"""Buyers (brands and retailers) and the people who speak for them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from buyers.names import buyer_match_keys


class BuyerQuerySet(models.QuerySet):
    def active_partners(self) -> "BuyerQuerySet":
        """The partners still working with the programme: the buyers whose
        partner commitments are watched (``partnerships/selectors/monitoring.py``)
        and who may be named publicly."""
        return self.filter(tier=Buyer.Tier.PARTNER, status=Buyer.Status.ACTIVE)


class Buyer(models.Model):
    """An international brand or retailer working with the programme."""

    class Tier(models.TextChoices):
        PARTICIPANT = "participant", "Participant"
        PARTNER = "partner", "Partner"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        WITHDRAWN = "withdrawn", "Withdrawn"

    name = models.CharField(max_length=200, help_text="The organisation's name as it writes it.")
    name_key = models.CharField(
        max_length=200,
        editable=False,
        help_text="The name normalised for matching; kept unique.",
    )
    headquarters_country = CountryField(help_text="Where the buyer has its headquarters.")
    website = models.URLField(blank=True, max_length=300, help_text="The buyer's public website.")
    website_domain = models.CharField(
        max_length=253,
        blank=True,
        editable=False,
        db_index=True,
        help_text="The website's host, used to spot duplicate signups.",
    )
    tier = models.CharField(
        max_length=20,
        choices=Tier.choices,
        default=Tier.PARTICIPANT,
        help_text="Change it through a partnership decision, not by hand.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    joined_on = models.DateField(
        default=timezone.localdate, help_text="When the buyer began working with the programme."
    )
    partner_since = models.DateField(
        null=True,
        blank=True,
        help_text="Set exactly when the tier is Partner.",
    )
    focal_point = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="buyers",
        limit_choices_to={"is_staff": True},
        help_text="The buyer relations staff member who owns the relationship.",
    )
    public_listing_consent = models.BooleanField(
        default=False,
        help_text="The buyer agrees to be named on the public list of Buyer Partners.",
    )
    notes = models.TextField(blank=True, help_text="Anything staff should know; not shown publicly.")
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Counts the saved changes to the buyer, its contacts, sourcing and checklist; "
        "a page saved from an older version is refused (buyers/services/versions.py).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    objects = BuyerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        permissions = [("export_buyer", "Can export the buyer list")]
        constraints = [
            models.UniqueConstraint(
                fields=["name_key"],
                name="buyers_buyer_unique_name",
                violation_error_message="A buyer with this name already exists.",
            ),
            models.CheckConstraint(
                condition=Q(tier__in=["participant", "partner"]),
                name="buyers_buyer_tier_valid",
            ),
            models.CheckConstraint(
                condition=(
                    Q(tier="partner", partner_since__isnull=False)
                    | (~Q(tier="partner") & Q(partner_since__isnull=True))
                ),
                name="buyers_buyer_partner_since_iff_partner",
                violation_error_message="Partner since must be set for partners and only for partners.",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # The keys must never go stale, whatever path writes the row.
        self.refresh_match_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            derived = {"name": "name_key", "website": "website_domain"}
            kwargs["update_fields"] = {*update_fields, *(derived[f] for f in derived if f in update_fields)}
        super().save(*args, **kwargs)

    def clean(self):
        # Derived before validate_constraints() runs, so a clashing name is
        # reported as a readable error on the form rather than at save time.
        self.refresh_match_keys()
        if len(self.name_key) > self._meta.get_field("name_key").max_length:
            raise ValidationError({"name": "This name is too long once written out in full. Please shorten it."})

    def refresh_match_keys(self) -> None:
        """Set ``name_key`` and ``website_domain`` from the name and website
        (``buyers/names.py``)."""
        for name, value in buyer_match_keys(name=self.name, website=self.website).items():
            setattr(self, name, value)

    @property
    def is_active_partner(self) -> bool:
        return self.tier == self.Tier.PARTNER and self.status == self.Status.ACTIVE


class Contact(models.Model):
    """A person at a buyer, with the roles the partner commitments ask for."""

    buyer = models.ForeignKey(Buyer, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254)
    job_title = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    is_advisory_committee_representative = models.BooleanField(
        "Advisory Committee representative",
        default=False,
        help_text="Represents the buyer in the programme's governance (commitment IV.3).",
    )
    is_better_work_liaison = models.BooleanField(
        "Better Work liaison",
        default=False,
        help_text="The buyer's line of communication with Better Work staff.",
    )

    class Meta:
        ordering = ["buyer", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["buyer", "email"],
                name="buyers_contact_unique_email_per_buyer",
                violation_error_message="This buyer already has a contact with this email.",
            ),
        ]

    def __str__(self):
        return self.name

"""Who the buyers are, who speaks for them, and where they source.

The rules that must always hold are database constraints in each model's
``Meta.constraints``, named ``buyers_<model>_<rule>``; ``full_clean()``
checks them too, so forms and the admin show readable errors.
"""

import re
import secrets
import unicodedata
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

# Zero-width and other invisible format characters (Unicode category Cf) make
# "Acme" and "Ac\u200bme" look the same to a person but differ to a database.
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise_organisation_name(name: str) -> str:
    """Return the key under which two spellings of one organisation match.

    NFKC folds compatibility forms (full-width letters, ligatures), casefold
    folds case, invisible format characters are dropped, and punctuation and
    runs of spacing become one space: "ACME, Inc." and "acme inc" share a key.
    """
    folded = unicodedata.normalize("NFKC", name or "").casefold()
    visible = "".join(ch for ch in folded if unicodedata.category(ch) != "Cf")
    return _NOT_WORD.sub(" ", visible).strip()


FACTORY_NAME_KEY_LENGTH = 300


def factory_name_key(name: str) -> str:
    """Return the key a factory's name is matched by: normalised as buyer
    names are, cut to fit its column (factory keys need not be unique)."""
    return normalise_organisation_name(name)[:FACTORY_NAME_KEY_LENGTH]


def website_domain(url: str) -> str:
    """Return the host of *url* without ``www.``, lower-cased ("" if none)."""
    if not url:
        return ""
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    return host.lower().removeprefix("www.")


class CountryProgramme(models.Model):
    """A Better Work country programme, in which factories are enrolled."""

    name = models.CharField(max_length=100, unique=True, help_text="Programme name, e.g. Better Work Vietnam.")
    country = CountryField(unique=True, help_text="The country the programme works in.")
    is_active = models.BooleanField(default=True, help_text="Inactive programmes are kept for history.")

    class Meta:
        ordering = ["name"]
        verbose_name = "country programme"

    def __str__(self):
        return self.name


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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
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
        self._derive_keys()
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)

    def clean(self):
        # Derived before validate_constraints() runs, so a clashing name is
        # reported as a readable error on the form rather than at save time.
        self._derive_keys()
        if len(self.name_key) > self._meta.get_field("name_key").max_length:
            raise ValidationError({"name": "This name is too long once written out in full. Please shorten it."})

    def _derive_keys(self):
        self.name_key = normalise_organisation_name(self.name)
        self.website_domain = website_domain(self.website)

    @property
    def is_partner(self) -> bool:
        return self.tier == self.Tier.PARTNER


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


class Factory(models.Model):
    """A supplier factory enrolled in a Better Work country programme."""

    class Sector(models.TextChoices):
        GARMENT = "garment", "Garment"
        FOOTWEAR = "footwear", "Footwear"
        TRAVEL_GOODS = "travel_goods", "Travel goods and bags"
        TEXTILES = "textiles", "Textiles"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    name_key = models.CharField(
        max_length=FACTORY_NAME_KEY_LENGTH,
        editable=False,
        help_text="The name normalised for matching the factories a signup lists.",
    )
    country_programme = models.ForeignKey(
        CountryProgramme,
        on_delete=models.PROTECT,
        related_name="factories",
        help_text="The programme the factory is enrolled in.",
    )
    address = models.CharField(max_length=300, blank=True)
    city = models.CharField(max_length=100, blank=True)
    sector = models.CharField(max_length=20, choices=Sector.choices, default=Sector.GARMENT)
    workers = models.PositiveIntegerField(null=True, blank=True, help_text="Number of workers.")
    os_id = models.CharField(
        "OS ID",
        max_length=15,
        blank=True,
        validators=[
            RegexValidator(
                r"^[A-Z]{2}[0-9]{7}[0-9A-Z]{6}$",
                "An OS ID is two letters, seven digits and six letters or digits, e.g. BD2019105Q2B6X9.",
            )
        ],
        help_text="Open Supply Hub ID, if known; unique when present.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "factories"
        indexes = [models.Index(fields=["country_programme", "name_key"], name="buyers_factory_programme_name")]
        constraints = [
            models.UniqueConstraint(
                fields=["os_id"],
                condition=~Q(os_id=""),
                name="buyers_factory_unique_os_id",
                violation_error_message="Another factory already has this OS ID.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.country_programme})"

    def save(self, *args, **kwargs):
        # The key must never go stale, whatever path writes the row.
        self.name_key = factory_name_key(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)


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

    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on"]
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

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


# The eight clusters of the compliance assessment tool: four core labour
# standards, then four working conditions.
ASSESSMENT_CLUSTERS = (
    "child_labour",
    "discrimination",
    "forced_labour",
    "freedom_of_association",
    "compensation",
    "contracts_and_human_resources",
    "occupational_safety_and_health",
    "working_time",
)

_RATE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


def _rate_field(verbose_name):
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=2,
        validators=_RATE_VALIDATORS,
        help_text="Non-compliance rate in this cluster, in per cent (0–100).",
    )


class Assessment(models.Model):
    """One Better Work assessment cycle of a factory.

    Rates are per cent of compliance points found non-compliant in each of
    the eight clusters of the compliance assessment tool. The overall rate
    is their mean, computed by the database so it can never disagree.
    """

    CLUSTERS = ASSESSMENT_CLUSTERS

    factory = models.ForeignKey(Factory, on_delete=models.PROTECT, related_name="assessments")
    assessed_on = models.DateField(help_text="The day of the unannounced assessment visit.")
    cycle = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1)], help_text="1 for the first assessment, then one per yearly cycle."
    )
    # Core labour standards.
    child_labour = _rate_field("child labour")
    discrimination = _rate_field("discrimination")
    forced_labour = _rate_field("forced labour")
    freedom_of_association = _rate_field("freedom of association and collective bargaining")
    # Working conditions.
    compensation = _rate_field("compensation")
    contracts_and_human_resources = _rate_field("contracts and human resources")
    occupational_safety_and_health = _rate_field("occupational safety and health")
    working_time = _rate_field("working time")
    overall_rate = models.GeneratedField(
        expression=(
            models.F("child_labour")
            + models.F("discrimination")
            + models.F("forced_labour")
            + models.F("freedom_of_association")
            + models.F("compensation")
            + models.F("contracts_and_human_resources")
            + models.F("occupational_safety_and_health")
            + models.F("working_time")
        )
        / 8,
        output_field=models.DecimalField(max_digits=5, decimal_places=2),
        db_persist=True,
        verbose_name="overall non-compliance rate",
    )

    class Meta:
        ordering = ["factory", "-cycle"]
        constraints = [
            models.UniqueConstraint(
                fields=["factory", "cycle"],
                name="buyers_assessment_one_per_factory_cycle",
                violation_error_message="This factory already has an assessment for this cycle.",
            ),
            models.CheckConstraint(
                condition=Q(*(Q(**{f"{c}__gte": 0, f"{c}__lte": 100}) for c in ASSESSMENT_CLUSTERS)),
                name="buyers_assessment_rates_are_percentages",
                violation_error_message="Every cluster rate must be between 0 and 100.",
            ),
        ]

    def __str__(self):
        return f"{self.factory.name}, cycle {self.cycle} ({self.assessed_on:%Y-%m-%d})"


def new_signup_reference() -> str:
    """Return a fresh, unguessable-enough reference like ``BW-2026-483920``.

    Collisions are caught by the unique constraint; the signup service
    retries with a new one.
    """
    return f"BW-{timezone.now():%Y}-{secrets.randbelow(10**6):06d}"


class SignupRequest(models.Model):
    """What the public signup form received, kept as submitted."""

    class Scheme(models.TextChoices):
        PARTICIPANT = "participant", "Participant"
        PARTNER = "partner", "Partner"

    class Status(models.TextChoices):
        NEW = "new", "New"
        ACCEPTED = "accepted", "Accepted"
        DUPLICATE = "duplicate", "Duplicate"
        REJECTED = "rejected", "Rejected"
        SPAM = "spam", "Spam"

    reference = models.CharField(max_length=20, default=new_signup_reference, help_text="Quoted to the buyer; unique.")
    organisation_name = models.CharField(max_length=200)
    headquarters_country = CountryField()
    website = models.URLField(blank=True, max_length=300)
    contact_name = models.CharField(max_length=200)
    contact_email = models.EmailField(max_length=254)
    contact_job_title = models.CharField(max_length=200, blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    requested_scheme = models.CharField(max_length=20, choices=Scheme.choices)
    affirmed_commitments = models.JSONField(
        default=list,
        blank=True,
        help_text="Codes of the partner commitments the buyer affirmed, as submitted.",
    )
    factories = models.JSONField(
        default=list,
        blank=True,
        help_text="Supplier factories as submitted: name, country programme, OS ID.",
    )
    data_use_consent = models.BooleanField(default=False, help_text="Consent to the use of the data given.")
    public_listing_consent = models.BooleanField(
        default=False, help_text="Agrees to be named on the public list of Buyer Partners."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    possible_duplicate_of = models.ForeignKey(
        Buyer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="possible_duplicate_signups",
        help_text="An existing buyer this request may duplicate, for staff to check.",
    )
    possible_duplicate_of_request = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="possible_duplicates",
        help_text="An earlier request still open when this one arrived that it may duplicate, for staff to check.",
    )
    buyer = models.ForeignKey(
        Buyer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signup_requests",
        help_text="The buyer this request became (accepted) or duplicates.",
    )
    rejection_reason = models.TextField(blank=True, help_text="Shown to the buyer on the request's status page.")
    submission_key = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="The one-time key of the form that sent it: the same form sent twice finds this request.",
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["reference"],
                name="buyers_signuprequest_unique_reference",
                violation_error_message="A signup request with this reference already exists.",
            ),
            models.UniqueConstraint(
                fields=["submission_key"],
                condition=~Q(submission_key=""),
                name="buyers_signuprequest_unique_submission_key",
                violation_error_message="This form was already sent.",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["accepted", "duplicate"]) | Q(buyer__isnull=False),
                name="buyers_signuprequest_decided_has_buyer",
                violation_error_message="An accepted or duplicate request must name its buyer.",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.organisation_name}"


class FactoryAudit(models.Model):
    """A buyer's own audit of a programme factory, as reported to staff.

    Partners commit to "Stop auditing factories in Better Work programme"
    (seed section IV.3); an audit recorded here raises a monitoring flag
    for staff to follow up. It never changes a tier by itself.
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

"""What the public signup form received, kept as submitted."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from buyers.models.buyer import Buyer
from buyers.names import buyer_match_keys


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
    # Derived from the organisation name and website (buyers/names.py), as a
    # buyer's are, so that a new signup finds the requests still waiting
    # that it may repeat through an index rather than by reading and
    # normalising every one (issue 14). A hint: cut to length, never refused.
    name_key = models.CharField(max_length=200, blank=True, editable=False)
    website_domain = models.CharField(max_length=253, blank=True, editable=False)
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
        indexes = [
            # The requests still waiting, found by name or website when a
            # new one comes in (buyers/selectors/signups.py).
            models.Index(fields=["name_key"], condition=Q(status="new"), name="buyers_signup_new_name_idx"),
            models.Index(fields=["website_domain"], condition=Q(status="new"), name="buyers_signup_new_domain_idx"),
        ]
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

    def save(self, *args, **kwargs):
        # The keys must never go stale, whatever path writes the row.
        self.refresh_match_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            derived = {"organisation_name": "name_key", "website": "website_domain"}
            kwargs["update_fields"] = {*update_fields, *(derived[f] for f in derived if f in update_fields)}
        super().save(*args, **kwargs)

    def refresh_match_keys(self) -> None:
        """Set ``name_key`` and ``website_domain`` from the organisation
        name and website, as a buyer's (``buyers/names.py``)."""
        keys = buyer_match_keys(name=self.organisation_name, website=self.website)
        for name, value in self.keys_as_stored(keys).items():
            setattr(self, name, value)

    @classmethod
    def keys_as_stored(cls, keys: dict[str, str]) -> dict[str, str]:
        """Return a buyer's match *keys* as a request stores them: cut to
        the columns' length, a hint that is never refused."""
        return {field: value[: cls._meta.get_field(field).max_length] for field, value in keys.items()}

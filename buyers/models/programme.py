"""Country programmes and the supplier factories enrolled in them."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django_countries.fields import CountryField

from buyers.names import FACTORY_NAME_KEY_LENGTH, factory_match_keys


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
        indexes = [
            models.Index(fields=["country_programme", "name_key"], name="buyers_factory_programme_name"),
            # Both factory lists page in name order: without it each page
            # sorted all 100,000 factories (50 ms, issue 14).
            models.Index(fields=["name", "id"], name="buyers_factory_name_idx"),
        ]
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
        self.refresh_match_keys()
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)

    def refresh_match_keys(self) -> None:
        """Set ``name_key`` from the name (``buyers/names.py``)."""
        for name, value in factory_match_keys(name=self.name).items():
            setattr(self, name, value)

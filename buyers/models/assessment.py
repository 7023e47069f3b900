"""Better Work assessment cycles of a factory, cluster by cluster."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from buyers.models.programme import Factory

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

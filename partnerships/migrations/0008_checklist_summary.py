import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count, Q

from buyers.models.data_version import install_version_triggers


def _sum_up_every_checklist(apps, schema_editor):
    """The summaries of the records already there, counted as
    partnerships.selectors.required_record_counts counts them (with this
    migration's models)."""
    CommitmentRecord = apps.get_model("partnerships", "CommitmentRecord")
    ChecklistSummary = apps.get_model("partnerships", "ChecklistSummary")
    counts = (
        CommitmentRecord.objects.filter(commitment__is_active=True, commitment__level="required")
        .order_by()
        .values("buyer_id")
        .annotate(
            done=Count("pk", filter=Q(state__in=("affirmed", "verified"))),
            breached=Count("pk", filter=Q(state="breached")),
        )
        .values_list("buyer_id", "done", "breached")
    )
    ChecklistSummary.objects.bulk_create(
        (
            ChecklistSummary(buyer_id=buyer_id, required_done=done, required_breached=breached)
            for buyer_id, done, breached in counts
            if done or breached
        ),
        batch_size=2000,
    )


class Migration(migrations.Migration):
    """Each buyer's checklist in the two figures of the eligibility rule
    (issue 14; partnerships/services/checklist_summaries.py keeps them)."""

    dependencies = [
        ("buyers", "0014_tableversion"),
        ("partnerships", "0007_data_version_triggers"),
    ]

    operations = [
        migrations.CreateModel(
            name="ChecklistSummary",
            fields=[
                (
                    "buyer",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="checklist_summary",
                        serialize=False,
                        to="buyers.buyer",
                    ),
                ),
                (
                    "required_done",
                    models.PositiveSmallIntegerField(
                        default=0, help_text="Active required commitments affirmed or verified."
                    ),
                ),
                (
                    "required_breached",
                    models.PositiveSmallIntegerField(default=0, help_text="Active required commitments breached."),
                ),
            ],
            options={
                "verbose_name": "checklist summary",
                "verbose_name_plural": "checklist summaries",
            },
        ),
        migrations.RunPython(_sum_up_every_checklist, migrations.RunPython.noop),
        # The new table gets the data version's triggers like the others.
        install_version_triggers("partnerships"),
    ]

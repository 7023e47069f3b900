from django.db import migrations

from buyers.models.data_version import install_version_triggers


class Migration(migrations.Migration):
    """The data version's triggers on the partnerships tables
    (buyers/models/data_version.py)."""

    dependencies = [
        ("buyers", "0013_dataversion"),
        ("partnerships", "0006_commitmentrecord_breached_index"),
    ]

    operations = [install_version_triggers("partnerships")]

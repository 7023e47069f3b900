from django.conf import settings
from django.db import migrations, models

from buyers.models.data_version import FRESH_VERSION_REVERSE_SQL, FRESH_VERSION_SQL, install_version_triggers


def _fresh_tokens(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FRESH_VERSION_SQL)
        # The first token: figures may be kept from the first visit on.
        schema_editor.execute(
            "INSERT INTO buyers_dataversion (id, token, changed_at) VALUES (1, gen_random_uuid(), now())"
        )


def _no_fresh_tokens(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FRESH_VERSION_REVERSE_SQL)


class Migration(migrations.Migration):
    """The data's version and the triggers that change it (issue 14: the
    overview's figures are cached under it, buyers/models/data_version.py)."""

    dependencies = [
        ("buyers", "0012_factory_name_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.UUIDField()),
                ("changed_at", models.DateTimeField()),
            ],
            options={
                "constraints": [
                    models.CheckConstraint(condition=models.Q(pk=1), name="buyers_dataversion_single_row")
                ],
            },
        ),
        install_version_triggers("buyers", users=True),
        migrations.RunPython(_fresh_tokens, _no_fresh_tokens, elidable=False),
    ]

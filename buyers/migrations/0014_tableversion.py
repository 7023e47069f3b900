import importlib

from django.db import migrations, models

from buyers.models.data_version import BUMP_FUNCTION_SQL, FRESH_VERSION_REVERSE_SQL, FRESH_VERSION_SQL

_single_row = importlib.import_module("buyers.migrations.0013_dataversion")


def _per_table(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # Every trigger calls this function by name: replacing it moves all
        # of them to the per-table rows at once.
        schema_editor.execute(BUMP_FUNCTION_SQL)
        schema_editor.execute(FRESH_VERSION_SQL)


def _single_row_again(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FRESH_VERSION_REVERSE_SQL)
        schema_editor.execute(_single_row.SINGLE_ROW_BUMP_FUNCTION_SQL)
        schema_editor.execute(_single_row.SINGLE_ROW_FRESH_VERSION_SQL)
        schema_editor.execute(
            "INSERT INTO buyers_dataversion (id, token, changed_at) VALUES (1, gen_random_uuid(), now())"
        )


class Migration(migrations.Migration):
    """A version per table instead of one for all the data (issue 14): the
    figures kept under the versions are thrown away only when a table they
    were read from is written (buyers/models/data_version.py)."""

    dependencies = [
        ("buyers", "0013_dataversion"),
        # Both apps' triggers are in place: the new function serves them all.
        ("partnerships", "0007_data_version_triggers"),
    ]

    operations = [
        migrations.CreateModel(
            name="TableVersion",
            fields=[
                ("name", models.CharField(max_length=63, primary_key=True, serialize=False)),
                ("token", models.UUIDField()),
                ("changed_at", models.DateTimeField()),
            ],
        ),
        # Before the single row goes: reversed, it runs once the row's table
        # is back.
        migrations.RunPython(_per_table, _single_row_again, elidable=False),
        migrations.DeleteModel(name="DataVersion"),
    ]

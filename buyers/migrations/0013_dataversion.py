from django.conf import settings
from django.db import migrations, models

from buyers.models.data_version import install_version_triggers

# The functions as this migration made them, a single row for all the data:
# 0014_tableversion replaces them with a row per table, and puts these back
# when it is reversed.
SINGLE_ROW_BUMP_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION buyers_change_data_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('betterwork.data_version_changed', true) IS DISTINCT FROM 'yes' THEN
        INSERT INTO buyers_dataversion (id, token, changed_at)
        VALUES (1, gen_random_uuid(), clock_timestamp())
        ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token, changed_at = EXCLUDED.changed_at;
        PERFORM set_config('betterwork.data_version_changed', 'yes', true);
    END IF;
    RETURN NULL;
END;
$$;
"""
SINGLE_ROW_FRESH_VERSION_SQL = """
CREATE OR REPLACE FUNCTION buyers_fresh_data_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.token := gen_random_uuid();
    NEW.changed_at := clock_timestamp();
    RETURN NEW;
END;
$$;
CREATE TRIGGER "betterwork_fresh_data_version" BEFORE INSERT OR UPDATE ON "buyers_dataversion"
FOR EACH ROW EXECUTE FUNCTION buyers_fresh_data_version();
"""


def _bump_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SINGLE_ROW_BUMP_FUNCTION_SQL)


def _fresh_tokens(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SINGLE_ROW_FRESH_VERSION_SQL)
        # The first token: figures may be kept from the first visit on.
        schema_editor.execute(
            "INSERT INTO buyers_dataversion (id, token, changed_at) VALUES (1, gen_random_uuid(), now())"
        )


def _no_fresh_tokens(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('DROP TRIGGER IF EXISTS "betterwork_fresh_data_version" ON "buyers_dataversion";')


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
        migrations.RunPython(_bump_function, migrations.RunPython.noop, elidable=False),
        install_version_triggers("buyers", users=True),
        migrations.RunPython(_fresh_tokens, _no_fresh_tokens, elidable=False),
    ]

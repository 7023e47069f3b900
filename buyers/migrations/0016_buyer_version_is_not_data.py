from django.db import migrations

from buyers.models.data_version import TRIGGER_NAME, version_trigger_sql

TABLE = "buyers_buyer"
# The triggers as 0013 made them, every update firing.
EVERY_UPDATE_SQL = (
    f'CREATE CONSTRAINT TRIGGER "{TRIGGER_NAME}" AFTER INSERT OR UPDATE OR DELETE ON "{TABLE}" '
    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION buyers_change_data_version();"
    f'CREATE TRIGGER "{TRIGGER_NAME}_truncate" AFTER TRUNCATE ON "{TABLE}" '
    "FOR EACH STATEMENT EXECUTE FUNCTION buyers_change_data_version();"
)


def _version_is_not_data(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        forward, reverse = version_trigger_sql(TABLE)
        schema_editor.execute(reverse + forward)


def _every_update(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(version_trigger_sql(TABLE)[1] + EVERY_UPDATE_SQL)


class Migration(migrations.Migration):
    """A buyer's version counting a change of its checklist no longer
    changes the buyers table's data version (buyers/models/data_version.py,
    NOT_DATA; issue 14)."""

    dependencies = [
        ("buyers", "0015_signup_match_keys"),
    ]

    operations = [migrations.RunPython(_version_is_not_data, _every_update, elidable=False)]

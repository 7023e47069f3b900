"""The versions of the portal's data: a row per table whose token changes
whenever a transaction that wrote to that table commits.

A page whose figures cost a second to compute at the programme's size (the
dashboard overview) keeps them in the cache under the tokens of the tables
they were read from, so they can never be older than the data: any write,
through a service, the admin, an import, a bulk ``update()`` or plain SQL,
commits a new token for its table in the same transaction, and the next
visit computes afresh (``buyers/selectors/data_version.py``). Per table, so
that logging a call does not throw away the programme's coverage, which
reads no interaction (issue 14).

The tokens are changed by PostgreSQL triggers on every table of the
portal's data, installed by the migrations (``version_trigger_sql`` below;
the buyers and partnerships apps' migrations call it for their tables, and
``tests/buyers/test_data_version.py`` fails for a table without one). They
fire at commit (deferred constraint triggers), once per table and
transaction, so a long import holds its tables' rows locked for the moment
of its commit, not for its whole run. SQLite has no such triggers here;
there nothing is cached.
"""

from django.db import models

# The function every trigger calls (buyers/migrations/0014_tableversion.py
# installs it). A transaction-local setting per table marks that table's
# token as changed already: the rows after the first cost a function call
# and no write. A random token, not a counter, so that a token is never
# reused after a rollback.
BUMP_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION buyers_change_data_version() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    marker text := 'betterwork.data_version_changed_' || TG_TABLE_NAME;
BEGIN
    IF current_setting(marker, true) IS DISTINCT FROM 'yes' THEN
        INSERT INTO buyers_tableversion (name, token, changed_at)
        VALUES (TG_TABLE_NAME, gen_random_uuid(), clock_timestamp())
        ON CONFLICT (name) DO UPDATE SET token = EXCLUDED.token, changed_at = EXCLUDED.changed_at;
        PERFORM set_config(marker, 'yes', true);
    END IF;
    RETURN NULL;
END;
$$;
"""


# On the versions' own rows: whatever writes one (a trigger above, or a test
# database restoring a saved copy of it) writes a token never seen before.
_FRESH_VERSION_FUNCTION = """
CREATE OR REPLACE FUNCTION buyers_fresh_data_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.token := gen_random_uuid();
    NEW.changed_at := clock_timestamp();
    RETURN NEW;
END;
$$;
"""
FRESH_VERSION_SQL = (
    _FRESH_VERSION_FUNCTION + ";"
    'CREATE TRIGGER "betterwork_fresh_data_version" BEFORE INSERT OR UPDATE ON "buyers_tableversion" '
    "FOR EACH ROW EXECUTE FUNCTION buyers_fresh_data_version();"
)
FRESH_VERSION_REVERSE_SQL = 'DROP TRIGGER IF EXISTS "betterwork_fresh_data_version" ON "buyers_tableversion";'


class TableVersion(models.Model):
    """The version of one table's data (see the module's docstring). A
    table without a row has not been written since the versions began."""

    name = models.CharField(max_length=63, primary_key=True)
    token = models.UUIDField()
    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.token} of {self.changed_at:%Y-%m-%d %H:%M:%S}"


# Trigger names are the table's own: one name serves every table.
TRIGGER_NAME = "betterwork_data_version"
# Columns whose change alone is not a change of the data a page shows. A
# buyer's version counts the saves of the buyer and of its checklist, for
# refusing a page drawn before the last one (buyers/services/versions.py):
# no figure shows it, and were it to change the buyers table's version,
# every checklist change would throw away every figure that reads a buyer
# (the programme's coverage: 200 ms at 100,000 factories). The admin's
# buyer page, kept under every table's version, carries it in its page
# token; count_buyer_change is only ever called beside the write it
# counts, in the same transaction, and that write throws the page away.
NOT_DATA = {"buyers_buyer": ("version",)}


def version_trigger_sql(table: str) -> tuple[str, str]:
    """Return the SQL that installs (and removes) *table*'s triggers: one
    per row written, deferred to the commit, and one per TRUNCATE. The
    function they call is installed once, by the migrations. An update
    that changes only the table's ``NOT_DATA`` columns fires none."""
    name = TRIGGER_NAME
    fire = "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW"
    call = "EXECUTE FUNCTION buyers_change_data_version();"
    ignored = NOT_DATA.get(table, ())
    if ignored:
        minus = "".join(f" - '{column}'" for column in ignored)
        forward = (
            f'CREATE CONSTRAINT TRIGGER "{name}" AFTER INSERT OR DELETE ON "{table}" {fire} {call}'
            f'CREATE CONSTRAINT TRIGGER "{name}_update" AFTER UPDATE ON "{table}" {fire} '
            f"WHEN ((to_jsonb(OLD){minus}) IS DISTINCT FROM (to_jsonb(NEW){minus})) {call}"
        )
    else:
        forward = f'CREATE CONSTRAINT TRIGGER "{name}" AFTER INSERT OR UPDATE OR DELETE ON "{table}" {fire} {call}'
    forward += f'CREATE TRIGGER "{name}_truncate" AFTER TRUNCATE ON "{table}" FOR EACH STATEMENT {call}'
    reverse = "".join(
        f'DROP TRIGGER IF EXISTS "{trigger}" ON "{table}";' for trigger in (name, f"{name}_update", f"{name}_truncate")
    )
    return forward, reverse


# The versions' own tables, this one and the single row before it (0013).
VERSION_TABLES = {"buyers_tableversion", "buyers_dataversion"}


def data_tables(apps, *app_labels) -> list[str]:
    """The tables of *app_labels*' concrete models (many-to-many tables
    included), but the versions' own."""
    return sorted(
        model._meta.db_table
        for label in app_labels
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model._meta.db_table not in VERSION_TABLES
    )


def _tables(apps, app_labels, users) -> list[str]:
    from django.conf import settings

    user_tables = [apps.get_model(settings.AUTH_USER_MODEL)._meta.db_table] if users else []
    return [*data_tables(apps, *app_labels), *user_tables]


def install_version_triggers(*app_labels, users=False):
    """A migration operation: the version triggers on every table of
    *app_labels* as the migration finds them, and on the users' table when
    *users* (pages name the staff: focal points, deciders), on PostgreSQL
    (nothing on other databases, where nothing is cached). Run it again in a
    migration that adds a model: a trigger already there is replaced."""
    from django.db import migrations

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for table in _tables(apps, app_labels, users):
                schema_editor.execute(version_trigger_sql(table)[1] + version_trigger_sql(table)[0])

    def reverse(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for table in _tables(apps, app_labels, users):
                schema_editor.execute(version_trigger_sql(table)[1])

    return migrations.RunPython(forward, reverse, elidable=False)

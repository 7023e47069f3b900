"""The data's version (buyers/models/data_version.py) and the figures kept
under it (buyers/selectors/data_version.py): a committed write of any kind
changes it, and nothing is kept where it cannot vouch for the figures."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, transaction

from buyers.models import DataVersion, Factory
from buyers.models.data_version import TRIGGER_NAME
from buyers.selectors import cached_while_data_unchanged, data_token
from tests.factories import BuyerFactory, CountryProgrammeFactory, FactoryFactory

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the version's triggers are PostgreSQL's")
# serialized_rollback restores the catalogues the flush after each test removes.
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _tables_with_the_trigger() -> dict[str, set[str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE tgname IN (%s, %s)",
            [TRIGGER_NAME, f"{TRIGGER_NAME}_truncate"],
        )
        found: dict[str, set[str]] = {}
        for table, name in cursor.fetchall():
            found.setdefault(table.strip('"'), set()).add(name)
    return found


def _portal_tables() -> list[str]:
    models = [
        model
        for label in ("buyers", "partnerships")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model is not DataVersion and model._meta.managed and not model._meta.proxy
    ]
    return sorted({model._meta.db_table for model in [*models, get_user_model()]})


@postgres_only
@pytest.mark.django_db
def test_every_table_of_the_portals_data_changes_the_version():
    found = _tables_with_the_trigger()
    missing = [table for table in _portal_tables() if len(found.get(table, ())) != 2]
    assert missing == [], (
        f"No data-version triggers on {missing}: add install_version_triggers(...) to the migration "
        "that creates them (buyers/models/data_version.py), or the overview may show them stale."
    )


@postgres_only
@committed
def test_a_committed_save_changes_the_data_version():
    before = data_token()
    BuyerFactory()
    assert data_token() not in (before, None)


@postgres_only
@committed
def test_a_bulk_update_changes_the_data_version():
    FactoryFactory()
    before = data_token()
    Factory.objects.update(name="Renamed")
    assert data_token() != before


@postgres_only
@committed
def test_a_write_in_plain_sql_changes_the_data_version():
    CountryProgrammeFactory()
    before = data_token()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE buyers_countryprogramme SET name = name || ' (renamed)'")
    assert data_token() != before


@postgres_only
@committed
def test_restoring_a_saved_data_version_writes_a_new_token():
    saved = DataVersion.objects.get()
    BuyerFactory()
    saved.save()
    assert data_token() != str(saved.token)


@postgres_only
@committed
def test_a_rolled_back_write_leaves_the_data_version():
    before = data_token()
    with pytest.raises(RuntimeError), transaction.atomic():
        BuyerFactory()
        raise RuntimeError("rolled back")
    assert data_token() == before


@postgres_only
@committed
def test_a_transaction_that_has_written_keeps_nothing_in_the_cache():
    calls = []
    with transaction.atomic():
        BuyerFactory()
        assert data_token() is None
        cached_while_data_unchanged("test-figures", lambda: calls.append(1) or len(calls))
        cached_while_data_unchanged("test-figures", lambda: calls.append(1) or len(calls))
    assert calls == [1, 1]


@postgres_only
@committed
def test_figures_are_computed_once_while_the_data_is_unchanged():
    calls = []
    first = cached_while_data_unchanged("test-figures", lambda: calls.append(1) or len(calls))
    second = cached_while_data_unchanged("test-figures", lambda: calls.append(1) or len(calls))
    assert (first, second, calls) == (1, 1, [1])


@postgres_only
@committed
def test_figures_are_computed_afresh_after_a_committed_write():
    calls = []
    cached_while_data_unchanged("test-figures", lambda: calls.append(1) or len(calls))
    BuyerFactory()
    assert cached_while_data_unchanged("test-figures", lambda: calls.append(1) or len(calls)) == 2


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite has no version triggers")
@pytest.mark.django_db
def test_nothing_is_cached_on_sqlite():
    calls = []
    cached_while_data_unchanged("test-figures", lambda: calls.append(1) or len(calls))
    cached_while_data_unchanged("test-figures", lambda: calls.append(1) or len(calls))
    assert (data_token(), calls) == (None, [1, 1])

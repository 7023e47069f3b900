"""The data's versions (buyers/models/data_version.py) and the figures kept
under them (buyers/selectors/data_version.py): a committed write of any
kind changes its table's version, and nothing is kept where the versions
cannot vouch for the figures."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import F

from buyers.models import Buyer, Factory, TableVersion
from buyers.models.data_version import TRIGGER_NAME
from buyers.selectors import cached_while_data_unchanged, data_versions
from buyers.services import count_buyer_change
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
        if model is not TableVersion and model._meta.managed and not model._meta.proxy
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
def test_a_committed_save_changes_its_tables_version():
    before = data_versions()
    BuyerFactory()
    after = data_versions()
    assert after["buyers_buyer"] != before.get("buyers_buyer")


@postgres_only
@committed
def test_a_bulk_update_changes_its_tables_version():
    FactoryFactory()
    before = data_versions()
    Factory.objects.update(name="Renamed")
    assert data_versions()["buyers_factory"] != before["buyers_factory"]


@postgres_only
@committed
def test_a_write_in_plain_sql_changes_its_tables_version():
    CountryProgrammeFactory()
    before = data_versions()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE buyers_countryprogramme SET name = name || ' (renamed)'")
    assert data_versions()["buyers_countryprogramme"] != before["buyers_countryprogramme"]


@postgres_only
@committed
def test_a_write_leaves_the_other_tables_versions():
    BuyerFactory()
    before = data_versions()
    FactoryFactory()
    after = data_versions()
    assert (after["buyers_buyer"], after["buyers_factory"]) == (before["buyers_buyer"], after["buyers_factory"])
    assert after["buyers_factory"] != before.get("buyers_factory")


@postgres_only
@committed
def test_restoring_a_saved_table_version_writes_a_new_token():
    BuyerFactory()
    saved = TableVersion.objects.get(name="buyers_buyer")
    BuyerFactory()
    saved.save()
    assert data_versions()["buyers_buyer"] != str(saved.token)


@postgres_only
@committed
def test_a_rolled_back_write_leaves_the_data_versions():
    before = data_versions()
    with pytest.raises(RuntimeError), transaction.atomic():
        BuyerFactory()
        raise RuntimeError("rolled back")
    assert data_versions() == before


@postgres_only
@committed
def test_a_transaction_that_has_written_keeps_nothing_in_the_cache():
    calls = []
    with transaction.atomic():
        BuyerFactory()
        assert data_versions() is None
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
    assert (data_versions(), calls) == (None, [1, 1])


def _write_a_factory():
    # A write that leaves the buyers' table as it was, and surely writes.
    before = data_versions()
    FactoryFactory()
    after = data_versions()
    assert after["buyers_factory"] != before.get("buyers_factory")
    assert after.get("buyers_buyer") == before.get("buyers_buyer")


def _count_buyers(calls):
    calls.append(1)
    return Buyer.objects.count()


@postgres_only
@committed
def test_scoped_figures_are_kept_through_a_write_to_a_table_they_did_not_read():
    calls = []
    cached_while_data_unchanged("test-count", lambda: _count_buyers(calls), scoped=True)
    _write_a_factory()
    cached_while_data_unchanged("test-count", lambda: _count_buyers(calls), scoped=True)
    assert calls == [1]


@postgres_only
@committed
def test_scoped_figures_are_computed_afresh_after_a_write_to_a_table_they_read():
    calls = []
    cached_while_data_unchanged("test-count", lambda: _count_buyers(calls), scoped=True)
    BuyerFactory()
    assert cached_while_data_unchanged("test-count", lambda: _count_buyers(calls), scoped=True) == 1
    assert calls == [1, 1]


@postgres_only
@committed
def test_unscoped_figures_are_computed_afresh_after_a_write_to_any_table():
    calls = []
    cached_while_data_unchanged("test-count", lambda: _count_buyers(calls))
    _write_a_factory()
    cached_while_data_unchanged("test-count", lambda: _count_buyers(calls))
    assert calls == [1, 1]


@postgres_only
@committed
def test_scoped_figures_depend_on_the_tables_of_the_kept_figures_they_read():
    calls = []

    def outer():
        calls.append("outer")
        return cached_while_data_unchanged("test-inner", lambda: _count_buyers(calls), scoped=True)

    cached_while_data_unchanged("test-inner", lambda: _count_buyers(calls), scoped=True)
    cached_while_data_unchanged("test-outer", outer, scoped=True)  # reads the inner figure from the cache
    BuyerFactory()
    assert cached_while_data_unchanged("test-outer", outer, scoped=True) == 1
    assert calls == [1, "outer", "outer", 1]


@postgres_only
@committed
def test_scoped_figures_that_read_an_unscoped_one_depend_on_every_table():
    calls = []

    def outer():
        calls.append("outer")
        return cached_while_data_unchanged("test-inner", lambda: _count_buyers(calls))

    cached_while_data_unchanged("test-outer", outer, scoped=True)
    _write_a_factory()
    cached_while_data_unchanged("test-outer", outer, scoped=True)
    assert calls == ["outer", 1, "outer", 1]


@postgres_only
@committed
def test_counting_a_change_of_a_buyer_leaves_the_buyers_tables_version():
    buyer = BuyerFactory()
    before = data_versions()

    with transaction.atomic():
        count_buyer_change(buyer=buyer)

    assert data_versions()["buyers_buyer"] == before["buyers_buyer"]


@postgres_only
@committed
def test_any_other_change_of_a_buyer_with_its_version_changes_the_tables_version():
    buyer = BuyerFactory()
    before = data_versions()

    Buyer.objects.filter(pk=buyer.pk).update(notes="Prefers calls in the morning.", version=F("version") + 1)

    assert data_versions()["buyers_buyer"] != before["buyers_buyer"]

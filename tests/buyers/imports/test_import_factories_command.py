"""manage.py import_factories FILE on generated files (issue 11, item 4)."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from buyers.models import Factory
from tests.spreadsheets import FACTORY_HEADER, csv_bytes, factory_rows, xlsx_bytes

pytestmark = [pytest.mark.django_db]


def _run(path, *args):
    out = io.StringIO()
    call_command("import_factories", str(path), *args, stdout=out)
    return out.getvalue()


def test_a_generated_file_is_created_then_found_unchanged(tmp_path):
    path = tmp_path / "factories.csv"
    path.write_bytes(csv_bytes([FACTORY_HEADER, *factory_rows(250)]))
    assert "Created 250, updated 0, unchanged 0, rejected 0." in _run(path, "--batch-size", "100")
    assert Factory.objects.filter(name__startswith="Factory 0").count() == 250
    assert "Created 0, updated 0, unchanged 250, rejected 0." in _run(path)


def test_a_changed_row_is_updated_in_place(tmp_path):
    path = tmp_path / "factories.csv"
    path.write_bytes(csv_bytes([FACTORY_HEADER, *factory_rows(3)]))
    _run(path)
    rows = factory_rows(3)
    rows[1][5] = "999"
    rows[2][0] = "Factory 000002 Renamed"  # found again by its OS ID
    path.write_bytes(csv_bytes([FACTORY_HEADER, *rows]))
    assert "Created 0, updated 2, unchanged 1" in _run(path)
    assert Factory.objects.get(os_id=rows[1][6]).workers == 999
    renamed = Factory.objects.get(os_id=rows[2][6])
    assert (renamed.name, renamed.name_key) == ("Factory 000002 Renamed", "factory 000002 renamed")


def test_rejected_rows_go_beside_the_input_with_their_reasons(tmp_path):
    path = tmp_path / "factories.csv"
    path.write_bytes(csv_bytes([FACTORY_HEADER, *factory_rows(2), ["Narnia Knit", "Narnia", "", "", "", "", ""]]))
    output = _run(path)
    assert "Created 2, updated 0, unchanged 0, rejected 1." in output
    rejected = tmp_path / "factories.rejected.csv"
    assert str(rejected) in output
    [header, row] = list(csv.reader(io.StringIO(rejected.read_text("utf-8-sig"))))
    assert header[:3] == ["row", "problems", "name"]
    assert row[0] == "4"
    assert "“Narnia” is not a country programme" in row[1]


def test_an_xlsx_file_imports(tmp_path):
    path = tmp_path / "factories.xlsx"
    path.write_bytes(xlsx_bytes({"Factories": [FACTORY_HEADER, *factory_rows(5)]}))
    assert "Created 5" in _run(path)


def test_a_refused_file_writes_nothing_and_says_why(tmp_path):
    path = tmp_path / "factories.csv"
    path.write_bytes(csv_bytes([FACTORY_HEADER, *factory_rows(2)], delimiter=";"))
    with pytest.raises(CommandError, match="separated by semicolons"):
        _run(path)
    assert not Factory.objects.filter(name__startswith="Factory 0").exists()


def test_a_file_refused_far_down_writes_none_of_its_earlier_rows(tmp_path):
    path = tmp_path / "factories.csv"
    path.write_bytes(csv_bytes([FACTORY_HEADER, *factory_rows(300)]) + b'"' + b"x" * (10 * 1024 * 1024) + b'"\n')
    with pytest.raises(CommandError, match="Line 302 is longer than"):
        _run(path, "--batch-size", "50")
    assert not Factory.objects.filter(name__startswith="Factory 0").exists()


def test_a_dry_run_counts_and_writes_nothing(tmp_path):
    path = tmp_path / "factories.csv"
    path.write_bytes(csv_bytes([FACTORY_HEADER, *factory_rows(4)]))
    assert "Dry run, nothing written. Created 4" in _run(path, "--dry-run")
    assert not Factory.objects.filter(name__startswith="Factory 0").exists()


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(CommandError, match="No file at"):
        _run(tmp_path / "nothing.csv")


def test_import_supplier_list_receives_a_version_and_reports_the_rejected(tmp_path):
    from django.contrib.auth.models import Permission

    from buyers.models import CountryProgramme, SupplierList
    from tests.factories import BuyerFactory, FactoryFactory, UserFactory

    vietnam = CountryProgramme.objects.get(country="VN")
    buyer = BuyerFactory(name="Nordic Threads AB")
    FactoryFactory(name="Saigon Knit", country_programme=vietnam)
    user = UserFactory(staff=True, username="editor")
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="buyers"))
    path = tmp_path / "nordic.csv"
    path.write_bytes(
        csv_bytes([["name", "country_programme"], ["SAIGON KNIT", "VN"], ["Lisbon Shoes", "Portugal"]] + [["", ""]])
    )
    out = io.StringIO()
    call_command("import_supplier_list", "nordic threads", str(path), "--user", "editor", stdout=out)
    output = out.getvalue()
    assert "as version 1: 2 rows. Accepting it would start 1 sourcing" in output
    assert "rejected 1" in output
    supplier_list = SupplierList.objects.get(buyer=buyer)
    assert supplier_list.uploaded_by == user
    [_, row] = list(csv.reader(io.StringIO((tmp_path / "nordic.rejected.csv").read_text("utf-8-sig"))))
    assert row[:3] == ["3", "match: “Portugal” is not a Better Work country programme.", "Lisbon Shoes"]

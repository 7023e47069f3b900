"""Importing the factory list in the admin (issue 11): a preview before
anything is written, rejected rows named by row, column and reason, all
or nothing, the importer recorded; bad files refused with a message and
nothing written."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile

from buyers.models import CountryProgramme, Factory
from tests.factories import FactoryFactory, UserFactory
from tests.spreadsheets import FACTORY_HEADER, csv_bytes, factory_rows, xlsx_bytes

pytestmark = [pytest.mark.django_db]

IMPORT_URL = "/admin/buyers/factory/import/"
CONFIRM_URL = "/admin/buyers/factory/process_import/"


@pytest.fixture
def editor_client(client):
    user = UserFactory(
        staff=True,
        username="editor",
        permissions=["buyers.add_factory", "buyers.change_factory", "buyers.view_factory"],
    )
    client.force_login(user)
    client.user = user
    return client


def _preview(client, data, name="factories.csv"):
    return client.post(IMPORT_URL, {"format": "0", "resource": "0", "import_file": SimpleUploadedFile(name, data)})


def _confirm(client, preview):
    form = preview.context["confirm_form"]
    return client.post(CONFIRM_URL, {**form.initial, "confirm": "Confirm import"})


def test_the_preview_counts_what_will_change_and_writes_nothing(editor_client):
    vietnam = CountryProgramme.objects.get(country="VN")
    FactoryFactory(
        name="Factory 000000",
        country_programme=vietnam,
        city="Hanoi",
        address="0 Road",
        workers=100,
        os_id="VN2020000AAAAAA",
        sector="garment",
    )
    FactoryFactory(name="Factory 000001", country_programme=vietnam, city="Hanoi", os_id="VN2020001AAAAAA", workers=5)
    before = Factory.objects.count()
    response = _preview(editor_client, csv_bytes([FACTORY_HEADER, *factory_rows(4)]))
    page = response.content.decode()
    assert "<strong>2</strong> to create, <strong>1</strong> to change, <strong>1</strong> unchanged" in page
    assert Factory.objects.count() == before


def test_confirming_the_preview_writes_every_row_and_records_the_importer(editor_client):
    preview = _preview(editor_client, csv_bytes([FACTORY_HEADER, *factory_rows(3)]))
    response = _confirm(editor_client, preview)
    assert response.status_code == 302
    assert sorted(Factory.objects.values_list("name", flat=True)) == [
        "Factory 000000",
        "Factory 000001",
        "Factory 000002",
    ]
    assert Factory.objects.get(name="Factory 000001").name_key
    entries = LogEntry.objects.filter(content_type__model="factory")
    assert entries.count() == 3
    assert {entry.user_id for entry in entries} == {editor_client.user.pk}


def test_an_xlsx_file_imports_like_a_csv(editor_client):
    preview = _preview(editor_client, xlsx_bytes({"Factories": [FACTORY_HEADER, *factory_rows(2)]}), "factories.xlsx")
    _confirm(editor_client, preview)
    assert Factory.objects.filter(name__startswith="Factory 00000").count() == 2


def test_one_rejected_row_keeps_every_row_out(editor_client):
    rows = [*factory_rows(3), ["Narnia Knit", "Better Work Narnia", "", "", "", "", ""]]
    response = _preview(editor_client, csv_bytes([FACTORY_HEADER, *rows]))
    page = response.content.decode()
    assert "<strong>1</strong> row rejected" in page
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert not Factory.objects.filter(name__startswith="Factory 00000").exists()


def _rejections(client, rows):
    response = _preview(client, csv_bytes([FACTORY_HEADER, *rows]))
    return {row.number: row.field_specific_errors for row in response.context["result"].invalid_rows}


def test_a_rejected_row_is_named_by_its_spreadsheet_row_and_column(editor_client):
    rows = [factory_rows(1)[0], [], ["Narnia Knit", "Better Work Narnia", "", "", "", "", ""]]
    rejected = _rejections(editor_client, rows)
    assert list(rejected) == [4]
    assert "is not a country programme" in rejected[4]["country_programme"][0]


def test_a_formula_in_a_name_is_rejected(editor_client):
    rejected = _rejections(
        editor_client, [['=HYPERLINK("http://evil.example","Saigon Knit")', "VN", "", "", "", "", ""]]
    )
    assert "would run it as a formula" in rejected[2]["name"][0]


def test_an_os_id_of_the_wrong_shape_is_rejected(editor_client):
    rejected = _rejections(editor_client, [["Saigon Knit", "VN", "", "", "", "", "VN123"]])
    assert "two letters, seven digits" in rejected[2]["os_id"][0]


def test_the_same_factory_twice_under_two_spellings_is_rejected(editor_client):
    rejected = _rejections(
        editor_client,
        [
            ["Saigon Knit Co., Ltd.", "VN", "Hanoi", "", "", "", ""],
            ["SAIGON KNIT CO LTD", "Vietnam", "hanoi", "", "", "", ""],
        ],
    )
    assert list(rejected) == [3]
    assert "row 2 is the same factory" in rejected[3]["name"][0]


def test_a_duplicated_row_is_rejected(editor_client):
    row = factory_rows(1)[0]
    rejected = _rejections(editor_client, [row, row])
    assert "row 2 already has this OS ID" in rejected[3]["os_id"][0]


def test_an_ambiguous_row_is_rejected_with_its_candidates(editor_client):
    vietnam = CountryProgramme.objects.get(country="VN")
    first = FactoryFactory(name="Hanoi Knit", country_programme=vietnam, city="Hanoi")
    second = FactoryFactory(name="Hanoi Knit", country_programme=vietnam, city="Hanoi")
    rejected = _rejections(editor_client, [["Hanoi Knit", "VN", "", "", "", "", ""]])
    message = rejected[2]["name"][0]
    assert "matches 2 programme factories" in message
    assert f"#{first.pk}" in message and f"#{second.pk}" in message


BAD_FILES = {
    "cp1252": (csv_bytes([FACTORY_HEADER, ["Café", "VN", "", "", "", "", ""]], encoding="cp1252"), "not in UTF-8"),
    "utf16": (csv_bytes([FACTORY_HEADER, factory_rows(1)[0]], encoding="utf-16"), "UTF-16"),
    "semicolons": (csv_bytes([FACTORY_HEADER, factory_rows(1)[0]], delimiter=";"), "separated by semicolons"),
    "missing column": (csv_bytes([["name"], ["Saigon Knit"]]), "Missing column: “country_programme”"),
    "extra column": (
        csv_bytes([[*FACTORY_HEADER, "colour"], [*factory_rows(1)[0], "red"]]),
        "Unknown column: “colour”",
    ),
    "empty": (b"", "empty"),
    "header only": (csv_bytes([FACTORY_HEADER]), "a header row but no rows under it"),
    "long line": (csv_bytes([FACTORY_HEADER]) + b"x" * (10 * 1024 * 1024) + b"\n", "Line 2 is longer than"),
    "several sheets": (xlsx_bytes({"A": [FACTORY_HEADER, factory_rows(1)[0]], "B": [["x"]]}), "2 sheets with data"),
    "merged cells": (xlsx_bytes({"A": [FACTORY_HEADER, *factory_rows(2)]}, merge="B2:B3"), "merged cells"),
    "password": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, "password-protected"),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_bad_file_is_refused_beside_the_file_field_and_nothing_is_written(editor_client, kind, settings):
    # The size limit has its own test; here the long line must reach the reader.
    settings.PORTAL_IMPORT_MAX_BYTES = 50 * 1024 * 1024
    data, message = BAD_FILES[kind]
    before = Factory.objects.count()
    response = _preview(editor_client, data, "factories.xlsx" if data[:2] in (b"PK", b"\xd0\xcf") else "factories.csv")
    assert response.status_code == 200
    errors = response.context["form"].errors["import_file"]
    assert any(message in error for error in errors), errors
    assert Factory.objects.count() == before


def test_a_file_over_the_size_limit_is_refused_with_the_limit_named(editor_client, settings):
    settings.PORTAL_IMPORT_MAX_BYTES = 1024
    response = _preview(editor_client, csv_bytes([FACTORY_HEADER, *factory_rows(40)]))
    [error] = response.context["form"].errors["import_file"]
    assert "the admin imports files of up to 1.0\xa0KB" in error


def test_a_viewer_cannot_import(client):
    viewer = UserFactory(staff=True, username="viewer", permissions=["buyers.view_factory"])
    client.force_login(viewer)
    assert client.get(IMPORT_URL).status_code == 403


def test_the_export_opens_in_excel_and_imports_back_unchanged(editor_client):
    vietnam = CountryProgramme.objects.get(country="VN")
    FactoryFactory(
        name="=Café Ltd", country_programme=vietnam, os_id="VN2020000AAAAAA", sector="footwear", workers=None
    )
    FactoryFactory(name="Hồ Chí Minh Knit", country_programme=vietnam, city="")
    exported = editor_client.post("/admin/buyers/factory/export/", {"format": "0", "resource": "0"})
    data = exported.content
    assert data.startswith(b"\xef\xbb\xbf")
    assert "'=Café Ltd" in data.decode("utf-8-sig")
    response = _preview(editor_client, data)
    assert response.context["result"].totals["skip"] == 2
    assert response.context["result"].totals["new"] == response.context["result"].totals["update"] == 0


def test_blank_rows_in_the_middle_raise_no_false_errors(editor_client):
    rows = factory_rows(4)
    response = _preview(
        editor_client, csv_bytes([FACTORY_HEADER, rows[0], [], ["", "", "", "", "", "", ""], *rows[1:]])
    )
    result = response.context["result"]
    assert not result.invalid_rows
    assert result.totals["new"] == 4

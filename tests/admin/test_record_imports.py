"""Importing and exporting buyers, contacts, sourcing and assessments in
the admin (issue 11, item 1 and 5): each export imports back unchanged,
XLSX keeps dates as dates, and the portal's rules hold in a file too."""

import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from buyers.models import Buyer, Contact, Sourcing
from tests.factories import (
    AssessmentFactory,
    BuyerFactory,
    ContactFactory,
    FactoryFactory,
    SourcingFactory,
    UserFactory,
)
from tests.spreadsheets import csv_bytes

pytestmark = [pytest.mark.django_db]

KINDS = ["buyer", "contact", "sourcing", "assessment", "factory"]


@pytest.fixture
def editor_client(client):
    user = UserFactory(staff=True, username="editor")
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="buyers"))
    client.force_login(user)
    return client


@pytest.fixture
def programme_data():
    buyer = BuyerFactory(name="Nordic Threads AB", partner=True, headquarters_country="SE")
    factory = FactoryFactory(name="Saigon Knit", os_id="VN2019105Q2B6X9")
    ContactFactory(buyer=buyer, name="Åsa Lind", email="asa@nordic.example", is_better_work_liaison=True)
    SourcingFactory(buyer=buyer, factory=factory, started_on=datetime.date(2021, 3, 1))
    SourcingFactory(
        buyer=buyer,
        factory=FactoryFactory(name="Closed Mill"),
        started_on=datetime.date(2019, 1, 1),
        ended_on=datetime.date(2022, 2, 1),
        end_reason=Sourcing.EndReason.VOLUME,
    )
    AssessmentFactory(factory=factory, cycle=1)
    return buyer


def _export(client, kind, file_format="0"):
    response = client.post(f"/admin/buyers/{kind}/export/", {"format": file_format, "resource": "0"})
    assert response.status_code == 200, response.content[:500]
    return response.content


def _preview(client, kind, data, name="file.csv"):
    return client.post(
        f"/admin/buyers/{kind}/import/",
        {"format": "0", "resource": "0", "import_file": SimpleUploadedFile(name, data)},
    )


def _rejections(client, kind, rows):
    response = _preview(client, kind, csv_bytes(rows))
    assert response.context["result"] is not None, response.context["form"].errors
    return {row.number: row.field_specific_errors for row in response.context["result"].invalid_rows}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("file_format", "name"), [("0", "export.csv"), ("1", "export.xlsx")])
def test_an_export_imports_back_unchanged(editor_client, programme_data, kind, file_format, name):
    data = _export(editor_client, kind, file_format)
    result = _preview(editor_client, kind, data, name).context["result"]
    assert result is not None
    assert not result.invalid_rows
    assert (result.totals["new"], result.totals["update"]) == (0, 0)
    assert result.totals["skip"] >= 1


def test_a_csv_export_starts_with_a_byte_order_mark(editor_client, programme_data):
    assert _export(editor_client, "contact").startswith(b"\xef\xbb\xbf")


def test_an_xlsx_export_keeps_dates_as_dates(editor_client, programme_data):
    sheet = load_workbook(io.BytesIO(_export(editor_client, "sourcing", "1"))).active
    header = [cell.value for cell in sheet[1]]
    started = [row[header.index("started_on")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(value, datetime.datetime) for value in started)


def test_an_xlsx_export_writes_formula_like_names_as_text(editor_client):
    BuyerFactory(name='=HYPERLINK("http://evil.example")')
    sheet = load_workbook(io.BytesIO(_export(editor_client, "buyer", "1"))).active
    assert sheet["A2"].data_type == "s"


def test_a_file_cannot_change_a_tier(editor_client, programme_data):
    rejected = _rejections(
        editor_client, "buyer", [["name", "headquarters_country", "tier"], ["Nordic Threads AB", "SE", "Participant"]]
    )
    assert "only through a partnership decision" in rejected[2]["tier"][0]
    assert Buyer.objects.get(pk=programme_data.pk).tier == Buyer.Tier.PARTNER


def test_a_new_buyer_cannot_arrive_as_a_partner(editor_client):
    rejected = _rejections(
        editor_client, "buyer", [["name", "headquarters_country", "tier"], ["New Brand", "FR", "Partner"]]
    )
    assert "tier" in rejected[2]


def test_an_imported_change_counts_in_the_buyers_version(editor_client, programme_data):
    version = programme_data.version
    data = csv_bytes([["name", "headquarters_country", "notes"], ["Nordic Threads AB", "SE", "Met in Hanoi"]])
    preview = _preview(editor_client, "buyer", data)
    editor_client.post("/admin/buyers/buyer/process_import/", {**preview.context["confirm_form"].initial})
    buyer = Buyer.objects.get(pk=programme_data.pk)
    assert (buyer.notes, buyer.version) == ("Met in Hanoi", version + 1)
    assert buyer.history.first().history_user.username == "editor"


def test_a_contact_of_an_unknown_buyer_is_rejected(editor_client):
    rejected = _rejections(
        editor_client, "contact", [["buyer", "name", "email"], ["Ghost Brand", "A", "a@ghost.example"]]
    )
    assert "No buyer is named “Ghost Brand”" in rejected[2]["buyer"][0]
    assert not Contact.objects.filter(email="a@ghost.example").exists()


def test_a_sourcing_of_an_unknown_factory_is_rejected_not_created(editor_client, programme_data):
    rejected = _rejections(
        editor_client,
        "sourcing",
        [
            ["buyer", "factory", "country_programme", "started_on"],
            ["Nordic Threads AB", "Nowhere Mill", "VN", "2024-01-01"],
        ],
    )
    assert "No programme factory matches" in rejected[2]["factory"][0]


def test_an_ended_sourcing_needs_its_reason(editor_client, programme_data):
    rejected = _rejections(
        editor_client,
        "sourcing",
        [
            ["buyer", "factory", "country_programme", "started_on", "ended_on"],
            ["Nordic Threads AB", "Saigon Knit", "VN", "01/03/2021", "2024-06-30"],
        ],
    )
    assert "Give the reason the sourcing ended" in rejected[2]["end_reason"][0]


def test_an_assessment_rate_over_100_is_rejected(editor_client, programme_data):
    data = _export(editor_client, "assessment").decode("utf-8-sig").replace('"30.00"', '"130"')
    rejected = _rejections_from_bytes(editor_client, "assessment", data.encode())
    [problems] = rejected.values()
    assert "working_time" in problems


def _rejections_from_bytes(client, kind, data):
    response = _preview(client, kind, data)
    return {row.number: row.field_specific_errors for row in response.context["result"].invalid_rows}

import csv
import io

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from betterwork_portal.dashboard.export import LINES_PER_CHUNK
from buyers.imports.exporting import spreadsheet_safe
from partnerships.models import CommitmentRecord
from tests.factories import BuyerFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/dashboard/buyers/"
EXPORT_URL = "/dashboard/buyers/export.csv"


def _text(response) -> str:
    return b"".join(response).decode("utf-8-sig")


def _rows(response):
    return list(csv.reader(io.StringIO(_text(response))))


@pytest.fixture
def many_buyers(fill_checklist):
    """Thirty participants and five partners, with checklists of every length."""
    states = [None, CommitmentRecord.State.AFFIRMED]
    for i in range(30):
        buyer = BuyerFactory(name=f"Participant {i:02d}")
        fill_checklist(buyer, **{"governance": states[i % 2], "stop_auditing": states[i // 15]})
    BuyerFactory.create_batch(5, partner=True)


def test_buyer_export_rows_equal_the_filtered_list_on_every_page_in_order(staff_client, many_buyers):
    query = {"tier": "participant", "sort": "-completion"}
    listed = []
    for page in (1, 2):
        response = staff_client.get(LIST_URL, {**query, "page": page})
        listed += [buyer.name for buyer, _risk in response.context["rows"]]
    exported = [row[0] for row in _rows(staff_client.get(EXPORT_URL, query))[1:]]
    assert len(listed) == 30
    assert exported == listed


def test_buyer_export_ignores_the_page_parameter(staff_client, many_buyers):
    exported = _rows(staff_client.get(EXPORT_URL, {"tier": "participant", "page": "2"}))[1:]
    assert len(exported) == 30


def test_buyer_export_writes_a_header_and_the_buyer_columns(staff_client, fill_checklist):
    fill_checklist(BuyerFactory(name="Acme Apparel", partner=True))
    header, row = _rows(staff_client.get(EXPORT_URL))
    record = dict(zip(header, row, strict=True))
    assert record["Name"] == "Acme Apparel"
    assert record["Tier"] == "Partner"
    assert record["Eligible for partnership"] == "yes"
    assert (record["Required commitments done"], record["Required commitments"]) == ("10", "10")
    assert record["Partner at risk"] == "yes"  # no contacts: both role flags
    assert record["Monitoring flags"] == "2"
    assert record["Headquarters"] == "United States of America"


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://evil")', "+1 Brand", "-Minus Co", "@SUM(A1)", "\tTab Co", "\rCR Co"]
)
def test_buyer_export_writes_formula_like_names_as_plain_text(staff_client, name):
    BuyerFactory(name=name)
    [_header, row] = _rows(staff_client.get(EXPORT_URL))
    assert row[0] == f"'{name}"


def test_buyer_export_leaves_ordinary_names_alone(staff_client):
    BuyerFactory(name="Brand = Quality")
    [_header, row] = _rows(staff_client.get(EXPORT_URL))
    assert row[0] == "Brand = Quality"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("", ""), (None, ""), (12, "12"), ("a=b", "a=b"), ("a;=b", "a;'=b"), ("a,@b", "a,'@b")]
    + [("a|+b", "a|'+b"), ("Brand, Inc.", "Brand, Inc."), ("Plain Name", "Plain Name"), ("\tTab", "'\tTab")],
)
def test_spreadsheet_safe_prefixes_only_formula_triggers(value, expected):
    assert spreadsheet_safe(value) == expected


def test_buyer_export_is_a_csv_attachment_named_by_date(staff_client):
    response = staff_client.get(EXPORT_URL)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="buyers-{timezone.localdate():%Y-%m-%d}.csv"'


def test_buyer_export_starts_with_a_byte_order_mark_for_spreadsheets(staff_client):
    assert b"".join(staff_client.get(EXPORT_URL)).startswith("\ufeff".encode())


@pytest.mark.parametrize("params", [{"tier": "bogus"}, {"sort": "evil"}, {"page": "999"}, {"programme": "x"}])
def test_buyer_export_survives_a_bad_query_parameter(staff_client, params):
    BuyerFactory()
    response = staff_client.get(EXPORT_URL, params)
    assert response.status_code == 200
    assert len(_rows(response)) == 2


def test_buyer_export_streams_its_header_before_reading_any_buyer(staff_client, many_buyers):
    # Issue 9, finding 10: the file was built whole in memory first.
    with CaptureQueriesContext(connection) as before_first_byte:
        response = staff_client.get(EXPORT_URL)
        chunks = iter(response.streaming_content)
        header = next(chunks)
    assert isinstance(response, StreamingHttpResponse)
    assert b"Name" in header and b"Participant" not in header
    assert not any('"buyers_buyer"."name"' in query["sql"] for query in before_first_byte.captured_queries)
    # The 35 buyers follow, in chunks of up to LINES_PER_CHUNK lines.
    rest = list(chunks)
    assert b"".join(rest).count(b"\r\n") == 35
    assert len(rest) == -(-35 // LINES_PER_CHUNK)


def test_buyer_export_quotes_every_cell_so_no_separator_starts_a_formula(staff_client):
    BuyerFactory(name="Acme;=cmd|' /C calc'!A0")
    text = _text(staff_client.get(EXPORT_URL))
    assert "\"Acme;'=cmd|' /C calc'!A0\"" in text
    for separator in (";", ",", "\t", "|"):
        for row in csv.reader(io.StringIO(text), delimiter=separator):
            assert not any(cell.startswith(("=", "+", "@")) for cell in row), (separator, row)


def test_buyer_export_guards_every_column_not_only_the_name(staff_client):
    focal_point = UserFactory(staff=True, first_name="=HYPERLINK(1)", last_name="")
    BuyerFactory(name="Plain Name", focal_point=focal_point)
    [header, row] = _rows(staff_client.get(EXPORT_URL))
    assert row[header.index("Focal point")] == "'=HYPERLINK(1)"

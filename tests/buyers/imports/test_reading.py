"""Files that cannot be read as a table are refused with one message that
names the problem (buyers/imports/reading.py, buyers/imports/columns.py)."""

import io

import pytest

from buyers.imports.columns import Columns
from buyers.imports.reading import MAX_LINE_CHARACTERS, FileRefused, open_table
from tests.spreadsheets import FACTORY_HEADER, csv_bytes, xlsx_bytes

COLUMNS = Columns(required=("name", "country_programme"), optional=("city", "address", "sector", "workers", "os_id"))
ROW = ["Saigon Knit", "Better Work Vietnam", "Hồ Chí Minh", "", "Garment", "1200", ""]


def _refusal(data: bytes, filename="factories.csv") -> str:
    with pytest.raises(FileRefused) as refused:
        table = open_table(io.BytesIO(data), filename=filename)
        COLUMNS.check(table.headers)
        list(table.rows)
    return str(refused.value)


def _rows(data: bytes, filename="factories.csv"):
    table = open_table(io.BytesIO(data), filename=filename)
    COLUMNS.check(table.headers)
    return list(table.rows)


def test_a_utf8_file_with_or_without_a_byte_order_mark_reads():
    plain = _rows(csv_bytes([FACTORY_HEADER, ROW]))
    marked = _rows(b"\xef\xbb\xbf" + csv_bytes([FACTORY_HEADER, ROW]))
    assert plain == marked
    assert plain[0].values["city"] == "Hồ Chí Minh"


def test_a_windows_1252_file_is_refused_as_not_utf8():
    message = _refusal(csv_bytes([FACTORY_HEADER, ["Café Couture", "VN", "", "", "", "", ""]], encoding="cp1252"))
    assert "not in UTF-8" in message
    assert "Windows-1252" in message
    assert "CSV UTF-8" in message


def test_a_utf16_file_is_refused_by_name():
    assert "UTF-16" in _refusal(csv_bytes([FACTORY_HEADER, ROW], encoding="utf-16"))


def test_semicolons_as_separators_are_refused_by_name():
    assert "separated by semicolons" in _refusal(csv_bytes([FACTORY_HEADER, ROW], delimiter=";"))


def test_an_empty_file_is_refused():
    assert "empty" in _refusal(b"")


def test_a_missing_column_is_named():
    message = _refusal(csv_bytes([["name", "city"], ["Saigon Knit", "Hanoi"]]))
    assert "Missing column: “country_programme”" in message


def test_an_extra_column_is_named():
    message = _refusal(csv_bytes([[*FACTORY_HEADER, "colour"], [*ROW, "blue"]]))
    assert "Unknown column: “colour”" in message


def test_a_renamed_column_is_named_with_the_likely_original():
    header = ["factory_name" if h == "name" else h for h in FACTORY_HEADER]
    assert "“factory_name” (did you mean “name”?)" in _refusal(csv_bytes([header, ROW]))


def test_headers_are_read_whatever_their_case_and_spacing():
    rows = _rows(csv_bytes([["Name", "Country Programme", "OS ID"], ["Saigon Knit", "VN", ""]]))
    assert set(rows[0].values) == {"name", "country_programme", "os_id"}


def test_blank_rows_in_the_middle_are_skipped_and_rows_keep_their_numbers():
    rows = _rows(csv_bytes([FACTORY_HEADER, ROW, [], ["", "", ""], ROW]))
    assert [row.number for row in rows] == [2, 5]


def test_a_ten_megabyte_line_is_refused_with_its_line_number():
    data = csv_bytes([FACTORY_HEADER, ROW]) + b'"' + b"x" * (10 * 1024 * 1024) + b'",VN\n'
    message = _refusal(data)
    assert f"Line 3 is longer than {MAX_LINE_CHARACTERS:,} characters" in message


def test_a_row_wider_than_the_header_is_refused():
    assert "Row 2 has 8 values" in _refusal(csv_bytes([FACTORY_HEADER, [*ROW, "stray"]]))


def test_a_workbook_with_several_sheets_is_refused_with_their_names():
    data = xlsx_bytes({"Factories": [FACTORY_HEADER, ROW], "Notes": [["checked by", "Linh"]]})
    message = _refusal(data, "factories.xlsx")
    assert "2 sheets with data (“Factories”, “Notes”)" in message


def test_an_empty_extra_sheet_is_no_reason_to_refuse():
    rows = _rows(xlsx_bytes({"Factories": [FACTORY_HEADER, ROW], "Sheet2": []}), "factories.xlsx")
    assert rows[0].values["name"] == "Saigon Knit"


def test_merged_cells_are_refused_with_their_range():
    data = xlsx_bytes({"Factories": [FACTORY_HEADER, ROW, ROW]}, merge="B2:B3")
    assert "merged cells (B2:B3)" in _refusal(data, "factories.xlsx")


def test_a_password_protected_workbook_is_refused():
    # An encrypted .xlsx is an OLE compound file, not a zip: its first bytes.
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    assert "password-protected" in _refusal(data, "factories.xlsx")


def test_a_workbook_header_only_reads_no_rows():
    assert _rows(xlsx_bytes({"Factories": [FACTORY_HEADER]}), "factories.xlsx") == []


def test_a_workbook_row_knows_which_cells_are_formulas():
    data = xlsx_bytes({"Factories": [FACTORY_HEADER, ROW]}, formulas=[("A2", '=HYPERLINK("http://x","y")')])
    [row] = _rows(data, "factories.xlsx")
    assert row.formulas == {"name"}


def test_a_file_named_xlsx_that_is_text_is_refused():
    assert "not an .xlsx workbook" in _refusal(csv_bytes([FACTORY_HEADER, ROW]), "factories.xlsx")

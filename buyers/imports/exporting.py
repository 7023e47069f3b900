"""Writing spreadsheets that open cleanly in Excel and LibreOffice, and
that no spreadsheet runs as formulas.

CSV goes out as UTF-8 with a byte-order mark (without it Excel reads the
names as Windows-1252), every cell quoted, text that would start a formula
behind an apostrophe; imports take the apostrophe back off
(``buyers/imports/values.py``), so export then import changes nothing. XLSX
keeps dates as dates and numbers as numbers, and writes every text as
text, never as a formula.
"""

import csv
import datetime
import io
import re

# A spreadsheet runs a cell starting with one of these as a formula (CSV
# injection); a leading apostrophe makes it plain text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CELL_SEPARATORS = (",", ";", "\t", "|")
_TRIGGER_AT_CELL_START = re.compile(
    "(^|[" + re.escape("".join(CELL_SEPARATORS)) + "])([" + re.escape("".join(FORMULA_TRIGGERS)) + "])"
)
_ESCAPED_TRIGGER = re.compile(
    "(^|[" + re.escape("".join(CELL_SEPARATORS)) + "])'([" + re.escape("".join(FORMULA_TRIGGERS)) + "])"
)
BOM = "\ufeff"


def spreadsheet_safe(value) -> str:
    """Return *value* as CSV cell text that no spreadsheet runs as a formula.

    Applied to every cell, whatever its column. A formula trigger at the
    start of the text, or after a character some spreadsheet splits cells
    on (``,`` ``;`` tab ``|``), gets an apostrophe before it, which makes it
    plain text: "Acme;=cmd…" goes out as "Acme;'=cmd…". Numbers stay
    numbers ("-3" is a number, not a formula).
    """
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    # Most cells hold neither a trigger at the start nor a separator, and
    # nothing to change: checked in C before the regular expression, which
    # was a third of the full export's time at 10,000 buyers (issue 14).
    if not text.startswith(FORMULA_TRIGGERS) and not any(separator in text for separator in CELL_SEPARATORS):
        return text
    return _TRIGGER_AT_CELL_START.sub(r"\1'\2", text)


def from_spreadsheet_safe(text: str) -> str:
    """Undo ``spreadsheet_safe``: the text as it was before export."""
    return _ESCAPED_TRIGGER.sub(r"\1\2", text)


class Line:
    """A file-like object whose write returns the line instead of keeping
    it: csv.writer's rows become a streaming response's chunks (Django's
    "Streaming large CSV files")."""

    def write(self, value):
        return value


def csv_lines(headers, rows):
    """Yield a CSV file a line at a time, the byte-order mark first."""
    writer = csv.writer(Line(), quoting=csv.QUOTE_ALL)
    yield BOM + writer.writerow(headers)
    for row in rows:
        yield writer.writerow([spreadsheet_safe(value) for value in row])


def csv_bytes(headers, rows) -> bytes:
    return "".join(csv_lines(headers, rows)).encode("utf-8")


def xlsx_bytes(headers, rows, *, title: str) -> bytes:
    """An XLSX workbook of one sheet: dates as dates, text as text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.append(list(headers))
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=_xlsx_value(value))
            if isinstance(value, str):
                # openpyxl takes "=..." for a formula unless told otherwise.
                cell.data_type = "s"
            elif isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _xlsx_value(value):
    if value is None:
        return None
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value

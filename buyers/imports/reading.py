"""Reading a spreadsheet that staff bring in, CSV or XLSX, strictly.

A file either reads cleanly or is refused with one message that names the
problem and how to fix it (``FileRefused``): the wrong encoding, ``;`` as
the separator, an empty file, a header and nothing under it, a line far
too long, a workbook with several sheets, merged cells or a password.
Nothing is written from a refused file. Rows come out one at a time, so
that ``import_factories`` reads a 100,000-row file without holding it;
blank rows are skipped without a word.

Used by the admin's import (``betterwork_portal/admin/imports.py``) and by
the import commands (``buyers/management/commands/``).
"""

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

# A row of a factory or supplier list is a few hundred characters; one of
# this length is a broken file, not data.
MAX_LINE_CHARACTERS = 20_000
# What an XLSX may unpack to: a zip bomb is refused before it is opened.
MAX_XLSX_UNPACKED_BYTES = 300 * 1024 * 1024
CSV_SEPARATORS_REFUSED = {";": "semicolons (;)", "\t": "tabs", "|": "vertical bars (|)"}
SAVE_AS_CSV = (
    "Save it from Excel as “CSV UTF-8 (Comma delimited)”, "
    "or from LibreOffice as Text CSV with the character set Unicode (UTF-8)."
)


class FileRefused(ValueError):
    """The file cannot be read as a table; the message says why, in words
    for the person who chose the file."""


@dataclass
class Table:
    """The header and the rows of a file, each row a dict by column."""

    format: str
    headers: list[str]
    rows: Iterator["Row"] = field(repr=False)


@dataclass(frozen=True)
class Row:
    """One non-blank row: its number as a spreadsheet shows it (the header
    is row 1), its values by header, and the columns that hold a real
    spreadsheet formula (XLSX only)."""

    number: int
    values: dict[str, object]
    formulas: frozenset[str] = frozenset()


def open_table(stream, *, filename: str) -> Table:
    """Read *stream* (binary, seekable) as CSV or XLSX, by its content
    rather than its name, which is often wrong."""
    head = stream.read(8)
    stream.seek(0)
    if head.startswith(b"PK\x03\x04"):
        return _open_xlsx(stream)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRefused(
            "This workbook is password-protected, or in the old Excel 97–2003 (.xls) format. "
            "Remove the password, or save it as an .xlsx workbook or as CSV."
        )
    if not head:
        raise FileRefused("The file is empty.")
    if filename.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        raise FileRefused("This file is named as a workbook but is not an .xlsx workbook. " + SAVE_AS_CSV)
    return _open_csv(stream)


def normalise_header(header) -> str:
    """How a column is known: "OS ID", "os id" and "os_id" are one column."""
    text = "" if header is None else str(header)
    return re.sub(r"[\s\-]+", "_", text.strip().lstrip("\ufeff")).lower()


def _open_csv(stream) -> Table:
    head = stream.read(4)
    stream.seek(0)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (len(head) >= 2 and b"\x00" in head[:4]):
        raise FileRefused("The file is in UTF-16, which the portal does not read. " + SAVE_AS_CSV)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict", newline="")
    lines = _checked_lines(text)
    reader = csv.reader(lines, strict=False)
    try:
        header = next(reader, None)
    except (UnicodeDecodeError, csv.Error) as error:
        raise _refusal(error, line=1) from error
    if header is None or not any(cell.strip() for cell in header):
        raise FileRefused("The file is empty: its first row should name the columns.")
    if len(header) == 1:
        for separator, words in CSV_SEPARATORS_REFUSED.items():
            if separator in header[0]:
                raise FileRefused(
                    f"The columns are separated by {words}, not commas, so the whole header reads as one column. "
                    + SAVE_AS_CSV
                )
    headers = [normalise_header(cell) for cell in header]
    return Table(format="csv", headers=headers, rows=_csv_rows(reader, headers))


def _checked_lines(text) -> Iterator[str]:
    number = 0
    while True:
        try:
            line = text.readline(MAX_LINE_CHARACTERS + 1)
        except UnicodeDecodeError as error:
            raise _refusal(error, line=number + 1) from error
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE_CHARACTERS and not line.endswith("\n"):
            raise FileRefused(
                f"Line {number} is longer than {MAX_LINE_CHARACTERS:,} characters: this is not a list of rows, "
                "or its quotes are unbalanced. Check the file in a spreadsheet and save it again."
            )
        yield line


def _csv_rows(reader, headers) -> Iterator[Row]:
    width = len(headers)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except (UnicodeDecodeError, csv.Error) as error:
            raise _refusal(error, line=reader.line_num) from error
        if not any(cell.strip() for cell in cells):
            continue
        number = reader.line_num
        if len(cells) > width and any(cell.strip() for cell in cells[width:]):
            raise FileRefused(
                f"Row {number} has {len(cells)} values but the header names {width} columns. "
                "A comma inside a value needs the value in double quotes; check that row."
            )
        values = {header: (cells[i].strip() if i < len(cells) else "") for i, header in enumerate(headers)}
        yield Row(number=number, values=values)


def _refusal(error, *, line) -> FileRefused:
    if isinstance(error, UnicodeDecodeError):
        guess = ""
        try:
            sample = error.object[max(0, error.start - 20) : error.end + 20].decode("cp1252")
            guess = f" It looks like Windows-1252 (“…{sample.strip()}…”)."
        except UnicodeDecodeError:
            pass
        return FileRefused(
            f"The file is not in UTF-8: line {line} holds a byte UTF-8 does not allow.{guess} " + SAVE_AS_CSV
        )
    return FileRefused(f"Line {line} cannot be read as CSV ({error}). Check that row's quotes and save it again.")


def _open_xlsx(stream) -> Table:
    import openpyxl

    try:
        archive = zipfile.ZipFile(stream)
        unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise FileRefused("This workbook is damaged: it cannot be opened as .xlsx. Save it again.") from error
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise FileRefused("This workbook unpacks to more than the portal reads; split it, or save it as CSV.")
    if "xl/workbook.xml" not in archive.namelist():
        raise FileRefused("This is a zip file, not an .xlsx workbook. " + SAVE_AS_CSV)
    stream.seek(0)
    try:
        book = openpyxl.load_workbook(stream, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds on a broken file
        raise FileRefused(
            "This workbook cannot be read. Open it in Excel or LibreOffice and save it again."
        ) from error
    sheets = [sheet for sheet in book.worksheets if sheet.max_row and sheet.max_row > 1 or _has_cells(sheet)]
    if len(sheets) > 1:
        names = ", ".join(f"“{sheet.title}”" for sheet in sheets)
        raise FileRefused(
            f"This workbook has {len(sheets)} sheets with data ({names}). Keep the rows to import on one sheet "
            "and delete the others, or save that sheet as CSV."
        )
    if not sheets:
        raise FileRefused("The workbook is empty.")
    sheet = sheets[0]
    merged = _merged_ranges(archive, book, sheet)
    if merged:
        raise FileRefused(
            f"The sheet “{sheet.title}” has merged cells ({', '.join(merged[:3])}"
            f"{'…' if len(merged) > 3 else ''}). Unmerge them so that each row holds its own values."
        )
    rows = sheet.iter_rows()
    header_cells = next(rows, None)
    if header_cells is None or not any(cell.value not in (None, "") for cell in header_cells):
        raise FileRefused("The sheet is empty: its first row should name the columns.")
    headers = [normalise_header(cell.value) for cell in header_cells]
    while headers and not headers[-1]:
        headers.pop()
    return Table(format="xlsx", headers=headers, rows=_xlsx_rows(rows, headers))


def _has_cells(sheet) -> bool:
    return any(any(cell.value not in (None, "") for cell in row) for row in sheet.iter_rows(max_row=2))


def _merged_ranges(archive, book, sheet) -> list[str]:
    """The merged ranges of *sheet*, read from the sheet's XML: read-only
    workbooks do not expose them."""
    index = book.worksheets.index(sheet)
    candidates = [name for name in archive.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", name)]
    candidates.sort(key=lambda name: int(re.search(r"\d+", name.rsplit("/", 1)[1]).group()))
    if index >= len(candidates):
        return []
    with archive.open(candidates[index]) as xml:
        tail = b""
        found = []
        while chunk := xml.read(1 << 16):
            data = tail + chunk
            found.extend(match.decode() for match in re.findall(rb'<mergeCell ref="([A-Z]+\d+:[A-Z]+\d+)"', data))
            tail = data[-64:]
        return list(dict.fromkeys(found))


def _xlsx_rows(rows, headers) -> Iterator[Row]:
    width = len(headers)
    # Read-only sheets yield every row in order, empty ones included.
    for number, cells in enumerate(rows, start=2):
        values, formulas = {}, set()
        for i, cell in enumerate(cells):
            if i >= width:
                if cell.value not in (None, ""):
                    raise FileRefused(
                        f"Row {number} has a value in column {i + 1}, which has no header. "
                        "Name the column, or clear the cell."
                    )
                continue
            value = cell.value
            if cell.data_type == "f":
                formulas.add(headers[i])
            if isinstance(value, str):
                value = value.strip()
            values[headers[i]] = "" if value is None else value
        if not any(value not in ("", None) for value in values.values()):
            continue
        for header in headers:
            values.setdefault(header, "")
        yield Row(number=number, values=values, formulas=frozenset(formulas))

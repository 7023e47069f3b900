"""Building the CSV and XLSX files the import tests upload."""

import csv
import io

FACTORY_HEADER = ["name", "country_programme", "city", "address", "sector", "workers", "os_id"]


def csv_bytes(rows, *, encoding="utf-8", delimiter=",") -> bytes:
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter).writerows(rows)
    return text.getvalue().encode(encoding)


def xlsx_bytes(sheets: dict, *, merge: str = "", formulas=()) -> bytes:
    """A workbook with a sheet per entry of *sheets* (title: rows);
    *merge* merges a range of the first sheet; *formulas* are (cell,
    formula) pairs written into it."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    first = book.worksheets[0]
    if merge:
        first.merge_cells(merge)
    for cell, formula in formulas:
        first[cell] = formula
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def factory_rows(count, *, programme="Better Work Vietnam", start=0):
    return [
        [f"Factory {n:06d}", programme, "Hanoi", f"{n} Road", "Garment", str(100 + n), f"VN{2020000 + n:07d}AAAAAA"]
        for n in range(start, start + count)
    ]

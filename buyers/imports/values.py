"""Turning one cell of an imported row into a value, or into a problem
that names the column and the reason.

The model fields' own rules (lengths, the OS ID's shape, choices) do the
checking, so an import refuses exactly what the admin's form refuses.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from buyers.imports.exporting import FORMULA_TRIGGERS, from_spreadsheet_safe
from buyers.imports.reading import Row


class RowRejected(Exception):
    """A row that cannot be imported: its problems, by column."""

    def __init__(self, problems: dict[str, list[str]]):
        super().__init__(problems)
        self.problems = problems

    def as_text(self) -> str:
        return "; ".join(f"{column}: {' '.join(messages)}" for column, messages in self.problems.items())


class Problems:
    """The problems of one row, gathered column by column."""

    def __init__(self):
        self.by_column: dict[str, list[str]] = {}

    def add(self, column: str, message: str) -> None:
        self.by_column.setdefault(column, []).append(message)

    def raise_if_any(self) -> None:
        if self.by_column:
            raise RowRejected(self.by_column)


def text(row: Row, column: str, problems: Problems) -> str:
    """The cell as text: stripped, and refused if it is a formula."""
    value = row.values.get(column, "")
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    value = str(value).strip()
    if column in row.formulas:
        problems.add(column, f"holds a spreadsheet formula ({value[:40]}); type the value itself instead.")
        return ""
    # Text that would start a formula is refused; exports write it behind
    # an apostrophe (buyers/imports/exporting.py), taken off here.
    if value.startswith(FORMULA_TRIGGERS) and not _is_number(value):
        problems.add(
            column,
            f"starts with “{value[0]}”, so a spreadsheet would run it as a formula; "
            "type the value without it (or with an apostrophe before it).",
        )
        return ""
    if "\x00" in value:
        problems.add(column, "holds a null character; retype the value.")
        return ""
    return from_spreadsheet_safe(value)


def model_value(model, field_name: str, raw, column: str, problems: Problems):
    """*raw* through the model field's own checks; ``None`` on a problem."""
    field = model._meta.get_field(field_name)
    try:
        return field.clean(raw, None)
    except ValidationError as error:
        for message in error.messages:
            problems.add(column, f"“{str(raw)[:40]}”: {message}" if raw not in ("", None) else message)
        return None


def whole_number(row: Row, column: str, problems: Problems) -> int | None:
    """A count such as workers: "1,200", "1200" and 1200.0 are 1200."""
    value = text(row, column, problems)
    if not value:
        return None
    cleaned = re.sub(r"(?<=\d)[,\s ](?=\d{3}\b)", "", value)
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        problems.add(column, f"“{value[:40]}” is not a whole number.")
        return None
    if number != number.to_integral_value() or number < 0:
        problems.add(column, f"“{value[:40]}” is not a whole number of 0 or more.")
        return None
    return int(number)


def date_value(row: Row, column: str, problems: Problems) -> datetime.date | None:
    """A date: a real date cell, or text as 2026-03-31 or 31/03/2026."""
    value = row.values.get(column, "")
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    value = text(row, column, problems)
    if not value:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    problems.add(column, f"“{value[:40]}” is not a date; write it as 2026-03-31 or 31/03/2026.")
    return None


def choice(row: Row, column: str, choices, problems: Problems, *, default=""):
    """A choice by its stored value or its label, in any case."""
    value = text(row, column, problems)
    if not value:
        return default
    wanted = value.casefold()
    for stored, label in choices:
        if wanted in (str(stored).casefold(), str(label).casefold()):
            return stored
    problems.add(column, f"“{value[:40]}” is not one of: {', '.join(str(label) for _, label in choices)}.")
    return default


def _is_number(value: str) -> bool:
    try:
        Decimal(value)
    except InvalidOperation:
        return False
    return True

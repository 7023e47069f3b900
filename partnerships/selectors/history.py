"""Who changed a buyer's profile and checklist, and what changed."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Window
from django.db.models.functions import Lag
from django.utils.formats import date_format
from django.utils.text import Truncator

from buyers.models import Buyer
from partnerships.models import CommitmentRecord


@dataclass(frozen=True)
class ChangeEntry:
    """One saved change to a buyer's profile or checklist, and who made it."""

    changed_at: datetime.datetime
    changed_by: Any
    subject: str
    action: str
    changes: tuple[str, ...]


_BUYER_HISTORY_FIELDS = (
    "name",
    "tier",
    "status",
    "headquarters_country",
    "website",
    "joined_on",
    "partner_since",
    "focal_point",
    "public_listing_consent",
    "notes",
)
_RECORD_HISTORY_FIELDS = ("state", "source", "evidence", "review_by")
_LONG_TEXT_FIELDS = {"notes", "evidence"}


def _shown(model, name, value) -> str:
    """Return *value* of *model*'s field *name* as staff read it."""
    if value is None or value == "":
        return "—"
    if hasattr(value, "code") and hasattr(value, "name"):  # a country
        return value.name
    field = model._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.date):
        return date_format(value, "j M Y")
    if hasattr(value, "get_username"):
        return value.get_full_name() or value.get_username()
    if name in _LONG_TEXT_FIELDS:
        return f"“{Truncator(value).chars(80)}”"
    return str(getattr(value, "name", value))


def _compared(row, name):
    """Return what to compare of a historical row's field (the id of a
    related object, not the object, which may be gone)."""
    field = row._meta.get_field(name)
    return getattr(row, field.attname)


def _buyer_changes(rows, *, limit) -> list[ChangeEntry]:
    """Return the changes shown by the latest *limit* of *rows* (one buyer's
    history, latest first, one row more than *limit* when there is one to
    compare the last shown with)."""
    entries = []
    for index, row in enumerate(rows[:limit]):
        previous = rows[index + 1] if index + 1 < len(rows) else None
        if row.history_type == "+" or previous is None and row.history_type != "-":
            action = "Added" if row.history_type == "+" else "Changed"
            changes = (
                f"{row.get_tier_display()}, {row.get_status_display().lower()}",
                f"Joined {_shown(Buyer, 'joined_on', row.joined_on)}",
            )
        elif row.history_type == "-":
            action, changes = "Deleted", ()
        else:
            action = "Changed"
            changes = tuple(
                f"{Buyer._meta.get_field(name).verbose_name.capitalize()}: "
                + (
                    _shown(Buyer, name, getattr(row, name))
                    if name in _LONG_TEXT_FIELDS
                    else f"{_shown(Buyer, name, getattr(previous, name))} → {_shown(Buyer, name, getattr(row, name))}"
                )
                for name in _BUYER_HISTORY_FIELDS
                if _compared(row, name) != _compared(previous, name)
            )
            if not changes:
                continue
        entries.append(
            ChangeEntry(
                changed_at=row.history_date,
                changed_by=row.history_user,
                subject="Profile",
                action=action,
                changes=changes,
            )
        )
    return entries


def _previous(name):
    """Return the value *name* had in the same record's previous version."""
    return Window(Lag(name), partition_by=[F("id")], order_by=[F("history_date").asc(), F("history_id").asc()])


def _record_changes(rows) -> list[ChangeEntry]:
    entries = []
    for row in rows:
        if row.history_type == "-":
            action, changes = "Deleted", ()
        elif row.history_type == "+":
            action = "Recorded"
            changes = tuple(
                f"{CommitmentRecord._meta.get_field(name).verbose_name.capitalize()}: "
                f"{_shown(CommitmentRecord, name, getattr(row, name))}"
                for name in _RECORD_HISTORY_FIELDS
                if getattr(row, name) not in (None, "")
            )
        else:
            action = "Changed"
            changes = tuple(
                f"{CommitmentRecord._meta.get_field(name).verbose_name.capitalize()}: "
                + (
                    _shown(CommitmentRecord, name, getattr(row, name))
                    if name in _LONG_TEXT_FIELDS
                    else (
                        f"{_shown(CommitmentRecord, name, getattr(row, f'previous_{name}'))} → "
                        f"{_shown(CommitmentRecord, name, getattr(row, name))}"
                    )
                )
                for name in _RECORD_HISTORY_FIELDS
                if getattr(row, name) != getattr(row, f"previous_{name}")
            )
            if not changes:
                continue
        entries.append(
            ChangeEntry(
                changed_at=row.history_date,
                changed_by=row.history_user or row.changed_by,
                subject=row.commitment.title if row.commitment else "A retired commitment",
                action=action,
                changes=changes,
            )
        )
    return entries


def buyer_change_history(*, buyer: Buyer, limit: int = 20) -> list[ChangeEntry]:
    """Return the latest *limit* changes to *buyer*'s profile and checklist,
    latest first, each with who made it and what changed. Two queries.

    Read from django-simple-history: the buyer's history and its
    commitment records' history. Each change is compared with the version
    before it; a save that changed none of the fields staff read is left
    out. The person is the one signed in when the change was saved, or for
    a checklist line changed outside a request (a service, a script) the
    person the line names as having changed it. ``None`` when neither is
    known.
    """
    buyer_rows = list(
        buyer.history.select_related("history_user", "focal_point").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    entries = _buyer_changes(buyer_rows, limit=limit)
    record_rows = (
        CommitmentRecord.history.filter(buyer_id=buyer.pk)
        .select_related("history_user", "changed_by", "commitment")
        .annotate(**{f"previous_{name}": _previous(name) for name in _RECORD_HISTORY_FIELDS})
        .order_by("-history_date", "-history_id")[:limit]
    )
    entries += _record_changes(list(record_rows))
    entries.sort(key=lambda entry: entry.changed_at, reverse=True)
    return entries[:limit]

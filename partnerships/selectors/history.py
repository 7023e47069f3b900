"""Who changed a buyer's profile and checklist, and what changed.

The entries are data: which fields changed, from what to what, and how a
value reads (a date, a choice, a person, long text). The buyer file's
templates (``betterwork_portal/dashboard/templates/dashboard/includes/history/``)
say them in words.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Window
from django.db.models.functions import Lag

from buyers.models import Buyer
from partnerships.models import Commitment, CommitmentRecord


@dataclass(frozen=True)
class FieldChange:
    """One field of a change: its label, its value before and after.

    *display* says how a value reads: ``text``, ``long_text`` (quoted and
    cut short, shown without its old value), ``date``, ``bool`` or
    ``person``. Countries and choices arrive as their names. ``None`` is "no value".
    """

    label: str
    before: Any
    after: Any
    display: str


@dataclass(frozen=True)
class ChangeEntry:
    """One saved change to a buyer's profile or checklist, and who made it.

    *kind* is ``profile`` or ``checklist`` (then *commitment* is the line's,
    ``None`` for a commitment since removed); *action* is ``added``,
    ``recorded`` (a first checklist line), ``changed`` or ``deleted``. A
    *summary* entry is the first version on file of a profile: its
    *changes* are its tier, status and joined date.
    """

    changed_at: datetime.datetime
    changed_by: Any
    kind: str
    action: str
    changes: tuple[FieldChange, ...]
    commitment: Commitment | None = None
    summary: bool = False


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


def _value(model, name, value):
    """Return *value* of *model*'s field *name* as data a template can word:
    choices as their label, blanks as ``None``."""
    if value is None or value == "":
        return None
    if hasattr(value, "code") and hasattr(value, "name"):  # a country
        return value.name
    field = model._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return value


def _display(model, name) -> str:
    if name in _LONG_TEXT_FIELDS:
        return "long_text"
    field = model._meta.get_field(name)
    if field.choices:
        return "text"
    if field.get_internal_type() == "DateField":
        return "date"
    if field.get_internal_type() == "BooleanField":
        return "bool"
    if field.is_relation:
        return "person"
    return "text"


def _change(model, name, before, after) -> FieldChange:
    return FieldChange(
        label=model._meta.get_field(name).verbose_name.capitalize(),
        before=_value(model, name, before),
        after=_value(model, name, after),
        display=_display(model, name),
    )


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
            action = "added" if row.history_type == "+" else "changed"
            changes = tuple(_change(Buyer, name, None, getattr(row, name)) for name in ("tier", "status", "joined_on"))
            summary = True
        elif row.history_type == "-":
            action, changes, summary = "deleted", (), False
        else:
            action, summary = "changed", False
            changes = tuple(
                _change(Buyer, name, getattr(previous, name), getattr(row, name))
                for name in _BUYER_HISTORY_FIELDS
                if _compared(row, name) != _compared(previous, name)
            )
            if not changes:
                continue
        entries.append(
            ChangeEntry(
                changed_at=row.history_date,
                changed_by=row.history_user,
                kind="profile",
                action=action,
                changes=changes,
                summary=summary,
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
            action, changes = "deleted", ()
        elif row.history_type == "+":
            action = "recorded"
            changes = tuple(
                _change(CommitmentRecord, name, None, getattr(row, name))
                for name in _RECORD_HISTORY_FIELDS
                if getattr(row, name) not in (None, "")
            )
        else:
            action = "changed"
            changes = tuple(
                _change(CommitmentRecord, name, getattr(row, f"previous_{name}"), getattr(row, name))
                for name in _RECORD_HISTORY_FIELDS
                if getattr(row, name) != getattr(row, f"previous_{name}")
            )
            if not changes:
                continue
        entries.append(
            ChangeEntry(
                changed_at=row.history_date,
                changed_by=row.history_user or row.changed_by,
                kind="checklist",
                action=action,
                changes=changes,
                commitment=row.commitment,
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


@dataclass(frozen=True)
class ChangesSince:
    """Who last changed a buyer since a moment, when, and what: the labels
    of the profile fields and the titles of the checklist lines changed."""

    changed_by: Any
    changed_at: datetime.datetime
    subjects: tuple[str, ...]


def buyer_changes_since(buyer: Buyer, moment: datetime.datetime) -> ChangesSince | None:
    """Return what changed on *buyer*'s profile and checklist after
    *moment*: who and when, and what staff read of it (no subjects when a
    save changed none of the fields staff read). ``None`` when the history
    holds nothing after *moment*. Two or three queries."""
    entries = [entry for entry in buyer_change_history(buyer=buyer) if entry.changed_at > moment]
    if not entries:
        row = buyer.history.filter(history_date__gt=moment).select_related("history_user").order_by("-history_date")
        saved = row.first()
        return (
            ChangesSince(changed_by=saved.history_user, changed_at=saved.history_date, subjects=()) if saved else None
        )
    subjects = []
    for entry in entries:
        names = (
            [change.label.lower() for change in entry.changes]
            if entry.kind == "profile"
            else [entry.commitment.title if entry.commitment else "a retired commitment"]
        )
        subjects += [name for name in names if name not in subjects]
    return ChangesSince(changed_by=entries[0].changed_by, changed_at=entries[0].changed_at, subjects=tuple(subjects))

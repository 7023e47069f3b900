"""Importing the programme's factory list: what a row must hold, which
factory it is, and writing many rows in batches.

The same ``FactoryRows`` checks every row whether it comes through the
admin's import (``betterwork_portal/admin/imports.py``) or through
``manage.py import_factories`` (``buyers/management/commands/import_factories.py``).
A row is matched to a factory by the one rule in
``buyers/selectors/matching.py``; an ambiguous row is refused with its
candidates; a row that repeats an earlier row of the file is refused.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django_countries import countries

from buyers.imports.columns import Columns
from buyers.imports.reading import Row
from buyers.imports.values import Problems, RowRejected, choice, model_value, text, whole_number
from buyers.models import CountryProgramme, Factory
from buyers.names import factory_name_key
from buyers.selectors.matching import FactoryIndex, IndexedFactory, Match, city_key

FACTORY_COLUMNS = Columns(
    required=("name", "country_programme"),
    optional=("city", "address", "sector", "workers", "os_id"),
)
# The fields a row may set, each from the column of the same name.
FACTORY_FIELDS = ("name", "country_programme_id", "city", "address", "sector", "workers", "os_id")


class Outcome:
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"


@dataclass
class FactoryRow:
    """A row that can be imported: the values it sets and the factory it is
    (``None``: a new factory)."""

    number: int
    values: dict
    existing: IndexedFactory | None

    @property
    def outcome(self) -> str:
        if self.existing is None:
            return Outcome.CREATED
        if any(getattr(self.existing, name) != value for name, value in self.values.items()):
            return Outcome.UPDATED
        return Outcome.UNCHANGED


class ProgrammeNames:
    """Country programmes by every name a file may give them: "Better Work
    Vietnam", "VN", "Viet Nam"."""

    def __init__(self, programmes: Iterable[CountryProgramme]):
        self.names: dict[str, int] = {}
        self.listed: list[str] = []
        for programme in programmes:
            self.listed.append(programme.name)
            code = str(programme.country)
            for name in (programme.name, code, countries.name(code), countries.alpha3(code)):
                if name:
                    self.names[str(name).casefold()] = programme.pk

    @classmethod
    def load(cls) -> "ProgrammeNames":
        return cls(CountryProgramme.objects.order_by("name"))

    def find(self, value: str) -> int | None:
        return self.names.get(value.strip().casefold())


class FactoryRows:
    """Check and match the rows of one factory file, in order: a row is
    also compared with the rows before it."""

    def __init__(self, *, index: FactoryIndex, programmes: ProgrammeNames, columns: Iterable[str]):
        self.index = index
        self.programmes = programmes
        self.columns = set(columns)
        self.seen_os_ids: dict[str, int] = {}
        self.seen_names: dict[tuple, tuple[int, str]] = {}
        self.seen_factories: dict[int, int] = {}

    def clean(self, row: Row) -> FactoryRow:
        """The row's values and match, or ``RowRejected`` with its problems."""
        problems = Problems()
        values = {}
        name = text(row, "name", problems)
        if name or "name" not in problems.by_column:
            values["name"] = model_value(Factory, "name", name, "name", problems)
        programme_name = text(row, "country_programme", problems)
        programme_id = self.programmes.find(programme_name) if programme_name else None
        if programme_name and programme_id is None:
            problems.add(
                "country_programme",
                f"“{programme_name[:60]}” is not a country programme. The programmes are: "
                f"{', '.join(self.programmes.listed)}.",
            )
        elif not programme_name and "country_programme" not in problems.by_column:
            problems.add("country_programme", "This field is required.")
        values["country_programme_id"] = programme_id
        for column in ("city", "address"):
            if column in self.columns:
                values[column] = model_value(Factory, column, text(row, column, problems), column, problems)
        if "sector" in self.columns:
            values["sector"] = choice(row, "sector", Factory.Sector.choices, problems, default=Factory.Sector.GARMENT)
        if "workers" in self.columns:
            values["workers"] = whole_number(row, "workers", problems)
        os_id = ""
        if "os_id" in self.columns:
            os_id = text(row, "os_id", problems).replace(" ", "").upper()
            values["os_id"] = model_value(Factory, "os_id", os_id, "os_id", problems) or ""
        problems.raise_if_any()

        found = self.index.match(
            os_id=os_id, country_programme_id=programme_id, name=values["name"], city=values.get("city", "")
        )
        if found.kind == Match.AMBIGUOUS:
            described = "; ".join(
                f"“{candidate.name}”{f' in {candidate.city}' if candidate.city else ''} (factory #{candidate.pk})"
                for candidate in found.candidates
            )
            problems.add(
                "name",
                f"matches {len(found.candidates)} programme factories: {described}. "
                "Add the OS ID, or the city, to say which.",
            )
        self._check_repeats(row.number, values, os_id, found.factory, problems)
        problems.raise_if_any()
        return FactoryRow(number=row.number, values=values, existing=found.factory)

    def _check_repeats(self, number, values, os_id, existing, problems) -> None:
        if os_id:
            if os_id in self.seen_os_ids:
                problems.add("os_id", f"row {self.seen_os_ids[os_id]} already has this OS ID.")
            self.seen_os_ids.setdefault(os_id, number)
        key = (values["country_programme_id"], factory_name_key(values["name"]), city_key(values.get("city", "")))
        earlier = self.seen_names.get(key)
        if earlier and not (os_id and earlier[2] and earlier[2] != os_id):
            problems.add(
                "name",
                f"row {earlier[0]} is the same factory (“{earlier[1]}”); keep one of the two rows.",
            )
        self.seen_names.setdefault(key, (number, values["name"], os_id))
        if existing is not None:
            if existing.pk in self.seen_factories and not problems.by_column:
                problems.add(
                    "name",
                    f"row {self.seen_factories[existing.pk]} is already factory #{existing.pk}, “{existing.name}”.",
                )
            self.seen_factories.setdefault(existing.pk, number)


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[Row, RowRejected]] = field(default_factory=list)

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


@transaction.atomic
def import_factory_rows(
    rows: Iterable[Row], *, columns: Iterable[str], batch_size: int = 2000, on_row: Callable[[], None] = lambda: None
) -> ImportSummary:
    """Create and update programme factories from *rows*, in batches of
    *batch_size*, all inside one transaction: a file refused halfway (a
    bad line far down) leaves nothing written. A rejected row is counted
    and returned with its problems; the others are written.
    """
    checker = FactoryRows(index=FactoryIndex.of_all_factories(), programmes=ProgrammeNames.load(), columns=columns)
    summary = ImportSummary()
    to_create: list[Factory] = []
    to_update: list[Factory] = []
    updated_fields: set[str] = set()
    for row in rows:
        on_row()
        try:
            checked = checker.clean(row)
        except RowRejected as rejected:
            summary.rejected.append((row, rejected))
            continue
        outcome = checked.outcome
        summary.count(outcome)
        if outcome == Outcome.CREATED:
            factory = Factory(**checked.values)
            factory.refresh_match_keys()
            to_create.append(factory)
        elif outcome == Outcome.UPDATED:
            factory = Factory(pk=checked.existing.pk, **_current(checked.existing))
            for name, value in checked.values.items():
                setattr(factory, name, value)
            factory.refresh_match_keys()
            updated_fields.update(checked.values)
            to_update.append(factory)
        if len(to_create) >= batch_size:
            _flush_created(to_create)
        if len(to_update) >= batch_size:
            _flush_updated(to_update, updated_fields)
    _flush_created(to_create)
    _flush_updated(to_update, updated_fields)
    return summary


def _current(existing: IndexedFactory) -> dict:
    return {name: getattr(existing, name) for name in FACTORY_FIELDS}


def _flush_created(factories: list[Factory]) -> None:
    if factories:
        Factory.objects.bulk_create(factories, batch_size=len(factories))
        factories.clear()


def _flush_updated(factories: list[Factory], fields: set[str]) -> None:
    if factories:
        names = sorted(fields | {"name_key"})
        Factory.objects.bulk_update(factories, names, batch_size=len(factories))
        factories.clear()

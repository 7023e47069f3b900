"""Matching a factory as someone listed it against the programme's own:
the one rule that a signup, a factory import and a buyer's supplier list
all use.

The rule (``FactoryIndex.match``):

1. An Open Supply Hub ID names the factory that has it.
2. Otherwise, or when no programme factory has that ID, the factories of
   the same country programme whose name normalises to the same key
   (``buyers/names.py``: "Acme Garments Ltd." is "ACME garments"), narrowed
   to the same city when the row gives one. A candidate with a different
   OS ID from the row's is another factory.
3. One candidate is a match; several are *ambiguous* and are reported with
   their candidates, never guessed; none is *no match*.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from buyers.models import Factory
from buyers.names import factory_name_key, normalise_organisation_name

# What the index keeps of each factory: enough to match and to tell an
# import's "changed" from "unchanged" without loading the model.
INDEXED_FIELDS = ("pk", "name", "name_key", "os_id", "country_programme_id", "city", "address", "sector", "workers")


class Match:
    """How a listed factory matched: the kinds a match can be."""

    OS_ID = "os_id"
    NAME = "name"
    AMBIGUOUS = "ambiguous"
    NONE = "none"


@dataclass(frozen=True)
class IndexedFactory:
    pk: int
    name: str
    name_key: str
    os_id: str
    country_programme_id: int
    city: str
    address: str
    sector: str
    workers: int | None


@dataclass(frozen=True)
class FactoryMatch:
    """The outcome of matching one listed factory."""

    kind: str
    factory: IndexedFactory | None = None
    candidates: tuple[IndexedFactory, ...] = ()

    @property
    def is_match(self) -> bool:
        return self.factory is not None


def city_key(city: str) -> str:
    return normalise_organisation_name(city or "")


class FactoryIndex:
    """The programme factories a list may match, held in memory so that a
    100,000-row file is matched without a query per row."""

    def __init__(self, factories: Iterable[IndexedFactory] = ()):
        self.by_os_id: dict[str, IndexedFactory] = {}
        self.by_name: dict[tuple[int, str], list[IndexedFactory]] = defaultdict(list)
        for factory in factories:
            self.add(factory)

    def add(self, factory: IndexedFactory) -> None:
        if factory.os_id:
            self.by_os_id[factory.os_id] = factory
        self.by_name[(factory.country_programme_id, factory.name_key)].append(factory)

    @classmethod
    def of_all_factories(cls) -> "FactoryIndex":
        """Every programme factory: for imports, which may touch any. One query."""
        return cls(_indexed(Factory.objects.all()))

    @classmethod
    def of_listed(cls, rows: Iterable[dict]) -> "FactoryIndex":
        """Only the factories that *rows* (``os_id``, ``country_programme``
        as an id, ``name``) could match, through the (programme, name key)
        index: never a programme's whole list. One query; none for no rows."""
        os_ids, named = set(), set()
        for row in rows:
            if row.get("os_id"):
                os_ids.add(row["os_id"])
            if row.get("country_programme"):
                named.add((row["country_programme"], factory_name_key(row.get("name", ""))))
        if not os_ids and not named:
            return cls()
        wanted = Q(os_id__in=os_ids)
        for programme_id, name_key in named:
            wanted |= Q(country_programme_id=programme_id, name_key=name_key)
        return cls(_indexed(Factory.objects.filter(wanted)))

    def match(self, *, os_id: str = "", country_programme_id: int | None, name: str, city: str = "") -> FactoryMatch:
        if os_id and os_id in self.by_os_id:
            return FactoryMatch(Match.OS_ID, self.by_os_id[os_id])
        candidates = [
            factory
            for factory in self.by_name.get((country_programme_id, factory_name_key(name)), ())
            if not (os_id and factory.os_id and factory.os_id != os_id)
        ]
        if city and len(candidates) > 1:
            wanted = city_key(city)
            in_city = [factory for factory in candidates if city_key(factory.city) in (wanted, "")]
            candidates = in_city or candidates
        if len(candidates) == 1:
            return FactoryMatch(Match.NAME, candidates[0])
        if candidates:
            return FactoryMatch(Match.AMBIGUOUS, candidates=tuple(sorted(candidates, key=lambda f: f.pk)))
        return FactoryMatch(Match.NONE)


def _indexed(queryset) -> Iterable[IndexedFactory]:
    for values in queryset.order_by("pk").values_list(*INDEXED_FIELDS).iterator(chunk_size=5000):
        yield IndexedFactory(*values)


@dataclass(frozen=True)
class ListedFactory:
    """A supplier factory as a buyer listed it, and the programme factory it
    is, if the programme knows it for certain."""

    name: str
    country_programme_name: str
    os_id: str
    factory: IndexedFactory | None
    candidates: tuple[IndexedFactory, ...] = ()

    @property
    def in_programme(self) -> bool:
        return self.factory is not None

    @property
    def is_ambiguous(self) -> bool:
        return bool(self.candidates)


def match_listed_factories(*, factories: list[dict]) -> tuple[ListedFactory, ...]:
    """Match the factories a signup listed against the programme's own, by
    the rule above. *factories* holds the rows as ``SignupRequest.factories``
    keeps them. This is how "a signup tells a buyer at once how many of the
    suppliers it listed are already in the programme"
    (``docs/architecture.md``), and how accepting a signup links its
    sourcing: an ambiguous row links nothing. One query; none for an empty
    list.
    """
    if not factories:
        return ()
    index = FactoryIndex.of_listed(factories)
    listed = []
    for row in factories:
        found = index.match(
            os_id=row.get("os_id", ""),
            country_programme_id=row.get("country_programme"),
            name=row.get("name", ""),
            city=row.get("city", ""),
        )
        listed.append(
            ListedFactory(
                name=row.get("name", ""),
                country_programme_name=row.get("country_programme_name", ""),
                os_id=row.get("os_id", ""),
                factory=found.factory,
                candidates=found.candidates,
            )
        )
    return tuple(listed)

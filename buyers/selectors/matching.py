"""Matching the supplier factories a buyer lists against the programme's own."""

from dataclasses import dataclass

from django.db.models import Q

from buyers.models import Factory
from buyers.names import factory_name_key


@dataclass(frozen=True)
class ListedFactory:
    """A supplier factory as a buyer listed it, and the programme factory it
    is, if the programme knows it."""

    name: str
    country_programme_name: str
    os_id: str
    factory: Factory | None

    @property
    def in_programme(self) -> bool:
        return self.factory is not None


def match_listed_factories(*, factories: list[dict]) -> tuple[ListedFactory, ...]:
    """Match the factories a signup listed against the programme's own.

    A listed factory is the programme factory with the same Open Supply Hub
    ID when it gave one, and otherwise the factory of the same country
    programme whose name normalises to the same key (as buyer names do:
    "Acme Garments Ltd." and "ACME garments ltd" match). *factories* holds
    the rows as ``SignupRequest.factories`` keeps them. This is how "a
    signup tells a buyer at once how many of the suppliers it listed are
    already in the programme" (``docs/architecture.md``), and how accepting a
    signup links its sourcing. One query; none for an empty list.
    """
    if not factories:
        return ()
    os_ids = {row["os_id"] for row in factories if row.get("os_id")}
    named = {
        (row["country_programme"], factory_name_key(row.get("name", "")))
        for row in factories
        if row.get("country_programme")
    }
    # Only the listed rows are looked up, through the (programme, name key)
    # index: never a programme's whole factory list.
    wanted = Q(os_id__in=os_ids)
    for programme_id, name_key in named:
        wanted |= Q(country_programme_id=programme_id, name_key=name_key)
    by_os_id, by_name = {}, {}
    for factory in (
        Factory.objects.filter(wanted).only("name", "os_id", "country_programme_id", "name_key").order_by("pk")
    ):
        if factory.os_id:
            by_os_id[factory.os_id] = factory
        by_name.setdefault((factory.country_programme_id, factory.name_key), factory)
    return tuple(
        ListedFactory(
            name=row.get("name", ""),
            country_programme_name=row.get("country_programme_name", ""),
            os_id=row.get("os_id", ""),
            factory=by_os_id.get(row.get("os_id") or None)
            or by_name.get((row.get("country_programme"), factory_name_key(row.get("name", "")))),
        )
        for row in factories
    )

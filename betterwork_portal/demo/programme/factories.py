"""Planning factories and their assessment cycles."""

import datetime
from decimal import Decimal

from betterwork_portal.demo.programme.dataset import DAY, REFERENCE_DATE, PlannedFactory, allocate
from betterwork_portal.demo.programme.vocabulary import (
    CLUSTER_SHAPE,
    COUNTRY_SHAPE,
    PROFILES,
    SECTOR_KINDS,
    FactoryProfile,
)
from buyers.models import ASSESSMENT_CLUSTERS

POINTS = [CLUSTER_SHAPE[name][0] for name in ASSESSMENT_CLUSTERS]
# RATES[cluster][points found] is the rate as stored, rounded to two
# decimals. Sharing these few objects keeps a 100,000-factory plan small.
RATES = [[Decimal(f"{100 * found / total:.2f}") for found in range(total + 1)] for total in POINTS]
# Clusters nudged, in this order, to make the latest cycle better or worse.
ADJUSTABLE = [
    ASSESSMENT_CLUSTERS.index(name)
    for name in ("occupational_safety_and_health", "working_time", "compensation", "contracts_and_human_resources")
]


class FactoryPlanning:
    """Plan the factories of the country programmes (part of the planner).

    Uses the planner's ``rng``, ``pick`` and ``day_between``; see
    ``planning._Planner``.
    """

    def plan_factories(self) -> None:
        """Spread the factories over the country programmes in the real
        programme's proportions, each with a local name, place and size and
        an OS ID unique across the plan."""
        rng = self.rng
        os_ids = set()
        for country, count in allocate(self.size, COUNTRY_SHAPE):
            profile = PROFILES[country]
            names_seen: dict[str, int] = {}
            planned = self.by_country.setdefault(country, [])
            for _ in range(count):
                sector = self.pick(profile.sectors)
                words = rng.choice(profile.words)
                if rng.random() < 0.5:
                    words = f"{words} {rng.choice(profile.seconds)}"
                kind = rng.choice(SECTOR_KINDS.get(sector, profile.kinds))
                base = f"{profile.prefix}{words} {kind}{profile.suffix}"
                names_seen[base] = names_seen.get(base, 0) + 1
                name = base if names_seen[base] == 1 else f"{base} (Unit {names_seen[base]})"
                # Open Supply Hub IDs: country, year and day of registration,
                # then six letters or digits.
                while True:
                    tail = "".join(rng.choices("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", k=6))
                    os_id = f"{country}{rng.randint(2019, 2025)}{rng.randint(1, 365):03d}{tail}"
                    if os_id not in os_ids:
                        os_ids.add(os_id)
                        break
                city = rng.choice(profile.cities)
                workers = round(profile.median_workers * rng.lognormvariate(0, 0.55), -1)
                factory = PlannedFactory(
                    os_id=os_id,
                    name=name,
                    country=country,
                    city=city,
                    address=f"Lot {rng.randint(1, 240)}, {rng.choice(profile.zones)}, {city}",
                    sector=sector,
                    workers=min(8000, max(200, int(workers))),
                )
                self.plan_assessments(factory, profile)
                planned.append(factory)
                self.factory_by_os_id[os_id] = factory
                self.factories.append(factory)

    def plan_assessments(self, factory: PlannedFactory, profile: FactoryProfile) -> None:
        """Give *factory* one to six yearly cycles, the latest in 2025-2026.

        About six in ten factories with two or more cycles improve from the
        previous cycle to the latest (the "making progress" of ``buyers/selectors/progress.py``);
        the rest stay level or slip, so both sides of the monitoring rule
        have examples. Rates are whole compliance points over the cluster's
        total, as the assessment tool counts them.
        """
        rng = self.rng
        cycles = rng.choices(range(1, 7), weights=(12, 16, 18, 18, 18, 18))[0]
        improving = cycles > 1 and rng.random() < 0.6
        level = rng.lognormvariate(0, 0.35) * (rng.uniform(1.1, 1.4) if improving else 1)
        points = []
        for _ in range(cycles):
            row = []
            for name in ASSESSMENT_CLUSTERS:
                total, share, clean = CLUSTER_SHAPE[name]
                multiplier = profile.rates.get(name, 1)
                if rng.random() < clean / multiplier:
                    row.append(0)
                else:
                    found = round(total * share * multiplier * level * rng.uniform(0.6, 1.4))
                    row.append(min(total, max(1, found)))
            points.append(row)
            level *= rng.uniform(0.72, 0.95) if improving else rng.uniform(0.88, 1.14)
        if cycles > 1:
            self._settle_latest_step(points[-2], points[-1], improving)
        latest = self.day_between(datetime.date(2025, 1, 15), REFERENCE_DATE - 20 * DAY)
        for cycle, row in enumerate(points, start=1):
            years_back = cycles - cycle
            assessed_on = latest - (365 * years_back + (rng.randint(-25, 25) if years_back else 0)) * DAY
            rates = tuple(RATES[cluster][found] for cluster, found in enumerate(row))
            factory.assessments.append((cycle, assessed_on, rates))

    @staticmethod
    def _settle_latest_step(previous: list[int], latest: list[int], improving: bool) -> None:
        """Nudge the latest cycle so it is clearly better, or not better.

        The database rounds the overall rate (the mean of the eight) to two
        decimals, so an improving factory gains at least a point in the sum
        for the comparison to survive the rounding.
        """

        def total(row):
            return sum(RATES[cluster][found] for cluster, found in enumerate(row))

        while True:
            gap = total(previous) - total(latest)
            if (improving and gap >= 1) or (not improving and gap <= 0):
                return
            for i in ADJUSTABLE:
                if improving and latest[i] > 0:
                    latest[i] -= 1
                    break
                if not improving and latest[i] < POINTS[i]:
                    latest[i] += 1
                    break
            else:
                return

    @staticmethod
    def progress_on(factory: PlannedFactory, day: datetime.date) -> bool:
        """Return whether *factory* was making progress as it stood on *day*."""
        sums = [sum(rates) for _, on, rates in factory.assessments if on <= day]
        return len(sums) >= 2 and sums[-1] < sums[-2]

    # Buyers ---------------------------------------------------------------

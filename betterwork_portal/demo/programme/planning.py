"""The planner: the whole demo dataset from one seed, touching no database."""

import datetime
import random

from betterwork_portal.demo.programme.buyers import BuyerPlanning
from betterwork_portal.demo.programme.checklists import ChecklistPlanning
from betterwork_portal.demo.programme.dataset import (
    BUYERS_PER_FACTORY,
    DAY,
    DEFAULT_FACTORIES,
    DEFAULT_SEED,
    PARTNER_SHARE,
    REFERENCE_DATE,
    DemoPlan,
    PlannedBuyer,
    PlannedFactory,
    moment,
)
from betterwork_portal.demo.programme.factories import FactoryPlanning
from betterwork_portal.demo.programme.vocabulary import HQ_COUNTRIES, LEGAL_FORMS, TITLES
from buyers.models import SignupRequest
from buyers.names import website_domain
from partnerships.models import Commitment


class _Planner(FactoryPlanning, BuyerPlanning, ChecklistPlanning):
    """Draw the demo programme from one seeded generator, in a fixed order.

    The parts (factories, buyers, checklists) are mixins sharing the state
    set here. Every draw comes from ``self.rng`` in a fixed order, so
    nothing iterates over a set: string hashing is salted per process, and
    set order would make two runs differ.
    """

    def __init__(self, *, factories: int, seed: int, commitments):
        self.rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
        self.size = factories
        self.commitments = list(commitments)  # (code, title, level) in checklist order
        self.required = [code for code, _, level in self.commitments if level == Commitment.Level.REQUIRED]
        self.titles = {code: title for code, title, _ in self.commitments}
        self.factories: list[PlannedFactory] = []
        self.by_country: dict[str, list[PlannedFactory]] = {}
        self.factory_by_os_id: dict[str, PlannedFactory] = {}
        self.taken_names: set[str] = set()

    def day_between(self, start: datetime.date, end: datetime.date) -> datetime.date:
        """Return a day from *start* to *end*, or *start* if *end* is earlier."""
        return start + self.rng.randint(0, max(0, (end - start).days)) * DAY

    def pick(self, weighted):
        """Return one key of the ``(key, weight)`` pairs in *weighted*."""
        weighted = list(weighted)
        return self.rng.choices([key for key, _ in weighted], [w for _, w in weighted])[0]

    def plan_signups(self, count: int, buyers: list[PlannedBuyer]) -> list[dict]:
        """Plan *count* pending signups: one participant, one partner that
        affirmed every required commitment, one that looks like an existing
        buyer (same website, a longer name), then more participants.

        Listed factories are mostly programme factories, some without their
        OS ID, plus one outside any programme.
        """
        rng = self.rng
        references: set[str] = set()
        signups = []
        existing = [b for b in buyers if b.kind in ("participant", "ready")] or buyers
        encouraged = [code for code, _, level in self.commitments if level != Commitment.Level.REQUIRED]
        for i in range(count):
            kind = ("participant", "partner", "duplicate")[i] if i < 3 else "participant"
            duplicate_of = None
            if kind == "duplicate":
                duplicate_of = rng.choice(existing)
                country = duplicate_of.headquarters_country
                name = duplicate_of.name.removesuffix(f" {LEGAL_FORMS.get(country)}") + " International"
                domain = website_domain(duplicate_of.website)
            else:
                country = self.pick(HQ_COUNTRIES)
                name, domain = self.organisation_name(country)
            while True:
                reference = f"BW-{REFERENCE_DATE.year}-{rng.randrange(10**6):06d}"
                if reference not in references:
                    references.add(reference)
                    break
            contact, email = self.person(country, domain, set())
            if kind == "partner":
                affirmed = [*self.required, *encouraged[:1]]
            else:
                affirmed = [code for code in self.required if rng.random() < 0.5]
            listed = [
                {"name": f.name, "country_programme": f.country, "os_id": f.os_id if rng.random() < 0.7 else ""}
                for f in rng.sample(self.factories, min(len(self.factories), rng.randint(2, 5)))
            ]
            listed.append({"name": "Lanka Knit Exports (Pvt) Ltd", "country_programme": "LK", "os_id": ""})
            scheme = SignupRequest.Scheme.PARTNER if kind == "partner" else SignupRequest.Scheme.PARTICIPANT
            submitted_on = REFERENCE_DATE - rng.randint(1, 40) * DAY
            signups.append(
                {
                    "reference": reference,
                    "organisation_name": name,
                    "headquarters_country": country,
                    "website": f"https://www.{domain}",
                    "contact_name": contact,
                    "contact_email": email,
                    "contact_job_title": rng.choice(TITLES),
                    "contact_phone": self.phone(country),
                    "requested_scheme": scheme,
                    "affirmed_commitments": affirmed,
                    "factories": listed,
                    "data_use_consent": True,
                    "public_listing_consent": kind == "partner",
                    "possible_duplicate_of": duplicate_of.name_key if duplicate_of else None,
                    "submitted_at": moment(submitted_on, rng.randint(6, 20), rng.randint(0, 59)),
                }
            )
        return signups


def demo_size(factories: int) -> dict[str, int]:
    """Return how many buyers, partners and signups go with *factories*.

    The real programme has about 190 buyers (40 of them partners) for 1,800
    factories; small sizes keep enough buyers to show every state.
    """
    buyers = max(12, round(factories * BUYERS_PER_FACTORY))
    return {
        "factories": factories,
        "buyers": buyers,
        "partners": max(4, round(buyers * PARTNER_SHARE)),
        "signups": 3 + buyers // 60,
    }


def plan_demo(*, factories: int = DEFAULT_FACTORIES, seed: int = DEFAULT_SEED, commitments) -> DemoPlan:
    """Return the demo dataset for *factories* factories drawn from *seed*.

    *commitments* is the active catalogue as ``(code, title, level)`` in
    checklist order (``active_commitments()``); every buyer gets one record
    per commitment.
    """
    size = demo_size(factories)
    planner = _Planner(factories=factories, seed=seed, commitments=commitments)
    planner.plan_factories()
    buyers = planner.plan_buyers(size["buyers"], size["partners"])
    signups = planner.plan_signups(size["signups"], buyers)
    return DemoPlan(factories=planner.factories, buyers=buyers, signups=signups)


def active_commitments() -> list[tuple[str, str, str]]:
    """Return the active catalogue in the form ``plan_demo`` takes."""
    return list(
        Commitment.objects.filter(is_active=True).order_by("position", "code").values_list("code", "title", "level")
    )

"""Planning buyers: names, contacts and where they source."""

import datetime

from betterwork_portal.demo.programme.dataset import (
    DAY,
    PARTNER_KINDS,
    PROGRAMME_NAMES,
    REFERENCE_DATE,
    EndReason,
    PlannedBuyer,
    ascii_lower,
    written,
)
from betterwork_portal.demo.programme.vocabulary import (
    BRAND_KINDS,
    BRAND_WORDS,
    BREACH_ORDER,
    FOCAL_POINTS,
    HQ_COUNTRIES,
    LEGAL_FORMS,
    LOCAL_BRANDS,
    PEOPLE,
    PEOPLE_BY_COUNTRY,
    SENIOR_TITLES,
    TITLES,
)
from buyers.models import Buyer
from buyers.names import normalise_organisation_name
from partnerships import constants as codes


class BuyerPlanning:
    """Plan buyers, their contacts and their sourcing (part of the planner).

    Uses the planner's ``rng``, ``pick`` and ``day_between``; see
    ``planning._Planner``.
    """

    def organisation_name(self, country: str) -> tuple[str, str]:
        """Return a fresh (name, domain) for a buyer headquartered in *country*."""
        rng = self.rng
        for attempt in range(60):
            if country in LOCAL_BRANDS and attempt < 20:
                words, kinds = LOCAL_BRANDS[country]
                word, kind = rng.choice(words), rng.choice(kinds)
                name, slug = f"{word} {kind}", f"{word}{kind.split()[0]}"
            elif rng.random() < 0.12:
                first, second = rng.sample(BRAND_WORDS, 2)
                name, slug = f"{first} & {second}", f"{first}and{second}"
            else:
                word, kind = rng.choice(BRAND_WORDS), rng.choice(BRAND_KINDS)
                name, slug = f"{word} {kind}", f"{word}{kind.split()[0]}"
                if country in LEGAL_FORMS and rng.random() < 0.35:
                    name = f"{name} {LEGAL_FORMS[country]}"
            if attempt >= 40:  # the pools run out only at benchmark sizes
                number = rng.randint(100, 99999)
                name, slug = f"{name} {number}", f"{slug}{number}"
            key = normalise_organisation_name(name)
            if key not in self.taken_names:
                self.taken_names.add(key)
                return name, "".join(ch for ch in ascii_lower(slug) if ch.isalnum()) + ".example"
        raise RuntimeError("no free organisation name")  # pragma: no cover

    def person(self, country: str, domain: str, taken: set[str]) -> tuple[str, str]:
        """Return a (name, email) usual in *country*, the email not in *taken*."""
        firsts, lasts = PEOPLE[PEOPLE_BY_COUNTRY.get(country, "en")]
        while True:
            first, last = self.rng.choice(firsts), self.rng.choice(lasts)
            name = f"{last} {first}" if country in ("JP", "KR") and self.rng.random() < 0.5 else f"{first} {last}"
            email = f"{ascii_lower(first).replace('-', '')}.{ascii_lower(last).replace(' ', '')}@{domain}"
            if email not in taken:
                taken.add(email)
                return name, email

    def phone(self, country: str) -> str:
        # Only numbers reserved for fiction, so no real line rings.
        if country == "US":
            return f"+1 {self.rng.choice((212, 415, 503, 617, 646))} 555 01{self.rng.randint(0, 99):02d}"
        if country == "GB":
            return f"+44 20 7946 0{self.rng.randint(0, 999):03d}"
        return ""

    def plan_buyers(self, count: int, partners: int) -> list[PlannedBuyer]:
        """Plan *count* buyers of whom *partners* are partners, in every state.

        Partners are mostly in good standing; a few are at risk (one
        required commitment breached) and some lack an Advisory Committee
        representative or a liaison. Participants run from ready to
        graduate, through in progress and new, to declined, downgraded,
        in breach and withdrawn.
        """
        rng = self.rng
        participants = count - partners
        at_risk = max(1, round(partners * 0.08))
        kinds = ["at_risk"] * at_risk + ["partner"] * (partners - at_risk)
        for kind, share in (("ready", 0.12), ("declined", 0.03), ("downgraded", 0.01), ("breached", 0.02)):
            kinds += [kind] * max(1, round(participants * share))
        kinds += ["withdrawn"] * max(1, round(participants * 0.04)) + ["new"] * round(participants * 0.15)
        kinds = (kinds + ["participant"] * count)[:count]
        rng.shuffle(kinds)
        partner_positions = [i for i, kind in enumerate(kinds) if kind in PARTNER_KINDS]
        lacking_role = set(rng.sample(partner_positions, max(1, round(len(partner_positions) * 0.15))))

        # At-risk partners and downgraded buyers take the breaches in turn,
        # so even a small programme shows the dropped-factory and audit flags.
        breaches = [code for code in BREACH_ORDER if code in self.required] or self.required
        turns = {"at_risk": 0, "downgraded": 1}
        buyers = []
        for position, kind in enumerate(kinds):
            country = self.pick(HQ_COUNTRIES)
            name, domain = self.organisation_name(country)
            buyer = self.plan_buyer(kind, country, name, domain)
            breach = None
            if kind in turns:
                breach = breaches[turns[kind] % len(breaches)]
                turns[kind] += 1
            elif kind == "breached":
                breach = codes.STOP_AUDITING if codes.STOP_AUDITING in self.required else self.required[0]
            lacking = "representative" if breach == codes.GOVERNANCE else None
            if position in lacking_role:
                lacking = lacking or rng.choice(("representative", "liaison"))
            self.plan_contacts(buyer, domain, lacking=lacking)
            self.plan_sourcing(buyer, breach)
            self.plan_records(buyer, breach)
            self.plan_decisions(buyer)
            buyers.append(buyer)
        return buyers

    def plan_buyer(self, kind: str, country: str, name: str, domain: str) -> PlannedBuyer:
        """Return a buyer of *kind* with dates that fit it: partners joined
        before 2023 and were approved months or years later; new
        participants joined in the last year."""
        rng = self.rng
        partner_since, downgrade = None, None
        if kind in (*PARTNER_KINDS, "downgraded"):
            joined_on = self.day_between(datetime.date(2008, 1, 1), datetime.date(2022, 6, 30))
            latest = REFERENCE_DATE - (400 if kind == "downgraded" else 120) * DAY
            became = min(joined_on + rng.randint(60, 6 * 365) * DAY, latest)
            if kind == "downgraded":
                downgrade = (became, min(became + rng.randint(300, 900) * DAY, REFERENCE_DATE - 30 * DAY))
            else:
                partner_since = became
        elif kind == "new":
            joined_on = self.day_between(REFERENCE_DATE - 365 * DAY, REFERENCE_DATE - 20 * DAY)
        else:
            joined_on = self.day_between(datetime.date(2012, 1, 1), datetime.date(2024, 12, 31))
        return PlannedBuyer(
            name=name,
            kind=kind,
            headquarters_country=country,
            website=f"https://www.{domain}",
            tier=Buyer.Tier.PARTNER if partner_since else Buyer.Tier.PARTICIPANT,
            status=Buyer.Status.WITHDRAWN if kind == "withdrawn" else Buyer.Status.ACTIVE,
            joined_on=joined_on,
            partner_since=partner_since,
            downgrade=downgrade,
            focal_point=None if kind == "withdrawn" and rng.random() < 0.5 else rng.choice(FOCAL_POINTS)[0],
            public_listing_consent=rng.random() < (0.85 if partner_since else 0.1),
        )

    def plan_contacts(self, buyer: PlannedBuyer, domain: str, *, lacking: str | None) -> None:
        """Give *buyer* one to four contacts; a partner's first sits on the
        Advisory Committee and its second is the liaison, except the role
        named *lacking* ("representative" or "liaison"), which the
        monitoring flags should then find missing."""
        rng = self.rng
        partner = buyer.kind in PARTNER_KINDS
        count = rng.choices((1, 2, 3, 4), (1, 3, 3, 2) if partner else (4, 3, 2, 1))[0]
        taken: set[str] = set()
        for i in range(count):
            name, email = self.person(buyer.headquarters_country, domain, taken)
            buyer.contacts.append(
                {
                    "name": name,
                    "email": email,
                    "job_title": rng.choice(SENIOR_TITLES if i == 0 else TITLES),
                    "phone": self.phone(buyer.headquarters_country),
                    "is_advisory_committee_representative": partner and i == 0 and lacking != "representative",
                    "is_better_work_liaison": (
                        (partner and i == min(1, count - 1) and lacking != "liaison")
                        or (not partner and i == 0 and rng.random() < 0.6)
                    ),
                }
            )

    def plan_sourcing(self, buyer: PlannedBuyer, breach: str | None) -> None:
        """Let *buyer* source from a few to a few dozen programme factories.

        A buyer sources in one to four programmes, drawn by their size.
        Partners in good standing end sourcing only where a factory was not
        making progress, and never for compliance results; a buyer that
        breached the no-dropping commitment ends one that was improving,
        which is what the monitoring flag looks for.
        """
        rng = self.rng
        partner = buyer.kind in PARTNER_KINDS
        wanted = int(rng.triangular(8, 45, 16) if partner else rng.triangular(3, 30, 8))
        programmes = [(country, len(found)) for country, found in self.by_country.items() if found]
        chosen, available = [], 0
        most = rng.randint(1, 4)
        while available < wanted and len(chosen) < min(most, len(programmes)):
            country = self.pick([p for p in programmes if p[0] not in chosen])
            chosen.append(country)
            available += len(self.by_country[country])
        factories = []
        # Sampling positions rather than a joined list of the programmes'
        # factories keeps a 100,000-factory plan from copying them per buyer.
        for position in rng.sample(range(available), min(wanted, available)):
            for country in chosen:
                if position < len(self.by_country[country]):
                    factories.append(self.by_country[country][position])
                    break
                position -= len(self.by_country[country])
        withdrawn_on = REFERENCE_DATE - rng.randint(60, 700) * DAY
        withdrawn_on = min(max(withdrawn_on, buyer.joined_on + 180 * DAY), REFERENCE_DATE - 30 * DAY)
        earliest = max(datetime.date(2010, 1, 1), buyer.joined_on - 3 * 365 * DAY)
        for factory in factories:
            if buyer.kind == "withdrawn":
                started = self.day_between(min(buyer.joined_on, withdrawn_on - 400 * DAY), withdrawn_on - 120 * DAY)
                ended = self.day_between(started + 90 * DAY, withdrawn_on)
                reason = rng.choice((EndReason.VOLUME, EndReason.OTHER))
                buyer.sourcings.append([factory.os_id, started, ended, reason])
                continue
            started = self.day_between(earliest, REFERENCE_DATE - 60 * DAY)
            ended, reason = None, ""
            if rng.random() < 0.1:
                ended = self.day_between(started + 90 * DAY, REFERENCE_DATE)
                weights = (45, 20, 15, 0 if partner else 20)
                reason = self.pick(
                    zip(
                        (EndReason.VOLUME, EndReason.OTHER, EndReason.FACTORY_CLOSED, EndReason.COMPLIANCE_RESULTS),
                        weights,
                        strict=True,
                    )
                )
                if partner and self.progress_on(factory, ended):
                    ended, reason = None, ""
            buyer.sourcings.append([factory.os_id, started, ended, reason])
        if buyer.kind == "withdrawn":
            buyer.notes = f"Withdrew on {written(withdrawn_on)}; no longer sources from programme countries."
        elif chosen and rng.random() < 0.4:
            names = " and ".join(PROGRAMME_NAMES[c] for c in chosen[:2])
            buyer.notes = f"Largest volumes in {names}; prefers calls in the morning (UTC)."
        if breach == codes.NO_DROPPING_FACTORIES:
            self._drop_improving_factory(buyer)
        elif breach == codes.STOP_AUDITING and factories:
            buyer.breach_factory = factories[0]

    def _drop_improving_factory(self, buyer: PlannedBuyer) -> None:
        """End sourcing at a factory that was making progress at the time."""
        cutoff = buyer.downgrade[1] - 40 * DAY if buyer.downgrade else REFERENCE_DATE - 10 * DAY
        sourced = [self.factory_by_os_id[row[0]] for row in buyer.sourcings]
        candidates = [factory for factory in sourced if self.progress_on(factory, cutoff)]
        for _ in range(500):
            if candidates:
                break
            factory = self.rng.choice(self.factories)
            if self.progress_on(factory, cutoff):
                candidates.append(factory)
        if not candidates:
            return
        factory = candidates[0]
        assessed = max(on for _, on, _ in factory.assessments if on <= cutoff)
        ended = min(assessed + self.rng.randint(20, 120) * DAY, cutoff)
        started = min(buyer.joined_on, factory.assessments[0][1]) - 200 * DAY
        row = [factory.os_id, started, ended, EndReason.COMPLIANCE_RESULTS]
        buyer.sourcings = [r for r in buyer.sourcings if r[0] != factory.os_id] + [row]
        buyer.breach_factory = factory

    # Checklists and decisions --------------------------------------------

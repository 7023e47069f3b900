"""The demo dataset's shape: its fixed dates, its sizes, and the planned
rows that ``planning`` fills and ``writing`` inserts."""

import datetime
import unicodedata
from dataclasses import dataclass, field

from buyers.models import Sourcing
from buyers.names import normalise_organisation_name
from partnerships.constants import COUNTRY_PROGRAMMES
from partnerships.models import CommitmentRecord

REFERENCE_DATE = datetime.date(2026, 11, 1)
DEFAULT_FACTORIES = 1800
DEFAULT_SEED = 2026
PROGRAMME_NAMES = dict(COUNTRY_PROGRAMMES)
BUYERS_PER_FACTORY = 190 / 1800
PARTNER_SHARE = 40 / 190

State = CommitmentRecord.State
Source = CommitmentRecord.Source
EndReason = Sourcing.EndReason
DAY = datetime.timedelta(days=1)

PARTNER_KINDS = ("partner", "at_risk")


@dataclass(slots=True)
class PlannedFactory:
    """A factory to write, with its assessments; keyed by OS ID."""

    os_id: str
    name: str
    country: str
    city: str
    address: str
    sector: str
    workers: int
    # (cycle, assessed_on, the eight rates in ASSESSMENT_CLUSTERS order)
    assessments: list = field(default_factory=list)


@dataclass(slots=True)
class PlannedBuyer:
    """A buyer to write, with everything that hangs off it; keyed by name.

    *kind* is the buyer's place in the story, which decides its checklist
    and decisions: ``partner`` (in good standing), ``at_risk`` (a partner
    with a breach), ``ready`` (a participant that could graduate),
    ``participant`` (some commitments not yet made), ``new``,
    ``declined``, ``downgraded``, ``breached`` and ``withdrawn``.
    Foreign keys are natural keys here (OS IDs, usernames, codes).
    """

    name: str
    kind: str
    headquarters_country: str
    website: str
    tier: str
    status: str
    joined_on: datetime.date
    partner_since: datetime.date | None
    focal_point: str | None
    public_listing_consent: bool
    # For a downgraded buyer: (became partner, downgraded), else None.
    downgrade: tuple | None = None
    breach_factory: PlannedFactory | None = None
    notes: str = ""
    contacts: list = field(default_factory=list)  # dicts of Contact fields
    sourcings: list = field(default_factory=list)  # [os_id, started_on, ended_on, end_reason]
    records: dict = field(default_factory=dict)  # code -> dict of CommitmentRecord fields
    decisions: list = field(default_factory=list)  # dicts of PartnershipDecision fields
    audits: list = field(default_factory=list)  # dicts of FactoryAudit fields

    @property
    def name_key(self) -> str:
        return normalise_organisation_name(self.name)

    @property
    def became_partner(self) -> datetime.date | None:
        return self.partner_since or (self.downgrade[0] if self.downgrade else None)

    @property
    def agreement_signed_on(self) -> datetime.date | None:
        """The day the partnership agreement was signed, three weeks before
        the approval; the affirmations of a partner date from it."""
        if not self.became_partner:
            return None
        return max(self.joined_on, self.became_partner - datetime.timedelta(weeks=3))


@dataclass
class DemoPlan:
    """The whole demo dataset for one size and seed, not yet written."""

    factories: list[PlannedFactory]
    buyers: list[PlannedBuyer]
    signups: list[dict]

    def row_count(self) -> int:
        """Return how many rows writing the plan goes through (for progress)."""
        per_buyer = sum(
            len(b.contacts) + len(b.sourcings) + len(b.records) + len(b.decisions) + len(b.audits) for b in self.buyers
        )
        assessments = sum(len(f.assessments) for f in self.factories)
        return len(self.factories) + assessments + len(self.buyers) + per_buyer + len(self.signups)


def moment(day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
    """Return *day* at *hour*:*minute* UTC, as the aware datetimes Django stores."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=datetime.UTC)


def written(day: datetime.date) -> str:
    """A date as staff write it in a note: "7 August 2016", not "07 August"."""
    return f"{day.day} {day:%B %Y}"


def ascii_lower(text: str) -> str:
    """Return *text* lower-cased with accents dropped, for email addresses."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def allocate(total: int, weights) -> list[tuple[str, int]]:
    """Split *total* over ``(key, weight)`` pairs by largest remainder."""
    weight_sum = sum(w for _, w in weights)
    exact = [(key, total * w / weight_sum) for key, w in weights]
    counts = {key: int(share) for key, share in exact}
    by_remainder = sorted(exact, key=lambda pair: pair[1] - int(pair[1]), reverse=True)
    for key, _ in by_remainder[: total - sum(counts.values())]:
        counts[key] += 1
    return [(key, counts[key]) for key, _ in weights]

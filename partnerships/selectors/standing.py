"""Where a buyer stands, in one word, for the first line of its file: the
state staff act on (issue 13). The words are the templates'
(``templates/eligibility/standing.html``)."""

from dataclasses import dataclass

from buyers.models import Buyer
from buyers.selectors import cached_while_data_unchanged
from partnerships.selectors.eligibility import EligibilityVerdict, buyer_eligibility
from partnerships.selectors.monitoring import MonitoringFlag, monitoring_flags


@dataclass(frozen=True)
class Standing:
    class Kind:
        WITHDRAWN = "withdrawn"
        PARTNER_AT_RISK = "partner_at_risk"
        PARTNER = "partner"
        FORMER_PARTNER = "former_partner"
        READY_TO_GRADUATE = "ready_to_graduate"
        NOT_ELIGIBLE = "not_eligible"

    kind: str
    breached: int = 0
    flags: int = 0
    missing: int = 0

    @property
    def needs_attention(self) -> bool:
        return self.kind in (self.Kind.PARTNER_AT_RISK, self.Kind.NOT_ELIGIBLE)


def buyer_standing(*, buyer: Buyer, verdict: EligibilityVerdict, flags=()) -> Standing:
    """A buyer's standing from its tier, status, verdict and monitoring
    flags, by the same rules as the lists: an active partner with a
    breached commitment or a flag is at risk (``partners_at_risk``); an
    active participant that is eligible is ready to graduate."""
    counts = {"breached": len(verdict.breached), "flags": len(flags), "missing": len(verdict.missing)}
    if buyer.status == Buyer.Status.WITHDRAWN:
        return Standing(Standing.Kind.WITHDRAWN, **counts)
    if buyer.tier == Buyer.Tier.PARTNER:
        if verdict.breached or flags:
            return Standing(Standing.Kind.PARTNER_AT_RISK, **counts)
        return Standing(Standing.Kind.PARTNER, **counts)
    if verdict.eligible:
        return Standing(Standing.Kind.READY_TO_GRADUATE, **counts)
    return Standing(Standing.Kind.NOT_ELIGIBLE, **counts)


@dataclass(frozen=True)
class StandingOfBuyer:
    """A buyer's standing with what it rests on: the eligibility verdict
    and the monitoring flags."""

    standing: Standing
    verdict: EligibilityVerdict
    flags: list[MonitoringFlag]


def standing_of(*, buyer: Buyer) -> StandingOfBuyer:
    """Return *buyer*'s standing, verdict and flags: what its file on the
    dashboard, its admin page and Decide partnership open with. Only an
    active partner's data is watched (``monitoring_flags`` says so), so for
    anyone else the flags are not asked for: four queries for nothing.

    Kept in the cache under the data's versions
    (``buyers/selectors/data_version.py``), so never older than the data:
    eight queries and ~15 ms at the large size, asked by three pages for
    the same buyer (issue 14). Under every table's version, not only those
    its queries read: *buyer* was read before, and its own fields are part
    of what the standing says."""
    return cached_while_data_unchanged(f"standing:{buyer.pk}", lambda: _standing_of(buyer))


def _standing_of(buyer: Buyer) -> StandingOfBuyer:
    verdict = buyer_eligibility(buyer=buyer)
    flags = monitoring_flags(buyers=Buyer.objects.filter(pk=buyer.pk)) if buyer.is_active_partner else []
    return StandingOfBuyer(
        standing=buyer_standing(buyer=buyer, verdict=verdict, flags=flags), verdict=verdict, flags=flags
    )

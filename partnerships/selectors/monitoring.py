"""What the data shows about the commitments partners made: flags, and partners at risk."""

from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from buyers.models import Buyer, Contact, FactoryAudit, Sourcing
from buyers.selectors import latest_two_overall_rates, making_progress
from partnerships import constants as codes
from partnerships.models import Commitment, CommitmentRecord


@dataclass(frozen=True)
class MonitoringFlag:
    """Something the data shows that a partner commitment may not be kept.

    A flag is for staff to follow up; it never changes a tier by itself.
    It carries data only: the templates in ``templates/flags/`` (one per
    kind) say it in words and link to its evidence.
    """

    class Kind:
        DROPPED_FACTORY = "dropped_factory"
        AUDITED_FACTORY = "audited_factory"
        NO_ADVISORY_COMMITTEE_REPRESENTATIVE = "no_advisory_committee_representative"
        NO_LIAISON = "no_liaison"

    kind: str
    buyer: Buyer
    commitment_code: str
    # The catalogue entry watched; None only if it was removed from the catalogue.
    commitment: Commitment | None
    # The evidence: the ended sourcing (annotated with ``latest_rate``,
    # ``previous_rate`` and ``is_making_progress`` as they stood when it
    # ended), or the buyer's own audit. Missing roles need no record.
    sourcing: Sourcing | None = None
    audit: FactoryAudit | None = None

    @property
    def commitment_title(self) -> str:
        return self.commitment.title if self.commitment else ""


# The commitment each kind of flag watches.
WATCHED_COMMITMENTS = {
    MonitoringFlag.Kind.DROPPED_FACTORY: codes.NO_DROPPING_FACTORIES,
    MonitoringFlag.Kind.AUDITED_FACTORY: codes.STOP_AUDITING,
    MonitoringFlag.Kind.NO_ADVISORY_COMMITTEE_REPRESENTATIVE: codes.GOVERNANCE,
    MonitoringFlag.Kind.NO_LIAISON: codes.CLEAR_ROLES,
}


def _flag(kind, catalogue, **evidence) -> MonitoringFlag:
    code = WATCHED_COMMITMENTS[kind]
    return MonitoringFlag(kind=kind, commitment_code=code, commitment=catalogue.get(code), **evidence)


def _catalogue() -> dict[str, Commitment]:
    return {c.code: c for c in Commitment.objects.filter(code__in=WATCHED_COMMITMENTS.values())}


def _flagging_endings(sourcings: QuerySet[Sourcing]) -> QuerySet[Sourcing]:
    """The ended sourcings among *sourcings* that raise a dropped-factory
    flag: ended while the buyer was a partner, for compliance results or
    from a factory making progress as it stood on the end date."""
    latest, previous = latest_two_overall_rates(factory=OuterRef("factory"), on_or_before=OuterRef("ended_on"))
    return (
        sourcings.filter(ended_on__isnull=False, ended_on__gte=F("buyer__partner_since"))
        .annotate(latest_rate=latest, previous_rate=previous)
        .annotate(is_making_progress=making_progress())
        .filter(Q(end_reason=Sourcing.EndReason.COMPLIANCE_RESULTS) | Q(is_making_progress=True))
    )


def _dropped_factory_flags(partners, catalogue) -> list[MonitoringFlag]:
    sourcings = (
        _flagging_endings(Sourcing.objects.filter(buyer__in=partners))
        .select_related("buyer", "factory", "ended_by_list")
        .order_by("-ended_on")
    )
    return [
        _flag(MonitoringFlag.Kind.DROPPED_FACTORY, catalogue, buyer=sourcing.buyer, sourcing=sourcing)
        for sourcing in sourcings
    ]


def _audited_factory_flags(partners, catalogue) -> list[MonitoringFlag]:
    audits = (
        FactoryAudit.objects.filter(buyer__in=partners, audited_on__gte=F("buyer__partner_since"))
        .select_related("buyer", "factory__country_programme")
        .order_by("-audited_on")
    )
    return [_flag(MonitoringFlag.Kind.AUDITED_FACTORY, catalogue, buyer=audit.buyer, audit=audit) for audit in audits]


def _has_roles() -> dict[str, Exists]:
    contacts = Contact.objects.filter(buyer=OuterRef("pk"))
    return {
        "has_representative": Exists(contacts.filter(is_advisory_committee_representative=True)),
        "has_liaison": Exists(contacts.filter(is_better_work_liaison=True)),
    }


def _missing_role_flags(partners, catalogue) -> list[MonitoringFlag]:
    buyers = (
        partners.annotate(**_has_roles()).filter(Q(has_representative=False) | Q(has_liaison=False)).order_by("name")
    )
    flags = []
    for buyer in buyers:
        if not buyer.has_representative:
            flags.append(_flag(MonitoringFlag.Kind.NO_ADVISORY_COMMITTEE_REPRESENTATIVE, catalogue, buyer=buyer))
        if not buyer.has_liaison:
            flags.append(_flag(MonitoringFlag.Kind.NO_LIAISON, catalogue, buyer=buyer))
    return flags


def monitoring_flags(*, buyers: QuerySet[Buyer] | None = None) -> list[MonitoringFlag]:
    """Return the monitoring flags of the active partners among *buyers*.

    Some commitments can be watched from the data, not only affirmed
    (the commitments are those of ``partnerships/constants.py``). A flag is
    raised when a partner:

    - ended sourcing from a factory that was making progress, judged on the
      assessments made by the end date, or gave "compliance results" as the
      end reason ("Not dropping or downgrading factories based on compliance
      results (provided the factory is making progress)");
    - is recorded as having audited a programme factory ("Stop auditing
      factories in Better Work programme");
    - has no Advisory Committee representative, or no Better Work liaison,
      among its contacts (governance; clear roles and lines of
      communication).

    Only what happened while the buyer was a partner counts: a participant
    made no such commitment. Four queries whatever the number of buyers.
    """
    partners = (buyers if buyers is not None else Buyer.objects.all()).active_partners()
    catalogue = _catalogue()
    return (
        _dropped_factory_flags(partners, catalogue)
        + _audited_factory_flags(partners, catalogue)
        + _missing_role_flags(partners, catalogue)
    )


def _is_flagged() -> Q:
    """``monitoring_flags``' four tests as one condition on a partner, for
    filtering and counting in SQL: a buyer list's pipeline filter and the
    overview's count read no flag into Python (issue 14: building all 489
    partners at risk with their flags took 120 ms at 10,000 buyers)."""
    roles = _has_roles()
    # The dropped factories as one set of buyers, read once over the ended
    # sourcing of active partners, not probed partner by partner: each
    # probe judges the factory's progress with two subqueries, and
    # PostgreSQL costed the probes at 900,000, past its JIT threshold.
    partners_sourcing = Sourcing.objects.filter(buyer__status=Buyer.Status.ACTIVE, buyer__tier=Buyer.Tier.PARTNER)
    return (
        Q(pk__in=_flagging_endings(partners_sourcing).values("buyer_id"))
        | Q(pk__in=FactoryAudit.objects.filter(audited_on__gte=F("buyer__partner_since")).values("buyer_id"))
        | ~roles["has_representative"]
        | ~roles["has_liaison"]
    )


def _is_breached() -> Exists:
    return Exists(
        CommitmentRecord.objects.filter(
            buyer=OuterRef("pk"), state=CommitmentRecord.State.BREACHED, commitment__is_active=True
        )
    )


def flagged_partners_queryset(buyers: QuerySet[Buyer] | None = None) -> QuerySet[Buyer]:
    """The active partners among *buyers* with at least one monitoring
    flag (``monitoring_flags``), as a queryset: one query to count or page."""
    return (buyers if buyers is not None else Buyer.objects.all()).active_partners().filter(_is_flagged())


def partners_at_risk_queryset(
    buyers: QuerySet[Buyer] | None = None, *, flagged_ids: Collection[int] | None = None
) -> QuerySet[Buyer]:
    """The active partners among *buyers* that ``partners_at_risk`` returns
    (a breached commitment or a monitoring flag), as a queryset without
    their reasons: one query to count or page; ``partners_at_risk`` on the
    page's buyers gives the reasons.

    *flagged_ids*, the ids ``flagged_partners_queryset`` gives when the
    caller has them already (the overview keeps them, as they change with
    the sourcing, audits and contacts, not with the checklists), stands in
    for testing the flags in SQL.
    """
    partners = (buyers if buyers is not None else Buyer.objects.all()).active_partners()
    flagged = _is_flagged() if flagged_ids is None else Q(pk__in=flagged_ids)
    return partners.filter(_is_breached() | flagged)


@dataclass(frozen=True)
class PartnerAtRisk:
    buyer: Buyer
    breached: tuple[str, ...]
    flags: tuple[MonitoringFlag, ...]


def partners_at_risk(*, buyers: QuerySet[Buyer] | None = None) -> list[PartnerAtRisk]:
    """Return the active partners with a breached commitment or a
    monitoring flag, each with its breached commitments and flags.

    Staff may downgrade such a partner to participant, with a rationale;
    the portal never does it by itself. Six queries whatever the size.
    """
    partners = (buyers if buyers is not None else Buyer.objects.all()).active_partners()
    breached: dict[int, list[str]] = {}
    for buyer_id, title in (
        CommitmentRecord.objects.filter(
            buyer__in=partners, state=CommitmentRecord.State.BREACHED, commitment__is_active=True
        )
        .order_by("commitment__position")
        .values_list("buyer_id", "commitment__title")
    ):
        breached.setdefault(buyer_id, []).append(title)
    flags: dict[int, list[MonitoringFlag]] = {}
    for flag in monitoring_flags(buyers=partners):
        flags.setdefault(flag.buyer.pk, []).append(flag)
    at_risk_ids = breached.keys() | flags.keys()
    return [
        PartnerAtRisk(buyer=buyer, breached=tuple(breached.get(buyer.pk, ())), flags=tuple(flags.get(buyer.pk, ())))
        for buyer in partners.filter(pk__in=at_risk_ids).select_related("focal_point").order_by("name")
    ]

"""What the data shows about the commitments partners made: flags, and partners at risk."""

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse

from buyers.models import Buyer, Contact, FactoryAudit, Sourcing
from buyers.selectors import latest_two_overall_rates, making_progress
from partnerships.models import Commitment, CommitmentRecord


@dataclass(frozen=True)
class MonitoringFlag:
    """Something the data shows that a partner commitment may not be kept.

    A flag is for staff to follow up; it never changes a tier by itself.
    """

    class Kind:
        DROPPED_FACTORY = "dropped_factory"
        AUDITED_FACTORY = "audited_factory"
        NO_ADVISORY_COMMITTEE_REPRESENTATIVE = "no_advisory_committee_representative"
        NO_LIAISON = "no_liaison"

    kind: str
    buyer: Buyer
    commitment_code: str
    commitment_title: str
    message: str
    evidence_url: str
    evidence_label: str


def _commitment_titles() -> dict[str, str]:
    return dict(Commitment.objects.values_list("code", "title"))


def _dropped_factory_flags(partners, titles) -> list[MonitoringFlag]:
    latest, previous = latest_two_overall_rates(factory=OuterRef("factory"), on_or_before=OuterRef("ended_on"))
    sourcings = (
        Sourcing.objects.filter(
            buyer__in=partners,
            ended_on__isnull=False,
            ended_on__gte=F("buyer__partner_since"),
        )
        .annotate(latest_rate=latest, previous_rate=previous)
        .annotate(is_making_progress=making_progress())
        .filter(Q(end_reason=Sourcing.EndReason.COMPLIANCE_RESULTS) | Q(is_making_progress=True))
        .select_related("buyer", "factory")
        .order_by("-ended_on")
    )
    flags = []
    for sourcing in sourcings:
        if sourcing.is_making_progress:
            why = (
                f"while it was making progress (overall non-compliance {sourcing.previous_rate:.1f}% → "
                f"{sourcing.latest_rate:.1f}%)"
            )
        else:
            why = "giving compliance results as the reason"
        flags.append(
            MonitoringFlag(
                kind=MonitoringFlag.Kind.DROPPED_FACTORY,
                buyer=sourcing.buyer,
                commitment_code="no-dropping-factories",
                commitment_title=titles.get("no-dropping-factories", ""),
                message=f"Stopped sourcing from {sourcing.factory.name} on {sourcing.ended_on:%d %b %Y} {why}.",
                evidence_url=reverse("admin:buyers_sourcing_change", args=[sourcing.pk]),
                evidence_label="Sourcing record",
            )
        )
    return flags


def _audited_factory_flags(partners, titles) -> list[MonitoringFlag]:
    audits = (
        FactoryAudit.objects.filter(buyer__in=partners, audited_on__gte=F("buyer__partner_since"))
        .select_related("buyer", "factory__country_programme")
        .order_by("-audited_on")
    )
    return [
        MonitoringFlag(
            kind=MonitoringFlag.Kind.AUDITED_FACTORY,
            buyer=audit.buyer,
            commitment_code="stop-auditing",
            commitment_title=titles.get("stop-auditing", ""),
            message=(
                f"Audited {audit.factory.name} ({audit.factory.country_programme}) on "
                f"{audit.audited_on:%d %b %Y}{f' through {audit.auditor}' if audit.auditor else ''}."
            ),
            evidence_url=reverse("admin:buyers_factoryaudit_change", args=[audit.pk]),
            evidence_label="Audit record",
        )
        for audit in audits
    ]


def _missing_role_flags(partners, titles) -> list[MonitoringFlag]:
    contacts = Contact.objects.filter(buyer=OuterRef("pk"))
    buyers = (
        partners.annotate(
            has_representative=Exists(contacts.filter(is_advisory_committee_representative=True)),
            has_liaison=Exists(contacts.filter(is_better_work_liaison=True)),
        )
        .filter(Q(has_representative=False) | Q(has_liaison=False))
        .order_by("name")
    )
    flags = []
    for buyer in buyers:
        contacts_url = reverse("admin:buyers_buyer_change", args=[buyer.pk])
        if not buyer.has_representative:
            flags.append(
                MonitoringFlag(
                    kind=MonitoringFlag.Kind.NO_ADVISORY_COMMITTEE_REPRESENTATIVE,
                    buyer=buyer,
                    commitment_code="governance",
                    commitment_title=titles.get("governance", ""),
                    message="No contact is named as the buyer's Advisory Committee representative.",
                    evidence_url=contacts_url,
                    evidence_label="Contacts",
                )
            )
        if not buyer.has_liaison:
            flags.append(
                MonitoringFlag(
                    kind=MonitoringFlag.Kind.NO_LIAISON,
                    buyer=buyer,
                    commitment_code="clear-roles",
                    commitment_title=titles.get("clear-roles", ""),
                    message="No contact is named as the buyer's Better Work liaison.",
                    evidence_url=contacts_url,
                    evidence_label="Contacts",
                )
            )
    return flags


def monitoring_flags(*, buyers: QuerySet[Buyer] | None = None) -> list[MonitoringFlag]:
    """Return the monitoring flags of the active partners among *buyers*.

    Some commitments can be watched from the data, not only affirmed
    (product.md, "Monitoring the commitments from data"). A flag is raised
    when a partner:

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
    partners = (buyers if buyers is not None else Buyer.objects.all()).filter(
        tier=Buyer.Tier.PARTNER, status=Buyer.Status.ACTIVE
    )
    titles = _commitment_titles()
    return (
        _dropped_factory_flags(partners, titles)
        + _audited_factory_flags(partners, titles)
        + _missing_role_flags(partners, titles)
    )


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
    partners = (buyers if buyers is not None else Buyer.objects.all()).filter(
        tier=Buyer.Tier.PARTNER, status=Buyer.Status.ACTIVE
    )
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

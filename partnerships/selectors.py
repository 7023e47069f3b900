"""Reads of the partnerships app: the eligibility rule and the checklist.

The rule lives here and nowhere else; the admin, the dashboard and the
signup form call it.
"""

from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from buyers.models import Buyer, Contact, FactoryAudit, Sourcing
from buyers.selectors import latest_two_overall_rates, making_progress
from partnerships.models import Commitment, CommitmentRecord

DONE_STATES = (CommitmentRecord.State.AFFIRMED, CommitmentRecord.State.VERIFIED)


@dataclass(frozen=True)
class ChecklistLine:
    """One commitment on a buyer's checklist, with the buyer's record if any."""

    commitment: Commitment
    record: CommitmentRecord | None

    @property
    def state(self) -> str:
        return self.record.state if self.record else CommitmentRecord.State.NOT_YET

    @property
    def state_label(self) -> str:
        return CommitmentRecord.State(self.state).label

    @property
    def is_done(self) -> bool:
        return self.state in DONE_STATES

    @property
    def is_breached(self) -> bool:
        return self.state == CommitmentRecord.State.BREACHED

    @property
    def is_required(self) -> bool:
        return self.commitment.level == Commitment.Level.REQUIRED

    @property
    def is_due_for_review(self) -> bool:
        return bool(self.record and self.record.review_by and self.record.review_by <= timezone.localdate())


@dataclass(frozen=True)
class EligibilityVerdict:
    """The eligibility rule's answer for one buyer, with its reasons."""

    eligible: bool
    missing: tuple[Commitment, ...]
    breached: tuple[Commitment, ...]
    warnings: tuple[str, ...]
    required_done: int
    required_total: int
    checklist: tuple[ChecklistLine, ...] = field(default=(), repr=False)

    @property
    def reasons(self) -> list[str]:
        """Say in plain words why the buyer is not eligible (empty if it is)."""
        reasons = [f"Breached: {c.title}" for c in self.breached]
        reasons += [f"Not yet affirmed: {c.title}" for c in self.missing]
        return reasons

    @property
    def summary(self) -> str:
        if self.eligible:
            return "Eligible for partnership: every required commitment is affirmed or verified."
        parts = []
        if self.breached:
            parts.append(f"{len(self.breached)} breached")
        if self.missing:
            parts.append(f"{len(self.missing)} not yet affirmed")
        return f"Not eligible for partnership: {' and '.join(parts)} of {self.required_total} required commitments."


def active_commitments() -> QuerySet[Commitment]:
    """Return the active catalogue in checklist order, parents before their sub-items."""
    return Commitment.objects.filter(is_active=True).select_related("parent").order_by("position", "code")


def buyer_checklist(*, buyer: Buyer) -> tuple[ChecklistLine, ...]:
    """Return *buyer*'s checklist: one line per active commitment, in order.

    Two queries whatever the catalogue's size: the catalogue and the
    buyer's records (with who changed them).
    """
    records = {
        record.commitment_id: record
        for record in CommitmentRecord.objects.filter(buyer=buyer).select_related("changed_by")
    }
    return tuple(ChecklistLine(commitment=c, record=records.get(c.pk)) for c in active_commitments())


def buyer_eligibility(*, buyer: Buyer) -> EligibilityVerdict:
    """Return the eligibility verdict for *buyer*, with its reasons.

    The rule (seed section IV.3, product.md "The eligibility rule"): a buyer
    is eligible for partnership when every active *required* commitment,
    each sub-item included, is affirmed or verified, and none is breached.
    "Buyers unwilling to meet the above commitments are not eligible for
    partnership and should engage as participants."

    Warnings never block: an encouraged commitment not taken up, a record
    due for review, a commitment affirmed but not yet verified, no sourcing
    from programme factories yet. The rule reads the active catalogue, so
    adding or retiring a commitment needs no code change. The same rule
    over a whole list is ``buyers_with_eligibility``.
    """
    checklist = buyer_checklist(buyer=buyer)
    required = [line for line in checklist if line.is_required]
    missing = tuple(line.commitment for line in required if not line.is_done and not line.is_breached)
    breached = tuple(line.commitment for line in required if line.is_breached)

    warnings = []
    for line in checklist:
        if not line.is_required and not line.is_done:
            if line.is_breached:
                warnings.append(f"Encouraged commitment breached: {line.commitment.title}")
            else:
                warnings.append(f"Encouraged, not yet taken up: {line.commitment.title}")
    unverified = [line for line in required if line.state == CommitmentRecord.State.AFFIRMED]
    if unverified:
        warnings.append(
            f"{len(unverified)} of {len(required)} required commitments are affirmed by the buyer "
            "but not yet verified by staff."
        )
    due = [line for line in checklist if line.is_due_for_review]
    if due:
        warnings.append(f"{len(due)} checklist records are due for review.")
    if not buyer.sourcings.filter(ended_on__isnull=True).exists():
        warnings.append("No participation history yet: no current sourcing from programme factories is recorded.")

    return EligibilityVerdict(
        eligible=not missing and not breached,
        missing=missing,
        breached=breached,
        warnings=tuple(warnings),
        required_done=len(required) - len(missing) - len(breached),
        required_total=len(required),
        checklist=checklist,
    )


def _count_of_records(**filters) -> Coalesce:
    records = (
        CommitmentRecord.objects.filter(
            buyer=OuterRef("pk"),
            commitment__is_active=True,
            commitment__level=Commitment.Level.REQUIRED,
            **filters,
        )
        .order_by()
        .values("buyer")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(records, output_field=IntegerField()), 0)


def buyers_with_eligibility(queryset: QuerySet[Buyer] | None = None) -> QuerySet[Buyer]:
    """Annotate every buyer with the eligibility rule, in the list's own query.

    Adds ``required_total``, ``required_done``, ``required_breached``,
    ``completion`` (per cent of required commitments done) and
    ``is_eligible``, each a correlated subquery, so a list of any length
    costs one query and can be filtered and sorted by them. The rule is the
    one ``buyer_eligibility`` states; the tests hold the two to agreement.
    """
    if queryset is None:
        queryset = Buyer.objects.all()
    required_total = (
        Commitment.objects.filter(is_active=True, level=Commitment.Level.REQUIRED)
        .order_by()
        .values("level")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        required_total=Coalesce(Subquery(required_total, output_field=IntegerField()), 0),
        required_done=_count_of_records(state__in=DONE_STATES),
        required_breached=_count_of_records(state=CommitmentRecord.State.BREACHED),
    ).annotate(
        is_eligible=Case(
            When(Q(required_done__gte=F("required_total"), required_breached=0), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        completion=Case(
            When(required_total=0, then=Value(100)),
            default=ExpressionWrapper(F("required_done") * 100 / F("required_total"), output_field=IntegerField()),
            output_field=IntegerField(),
        ),
    )


def participants_ready_to_graduate(queryset: QuerySet[Buyer] | None = None) -> QuerySet[Buyer]:
    """Return active participants the eligibility rule finds eligible.

    "After becoming familiar with how we work, buyers may like to graduate
    to become one of our buyer partners" (seed section IV.1).
    """
    return buyers_with_eligibility(queryset).filter(
        tier=Buyer.Tier.PARTICIPANT, status=Buyer.Status.ACTIVE, is_eligible=True
    )


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

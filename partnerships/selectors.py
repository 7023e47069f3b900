"""Reads of the partnerships app: the eligibility rule and the checklist.

The rule lives here and nowhere else; the admin, the dashboard and the
signup form call it.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Lag
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator

from buyers.models import Buyer, Contact, FactoryAudit, Sourcing
from buyers.selectors import latest_two_overall_rates, making_progress, subquery_count
from partnerships.models import Commitment, CommitmentRecord, PartnershipDecision

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
    return subquery_count(
        CommitmentRecord.objects.filter(
            buyer=OuterRef("pk"),
            commitment__is_active=True,
            commitment__level=Commitment.Level.REQUIRED,
            **filters,
        )
    )


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
    return queryset.annotate(
        required_total=subquery_count(Commitment.objects.filter(is_active=True, level=Commitment.Level.REQUIRED)),
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


# Staff dashboard reads
# ------------------------------------------------------------------------------


def buyers_for_dashboard(queryset: QuerySet[Buyer] | None = None) -> QuerySet[Buyer]:
    """Return buyers for the staff list, in one query, ordered by name.

    Each buyer carries the annotations of ``buyers_with_eligibility``, its
    focal point, and ``current_sourcing_count``: the programme factories it
    sources from now.
    """
    if queryset is None:
        queryset = Buyer.objects.all()
    current = Sourcing.objects.filter(buyer=OuterRef("pk"), ended_on__isnull=True)
    return (
        buyers_with_eligibility(queryset.select_related("focal_point"))
        .annotate(current_sourcing_count=subquery_count(current))
        .order_by("name", "pk")
    )


@dataclass(frozen=True)
class TierMixYear:
    """How many of today's active buyers were participants and partners at
    the end of *year* (or today, for the current year)."""

    year: int
    participants: int
    partners: int
    to_date: bool


@dataclass(frozen=True)
class CompletionBin:
    """How many active buyers have exactly *done* required commitments
    affirmed or verified."""

    done: int
    participants: int
    partners: int


@dataclass(frozen=True)
class BuyerOverview:
    """The figures of the dashboard overview that come from the buyers."""

    participants: int
    partners: int
    withdrawn: int
    required_total: int
    completion: tuple[CompletionBin, ...]
    tier_mix: tuple[TierMixYear, ...]
    recent_decisions: tuple[PartnershipDecision, ...]


def _tier_changes(*, joined_on, partner_since, decisions) -> tuple[str, list[tuple[datetime.date, str]]]:
    """Return a buyer's tier when it joined and its later changes of tier.

    Decisions are the record of every change of tier made in the portal. A
    buyer entered as a partner has none: its partner-since date is the
    change. *decisions* are the buyer's, oldest first.
    """
    changes = [(timezone.localdate(d.decided_at), d.to_tier) for d in decisions if d.from_tier != d.to_tier]
    if changes:
        first = next(d for d in decisions if d.from_tier != d.to_tier)
        return first.from_tier, changes
    if partner_since is not None:
        return Buyer.Tier.PARTICIPANT, [(max(partner_since, joined_on), Buyer.Tier.PARTNER)]
    return Buyer.Tier.PARTICIPANT, []


def _tier_on(day, *, joined_on, start, changes) -> str | None:
    if day < joined_on:
        return None
    tier = start
    for changed_on, to_tier in changes:
        if changed_on <= day:
            tier = to_tier
    return tier


def buyer_overview(*, today: datetime.date | None = None, years: int = 10, recent: int = 8) -> BuyerOverview:
    """Return the counts, checklist distribution, tier mix over the years
    and latest decisions shown on the dashboard overview. Two queries.

    Counts: active participants, active partners, withdrawn buyers (of
    either tier). The checklist distribution and the tier mix cover active
    buyers only. The tier mix shows each buyer's tier at the end of each of
    the last *years* years, rebuilt from its joined date, its partnership
    decisions and, for buyers entered as partners, its partner-since date.
    Withdrawn buyers are left out of it: the date they withdrew is not
    recorded, so their past cannot be placed.
    """
    today = today or timezone.localdate()
    buyers = list(
        buyers_with_eligibility(Buyer.objects.order_by()).values_list(
            "pk", "tier", "status", "joined_on", "partner_since", "required_done", "required_total"
        )
    )
    decisions = list(PartnershipDecision.objects.select_related("buyer", "decided_by").order_by("-decided_at", "-pk"))
    decisions_of: dict[int, list[PartnershipDecision]] = {}
    for decision in reversed(decisions):
        decisions_of.setdefault(decision.buyer_id, []).append(decision)

    active = [row for row in buyers if row[2] == Buyer.Status.ACTIVE]
    required_total = buyers[0][6] if buyers else 0
    bins = {done: [0, 0] for done in range(required_total + 1)}
    for _pk, tier, _status, _joined, _since, done, _total in active:
        bins[min(done, required_total)][tier == Buyer.Tier.PARTNER] += 1

    histories = [
        (joined_on, *_tier_changes(joined_on=joined_on, partner_since=since, decisions=decisions_of.get(pk, [])))
        for pk, _tier, _status, joined_on, since, _done, _total in active
    ]
    first_year = min((joined_on.year for joined_on, _start, _changes in histories), default=today.year)
    tier_mix = []
    for year in range(max(first_year, today.year - years + 1), today.year + 1):
        day = today if year == today.year else datetime.date(year, 12, 31)
        tiers = [_tier_on(day, joined_on=j, start=start, changes=changes) for j, start, changes in histories]
        tier_mix.append(
            TierMixYear(
                year=year,
                participants=tiers.count(Buyer.Tier.PARTICIPANT),
                partners=tiers.count(Buyer.Tier.PARTNER),
                to_date=year == today.year,
            )
        )

    return BuyerOverview(
        participants=sum(1 for row in active if row[1] == Buyer.Tier.PARTICIPANT),
        partners=sum(1 for row in active if row[1] == Buyer.Tier.PARTNER),
        withdrawn=sum(1 for row in buyers if row[2] == Buyer.Status.WITHDRAWN),
        required_total=required_total,
        completion=tuple(CompletionBin(done=done, participants=p, partners=q) for done, (p, q) in bins.items()),
        tier_mix=tuple(tier_mix),
        recent_decisions=tuple(decisions[:recent]),
    )


@dataclass(frozen=True)
class TimelineEvent:
    """One step of a buyer's way through the programme."""

    on: datetime.date
    kind: str
    title: str
    detail: str = ""
    by: Any = None
    tiers: str = ""


def buyer_decision_timeline(*, buyer: Buyer) -> list[TimelineEvent]:
    """Return *buyer*'s timeline, latest first: when it joined, every
    partnership decision (outcome, tiers, rationale, who), and its
    partner-since date when no decision on file explains it (a buyer
    entered as a partner). One query."""
    decisions = list(buyer.partnership_decisions.select_related("decided_by").order_by("decided_at", "pk"))
    events = [TimelineEvent(on=buyer.joined_on, kind="joined", title="Began working with the programme")]
    for decision in decisions:
        events.append(
            TimelineEvent(
                on=timezone.localdate(decision.decided_at),
                kind=decision.outcome,
                title=decision.get_outcome_display(),
                detail=decision.rationale,
                by=decision.decided_by,
                tiers=f"{decision.get_from_tier_display()} → {decision.get_to_tier_display()}",
            )
        )
    explained = any(
        d.to_tier == Buyer.Tier.PARTNER and timezone.localdate(d.decided_at) == buyer.partner_since for d in decisions
    )
    if buyer.partner_since and not explained:
        events.append(
            TimelineEvent(
                on=buyer.partner_since,
                kind="partner_since",
                title="Partner since",
                detail="Entered with the buyer's record; no partnership decision on file explains it.",
            )
        )
    # Stable sort: on one day, the order above (joined, decisions) holds.
    events.sort(key=lambda event: event.on)
    return events[::-1]


@dataclass(frozen=True)
class ChangeEntry:
    """One saved change to a buyer's profile or checklist, and who made it."""

    changed_at: datetime.datetime
    changed_by: Any
    subject: str
    action: str
    changes: tuple[str, ...]


_BUYER_HISTORY_FIELDS = (
    "name",
    "tier",
    "status",
    "headquarters_country",
    "website",
    "joined_on",
    "partner_since",
    "focal_point",
    "public_listing_consent",
    "notes",
)
_RECORD_HISTORY_FIELDS = ("state", "source", "evidence", "review_by")
_LONG_TEXT_FIELDS = {"notes", "evidence"}


def _shown(model, name, value) -> str:
    """Return *value* of *model*'s field *name* as staff read it."""
    if value is None or value == "":
        return "—"
    if hasattr(value, "code") and hasattr(value, "name"):  # a country
        return value.name
    field = model._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.date):
        return date_format(value, "j M Y")
    if hasattr(value, "get_username"):
        return value.get_full_name() or value.get_username()
    if name in _LONG_TEXT_FIELDS:
        return f"“{Truncator(value).chars(80)}”"
    return str(getattr(value, "name", value))


def _compared(row, name):
    """Return what to compare of a historical row's field (the id of a
    related object, not the object, which may be gone)."""
    field = row._meta.get_field(name)
    return getattr(row, field.attname)


def _buyer_changes(rows, *, limit) -> list[ChangeEntry]:
    """Return the changes shown by the latest *limit* of *rows* (one buyer's
    history, latest first, one row more than *limit* when there is one to
    compare the last shown with)."""
    entries = []
    for index, row in enumerate(rows[:limit]):
        previous = rows[index + 1] if index + 1 < len(rows) else None
        if row.history_type == "+" or previous is None and row.history_type != "-":
            action = "Added" if row.history_type == "+" else "Changed"
            changes = (
                f"{row.get_tier_display()}, {row.get_status_display().lower()}",
                f"Joined {_shown(Buyer, 'joined_on', row.joined_on)}",
            )
        elif row.history_type == "-":
            action, changes = "Deleted", ()
        else:
            action = "Changed"
            changes = tuple(
                f"{Buyer._meta.get_field(name).verbose_name.capitalize()}: "
                + (
                    _shown(Buyer, name, getattr(row, name))
                    if name in _LONG_TEXT_FIELDS
                    else f"{_shown(Buyer, name, getattr(previous, name))} → {_shown(Buyer, name, getattr(row, name))}"
                )
                for name in _BUYER_HISTORY_FIELDS
                if _compared(row, name) != _compared(previous, name)
            )
            if not changes:
                continue
        entries.append(
            ChangeEntry(
                changed_at=row.history_date,
                changed_by=row.history_user,
                subject="Profile",
                action=action,
                changes=changes,
            )
        )
    return entries


def _previous(name):
    """Return the value *name* had in the same record's previous version."""
    return Window(Lag(name), partition_by=[F("id")], order_by=[F("history_date").asc(), F("history_id").asc()])


def _record_changes(rows) -> list[ChangeEntry]:
    entries = []
    for row in rows:
        if row.history_type == "-":
            action, changes = "Deleted", ()
        elif row.history_type == "+":
            action = "Recorded"
            changes = tuple(
                f"{CommitmentRecord._meta.get_field(name).verbose_name.capitalize()}: "
                f"{_shown(CommitmentRecord, name, getattr(row, name))}"
                for name in _RECORD_HISTORY_FIELDS
                if getattr(row, name) not in (None, "")
            )
        else:
            action = "Changed"
            changes = tuple(
                f"{CommitmentRecord._meta.get_field(name).verbose_name.capitalize()}: "
                + (
                    _shown(CommitmentRecord, name, getattr(row, name))
                    if name in _LONG_TEXT_FIELDS
                    else (
                        f"{_shown(CommitmentRecord, name, getattr(row, f'previous_{name}'))} → "
                        f"{_shown(CommitmentRecord, name, getattr(row, name))}"
                    )
                )
                for name in _RECORD_HISTORY_FIELDS
                if getattr(row, name) != getattr(row, f"previous_{name}")
            )
            if not changes:
                continue
        entries.append(
            ChangeEntry(
                changed_at=row.history_date,
                changed_by=row.history_user or row.changed_by,
                subject=row.commitment.title if row.commitment else "A retired commitment",
                action=action,
                changes=changes,
            )
        )
    return entries


def buyer_change_history(*, buyer: Buyer, limit: int = 20) -> list[ChangeEntry]:
    """Return the latest *limit* changes to *buyer*'s profile and checklist,
    latest first, each with who made it and what changed. Two queries.

    Read from django-simple-history: the buyer's history and its
    commitment records' history. Each change is compared with the version
    before it; a save that changed none of the fields staff read is left
    out. The person is the one signed in when the change was saved, or for
    a checklist line changed outside a request (a service, a script) the
    person the line names as having changed it. ``None`` when neither is
    known.
    """
    buyer_rows = list(
        buyer.history.select_related("history_user", "focal_point").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    entries = _buyer_changes(buyer_rows, limit=limit)
    record_rows = (
        CommitmentRecord.history.filter(buyer_id=buyer.pk)
        .select_related("history_user", "changed_by", "commitment")
        .annotate(**{f"previous_{name}": _previous(name) for name in _RECORD_HISTORY_FIELDS})
        .order_by("-history_date", "-history_id")[:limit]
    )
    entries += _record_changes(list(record_rows))
    entries.sort(key=lambda entry: entry.changed_at, reverse=True)
    return entries[:limit]


# Public pages and the signup form
# ------------------------------------------------------------------------------


def missing_required_commitments(*, affirmed_codes) -> tuple[Commitment, ...]:
    """Return the active required commitments not among *affirmed_codes*,
    in checklist order (empty when the partner rule is met).

    The eligibility rule of ``buyer_eligibility`` applied to what a signup
    form affirmed: every active required commitment, each sub-item
    included, must be affirmed. "Buyers unwilling to meet the above
    commitments are not eligible for partnership and should engage as
    participants" (seed section IV.3). Each affirmed code counts as an
    affirmed checklist line, so the two callers share ``ChecklistLine``'s
    notion of required and done. Unknown or retired codes count for
    nothing. One query.
    """
    affirmed = set(affirmed_codes)
    checklist = tuple(
        ChecklistLine(
            commitment=commitment,
            record=CommitmentRecord(commitment=commitment, state=CommitmentRecord.State.AFFIRMED)
            if commitment.code in affirmed
            else None,
        )
        for commitment in active_commitments()
    )
    return tuple(line.commitment for line in checklist if line.is_required and not line.is_done)


def commitment_outline() -> tuple[tuple[Commitment, tuple[Commitment, ...]], ...]:
    """Return the active catalogue as ``(commitment, sub_items)`` pairs, top
    level in checklist order, each with its active sub-items: seed section
    IV.3 as the public page and the signup form show it. One query.
    """
    commitments = list(active_commitments())
    children: dict[int, list[Commitment]] = {}
    for commitment in commitments:
        if commitment.parent_id is not None:
            children.setdefault(commitment.parent_id, []).append(commitment)
    return tuple(
        (commitment, tuple(children.get(commitment.pk, ())))
        for commitment in commitments
        if commitment.parent_id is None or not commitment.parent.is_active
    )

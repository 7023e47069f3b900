"""The eligibility rule, for one buyer and for a whole list."""

from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from buyers.models import Buyer
from buyers.selectors import subquery_count
from partnerships.models import ChecklistSummary, Commitment, CommitmentRecord
from partnerships.selectors.catalogue import active_commitments
from partnerships.selectors.checklist import DONE_STATES, ChecklistLine, buyer_checklist


def completion_percent(*, done: int, total: int) -> int:
    """Return the share of required commitments done, in whole per cent,
    rounded down: 8 of 9 is 88, not 89, so that no buyer reads 100 before
    every line is done. ``buyers_with_eligibility`` computes the same in SQL
    (integer division); the tests hold the two to agreement."""
    return done * 100 // total if total else 100


@dataclass(frozen=True)
class VerdictWarning:
    """Something worth knowing about a verdict that does not block it.

    Data only; ``templates/eligibility/_warning.html`` says it in words.
    """

    class Kind:
        ENCOURAGED_BREACHED = "encouraged_breached"
        ENCOURAGED_NOT_TAKEN_UP = "encouraged_not_taken_up"
        AFFIRMED_NOT_VERIFIED = "affirmed_not_verified"
        DUE_FOR_REVIEW = "due_for_review"
        NO_PARTICIPATION = "no_participation"

    kind: str
    commitment: Commitment | None = None
    count: int = 0
    of: int = 0


@dataclass(frozen=True)
class EligibilityVerdict:
    """The eligibility rule's answer for one buyer, with its reasons: the
    commitments missing and breached. ``templates/eligibility/`` says it in
    words."""

    eligible: bool
    missing: tuple[Commitment, ...]
    breached: tuple[Commitment, ...]
    warnings: tuple[VerdictWarning, ...]
    required_done: int
    required_total: int
    checklist: tuple[ChecklistLine, ...] = field(default=(), repr=False)

    @property
    def completion(self) -> int:
        return completion_percent(done=self.required_done, total=self.required_total)


def buyer_eligibility(*, buyer: Buyer) -> EligibilityVerdict:
    """Return the eligibility verdict for *buyer*, with its reasons.

    The rule (``docs/buyer-guide.md``, IV.3; ``docs/architecture.md``): a buyer
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

    Kind = VerdictWarning.Kind
    warnings = [
        VerdictWarning(Kind.ENCOURAGED_BREACHED if line.is_breached else Kind.ENCOURAGED_NOT_TAKEN_UP, line.commitment)
        for line in checklist
        if not line.is_required and not line.is_done
    ]
    unverified = [line for line in required if line.state == CommitmentRecord.State.AFFIRMED]
    if unverified:
        warnings.append(VerdictWarning(Kind.AFFIRMED_NOT_VERIFIED, count=len(unverified), of=len(required)))
    due = [line for line in checklist if line.is_due_for_review]
    if due:
        warnings.append(VerdictWarning(Kind.DUE_FOR_REVIEW, count=len(due)))
    if not buyer.sourcings.filter(ended_on__isnull=True).exists():
        warnings.append(VerdictWarning(Kind.NO_PARTICIPATION))

    return EligibilityVerdict(
        eligible=not missing and not breached,
        missing=missing,
        breached=breached,
        warnings=tuple(warnings),
        required_done=len(required) - len(missing) - len(breached),
        required_total=len(required),
        checklist=checklist,
    )


# A buyer with no record that counts.
NOTHING_DONE = (0, 0)


def required_record_counts(*, buyer_ids=None) -> dict[int, tuple[int, int]]:
    """Return, per buyer with any, how many active required commitments it
    has affirmed or verified, and how many breached: ``{buyer_id: (done,
    breached)}``, for *buyer_ids* or every buyer. One grouped query.

    These are the figures the eligibility rule of ``buyer_eligibility``
    turns on (one record per buyer and commitment, so *done* equals the
    number of active required commitments exactly when the buyer is
    eligible). ``partnerships/services/checklist_summaries.py`` keeps them
    in ``ChecklistSummary`` rows, which ``buyers_with_eligibility`` reads.
    """
    records = CommitmentRecord.objects.filter(commitment__is_active=True, commitment__level=Commitment.Level.REQUIRED)
    if buyer_ids is not None:
        records = records.filter(buyer_id__in=buyer_ids)
    return {
        buyer_id: (done, breached)
        for buyer_id, done, breached in records.order_by()
        .values("buyer_id")
        .annotate(
            done=Count("pk", filter=Q(state__in=DONE_STATES)),
            breached=Count("pk", filter=Q(state=CommitmentRecord.State.BREACHED)),
        )
        .values_list("buyer_id", "done", "breached")
    }


def stale_checklist_summaries(*, buyer_ids=None) -> dict[int, tuple[tuple[int, int], tuple[int, int]]]:
    """Return the buyers among *buyer_ids* (every buyer when ``None``)
    whose summary disagrees with their records, as ``{buyer_id: (stored,
    counted)}``: empty when all hold. Two queries. What
    ``refresh_checklist_summaries`` writes, and what the tests
    (``tests/conftest.py``) and the ``refresh_checklist_summaries``
    command's ``--check`` report."""
    counts = required_record_counts(buyer_ids=buyer_ids)
    stored = ChecklistSummary.objects.order_by()
    if buyer_ids is not None:
        stored = stored.filter(buyer_id__in=buyer_ids)
    current = {
        buyer_id: (done, breached)
        for buyer_id, done, breached in stored.values_list("buyer_id", "required_done", "required_breached")
    }
    return {
        buyer_id: (current.get(buyer_id, NOTHING_DONE), counts.get(buyer_id, NOTHING_DONE))
        for buyer_id in counts.keys() | current.keys()
        if current.get(buyer_id, NOTHING_DONE) != counts.get(buyer_id, NOTHING_DONE)
    }


def buyers_with_eligibility(queryset: QuerySet[Buyer] | None = None) -> QuerySet[Buyer]:
    """Annotate every buyer with the eligibility rule, in the list's own query.

    Adds ``required_total``, ``required_done``, ``required_breached``,
    ``completion`` (``completion_percent`` in SQL), ``is_eligible`` and
    ``is_ready_to_graduate`` (an active participant that is eligible), so a
    list of any length costs one query and can be filtered and sorted by
    them. The rule is the one ``buyer_eligibility`` states; the tests hold
    the two to agreement.

    The figures come from each buyer's ``ChecklistSummary`` row (a buyer
    without one has nothing done or breached), joined in, and the size of
    the active catalogue, counted once per query: no per-buyer subquery,
    so PostgreSQL plans 10,000 buyers as one hash join (issue 14: as
    correlated subqueries over the records, 360 ms, and past the cost at
    which PostgreSQL compiles a plan with JIT).
    """
    if queryset is None:
        queryset = Buyer.objects.all()
    return (
        queryset.annotate(
            required_total=subquery_count(Commitment.objects.filter(is_active=True, level=Commitment.Level.REQUIRED)),
            required_done=Coalesce(F("checklist_summary__required_done"), 0),
            required_breached=Coalesce(F("checklist_summary__required_breached"), 0),
        )
        .annotate(
            is_eligible=ExpressionWrapper(Q(required_done__gte=F("required_total")), output_field=BooleanField()),
            # Integer division rounds down, as completion_percent does.
            completion=Case(
                When(required_total=0, then=Value(100)),
                default=ExpressionWrapper(F("required_done") * 100 / F("required_total"), output_field=IntegerField()),
                output_field=IntegerField(),
            ),
        )
        .annotate(
            is_ready_to_graduate=Case(
                When(
                    Q(is_eligible=True, tier=Buyer.Tier.PARTICIPANT, status=Buyer.Status.ACTIVE),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
    )


def participants_ready_to_graduate(queryset: QuerySet[Buyer] | None = None) -> QuerySet[Buyer]:
    """Return active participants the eligibility rule finds eligible.

    "After becoming familiar with how we work, buyers may like to graduate
    to become one of our buyer partners" (``docs/buyer-guide.md``, IV.1).
    """
    return buyers_with_eligibility(queryset).filter(is_ready_to_graduate=True)


def missing_required_commitments(*, affirmed_codes) -> tuple[Commitment, ...]:
    """Return the active required commitments not among *affirmed_codes*,
    in checklist order (empty when the partner rule is met).

    The eligibility rule of ``buyer_eligibility`` applied to what a signup
    form affirmed: every active required commitment, each sub-item
    included, must be affirmed. "Buyers unwilling to meet the above
    commitments are not eligible for partnership and should engage as
    participants" (``docs/buyer-guide.md``, IV.3). Each affirmed code counts as an
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

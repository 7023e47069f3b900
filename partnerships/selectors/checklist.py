"""A buyer's commitment checklist: one line per active commitment."""

from dataclasses import dataclass

from django.utils import timezone

from buyers.models import Buyer
from partnerships.models import Commitment, CommitmentRecord
from partnerships.selectors.catalogue import active_commitments

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


def buyer_checklist(*, buyer: Buyer) -> tuple[ChecklistLine, ...]:
    """Return *buyer*'s checklist: one line per active commitment, in order.

    Two queries whatever the catalogue's size: the catalogue and the
    buyer's records (with who changed them and the interaction cited as
    evidence), and a third for the programmes of the interactions cited,
    when any is.
    """
    records = {
        record.commitment_id: record
        for record in CommitmentRecord.objects.filter(buyer=buyer)
        .select_related("changed_by", "evidence_interaction")
        .prefetch_related("evidence_interaction__country_programmes")
    }
    return tuple(ChecklistLine(commitment=c, record=records.get(c.pk)) for c in active_commitments())

import pytest

from partnerships.models import Commitment, CommitmentRecord
from tests.factories import CommitmentRecordFactory


@pytest.fixture
def fill_checklist(db):
    """Return a function that gives *buyer* a record in *state* for every
    active commitment, with per-code overrides (``None`` = no record)."""

    def fill(buyer, state=CommitmentRecord.State.AFFIRMED, **overrides):
        for commitment in Commitment.objects.filter(is_active=True):
            record_state = overrides.get(commitment.code.replace("-", "_"), state)
            if record_state is not None:
                CommitmentRecordFactory(buyer=buyer, commitment=commitment, state=record_state)
        return buyer

    return fill

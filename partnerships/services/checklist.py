"""Changes to a buyer's commitment checklist."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from buyers.models import Buyer
from buyers.services import check_buyer_version, count_buyer_change, lock_buyer
from partnerships.models import CommitmentRecord, Interaction
from partnerships.selectors import buyer_changes_since
from partnerships.services.checklist_summaries import refresh_checklist_summaries

CHECKLIST_PERMISSION = "partnerships.change_commitmentrecord"


def check_recordable(commitments) -> None:
    """Raise ``ValidationError`` naming the retired commitments among
    *commitments*: a retired commitment is kept for the record, never
    recorded again. Forms call it to say so beside the field."""
    retired = [c.title for c in commitments if not c.is_active]
    if retired:
        raise ValidationError(f"Retired commitments cannot be recorded: {'; '.join(retired)}")


@transaction.atomic
def record_commitment_states(
    *,
    buyer: Buyer,
    commitments,
    state: str,
    changed_by,
    evidence: str = "",
    source: str = "",
    review_by: datetime.date | None = None,
    page_version: str | None = None,
    evidence_interaction: Interaction | None = None,
) -> list[CommitmentRecord]:
    """Set *buyer*'s state on each of *commitments* at once, with one
    evidence note: e.g. "all affirmed, from the signed partnership letter".

    Creates the records that do not exist yet; each change is kept in the
    records' history. A record whose state, evidence, source and review
    date are already those given is left untouched. Returns the records
    changed.

    The buyer's row is locked; with *page_version* (the token of the page
    the change was made on, ``buyers.services.page_version``) a page drawn
    before another save of the buyer is refused, and nothing is written.
    Each call that changes a line counts a change of the buyer's version.
    *evidence_interaction*, one of the buyer's logged interactions, is cited
    as the evidence: the checklist line then names it.

    Raises ``PermissionDenied`` unless *changed_by* has
    ``partnerships.change_commitmentrecord``, and ``ValidationError`` for an
    unknown state or a retired commitment.
    """
    if not changed_by.has_perm(CHECKLIST_PERMISSION):
        raise PermissionDenied("You do not have permission to change commitment checklists.")
    return _record_states(
        buyer=buyer,
        commitments=commitments,
        state=state,
        changed_by=changed_by,
        evidence=evidence,
        source=source,
        review_by=review_by,
        page_version=page_version,
        evidence_interaction=evidence_interaction,
    )


@transaction.atomic
def record_signup_affirmations(*, buyer: Buyer, commitments, accepted_by, evidence: str) -> list[CommitmentRecord]:
    """Record the commitments a buyer affirmed on its signup form, as
    *affirmed* lines with source *signup form*, when its request is
    accepted (``accept_signup_request``).

    Accepting records what the buyer said, it does not judge it, so the
    acceptance's own permission (reviewing signups) covers these lines;
    verifying or breaching them is a checklist change like any other.
    """
    return _record_states(
        buyer=buyer,
        commitments=commitments,
        state=CommitmentRecord.State.AFFIRMED,
        changed_by=accepted_by,
        evidence=evidence,
        source=CommitmentRecord.Source.SIGNUP_FORM,
    )


def _record_states(
    *,
    buyer,
    commitments,
    state,
    changed_by,
    evidence="",
    source="",
    review_by=None,
    page_version=None,
    evidence_interaction=None,
):
    if state not in CommitmentRecord.State.values:
        raise ValidationError({"state": f"Unknown checklist state “{state}”."})
    if evidence_interaction is not None:
        if evidence_interaction.buyer_id != buyer.pk:
            raise ValidationError({"evidence_interaction": "Cite one of this buyer's own interactions."})
        source = source or CommitmentRecord.Source.INTERACTION
    commitments = list(commitments)
    check_recordable(commitments)
    locked = lock_buyer(buyer_id=buyer.pk)
    if page_version is not None:
        check_buyer_version(buyer=locked, token=page_version, changes_since=buyer_changes_since)

    existing = {
        r.commitment_id: r
        for r in CommitmentRecord.objects.select_for_update().filter(buyer=buyer, commitment__in=commitments)
    }
    now = timezone.now()
    changed = []
    for commitment in commitments:
        record = existing.get(commitment.pk) or CommitmentRecord(buyer=buyer, commitment=commitment)
        unchanged = (
            record.state,
            record.evidence,
            record.source,
            record.review_by,
            record.evidence_interaction_id,
        ) == (state, evidence, source, review_by, evidence_interaction.pk if evidence_interaction else None)
        if record.pk and unchanged:
            continue
        record.state = state
        record.evidence = evidence
        record.source = source
        record.review_by = review_by
        record.evidence_interaction = evidence_interaction
        record.changed_by = changed_by
        record.changed_at = now
        record.full_clean()
        record.save()
        changed.append(record)
    if changed:
        refresh_checklist_summaries(buyer_ids=[buyer.pk])
        count_buyer_change(buyer=locked)
        buyer.version = locked.version
    return changed


def record_checklist_line(
    *, line: CommitmentRecord, changed_by, page_version: str | None = None
) -> list[CommitmentRecord]:
    """Record one checklist line as a form edited it: *line* is an unsaved
    or changed ``CommitmentRecord`` (the admin's record page and the buyer
    page's checklist inline), recorded through ``record_commitment_states``
    so that who changed it and when are kept the same way."""
    return record_commitment_states(
        buyer=line.buyer,
        commitments=[line.commitment],
        state=line.state,
        evidence=line.evidence,
        source=line.source,
        review_by=line.review_by,
        changed_by=changed_by,
        page_version=page_version,
        evidence_interaction=line.evidence_interaction,
    )

"""Each buyer's checklist summary stays true to its records and the
catalogue, through every service that changes them."""

import io
import threading
import time

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerships.models import ChecklistSummary, Commitment, CommitmentRecord
from partnerships.selectors import buyer_eligibility, buyers_with_eligibility, stale_checklist_summaries
from partnerships.services import (
    load_catalogues,
    record_commitment_states,
    refresh_checklist_summaries,
    save_commitment,
)
from tests.factories import BuyerFactory, UserFactory

pytestmark = pytest.mark.django_db

State = CommitmentRecord.State


@pytest.fixture
def editor(db):
    return UserFactory(
        staff=True,
        permissions=["partnerships.change_commitmentrecord", "partnerships.change_commitment"],
    )


def _summary(buyer):
    row = ChecklistSummary.objects.filter(buyer=buyer).first()
    return (row.required_done, row.required_breached) if row else None


def _record(buyer, codes, state, editor, **extra):
    return record_commitment_states(
        buyer=buyer, commitments=Commitment.objects.filter(code__in=codes), state=state, changed_by=editor, **extra
    )


def test_a_checklist_change_sums_up_its_buyers_required_lines(editor):
    buyer = BuyerFactory()

    _record(buyer, ["governance", "stop-auditing", "clear-roles"], State.VERIFIED, editor)
    _record(buyer, ["time-to-improve"], State.BREACHED, editor)
    # Encouraged, so not counted.
    _record(buyer, ["sourcing-practices"], State.AFFIRMED, editor)

    assert _summary(buyer) == (3, 1)


def test_a_line_set_back_to_not_yet_is_no_longer_counted(editor):
    buyer = BuyerFactory()
    _record(buyer, ["governance", "stop-auditing"], State.AFFIRMED, editor)

    _record(buyer, ["governance"], State.NOT_YET, editor)

    assert _summary(buyer) == (1, 0)


def test_a_change_of_evidence_alone_leaves_the_summary_unwritten(editor):
    buyer = BuyerFactory()
    _record(buyer, ["governance"], State.AFFIRMED, editor, evidence="Said so on the call.")

    # Counted and compared, not written: the figures kept under the
    # summaries' table version stay kept.
    with CaptureQueriesContext(connection) as queries:
        _record(buyer, ["governance"], State.AFFIRMED, editor, evidence="Confirmed in the signed letter.")

    assert not [q["sql"] for q in queries if "checklistsummary" in q["sql"] and not q["sql"].startswith("SELECT")]
    assert _summary(buyer) == (1, 0)


def test_retiring_a_commitment_sums_up_every_buyer_again(editor):
    buyers = [BuyerFactory(), BuyerFactory()]
    for buyer in buyers:
        _record(buyer, ["governance", "engage-suppliers"], State.VERIFIED, editor)
    retired = Commitment.objects.get(code="engage-suppliers")
    retired.is_active = False

    save_commitment(commitment=retired, changed_by=editor)

    assert [_summary(buyer) for buyer in buyers] == [(1, 0), (1, 0)]


def test_making_a_commitment_encouraged_stops_counting_it(editor):
    buyer = BuyerFactory()
    _record(buyer, ["governance", "clear-roles"], State.BREACHED, editor)
    commitment = Commitment.objects.get(code="clear-roles")
    commitment.level = Commitment.Level.ENCOURAGED

    save_commitment(commitment=commitment, changed_by=editor)

    assert _summary(buyer) == (0, 1)


def test_saving_a_commitment_needs_the_permission_to_change_the_catalogue():
    commitment = Commitment.objects.get(code="governance")
    commitment.is_active = False

    with pytest.raises(PermissionDenied, match="permission to change the commitment catalogue"):
        save_commitment(commitment=commitment, changed_by=UserFactory(staff=True))

    commitment.refresh_from_db()
    assert commitment.is_active


def test_loading_the_catalogues_sums_up_what_it_changed(editor):
    buyer = BuyerFactory()
    _record(buyer, ["governance", "stop-auditing"], State.AFFIRMED, editor)
    # As if the catalogue had been edited around the services: loading it
    # again brings the level back and the summaries with it.
    Commitment.objects.filter(code="governance").update(level=Commitment.Level.ENCOURAGED)
    refresh_checklist_summaries()
    assert _summary(buyer) == (1, 0)

    load_catalogues()

    assert _summary(buyer) == (2, 0)


def test_a_long_list_of_buyers_is_summed_up_as_everyone(editor):
    buyer = BuyerFactory()
    _record(buyer, ["governance"], State.AFFIRMED, editor)
    ChecklistSummary.objects.all().delete()
    many = [buyer.pk, *range(10**6, 10**6 + 40_000)]

    # No list of 40,000 ids in a query (past SQLite's limit of parameters).
    with CaptureQueriesContext(connection) as queries:
        refresh_checklist_summaries(buyer_ids=many)

    assert max(len(q["sql"]) for q in queries) < 2_000
    assert _summary(buyer) == (1, 0)


def test_stale_checklist_summaries_names_a_buyer_whose_records_changed_around_the_service(editor):
    buyer = BuyerFactory()
    _record(buyer, ["governance"], State.AFFIRMED, editor)

    CommitmentRecord.objects.filter(buyer=buyer).update(state=State.BREACHED)

    assert stale_checklist_summaries() == {buyer.pk: ((1, 0), (0, 1))}
    refresh_checklist_summaries()
    assert stale_checklist_summaries() == {}


CODES = ["governance", "stop-auditing", "clear-roles", "engage-suppliers", "sourcing-practices"]
step = st.one_of(
    st.tuples(
        st.just("record"),
        st.integers(0, 2),
        st.lists(st.sampled_from(CODES), min_size=1, max_size=3, unique=True),
        st.sampled_from(State.values),
    ),
    st.tuples(st.just("retire"), st.sampled_from(CODES), st.booleans()),
    st.tuples(st.just("level"), st.sampled_from(CODES), st.sampled_from(Commitment.Level.values)),
)


@settings(
    max_examples=40,
    deadline=None,
    # Each example makes buyers of its own; the catalogue it changes is
    # put back at its end.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(steps=st.lists(step, min_size=1, max_size=8))
def test_the_list_wide_rule_agrees_with_each_buyers_verdict_after_any_changes(editor, steps):
    buyers = [BuyerFactory(), BuyerFactory(), BuyerFactory()]
    try:
        for kind, *args in steps:
            if kind == "record":
                index, codes, state = args
                active = Commitment.objects.filter(code__in=codes, is_active=True)
                record_commitment_states(buyer=buyers[index], commitments=active, state=state, changed_by=editor)
            else:
                code, value = args
                commitment = Commitment.objects.get(code=code)
                setattr(commitment, "is_active" if kind == "retire" else "level", value)
                save_commitment(commitment=commitment, changed_by=editor)

        listed = {buyer.pk: buyer for buyer in buyers_with_eligibility().filter(pk__in=[b.pk for b in buyers])}
        for buyer in buyers:
            verdict = buyer_eligibility(buyer=buyer)
            assert listed[buyer.pk].is_eligible is verdict.eligible
            assert listed[buyer.pk].required_done == verdict.required_done
            assert listed[buyer.pk].required_total == verdict.required_total
            assert listed[buyer.pk].required_breached == len(verdict.breached)
    finally:
        Commitment.objects.filter(code__in=CODES).update(is_active=True)
        load_catalogues()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are proven on PostgreSQL only")
# serialized_rollback restores the catalogues the flush after this test removes.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_catalogue_change_waits_for_a_checklist_change_under_way_and_counts_it(editor):
    buyer = BuyerFactory()
    _record(buyer, ["governance"], State.AFFIRMED, editor)
    recorded, catalogue_started = threading.Event(), threading.Event()
    errors = []

    def change_the_checklist():
        # Holds the buyer's row, as a checklist change does, until the
        # catalogue change has started and read what it can.
        try:
            with transaction.atomic():
                _record(buyer, ["stop-auditing", "engage-suppliers"], State.VERIFIED, editor)
                recorded.set()
                catalogue_started.wait(timeout=10)
                time.sleep(0.5)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    def change_the_catalogue():
        try:
            recorded.wait(timeout=10)
            catalogue_started.set()
            retired = Commitment.objects.get(code="engage-suppliers")
            retired.is_active = False
            save_commitment(commitment=retired, changed_by=editor)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=change_the_checklist), threading.Thread(target=change_the_catalogue)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    # Governance and stop auditing: engage suppliers was retired.
    assert _summary(buyer) == (2, 0)
    assert stale_checklist_summaries() == {}


def test_the_command_reports_and_then_mends_summaries_changed_around_the_services(editor):
    buyer = BuyerFactory()
    _record(buyer, ["governance"], State.AFFIRMED, editor)
    CommitmentRecord.objects.filter(buyer=buyer).update(state=State.VERIFIED, evidence="Restored from a backup.")
    Commitment.objects.filter(code="governance").update(level=Commitment.Level.ENCOURAGED)

    with pytest.raises(CommandError, match="1 checklist summaries disagree"):
        call_command("refresh_checklist_summaries", "--check", stdout=io.StringIO())
    out = io.StringIO()
    call_command("refresh_checklist_summaries", stdout=out)

    assert "1 changed" in out.getvalue()
    assert _summary(buyer) == (0, 0)
    Commitment.objects.filter(code="governance").update(level=Commitment.Level.REQUIRED)
    refresh_checklist_summaries()

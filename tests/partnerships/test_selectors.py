import datetime
import html
import json
import re

import pytest
from django.db import connection
from django.template.loader import render_to_string

from buyers.models import Buyer
from partnerships.models import Commitment, CommitmentRecord
from partnerships.selectors import (
    buyer_eligibility,
    buyers_with_eligibility,
    participants_ready_to_graduate,
    partners_without_quarterly_call,
)
from partnerships.services import save_commitment
from tests.factories import (
    BuyerFactory,
    CommitmentFactory,
    CommitmentRecordFactory,
    InteractionFactory,
    SourcingFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

State = CommitmentRecord.State


# The verdict carries data; these read it as staff do, through the shared
# templates (templates/eligibility/).
def _summary(verdict, buyer) -> str:
    from partnerships.selectors.standing import buyer_standing

    standing = buyer_standing(buyer=buyer, verdict=verdict)
    context = {"verdict": verdict, "standing": standing}
    return html.unescape(
        render_to_string("eligibility/standing.html", context)
        + ": "
        + render_to_string("eligibility/_standing_detail.html", context)
    )


def _reasons(verdict) -> list[str]:
    rendered = render_to_string("eligibility/_reasons.html", {"verdict": verdict})
    return [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", rendered)]


def _warnings(verdict) -> list[str]:
    return [
        html.unescape(render_to_string("eligibility/_warning.html", {"warning": warning}))
        for warning in verdict.warnings
    ]


@pytest.mark.parametrize(
    ("state", "eligible"),
    [
        (State.AFFIRMED, True),
        (State.VERIFIED, True),
        (State.NOT_YET, False),
        (State.BREACHED, False),
        (None, False),  # no record at all
    ],
)
@pytest.mark.parametrize("code", ["stop_auditing", "no_dropping_factories", "time_to_improve", "governance"])
def test_buyer_eligibility_over_each_state_of_one_required_commitment(fill_checklist, code, state, eligible):
    buyer = fill_checklist(BuyerFactory(), **{code: state})
    verdict = buyer_eligibility(buyer=buyer)
    assert verdict.eligible is eligible
    annotated = buyers_with_eligibility().get(pk=buyer.pk)
    assert annotated.is_eligible is eligible


def test_buyer_eligibility_names_the_missing_sub_item(fill_checklist):
    buyer = fill_checklist(BuyerFactory(), time_to_improve=State.NOT_YET)
    verdict = buyer_eligibility(buyer=buyer)
    assert [c.code for c in verdict.missing] == ["time-to-improve"]
    assert _reasons(verdict) == ["Not yet affirmed: Giving sufficient time for sustainable improvements"]
    assert (
        _summary(verdict, buyer)
        == "✘ Not eligible for partnership yet: 1 not yet affirmed of 10 required commitments."
    )


def test_buyer_eligibility_names_the_breached_commitment(fill_checklist):
    buyer = fill_checklist(BuyerFactory(), no_fee_charge_back=State.BREACHED)
    verdict = buyer_eligibility(buyer=buyer)
    assert [c.code for c in verdict.breached] == ["no-fee-charge-back"]
    assert _reasons(verdict)[0].startswith("Breached: Not charging back any of the buyer fees")


def test_buyer_eligibility_ignores_inactive_required_commitment(fill_checklist):
    buyer = fill_checklist(BuyerFactory(), engage_suppliers=State.NOT_YET)
    Commitment.objects.filter(code="engage-suppliers").update(is_active=False)
    verdict = buyer_eligibility(buyer=buyer)
    assert verdict.eligible
    assert verdict.required_total == 9
    assert buyers_with_eligibility().get(pk=buyer.pk).is_eligible


def test_buyer_eligibility_ignores_breach_of_inactive_commitment(fill_checklist):
    buyer = fill_checklist(BuyerFactory(), engage_suppliers=State.BREACHED)
    retired = Commitment.objects.get(code="engage-suppliers")
    retired.is_active = False
    save_commitment(commitment=retired, changed_by=UserFactory(superuser=True))
    assert buyer_eligibility(buyer=buyer).eligible
    assert buyers_with_eligibility().get(pk=buyer.pk).is_eligible


def test_buyer_eligibility_encouraged_commitment_not_taken_up_only_warns(fill_checklist):
    buyer = fill_checklist(BuyerFactory(), sourcing_practices=None)
    verdict = buyer_eligibility(buyer=buyer)
    assert verdict.eligible
    assert any("Encouraged, not yet taken up: Examine their own sourcing practices" in w for w in _warnings(verdict))


def test_buyer_eligibility_encouraged_commitment_breached_only_warns(fill_checklist):
    buyer = fill_checklist(BuyerFactory(), sourcing_practices=State.BREACHED)
    verdict = buyer_eligibility(buyer=buyer)
    assert verdict.eligible
    assert any(w.startswith("Encouraged commitment breached") for w in _warnings(verdict))


def test_buyer_eligibility_new_required_commitment_makes_buyer_ineligible_without_code_change(fill_checklist):
    buyer = fill_checklist(BuyerFactory())
    new = CommitmentFactory(title="Publishing the supplier list")
    verdict = buyer_eligibility(buyer=buyer)
    assert not verdict.eligible
    assert verdict.missing == (new,)
    assert not buyers_with_eligibility().get(pk=buyer.pk).is_eligible


def test_buyer_eligibility_warns_when_no_participation_history(fill_checklist):
    buyer = fill_checklist(BuyerFactory())
    assert "No participation history yet" in " ".join(_warnings(buyer_eligibility(buyer=buyer)))
    SourcingFactory(buyer=buyer)
    assert "No participation history yet" not in " ".join(_warnings(buyer_eligibility(buyer=buyer)))


def test_buyer_eligibility_warns_of_records_due_for_review(fill_checklist):
    buyer = fill_checklist(BuyerFactory())
    CommitmentRecord.objects.filter(buyer=buyer, commitment__code="governance").update(
        review_by=datetime.date(2020, 1, 1)
    )
    assert "1 checklist record is due for review." in _warnings(buyer_eligibility(buyer=buyer))
    CommitmentRecord.objects.filter(buyer=buyer, commitment__code="stop-auditing").update(
        review_by=datetime.date(2020, 1, 1)
    )
    assert "2 checklist records are due for review." in _warnings(buyer_eligibility(buyer=buyer))


def test_buyer_eligibility_warns_of_affirmed_but_unverified(fill_checklist):
    buyer = fill_checklist(BuyerFactory(), state=State.VERIFIED, governance=State.AFFIRMED)
    assert any("1 of 10 required commitments are affirmed" in w for w in _warnings(buyer_eligibility(buyer=buyer)))


def test_buyer_eligibility_empty_checklist_lists_every_required_commitment_as_missing():
    verdict = buyer_eligibility(buyer=BuyerFactory())
    assert not verdict.eligible
    assert len(verdict.missing) == 10
    assert (verdict.required_done, verdict.required_total) == (0, 10)


def test_buyers_with_eligibility_counts_completion(fill_checklist):
    buyer = fill_checklist(BuyerFactory(), governance=State.NOT_YET, stop_auditing=State.BREACHED)
    annotated = buyers_with_eligibility().get(pk=buyer.pk)
    assert (annotated.required_done, annotated.required_total, annotated.required_breached) == (8, 10, 1)
    assert annotated.completion == 80


def test_buyers_with_eligibility_agrees_with_buyer_eligibility_on_a_mixed_list(fill_checklist):
    states = [State.AFFIRMED, State.VERIFIED, State.NOT_YET, State.BREACHED, None]
    for i, code in enumerate(["governance", "stop_auditing", "clear_roles", "engage_suppliers", "time_to_improve"]):
        for state in states:
            fill_checklist(BuyerFactory(name=f"Mixed {i} {state}"), **{code: state})
    BuyerFactory(name="No records at all")
    for buyer in buyers_with_eligibility():
        verdict = buyer_eligibility(buyer=buyer)
        assert buyer.is_eligible is verdict.eligible, buyer.name
        assert buyer.required_done == verdict.required_done, buyer.name


def test_buyers_with_eligibility_can_filter_by_eligibility(fill_checklist):
    eligible = fill_checklist(BuyerFactory())
    BuyerFactory()
    assert list(buyers_with_eligibility().filter(is_eligible=True)) == [eligible]


@pytest.mark.parametrize("size", [5, 100])
def test_buyers_with_eligibility_runs_one_query_at_any_size(fill_checklist, django_assert_num_queries, size):
    for _ in range(size):
        fill_checklist(BuyerFactory(), governance=State.NOT_YET)
    with django_assert_num_queries(1):
        rows = [(b.name, b.is_eligible, b.completion) for b in buyers_with_eligibility()]
    assert len(rows) == size


def test_participants_ready_to_graduate_lists_eligible_active_participants_only(fill_checklist):
    ready = fill_checklist(BuyerFactory(name="Ready"))
    fill_checklist(BuyerFactory(name="Already partner", partner=True))
    fill_checklist(BuyerFactory(name="Withdrawn", status=Buyer.Status.WITHDRAWN))
    fill_checklist(BuyerFactory(name="Missing one"), governance=State.NOT_YET)
    assert list(participants_ready_to_graduate()) == [ready]


def test_buyer_checklist_line_defaults_to_not_yet_without_record():
    buyer = BuyerFactory()
    CommitmentRecordFactory(buyer=buyer, commitment=Commitment.objects.get(code="governance"))
    lines = {line.commitment.code: line for line in buyer_eligibility(buyer=buyer).checklist}
    assert lines["governance"].state == State.AFFIRMED
    assert lines["stop-auditing"].state == State.NOT_YET
    assert lines["stop-auditing"].state_label == "Not yet"


def _plan_nodes(plan):
    yield plan
    for child in plan.get("Plans", []):
        yield from _plan_nodes(child)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan asked of is PostgreSQL's")
def test_buyers_with_eligibility_runs_no_subquery_per_buyer(fill_checklist):
    for _ in range(3):
        fill_checklist(BuyerFactory(), governance=State.BREACHED)

    plan = json.loads(buyers_with_eligibility().filter(is_eligible=False).explain(format="json"))[0]["Plan"]

    # The catalogue's size, counted once (an InitPlan), is the only
    # subquery: a SubPlan would run once for every buyer.
    subplans = {node["Subplan Name"] for node in _plan_nodes(plan) if "Subplan Name" in node}
    assert subplans
    assert not [name for name in subplans if not name.startswith("InitPlan")]


def test_partners_without_quarterly_call_counts_them_all_and_reads_the_first_few(django_assert_num_queries):
    today = datetime.date(2026, 11, 20)
    for name in ["Delta", "Alpha", "Echo", "Charlie", "Bravo"]:
        BuyerFactory(name=name, partner=True)
    called = BuyerFactory(name="Called", partner=True)
    InteractionFactory(buyer=called, kind="quarterly_call", occurred_on=datetime.date(2026, 10, 2))
    InteractionFactory(
        buyer=Buyer.objects.get(name="Alpha"), kind="quarterly_call", occurred_on=datetime.date(2026, 5, 3)
    )

    with django_assert_num_queries(1):
        without = partners_without_quarterly_call(today=today, first=2)

    assert without.count == 5
    assert [(p.name, p.last_quarterly_call) for p in without.partners] == [
        ("Alpha", datetime.date(2026, 5, 3)),
        ("Bravo", None),
    ]

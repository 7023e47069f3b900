import datetime
import html

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from buyers.models import Buyer
from buyers.services import page_version
from partnerships.models import Commitment, CommitmentRecord
from partnerships.selectors import buyer_change_history, buyer_decision_timeline
from partnerships.services import record_commitment_states
from tests.factories import (
    BuyerFactory,
    ContactFactory,
    FactoryAuditFactory,
    FactoryFactory,
    PartnershipDecisionFactory,
    SourcingFactory,
    UserFactory,
    assessed,
    partner_with_roles,
)

pytestmark = pytest.mark.django_db

State = CommitmentRecord.State


def _file(client, buyer):
    return client.get(reverse("dashboard:buyer_detail", args=[buyer.pk]))


def test_buyer_file_gives_the_verdict_and_its_reasons_from_the_eligibility_rule(staff_client, fill_checklist):
    buyer = fill_checklist(BuyerFactory(), stop_auditing=State.BREACHED, governance=None)
    response = _file(staff_client, buyer)
    html = response.content.decode()
    assert response.context["verdict"].eligible is False
    assert "✘ Not eligible for partnership" in html
    assert "Breached: Stop auditing factories in Better Work programme" in html
    assert "Not yet affirmed: Engaging in the governance decisions of the programme" in html
    assert "8 of 10 required commitments affirmed or verified" in html


def test_buyer_file_shows_every_line_of_the_checklist_with_its_state(staff_client, fill_checklist):
    buyer = fill_checklist(BuyerFactory(), state=State.VERIFIED, stop_auditing=State.BREACHED)
    html = _file(staff_client, buyer).content.decode()
    for commitment in Commitment.objects.filter(is_active=True):
        assert commitment.title.replace("'", "&#x27;") in html
    assert html.count("✘ Breached") == 1
    assert html.count("✔ Verified") == 10


def test_buyer_file_lists_contacts_with_their_roles(staff_client):
    buyer = BuyerFactory()
    ContactFactory(buyer=buyer, name="Mia Chen", is_advisory_committee_representative=True)
    ContactFactory(buyer=buyer, name="Omar Haddad", is_better_work_liaison=True)
    html = _file(staff_client, buyer).content.decode()
    assert "Mia Chen" in html and "Omar Haddad" in html
    assert "Advisory Committee representative</span>" in html
    assert "Better Work liaison</span>" in html


def test_buyer_file_says_whether_each_factory_sourced_from_is_making_progress(staff_client):
    buyer = BuyerFactory()
    SourcingFactory(buyer=buyer, factory=assessed(FactoryFactory(name="Better Mill"), 30, 20))
    SourcingFactory(buyer=buyer, factory=assessed(FactoryFactory(name="Worse Mill"), 20, 30))
    SourcingFactory(buyer=buyer, factory=assessed(FactoryFactory(name="New Mill"), 25))
    response = _file(staff_client, buyer)
    progress = {s.factory.name: s.is_making_progress for s in response.context["current_sourcings"]}
    assert progress == {"Better Mill": True, "New Mill": False, "Worse Mill": False}
    html = response.content.decode()
    assert "✔ Making progress" in html and "30.0% → 20.0%" in html
    assert "✘ Not making progress" in html and "20.0% → 30.0%" in html
    assert "One assessment only" in html


def test_buyer_file_keeps_ended_sourcing_apart_with_its_reason(staff_client):
    buyer = BuyerFactory()
    SourcingFactory(buyer=buyer, factory=FactoryFactory(name="Old Mill"), ended=True)
    response = _file(staff_client, buyer)
    assert response.context["current_sourcings"] == []
    assert [s.factory.name for s in response.context["ended_sourcings"]] == ["Old Mill"]
    assert "Ended sourcing (1)" in response.content.decode()


def test_buyer_file_shows_a_partners_monitoring_flags(staff_client):
    buyer = partner_with_roles()
    FactoryAuditFactory(buyer=buyer, factory=FactoryFactory(name="Audited Mill"), auditor="Acme Audits")
    html = _file(staff_client, buyer).content.decode()
    assert "Monitoring flags (1)" in html
    assert "Audited Audited Mill" in html


def test_buyer_file_of_a_participant_has_no_monitoring_section(staff_client):
    assert "Monitoring flags" not in _file(staff_client, BuyerFactory()).content.decode()


def test_buyer_file_shows_the_decision_timeline(staff_client):
    buyer = BuyerFactory(partner=True)
    decider = UserFactory(staff=True, username="lt", first_name="Linh", last_name="Tran")
    PartnershipDecisionFactory(buyer=buyer, decided_by=decider, rationale="Signed letter of 3 March.")
    html = _file(staff_client, buyer).content.decode()
    assert "Approved as partner" in html
    assert "Signed letter of 3 March." in html
    assert "decided by Linh Tran" in html
    assert "Began working with the programme" in html


def test_buyer_decision_timeline_is_latest_first_and_explains_partner_since():
    buyer = BuyerFactory(partner=True, joined_on=datetime.date(2018, 1, 1), partner_since=datetime.date(2020, 6, 1))
    PartnershipDecisionFactory(
        buyer=buyer,
        outcome="declined",
        to_tier="participant",
        decided_at=datetime.datetime(2019, 5, 1, 9, tzinfo=datetime.UTC),
    )
    timeline = buyer_decision_timeline(buyer=buyer)
    assert [(event.kind, event.on) for event in timeline] == [
        ("partner_since", datetime.date(2020, 6, 1)),
        ("declined", datetime.date(2019, 5, 1)),
        ("joined", datetime.date(2018, 1, 1)),
    ]


def _said(entry) -> tuple[str, ...]:
    """The entry's changes as the buyer file words them, a line each."""
    return tuple(
        html.unescape(
            render_to_string("dashboard/includes/history/_change.html", {"change": change, "action": entry.action})
        )
        for change in entry.changes
    )


def test_buyer_change_history_says_who_changed_what(staff_user, fill_checklist):
    buyer = fill_checklist(BuyerFactory(name="Old Name"))
    buyer.name = "New Name"
    buyer.save()
    record_commitment_states(
        buyer=buyer,
        commitments=Commitment.objects.filter(code="stop-auditing"),
        state=State.VERIFIED,
        evidence="Factory feedback, May 2026.",
        changed_by=staff_user,
    )
    latest, renamed = buyer_change_history(buyer=buyer)[:2]
    assert latest.commitment.title == "Stop auditing factories in Better Work programme"
    assert latest.changed_by == staff_user
    assert "State: Affirmed → Verified" in _said(latest)
    assert "Evidence: “Factory feedback, May 2026.”" in _said(latest)
    assert (renamed.kind, _said(renamed)) == ("profile", ("Name: Old Name → New Name",))


def test_buyer_change_history_keeps_the_latest_entries_only(fill_checklist):
    buyer = BuyerFactory()
    for i in range(25):
        buyer.notes = f"Note {i}"
        buyer.save()
    history = buyer_change_history(buyer=buyer, limit=20)
    assert len(history) == 20
    assert _said(history[0]) == ("Notes: “Note 24”",)
    assert _said(history[-1]) == ("Notes: “Note 5”",)


def test_buyer_file_shows_change_history_with_the_person(staff_client, staff_user):
    buyer = BuyerFactory()
    staff_client.post(
        reverse("admin:buyers_buyer_decide", args=[buyer.pk]),
        {
            "action": "checklist",
            "page_version": page_version(buyer=buyer),
            "commitments": [Commitment.objects.get(code="governance").pk],
            "state": State.AFFIRMED,
            "source": CommitmentRecord.Source.CALL_NOTE,
            "evidence": "Said yes on the call.",
        },
    )
    html = _file(staff_client, buyer).content.decode()
    assert "checklist: Engaging in the governance decisions" in html
    assert "State: Affirmed" in html
    assert staff_user.username in html


def test_buyer_file_links_to_the_admin_page(staff_client):
    buyer = BuyerFactory()
    assert reverse("admin:buyers_buyer_change", args=[buyer.pk]) in _file(staff_client, buyer).content.decode()


def test_buyer_file_of_withdrawn_buyer_says_so(staff_client):
    html = _file(staff_client, BuyerFactory(status=Buyer.Status.WITHDRAWN)).content.decode()
    assert "has <strong>withdrawn</strong> from the programme" in html


def test_buyer_file_of_unknown_buyer_is_not_found(staff_client):
    assert staff_client.get(reverse("dashboard:buyer_detail", args=[999999])).status_code == 404


def test_buyer_file_of_new_buyer_says_what_to_add(staff_client):
    html = _file(staff_client, BuyerFactory()).content.decode()
    assert "No contacts on file." in html
    assert "No current sourcing from programme factories is recorded." in html


def test_buyer_file_flags_a_review_that_is_due(staff_client, fill_checklist):
    buyer = BuyerFactory()
    record_commitment_states(
        buyer=buyer,
        commitments=Commitment.objects.filter(code="governance"),
        state=State.AFFIRMED,
        changed_by=UserFactory(staff=True, permissions=["partnerships.change_commitmentrecord"]),
        review_by=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert "Review due since" in _file(staff_client, buyer).content.decode()


def test_buyer_file_shows_a_checklist_line_evidence_whole_and_its_review_date_on_a_line_of_its_own(
    staff_client, fill_checklist
):
    buyer = BuyerFactory()
    evidence = (
        "Confirmed in the partnership agreement signed on 7 August 2016, and again on the call with the "
        "sourcing director, who named the team that now follows the factories' improvement plans."
    )
    record_commitment_states(
        buyer=buyer,
        commitments=Commitment.objects.filter(code="governance"),
        state=State.AFFIRMED,
        changed_by=UserFactory(staff=True, permissions=["partnerships.change_commitmentrecord"]),
        evidence=evidence,
        review_by=datetime.date(2027, 8, 5),
    )
    page = html.unescape(_file(staff_client, buyer).content.decode())
    assert evidence in page
    assert "<div>Review by 5 Aug 2027</div>" in page
    assert ". · review by" not in page

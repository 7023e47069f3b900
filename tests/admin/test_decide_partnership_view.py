import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from buyers.models import Buyer
from buyers.services import page_version
from partnerships.models import Commitment, CommitmentRecord, PartnershipDecision
from tests.factories import BuyerFactory, CommitmentRecordFactory, ContactFactory, SourcingFactory, UserFactory

pytestmark = pytest.mark.django_db

State = CommitmentRecord.State


def _url(buyer):
    return reverse("admin:buyers_buyer_decide", args=[buyer.pk])


@pytest.fixture
def clerk_client(client):
    """A data-entry staff member who may view buyers and change checklists, not decide."""
    clerk = UserFactory(
        staff=True,
        username="clerk",
        permissions=["buyers.view_buyer", "partnerships.change_commitmentrecord"],
    )
    client.force_login(clerk)
    return client


def test_decide_view_explains_why_buyer_is_not_eligible(staff_client, fill_checklist):
    buyer = fill_checklist(BuyerFactory(), stop_auditing=State.NOT_YET, governance=State.BREACHED)
    CommitmentRecord.objects.filter(buyer=buyer).update(changed_by=None)
    response = staff_client.get(_url(buyer))
    content = response.content.decode()
    assert response.status_code == 200
    assert "✘ Not eligible for partnership" in content
    assert "1 breached and 1 not yet affirmed of 10 required commitments." in content
    assert "Not yet affirmed: Stop auditing factories in Better Work programme" in content
    assert "Breached: Engaging in the governance decisions" in content
    assert 'value="approved"' not in content


def test_decide_view_offers_approval_to_eligible_participant(staff_client, fill_checklist):
    buyer = fill_checklist(BuyerFactory())
    content = staff_client.get(_url(buyer)).content.decode()
    assert "✔ Ready to graduate: eligible for partnership" in content
    assert 'value="approved"' in content
    assert 'value="declined"' in content


def test_decide_view_approves_and_redirects_with_message(staff_client, fill_checklist):
    buyer = fill_checklist(BuyerFactory(name="Fjord Apparel"))
    response = staff_client.post(
        _url(buyer),
        {"action": "decide", "outcome": "approved", "rationale": "Signed letter.", "expected_tier": "participant"},
        follow=True,
    )
    assert "Approved as partner: Fjord Apparel is now a partner." in response.content.decode()
    buyer.refresh_from_db()
    assert buyer.tier == Buyer.Tier.PARTNER


def test_decide_view_approves_with_an_empty_snapshot_when_every_commitment_is_retired(staff_client):
    Commitment.objects.update(is_active=False)
    buyer = BuyerFactory(name="Fjord Apparel")

    response = staff_client.post(
        _url(buyer),
        {"action": "decide", "outcome": "approved", "rationale": "Signed letter.", "expected_tier": "participant"},
        follow=True,
    )

    assert response.status_code == 200
    assert "Approved as partner: Fjord Apparel is now a partner." in response.content.decode()
    assert PartnershipDecision.objects.get(buyer=buyer).checklist_snapshot == []


def test_decide_view_puts_a_refusal_naming_no_field_of_its_form_above_the_form(staff_client, monkeypatch):
    buyer = BuyerFactory()

    def refuse(**kwargs):
        raise ValidationError({"checklist_snapshot": "The checklist could not be read."})

    monkeypatch.setattr("betterwork_portal.admin.buyers.decide_partnership", refuse)
    response = staff_client.post(
        _url(buyer),
        {"action": "decide", "outcome": "declined", "rationale": "Not yet.", "expected_tier": "participant"},
    )

    assert response.status_code == 200
    assert "The checklist could not be read." in response.content.decode()


def test_decide_view_refuses_forged_approval_of_ineligible_buyer_with_reasons(staff_client, fill_checklist):
    buyer = fill_checklist(BuyerFactory(), engage_suppliers=State.NOT_YET)
    response = staff_client.post(
        _url(buyer),
        {"action": "decide", "outcome": "approved", "rationale": "x", "expected_tier": "participant"},
    )
    assert response.status_code == 200
    assert "That decision does not apply to this buyer now" in response.content.decode()
    assert not PartnershipDecision.objects.exists()


def test_decide_view_shows_stale_page_error_above_form(staff_client, fill_checklist):
    buyer = fill_checklist(BuyerFactory(partner=True))
    response = staff_client.post(
        _url(buyer),
        {"action": "decide", "outcome": "downgraded", "rationale": "x", "expected_tier": "participant"},
    )
    assert "someone decided while this page was open" in response.content.decode()
    assert not PartnershipDecision.objects.exists()


def test_decide_view_without_rationale_shows_error_next_to_field(staff_client, fill_checklist):
    buyer = fill_checklist(BuyerFactory())
    response = staff_client.post(
        _url(buyer), {"action": "decide", "outcome": "declined", "rationale": "", "expected_tier": "participant"}
    )
    assert response.context["decision_form"].errors == {"rationale": ["This field is required."]}


def test_decide_view_updates_checklist_in_bulk_with_evidence(staff_client, staff_user):
    buyer = BuyerFactory()
    required = Commitment.objects.filter(level=Commitment.Level.REQUIRED)
    response = staff_client.post(
        _url(buyer),
        {
            "action": "checklist",
            "page_version": page_version(buyer=buyer),
            "commitments": [c.pk for c in required],
            "state": "affirmed",
            "source": "signed_agreement",
            "evidence": "Signed partnership letter.",
        },
        follow=True,
    )
    assert "10 checklist lines set to affirmed." in response.content.decode()
    records = CommitmentRecord.objects.filter(buyer=buyer)
    assert records.count() == 10
    assert set(records.values_list("state", "evidence", "changed_by")) == {
        ("affirmed", "Signed partnership letter.", staff_user.pk)
    }


def test_decide_view_shows_monitoring_flags_with_evidence_links(staff_client, fill_checklist):
    buyer = fill_checklist(BuyerFactory(partner=True))
    ContactFactory(buyer=buyer, is_better_work_liaison=True)
    content = staff_client.get(_url(buyer)).content.decode()
    assert "No contact is named as the buyer&#x27;s Advisory Committee representative." in content
    assert f'href="/admin/buyers/buyer/{buyer.pk}/change/"' in content


def test_decide_view_without_decide_permission_shows_no_decision_form(clerk_client, fill_checklist):
    buyer = fill_checklist(BuyerFactory())
    content = clerk_client.get(_url(buyer)).content.decode()
    assert "deciding partnerships needs the" in content
    assert "Record decision" not in content


def test_decide_view_refuses_decision_post_without_permission(clerk_client, fill_checklist):
    buyer = fill_checklist(BuyerFactory())
    response = clerk_client.post(
        _url(buyer),
        {"action": "decide", "outcome": "approved", "rationale": "x", "expected_tier": "participant"},
    )
    assert response.status_code == 403
    assert not PartnershipDecision.objects.exists()


def test_decide_view_refuses_staff_without_view_permission(client):
    client.force_login(UserFactory(staff=True, username="nobody"))
    assert client.get(_url(BuyerFactory())).status_code == 403


def test_decide_view_sends_anonymous_user_to_login(client):
    response = client.get(_url(BuyerFactory()))
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_buyer_change_page_links_to_decide_partnership(staff_client):
    buyer = BuyerFactory()
    content = staff_client.get(reverse("admin:buyers_buyer_change", args=[buyer.pk])).content.decode()
    assert f'href="{_url(buyer)}"' in content


@pytest.mark.parametrize("size", [5, 50])
def test_decide_view_runs_a_constant_number_of_queries(staff_client, django_assert_max_num_queries, size):
    buyer = BuyerFactory(partner=True)
    for commitment in Commitment.objects.all():
        CommitmentRecordFactory(buyer=buyer, commitment=commitment, changed_by=UserFactory())
    for _ in range(size):
        SourcingFactory(buyer=buyer, ended=True)
        ContactFactory(buyer=buyer)
    with django_assert_max_num_queries(20):
        assert staff_client.get(_url(buyer)).status_code == 200


def test_buyer_changelist_filters_by_eligibility(staff_client, fill_checklist):
    fill_checklist(BuyerFactory(name="Ready Brand"))
    BuyerFactory(name="Starting Brand")
    content = staff_client.get(reverse("admin:buyers_buyer_changelist") + "?eligibility=eligible").content.decode()
    assert "Ready Brand" in content
    assert "Starting Brand" not in content


def test_buyer_changelist_action_reports_how_many_are_eligible(staff_client, fill_checklist):
    ready = fill_checklist(BuyerFactory(name="Ready Brand"))
    starting = BuyerFactory(name="Starting Brand")
    response = staff_client.post(
        reverse("admin:buyers_buyer_changelist"),
        {"action": "evaluate_eligibility", "_selected_action": [ready.pk, starting.pk]},
        follow=True,
    )
    content = response.content.decode()
    assert "1 of 2 selected buyers are eligible for partnership. Eligible: Ready Brand." in content
    assert "Not eligible (required commitments done): Starting Brand (0/10)." in content


def test_buyer_changelist_pipeline_filter_lists_participants_ready_to_graduate(staff_client, fill_checklist):
    fill_checklist(BuyerFactory(name="Ready Brand"))
    fill_checklist(BuyerFactory(name="Partner Brand", partner=True))
    BuyerFactory(name="Starting Brand")
    content = staff_client.get(reverse("admin:buyers_buyer_changelist") + "?pipeline=ready").content.decode()
    assert "Ready Brand" in content
    assert "Partner Brand" not in content
    assert "Starting Brand" not in content


def test_buyer_changelist_pipeline_filter_lists_partners_at_risk(staff_client, fill_checklist):
    at_risk = fill_checklist(BuyerFactory(name="Risky Partner", partner=True), stop_auditing=State.BREACHED)
    ContactFactory(buyer=at_risk, is_advisory_committee_representative=True, is_better_work_liaison=True)
    fine = fill_checklist(BuyerFactory(name="Steady Partner", partner=True))
    ContactFactory(buyer=fine, is_advisory_committee_representative=True, is_better_work_liaison=True)
    content = staff_client.get(reverse("admin:buyers_buyer_changelist") + "?pipeline=at_risk").content.decode()
    assert "Risky Partner" in content
    assert "Steady Partner" not in content


@pytest.mark.parametrize("object_id", ["abc", "99999", "1%00", "-1"])
def test_decide_view_unknown_or_malformed_buyer_is_not_found(staff_client, object_id):
    assert staff_client.get(f"/admin/buyers/buyer/{object_id}/decide/").status_code == 404


def test_a_refused_decision_says_so_at_the_top_of_the_page(admin_client_):
    buyer = BuyerFactory()
    response = admin_client_.post(
        f"/admin/buyers/buyer/{buyer.pk}/decide/",
        {"action": "decide", "outcome": "approved", "rationale": "Forged.", "expected_tier": "participant"},
    )
    html = response.content.decode()
    assert html.index('class="errornote"') < html.index('id="checklist-title"')
    assert "That decision does not apply to this buyer now" in html
    assert "is not one of the available choices" not in html


def test_the_review_date_reads_day_month_year(admin_client_, fill_checklist):
    buyer = BuyerFactory()
    html = admin_client_.get(f"/admin/buyers/buyer/{buyer.pk}/decide/").content.decode()
    assert 'placeholder="dd/mm/yyyy"' in html
    assert 'type="date"' not in html

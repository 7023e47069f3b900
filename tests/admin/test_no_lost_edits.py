"""No silent overwrite (issue 9, finding 2): every admin page that edits a
buyer, its inlines or its checklist carries the version it showed; a save
based on a stale page is refused with what changed, keeps what was typed,
and writes nothing. Checked under the buyer's row lock."""

import threading

import pytest
from django.contrib.auth.models import Permission
from django.db import connection, connections
from django.test import Client

from buyers.models import Buyer
from buyers.services import page_version
from partnerships.models import Commitment, CommitmentRecord
from tests.admin.form_data import change_form_data
from tests.admin.registry import admin_url
from tests.factories import BuyerFactory, CommitmentRecordFactory, UserFactory

State = CommitmentRecord.State
STALE = "while you had this page open, so your changes were not saved"


def _staff_client(username):
    user = UserFactory(staff=True, username=username, first_name=username.title())
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["buyers", "partnerships"]))
    client = Client()
    client.force_login(user)
    return client


def _checklist_row(data, commitment):
    """Return the inline prefix of *commitment*'s line in *data*."""
    for key, value in data.items():
        if key.startswith("commitment_records-") and key.endswith("-id"):
            prefix = key.removesuffix("-id")
            if CommitmentRecord.objects.get(pk=value).commitment == commitment:
                return prefix
    raise AssertionError(f"no row for {commitment.code}")


@pytest.fixture
def buyer(fill_checklist):
    return fill_checklist(BuyerFactory(notes="As we found it."), state=State.NOT_YET)


@pytest.mark.django_db
def test_a_save_from_a_stale_buyer_page_is_refused_with_what_changed_and_keeps_what_was_typed(buyer):
    ana, ben = _staff_client("ana"), _staff_client("ben")
    ana_page, ben_page = change_form_data(ana, buyer), change_form_data(ben, buyer)
    governance = Commitment.objects.get(code="governance")

    ana_page["notes"] = "Ana's call note."
    assert ana.post(admin_url("buyers.buyer", "change", buyer.pk), ana_page).status_code == 302

    ben_page["notes"] = "Ben's call note."
    ben_page[_checklist_row(ben_page, governance) + "-state"] = State.AFFIRMED
    response = ben.post(admin_url("buyers.buyer", "change", buyer.pk), ben_page)

    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert STALE in errors
    assert "Ana saved changes" in errors and "notes" in errors
    assert response.context["adminform"].form["notes"].value() == "Ben's call note."
    buyer.refresh_from_db()
    assert buyer.notes == "Ana's call note."
    assert CommitmentRecord.objects.get(buyer=buyer, commitment=governance).state == State.NOT_YET


@pytest.mark.django_db
def test_saving_again_after_the_refusal_goes_through_against_the_page_as_it_is_now(buyer):
    ana, ben = _staff_client("ana"), _staff_client("ben")
    ana_page, ben_page = change_form_data(ana, buyer), change_form_data(ben, buyer)
    ana.post(admin_url("buyers.buyer", "change", buyer.pk), ana_page | {"notes": "Ana's call note."})
    refused = ben.post(admin_url("buyers.buyer", "change", buyer.pk), ben_page | {"notes": "Ben's, after all."})

    again = ben_page | {
        "notes": "Ben's, after all.",
        "page_version": refused.context["adminform"].form["page_version"].value(),
    }
    assert ben.post(admin_url("buyers.buyer", "change", buyer.pk), again).status_code == 302
    buyer.refresh_from_db()
    assert buyer.notes == "Ben's, after all."


@pytest.mark.django_db
def test_a_buyer_page_without_its_version_is_refused(buyer):
    ana = _staff_client("ana")
    page = change_form_data(ana, buyer)
    del page["page_version"]
    response = ana.post(admin_url("buyers.buyer", "change", buyer.pk), page | {"notes": "Forged."})
    assert STALE in " ".join(response.context["adminform"].form.non_field_errors())
    assert Buyer.objects.get(pk=buyer.pk).notes == "As we found it."


@pytest.mark.django_db
def test_the_decide_pages_checklist_form_refuses_a_stale_page(buyer):
    ana, ben = _staff_client("ana"), _staff_client("ben")
    stale = page_version(buyer=buyer)
    ana_page = change_form_data(ana, buyer) | {"notes": "Ana was here."}
    ana.post(admin_url("buyers.buyer", "change", buyer.pk), ana_page)

    response = ben.post(
        f"/admin/buyers/buyer/{buyer.pk}/decide/",
        {
            "action": "checklist",
            "page_version": stale,
            "commitments": [Commitment.objects.get(code="governance").pk],
            "state": State.VERIFIED,
            "evidence": "Ben's evidence.",
        },
    )

    assert response.status_code == 200
    assert STALE in " ".join(response.context["checklist_form"].non_field_errors())
    assert response.context["checklist_form"]["evidence"].value() == "Ben's evidence."
    assert not CommitmentRecord.objects.filter(buyer=buyer, state=State.VERIFIED).exists()


@pytest.mark.django_db
def test_a_checklist_lines_own_page_refuses_a_stale_page():
    record = CommitmentRecordFactory(state=State.NOT_YET)
    ana = _staff_client("ana")
    stale = page_version(buyer=record.buyer)
    Buyer.objects.filter(pk=record.buyer_id).update(version=record.buyer.version + 1)

    response = ana.post(
        admin_url("partnerships.commitmentrecord", "change", record.pk),
        {"state": State.VERIFIED, "source": "", "evidence": "Seen.", "review_by": "", "page_version": stale},
    )

    assert response.status_code == 200
    assert STALE in " ".join(response.context["adminform"].form.non_field_errors())
    record.refresh_from_db()
    assert record.state == State.NOT_YET


SAVERS = 10


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are proven on PostgreSQL only")
# serialized_rollback restores the catalogues the flush after this test removes.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_staff_saving_one_buyer_at_once_lose_no_edit_unseen(fill_checklist):
    buyer = fill_checklist(BuyerFactory(notes="As we found it."), state=State.NOT_YET)
    commitments = list(Commitment.objects.filter(is_active=True).order_by("position"))[:SAVERS]
    clients = [_staff_client(f"saver{i}") for i in range(SAVERS)]
    pages = []
    for i, client in enumerate(clients):
        page = change_form_data(client, buyer)
        page[_checklist_row(page, commitments[i]) + "-state"] = State.AFFIRMED
        page["notes"] = f"Saved by saver{i}."
        pages.append(page)
    barrier = threading.Barrier(SAVERS)
    outcomes = {}

    def save(i):
        try:
            barrier.wait()
            response = clients[i].post(admin_url("buyers.buyer", "change", buyer.pk), pages[i])
            if response.status_code == 302:
                outcomes[i] = "saved"
            elif STALE in " ".join(response.context["adminform"].form.non_field_errors()):
                outcomes[i] = "told"
            else:
                outcomes[i] = f"other: {response.status_code}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(i,)) for i in range(SAVERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    saved = [i for i, outcome in outcomes.items() if outcome == "saved"]
    assert sorted(outcomes.values()) == ["saved"] + ["told"] * (SAVERS - 1)
    buyer.refresh_from_db()
    affirmed = set(
        CommitmentRecord.objects.filter(buyer=buyer, state=State.AFFIRMED).values_list("commitment__code", flat=True)
    )
    # Every edit either holds or its author was told: exactly the saver's.
    assert affirmed == {commitments[saved[0]].code}
    assert buyer.notes == f"Saved by saver{saved[0]}."

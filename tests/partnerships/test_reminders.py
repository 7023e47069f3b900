"""The daily reminder digest (issue 12): a frozen clock, the command run
twice on one day, one email each; the next day's run sends again."""

import datetime
from unittest import mock

import pytest
from django.core.management import call_command
from post_office.models import Email

from partnerships.models import CommitmentRecord, ReminderDigest
from tests.factories import BuyerFactory, CommitmentRecordFactory, InteractionFactory, UserFactory

pytestmark = [pytest.mark.django_db]

TODAY = datetime.date(2026, 3, 10)


def _run_on(day):
    with mock.patch("django.utils.timezone.localdate", return_value=day):
        call_command("send_reminders", stdout=mock.MagicMock())


@pytest.fixture
def work():
    linh = UserFactory(staff=True, username="linh", email="linh@betterwork.test", first_name="Linh")
    omar = UserFactory(staff=True, username="omar", email="omar@betterwork.test")
    UserFactory(staff=True, username="idle", email="idle@betterwork.test")
    partner = BuyerFactory(
        name="Nordic Threads", partner=True, focal_point=linh, partner_since=datetime.date(2024, 1, 1)
    )
    CommitmentRecordFactory(buyer=partner, state=CommitmentRecord.State.AFFIRMED, review_by=datetime.date(2026, 3, 1))
    InteractionFactory(
        buyer=partner,
        occurred_on=datetime.date(2026, 3, 2),
        follow_up="Send the remediation plan",
        follow_up_due=datetime.date(2026, 3, 20),
        follow_up_owner=omar,
    )
    return {"linh": linh, "omar": omar, "partner": partner}


def test_running_twice_in_a_day_sends_each_digest_once(work):
    _run_on(TODAY)
    _run_on(TODAY)
    assert sorted(Email.objects.values_list("to", flat=True)) == [["linh@betterwork.test"], ["omar@betterwork.test"]]
    assert ReminderDigest.objects.filter(sent_on=TODAY).count() == 2


def test_the_digest_lists_what_is_overdue_and_what_comes_due(work):
    _run_on(TODAY)
    linh = Email.objects.get(to=["linh@betterwork.test"])
    assert "Overdue (2)" in linh.message  # the checklist review and the yearly partner review
    assert "review the checklist line" in linh.message
    assert "yearly partner review of Nordic Threads" in linh.message
    omar = Email.objects.get(to=["omar@betterwork.test"])
    assert "Due in the next 30 days (1)" in omar.message
    assert "Send the remediation plan" in omar.message


def test_nothing_due_sends_nothing(work):
    _run_on(TODAY)
    assert not Email.objects.filter(to=["idle@betterwork.test"]).exists()


def test_the_next_day_sends_again_and_what_was_sent_is_recorded(work):
    _run_on(TODAY)
    _run_on(TODAY + datetime.timedelta(days=1))
    assert Email.objects.filter(to=["linh@betterwork.test"]).count() == 2
    digest = ReminderDigest.objects.filter(user=work["linh"]).order_by("sent_on").first()
    assert {item["kind"] for item in digest.items} == {"checklist_review", "partner_review"}
    assert digest.email is not None

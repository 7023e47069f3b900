"""My work's lists read only the lines they show and count the rest
(partnerships/selectors/due.py; issue 14): the first lines and the totals
are those of every line due, whatever the mix of kinds."""

import datetime

import pytest
from django.utils import timezone

from partnerships.selectors import DueItem, due_items, due_lists, follow_ups_due_after
from tests.factories import BuyerFactory, CommitmentRecordFactory, InteractionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def focal_point():
    return UserFactory(staff=True, username="focal.point.due")


def _days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def _follow_up(owner, due_in, buyer=None, text="Send the remediation plan."):
    return InteractionFactory(
        buyer=buyer or BuyerFactory(), follow_up=text, follow_up_owner=owner, follow_up_due=_days(due_in)
    )


@pytest.fixture
def mixed(focal_point):
    """Checklist reviews and follow-ups on both sides of today, their due
    days interleaved, and a line of someone else's."""
    for i in range(7):
        buyer = BuyerFactory(name=f"Checklist Buyer {i}", focal_point=focal_point)
        CommitmentRecordFactory(buyer=buyer, state="affirmed", review_by=_days(-20 + 6 * i))
    for i in range(6):
        _follow_up(focal_point, -19 + 6 * i, BuyerFactory(name=f"Follow-up Buyer {i}"))
    _follow_up(UserFactory(staff=True, username="someone.else"), -3)


def _key(item: DueItem):
    return (item.kind, item.due_on, item.buyer.pk)


def test_due_lists_show_the_first_lines_of_every_kind_soonest_first(focal_point, mixed):
    today = timezone.localdate()
    every = due_items(today=today, user=focal_point)
    overdue = [item for item in every if item.is_overdue(today)]
    coming = [item for item in every if not item.is_overdue(today)]

    lists = due_lists(today=today, user=focal_point, shown=3)

    assert [_key(item) for item in lists.overdue] == [_key(item) for item in overdue[:3]]
    assert [_key(item) for item in lists.coming] == [_key(item) for item in coming[:3]]
    assert {item.kind for item in lists.overdue} == {DueItem.Kind.CHECKLIST_REVIEW, DueItem.Kind.FOLLOW_UP}


def test_due_lists_count_every_line_not_only_those_shown(focal_point, mixed):
    today = timezone.localdate()
    every = due_items(today=today, user=focal_point)
    lists = due_lists(today=today, user=focal_point, shown=2)
    assert lists.overdue_total == sum(item.is_overdue(today) for item in every) == 8
    assert lists.coming_total == len(every) - 8
    assert len(lists.overdue) == len(lists.coming) == 2


def test_due_lists_show_all_when_asked(focal_point, mixed):
    today = timezone.localdate()
    lists = due_lists(today=today, user=focal_point, shown=None)
    assert len(lists.overdue) == lists.overdue_total
    assert len(lists.coming) == lists.coming_total


def test_due_lists_are_empty_with_nothing_due(focal_point):
    lists = due_lists(today=timezone.localdate(), user=focal_point, shown=25)
    assert (lists.overdue, lists.overdue_total, lists.coming, lists.coming_total) == ([], 0, [], 0)


def test_follow_ups_due_later_are_cut_and_counted(focal_point):
    for days in (45, 31, 90, 60):
        _follow_up(focal_point, days)
    _follow_up(focal_point, 10)  # in the 30 days: listed as coming, not later

    shown, total = follow_ups_due_after(user=focal_point, after=_days(30), shown=2)

    assert total == 4
    assert [interaction.follow_up_due for interaction in shown] == [_days(31), _days(45)]


def test_no_follow_ups_due_later_count_zero(focal_point):
    assert follow_ups_due_after(user=focal_point, after=_days(30), shown=25) == ([], 0)

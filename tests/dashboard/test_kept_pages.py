"""A buyer's file and My work are kept in the cache until the data changes
(issue 14; betterwork_portal/cached_pages.py ``render_kept``): a second
visit reads them from there, a committed write shows at once, My work is
each staff member's own, and the forms on a kept page carry the visitor's
own CSRF token."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partnerships.roles import DECIDER, EDITOR, sync_roles
from tests.factories import BuyerFactory, InteractionFactory, UserFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the version's triggers are PostgreSQL's"),
    # serialized_rollback restores the catalogues the flush after each test removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _staff(username, *, enforce_csrf=False):
    sync_roles()
    user = UserFactory(staff=True, username=username)
    user.groups.set(Group.objects.filter(name__in=[EDITOR, DECIDER]))
    client = Client(enforce_csrf_checks=enforce_csrf)
    client.force_login(user)
    client.user = user
    return client


def _visit(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _follow_up(owner, buyer, text):
    return InteractionFactory(
        buyer=buyer,
        follow_up=text,
        follow_up_due=timezone.localdate() + datetime.timedelta(days=3),
        follow_up_owner=owner,
    )


def test_a_second_visit_reads_the_buyer_file_from_the_cache():
    staff = _staff("focal")
    buyer = BuyerFactory(name="Kept Threads", partner=True, focal_point=staff.user)
    url = reverse("dashboard:buyer_detail", args=[buyer.pk])
    first, computed = _visit(staff, url)
    second, cached = _visit(staff, url)
    assert TOKEN.sub("", second) == TOKEN.sub("", first)
    assert "Kept Threads" in second
    assert cached < computed - 10


def test_the_buyer_file_shows_an_interaction_logged_since_the_last_visit():
    staff = _staff("focal")
    buyer = BuyerFactory(partner=True, focal_point=staff.user)
    url = reverse("dashboard:buyer_detail", args=[buyer.pk])
    _visit(staff, url)
    _follow_up(staff.user, buyer, "Send the remediation plan")
    page, _ = _visit(staff, url)
    assert "Send the remediation plan" in page


def test_my_work_is_each_staff_members_own():
    ana, ben = _staff("ana"), _staff("ben")
    buyer = BuyerFactory()
    _follow_up(ana.user, buyer, "Ana's follow-up")
    _follow_up(ben.user, buyer, "Ben's follow-up")
    url = reverse("dashboard:my_work")
    ana_page, _ = _visit(ana, url)
    ben_page, _ = _visit(ben, url)
    assert "Ana&#x27;s follow-up" in ana_page and "Ben&#x27;s" not in ana_page
    assert "Ben&#x27;s follow-up" in ben_page and "Ana&#x27;s" not in ben_page


def test_a_kept_pages_form_carries_the_visitors_own_token():
    owner = _staff("owner", enforce_csrf=True)
    interaction = _follow_up(owner.user, BuyerFactory(), "Send it")
    url = reverse("dashboard:my_work")
    _visit(owner, url)
    page, _ = _visit(owner, url)  # from the cache
    tokens = set(TOKEN.findall(page))
    assert tokens and not any("kept-csrf" in token for token in tokens)
    response = owner.post(
        reverse("dashboard:complete_follow_up", args=[interaction.pk]),
        {"csrfmiddlewaretoken": tokens.pop(), "next": url},
    )
    assert response.status_code == 302
    interaction.refresh_from_db()
    assert interaction.follow_up_done_on == timezone.localdate()

"""The role matrix (issue 10, finding 3): every dashboard page, admin page
and admin action, for every role and for staff with no role, allowed or
refused as partnerships/roles.py says."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from buyers.services import page_version
from partnerships.models import Commitment
from partnerships.roles import ADMINISTRATOR, DECIDER, EDITOR, VIEWER, sync_roles
from tests.factories import (
    BuyerFactory,
    CommitmentRecordFactory,
    ContactFactory,
    FactoryFactory,
    SignupRequestFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NO_ROLE = "no role"
EVERY_ROLE = {VIEWER, EDITOR, DECIDER, ADMINISTRATOR}
PEOPLE = {EDITOR, DECIDER}


@pytest.fixture
def world():
    sync_roles()
    buyer = BuyerFactory(partner=True)
    ContactFactory(buyer=buyer, email="private.person@brand.example")
    return {
        "buyer": buyer,
        "factory": FactoryFactory(),
        "record": CommitmentRecordFactory(buyer=buyer),
        "signup": SignupRequestFactory(),
    }


def _client(role):
    user = UserFactory(staff=True, username=role.replace(" ", "-"))
    if role != NO_ROLE:
        user.groups.set([Group.objects.get(name=role)])
    client = Client()
    client.force_login(user)
    return client


# (what, method, URL from the world, data, the roles allowed)
MATRIX = [
    ("dashboard overview", "get", lambda w: reverse("dashboard:overview"), None, EVERY_ROLE),
    ("dashboard buyer list", "get", lambda w: reverse("dashboard:buyer_list"), None, EVERY_ROLE),
    (
        "dashboard buyer file",
        "get",
        lambda w: reverse("dashboard:buyer_detail", args=[w["buyer"].pk]),
        None,
        EVERY_ROLE,
    ),
    ("dashboard factory list", "get", lambda w: reverse("dashboard:factory_list"), None, EVERY_ROLE),
    (
        "dashboard factory file",
        "get",
        lambda w: reverse("dashboard:factory_detail", args=[w["factory"].pk]),
        None,
        EVERY_ROLE,
    ),
    ("dashboard buyer CSV export", "get", lambda w: reverse("dashboard:buyer_export"), None, PEOPLE),
    ("dashboard my work", "get", lambda w: reverse("dashboard:my_work"), None, EVERY_ROLE),
    ("dashboard benefits table", "get", lambda w: reverse("dashboard:benefits"), None, EVERY_ROLE),
    (
        "dashboard log an interaction",
        "get",
        lambda w: reverse("dashboard:log_interaction", args=[w["buyer"].pk]),
        None,
        PEOPLE,
    ),
    (
        "dashboard yearly partner review",
        "get",
        lambda w: reverse("dashboard:partner_review", args=[w["buyer"].pk]),
        None,
        {DECIDER},
    ),
    ("admin interaction add", "get", lambda w: "/admin/partnerships/interaction/add/", None, PEOPLE),
    ("admin interactions", "get", lambda w: "/admin/partnerships/interaction/", None, EVERY_ROLE),
    ("admin partner reviews", "get", lambda w: "/admin/partnerships/partnerreview/", None, EVERY_ROLE),
    ("admin emails sent to buyers", "get", lambda w: "/admin/partnerships/buyermessage/", None, PEOPLE),
    ("admin buyer list", "get", lambda w: "/admin/buyers/buyer/", None, EVERY_ROLE),
    ("admin buyer page", "get", lambda w: f"/admin/buyers/buyer/{w['buyer'].pk}/change/", None, EVERY_ROLE),
    ("admin buyer add", "get", lambda w: "/admin/buyers/buyer/add/", None, {EDITOR}),
    ("admin buyer delete", "get", lambda w: f"/admin/buyers/buyer/{w['buyer'].pk}/delete/", None, set()),
    ("admin contact list", "get", lambda w: "/admin/buyers/contact/", None, PEOPLE),
    ("admin contact add", "get", lambda w: "/admin/buyers/contact/add/", None, {EDITOR}),
    ("admin factory list", "get", lambda w: "/admin/buyers/factory/", None, EVERY_ROLE),
    ("admin factory add", "get", lambda w: "/admin/buyers/factory/add/", None, {EDITOR}),
    ("admin sourcing add", "get", lambda w: "/admin/buyers/sourcing/add/", None, {EDITOR}),
    ("admin assessment add", "get", lambda w: "/admin/buyers/assessment/add/", None, {EDITOR}),
    ("admin audit add", "get", lambda w: "/admin/buyers/factoryaudit/add/", None, {EDITOR}),
    ("admin country programme add", "get", lambda w: "/admin/buyers/countryprogramme/add/", None, {ADMINISTRATOR}),
    ("admin signup list", "get", lambda w: "/admin/buyers/signuprequest/", None, EVERY_ROLE),
    ("admin signup add", "get", lambda w: "/admin/buyers/signuprequest/add/", None, set()),
    (
        "admin signup accept",
        "get",
        lambda w: f"/admin/buyers/signuprequest/accept/?ids={w['signup'].pk}",
        None,
        {EDITOR},
    ),
    (
        "admin signup reject",
        "get",
        lambda w: f"/admin/buyers/signuprequest/reject/?ids={w['signup'].pk}",
        None,
        {EDITOR},
    ),
    ("admin checklist line list", "get", lambda w: "/admin/partnerships/commitmentrecord/", None, EVERY_ROLE),
    ("admin checklist line add", "get", lambda w: "/admin/partnerships/commitmentrecord/add/", None, {DECIDER}),
    ("admin commitment add", "get", lambda w: "/admin/partnerships/commitment/add/", None, {ADMINISTRATOR}),
    ("admin benefit add", "get", lambda w: "/admin/partnerships/benefit/add/", None, {ADMINISTRATOR}),
    ("admin decision list", "get", lambda w: "/admin/partnerships/partnershipdecision/", None, EVERY_ROLE),
    ("admin decide page", "get", lambda w: f"/admin/buyers/buyer/{w['buyer'].pk}/decide/", None, EVERY_ROLE),
    (
        "admin decide: record a decision",
        "post",
        lambda w: f"/admin/buyers/buyer/{w['buyer'].pk}/decide/",
        lambda w: {"action": "decide", "outcome": "downgraded", "rationale": "Test.", "expected_tier": "partner"},
        {DECIDER},
    ),
    (
        "admin decide: update the checklist",
        "post",
        lambda w: f"/admin/buyers/buyer/{w['buyer'].pk}/decide/",
        lambda w: {
            "action": "checklist",
            "page_version": page_version(buyer=w["buyer"]),
            "commitments": [Commitment.objects.get(code="governance").pk],
            "state": "verified",
        },
        {DECIDER},
    ),
    *(
        (f"admin {model} {action}", "get", lambda w, m=model, a=action: f"/admin/buyers/{m}/{a}/", None, allowed)
        for model, export_allowed in (
            ("factory", EVERY_ROLE),
            ("assessment", EVERY_ROLE),
            ("sourcing", EVERY_ROLE),
            ("buyer", PEOPLE),
            ("contact", PEOPLE),
        )
        for action, allowed in (("import", {EDITOR}), ("export", export_allowed))
    ),
    ("admin users", "get", lambda w: "/admin/auth/user/", None, {EDITOR, ADMINISTRATOR}),
    ("admin user add", "get", lambda w: "/admin/auth/user/add/", None, {ADMINISTRATOR}),
    ("admin groups", "get", lambda w: "/admin/auth/group/", None, {ADMINISTRATOR}),
]
ROLES = [VIEWER, EDITOR, DECIDER, ADMINISTRATOR, NO_ROLE]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("what", "method", "url", "data", "allowed"), MATRIX, ids=[row[0] for row in MATRIX])
def test_role_matrix(world, role, what, method, url, data, allowed):
    client = _client(role)
    response = getattr(client, method)(url(world), data(world) if data else None)
    if role in allowed:
        assert response.status_code in (200, 302), f"{role} refused {what}"
    else:
        assert response.status_code == 403, f"{role} allowed {what} ({response.status_code})"


@pytest.mark.parametrize("role", [VIEWER, ADMINISTRATOR])
def test_the_buyer_file_keeps_contacts_details_from_roles_without_the_permission(world, role):
    html = _client(role).get(reverse("dashboard:buyer_detail", args=[world["buyer"].pk])).content.decode()
    assert "private.person@brand.example" not in html
    assert "Can view contact" in html


@pytest.mark.parametrize("role", sorted(PEOPLE))
def test_the_buyer_file_shows_contacts_to_editors_and_deciders(world, role):
    html = _client(role).get(reverse("dashboard:buyer_detail", args=[world["buyer"].pk])).content.decode()
    assert "private.person@brand.example" in html


def test_the_buyer_list_offers_the_export_only_to_roles_that_may_export(world):
    assert "Download CSV" not in _client(VIEWER).get(reverse("dashboard:buyer_list")).content.decode()
    assert "Download CSV" in _client(EDITOR).get(reverse("dashboard:buyer_list")).content.decode()


def test_roles_grant_no_delete_permission(world):
    deletes = [p for g in Group.objects.all() for p in g.permissions.all() if p.codename.startswith("delete_")]
    assert deletes == []

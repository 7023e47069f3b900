import pytest
from django.urls import reverse

from tests.factories import BuyerFactory, FactoryFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGES = ["overview", "buyer_list", "buyer_export", "buyer_detail", "factory_list", "factory_detail"]


def _url(name):
    if name == "buyer_detail":
        return reverse("dashboard:buyer_detail", args=[BuyerFactory().pk])
    if name == "factory_detail":
        return reverse("dashboard:factory_detail", args=[FactoryFactory().pk])
    return reverse(f"dashboard:{name}")


@pytest.mark.parametrize("name", PAGES)
def test_dashboard_sends_anonymous_visitor_to_login(client, name):
    url = _url(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("name", PAGES)
def test_dashboard_refuses_signed_in_non_staff_with_explanation(non_staff_client, name):
    response = non_staff_client.get(_url(name))
    assert response.status_code == 403
    assert "This page is for Better Work staff." in response.content.decode()
    assert "buyer.person" in response.content.decode()


@pytest.mark.parametrize("name", PAGES)
def test_dashboard_opens_for_staff(staff_client, name):
    assert staff_client.get(_url(name)).status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_dashboard_refuses_staff_without_the_pages_permission(client, name):
    # Issue 10, finding 3: a staff account with no permission read every
    # buyer and contact and downloaded the whole buyer CSV.
    client.force_login(UserFactory(staff=True, username="new.starter"))
    response = client.get(_url(name))
    assert response.status_code == 403
    assert "Your account does not have permission for this page." in response.content.decode()


def test_login_sends_staff_to_their_own_work(client):
    UserFactory(staff=True, username="focal.point")
    response = client.post(reverse("login"), {"username": "focal.point", "password": "correct horse battery staple"})
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:my_work")


def test_login_returns_staff_to_the_page_asked_for(client):
    UserFactory(staff=True, username="focal.point")
    response = client.post(
        f"{reverse('login')}?next=/dashboard/factories/",
        {"username": "focal.point", "password": "correct horse battery staple", "next": "/dashboard/factories/"},
    )
    assert response["Location"] == "/dashboard/factories/"


def test_login_page_says_who_it_is_for(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Staff sign in" in response.content.decode()


def test_forbidden_page_for_staff_lacking_a_permission_does_not_say_staff_only(client):
    client.force_login(UserFactory(staff=True, username="new.starter"))
    response = client.get(reverse("admin:buyers_buyer_decide", args=[BuyerFactory().pk]))
    assert response.status_code == 403
    assert "does not have permission" in response.content.decode()


def test_buyer_file_shows_decision_button_to_staff_who_may_decide(staff_client):
    buyer = BuyerFactory()
    response = staff_client.get(reverse("dashboard:buyer_detail", args=[buyer.pk]))
    assert reverse("admin:buyers_buyer_decide", args=[buyer.pk]) in response.content.decode()
    assert ">Decide partnership</a>" in response.content.decode()


def test_buyer_file_shows_decision_button_to_superuser(admin_client_):
    buyer = BuyerFactory()
    response = admin_client_.get(reverse("dashboard:buyer_detail", args=[buyer.pk]))
    assert ">Decide partnership</a>" in response.content.decode()


def test_buyer_file_hides_decision_button_from_staff_who_may_not_decide(viewer_client):
    buyer = BuyerFactory()
    response = viewer_client.get(reverse("dashboard:buyer_detail", args=[buyer.pk]))
    assert response.status_code == 200
    assert ">Decide partnership</a>" not in response.content.decode()
    assert reverse("admin:buyers_buyer_change", args=[buyer.pk]) in response.content.decode()


@pytest.mark.parametrize("name", PAGES)
def test_dashboard_page_leaks_no_template_syntax(staff_client, name):
    html = b"".join(staff_client.get(_url(name))).decode()
    assert "{#" not in html and "{%" not in html and "{{" not in html

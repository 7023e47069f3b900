import pytest

pytestmark = pytest.mark.django_db


def test_every_page_sends_a_content_security_policy_without_inline_scripts(client):
    policy = client.get("/admin/login/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("style-src-attr")[0]
    assert "frame-ancestors 'none'" in policy


def test_pages_refuse_to_be_framed(client):
    assert client.get("/admin/login/").headers["X-Frame-Options"] == "DENY"


def test_admin_needs_a_staff_login(client):
    response = client.get("/admin/buyers/buyer/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")

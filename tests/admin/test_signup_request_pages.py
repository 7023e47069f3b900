"""The signup request's list and change page in the admin."""

import datetime

import pytest

from tests.admin.registry import admin_url
from tests.factories import (
    SignupRequestFactory,
)

pytestmark = pytest.mark.django_db


# Signup requests.


def test_signup_request_changelist_lists_newest_first(staff_client):
    older = SignupRequestFactory(submitted_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC))
    newer = SignupRequestFactory(submitted_at=datetime.datetime(2026, 2, 5, tzinfo=datetime.UTC))

    response = staff_client.get(admin_url("buyers.signuprequest", "changelist"))

    assert list(response.context["cl"].result_list) == [newer, older]


def test_signup_request_change_form_keeps_submission_and_outcome_read_only(staff_client):
    signup = SignupRequestFactory()

    response = staff_client.get(admin_url("buyers.signuprequest", "change", signup.pk))

    assert set(response.context["adminform"].form.fields) == {"possible_duplicate_of"}


def test_a_new_request_leads_with_its_review_actions(admin_client_):
    from tests.factories import SignupRequestFactory

    signup = SignupRequestFactory()
    html = admin_client_.get(f"/admin/buyers/signuprequest/{signup.pk}/change/").content.decode()
    assert html.index("signup-review-actions") < html.index('id="signuprequest_form"') + 2000
    assert 'class="button default signup-accept-link"' in html
    assert "Save and add another" not in html


def test_a_decided_request_is_read_not_saved(admin_client_):
    from tests.factories import SignupRequestFactory

    signup = SignupRequestFactory(status="rejected", rejection_reason="Not apparel.")
    html = admin_client_.get(f"/admin/buyers/signuprequest/{signup.pk}/change/").content.decode()
    assert "This request was <strong>rejected</strong>" in html
    assert 'name="_save"' not in html
    assert 'class="deletelink"' not in html
    assert "id_possible_duplicate_of" not in html

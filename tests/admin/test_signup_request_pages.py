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

"""Bots, floods and second sendings of the signup form: refused without
outer services, and without saying which check failed."""

import re

import pytest
from django.core import mail
from django.test import Client

from betterwork_portal.public import constants
from betterwork_portal.public.forms import CHECK_AGAIN, FORM_EXPIRED
from betterwork_portal.public.tokens import read_form_token
from buyers.models import SignupRequest
from tests.factories import signup_form_data
from tests.public.signup_page import SIGNUP_URL, form_top

pytestmark = pytest.mark.django_db


# Bots, floods and second sendings.


def test_signup_filled_honeypot_is_refused_without_saying_why(client):
    response = client.post(SIGNUP_URL, signup_form_data(extra_info="https://cheap-pills.example"))

    assert CHECK_AGAIN in form_top(response)
    assert "honeypot" not in response.content.decode().lower()
    assert SignupRequest.objects.count() == 0


def test_signup_sent_faster_than_a_person_can_fill_it_is_refused(client):
    response = client.post(SIGNUP_URL, signup_form_data(form_age=0.5))

    assert CHECK_AGAIN in form_top(response)
    assert SignupRequest.objects.count() == 0


def test_signup_refusal_is_said_once_in_the_summary_not_again_in_a_second_box(client):
    response = client.post(SIGNUP_URL, signup_form_data(form_age=0.5))

    assert response.content.decode().count(CHECK_AGAIN) == 1


def test_signup_minimum_fill_time_is_a_constant_tests_can_lower(client, monkeypatch):
    monkeypatch.setattr(constants, "SIGNUP_MIN_FILL_SECONDS", 0)

    response = client.post(SIGNUP_URL, signup_form_data(form_age=0))

    assert response.status_code == 302


@pytest.mark.parametrize(
    "token",
    ["", "garbage", "eyJrIjoiYWJjIiwidCI6MH0:1tampered:signature", "x" * 10_000],
    ids=["missing", "garbage", "forged", "huge"],
)
def test_signup_tampered_form_token_is_refused_and_replaced(client, token):
    response = client.post(SIGNUP_URL, signup_form_data(form_token=token))

    assert CHECK_AGAIN in form_top(response)
    assert read_form_token(response.context["form"].data["form_token"]) is not None
    assert SignupRequest.objects.count() == 0


def test_signup_token_with_a_changed_timestamp_is_refused(client):
    data = signup_form_data()
    value, _, signature = data["form_token"].rpartition(":")
    payload, _, timestamp = value.rpartition(":")
    data["form_token"] = f"{payload}:{timestamp[:-1]}{'A' if timestamp[-1] != 'A' else 'B'}:{signature}"

    response = client.post(SIGNUP_URL, data)

    assert CHECK_AGAIN in form_top(response)
    assert SignupRequest.objects.count() == 0


def test_signup_form_left_open_too_long_asks_to_check_and_send_again(client):
    response = client.post(SIGNUP_URL, signup_form_data(form_age=constants.SIGNUP_FORM_MAX_AGE_SECONDS + 60))

    assert FORM_EXPIRED in form_top(response)
    assert SignupRequest.objects.count() == 0


def test_signup_sent_twice_keeps_one_request_and_sends_one_pair_of_emails(client, django_capture_on_commit_callbacks):
    data = signup_form_data()

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(SIGNUP_URL, data)
        second = client.post(SIGNUP_URL, data)

    assert SignupRequest.objects.count() == 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert len(mail.outbox) == 2


def test_signup_sent_again_after_success_is_not_counted_against_the_rate_limit(client, monkeypatch):
    monkeypatch.setattr(constants, "SIGNUP_RATE_LIMIT", 1)
    data = signup_form_data()
    first = client.post(SIGNUP_URL, data)

    second = client.post(SIGNUP_URL, data)

    assert second["Location"] == first["Location"]


def test_signup_over_the_rate_limit_is_refused_with_a_message(client, monkeypatch):
    monkeypatch.setattr(constants, "SIGNUP_RATE_LIMIT", 2)
    for n in range(2):
        client.post(SIGNUP_URL, signup_form_data(organisation_name=f"Brand {n}"))

    response = client.post(SIGNUP_URL, signup_form_data(organisation_name="Brand 3"))

    assert response.status_code == 429
    assert "Several applications have been sent from your connection" in form_top(response)
    assert SignupRequest.objects.count() == 2


def test_signup_rate_limit_counts_spam_caught(client, monkeypatch):
    monkeypatch.setattr(constants, "SIGNUP_RATE_LIMIT", 2)
    for _ in range(2):
        client.post(SIGNUP_URL, signup_form_data(extra_info="spam"))

    response = client.post(SIGNUP_URL, signup_form_data())

    assert response.status_code == 429
    assert SignupRequest.objects.count() == 0


def test_signup_rate_limit_is_per_address(client, monkeypatch):
    monkeypatch.setattr(constants, "SIGNUP_RATE_LIMIT", 1)
    client.post(SIGNUP_URL, signup_form_data(organisation_name="Brand 1"), REMOTE_ADDR="203.0.113.1")

    response = client.post(SIGNUP_URL, signup_form_data(organisation_name="Brand 2"), REMOTE_ADDR="203.0.113.2")

    assert response.status_code == 302


def test_signup_rate_limit_behind_a_proxy_counts_each_visitor_not_the_proxy(client, monkeypatch, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    monkeypatch.setattr(constants, "SIGNUP_RATE_LIMIT", 2)
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(3):
        client.post(SIGNUP_URL, signup_form_data(extra_info="spam"), HTTP_X_FORWARDED_FOR="203.0.113.66", **proxy)

    response = client.post(SIGNUP_URL, signup_form_data(), HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)

    assert response.status_code == 302
    assert SignupRequest.objects.count() == 1


def test_signup_rate_limit_ignores_an_address_the_visitor_forged_in_the_header(client, monkeypatch, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    monkeypatch.setattr(constants, "SIGNUP_RATE_LIMIT", 1)
    client.post(SIGNUP_URL, signup_form_data(extra_info="spam"), HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.66")

    # A new forged address on the left changes nothing: the proxy's entry counts.
    response = client.post(SIGNUP_URL, signup_form_data(), HTTP_X_FORWARDED_FOR="8.8.8.8, 203.0.113.66")

    assert response.status_code == 429


def test_signup_corrected_mistakes_do_not_count_against_the_rate_limit(client, monkeypatch):
    monkeypatch.setattr(constants, "SIGNUP_RATE_LIMIT", 1)
    for _ in range(3):
        client.post(SIGNUP_URL, signup_form_data(contact_email="not-an-email"))

    response = client.post(SIGNUP_URL, signup_form_data())

    assert response.status_code == 302


def test_reserve_signup_attempt_lets_exactly_the_limit_through(monkeypatch):
    from betterwork_portal.public.throttle import reserve_signup_attempt

    monkeypatch.setattr(constants, "SIGNUP_RATE_LIMIT", 3)
    granted = [reserve_signup_attempt(address="203.0.113.9") for _ in range(6)]
    assert granted == [True, True, True, False, False, False]


def test_signup_without_csrf_token_is_refused_kindly_and_writes_nothing():
    client = Client(enforce_csrf_checks=True)

    response = client.post(SIGNUP_URL, signup_form_data())

    assert response.status_code == 403
    assert "Please go back and send the form again" in response.content.decode()
    assert SignupRequest.objects.count() == 0


def test_signup_honeypot_is_hidden_from_people_and_assistive_technology(client):
    page = client.get(SIGNUP_URL).content.decode()

    wrapper = re.search(r'<div\s+class="bw-hp"\s+aria-hidden="true">(.*?)</div>\s*</div>', page, re.S)
    assert wrapper
    field = re.search(r'<input[^>]*name="extra_info"[^>]*>', wrapper.group(1)).group(0)
    assert 'tabindex="-1"' in field
    assert 'autocomplete="off"' in field

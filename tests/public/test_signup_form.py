"""The public signup form, through the test client: what it keeps, what it
refuses and where it says why."""

import html
import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from betterwork_portal.public import constants
from betterwork_portal.public.forms import CHECK_AGAIN, FORM_EXPIRED
from betterwork_portal.public.tokens import read_form_token
from buyers.models import Buyer, CountryProgramme, SignupRequest
from buyers.selectors import signup_status_token
from partnerships.models import Commitment
from tests.factories import BuyerFactory, FactoryFactory, SignupRequestFactory, signup_form_data

pytestmark = pytest.mark.django_db

SIGNUP_URL = "/signup/"


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    """The rate limit counts in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def vietnam():
    return CountryProgramme.objects.get(country="VN")


def error_next_to(response, field_id: str) -> str:
    """Return the text of the error shown right under the field *field_id*."""
    match = re.search(
        rf'<div id="id_{re.escape(field_id)}_error" class="invalid-feedback">(.*?)</div>',
        response.content.decode(),
        re.S,
    )
    assert match, f"no error shown next to {field_id}"
    return html.unescape(re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def form_top(response) -> str:
    """Return the text of the summary above the form."""
    match = re.search(
        r'<div class="alert alert-danger bw-form-problems"[^>]*>(.*?)</div>', response.content.decode(), re.S
    )
    assert match, "no summary above the form"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split())


def required_titles():
    return list(
        Commitment.objects.filter(is_active=True, level=Commitment.Level.REQUIRED)
        .order_by("position")
        .values_list("title", flat=True)
    )


# Happy paths.


@pytest.mark.parametrize(
    ("scheme", "commitments"),
    [(SignupRequest.Scheme.PARTICIPANT, ()), (SignupRequest.Scheme.PARTNER, "all")],
)
def test_signup_keeps_request_as_submitted_and_redirects_to_its_done_page(client, vietnam, scheme, commitments):
    data = signup_form_data(
        requested_scheme=scheme,
        commitments=commitments,
        factories=[{"name": "Saigon Garment One", "country_programme": vietnam, "os_id": "vn2019105q2b6x9"}],
        public_listing_consent="on",
    )

    response = client.post(SIGNUP_URL, data)

    signup = SignupRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("public:signup_done", args=[signup_status_token(signup_request=signup)])
    assert re.fullmatch(r"BW-\d{4}-\d{6}", signup.reference)
    assert signup.status == SignupRequest.Status.NEW
    assert signup.requested_scheme == scheme
    assert (signup.organisation_name, signup.headquarters_country.code) == ("Northwind Outfitters", "DE")
    assert signup.contact_email == "alex.morgan@northwind-outfitters.example"
    assert signup.factories == [
        {
            "name": "Saigon Garment One",
            "country_programme": vietnam.pk,
            "country_programme_name": "Better Work Vietnam",
            "os_id": "VN2019105Q2B6X9",
        }
    ]
    expected_codes = list(Commitment.objects.filter(is_active=True).values_list("code", flat=True))
    assert signup.affirmed_commitments == (expected_codes if commitments == "all" else [])
    assert (signup.data_use_consent, signup.public_listing_consent) == (True, True)


@pytest.mark.parametrize("scheme", [SignupRequest.Scheme.PARTICIPANT, SignupRequest.Scheme.PARTNER])
def test_signup_emails_the_buyer_its_reference_and_status_link(client, django_capture_on_commit_callbacks, scheme):
    data = signup_form_data(requested_scheme=scheme, commitments="all" if scheme == "partner" else ())

    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP_URL, data)

    signup = SignupRequest.objects.get()
    status_url = "http://testserver" + reverse(
        "public:signup_status", args=[signup_status_token(signup_request=signup)]
    )
    to_buyer = mail.outbox[0]
    assert to_buyer.to == ["alex.morgan@northwind-outfitters.example"]
    assert to_buyer.subject == f"Your application to Better Work ({signup.reference})"
    assert signup.reference in to_buyer.body
    assert status_url in to_buyer.body
    assert to_buyer.reply_to == settings.BUYER_RELATIONS_EMAILS[:1]
    html_body, mimetype = to_buyer.alternatives[0]
    assert mimetype == "text/html"
    assert signup.reference in html_body
    assert status_url in html_body


@pytest.mark.parametrize("scheme", [SignupRequest.Scheme.PARTICIPANT, SignupRequest.Scheme.PARTNER])
def test_signup_emails_the_buyer_relations_team(client, django_capture_on_commit_callbacks, scheme):
    data = signup_form_data(requested_scheme=scheme, commitments="all" if scheme == "partner" else ())

    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP_URL, data)

    signup = SignupRequest.objects.get()
    assert len(mail.outbox) == 2
    to_team = mail.outbox[1]
    assert to_team.to == settings.BUYER_RELATIONS_EMAILS
    assert to_team.subject == (
        f"New {signup.get_requested_scheme_display()} signup: Northwind Outfitters ({signup.reference})"
    )
    assert to_team.reply_to == ["alex.morgan@northwind-outfitters.example"]
    assert signup.reference in to_team.body
    assert reverse("admin:buyers_signuprequest_change", args=[signup.pk]) in to_team.body
    html_body, mimetype = to_team.alternatives[0]
    assert mimetype == "text/html"
    assert signup.reference in html_body


def test_signup_form_shows_every_active_commitment_with_the_encouraged_one_marked(client):
    response = client.get(SIGNUP_URL)

    page = html.unescape(response.content.decode())
    for title in required_titles():
        assert title in page
    encouraged = Commitment.objects.get(code="sourcing-practices")
    assert f"{encouraged.title} (encouraged, not required)" in page


def test_signup_form_labels_every_visible_field(client):
    response = client.get(SIGNUP_URL)

    page = response.content.decode()
    tags = re.findall(r"<(?:input|select|textarea)[^>]*>", page)
    visible = [
        re.search(r'\bid="([^"]+)"', tag).group(1)
        for tag in tags
        if 'type="hidden"' not in tag and "__prefix__" not in tag and "visually-hidden" not in tag
    ]
    assert len(visible) > 20
    for field_id in visible:
        assert f'for="{field_id}"' in page, field_id


def test_signup_form_limits_lengths_to_the_models(client):
    response = client.get(SIGNUP_URL)

    page = response.content.decode()
    for field, model_field in [
        ("organisation_name", "organisation_name"),
        ("contact_name", "contact_name"),
        ("contact_email", "contact_email"),
        ("contact_job_title", "contact_job_title"),
        ("contact_phone", "contact_phone"),
        ("website", "website"),
    ]:
        max_length = SignupRequest._meta.get_field(model_field).max_length
        assert re.search(rf'name="{field}"[^>]*maxlength="{max_length}"', page), field


def test_signup_form_preselects_the_scheme_from_the_home_page_link(client):
    response = client.get(SIGNUP_URL, {"scheme": "partner"})

    assert re.search(r'value="partner"[^>]*checked', response.content.decode())


def test_signup_done_page_counts_listed_factories_already_in_the_programme(client, vietnam):
    FactoryFactory(name="Saigon Garment One Co., Ltd.", country_programme=vietnam)
    FactoryFactory(name="Different Name", country_programme=vietnam, os_id="VN2019105Q2B6X9")
    data = signup_form_data(
        factories=[
            {"name": "saigon garment one co ltd", "country_programme": vietnam},
            {"name": "Listed under another name", "country_programme": vietnam, "os_id": "VN2019105Q2B6X9"},
            {"name": "Unknown Factory", "country_programme": vietnam},
        ]
    )

    response = client.post(SIGNUP_URL, data, follow=True)

    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())
    assert "2 of the 3 factories you listed are already in the Better Work programme." in text
    assert SignupRequest.objects.get().reference in text


# Hostile or mistaken input: a message next to the right field, and no row.

LONG = "x" * 10_000

REFUSED = [
    # (case, posted values, field id, message)
    (
        "organisation name that normalises past its key column",
        {"organisation_name": "\ufdfa" * 12},
        "organisation_name",
        "This name is too long once written out in full. Please shorten it.",
    ),
    (
        "right-to-left override in organisation",
        {"organisation_name": "Acme \u202egnirruoS"},
        "organisation_name",
        "Use one line of ordinary text, without line breaks or control characters.",
    ),
    (
        "left-to-right override in contact name",
        {"contact_name": "Ann \u202dExample"},
        "contact_name",
        "Use one line of ordinary text, without line breaks or control characters.",
    ),
    ("empty organisation", {"organisation_name": ""}, "organisation_name", "Enter your organisation’s name."),
    (
        "whitespace organisation",
        {"organisation_name": "   \t "},
        "organisation_name",
        "Enter your organisation’s name.",
    ),
    (
        "invisible organisation",
        {"organisation_name": "\u200b\u200d"},
        "organisation_name",
        "Enter your organisation’s name.",
    ),
    ("punctuation organisation", {"organisation_name": "..."}, "organisation_name", "Enter your organisation’s name."),
    ("long organisation", {"organisation_name": LONG}, "organisation_name", "at most 200 characters (it has 10000)"),
    (
        "header injection in organisation",
        {"organisation_name": "Acme\r\nBcc: victim@example.com"},
        "organisation_name",
        "Use one line of ordinary text",
    ),
    (
        "null byte organisation",
        {"organisation_name": "Acme\x00"},
        "organisation_name",
        "Null characters are not allowed.",
    ),
    (
        "line separator in organisation",
        {"organisation_name": "Acme\u2028Bcc: victim@example.com"},
        "organisation_name",
        "Use one line of ordinary text",
    ),
    ("no country", {"headquarters_country": ""}, "headquarters_country", "Choose the country of your headquarters."),
    ("unknown country", {"headquarters_country": "XX"}, "headquarters_country", "from the list"),
    ("script as country", {"headquarters_country": "<script>"}, "headquarters_country", "from the list"),
    ("invalid website", {"website": "not a website"}, "website", "Enter the website address"),
    ("script website", {"website": "javascript:alert(1)"}, "website", "Enter the website address"),
    ("long website", {"website": f"https://{LONG}.example"}, "website", "at most 300 characters"),
    ("empty name", {"contact_name": ""}, "contact_name", "Enter your name."),
    ("whitespace name", {"contact_name": "    "}, "contact_name", "Enter your name."),
    ("long name", {"contact_name": LONG}, "contact_name", "at most 200 characters"),
    ("empty email", {"contact_email": ""}, "contact_email", "Enter your work email address."),
    ("invalid email", {"contact_email": "not-an-email"}, "contact_email", "Enter an email address like"),
    (
        "header injection in email",
        {"contact_email": "a@example.com\nBcc: victim@example.com"},
        "contact_email",
        "Enter an email address like",
    ),
    ("script email", {"contact_email": "<script>alert(1)</script>@x.com"}, "contact_email", "Enter an email address"),
    ("long email", {"contact_email": f"{LONG}@example.com"}, "contact_email", "at most 254 characters"),
    ("long job title", {"contact_job_title": LONG}, "contact_job_title", "at most 200 characters"),
    ("two-line job title", {"contact_job_title": "Head\nof buying"}, "contact_job_title", "Use one line"),
    ("script phone", {"contact_phone": "<script>alert(1)</script>"}, "contact_phone", "Enter a phone number"),
    ("sql phone", {"contact_phone": "1' OR '1'='1"}, "contact_phone", "Enter a phone number"),
    ("long phone", {"contact_phone": "1" * 10_000}, "contact_phone", "at most 40 characters"),
    ("no scheme", {"requested_scheme": ""}, "requested_scheme", "Choose the Participant or the Partner scheme."),
    (
        "unknown scheme",
        {"requested_scheme": "gold"},
        "requested_scheme",
        "Choose the Participant or the Partner scheme.",
    ),
    ("no data consent", {"data_use_consent": ""}, "data_use_consent", "Please agree to the use of your data"),
    (
        "malformed OS ID",
        {"factories-0-name": "Saigon Garment One", "factories-0-country_programme": "VN", "factories-0-os_id": "XYZ"},
        "factories-0-os_id",
        "An OS ID is two letters, seven digits and six letters or digits",
    ),
    (
        "unknown country programme",
        {"factories-0-name": "Saigon Garment One", "factories-0-country_programme": "999999"},
        "factories-0-country_programme",
        "Choose the country programme from the list.",
    ),
    (
        "sql as country programme",
        {"factories-0-name": "Saigon Garment One", "factories-0-country_programme": "1 OR 1=1"},
        "factories-0-country_programme",
        "Choose the country programme from the list.",
    ),
    (
        "factory without programme",
        {"factories-0-name": "Saigon Garment One"},
        "factories-0-country_programme",
        "Choose the country programme the factory is in.",
    ),
    (
        "factory without name",
        {"factories-0-country_programme": "VN", "factories-0-os_id": "VN2019105Q2B6X9"},
        "factories-0-name",
        "Enter the factory’s name",
    ),
    (
        "long factory name",
        {"factories-0-name": LONG, "factories-0-country_programme": "VN"},
        "factories-0-name",
        "at most 200 characters",
    ),
]


@pytest.mark.parametrize(("case", "values", "field_id", "message"), REFUSED, ids=[c[0] for c in REFUSED])
def test_signup_refuses_input_with_message_next_to_field(client, vietnam, case, values, field_id, message):
    BuyerFactory()
    values = {k: str(vietnam.pk) if v == "VN" else v for k, v in values.items()}
    data = signup_form_data(**values)
    if values.get("data_use_consent") == "":
        del data["data_use_consent"]

    response = client.post(SIGNUP_URL, data)

    assert response.status_code == 200
    assert message in error_next_to(response, field_id)
    assert SignupRequest.objects.count() == 0
    assert Buyer.objects.count() == 1


def test_signup_refuses_a_factory_listed_twice(client, vietnam):
    row = {"name": "Saigon Garment One", "country_programme": vietnam}
    response = client.post(SIGNUP_URL, signup_form_data(factories=[row, {**row, "name": "SAIGON garment one."}]))

    assert "This factory is already listed above" in error_next_to(response, "factories-1-name")
    assert SignupRequest.objects.count() == 0


@pytest.mark.parametrize("total", ["31", "1000000"])
def test_signup_refuses_more_factory_rows_than_allowed(client, total):
    response = client.post(SIGNUP_URL, signup_form_data(**{"factories-TOTAL_FORMS": total}))

    assert "List at most 30 factories here" in response.content.decode()
    assert "List at most 30 factories here" in form_top(response)
    assert SignupRequest.objects.count() == 0


def test_signup_refuses_a_factory_list_without_its_management_form(client):
    data = signup_form_data()
    del data["factories-TOTAL_FORMS"]

    response = client.post(SIGNUP_URL, data)

    assert "The factory list did not arrive complete" in form_top(response)
    assert SignupRequest.objects.count() == 0


# Unusual names that are real: kept exactly as typed.

KEPT = [
    ("arabic", "شركة الأزياء المتحدة"),
    ("hebrew", "אופנה ישראלית בע״מ"),
    ("emoji", "Sunshine Apparel 🌞👕"),
    ("japanese", "株式会社ファーストリテイリング"),
    ("mixed direction", "Nile Cotton \u202bقطن النيل\u202c Ltd"),
]


@pytest.mark.parametrize(("case", "name"), KEPT, ids=[c[0] for c in KEPT])
def test_signup_keeps_right_to_left_and_emoji_names_intact(client, case, name):
    response = client.post(SIGNUP_URL, signup_form_data(organisation_name=name, contact_name=name))

    assert response.status_code == 302
    signup = SignupRequest.objects.get()
    assert (signup.organisation_name, signup.contact_name) == (name, name)


MARKUP = "<script>alert('x')</script> Robert'); DROP TABLE buyers_buyer;-- & Sons"


@pytest.mark.parametrize("field", ["organisation_name", "contact_name", "contact_job_title"])
def test_signup_keeps_script_and_sql_as_plain_text(client, field):
    BuyerFactory()

    response = client.post(SIGNUP_URL, signup_form_data(**{field: MARKUP}))

    assert response.status_code == 302
    assert getattr(SignupRequest.objects.get(), field) == MARKUP
    assert Buyer.objects.count() == 1  # the table is still there


def test_signup_status_page_escapes_what_was_typed(client):
    client.post(SIGNUP_URL, signup_form_data(organisation_name=MARKUP))
    token = signup_status_token(signup_request=SignupRequest.objects.get())

    response = client.get(reverse("public:signup_status", args=[token]))

    page = response.content.decode()
    assert "&lt;script&gt;alert(" in page
    assert "<script>alert(" not in page


def test_signup_emails_escape_markup_in_html_and_keep_it_as_text(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP_URL, signup_form_data(organisation_name=MARKUP))

    for message in mail.outbox:
        html_body = message.alternatives[0][0]
        assert "<script>" not in html_body
        assert "&lt;script&gt;" in html_body
    assert MARKUP in mail.outbox[1].body


# The partner rule at the door.


def test_signup_partner_without_commitments_is_refused_listing_every_missing_one(client):
    response = client.post(SIGNUP_URL, signup_form_data(requested_scheme="partner"))

    summary = form_top(response)
    assert "To join as a Partner, every required commitment must be affirmed" in summary
    for title in required_titles():
        assert title in summary
    assert "Apply as Participant instead" in summary
    assert SignupRequest.objects.count() == 0


def test_signup_partner_ticking_some_commitments_is_told_which_are_missing(client):
    ticked = ["spirit-and-practice", "governance", "stop-auditing", "continuous-improvement", "no-fee-charge-back"]
    response = client.post(SIGNUP_URL, signup_form_data(requested_scheme="partner", commitments=ticked))

    summary = form_top(response)
    missing = Commitment.objects.filter(level="required", is_active=True).exclude(code__in=ticked)
    for commitment in missing:
        assert commitment.title in summary
        field_id = "commitment_" + commitment.code.replace("-", "_")
        assert error_next_to(response, field_id) == "Required for the Partner scheme."
    for commitment in Commitment.objects.filter(code__in=ticked):
        assert commitment.title not in summary
    assert SignupRequest.objects.count() == 0


def test_signup_partner_does_not_need_the_encouraged_commitment(client):
    required = Commitment.objects.filter(level="required", is_active=True).values_list("code", flat=True)

    response = client.post(SIGNUP_URL, signup_form_data(requested_scheme="partner", commitments=list(required)))

    assert response.status_code == 302
    assert SignupRequest.objects.get().requested_scheme == "partner"


def test_signup_apply_as_participant_instead_keeps_every_answer(client):
    ticked = ["stop-auditing", "governance"]
    data = signup_form_data(requested_scheme="partner", commitments=ticked)
    refused = client.post(SIGNUP_URL, data)
    # The re-rendered form posts back what it shows, with the other button.
    data["form_token"] = refused.context["form"].data["form_token"]

    response = client.post(SIGNUP_URL, {**data, "apply_as": "participant"})

    assert response.status_code == 302
    signup = SignupRequest.objects.get()
    assert signup.requested_scheme == SignupRequest.Scheme.PARTICIPANT
    assert signup.organisation_name == "Northwind Outfitters"
    assert signup.affirmed_commitments == ["governance", "stop-auditing"]


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


# Possible duplicates: flagged for staff, never refused.


def test_signup_matching_a_buyer_by_normalised_name_is_kept_and_flagged(client):
    buyer = BuyerFactory(name="NORTHWIND  Outfitters.")

    response = client.post(SIGNUP_URL, signup_form_data())

    assert response.status_code == 302
    assert SignupRequest.objects.get().possible_duplicate_of == buyer


def test_signup_matching_a_buyer_by_website_domain_is_kept_and_flagged(client):
    buyer = BuyerFactory(name="NW Outfitters Holding", website="http://northwind-outfitters.example/about")

    client.post(SIGNUP_URL, signup_form_data())

    assert SignupRequest.objects.get(organisation_name="Northwind Outfitters").possible_duplicate_of == buyer


def test_signup_matching_an_open_request_is_kept_and_flagged(client):
    earlier = SignupRequestFactory(organisation_name="Northwind Outfitters", website="")

    client.post(SIGNUP_URL, signup_form_data())

    signup = SignupRequest.objects.exclude(pk=earlier.pk).get()
    assert signup.possible_duplicate_of_request == earlier
    assert signup.possible_duplicate_of is None


def test_signup_matching_only_a_rejected_request_is_not_flagged(client):
    SignupRequestFactory(organisation_name="Northwind Outfitters", status=SignupRequest.Status.REJECTED)

    client.post(SIGNUP_URL, signup_form_data())

    signup = SignupRequest.objects.get(status=SignupRequest.Status.NEW)
    assert signup.possible_duplicate_of_request is None


def test_signup_honeypot_is_hidden_from_people_and_assistive_technology(client):
    page = client.get(SIGNUP_URL).content.decode()

    wrapper = re.search(r'<div\s+class="bw-hp"\s+aria-hidden="true">(.*?)</div>\s*</div>', page, re.S)
    assert wrapper
    field = re.search(r'<input[^>]*name="extra_info"[^>]*>', wrapper.group(1)).group(0)
    assert 'tabindex="-1"' in field
    assert 'autocomplete="off"' in field

"""The public signup form, through the test client: what it keeps, what it
refuses and where it says why."""

import html
import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from buyers.models import Buyer, SignupRequest
from buyers.selectors import signup_status_token
from partnerships.models import Commitment
from tests.factories import BuyerFactory, FactoryFactory, signup_form_data
from tests.public.signup_page import SIGNUP_URL, error_next_to, required_labels

pytestmark = pytest.mark.django_db


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
    assert to_buyer.message()["Reply-To"] == settings.BUYER_RELATIONS_EMAILS[0]
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
    assert to_team.message()["Reply-To"] == "alex.morgan@northwind-outfitters.example"
    assert signup.reference in to_team.body
    assert reverse("admin:buyers_signuprequest_change", args=[signup.pk]) in to_team.body
    html_body, mimetype = to_team.alternatives[0]
    assert mimetype == "text/html"
    assert signup.reference in html_body


def test_signup_form_shows_every_active_commitment_with_the_encouraged_one_marked(client):
    response = client.get(SIGNUP_URL)

    page = html.unescape(response.content.decode())
    for label in required_labels():
        assert label in page
    encouraged = Commitment.objects.get(code="sourcing-practices")
    assert f"{encouraged.signup_label} (encouraged, not required)" in page


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


def test_signup_factory_rows_offer_programmes_by_country_alone(client):
    """The select sits under "Country programme": "Better Work Cambodia" would
    say it twice and be cut short ("Better Work Cambc…") in a narrow column."""
    page = client.get(SIGNUP_URL).content.decode()
    assert re.search(r'<option value="\d+">Cambodia</option>', page)
    assert ">Better Work Cambodia</option>" not in page

"""The signup page keeps an empty form's questions in the cache until the
data changes (issue 14; buyers/selectors/data_version.py), and never what
differs between visitors: their form token and CSRF token."""

import re

import pytest
from django.db import connection

from partnerships.models import Commitment
from partnerships.services import load_catalogues

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the version's triggers are PostgreSQL's"),
    # serialized_rollback restores the catalogues the flush after each test removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
URL = "/signup/"


@pytest.fixture(autouse=True)
def catalogues():
    """The commitments the form asks about: a flush after an earlier
    committed test may have removed them (with a reused test database
    there is no saved copy to restore)."""
    load_catalogues()


FIELDS = "public/includes/_signup_fields.html"


def _drawn(response) -> bool:
    return FIELDS in [template.name for template in response.templates]


def _form_token(response) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', response.content.decode()).group(1)


def test_a_second_visitor_gets_the_questions_from_the_cache(client):
    first = client.get(URL)
    second = client.get(URL)
    assert (_drawn(first), _drawn(second)) == (True, False)
    assert 'id="id_headquarters_country"' in second.content.decode()


def test_each_visitor_gets_a_form_token_of_their_own(client):
    first, second = client.get(URL), client.get(URL)
    assert _form_token(first) != _form_token(second)


def test_the_questions_for_each_scheme_are_kept_apart(client):
    client.get(URL)
    partner = client.get(URL, {"scheme": "partner"}).content.decode()
    assert re.search(r'<input[^>]*value="partner"[^>]*checked', partner)


def test_a_commitment_renamed_since_the_last_visit_shows_its_new_wording(client):
    client.get(URL)
    commitment = Commitment.objects.filter(is_active=True, parent=None).order_by("position").first()
    commitment.pledge = "Stop auditing programme factories, as reworded"
    commitment.save()
    assert "Stop auditing programme factories, as reworded" in client.get(URL).content.decode()

"""The checklist completion figure is one rule (partnerships/selectors/
eligibility.py, ``completion_percent``): every surface shows the same
number for the same buyer. 8 of 9 is 88%, rounded down, everywhere."""

import csv
import io

import pytest
from django.urls import reverse

from partnerships.models import Commitment, CommitmentRecord
from partnerships.selectors import buyer_eligibility, buyers_with_eligibility, completion_percent
from tests.factories import BuyerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def eight_of_nine(fill_checklist):
    # Nine required commitments, eight of them done.
    Commitment.objects.filter(code="engage-suppliers").update(is_active=False)
    return fill_checklist(BuyerFactory(name="Eight Of Nine"), time_to_improve=CommitmentRecord.State.NOT_YET)


def test_completion_rounds_down():
    assert [completion_percent(done=d, total=9) for d in (0, 1, 8, 9)] == [0, 11, 88, 100]
    assert completion_percent(done=0, total=0) == 100


def test_completion_is_the_same_in_sql_and_in_the_verdict(eight_of_nine):
    assert buyers_with_eligibility().get(pk=eight_of_nine.pk).completion == 88
    assert buyer_eligibility(buyer=eight_of_nine).completion == 88


def test_completion_is_the_same_on_the_buyer_list_the_csv_the_buyer_file_and_the_admin(staff_client, eight_of_nine):
    listed = staff_client.get(reverse("dashboard:buyer_list"))
    [(row, _risk)] = listed.context["rows"]
    assert row.completion == 88
    assert '<rect class="progress-fill" width="88"' in listed.content.decode()

    exported = staff_client.get(reverse("dashboard:buyer_export"))
    [line] = csv.DictReader(io.StringIO(b"".join(exported).decode("utf-8-sig")))
    assert line["Checklist completion (%)"] == "88"

    buyer_file = staff_client.get(reverse("dashboard:buyer_detail", args=[eight_of_nine.pk]))
    assert buyer_file.context["verdict"].completion == 88
    assert ">88%</span>" in buyer_file.content.decode()

    changelist = staff_client.get(reverse("admin:buyers_buyer_changelist")).content.decode()
    assert "8/9 (88%)" in changelist
    decide = staff_client.get(reverse("admin:buyers_buyer_decide", args=[eight_of_nine.pk])).content.decode()
    assert 'style="width: 88%"' in decide

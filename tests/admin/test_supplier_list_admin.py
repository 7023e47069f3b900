"""The supplier list pages of the admin (issue 11, item 3): upload a
version, read its difference, accept it only with every dropped factory
answered, discard it; the original file comes back as it was sent."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from buyers.models import CountryProgramme, Sourcing, SupplierList
from tests.factories import BuyerFactory, FactoryFactory, SourcingFactory, UserFactory
from tests.spreadsheets import csv_bytes

pytestmark = [pytest.mark.django_db]

UPLOAD_URL = "/admin/buyers/supplierlist/upload/"


@pytest.fixture
def editor_client(client):
    user = UserFactory(staff=True, username="editor")
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="buyers"))
    client.force_login(user)
    return client


@pytest.fixture
def buyer():
    vietnam = CountryProgramme.objects.get(country="VN")
    buyer = BuyerFactory(name="Nordic Threads")
    SourcingFactory(
        buyer=buyer,
        factory=FactoryFactory(name="Hanoi Denim", country_programme=vietnam),
        started_on=datetime.date(2023, 1, 1),
    )
    FactoryFactory(name="Da Nang Stitch", country_programme=vietnam)
    return buyer


FILE = csv_bytes([["name", "country_programme"], ["Da Nang Stitch", "VN"], ["Lisbon Shoes", "Portugal"]])


def _upload(client, buyer, data=FILE, name="nordic.csv"):
    return client.post(
        UPLOAD_URL,
        {"buyer": buyer.pk, "source": "email", "source_note": "From Åsa", "file": SimpleUploadedFile(name, data)},
    )


def test_uploading_a_list_leads_to_its_difference(editor_client, buyer):
    response = _upload(editor_client, buyer)
    supplier_list = SupplierList.objects.get(buyer=buyer)
    assert response["Location"] == f"/admin/buyers/supplierlist/{supplier_list.pk}/review/"
    page = editor_client.get(response["Location"]).content.decode()
    assert "Accepting this version would start sourcing from <strong>1</strong> factory" in page
    assert "Left out of this list: does the sourcing end?" in page
    assert "Hanoi Denim" in page and "Lisbon Shoes" in page


def test_a_bad_file_is_refused_beside_the_file_field_and_nothing_is_kept(editor_client, buyer):
    response = _upload(editor_client, buyer, data=FILE.decode().replace(",", ";").encode())
    assert "separated by semicolons" in " ".join(response.context["form"].errors["file"])
    assert not SupplierList.objects.exists()


def test_accepting_without_answering_a_drop_shows_the_error_at_the_top_and_changes_nothing(editor_client, buyer):
    _upload(editor_client, buyer)
    supplier_list = SupplierList.objects.get()
    response = editor_client.post(f"/admin/buyers/supplierlist/{supplier_list.pk}/review/", {"accept": "1"})
    page = response.content.decode()
    assert 'class="errornote" role="alert"' in page
    assert Sourcing.objects.filter(buyer=buyer, ended_on__isnull=True).count() == 1
    assert SupplierList.objects.get().status == "pending"


def test_accepting_with_every_drop_answered_changes_the_sourcing(editor_client, buyer):
    _upload(editor_client, buyer)
    supplier_list = SupplierList.objects.get()
    dropped = Sourcing.objects.get(buyer=buyer, factory__name="Hanoi Denim")
    response = editor_client.post(
        f"/admin/buyers/supplierlist/{supplier_list.pk}/review/",
        {"accept": "1", f"drop-{dropped.pk}": "volume"},
        follow=True,
    )
    assert "accepted: 1 sourcing started, 1 ended, 0 kept" in response.content.decode()
    assert set(
        Sourcing.objects.filter(buyer=buyer, ended_on__isnull=True).values_list("factory__name", flat=True)
    ) == {"Da Nang Stitch"}


def test_discarding_changes_no_sourcing(editor_client, buyer):
    _upload(editor_client, buyer)
    supplier_list = SupplierList.objects.get()
    editor_client.post(
        f"/admin/buyers/supplierlist/{supplier_list.pk}/review/", {"discard": "1", "decision_note": "Old file"}
    )
    assert SupplierList.objects.get().status == "discarded"
    assert Sourcing.objects.filter(buyer=buyer, ended_on__isnull=True).count() == 1


def test_the_original_file_comes_back_as_sent(editor_client, buyer):
    _upload(editor_client, buyer)
    supplier_list = SupplierList.objects.get()
    response = editor_client.get(f"/admin/buyers/supplierlist/{supplier_list.pk}/file/")
    assert response.content == FILE
    assert response["Content-Disposition"] == 'attachment; filename="nordic.csv"'


def test_a_viewer_reads_the_difference_but_cannot_decide_or_upload(client, buyer, editor_client):
    _upload(editor_client, buyer)
    supplier_list = SupplierList.objects.get()
    viewer = UserFactory(staff=True, username="viewer", permissions=["buyers.view_supplierlist", "buyers.view_buyer"])
    client.force_login(viewer)
    page = client.get(f"/admin/buyers/supplierlist/{supplier_list.pk}/review/").content.decode()
    assert "Accept this version" not in page
    assert client.get(UPLOAD_URL).status_code == 403


def test_the_buyer_file_shows_the_list_history(editor_client, buyer):
    _upload(editor_client, buyer)
    page = editor_client.get(f"/dashboard/buyers/{buyer.pk}/").content.decode()
    assert "Supplier lists (1)" in page
    assert "1 of 2 matched" in page

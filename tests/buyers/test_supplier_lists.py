"""A buyer's supplier list as versions (issue 11, item 3): received and
matched, compared with the buyer's sourcing, accepted only with every
dropped factory confirmed, the drop of a factory making progress flagged
at once with the list as its evidence."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError

from buyers.models import CountryProgramme, Sourcing, SupplierList, SupplierListRow
from buyers.selectors import supplier_list_difference, supplier_list_history
from buyers.services import KEEP, accept_supplier_list, discard_supplier_list, receive_supplier_list
from partnerships.selectors.monitoring import MonitoringFlag, monitoring_flags
from tests.factories import AssessmentFactory, BuyerFactory, FactoryFactory, SourcingFactory, UserFactory
from tests.spreadsheets import csv_bytes

pytestmark = [pytest.mark.django_db]

HEADER = ["name", "country_programme", "city", "os_id"]


@pytest.fixture
def editor():
    user = UserFactory(staff=True, username="editor")
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="buyers"))
    return user


@pytest.fixture
def vietnam():
    return CountryProgramme.objects.get(country="VN")


@pytest.fixture
def programme(vietnam):
    """A partner sourcing from two factories, one of them making progress."""
    buyer = BuyerFactory(name="Nordic Threads", partner=True)
    kept = FactoryFactory(name="Saigon Knit", country_programme=vietnam, os_id="VN2019105Q2B6X9")
    improving = FactoryFactory(name="Hanoi Denim", country_programme=vietnam, city="Hanoi")
    AssessmentFactory(factory=improving, cycle=1, assessed_on=datetime.date(2024, 5, 1), working_time=Decimal("60"))
    AssessmentFactory(factory=improving, cycle=2, assessed_on=datetime.date(2025, 5, 1), working_time=Decimal("10"))
    for factory in (kept, improving):
        SourcingFactory(buyer=buyer, factory=factory, started_on=datetime.date(2023, 1, 1))
    new = FactoryFactory(name="Da Nang Stitch", country_programme=vietnam)
    FactoryFactory(name="Twin Mill", country_programme=vietnam, city="Hue")
    FactoryFactory(name="Twin Mill", country_programme=vietnam, city="Hue")
    return {"buyer": buyer, "kept": kept, "improving": improving, "new": new}


def _receive(buyer, user, rows, **kwargs):
    return receive_supplier_list(
        buyer=buyer,
        file_name="suppliers.csv",
        content=csv_bytes([HEADER, *rows]),
        source="email",
        uploaded_by=user,
        **kwargs,
    ).supplier_list


LIST = [
    ["Saigon Knit trading name", "VN", "", "VN2019105Q2B6X9"],
    ["DA NANG STITCH", "Better Work Vietnam", "", ""],
    ["Twin Mill", "Vietnam", "", ""],
    ["Lisbon Shoes", "Portugal", "", ""],
    ["", "VN", "", ""],
    ["Da Nang Stitch", "VN", "", ""],
]


def test_receiving_a_list_matches_each_row_and_changes_no_sourcing(programme, editor):
    supplier_list = _receive(programme["buyer"], editor, LIST)
    matches = list(supplier_list.rows.order_by("number").values_list("match", flat=True))
    assert matches == ["os_id", "name", "ambiguous", "none", "rejected", "repeated"]
    assert supplier_list.rows.get(match="ambiguous").candidates.count() == 2
    assert "not a Better Work country programme" in supplier_list.rows.get(match="none").problem
    assert (supplier_list.version, supplier_list.status, supplier_list.uploaded_by) == (1, "pending", editor)
    assert Sourcing.objects.filter(buyer=programme["buyer"], ended_on__isnull=True).count() == 2


def test_the_difference_says_what_is_added_dropped_unchanged_unmatched_and_ambiguous(
    programme, editor, django_assert_max_num_queries
):
    supplier_list = _receive(programme["buyer"], editor, LIST)
    with django_assert_max_num_queries(4):
        difference = supplier_list_difference(supplier_list=supplier_list)
    assert [row.factory_id for row in difference.added] == [programme["new"].pk]
    assert [row.factory_id for row in difference.unchanged] == [programme["kept"].pk]
    assert [sourcing.factory_id for sourcing in difference.dropped] == [programme["improving"].pk]
    assert difference.drops_making_progress == difference.dropped
    assert [row.name for row in difference.unmatched] == ["Lisbon Shoes"]
    assert [row.name for row in difference.ambiguous] == ["Twin Mill"]
    assert len(difference.set_aside) == 2


def test_accepting_refuses_until_every_dropped_factory_is_answered(programme, editor):
    supplier_list = _receive(programme["buyer"], editor, LIST)
    with pytest.raises(ValidationError) as refused:
        accept_supplier_list(supplier_list=supplier_list, drops={}, accepted_by=editor)
    assert "Hanoi Denim" in str(refused.value)
    assert SupplierList.objects.get(pk=supplier_list.pk).status == "pending"
    assert not Sourcing.objects.filter(started_by_list=supplier_list).exists()


def test_accepting_starts_the_added_and_ends_the_confirmed_drops(programme, editor):
    buyer = programme["buyer"]
    version = buyer.version
    supplier_list = _receive(buyer, editor, LIST)
    dropped = supplier_list_difference(supplier_list=supplier_list).dropped[0]
    accepted = accept_supplier_list(supplier_list=supplier_list, drops={dropped.pk: "volume"}, accepted_by=editor)
    assert [s.factory_id for s in accepted.started] == [programme["new"].pk]
    ended = Sourcing.objects.get(pk=dropped.pk)
    assert (ended.end_reason, ended.ended_by_list_id) == ("volume", supplier_list.pk)
    assert ended.ended_on is not None
    buyer.refresh_from_db()
    assert buyer.version == version + 1
    assert SupplierList.objects.get(pk=supplier_list.pk).status == "accepted"


def test_dropping_a_factory_making_progress_raises_the_flag_with_the_list_as_evidence(programme, editor):
    supplier_list = _receive(programme["buyer"], editor, LIST)
    dropped = supplier_list_difference(supplier_list=supplier_list).dropped[0]

    def dropped_flags():
        return [flag for flag in monitoring_flags() if flag.kind == MonitoringFlag.Kind.DROPPED_FACTORY]

    assert not dropped_flags()
    accept_supplier_list(supplier_list=supplier_list, drops={dropped.pk: "volume"}, accepted_by=editor)
    [flag] = dropped_flags()
    assert flag.sourcing.ended_by_list == supplier_list


def test_a_dropped_factory_kept_by_staff_goes_on(programme, editor):
    supplier_list = _receive(programme["buyer"], editor, LIST)
    dropped = supplier_list_difference(supplier_list=supplier_list).dropped[0]
    accepted = accept_supplier_list(supplier_list=supplier_list, drops={dropped.pk: KEEP}, accepted_by=editor)
    assert accepted.kept == [dropped]
    assert Sourcing.objects.get(pk=dropped.pk).ended_on is None


def test_an_accepted_list_is_not_accepted_twice(programme, editor):
    supplier_list = _receive(programme["buyer"], editor, [LIST[0], ["Hanoi Denim", "VN", "Hanoi", ""]])
    accept_supplier_list(supplier_list=supplier_list, drops={}, accepted_by=editor)
    with pytest.raises(ValidationError, match="already accepted"):
        accept_supplier_list(supplier_list=supplier_list, drops={}, accepted_by=editor)


def test_a_discarded_list_changes_nothing(programme, editor):
    supplier_list = _receive(programme["buyer"], editor, LIST)
    discard_supplier_list(supplier_list=supplier_list, discarded_by=editor, note="Wrong buyer's file")
    supplier_list.refresh_from_db()
    assert (supplier_list.status, supplier_list.decision_note) == ("discarded", "Wrong buyer's file")
    assert Sourcing.objects.filter(buyer=programme["buyer"], ended_on__isnull=True).count() == 2


def test_versions_count_up_and_the_history_counts_what_each_did(programme, editor, django_assert_num_queries):
    first = _receive(programme["buyer"], editor, LIST)
    dropped = supplier_list_difference(supplier_list=first).dropped[0]
    accept_supplier_list(supplier_list=first, drops={dropped.pk: "volume"}, accepted_by=editor)
    second = _receive(programme["buyer"], editor, LIST[:2])
    assert second.version == 2
    with django_assert_num_queries(1):
        history = supplier_list_history(buyer=programme["buyer"])
    assert [(v.version, v.row_count, v.matched_count, v.started_count, v.ended_count) for v in history] == [
        (2, 2, 2, 0, 0),
        (1, 6, 2, 1, 1),
    ]


def test_a_file_that_cannot_be_read_is_refused_and_nothing_is_kept(programme, editor):
    with pytest.raises(ValidationError) as refused:
        receive_supplier_list(
            buyer=programme["buyer"],
            file_name="suppliers.csv",
            content=csv_bytes([HEADER, LIST[0]], delimiter=";"),
            source="email",
            uploaded_by=editor,
        )
    assert "separated by semicolons" in str(refused.value.message_dict["file"])
    assert not SupplierList.objects.exists()


def test_receiving_needs_the_permission(programme):
    viewer = UserFactory(staff=True, username="viewer", permissions=["buyers.view_supplierlist"])
    with pytest.raises(PermissionDenied):
        _receive(programme["buyer"], viewer, LIST)


def test_accepting_needs_the_permission_to_change_sourcing(programme, editor):
    supplier_list = _receive(programme["buyer"], editor, LIST)
    uploader = UserFactory(staff=True, username="uploader", permissions=["buyers.add_supplierlist"])
    with pytest.raises(PermissionDenied):
        accept_supplier_list(supplier_list=supplier_list, drops={}, accepted_by=uploader)
    assert SupplierListRow.objects.filter(supplier_list=supplier_list).count() == len(LIST)

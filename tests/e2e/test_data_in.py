"""A staff member brings real data in through the admin, in a browser:
the factory list from a spreadsheet, then a buyer's supplier list as a new
version whose dropped factory, making progress, is flagged at once."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from buyers.models import ASSESSMENT_CLUSTERS, CountryProgramme, Factory, Sourcing
from tests.factories import AssessmentFactory, BuyerFactory, ContactFactory, FactoryFactory, SourcingFactory
from tests.spreadsheets import FACTORY_HEADER, csv_bytes, factory_rows

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_import_the_factory_list_from_a_file(page, live_server, staff_login, screenshot, tmp_path):
    vietnam = CountryProgramme.objects.get(country="VN")
    FactoryFactory(
        name="Factory 000000",
        country_programme=vietnam,
        city="Hanoi",
        address="0 Road",
        workers=1,
        os_id="VN2020000AAAAAA",
        sector="garment",
    )
    path = tmp_path / "factory-list.csv"
    path.write_bytes(csv_bytes([FACTORY_HEADER, *factory_rows(4)]))
    staff_login()
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{live_server.url}/admin/buyers/factory/")
    page.get_by_role("link", name="Import").click()
    expect(page.get_by_role("heading", name="What the file holds")).to_be_visible()
    page.get_by_label("File to import:").set_input_files(str(path))
    page.get_by_role("button", name="Submit").click()

    expect(page.locator(".import-summary")).to_contain_text("3 to create, 1 to change, 0 unchanged, 0 rejected")
    assert Factory.objects.count() == 1
    screenshot("admin-factory-import-preview")
    page.get_by_role("button", name="Confirm import").click()

    expect(page.locator(".messagelist")).to_contain_text("Import finished")
    assert Factory.objects.filter(name__startswith="Factory 00000").count() == 4
    assert Factory.objects.get(os_id="VN2020000AAAAAA").workers == 100


def test_staff_accept_a_supplier_list_and_the_dropped_improving_factory_is_flagged(
    page, live_server, staff_login, screenshot, tmp_path
):
    vietnam = CountryProgramme.objects.get(country="VN")
    buyer = BuyerFactory(name="Nordic Threads AB", partner=True, headquarters_country="SE")
    ContactFactory(buyer=buyer, is_advisory_committee_representative=True, is_better_work_liaison=True)
    improving = FactoryFactory(name="Hanoi Denim", country_programme=vietnam)
    for cycle, rate in ((1, "50"), (2, "20")):
        AssessmentFactory(
            factory=improving,
            cycle=cycle,
            assessed_on=datetime.date(2023 + cycle, 5, 1),
            **{cluster: Decimal(rate) for cluster in ASSESSMENT_CLUSTERS},
        )
    SourcingFactory(buyer=buyer, factory=improving, started_on=datetime.date(2023, 1, 1))
    FactoryFactory(name="Da Nang Stitch", country_programme=vietnam)
    path = tmp_path / "nordic-suppliers.csv"
    path.write_bytes(
        csv_bytes([["name", "country_programme"], ["DA NANG STITCH", "Vietnam"], ["Porto Shoes", "Portugal"]])
    )
    staff_login()
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{live_server.url}/admin/buyers/buyer/{buyer.pk}/change/")
    page.get_by_role("link", name="Upload a supplier list").click()
    page.get_by_label("File:").set_input_files(str(path))
    page.get_by_label("Where it came from:").select_option("email")
    page.get_by_role("button", name="Upload and compare").click()

    expect(page.get_by_role("heading", name="Left out of this list: does the sourcing end?")).to_be_visible()
    expect(page.locator(".warning-note")).to_contain_text("making progress")
    expect(page.get_by_role("heading", name="Not programme factories")).to_be_visible()
    screenshot("admin-supplier-list-difference")
    page.get_by_role("button", name="Accept this version").click()
    expect(page.locator(".errornote")).to_contain_text("Say for each factory")
    assert Sourcing.objects.get(factory=improving).ended_on is None

    page.get_by_label("Does the sourcing from Hanoi Denim end?").select_option("volume")
    page.get_by_role("button", name="Accept this version").click()
    expect(page.locator(".messagelist")).to_contain_text("1 sourcing started, 1 ended, 0 kept")

    page.goto(f"{live_server.url}/dashboard/buyers/{buyer.pk}/")
    flags = page.locator(".flags-card")
    expect(flags).to_contain_text("Stopped sourcing from Hanoi Denim")
    expect(flags.get_by_role("link", name="Supplier list, version 1")).to_be_visible()
    expect(page.get_by_role("heading", name="Supplier lists (1)")).to_be_visible()
    screenshot("dashboard-buyer-file-supplier-lists")

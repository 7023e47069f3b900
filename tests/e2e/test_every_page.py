"""Every public and dashboard page, at 390, 768 and 1280 px (issue 13):
no sideways scroll, no serious or critical axe-core violation, and a
screenshot of each into ``artifacts/screenshots/pages/`` for anyone to
look at after ``make test`` (README, "The two commands").

axe-core comes from the ``axe-playwright-python`` package on PyPI
(``requirements-test.txt``), never from a CDN.
"""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.utils import timezone

from buyers.models import Buyer, Factory, SignupRequest, SupplierList
from buyers.services import receive_supplier_list
from partnerships.models import Interaction
from tests.factories import UserFactory
from tests.spreadsheets import csv_bytes

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (390, 768, 1280)
FOLDER = os.path.join(os.path.dirname(__file__), "..", "..", "artifacts", "screenshots", "pages")
# axe-core's impacts that fail the page; "minor" and "moderate" are read
# in the screenshots' review instead.
FAILING_IMPACTS = {"serious", "critical"}


@pytest.fixture
def demo(transactional_db):
    """A small demo programme: every kind of row the pages show."""
    call_command("seed_demo", "--factories", "120", "--allow-production", verbosity=0)
    partner = Buyer.objects.filter(tier="partner", status="active").order_by("name").first()
    return {
        "partner": partner,
        "participant": Buyer.objects.filter(tier="participant").order_by("name").first(),
        "factory": Factory.objects.filter(assessments__isnull=False).order_by("name").first(),
    }


PUBLIC_PAGES = [
    ("home", lambda d: "/"),
    ("partners", lambda d: "/partners/"),
    ("signup", lambda d: "/signup/"),
    ("sign-in", lambda d: "/accounts/login/"),
]
STAFF_PAGES = [
    ("my-work", lambda d: "/dashboard/me/"),
    ("overview", lambda d: "/dashboard/"),
    ("buyers", lambda d: "/dashboard/buyers/"),
    ("buyer-partner", lambda d: f"/dashboard/buyers/{d['partner'].pk}/"),
    ("buyer-participant", lambda d: f"/dashboard/buyers/{d['participant'].pk}/"),
    ("factories", lambda d: "/dashboard/factories/"),
    ("factory", lambda d: f"/dashboard/factories/{d['factory'].pk}/"),
    ("benefits", lambda d: "/dashboard/benefits/"),
    ("log-interaction", lambda d: f"/dashboard/buyers/{d['partner'].pk}/interactions/new/"),
    ("partner-review", lambda d: f"/dashboard/buyers/{d['partner'].pk}/review/"),
    ("two-factor", lambda d: "/accounts/two-factor/"),
]


def _check(page, url, name, csp_violations):
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(url)
        assert response.status == 200, f"{name}: {response.status}"
        os.makedirs(FOLDER, exist_ok=True)
        page.screenshot(path=os.path.join(FOLDER, f"{name}-{width}.png"), full_page=True)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            problems.append(f"{name} at {width} px scrolls sideways ({scroll} px wide)")
        if width == 1280:
            before = len(csp_violations)
            results = Axe().run(page).response
            # axe-core builds test elements with inline styles, which the
            # strict CSP reports: the harness, not the page, so those go.
            del csp_violations[before:]
            for violation in results["violations"]:
                if violation["impact"] in FAILING_IMPACTS:
                    targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
                    problems.append(f"{name}: axe {violation['id']} ({violation['impact']}) at {targets}")
    return problems


def test_every_public_page_reads_at_every_width(page, live_server, demo, csp_violations):
    problems = []
    for name, url in PUBLIC_PAGES:
        problems += _check(page, live_server.url + url(demo), f"public-{name}", csp_violations)
    assert not problems, "\n" + "\n".join(problems)


def test_every_dashboard_page_reads_at_every_width(page, live_server, demo, csp_violations):
    UserFactory(superuser=True, username="reviewer")
    Interaction.objects.create(
        buyer=demo["partner"], kind="call", occurred_on=timezone.localdate(), summary="A call.", recorded_by=None
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("reviewer")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()
    problems = []
    for name, url in STAFF_PAGES:
        problems += _check(page, live_server.url + url(demo), f"dashboard-{name}", csp_violations)
    assert not problems, "\n" + "\n".join(problems)


# The admin's lists, and every page the portal adds to it or changes: the
# buyer page, Decide partnership, reviewing a signup and its three decision
# pages, the imports, receiving and reviewing a supplier list (its buyer
# search is an autocomplete), the relationship's forms.
ADMIN_PAGES = [
    ("index", lambda d: "/admin/"),
    ("buyers", lambda d: "/admin/buyers/buyer/"),
    ("buyer", lambda d: f"/admin/buyers/buyer/{d['partner'].pk}/change/"),
    ("buyer-add", lambda d: "/admin/buyers/buyer/add/"),
    ("decide", lambda d: f"/admin/buyers/buyer/{d['partner'].pk}/decide/"),
    ("contacts", lambda d: "/admin/buyers/contact/"),
    ("signup-requests", lambda d: "/admin/buyers/signuprequest/"),
    ("signup-request", lambda d: f"/admin/buyers/signuprequest/{d['signup'].pk}/change/"),
    ("signup-accept", lambda d: f"/admin/buyers/signuprequest/accept/?ids={d['signup'].pk}"),
    ("signup-duplicate", lambda d: f"/admin/buyers/signuprequest/mark-duplicate/?ids={d['signup'].pk}"),
    ("signup-reject", lambda d: f"/admin/buyers/signuprequest/reject/?ids={d['signup'].pk}"),
    ("factories", lambda d: "/admin/buyers/factory/"),
    ("factory", lambda d: f"/admin/buyers/factory/{d['factory'].pk}/change/"),
    ("factory-import", lambda d: "/admin/buyers/factory/import/"),
    ("sourcing", lambda d: "/admin/buyers/sourcing/"),
    ("supplier-lists", lambda d: "/admin/buyers/supplierlist/"),
    ("supplier-list-upload", lambda d: "/admin/buyers/supplierlist/upload/"),
    ("supplier-list-review", lambda d: f"/admin/buyers/supplierlist/{d['supplier_list'].pk}/review/"),
    ("interactions", lambda d: "/admin/partnerships/interaction/"),
    ("interaction-add", lambda d: "/admin/partnerships/interaction/add/"),
    ("checklist-records", lambda d: "/admin/partnerships/commitmentrecord/"),
    ("commitments", lambda d: "/admin/partnerships/commitment/"),
    ("staff-accounts", lambda d: "/admin/auth/user/"),
]


@pytest.fixture
def admin_rows(demo):
    """What the admin's own pages need beyond the demo: a signup waiting
    for review and a supplier list received for the partner."""
    reviewer = UserFactory(superuser=True, username="reviewer")
    signup = SignupRequest.objects.filter(status=SignupRequest.Status.NEW).order_by("submitted_at").first()
    sourced = demo["partner"].sourcings.filter(ended_on__isnull=True).select_related("factory__country_programme")
    rows = [["name", "country_programme"]]
    rows += [[s.factory.name, s.factory.country_programme.country.name] for s in sourced[:3]]
    rows += [["Porto Shoes", "Portugal"]]
    received = receive_supplier_list(
        buyer=demo["partner"],
        file_name="suppliers.csv",
        content=csv_bytes(rows),
        source=SupplierList.Source.EMAIL,
        uploaded_by=reviewer,
    )
    return {**demo, "signup": signup, "supplier_list": received.supplier_list}


def test_the_admin_pages_read_at_every_width(page, live_server, admin_rows, csp_violations):
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username:").fill("reviewer")
    page.get_by_label("Password:").fill("correct horse battery staple")
    page.get_by_role("button", name="Log in").click()
    problems = []
    for name, url in ADMIN_PAGES:
        problems += _check(page, live_server.url + url(admin_rows), f"admin-{name}", csp_violations)
    assert not problems, "\n" + "\n".join(problems)

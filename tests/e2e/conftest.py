"""Real-browser tests: Playwright drives Debian's Chromium against
pytest-django's live server."""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django refuses
# ORM calls from such a thread unless told it is safe. Only here, never in
# settings.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(autouse=True)
def catalogues(transactional_db):
    """Reload the catalogues: the live server flushes migration-loaded rows."""
    from partnerships.services import load_catalogues

    load_catalogues()


@pytest.fixture(autouse=True)
def csp_violations(page):
    """Fail a test on any Content Security Policy violation in the console."""
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    yield violations
    assert violations == []


@pytest.fixture(autouse=True)
def missing_assets(page):
    """Fail a test when a page asks for a stylesheet, script, image or icon
    the portal does not serve."""
    missing = []
    page.on(
        "response",
        lambda response: (
            missing.append(f"{response.status} {response.url}")
            if response.status >= 400 and ("/static/" in response.url or response.url.endswith("/favicon.ico"))
            else None
        ),
    )
    yield missing
    assert missing == []


@pytest.fixture
def screenshot(page, request):
    """Save a full-page screenshot under artifacts/screenshots/ for review."""
    folder = os.path.join(os.path.dirname(__file__), "..", "..", "artifacts", "screenshots")

    def take(name):
        os.makedirs(folder, exist_ok=True)
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)

    return take


@pytest.fixture
def staff_login(page, live_server):
    """Log a staff member with data-entry permissions into the admin."""
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    user = UserFactory(staff=True, username="focal.point")
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["buyers", "partnerships"]))

    def login():
        page.goto(f"{live_server.url}/admin/login/")
        page.get_by_label("Username:").fill("focal.point")
        page.get_by_label("Password:").fill("correct horse battery staple")
        page.get_by_role("button", name="Log in").click()
        return user

    return login

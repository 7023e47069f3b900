import pytest

from partnerships.models import Commitment, CommitmentRecord
from partnerships.selectors import stale_checklist_summaries
from partnerships.services import load_catalogues
from tests.factories import CommitmentRecordFactory, UserFactory


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Make sure the migration-loaded catalogues are there: a reused test
    database may have been flushed by a transactional or browser test."""
    with django_db_blocker.unblock():
        load_catalogues()


def _uses_the_database(request) -> str | None:
    """The database fixture a test uses, if any."""
    marker = request.node.get_closest_marker("django_db")
    transactional = {"transactional_db", "live_server"} & set(request.fixturenames)
    if transactional or (marker is not None and marker.kwargs.get("transaction")):
        return "transactional_db"
    if marker is not None or "db" in request.fixturenames:
        return "db"
    return None


@pytest.fixture(autouse=True)
def checklist_summaries_agree_with_the_records(request):
    """Fail a test that leaves a buyer's checklist summary disagreeing with
    its records: something wrote records or the catalogue around
    ``partnerships/services/checklist_summaries.py``. Every test that
    writes is a check of the paths it takes."""
    database = _uses_the_database(request)
    if database is not None:
        # Set up before this fixture, so torn down (rolled back) after it.
        request.getfixturevalue(database)
    yield
    if database is not None:
        stale = stale_checklist_summaries()
        assert stale == {}, "checklist summaries disagree with the records: {buyer: (stored, counted)}"


@pytest.fixture
def staff_user(db):
    """A staff member with every model permission but not superuser."""
    from django.contrib.auth.models import Permission

    user = UserFactory(staff=True, username="focal.point")
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["buyers", "partnerships"]))
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(superuser=True, username="admin")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def admin_client_(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def fill_checklist(db):
    """Return a function that gives *buyer* a record in *state* for every
    active commitment, with per-code overrides (``None`` = no record)."""

    def fill(buyer, state=CommitmentRecord.State.AFFIRMED, **overrides):
        for commitment in Commitment.objects.filter(is_active=True):
            record_state = overrides.get(commitment.code.replace("-", "_"), state)
            if record_state is not None:
                CommitmentRecordFactory(buyer=buyer, commitment=commitment, state=record_state)
        return buyer

    return fill

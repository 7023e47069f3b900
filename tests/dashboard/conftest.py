import pytest

from tests.factories import UserFactory


@pytest.fixture
def non_staff_client(client, db):
    """A signed-in account that is not staff (a buyer who made one, say)."""
    client.force_login(UserFactory(username="buyer.person"))
    return client


@pytest.fixture
def viewer_client(client, db):
    """Staff who may read everything but not decide partnerships."""
    user = UserFactory(staff=True, username="viewer", permissions=["buyers.view_buyer", "buyers.change_buyer"])
    client.force_login(user)
    return client

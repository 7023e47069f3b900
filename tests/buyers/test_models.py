import pytest

from tests.factories import BuyerFactory

pytestmark = pytest.mark.django_db


def test_buyer_factory_satisfies_constraints():
    buyer = BuyerFactory(partner=True)
    assert buyer.partner_since is not None

import pytest
from django.core.exceptions import ValidationError

from buyers.models import Buyer
from tests.factories import BuyerFactory

pytestmark = pytest.mark.django_db


def test_buyer_factory_satisfies_constraints():
    buyer = BuyerFactory(partner=True)
    assert buyer.partner_since is not None


def test_buyer_name_that_normalises_past_its_key_column_is_refused_readably():
    # U+FDFA is one character that NFKC writes out as eighteen.
    buyer = Buyer(name="\ufdfa" * 12, headquarters_country="US")
    with pytest.raises(ValidationError, match="This name is too long once written out in full"):
        buyer.full_clean()

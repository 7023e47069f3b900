"""Who the buyers are, who speaks for them, and where they source.

One module per concept; everything is re-exported here, so code and
migrations import ``buyers.models.Buyer`` whatever module holds it.

The rules that must always hold are database constraints in each model's
``Meta.constraints``, named ``buyers_<model>_<rule>``; ``full_clean()``
checks them too, so forms and the admin show readable errors.
"""

from buyers.models.assessment import ASSESSMENT_CLUSTERS, Assessment
from buyers.models.buyer import Buyer, BuyerQuerySet, Contact
from buyers.models.data_version import TableVersion
from buyers.models.programme import CountryProgramme, Factory
from buyers.models.signup import SignupRequest, new_signup_reference
from buyers.models.sourcing import FactoryAudit, Sourcing
from buyers.models.supplier_list import SupplierList, SupplierListRow

__all__ = [
    "ASSESSMENT_CLUSTERS",
    "Assessment",
    "Buyer",
    "BuyerQuerySet",
    "Contact",
    "TableVersion",
    "CountryProgramme",
    "Factory",
    "FactoryAudit",
    "SignupRequest",
    "Sourcing",
    "SupplierList",
    "SupplierListRow",
    "new_signup_reference",
]

"""Reads of the buyers app, one module per concept, re-exported here."""

from buyers.selectors.aggregates import subquery_count
from buyers.selectors.buyers import public_partners
from buyers.selectors.data_version import cached_while_data_unchanged, data_versions
from buyers.selectors.factories import (
    buyer_sourcing_summary,
    buyer_sourcings_with_progress,
    country_programmes_with_coverage,
    current_sourcings,
    factories_for_dashboard,
    factory_audits,
    factory_sourcings,
)
from buyers.selectors.matching import ListedFactory, match_listed_factories
from buyers.selectors.progress import factories_with_progress, latest_two_overall_rates, making_progress
from buyers.selectors.signups import (
    SignupDuplicates,
    SignupsWaiting,
    signup_possible_duplicates,
    signup_request_for_status_token,
    signup_request_for_submission_key,
    signup_status_token,
    signups_waiting,
)
from buyers.selectors.supplier_lists import SupplierListDifference, supplier_list_difference, supplier_list_history

__all__ = [
    "ListedFactory",
    "SignupDuplicates",
    "SignupsWaiting",
    "SupplierListDifference",
    "supplier_list_difference",
    "supplier_list_history",
    "buyer_sourcing_summary",
    "cached_while_data_unchanged",
    "data_versions",
    "buyer_sourcings_with_progress",
    "country_programmes_with_coverage",
    "current_sourcings",
    "factories_for_dashboard",
    "factories_with_progress",
    "factory_audits",
    "factory_sourcings",
    "latest_two_overall_rates",
    "making_progress",
    "match_listed_factories",
    "public_partners",
    "signup_possible_duplicates",
    "signup_request_for_status_token",
    "signup_request_for_submission_key",
    "signup_status_token",
    "signups_waiting",
    "subquery_count",
]

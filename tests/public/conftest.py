"""Fixtures of the public pages' tests."""

import pytest
from django.core.cache import cache

from buyers.models import CountryProgramme


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    """The rate limit counts in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def vietnam():
    return CountryProgramme.objects.get(country="VN")

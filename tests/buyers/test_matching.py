"""The one factory-matching rule (buyers/selectors/matching.py): OS ID
first, then the name key in the country programme, narrowed by city;
ambiguous matches name their candidates; nothing is guessed."""

import pytest

from buyers.models import CountryProgramme
from buyers.selectors.matching import FactoryIndex, Match, match_listed_factories
from tests.factories import FactoryFactory

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def vietnam():
    return CountryProgramme.objects.get(country="VN")


def _match(vietnam, **row):
    return FactoryIndex.of_all_factories().match(country_programme_id=vietnam.pk, **row)


def test_an_os_id_matches_whatever_the_name(vietnam):
    factory = FactoryFactory(name="Official Name", country_programme=vietnam, os_id="VN2019105Q2B6X9")
    found = _match(vietnam, os_id="VN2019105Q2B6X9", name="Trading name")
    assert (found.kind, found.factory.pk) == (Match.OS_ID, factory.pk)


def test_a_name_matches_in_its_programme_however_it_is_written(vietnam):
    factory = FactoryFactory(name="Saigon Garment Co., Ltd.", country_programme=vietnam)
    found = _match(vietnam, name="SAIGON GARMENT CO LTD")
    assert (found.kind, found.factory.pk) == (Match.NAME, factory.pk)


def test_the_same_name_in_another_programme_is_no_match(vietnam):
    FactoryFactory(name="Saigon Garment", country_programme=CountryProgramme.objects.get(country="KH"))
    assert _match(vietnam, name="Saigon Garment").kind == Match.NONE


def test_two_factories_of_one_name_are_ambiguous_and_named(vietnam):
    first = FactoryFactory(name="Hanoi Knit", country_programme=vietnam, city="Hanoi")
    second = FactoryFactory(name="Hanoi Knit", country_programme=vietnam, city="Hai Phong")
    found = _match(vietnam, name="hanoi knit")
    assert found.kind == Match.AMBIGUOUS
    assert found.factory is None
    assert [candidate.pk for candidate in found.candidates] == [first.pk, second.pk]


def test_a_city_tells_two_factories_of_one_name_apart(vietnam):
    FactoryFactory(name="Hanoi Knit", country_programme=vietnam, city="Hanoi")
    second = FactoryFactory(name="Hanoi Knit", country_programme=vietnam, city="Hai Phong")
    found = _match(vietnam, name="Hanoi Knit", city="HAI PHONG")
    assert (found.kind, found.factory.pk) == (Match.NAME, second.pk)


def test_a_factory_with_another_os_id_is_another_factory(vietnam):
    FactoryFactory(name="Hanoi Knit", country_programme=vietnam, os_id="VN2019105Q2B6X9")
    assert _match(vietnam, name="Hanoi Knit", os_id="VN2020111AAAAAA").kind == Match.NONE


def test_an_unknown_os_id_still_matches_by_name(vietnam):
    factory = FactoryFactory(name="Hanoi Knit", country_programme=vietnam)
    found = _match(vietnam, name="Hanoi Knit", os_id="VN2020111AAAAAA")
    assert found.factory.pk == factory.pk


def test_a_signup_never_links_an_ambiguous_factory(vietnam):
    FactoryFactory(name="Hanoi Knit", country_programme=vietnam, city="Hanoi")
    FactoryFactory(name="Hanoi Knit", country_programme=vietnam, city="Hai Phong")
    [entry] = match_listed_factories(factories=[{"name": "Hanoi Knit", "country_programme": vietnam.pk}])
    assert not entry.in_programme
    assert entry.is_ambiguous
    assert len(entry.candidates) == 2

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from betterwork_portal.dashboard.charts import axis_ticks
from buyers.models import Buyer, SignupRequest
from partnerships.models import CommitmentRecord, PartnershipDecision
from partnerships.selectors import CompletionBin, TierMixYear, buyer_overview
from partnerships.selectors.overview import _tier_mix
from tests.factories import (
    BuyerFactory,
    ContactFactory,
    CountryProgrammeFactory,
    FactoryFactory,
    PartnershipDecisionFactory,
    SignupRequestFactory,
    SourcingFactory,
    partner_with_roles,
)

pytestmark = pytest.mark.django_db

State = CommitmentRecord.State
Tier = PartnershipDecision.Tier
URL = "/dashboard/"


def _shown_figure(html, name):
    """Return the number the overview shows in the card *name*."""
    match = re.search(rf'id="figure-{name}".*?<span class="stat-value">(\d+)</span>', html, re.S)
    return int(match.group(1))


@pytest.fixture
def programme(fill_checklist):
    """A known programme: 4 active participants (2 ready to graduate), 3
    active partners (2 at risk), 2 withdrawn buyers, 2 signups waiting (3
    and 10 days) and 1 already accepted, and factories in two programmes."""
    ready = [fill_checklist(BuyerFactory(name=f"Ready {i}")) for i in (1, 2)]
    fill_checklist(BuyerFactory(name="Halfway"), governance=State.NOT_YET)
    newcomer = BuyerFactory(name="Newcomer")
    healthy = fill_checklist(partner_with_roles(name="Healthy Partner"))
    fill_checklist(partner_with_roles(name="Breached Partner"), stop_auditing=State.BREACHED)
    flagged = fill_checklist(BuyerFactory(partner=True, name="Flagged Partner"))
    ContactFactory(buyer=flagged, is_advisory_committee_representative=True)
    withdrawn = fill_checklist(BuyerFactory(name="Gone", status=Buyer.Status.WITHDRAWN))
    BuyerFactory(name="Gone Partner", partner=True, status=Buyer.Status.WITHDRAWN)

    now = timezone.now()
    SignupRequestFactory(submitted_at=now - datetime.timedelta(days=3))
    SignupRequestFactory(submitted_at=now - datetime.timedelta(days=10, hours=1))
    SignupRequestFactory(
        submitted_at=now - datetime.timedelta(days=40), status=SignupRequest.Status.ACCEPTED, buyer=ready[0]
    )

    cambodia = CountryProgrammeFactory(country="KH", name="Better Work Cambodia")
    vietnam = CountryProgrammeFactory(country="VN", name="Better Work Vietnam")
    SourcingFactory(buyer=healthy, factory=FactoryFactory(country_programme=cambodia))
    SourcingFactory(buyer=newcomer, factory=FactoryFactory(country_programme=cambodia))
    SourcingFactory(buyer=withdrawn, factory=FactoryFactory(country_programme=cambodia))
    SourcingFactory(buyer=healthy, factory=FactoryFactory(country_programme=cambodia), ended=True)
    FactoryFactory(country_programme=cambodia)
    SourcingFactory(buyer=newcomer, factory=FactoryFactory(country_programme=vietnam))
    return {"ready": ready}


EXPECTED = {
    "participants": 4,
    "partners": 3,
    "withdrawn": 2,
    "signups_waiting": 2,
    "ready_to_graduate": 2,
    "partners_at_risk": 2,
}


@pytest.mark.parametrize(("name", "expected"), EXPECTED.items())
def test_overview_figure_in_context_equals_known_count(staff_client, programme, name, expected):
    assert staff_client.get(URL).context["figures"][name] == expected


@pytest.mark.parametrize(("name", "expected"), EXPECTED.items())
def test_overview_figure_shown_equals_known_count(staff_client, programme, name, expected):
    assert _shown_figure(staff_client.get(URL).content.decode(), name) == expected


@pytest.mark.parametrize("name", ["participants", "partners", "withdrawn", "ready_to_graduate", "partners_at_risk"])
def test_overview_figure_links_to_buyer_list_with_as_many_rows(staff_client, programme, name):
    response = staff_client.get(URL)
    listed = staff_client.get(response.context["links"][name])
    assert listed.context["page_obj"].paginator.count == response.context["figures"][name]


def test_overview_signups_figure_links_to_new_signups_in_admin(staff_client, programme):
    link = staff_client.get(URL).context["links"]["signups_waiting"]
    assert link == reverse("admin:buyers_signuprequest_changelist") + "?status__exact=new"
    assert staff_client.get(link).context["cl"].result_count == 2


def test_overview_says_how_long_the_oldest_signup_has_waited(staff_client, programme):
    assert "oldest waiting 1\xa0week, 3\xa0days" in staff_client.get(URL).content.decode()


def test_overview_names_participants_ready_to_graduate(staff_client, programme):
    response = staff_client.get(URL)
    assert [buyer.name for buyer in response.context["ready"]] == ["Ready 1", "Ready 2"]


def test_overview_lists_partners_at_risk_with_their_reasons(staff_client, programme):
    html = staff_client.get(URL).content.decode()
    assert "Stop auditing factories in Better Work programme" in html
    assert "No contact is named as the buyer&#x27;s Better Work liaison." in html


def test_overview_names_the_first_eight_partners_at_risk_and_leads_to_the_rest(staff_client):
    # A partner with no contacts names no liaison: monitoring flags it.
    for i in range(9):
        BuyerFactory(partner=True, name=f"Partner {i}")
    response = staff_client.get(URL)
    assert [entry.buyer.name for entry in response.context["at_risk"]] == [f"Partner {i}" for i in range(8)]
    assert response.context["figures"]["partners_at_risk"] == 9
    assert "and 1 more</a>" in response.content.decode()


def test_overview_counts_factories_covered_by_programme(staff_client, programme):
    coverage = {
        p.name: (p.factory_count, p.sourced_count, p.partner_sourced_count)
        for p in staff_client.get(URL).context["programmes"]
    }
    # Cambodia: the withdrawn buyer's and the ended sourcing do not cover.
    assert coverage["Better Work Cambodia"] == (5, 2, 1)
    assert coverage["Better Work Vietnam"] == (1, 1, 0)


def test_overview_shows_eight_latest_decisions_latest_first(staff_client):
    start = timezone.now() - datetime.timedelta(days=30)
    decisions = [PartnershipDecisionFactory(decided_at=start + datetime.timedelta(days=i)) for i in range(10)]
    shown = staff_client.get(URL).context["overview"].recent_decisions
    assert list(shown) == decisions[::-1][:8]


def test_overview_draws_column_charts_as_svg_with_titles(staff_client, programme):
    html = staff_client.get(URL).content.decode()
    assert html.count('role="img"') >= 2
    assert '<title id="tier-mix-title">' in html


def test_overview_names_programmes_in_html_text_beside_their_bars(staff_client):
    """SVG text shrinks with its chart (7.6 px on a phone); HTML names do not."""
    vietnam = CountryProgrammeFactory(name="Better Work Vietnam")
    FactoryFactory(country_programme=vietnam)
    html = staff_client.get(URL).content.decode()
    assert 'aria-labelledby="programmes-title"' in html
    link = f'<a class="programme-bar-label" href="/dashboard/factories/?programme={vietnam.pk}">Vietnam</a>'
    assert link in html
    assert "<text" not in html.split('id="programmes-title"')[1].split("</figure>")[0]


def test_overview_empty_programme_says_what_to_do(staff_client):
    html = staff_client.get(URL).content.decode()
    assert "No signups waiting. New applications from /signup/ appear here." in html
    assert "No participant is ready to graduate yet." in html
    assert "No partnership decisions yet." in html
    assert "No factories enrolled yet." in html


def _decided(buyer, on, from_tier, to_tier, outcome):
    PartnershipDecisionFactory(
        buyer=buyer,
        from_tier=from_tier,
        to_tier=to_tier,
        outcome=outcome,
        decided_at=datetime.datetime.combine(on, datetime.time(10), tzinfo=datetime.UTC),
    )


def test_buyer_overview_rebuilds_tier_mix_from_joining_partner_since_and_decisions():
    approved = BuyerFactory(partner=True, joined_on=datetime.date(2019, 3, 1), partner_since=datetime.date(2022, 5, 1))
    _decided(approved, datetime.date(2022, 5, 1), Tier.PARTICIPANT, Tier.PARTNER, "approved")
    BuyerFactory(partner=True, joined_on=datetime.date(2018, 1, 1), partner_since=datetime.date(2020, 6, 1))
    downgraded = BuyerFactory(joined_on=datetime.date(2017, 1, 1))
    _decided(downgraded, datetime.date(2019, 1, 1), Tier.PARTICIPANT, Tier.PARTNER, "approved")
    _decided(downgraded, datetime.date(2021, 1, 1), Tier.PARTNER, Tier.PARTICIPANT, "downgraded")
    BuyerFactory(joined_on=datetime.date(2015, 1, 1), status=Buyer.Status.WITHDRAWN)

    overview = buyer_overview(today=datetime.date(2023, 6, 1), years=5)

    assert overview.tier_mix == (
        TierMixYear(year=2019, participants=2, partners=1, to_date=False),
        TierMixYear(year=2020, participants=1, partners=2, to_date=False),
        TierMixYear(year=2021, participants=2, partners=1, to_date=False),
        TierMixYear(year=2022, participants=1, partners=2, to_date=False),
        TierMixYear(year=2023, participants=1, partners=2, to_date=True),
    )


def test_buyer_overview_tier_mix_starts_at_the_first_year_anyone_joined():
    BuyerFactory(joined_on=datetime.date(2022, 3, 1))
    overview = buyer_overview(today=datetime.date(2023, 6, 1), years=10)
    assert [row.year for row in overview.tier_mix] == [2022, 2023]


def test_buyer_overview_counts_active_buyers_by_required_commitments_done(fill_checklist):
    fill_checklist(BuyerFactory(partner=True))
    fill_checklist(BuyerFactory())
    fill_checklist(BuyerFactory(), governance=State.BREACHED, stop_auditing=None)
    BuyerFactory()
    fill_checklist(BuyerFactory(status=Buyer.Status.WITHDRAWN))

    overview = buyer_overview()

    assert overview.required_total == 10
    assert overview.completion[10] == CompletionBin(done=10, participants=1, partners=1)
    assert overview.completion[8] == CompletionBin(done=8, participants=1, partners=0)
    assert overview.completion[0] == CompletionBin(done=0, participants=1, partners=0)
    assert sum(row.participants + row.partners for row in overview.completion) == 4


@pytest.mark.parametrize(
    ("value", "ticks"),
    [(0, [0, 1]), (3, [0, 1, 2, 3]), (7, [0, 2, 4, 6, 8]), (184, [0, 50, 100, 150, 200]), (593, [0, 200, 400, 600])],
)
def test_axis_ticks_are_whole_round_numbers_reaching_the_value(value, ticks):
    assert axis_ticks(value) == ticks


def _tier_on(day, joined_on, start, changes):
    """The tier mix's definition, one buyer and one day at a time: what
    ``_tier_mix`` sums in one pass."""
    if day < joined_on:
        return None
    tier = start
    for changed_on, to_tier in changes:
        if changed_on <= day:
            tier = to_tier
    return tier


_dates = st.dates(min_value=datetime.date(2014, 1, 1), max_value=datetime.date(2024, 12, 31))
_tiers = st.sampled_from([Tier.PARTICIPANT, Tier.PARTNER])
_histories = st.lists(
    st.tuples(_dates, _tiers, st.lists(st.tuples(_dates, _tiers), max_size=4).map(sorted)), max_size=30
)


@given(histories=_histories, today=_dates)
def test_tier_mix_counts_each_buyer_at_the_tier_it_held_each_day(histories, today):
    days = [datetime.date(year, 12, 31) for year in range(2014, today.year)] + [today]
    expected = [
        (
            sum(_tier_on(day, *history) == Tier.PARTICIPANT for history in histories),
            sum(_tier_on(day, *history) == Tier.PARTNER for history in histories),
        )
        for day in days
    ]
    assert _tier_mix(histories, days=days) == expected

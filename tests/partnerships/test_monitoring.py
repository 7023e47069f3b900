import datetime

import pytest
from django.template.loader import render_to_string

from buyers.models import Buyer, Sourcing
from partnerships.models import CommitmentRecord
from partnerships.selectors import (
    MonitoringFlag,
    flagged_partners_queryset,
    monitoring_flags,
    partners_at_risk,
    partners_at_risk_queryset,
)
from tests.factories import (
    BuyerFactory,
    ContactFactory,
    FactoryAuditFactory,
    FactoryFactory,
    SourcingFactory,
    assessed,
    partner_with_roles,
)

pytestmark = pytest.mark.django_db

Kind = MonitoringFlag.Kind


def _ended(buyer, factory, reason=Sourcing.EndReason.VOLUME, ended_on=datetime.date(2025, 6, 1)):
    return SourcingFactory(
        buyer=buyer, factory=factory, started_on=datetime.date(2020, 1, 1), ended_on=ended_on, end_reason=reason
    )


def _said(flag) -> str:
    """The flag as staff read it: its words and its evidence link."""
    return render_to_string("flags/_message.html", {"flag": flag}) + render_to_string(
        "flags/_evidence.html", {"flag": flag}
    )


def _kinds(flags):
    return [flag.kind for flag in flags]


def test_monitoring_flags_partner_dropping_factory_making_progress():
    partner = partner_with_roles()
    factory = assessed(FactoryFactory(name="Improving Mill"), 30, 20)
    sourcing = _ended(partner, factory)
    [flag] = monitoring_flags()
    assert flag.kind == Kind.DROPPED_FACTORY
    assert flag.commitment_code == "no-dropping-factories"
    assert flag.commitment_title.startswith("Not dropping or downgrading factories")
    assert flag.sourcing == sourcing
    assert "Improving Mill" in _said(flag)
    assert "making progress (overall non-compliance 30.0% → 20.0%)" in _said(flag)
    assert f'href="/admin/buyers/sourcing/{sourcing.pk}/change/"' in _said(flag)


def test_monitoring_flags_partner_may_drop_factory_not_making_progress():
    partner = partner_with_roles()
    _ended(partner, assessed(FactoryFactory(), 20, 30))
    assert monitoring_flags() == []


def test_monitoring_flags_partner_giving_compliance_results_as_end_reason():
    partner = partner_with_roles()
    _ended(partner, assessed(FactoryFactory(), 20, 30), reason=Sourcing.EndReason.COMPLIANCE_RESULTS)
    [flag] = monitoring_flags()
    assert flag.kind == Kind.DROPPED_FACTORY
    assert "giving compliance results as the reason" in _said(flag)


def test_monitoring_flags_judge_progress_as_it_stood_when_sourcing_ended():
    partner = partner_with_roles()
    # Worse in 2023 (cycle 2), better only later (cycle 3, 2024) than when dropped.
    factory = assessed(FactoryFactory(), 20, 30, 10)
    _ended(partner, factory, ended_on=datetime.date(2023, 6, 1))
    assert monitoring_flags() == []


def test_monitoring_flags_ignore_factory_with_one_assessment():
    partner = partner_with_roles()
    _ended(partner, assessed(FactoryFactory(), 20))
    assert monitoring_flags() == []


def test_monitoring_flags_ignore_participants_dropping_improving_factories():
    participant = BuyerFactory()
    _ended(participant, assessed(FactoryFactory(), 30, 20), reason=Sourcing.EndReason.COMPLIANCE_RESULTS)
    assert monitoring_flags() == []


def test_monitoring_flags_ignore_sourcing_ended_before_partnership():
    partner = partner_with_roles(partner_since=datetime.date(2025, 1, 1))
    _ended(partner, assessed(FactoryFactory(), 30, 20), ended_on=datetime.date(2024, 6, 1))
    assert monitoring_flags() == []


def test_monitoring_flags_partner_recorded_auditing_programme_factory():
    partner = partner_with_roles()
    audit = FactoryAuditFactory(buyer=partner, factory=FactoryFactory(name="Audited Mill"), auditor="Acme Audits")
    [flag] = monitoring_flags()
    assert flag.kind == Kind.AUDITED_FACTORY
    assert flag.commitment_code == "stop-auditing"
    assert flag.audit == audit
    assert "Audited Mill" in _said(flag)
    assert "through Acme Audits" in _said(flag)
    assert f'href="/admin/buyers/factoryaudit/{audit.pk}/change/"' in _said(flag)


def test_monitoring_flags_ignore_audit_from_before_partnership():
    partner = partner_with_roles(partner_since=datetime.date(2025, 1, 1))
    FactoryAuditFactory(buyer=partner, audited_on=datetime.date(2024, 1, 1))
    assert monitoring_flags() == []


def test_monitoring_flags_partner_without_advisory_committee_representative():
    partner = BuyerFactory(partner=True)
    ContactFactory(buyer=partner, is_better_work_liaison=True)
    [flag] = monitoring_flags()
    assert (flag.kind, flag.commitment_code) == (Kind.NO_ADVISORY_COMMITTEE_REPRESENTATIVE, "governance")


def test_monitoring_flags_partner_without_liaison():
    partner = BuyerFactory(partner=True)
    ContactFactory(buyer=partner, is_advisory_committee_representative=True)
    [flag] = monitoring_flags()
    assert (flag.kind, flag.commitment_code) == (Kind.NO_LIAISON, "clear-roles")


def test_monitoring_flags_partner_with_no_contacts_gets_both_role_flags():
    BuyerFactory(partner=True)
    assert sorted(_kinds(monitoring_flags())) == [Kind.NO_ADVISORY_COMMITTEE_REPRESENTATIVE, Kind.NO_LIAISON]


def test_monitoring_flags_roles_held_by_two_contacts_raise_nothing():
    partner = BuyerFactory(partner=True)
    ContactFactory(buyer=partner, is_advisory_committee_representative=True)
    ContactFactory(buyer=partner, is_better_work_liaison=True)
    assert monitoring_flags() == []


def test_monitoring_flags_participant_without_roles_raises_nothing():
    BuyerFactory()
    assert monitoring_flags() == []


def test_monitoring_flags_can_be_limited_to_some_buyers():
    flagged = BuyerFactory(partner=True)
    BuyerFactory(partner=True)
    assert {flag.buyer for flag in monitoring_flags(buyers=Buyer.objects.filter(pk=flagged.pk))} == {flagged}


@pytest.mark.parametrize("size", [5, 50])
def test_monitoring_flags_run_a_constant_number_of_queries(django_assert_max_num_queries, size):
    for _ in range(size):
        partner = BuyerFactory(partner=True)
        _ended(partner, assessed(FactoryFactory(), 30, 20))
        FactoryAuditFactory(buyer=partner)
    with django_assert_max_num_queries(4):
        flags = monitoring_flags()
    assert len(flags) == size * 4


def test_partners_at_risk_lists_breached_or_flagged_partners_with_reasons(fill_checklist):
    breached = fill_checklist(partner_with_roles(name="Breached Co"), stop_auditing=CommitmentRecord.State.BREACHED)
    flagged = fill_checklist(BuyerFactory(partner=True, name="Flagged Co"))
    fill_checklist(partner_with_roles(name="Fine Co"))
    at_risk = partners_at_risk()
    assert [entry.buyer for entry in at_risk] == [breached, flagged]
    assert at_risk[0].breached == ("Stop auditing factories in Better Work programme",)
    assert at_risk[0].flags == ()
    assert sorted(_kinds(at_risk[1].flags)) == [Kind.NO_ADVISORY_COMMITTEE_REPRESENTATIVE, Kind.NO_LIAISON]


@pytest.mark.parametrize("size", [5, 50])
def test_partners_at_risk_runs_a_constant_number_of_queries(django_assert_max_num_queries, fill_checklist, size):
    for _ in range(size):
        fill_checklist(BuyerFactory(partner=True), governance=CommitmentRecord.State.BREACHED)
    with django_assert_max_num_queries(6):
        assert len(partners_at_risk()) == size


def _every_case_of_risk(fill_checklist) -> dict[str, Buyer]:
    """One partner per way of being at risk or not, and a participant that
    would be flagged if it were a partner."""
    cases = {
        "fine": partner_with_roles(),
        "dropped improving factory": partner_with_roles(),
        "dropped for compliance results": partner_with_roles(),
        "dropped factory not improving": partner_with_roles(),
        "dropped before partnership": partner_with_roles(partner_since=datetime.date(2025, 1, 1)),
        "audited": partner_with_roles(),
        "audited before partnership": partner_with_roles(partner_since=datetime.date(2025, 1, 1)),
        "no representative": BuyerFactory(partner=True),
        "breached": fill_checklist(partner_with_roles(), governance=CommitmentRecord.State.BREACHED),
        "participant": BuyerFactory(),
    }
    ContactFactory(buyer=cases["no representative"], is_better_work_liaison=True)
    _ended(cases["dropped improving factory"], assessed(FactoryFactory(), 30, 20))
    _ended(cases["dropped for compliance results"], FactoryFactory(), reason=Sourcing.EndReason.COMPLIANCE_RESULTS)
    _ended(cases["dropped factory not improving"], assessed(FactoryFactory(), 20, 30))
    _ended(cases["dropped before partnership"], assessed(FactoryFactory(), 30, 20), ended_on=datetime.date(2024, 6, 1))
    _ended(cases["participant"], assessed(FactoryFactory(), 30, 20))
    FactoryAuditFactory(buyer=cases["audited"])
    FactoryAuditFactory(buyer=cases["audited before partnership"], audited_on=datetime.date(2024, 1, 1))
    return cases


def test_flagged_partners_queryset_holds_the_partners_monitoring_flags_name(fill_checklist):
    cases = _every_case_of_risk(fill_checklist)
    flagged = set(flagged_partners_queryset())
    assert flagged == {flag.buyer for flag in monitoring_flags()}
    assert flagged == {
        cases[name]
        for name in ("dropped improving factory", "dropped for compliance results", "audited", "no representative")
    }


def test_partners_at_risk_queryset_holds_the_partners_partners_at_risk_names(fill_checklist):
    cases = _every_case_of_risk(fill_checklist)
    at_risk = set(partners_at_risk_queryset())
    assert at_risk == {entry.buyer for entry in partners_at_risk()}
    assert cases["breached"] in at_risk
    assert cases["fine"] not in at_risk and cases["participant"] not in at_risk


def test_partners_at_risk_queryset_counts_in_one_query(django_assert_num_queries, fill_checklist):
    _every_case_of_risk(fill_checklist)
    with django_assert_num_queries(1):
        assert partners_at_risk_queryset().count() == 5

"""Reads of the buyers app."""

import datetime
from dataclasses import dataclass

from django.core import signing
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    Func,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from buyers import constants
from buyers.models import (
    Assessment,
    Buyer,
    CountryProgramme,
    Factory,
    FactoryAudit,
    SignupRequest,
    Sourcing,
    factory_name_key,
    normalise_organisation_name,
    website_domain,
)
from partnerships.models import Benefit


def latest_two_overall_rates(*, factory, on_or_before=None) -> tuple[Subquery, Subquery]:
    """Return subqueries for the overall rate of a factory's latest and
    previous assessment cycles.

    *factory* is an outer reference to the factory (``OuterRef("pk")`` on a
    factory list, ``OuterRef("factory")`` on a sourcing list). With
    *on_or_before* (an outer reference to a date), only assessments made by
    that day count: progress as it stood when, say, a sourcing ended.
    """
    assessments = Assessment.objects.filter(factory=factory)
    if on_or_before is not None:
        assessments = assessments.filter(assessed_on__lte=on_or_before)
    assessments = assessments.order_by("-cycle").values("overall_rate")
    return Subquery(assessments[:1]), Subquery(assessments[1:2])


def making_progress(latest: str = "latest_rate", previous: str = "previous_rate") -> Case:
    """Return the *making progress* test over two annotated rates.

    A factory is making progress when its overall non-compliance rate in the
    latest assessment cycle is lower than in the cycle before (product.md,
    "Assessment"). With fewer than two cycles there is nothing to compare,
    and the factory does not count as making progress.
    """
    return Case(
        When(Q(**{f"{latest}__lt": F(previous)}), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def factories_with_progress(queryset: QuerySet[Factory] | None = None) -> QuerySet[Factory]:
    """Annotate each factory with ``latest_rate``, ``previous_rate`` and
    ``is_making_progress``, within the list's own single query."""
    if queryset is None:
        queryset = Factory.objects.all()
    latest, previous = latest_two_overall_rates(factory=OuterRef("pk"))
    return queryset.annotate(latest_rate=latest, previous_rate=previous).annotate(is_making_progress=making_progress())


# Staff dashboard reads
# ------------------------------------------------------------------------------


def subquery_count(queryset: QuerySet) -> Coalesce:
    """Return a correlated subquery counting *queryset*'s rows, 0 if none.

    A subquery rather than ``Count`` over a join, so that several counts on
    one list never multiply each other's rows.
    """
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def current_sourcings(*, factory, partners_only: bool = False) -> QuerySet[Sourcing]:
    """Return the open sourcings of *factory* by buyers still active in the
    programme (by active partners only with *partners_only*).

    *factory* is a factory or an outer reference to one. A withdrawn buyer
    no longer works with the programme, so its forgotten open sourcing does
    not count as coverage. One open sourcing per buyer and factory is a
    database constraint, so counting sourcings counts buyers.
    """
    sourcings = Sourcing.objects.filter(factory=factory, ended_on__isnull=True, buyer__status=Buyer.Status.ACTIVE)
    if partners_only:
        sourcings = sourcings.filter(buyer__tier=Buyer.Tier.PARTNER)
    return sourcings


@dataclass(frozen=True)
class SignupsWaiting:
    """The signup requests no one on staff has looked at yet."""

    count: int
    oldest_submitted_at: datetime.datetime | None


def signups_waiting() -> SignupsWaiting:
    """Return how many signup requests are *new* (waiting for staff) and when
    the oldest of them was submitted. One query."""
    figures = SignupRequest.objects.filter(status=SignupRequest.Status.NEW).aggregate(
        count=Count("pk"), oldest=Min("submitted_at")
    )
    return SignupsWaiting(count=figures["count"], oldest_submitted_at=figures["oldest"])


def country_programmes_with_coverage() -> list[CountryProgramme]:
    """Return the country programmes with how many of their factories the
    buyers cover, in two queries whatever the number of factories.

    Each programme carries ``factory_count``, ``sourced_count`` (factories
    at least one active buyer sources from now) and
    ``partner_sourced_count`` (the same, by an active partner). Inactive
    programmes are left out unless factories are still enrolled in them.
    Largest programme first.

    The counts are grouped aggregates over factories and open sourcings,
    not a correlated EXISTS per factory: with 100,000 factories that is the
    difference between a fraction of a second and seconds.
    """
    sourced = {
        row["factory__country_programme"]: row
        for row in Sourcing.objects.filter(ended_on__isnull=True, buyer__status=Buyer.Status.ACTIVE)
        .order_by()
        .values("factory__country_programme")
        .annotate(
            any_buyer=Count("factory", distinct=True),
            partner=Count("factory", distinct=True, filter=Q(buyer__tier=Buyer.Tier.PARTNER)),
        )
    }
    programmes = []
    for programme in CountryProgramme.objects.annotate(factory_count=Count("factories")):
        coverage = sourced.get(programme.pk, {})
        programme.sourced_count = coverage.get("any_buyer", 0)
        programme.partner_sourced_count = coverage.get("partner", 0)
        if programme.is_active or programme.factory_count:
            programmes.append(programme)
    return sorted(programmes, key=lambda p: (-p.factory_count, p.name))


def factories_for_dashboard(queryset: QuerySet[Factory] | None = None) -> QuerySet[Factory]:
    """Return factories for the staff list, in one query.

    On top of ``factories_with_progress`` (``latest_rate``,
    ``previous_rate``, ``is_making_progress``), each factory carries
    ``assessment_count``, ``buyer_count`` (active buyers sourcing from it
    now) and ``partner_count`` (of which partners). Ordered by name.
    """
    if queryset is None:
        queryset = Factory.objects.all()
    return (
        factories_with_progress(queryset.select_related("country_programme"))
        .annotate(
            assessment_count=subquery_count(Assessment.objects.filter(factory=OuterRef("pk"))),
            buyer_count=subquery_count(current_sourcings(factory=OuterRef("pk"))),
            partner_count=subquery_count(current_sourcings(factory=OuterRef("pk"), partners_only=True)),
        )
        .order_by("name", "pk")
    )


def buyer_sourcings_with_progress(*, buyer: Buyer) -> QuerySet[Sourcing]:
    """Return every sourcing of *buyer*, current ones first, each annotated
    with its factory's ``latest_rate``, ``previous_rate`` and
    ``is_making_progress`` as the assessments stand today. One query."""
    latest, previous = latest_two_overall_rates(factory=OuterRef("factory"))
    return (
        Sourcing.objects.filter(buyer=buyer)
        .select_related("factory__country_programme")
        .annotate(latest_rate=latest, previous_rate=previous)
        .annotate(is_making_progress=making_progress())
        .order_by(F("ended_on").desc(nulls_first=True), "factory__name", "pk")
    )


def factory_sourcings(*, factory: Factory) -> QuerySet[Sourcing]:
    """Return every sourcing from *factory*, current ones first, partners
    before participants, with the buyer. One query."""
    return (
        Sourcing.objects.filter(factory=factory)
        .select_related("buyer")
        .order_by(
            F("ended_on").desc(nulls_first=True),
            Case(When(buyer__tier=Buyer.Tier.PARTNER, then=Value(0)), default=Value(1)),
            "buyer__name",
            "pk",
        )
    )


def factory_audits(*, factory: Factory) -> QuerySet[FactoryAudit]:
    """Return the buyers' own audits recorded for *factory*, latest first."""
    return FactoryAudit.objects.filter(factory=factory).select_related("buyer", "recorded_by").order_by("-audited_on")


# Public pages and the signup form
# ------------------------------------------------------------------------------


def public_partners() -> QuerySet[Buyer]:
    """Return the Buyer Partners the public list names, by name.

    Only active partners who agreed to be named ("See Better Works Buyer
    Partners", seed section IV.1; product.md, "A buyer also records whether
    it consents to being named on the public partner list"). One query.
    """
    return (
        Buyer.objects.filter(tier=Buyer.Tier.PARTNER, status=Buyer.Status.ACTIVE, public_listing_consent=True)
        .only("name", "headquarters_country", "partner_since")
        .order_by("name", "pk")
    )


def public_benefits() -> QuerySet[Benefit]:
    """Return the active partner benefits of seed section IV.2, in order."""
    return Benefit.objects.filter(is_active=True).order_by("position", "code")


@dataclass(frozen=True)
class ListedFactory:
    """A supplier factory as a buyer listed it, and the programme factory it
    is, if the programme knows it."""

    name: str
    country_programme_name: str
    os_id: str
    factory: Factory | None

    @property
    def in_programme(self) -> bool:
        return self.factory is not None


def match_listed_factories(*, factories: list[dict]) -> tuple[ListedFactory, ...]:
    """Match the factories a signup listed against the programme's own.

    A listed factory is the programme factory with the same Open Supply Hub
    ID when it gave one, and otherwise the factory of the same country
    programme whose name normalises to the same key (as buyer names do:
    "Acme Garments Ltd." and "ACME garments ltd" match). *factories* holds
    the rows as ``SignupRequest.factories`` keeps them. This is how "a
    signup tells a buyer at once how many of the suppliers it listed are
    already in the programme" (product.md, "our edge"), and how accepting a
    signup links its sourcing. One query; none for an empty list.
    """
    if not factories:
        return ()
    os_ids = {row["os_id"] for row in factories if row.get("os_id")}
    named = {
        (row["country_programme"], factory_name_key(row.get("name", "")))
        for row in factories
        if row.get("country_programme")
    }
    # Only the listed rows are looked up, through the (programme, name key)
    # index: never a programme's whole factory list.
    wanted = Q(os_id__in=os_ids)
    for programme_id, name_key in named:
        wanted |= Q(country_programme_id=programme_id, name_key=name_key)
    by_os_id, by_name = {}, {}
    for factory in (
        Factory.objects.filter(wanted).only("name", "os_id", "country_programme_id", "name_key").order_by("pk")
    ):
        if factory.os_id:
            by_os_id[factory.os_id] = factory
        by_name.setdefault((factory.country_programme_id, factory.name_key), factory)
    return tuple(
        ListedFactory(
            name=row.get("name", ""),
            country_programme_name=row.get("country_programme_name", ""),
            os_id=row.get("os_id", ""),
            factory=by_os_id.get(row.get("os_id") or None)
            or by_name.get((row.get("country_programme"), factory_name_key(row.get("name", "")))),
        )
        for row in factories
    )


@dataclass(frozen=True)
class SignupDuplicates:
    """What an organisation signing up may already be known as."""

    buyer: Buyer | None
    request: SignupRequest | None


def signup_possible_duplicates(*, organisation_name: str, website: str) -> SignupDuplicates:
    """Return the buyer and the open signup request an organisation may be.

    A match is the same name once normalised (``normalise_organisation_name``)
    or the same website domain. Of the requests, only those still waiting
    (status new) count: an accepted one is found as its buyer. The result is
    a hint for staff: "possible duplicates flagged for staff,
    never merged silently" (product.md, "Signup"). Two queries.
    """
    key = normalise_organisation_name(organisation_name)
    domain = website_domain(website)
    matches = Q(name_key=key) if key else Q(pk__in=[])
    if domain:
        matches |= Q(website_domain=domain)
    candidates = list(Buyer.objects.filter(matches).order_by("name", "pk")[:10])
    # The same name is the stronger hint than the same website.
    buyer = next((b for b in candidates if b.name_key == key), candidates[0] if candidates else None)
    open_requests = (
        SignupRequest.objects.filter(status=SignupRequest.Status.NEW)
        .only("reference", "organisation_name", "website")
        .order_by("submitted_at", "pk")
    )
    request = next(
        (
            other
            for other in open_requests
            if (key and normalise_organisation_name(other.organisation_name) == key)
            or (domain and website_domain(other.website) == domain)
        ),
        None,
    )
    return SignupDuplicates(buyer=buyer, request=request)


def signup_status_token(*, signup_request: SignupRequest) -> str:
    """Return the token of *signup_request*'s status link.

    The reference signed with the secret key: it works without an account,
    cannot be guessed from a reference, and is checked without a lookup
    table. It does not expire: a buyer may come back months later.
    """
    return signing.dumps(signup_request.reference, salt=constants.SIGNUP_STATUS_SALT)


def signup_request_for_status_token(*, token: str) -> SignupRequest | None:
    """Return the signup request a status-link token names, or ``None``
    when the token is forged, damaged or its request is gone."""
    try:
        reference = signing.loads(token, salt=constants.SIGNUP_STATUS_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(reference, str):
        return None
    return SignupRequest.objects.filter(reference=reference).first()


def signup_request_for_submission_key(*, key: str) -> SignupRequest | None:
    """Return the request a signup form with one-time *key* already made,
    if any: the same form sent twice comes back to it."""
    if not key:
        return None
    return SignupRequest.objects.filter(submission_key=key).first()

"""Whether a factory is making progress, from its assessment cycles."""

from django.db.models import BooleanField, Case, F, OuterRef, Q, QuerySet, Subquery, Value, When

from buyers.models import Assessment, Factory


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
    latest assessment cycle is lower than in the cycle before. With fewer than two cycles there is nothing to compare,
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

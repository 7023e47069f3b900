"""Filters of the staff dashboard's buyer and factory lists (django-filter).

A value a filter does not know (``?tier=bogus``) fails that filter's
validation; the list then ignores it and says so, rather than erroring.
Choices read from the database are read once, when the filter set is
made, so validating and drawing the form cost no further queries.
"""

import django_filters
from django.db.models import Exists, F, OuterRef, Q
from django_countries import countries

from buyers.models import Buyer, CountryProgramme, Factory, Sourcing
from buyers.names import normalise_organisation_name
from partnerships.selectors.pipeline import (
    ELIGIBILITY_CHOICES,
    PIPELINE_CHOICES,
    buyers_by_eligibility,
    buyers_in_pipeline,
)

# Each sort: the label staff see, and the ordering, with the name and id to
# break ties so that pages never overlap.
BUYER_SORTS = {
    "name": ("Name, A to Z", ("name", "pk")),
    "-name": ("Name, Z to A", ("-name", "-pk")),
    "tier": ("Tier: participants first", ("tier", "name", "pk")),
    "-tier": ("Tier: partners first", ("-tier", "name", "pk")),
    "-completion": ("Checklist: most complete first", ("-completion", "name", "pk")),
    "completion": ("Checklist: least complete first", ("completion", "name", "pk")),
    "-joined": ("Joined: newest first", ("-joined_on", "name", "pk")),
    "joined": ("Joined: oldest first", ("joined_on", "name", "pk")),
    # Longest without contact first, never contacted at the very top: the
    # buyers a focal point is neglecting.
    "contact": ("Last contact: longest ago first", (F("last_contact_on").asc(nulls_first=True), "name", "pk")),
    "-contact": ("Last contact: most recent first", (F("last_contact_on").desc(nulls_last=True), "name", "pk")),
}
NO_FOCAL_POINT = "none"


def _anywhere_in(value, *fields) -> Q:
    """Match *value* anywhere in any of *fields*, ignoring case."""
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__icontains": value.strip()})
    return condition


class DashboardFilterSet(django_filters.FilterSet):
    """A filter set whose selects are drawn in Bootstrap's style."""

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            field.widget.attrs.setdefault("class", "form-select form-select-sm")
        return form


class BuyerFilter(DashboardFilterSet):
    """The buyer list's search, filters and sort."""

    q = django_filters.CharFilter(method="filter_search", label="Search")
    tier = django_filters.ChoiceFilter(choices=Buyer.Tier.choices, empty_label="Any tier")
    status = django_filters.ChoiceFilter(choices=Buyer.Status.choices, empty_label="Any status")
    eligibility = django_filters.ChoiceFilter(
        label="Eligibility", choices=ELIGIBILITY_CHOICES, empty_label="Any", method="filter_eligibility"
    )
    pipeline = django_filters.ChoiceFilter(
        label="Pipeline", choices=PIPELINE_CHOICES, empty_label="Everyone", method="filter_pipeline"
    )
    country = django_filters.ChoiceFilter(
        label="Headquarters", field_name="headquarters_country", empty_label="Any country"
    )
    programme = django_filters.ChoiceFilter(
        label="Sources from", empty_label="Any programme", method="filter_programme"
    )
    focal_point = django_filters.ChoiceFilter(label="Focal point", empty_label="Anyone", method="filter_focal_point")
    sort = django_filters.ChoiceFilter(
        label="Sort by",
        choices=[(key, label) for key, (label, _ordering) in BUYER_SORTS.items()],
        empty_label=None,
        method="filter_sort",
    )

    class Meta:
        model = Buyer
        fields = ()

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        # One query gives both the countries and the focal points in use.
        headquarters, focal_points = set(), {}
        for code, user_id, first_name, last_name, username in (
            Buyer.objects.order_by()
            .values_list(
                "headquarters_country",
                "focal_point_id",
                "focal_point__first_name",
                "focal_point__last_name",
                "focal_point__username",
            )
            .distinct()
        ):
            headquarters.add(code)
            if user_id is not None:
                focal_points[str(user_id)] = f"{first_name} {last_name}".strip() or username
        self.filters["country"].extra["choices"] = sorted(
            ((code, countries.name(code) or code) for code in headquarters), key=lambda choice: choice[1]
        )
        self.filters["focal_point"].extra["choices"] = [
            *sorted(focal_points.items(), key=lambda choice: choice[1].casefold()),
            (NO_FOCAL_POINT, "No focal point"),
        ]
        self.filters["programme"].extra["choices"] = [
            (str(pk), name) for pk, name in CountryProgramme.objects.order_by("name").values_list("pk", "name")
        ]

    def filter_search(self, queryset, name, value):
        condition = _anywhere_in(value, "name", "website_domain")
        # The name as the duplicate check keys it: "acme inc" finds "ACME, Inc.".
        key = normalise_organisation_name(value)
        if key:
            condition |= Q(name_key__contains=key)
        return queryset.filter(condition)

    def filter_eligibility(self, queryset, name, value):
        return buyers_by_eligibility(queryset, value)

    def filter_pipeline(self, queryset, name, value):
        return buyers_in_pipeline(queryset, value)

    def filter_programme(self, queryset, name, value):
        current = Sourcing.objects.filter(buyer=OuterRef("pk"), ended_on__isnull=True)
        return queryset.filter(Exists(current.filter(factory__country_programme=value)))

    def filter_focal_point(self, queryset, name, value):
        if value == NO_FOCAL_POINT:
            return queryset.filter(focal_point__isnull=True)
        return queryset.filter(focal_point=value)

    def filter_sort(self, queryset, name, value):
        _label, ordering = BUYER_SORTS[value]
        return queryset.order_by(*ordering)


class FactoryFilter(DashboardFilterSet):
    """The factory list's search and filters."""

    q = django_filters.CharFilter(method="filter_search", label="Search")
    programme = django_filters.ChoiceFilter(
        label="Country programme", field_name="country_programme", empty_label="Any programme"
    )
    progress = django_filters.ChoiceFilter(
        label="Progress",
        choices=(
            ("improving", "Making progress"),
            ("not_improving", "Not making progress"),
            ("not_enough", "Fewer than two assessments"),
        ),
        empty_label="Any",
        method="filter_progress",
    )
    sourcing = django_filters.ChoiceFilter(
        label="Buyers",
        choices=(
            ("any", "Sourced by an active buyer"),
            ("partner", "Sourced by a partner"),
            ("none", "No active buyer sources here"),
        ),
        empty_label="Any",
        method="filter_sourcing",
    )

    class Meta:
        model = Factory
        fields = ()

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.filters["programme"].extra["choices"] = [
            (str(pk), name) for pk, name in CountryProgramme.objects.order_by("name").values_list("pk", "name")
        ]

    def filter_search(self, queryset, name, value):
        return queryset.filter(_anywhere_in(value, "name", "os_id", "city"))

    def filter_progress(self, queryset, name, value):
        # The list's queryset is annotated by factories_with_progress.
        if value == "improving":
            return queryset.filter(is_making_progress=True)
        if value == "not_improving":
            return queryset.filter(previous_rate__isnull=False, is_making_progress=False)
        return queryset.filter(previous_rate__isnull=True)

    def filter_sourcing(self, queryset, name, value):
        # The list's queryset is annotated by factories_for_dashboard.
        if value == "any":
            return queryset.filter(buyer_count__gt=0)
        if value == "partner":
            return queryset.filter(partner_count__gt=0)
        return queryset.filter(buyer_count=0)

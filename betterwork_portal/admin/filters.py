"""List filters of the admin's buyer list."""

from django.contrib import admin

from partnerships.selectors import (
    participants_ready_to_graduate,
    partners_at_risk,
)


class EligibilityFilter(admin.SimpleListFilter):
    title = "eligibility for partnership"
    parameter_name = "eligible"

    def lookups(self, request, model_admin):
        return (("yes", "Eligible"), ("no", "Not eligible"))

    def queryset(self, request, queryset):
        # get_queryset has annotated is_eligible already.
        if self.value() in ("yes", "no"):
            return queryset.filter(is_eligible=self.value() == "yes")
        return queryset


class PipelineFilter(admin.SimpleListFilter):
    """The graduation pipeline, from the partnerships selectors."""

    title = "pipeline"
    parameter_name = "pipeline"

    def lookups(self, request, model_admin):
        return (("ready", "Ready to graduate"), ("at_risk", "Partners at risk"))

    def queryset(self, request, queryset):
        if self.value() == "ready":
            return participants_ready_to_graduate(queryset)
        if self.value() == "at_risk":
            return queryset.filter(pk__in=[entry.buyer.pk for entry in partners_at_risk()])
        return queryset

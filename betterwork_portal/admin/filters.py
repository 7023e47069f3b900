"""List filters of the admin's buyer list: the same filters, choices and
rule as the dashboard's (``partnerships/selectors/pipeline.py``)."""

from django.contrib import admin

from partnerships.selectors.pipeline import (
    ELIGIBILITY_CHOICES,
    PIPELINE_CHOICES,
    buyers_by_eligibility,
    buyers_in_pipeline,
)


class EligibilityFilter(admin.SimpleListFilter):
    title = "eligibility for partnership"
    parameter_name = "eligibility"

    def lookups(self, request, model_admin):
        return ELIGIBILITY_CHOICES

    def queryset(self, request, queryset):
        # BuyerAdmin.get_queryset annotated the eligibility rule already.
        return buyers_by_eligibility(queryset, self.value())


class PipelineFilter(admin.SimpleListFilter):
    title = "pipeline"
    parameter_name = "pipeline"

    def lookups(self, request, model_admin):
        return PIPELINE_CHOICES

    def queryset(self, request, queryset):
        return buyers_in_pipeline(queryset, self.value())

"""List filters of the admin's buyer list: the same filters, choices and
rule as the dashboard's (``partnerships/selectors/pipeline.py``)."""

from django.contrib import admin

from partnerships.selectors.pipeline import (
    ELIGIBILITY_CHOICES,
    PIPELINE_CHOICES,
    buyers_by_eligibility,
    buyers_in_pipeline,
)


class FocalPointFilter(admin.RelatedOnlyFieldListFilter):
    """The focal points that buyers have, as Django's related-only filter
    lists them, found in the buyer table alone: Django's own asks the
    admin's queryset, whose checklist figures made it a grouped query over
    every buyer (issue 14)."""

    def field_choices(self, field, request, model_admin):
        in_use = model_admin.model._default_manager.order_by().values(self.field_path)
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(include_blank=False, limit_choices_to={"pk__in": in_use}, ordering=ordering)


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

"""Admin for country programmes, factories, sourcing, assessments and buyers' audits."""

from django.contrib import admin

from betterwork_portal.admin.base import PortalModelAdmin
from betterwork_portal.admin.history import ReadOnlyHistoryAdmin
from betterwork_portal.admin.imports import PortalImportExportMixin
from betterwork_portal.admin.resources import AssessmentResource, FactoryResource, SourcingResource
from buyers.models import (
    Assessment,
    CountryProgramme,
    Factory,
    FactoryAudit,
    Sourcing,
)


@admin.register(CountryProgramme)
class CountryProgrammeAdmin(PortalModelAdmin):
    list_display = ("name", "country", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)


@admin.register(Factory)
class FactoryAdmin(PortalImportExportMixin, PortalModelAdmin):
    resource_classes = [FactoryResource]
    # The OS ID beside the name: it is how a factory is told apart.
    list_display = ("name", "os_id", "country_programme", "city", "workers", "sector")
    list_filter = ("country_programme", "sector")
    search_fields = ("name", "os_id", "city")
    list_select_related = ("country_programme",)
    autocomplete_fields = ("country_programme",)


@admin.register(Sourcing)
class SourcingAdmin(PortalImportExportMixin, ReadOnlyHistoryAdmin):
    resource_classes = [SourcingResource]
    list_display = ("buyer", "factory", "started_on", "ended_on", "end_reason")
    list_filter = ("end_reason", "factory__country_programme")
    # "All N in the sourcing list" on a buyer's page.
    link_filters = ("buyer",)
    search_fields = ("buyer__name", "factory__name", "factory__os_id")
    # The factory column is Factory.__str__, which names its programme.
    list_select_related = ("buyer", "factory", "factory__country_programme")
    autocomplete_fields = ("buyer", "factory")


@admin.register(Assessment)
class AssessmentAdmin(PortalImportExportMixin, PortalModelAdmin):
    resource_classes = [AssessmentResource]
    list_display = ("factory", "cycle", "assessed_on", "overall_rate")
    list_filter = ("factory__country_programme",)
    search_fields = ("factory__name", "factory__os_id")
    list_select_related = ("factory", "factory__country_programme")
    autocomplete_fields = ("factory",)
    readonly_fields = ("overall_rate",)
    fieldsets = (
        (None, {"fields": ("factory", "cycle", "assessed_on")}),
        (
            "Core labour standards",
            {
                "description": "Non-compliance rate in each cluster, in per cent.",
                "fields": ("child_labour", "discrimination", "forced_labour", "freedom_of_association"),
            },
        ),
        (
            "Working conditions",
            {
                "description": "Non-compliance rate in each cluster, in per cent.",
                "fields": (
                    "compensation",
                    "contracts_and_human_resources",
                    "occupational_safety_and_health",
                    "working_time",
                ),
            },
        ),
        ("Overall", {"fields": ("overall_rate",)}),
    )


@admin.register(FactoryAudit)
class FactoryAuditAdmin(ReadOnlyHistoryAdmin):
    list_display = ("buyer", "factory", "audited_on", "auditor", "recorded_by", "recorded_at")
    list_filter = ("factory__country_programme",)
    search_fields = ("buyer__name", "factory__name", "factory__os_id", "auditor")
    list_select_related = ("buyer", "factory", "factory__country_programme", "recorded_by")
    autocomplete_fields = ("buyer", "factory")
    readonly_fields = ("recorded_by", "recorded_at")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)

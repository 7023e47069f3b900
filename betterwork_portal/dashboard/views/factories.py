"""The factory list and a factory's file."""

from django.shortcuts import get_object_or_404

from betterwork_portal.dashboard.access import DashboardPage, dashboard_view
from betterwork_portal.dashboard.charts import trend_chart
from betterwork_portal.dashboard.filters import FactoryFilter
from betterwork_portal.dashboard.views.listing import PER_PAGE, ignored_filters
from betterwork_portal.pagination import page_of
from buyers.models import ASSESSMENT_CLUSTERS, Assessment
from buyers.selectors import factories_for_dashboard, factory_audits, factory_sourcings


def _cluster_rows(assessments, clusters):
    return [
        (Assessment._meta.get_field(name).verbose_name, [getattr(assessment, name) for assessment in assessments])
        for name in clusters
    ]


class FactoryListView(DashboardPage):
    """Every programme factory, searchable and filterable, 25 to a page."""

    template_name = "dashboard/factory_list.html"
    nav = "factories"
    permission_required = ("buyers.view_factory",)

    def get_context_data(self, **kwargs):
        filterset = FactoryFilter(self.request.GET, queryset=factories_for_dashboard())
        pages = page_of(filterset.qs, self.request, per_page=PER_PAGE)
        return super().get_context_data(
            filterset=filterset,
            **pages,
            factories=list(pages["page_obj"]),
            ignored_filters=ignored_filters(filterset),
            filtered=any(filterset.form.cleaned_data.values()),
            **kwargs,
        )


class FactoryDetailView(DashboardPage):
    """A factory's file: its assessments by cycle, who sources from it, and
    the buyers' own audits recorded."""

    template_name = "dashboard/factory_detail.html"
    nav = "factories"
    permission_required = ("buyers.view_factory",)

    def get_context_data(self, pk, **kwargs):
        factory = get_object_or_404(factories_for_dashboard(), pk=pk)
        assessments = list(factory.assessments.order_by("cycle"))
        sourcings = list(factory_sourcings(factory=factory))
        return super().get_context_data(
            factory=factory,
            assessments=assessments,
            cluster_groups=[
                ("Core labour standards", _cluster_rows(assessments, ASSESSMENT_CLUSTERS[:4])),
                ("Working conditions", _cluster_rows(assessments, ASSESSMENT_CLUSTERS[4:])),
            ],
            chart=trend_chart(assessments) if assessments else None,
            current_sourcings=[s for s in sourcings if s.ended_on is None],
            ended_sourcings=[s for s in sourcings if s.ended_on is not None],
            audits=list(factory_audits(factory=factory)),
            **kwargs,
        )


factory_list_view = dashboard_view(FactoryListView)
factory_detail_view = dashboard_view(FactoryDetailView)

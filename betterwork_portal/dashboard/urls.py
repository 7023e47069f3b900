"""The staff dashboard, under /dashboard/ (namespace ``dashboard``)."""

from django.urls import path

from betterwork_portal.dashboard.export import buyer_export_view
from betterwork_portal.dashboard.views.buyers import buyer_detail_view, buyer_list_view
from betterwork_portal.dashboard.views.factories import factory_detail_view, factory_list_view
from betterwork_portal.dashboard.views.overview import overview_view
from betterwork_portal.dashboard.views.relationship import (
    benefits_table_view,
    complete_follow_up_view,
    log_interaction_view,
    my_work_view,
    partner_review_view,
)

app_name = "dashboard"

urlpatterns = [
    path("", overview_view, name="overview"),
    path("buyers/", buyer_list_view, name="buyer_list"),
    path("buyers/export.csv", buyer_export_view, name="buyer_export"),
    path("buyers/<int:pk>/", buyer_detail_view, name="buyer_detail"),
    path("buyers/<int:pk>/interactions/new/", log_interaction_view, name="log_interaction"),
    path("buyers/<int:pk>/review/", partner_review_view, name="partner_review"),
    path("interactions/<int:pk>/done/", complete_follow_up_view, name="complete_follow_up"),
    path("me/", my_work_view, name="my_work"),
    path("benefits/", benefits_table_view, name="benefits"),
    path("factories/", factory_list_view, name="factory_list"),
    path("factories/<int:pk>/", factory_detail_view, name="factory_detail"),
]

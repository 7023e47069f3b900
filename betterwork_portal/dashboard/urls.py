"""The staff dashboard, under /dashboard/ (namespace ``dashboard``)."""

from django.urls import path

from betterwork_portal.dashboard.export import buyer_export_view
from betterwork_portal.dashboard.views.buyers import buyer_detail_view, buyer_list_view
from betterwork_portal.dashboard.views.factories import factory_detail_view, factory_list_view
from betterwork_portal.dashboard.views.overview import overview_view

app_name = "dashboard"

urlpatterns = [
    path("", overview_view, name="overview"),
    path("buyers/", buyer_list_view, name="buyer_list"),
    path("buyers/export.csv", buyer_export_view, name="buyer_export"),
    path("buyers/<int:pk>/", buyer_detail_view, name="buyer_detail"),
    path("factories/", factory_list_view, name="factory_list"),
    path("factories/<int:pk>/", factory_detail_view, name="factory_detail"),
]

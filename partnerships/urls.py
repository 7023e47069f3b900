"""The staff dashboard, under /dashboard/ (namespace ``dashboard``)."""

from django.urls import path

from buyers.views.dashboard import (
    buyer_detail_view,
    buyer_export_view,
    buyer_list_view,
    factory_detail_view,
    factory_list_view,
)
from partnerships.views import overview_view

app_name = "dashboard"

urlpatterns = [
    path("", overview_view, name="overview"),
    path("buyers/", buyer_list_view, name="buyer_list"),
    path("buyers/export.csv", buyer_export_view, name="buyer_export"),
    path("buyers/<int:pk>/", buyer_detail_view, name="buyer_detail"),
    path("factories/", factory_list_view, name="factory_list"),
    path("factories/<int:pk>/", factory_detail_view, name="factory_detail"),
]

"""URL configuration of the Better Work Buyer Relations Portal."""

from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

urlpatterns = [
    # The public pages and the dashboard take over "/" as they land; until
    # then staff arriving at the root are sent to data entry.
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("admin/", admin.site.urls),
]

"""URL configuration of the Better Work Buyer Relations Portal."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("betterwork_portal.public.urls")),
    path("dashboard/", include("betterwork_portal.dashboard.urls")),
    path("accounts/two-factor/", include("betterwork_portal.accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "betterwork_portal.errors.bad_request"
handler500 = "betterwork_portal.errors.server_error"

"""Public pages: the schemes, the partner list and the signup form."""

from django.urls import path
from django.views.generic import RedirectView

app_name = "buyers"

urlpatterns = [
    # Replaced by the public home page (issue: public pages and signup).
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False), name="home"),
]

"""The second factor of a staff sign-in, under /accounts/two-factor/."""

from django.urls import path

from betterwork_portal.accounts import views

app_name = "two_factor"

urlpatterns = [
    path("", views.overview_view, name="overview"),
    path("verify/", views.verify_view, name="verify"),
    path("setup/", views.setup_view, name="setup"),
    path("recovery-codes/", views.recovery_codes_view, name="recovery_codes"),
    path("turn-off/", views.turn_off_view, name="turn_off"),
]

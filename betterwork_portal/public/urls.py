"""Public pages: the schemes, the partner list and the signup form."""

from django.urls import path

from betterwork_portal.public import views

app_name = "public"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("partners/", views.partner_list_view, name="partners"),
    path("signup/", views.signup_view, name="signup"),
    path("signup/done/<str:token>/", views.signup_done_view, name="signup_done"),
    path("signup/status/<str:token>/", views.signup_status_view, name="signup_status"),
]

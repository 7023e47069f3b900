"""Public pages: the schemes, the partner list and the signup form."""

from django.urls import path

from buyers.views import public

app_name = "buyers"

urlpatterns = [
    path("", public.home_view, name="home"),
    path("partners/", public.partner_list_view, name="partners"),
    path("signup/", public.signup_view, name="signup"),
    path("signup/done/<str:token>/", public.signup_done_view, name="signup_done"),
    path("signup/status/<str:token>/", public.signup_status_view, name="signup_status"),
]

"""The staff dashboard, under /dashboard/ (namespace ``dashboard``)."""

app_name = "dashboard"

urlpatterns = []

"""The portal's URLs plus the benchmark's floor (``benchmarks/settings.py``)."""

from django.http import HttpResponse
from django.urls import include, path


def floor_view(request):
    """Nothing but the middleware: what every request costs at least."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("_bench/floor/", floor_view),
    path("", include("betterwork_portal.urls")),
]

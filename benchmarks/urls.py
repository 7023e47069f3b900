"""The portal's URLs plus the benchmark's own views (``benchmarks/settings.py``)."""

import uuid

from django.db import transaction
from django.http import HttpResponse
from django.urls import include, path
from django.utils import timezone

from betterwork_portal.dashboard.views.overview import overview_view
from buyers.models import DataVersion


def floor_view(request):
    """Nothing but the middleware: what every request costs at least."""
    return HttpResponse("ok", content_type="text/plain")


@transaction.non_atomic_requests
def overview_after_a_write_view(request):
    """The overview as its first visitor after a write sees it: the data's
    version changes (and commits) first, so its figures are computed, not
    read from the cache (buyers/selectors/data_version.py)."""
    with transaction.atomic():
        DataVersion.objects.filter(pk=1).update(token=uuid.uuid4(), changed_at=timezone.now())
    return overview_view(request)


urlpatterns = [
    path("_bench/floor/", floor_view),
    path("_bench/overview-after-a-write/", overview_after_a_write_view),
    path("", include("betterwork_portal.urls")),
]

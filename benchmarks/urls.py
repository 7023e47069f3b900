"""The portal's URLs plus the benchmark's own views (``benchmarks/settings.py``)."""

from django.db import transaction
from django.db.models import F
from django.http import HttpResponse
from django.urls import include, path

from betterwork_portal.dashboard.views.overview import overview_view
from partnerships.models import CommitmentRecord, Interaction


def floor_view(request):
    """Nothing but the middleware: what every request costs at least."""
    return HttpResponse("ok", content_type="text/plain")


def _overview_after_writing(model):
    @transaction.non_atomic_requests
    def view(request):
        """The overview as its first visitor after a write to *model*'s
        table sees it: one row is written again as it is (and commits)
        first, so the table's version changes and the overview's parts that
        read it are computed, not read from the cache
        (buyers/selectors/data_version.py). The data stays as it was."""
        with transaction.atomic():
            pk = model.objects.order_by("pk").values_list("pk", flat=True).first()
            model.objects.filter(pk=pk).update(id=F("id"))
        return overview_view(request)

    return view


urlpatterns = [
    path("_bench/floor/", floor_view),
    path("_bench/overview-after-a-call/", _overview_after_writing(Interaction)),
    path("_bench/overview-after-a-checklist-change/", _overview_after_writing(CommitmentRecord)),
    path("", include("betterwork_portal.urls")),
]

"""The portal's URLs plus the benchmark's own views (``benchmarks/settings.py``)."""

from django.db import transaction
from django.db.models import F
from django.http import HttpResponse
from django.urls import include, path

from betterwork_portal.dashboard.views.overview import overview_view
from partnerships.models import ChecklistSummary, CommitmentRecord, Interaction


def floor_view(request):
    """Nothing but the middleware: what every request costs at least."""
    return HttpResponse("ok", content_type="text/plain")


def _overview_after_writing(*models):
    @transaction.non_atomic_requests
    def view(request):
        """The overview as its first visitor after a write to *models*'
        tables sees it: one row of each is written again as it is (and
        commits) first, so the tables' versions change and the overview's
        parts that read them are computed, not read from the cache
        (buyers/selectors/data_version.py). The data stays as it was."""
        with transaction.atomic():
            for model in models:
                pk = model.objects.order_by("pk").values_list("pk", flat=True).first()
                column = model._meta.pk.attname
                model.objects.filter(pk=pk).update(**{column: F(column)})
        return overview_view(request)

    return view


urlpatterns = [
    path("_bench/floor/", floor_view),
    path("_bench/overview-after-a-call/", _overview_after_writing(Interaction)),
    # A change that moves a buyer's figures writes its summary as well
    # (partnerships/services/checklist_summaries.py).
    path("_bench/overview-after-a-checklist-change/", _overview_after_writing(CommitmentRecord, ChecklistSummary)),
    path("", include("betterwork_portal.urls")),
]

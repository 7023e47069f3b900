"""The portal's URLs plus the benchmark's own views (``benchmarks/settings.py``)."""

from django.db import transaction
from django.db.models import F
from django.http import HttpResponse
from django.urls import include, path

from betterwork_portal.dashboard.views.overview import overview_view
from buyers.models import Buyer
from partnerships.models import ChecklistSummary, CommitmentRecord, Interaction


def floor_view(request):
    """Nothing but the middleware: what every request costs at least."""
    return HttpResponse("ok", content_type="text/plain")


def _overview_after_writing(*models):
    @transaction.non_atomic_requests
    def view(request):
        """The overview as its first visitor after a write to *models*'
        tables sees it: one row of each (its primary key, or the column
        named with the model) is written again as it is (and commits) first,
        so the tables' versions change and the overview's parts that read
        them are computed, not read from the cache
        (buyers/selectors/data_version.py). The data stays as it was."""
        with transaction.atomic():
            for model in models:
                model, column = model if isinstance(model, tuple) else (model, model._meta.pk.attname)
                pk = model.objects.order_by("pk").values_list("pk", flat=True).first()
                model.objects.filter(pk=pk).update(**{column: F(column)})
        return overview_view(request)

    return view


urlpatterns = [
    path("_bench/floor/", floor_view),
    path("_bench/overview-after-a-call/", _overview_after_writing(Interaction)),
    # What a checklist change that moves a buyer's figures writes: the line,
    # the buyer's summary (partnerships/services/checklist_summaries.py) and
    # the buyer's version (buyers/services/versions.py).
    path(
        "_bench/overview-after-a-checklist-change/",
        _overview_after_writing(CommitmentRecord, ChecklistSummary, (Buyer, "version")),
    ),
    path("", include("betterwork_portal.urls")),
]

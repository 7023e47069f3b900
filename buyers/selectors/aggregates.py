"""Query helpers shared by the selectors of both domain apps."""

from django.db.models import F, Func, IntegerField, QuerySet, Subquery
from django.db.models.functions import Coalesce


def subquery_count(queryset: QuerySet) -> Coalesce:
    """Return a correlated subquery counting *queryset*'s rows, 0 if none.

    A subquery rather than ``Count`` over a join, so that several counts on
    one list never multiply each other's rows.
    """
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

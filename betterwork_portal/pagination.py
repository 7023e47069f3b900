"""A page of a long list, as ``templates/includes/_pagination.html`` shows
it: the dashboard's buyer, factory and benefits lists, the public partner
list and (its paginator) the admin's changelists. Below the surfaces in
``.importlinter``, so that each can use it."""

import hashlib

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from buyers.selectors import cached_while_data_unchanged


class KeptCountPaginator(Paginator):
    """Django's paginator, its count kept under the data's versions
    (``buyers/selectors/data_version.py``), so never older than the data.

    Counting the buyers eligible for partnership asks every buyer's
    checklist: 80 ms at 10,000 buyers on each page of the admin's filtered
    list, and counting 100,000 factories 15 ms on each page of the
    factory list, for numbers that change only when the data does (issue
    14). The key is the count's own SQL, so each filter and search has its
    own."""

    @cached_property
    def count(self):
        if not isinstance(self.object_list, QuerySet):
            return super().count
        try:
            sql, params = self.object_list.query.sql_with_params()
        except EmptyResultSet:  # .none(): Django counts nothing without a query
            return super().count
        digest = hashlib.sha256(f"{sql}\x00{params!r}".encode()).hexdigest()
        # Scoped: the count is its query's alone, so it is kept until a
        # table that query names is written.
        return cached_while_data_unchanged(f"count:{digest}", lambda: Paginator.count.func(self), scoped=True)


def page_of(object_list, request, *, per_page: int) -> dict:
    """Return the page of *object_list* that ``?page=`` asks for (the first
    for anything unreadable, the last past the end) as the template's
    ``page_obj`` and ``page_range``."""
    page = KeptCountPaginator(object_list, per_page).get_page(request.GET.get("page"))
    return {
        "page_obj": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
    }

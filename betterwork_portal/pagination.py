"""A page of a long list, as ``templates/includes/_pagination.html`` shows
it: the dashboard's buyer, factory and benefits lists and the public partner
list. Below the surfaces in ``.importlinter``, so that each can use it."""

from django.core.paginator import Paginator


def page_of(object_list, request, *, per_page: int) -> dict:
    """Return the page of *object_list* that ``?page=`` asks for (the first
    for anything unreadable, the last past the end) as the template's
    ``page_obj`` and ``page_range``."""
    page = Paginator(object_list, per_page).get_page(request.GET.get("page"))
    return {
        "page_obj": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
    }

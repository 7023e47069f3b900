"""What every ModelAdmin of the portal shares: hand-made URLs answer
cleanly, and one-line text follows the same rules as on the public form."""

from django.contrib import admin
from django.db import models
from django.http import HttpResponseBadRequest

from betterwork_portal.admin.changelist import PortalChangeList
from betterwork_portal.pagination import KeptCountPaginator
from buyers.validators import validate_one_line

# The lookups the admin's own list filters put in a URL: field filters use
# exact, isnull and in; date and numeric filters the comparisons; related
# filters go through the related object's id.
FILTER_LOOKUPS = frozenset({"exact", "iexact", "isnull", "in", "gte", "gt", "lte", "lt", "range"})


def _filter_paths(model_admin, request) -> set[str]:
    """Return the field paths and parameters the changelist's filters use."""
    paths = {model_admin.date_hierarchy} if model_admin.date_hierarchy else set()
    paths.update(getattr(model_admin, "link_filters", ()))
    for item in model_admin.get_list_filter(request):
        if isinstance(item, (list, tuple)):
            paths.add(item[0])
        elif isinstance(item, str):
            paths.add(item)
        else:  # a SimpleListFilter: its own parameter
            paths.add(item.parameter_name)
    return paths


class PortalAdminMixin:
    """Mixed into every ModelAdmin (``betterwork_portal/admin/``).

    Django's admin lets a URL filter a changelist by any lookup on the
    model's own fields, so ``?name__regex=(a`` reaches the database and
    fails there (a 500 on PostgreSQL). Here only what the list filters
    offer is allowed: any other lookup is refused with a 400 (Django's
    ``DisallowedModelAdminLookup``). PostgreSQL cannot compare text holding
    a NUL character, so a search or autocomplete term with one finds
    nothing, and a filter value with one is refused with a 400.
    """

    # Field paths the portal's own links filter by without a filter in the
    # sidebar (e.g. a buyer's sourcing, from its page: thousands of buyers
    # would not fit there).
    link_filters = ()
    # A filtered list says "12 results" without counting the whole table
    # again for "(160,000 total)" on every page (issue 14). Here, not on
    # PortalModelAdmin, so that the lists with history have it too.
    show_full_result_count = False
    paginator = KeptCountPaginator

    UNREADABLE = "The address holds a character that cannot be read (NUL). Remove it and try again."

    def get_changelist(self, request, **kwargs):
        return PortalChangeList

    def changelist_view(self, request, extra_context=None):
        if any("\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()):
            return HttpResponseBadRequest(self.UNREADABLE, content_type="text/plain; charset=utf-8")
        return super().changelist_view(request, extra_context)

    def get_search_results(self, request, queryset, search_term):
        if "\x00" in search_term:
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)

    def lookup_allowed(self, lookup, value, request):
        parts = lookup.split("__")
        while len(parts) > 1 and parts[-1] in FILTER_LOOKUPS:
            parts.pop()
        if len(parts) > 1 and parts[-1] in ("id", "pk"):
            parts.pop()
        if "__".join(parts) not in _filter_paths(self, request):
            return False
        return super().lookup_allowed(lookup, value, request)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.CharField) and not db_field.choices and formfield is not None:
            # The public form's rule for one-line text (direction overrides,
            # control characters, line breaks), so staff cannot enter what a
            # buyer could not.
            formfield.validators.append(validate_one_line)
        return formfield


class PortalModelAdmin(PortalAdminMixin, admin.ModelAdmin):
    """A ModelAdmin of the portal."""

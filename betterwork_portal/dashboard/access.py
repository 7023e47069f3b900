"""Who may see the staff dashboard, and what every dashboard page shares."""

from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.db import transaction
from django.urls import reverse
from django.views.generic import TemplateView


class StaffRequiredMixin(LoginRequiredMixin, UserPassesTestMixin):
    """Let signed-in Better Work staff with the page's permissions in, and
    no one else.

    Anonymous visitors are sent to the sign-in page and brought back after.
    A signed-in account that is not staff, or staff without the permissions
    of *permission_required* (``partnerships/roles.py`` gives them by role),
    gets the 403 page, which says why: signing in again would not help.
    """

    permission_denied_message = "This page is for Better Work staff."
    permission_required: tuple[str, ...] = ("buyers.view_buyer",)

    def test_func(self):
        user = self.request.user
        return user.is_staff and user.has_perms(self.permission_required)


class DashboardPage(StaffRequiredMixin, TemplateView):
    """A page of the staff dashboard; *nav* names its navbar entry."""

    nav = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(nav=self.nav, **kwargs)


def dashboard_view(view_class):
    """Return *view_class* as a view function outside any transaction.

    Dashboard pages only read, so the transaction ATOMIC_REQUESTS opens
    for every request would buy nothing and cost two round trips.
    """
    return transaction.non_atomic_requests(view_class.as_view())


def buyer_list_url(**params) -> str:
    """Return the dashboard buyer list filtered by *params*."""
    return f"{reverse('dashboard:buyer_list')}?{urlencode(params)}" if params else reverse("dashboard:buyer_list")

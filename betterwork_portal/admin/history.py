"""Admin pieces shared by the buyers and partnerships apps."""

from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from betterwork_portal.admin.base import PortalAdminMixin


class ReadOnlyHistoryAdmin(PortalAdminMixin, SimpleHistoryAdmin):
    """Change history that staff can read but never revert.

    Reverting saves a past version whole, read-only fields included, which
    would set a buyer's tier without a partnership decision or reopen an
    accepted signup behind its services. simple-history's
    ``SIMPLE_HISTORY_REVERT_DISABLED`` only hides the button, so the view
    refuses the POST itself.
    """

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied("Past versions can be read, not restored. Change the record on its own page.")
        return super().history_form_view(request, object_id, version_id, extra_context)

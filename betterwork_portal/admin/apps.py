from django.apps import AppConfig


class PortalAdminConfig(AppConfig):
    """The Django admin for data entry: every model's ModelAdmin, the Decide
    partnership page and the signup review pages.

    The ModelAdmins live here rather than in each app's ``admin.py``, because
    the admin is a surface above both domain apps (``docs/architecture.md``).
    Its modules register themselves when imported, in ``ready()``.
    """

    name = "betterwork_portal.admin"
    label = "portal_admin"
    verbose_name = "Admin for data entry"

    def ready(self):
        from django.contrib import admin

        # Django's own apps register first (this app comes before
        # django.contrib.admin, whose ready() would run autodiscover later),
        # so that users.py can put the portal's rules on the User admin.
        admin.autodiscover()
        from betterwork_portal.admin import (  # noqa: F401
            buyers,
            factories,
            partnerships,
            relationship,
            signups,
            site,
            supplier_lists,
            users,
        )

from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The staff dashboard: read-only pages for buyer relations staff."""

    name = "betterwork_portal.dashboard"
    label = "dashboard"
    verbose_name = "Staff dashboard"

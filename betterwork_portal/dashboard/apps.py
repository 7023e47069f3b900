from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The staff dashboard: read-only pages for buyer relations staff."""

    name = "betterwork_portal.dashboard"
    label = "dashboard"
    verbose_name = "Staff dashboard"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from betterwork_portal.middleware import stamp_session_at_sign_in

        # Staff sign in to reach the dashboard; the idle count of their
        # session starts there (betterwork_portal/middleware.py).
        user_logged_in.connect(stamp_session_at_sign_in, dispatch_uid="portal-stamp-session")

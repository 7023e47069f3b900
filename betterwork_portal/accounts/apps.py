from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Staff accounts' own pages: the second factor of signing in
    (``betterwork_portal/second_factor.py``)."""

    name = "betterwork_portal.accounts"
    label = "portal_accounts"
    verbose_name = "Staff accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from betterwork_portal.second_factor import remember_at_sign_in

        user_logged_in.connect(remember_at_sign_in, dispatch_uid="portal-remember-second-factor")

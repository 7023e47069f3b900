from django.apps import AppConfig


class PublicConfig(AppConfig):
    """The public pages and the buyer self-service signup: no account needed."""

    name = "betterwork_portal.public"
    label = "public"
    verbose_name = "Public pages and signup"

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo programme and its ``seed_demo`` command: tooling above every
    layer, so it may write buyers, checklists and staff users alike."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "betterwork_portal.demo"
    label = "demo"
    verbose_name = "Demo data"

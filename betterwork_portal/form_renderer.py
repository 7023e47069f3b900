"""How every form draws its widgets: Django's own form and widget
templates (``django/forms/...``) in their Jinja2 edition, which Django
ships beside the other and which draws the same HTML several times faster;
any other template (the admin's widgets, crispy's Bootstrap 5 fields, ours)
with Django's template language, as before.

Drawing widgets was most of the time of the pages with many fields (issue
14): the admin buyer page's 140 widgets took half its 300 ms, and the signup
form's hundreds of options (every country, the country programmes once per
factory row) went through two template includes each. Set as
``FORM_RENDERER`` in ``betterwork_portal/settings/base.py``.
"""

from functools import cached_property

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist

DJANGOS_OWN = "django/forms/"


class WidgetRenderer(BaseRenderer):
    @cached_property
    def _jinja2(self) -> Jinja2:
        return Jinja2()

    @cached_property
    def _django(self) -> DjangoTemplates:
        return DjangoTemplates()

    def get_template(self, template_name):
        if template_name.startswith(DJANGOS_OWN):
            try:
                return self._jinja2.get_template(template_name)
            except TemplateDoesNotExist:
                pass
        return self._django.get_template(template_name)

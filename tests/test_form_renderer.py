"""The form renderer (betterwork_portal/form_renderer.py): Django's own
widget templates drawn by Jinja2, the same HTML; other templates as before."""

import re

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.template.backends.jinja2 import Template as Jinja2Template

from betterwork_portal.form_renderer import WidgetRenderer


class _Form(forms.Form):
    country = forms.ChoiceField(choices=[("CI", "Côte d'Ivoire"), ("KH", "Cambodia")])
    scheme = forms.ChoiceField(choices=[("participant", "Participant")], widget=forms.RadioSelect)
    note = forms.CharField(widget=forms.Textarea)


def _normalised(html: str) -> str:
    return re.sub(r"\s+", " ", html.replace("&#x27;", "&#39;")).replace("> <", "><").strip()


def test_the_portal_draws_forms_with_the_widget_renderer():
    assert isinstance(get_default_renderer(), WidgetRenderer)


def test_djangos_own_widget_templates_are_drawn_by_jinja2():
    assert isinstance(WidgetRenderer().get_template("django/forms/widgets/select.html"), Jinja2Template)


def test_a_form_is_drawn_as_djangos_own_renderer_draws_it():
    form = _Form(data={"country": "<script>", "note": "<b>bold</b>"})
    assert _normalised(form.render(renderer=WidgetRenderer())) == _normalised(form.render(renderer=DjangoTemplates()))


def test_a_widget_of_the_admin_is_drawn_from_the_admins_template():
    html = AdminDateWidget().render("on", "2026-12-04", renderer=WidgetRenderer())
    assert 'class="vDateField"' in html

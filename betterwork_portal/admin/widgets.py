"""Widgets of the admin's buyer page."""

from django.contrib.admin.widgets import AutocompleteSelect
from django.forms import Widget
from django.utils.html import format_html


class RowAutocompleteSelect(AutocompleteSelect):
    """An autocomplete that labels its selected option from the inline row.

    ``AutocompleteSelect`` looks the selected object up again to label it,
    one query per inline row. The row's form sets ``row_object`` to the
    object the inline's queryset already joined, and no query is made.
    """

    row_object = None

    def optgroups(self, name, value, attr=None):
        row_object = self.row_object
        if row_object is None or [str(v) for v in value if v] != [str(row_object.pk)]:
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required:
            options.append(self.create_option(name, "", "", False, 0))
        label = self.choices.field.label_from_instance(row_object)
        options.append(self.create_option(name, row_object.pk, label, True, len(options)))
        return [(None, options, 0)]


class FixedObject(Widget):
    """A foreign key that a row may no longer change, shown as its object's
    name in text rather than as a disabled chooser.

    The field is ``disabled``, so Django keeps the row's own value whatever
    a browser sends. A chooser would cut the name short and cost the page
    its script and rendering (the buyer page's checklist: a dozen disabled
    autocompletes were a tenth of its time, issue 14).
    """

    label = ""

    def render(self, name, value, attrs=None, renderer=None):
        return format_html('<span class="fixed-object">{}</span>', self.label)

"""Widgets of the admin's buyer page."""

from django.contrib.admin.widgets import AutocompleteSelect


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

"""Import and export in the admin, on django-import-export: a preview of
what will be created, changed, left unchanged and rejected before anything
is written; rejected rows named by their spreadsheet row, column and
reason; an all-or-nothing commit; the user recorded in each object's
history.

The file is read by ``buyers/imports/reading.py`` (one refusal that says
what is wrong with the file) and each row is checked by the same code as
the import commands (``buyers/imports/``). The file waits between the
preview and the confirmation in the shared cache, not on one server's disk.
"""

import io

import tablib
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.defaultfilters import filesizeformat
from import_export import resources
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ExportForm, ImportForm

from buyers.imports.exporting import csv_bytes, xlsx_bytes
from buyers.imports.reading import FileRefused, Row, open_table
from buyers.imports.values import RowRejected


class _PortalFormat(base_formats.Format):
    """A file format that reads strictly and writes spreadsheet-safe files.
    Either format reads CSV and XLSX alike: the content decides, not the
    name or the choice in the form."""

    columns = None  # set per resource by formats_for()

    def __init__(self, encoding=None):
        # Always read as bytes: reading.py finds the encoding itself.
        self.encoding = None

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def can_import(self):
        return True

    def can_export(self):
        return True

    def create_dataset(self, in_stream):
        table = open_table(io.BytesIO(in_stream), filename="")
        self.columns.check(table.headers)
        dataset = tablib.Dataset(headers=list(self.columns.all))
        numbers, formulas = [], []
        for row in table.rows:
            dataset.append([row.values.get(column, "") for column in self.columns.all])
            numbers.append(row.number)
            formulas.append(row.formulas)
        # What the resource needs beyond the cells (PortalResource).
        dataset.row_numbers = numbers
        dataset.row_formulas = formulas
        dataset.present_columns = [header for header in table.headers if header]
        if not numbers:
            raise FileRefused("The file has a header row but no rows under it.")
        return dataset


class PortalCSV(_PortalFormat):
    def get_title(self):
        return "csv"

    def get_extension(self):
        return "csv"

    def get_content_type(self):
        return "text/csv; charset=utf-8"

    def export_data(self, dataset, **kwargs):
        return csv_bytes(dataset.headers, dataset)


class PortalXLSX(_PortalFormat):
    def get_title(self):
        return "xlsx"

    def get_extension(self):
        return "xlsx"

    def get_content_type(self):
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def export_data(self, dataset, **kwargs):
        return xlsx_bytes(dataset.headers, dataset, title=dataset.title or "Sheet1")


class PortalSpreadsheet(PortalCSV):
    """The one import format: CSV or XLSX, whichever the file is."""

    def get_title(self):
        return "CSV or Excel workbook (.xlsx): the portal tells which"


def formats_for(columns):
    return [type(f"{base.__name__}For", (base,), {"columns": columns}) for base in (PortalCSV, PortalXLSX)]


class PortalImportForm(ImportForm):
    """The import form, refusing an oversized file before it is read."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        limit = settings.PORTAL_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                f"The file is {filesizeformat(upload.size)}; the admin imports files of up to "
                f"{filesizeformat(limit)}. Split it, or import it with the manage.py command."
            )
        return upload


class PortalImportExportMixin(ImportExportMixin):
    """Import and export for a ModelAdmin whose resource is a
    ``PortalResource``."""

    import_form_class = PortalImportForm
    import_template_name = "admin/imports/import.html"
    # Every column, always: an export is the file to edit and import back.
    export_form_class = ExportForm
    # One format for import: the content says whether it is CSV or XLSX.
    skip_import_confirm = False

    def get_import_context_data(self, **kwargs):
        resource = self.resource_classes[0]
        context = super().get_import_context_data(**kwargs)
        context.update(
            import_columns=resource.columns,
            import_help=resource.import_help,
            import_max_size=settings.PORTAL_IMPORT_MAX_BYTES,
        )
        return context

    def get_import_formats(self):
        return [type("PortalSpreadsheetFor", (PortalSpreadsheet,), {"columns": self.resource_classes[0].columns})]

    def get_export_formats(self):
        return formats_for(self.resource_classes[0].columns)

    def get_export_data(self, file_format, request, queryset, **kwargs):
        # Native values (dates, numbers) for every format: the portal's own
        # writers turn them into cells (buyers/imports/exporting.py).
        if not self.has_export_permission(request):
            raise PermissionDenied
        data = self.get_data_for_export(request, queryset, force_native_type=True, **kwargs)
        return file_format.export_data(data)

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        # All or nothing: a row that turns invalid between the preview and
        # the confirmation rolls the whole import back.
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, FileRefused):
            form.add_error("import_file", str(e))
        else:
            form.add_error("import_file", "This file cannot be read as CSV or as an .xlsx workbook.")

    def has_import_permission(self, request):
        opts = self.model._meta
        return request.user.has_perms(
            [f"{opts.app_label}.add_{opts.model_name}", f"{opts.app_label}.change_{opts.model_name}"]
        )

    def has_export_permission(self, request):
        return self.has_view_permission(request)


class PeopleExportMixin:
    """The buyer list and its contacts leave the portal only with the
    export permission (``partnerships/roles.py``), as the dashboard's CSV does."""

    def has_export_permission(self, request):
        return super().has_export_permission(request) and request.user.has_perm("buyers.export_buyer")


class PortalResource(resources.ModelResource):
    """A resource whose rows are checked by a row checker of
    ``buyers/imports/`` rather than by import-export's widgets.

    Subclasses give ``columns`` and ``make_checker(present_columns)``; the
    checker's ``clean(Row)`` returns a checked row with ``values`` (the
    model fields to set) and ``existing`` (the object it updates, or
    ``None``), or raises ``RowRejected``.
    """

    columns = None
    # Lines for the import page, in the words of the file's columns.
    import_help: tuple[str, ...] = ()

    def make_checker(self, present_columns):
        raise NotImplementedError

    def before_import(self, dataset, **kwargs):
        self._numbers = getattr(dataset, "row_numbers", None) or list(range(2, len(dataset) + 2))
        self._formulas = getattr(dataset, "row_formulas", None) or [frozenset()] * len(dataset)
        self._checker = self.make_checker(getattr(dataset, "present_columns", dataset.headers))
        self._checked = None

    def before_import_row(self, row, row_number=None, **kwargs):
        index = row_number - 1
        try:
            self._checked = self._checker.clean(
                Row(number=self._numbers[index], values=dict(row), formulas=self._formulas[index])
            )
        except RowRejected as rejected:
            self._checked = None
            raise ValidationError(rejected.problems) from rejected

    def get_instance(self, instance_loader, row):
        existing = self._checked.existing
        if existing is None:
            return None
        return self._meta.model._default_manager.get(pk=existing.pk)

    def import_instance(self, instance, row, **kwargs):
        for name, value in self._checked.values.items():
            setattr(instance, name, value)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or original is None or original.pk is None:
            return False
        return all(getattr(original, name) == getattr(instance, name) for name in self._checked.values)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        # Name rows as a spreadsheet does, blank rows included.
        for invalid in result.invalid_rows:
            invalid.number = self._numbers[invalid.number - 1]

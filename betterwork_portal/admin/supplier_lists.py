"""Admin for buyers' supplier lists: upload a version, review how it
differs from the buyer's sourcing, accept it (confirming each factory it
leaves out) or discard it. The rules are ``buyers/services/supplier_lists.py``;
these pages only call them."""

import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from betterwork_portal.admin.base import PortalModelAdmin
from betterwork_portal.service_errors import add_service_errors
from buyers.models import Buyer, Sourcing, SupplierList, SupplierListRow
from buyers.selectors import supplier_list_difference
from buyers.services import (
    KEEP,
    SUPPLIER_LIST_COLUMNS,
    accept_supplier_list,
    discard_supplier_list,
    receive_supplier_list,
)

CHOOSE = [("", "Choose: does the sourcing end?")]
DROP_CHOICES = [
    *CHOOSE,
    *((value, f"It ended: {label.lower()}") for value, label in Sourcing.EndReason.choices),
    (KEEP, "Keep it: the buyer still sources here"),
]


class UploadForm(forms.Form):
    buyer = forms.ModelChoiceField(queryset=Buyer.objects.all())
    file = forms.FileField(
        help_text=f"CSV (UTF-8) or Excel .xlsx, one sheet; columns {', '.join(SUPPLIER_LIST_COLUMNS.required)} "
        f"(required) and {', '.join(SUPPLIER_LIST_COLUMNS.optional)}."
    )
    source = forms.ChoiceField(choices=[("", "—"), *SupplierList.Source.choices], label="Where it came from")
    source_note = forms.CharField(
        max_length=300, required=False, label="Note", help_text=SupplierList._meta.get_field("source_note").help_text
    )

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        buyer = self.fields["buyer"]
        buyer.widget = AutocompleteSelect(SupplierList._meta.get_field("buyer"), admin_site)
        buyer.widget.choices = buyer.choices


def drops_form(dropped, data=None):
    """One required choice per sourcing the list leaves out."""
    form = forms.Form(data)
    for sourcing in dropped:
        form.fields[f"drop-{sourcing.pk}"] = forms.ChoiceField(
            choices=DROP_CHOICES,
            label=sourcing.factory.name,
            error_messages={"required": "Choose whether this sourcing ends, and why."},
        )
    return form


@admin.register(SupplierList)
class SupplierListAdmin(PortalModelAdmin):
    list_display = ("buyer", "version", "status", "source", "uploaded_at", "uploaded_by")
    list_filter = ("status", "source")
    search_fields = ("buyer__name", "file_name")
    list_select_related = ("buyer", "uploaded_by")
    autocomplete_fields = ("buyer",)
    ordering = ("-uploaded_at", "-pk")

    def get_queryset(self, request):
        return super().get_queryset(request).defer("file_content")

    def has_change_permission(self, request, obj=None):
        # Lists change only through the review page's accept and discard.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("upload/", wrap(self.upload_view), name="buyers_supplierlist_upload"),
            path("<int:pk>/review/", wrap(self.review_view), name="buyers_supplierlist_review"),
            path("<int:pk>/file/", wrap(self.file_view), name="buyers_supplierlist_file"),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        # Adding a list is uploading one.
        return self.upload_view(request)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # A list is read on its review page, and changes only there.
        if not str(object_id).isdigit():
            return super().change_view(request, object_id, form_url, extra_context)
        return self.review_view(request, int(object_id))

    def upload_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        initial = {"buyer": request.GET.get("buyer")} if str(request.GET.get("buyer", "")).isdigit() else {}
        form = UploadForm(request.POST or None, request.FILES or None, admin_site=self.admin_site, initial=initial)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                received = receive_supplier_list(
                    buyer=form.cleaned_data["buyer"],
                    file_name=upload.name,
                    content=upload.read(),
                    source=form.cleaned_data["source"],
                    source_note=form.cleaned_data["source_note"],
                    uploaded_by=request.user,
                )
            except ValidationError as refused:
                add_service_errors(form, refused)
            else:
                supplier_list = received.supplier_list
                self.log_addition(request, supplier_list, f"Uploaded {supplier_list.file_name}.")
                return HttpResponseRedirect(reverse("admin:buyers_supplierlist_review", args=[supplier_list.pk]))
        return TemplateResponse(
            request,
            "admin/buyers/supplierlist/upload.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": "Upload a supplier list",
                "form": form,
                "media": self.media + form.media,
            },
        )

    def review_view(self, request, pk):
        supplier_list = get_object_or_404(
            SupplierList.objects.select_related("buyer", "uploaded_by", "decided_by"), pk=pk
        )
        if not self.has_view_permission(request, supplier_list):
            raise PermissionDenied
        difference = supplier_list_difference(supplier_list=supplier_list)
        form = drops_form(difference.dropped if difference.is_pending else [], request.POST or None)
        error = ""
        if request.method == "POST" and difference.is_pending:
            try:
                if "discard" in request.POST:
                    discard_supplier_list(
                        supplier_list=supplier_list,
                        discarded_by=request.user,
                        note=request.POST.get("decision_note", ""),
                    )
                    self.log_change(request, supplier_list, "Discarded.")
                    messages.success(request, f"Version {supplier_list.version} was discarded; no sourcing changed.")
                    return HttpResponseRedirect(request.path)
                if form.is_valid():
                    drops = {int(name.removeprefix("drop-")): value for name, value in form.cleaned_data.items()}
                    accepted = accept_supplier_list(supplier_list=supplier_list, drops=drops, accepted_by=request.user)
                    self.log_change(request, supplier_list, "Accepted.")
                    messages.success(
                        request,
                        f"Version {supplier_list.version} accepted: {len(accepted.started)} sourcing started, "
                        f"{len(accepted.ended)} ended, {len(accepted.kept)} kept.",
                    )
                    return HttpResponseRedirect(request.path)
                error = "Say for each factory the list leaves out whether its sourcing ends: see the choices below."
            except ValidationError as refused:
                error = " ".join(refused.messages)
        return TemplateResponse(
            request,
            "admin/buyers/supplierlist/review.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": f"{supplier_list.buyer}: supplier list, version {supplier_list.version}",
                "supplier_list": supplier_list,
                "difference": difference,
                "drop_fields": [(sourcing, form[f"drop-{sourcing.pk}"]) for sourcing in difference.dropped]
                if difference.is_pending
                else [],
                "error": error,
                "can_decide": request.user.has_perms(["buyers.add_sourcing", "buyers.change_sourcing"]),
            },
        )

    def file_view(self, request, pk):
        supplier_list = get_object_or_404(SupplierList, pk=pk)
        if not self.has_view_permission(request, supplier_list):
            raise PermissionDenied
        name = re.sub(r"[^\w.\- ]+", "_", supplier_list.file_name) or "supplier-list"
        xlsx = bytes(supplier_list.file_content[:4]) == b"PK\x03\x04"
        response = HttpResponse(
            bytes(supplier_list.file_content),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            if xlsx
            else "text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


@admin.register(SupplierListRow)
class SupplierListRowAdmin(PortalModelAdmin):
    """The rows of every list, to search for a factory across lists; read only."""

    list_display = ("name", "country_programme_name", "match", "factory", "supplier_list")
    list_filter = ("match",)
    search_fields = ("name", "os_id", "supplier_list__buyer__name")
    list_select_related = ("factory", "supplier_list__buyer")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

"""manage.py import_supplier_list BUYER FILE: a buyer's supplier list as
its next version (``buyers/services/supplier_lists.py``), for staff to
review and accept in the admin."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from buyers.imports.reading import Row
from buyers.imports.values import RowRejected
from buyers.management.commands._importing import progress, write_rejected
from buyers.models import Buyer, SupplierList, SupplierListRow
from buyers.names import normalise_organisation_name
from buyers.selectors import supplier_list_difference
from buyers.services import SUPPLIER_LIST_COLUMNS, receive_supplier_list

NOT_MATCHED = (
    SupplierListRow.Match.NONE,
    SupplierListRow.Match.AMBIGUOUS,
    SupplierListRow.Match.REJECTED,
    SupplierListRow.Match.REPEATED,
)


class Command(BaseCommand):
    help = (
        "Receive FILE (CSV or XLSX, columns "
        f"{', '.join(SUPPLIER_LIST_COLUMNS.all)}) as BUYER's next supplier list version. No sourcing "
        "changes: staff accept the version in the admin, confirming each factory it leaves out."
    )

    def add_arguments(self, parser):
        parser.add_argument("buyer", help="The buyer's name (however written) or id.")
        parser.add_argument("file")
        parser.add_argument("--user", required=True, help="The staff member receiving it (username).")
        parser.add_argument("--source", default=SupplierList.Source.EMAIL, choices=SupplierList.Source.values)
        parser.add_argument("--note", default="", help="Where it came from, e.g. “Email from Åsa Lind, 3 March”.")

    def handle(self, *args, buyer, file, user, source, note, **options):
        buyer_obj = self._buyer(buyer)
        try:
            staff = get_user_model().objects.get(username=user, is_staff=True)
        except get_user_model().DoesNotExist as missing:
            raise CommandError(f"No staff member has the username {user}.") from missing
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file at {file}.")
        content = path.read_bytes()
        bar = progress(file, _CountingTable(content), self.stdout._out)
        try:
            received = receive_supplier_list(
                buyer=buyer_obj,
                file_name=path.name,
                content=content,
                source=source,
                source_note=note,
                uploaded_by=staff,
                max_bytes=0,
                on_row=bar.update,
            )
        except ValidationError as refused:
            raise CommandError(f"{path.name}: {' '.join(refused.messages)} Nothing was received.") from refused
        except PermissionDenied as denied:
            raise CommandError(str(denied)) from denied
        finally:
            bar.close()
        supplier_list = received.supplier_list
        difference = supplier_list_difference(supplier_list=supplier_list)
        rejected = [
            (Row(number=row.number, values=_as_written(row)), RowRejected({"match": [_why(row)]}))
            for row in supplier_list.rows.filter(match__in=NOT_MATCHED).order_by("number")
        ]
        rejected_file = write_rejected(file, SUPPLIER_LIST_COLUMNS.required + ("city", "os_id"), rejected)
        self.stdout.write(
            f"Received {buyer_obj.name}'s supplier list as version {supplier_list.version}: "
            f"{sum(received.counts.values()):,} rows. Accepting it would start {len(difference.added):,} sourcing, "
            f"leave {len(difference.unchanged):,} unchanged and ask about {len(difference.dropped):,} left out; "
            f"rejected {len(rejected):,} (not programme factories, several possible factories, "
            "repeated or unreadable)."
        )
        if rejected_file:
            self.stdout.write(self.style.WARNING(f"The rejected rows and their reasons are in {rejected_file}."))
        self.stdout.write(
            f"Review and accept it at {reverse('admin:buyers_supplierlist_review', args=[supplier_list.pk])}"
        )

    @staticmethod
    def _buyer(wanted: str) -> Buyer:
        found = Buyer.objects.filter(pk=int(wanted)).first() if wanted.isdigit() else None
        found = found or Buyer.objects.filter(name_key=normalise_organisation_name(wanted)).first()
        if found is None:
            raise CommandError(f"No buyer is named {wanted}.")
        return found


class _CountingTable:
    """What the progress bar needs to know of the file: a CSV's rows are
    its lines; a workbook's are not known before it is read."""

    def __init__(self, content: bytes):
        self.format = "xlsx" if content.startswith(b"PK") else "csv"


def _as_written(row: SupplierListRow) -> dict:
    return {"name": row.name, "country_programme": row.country_programme_name, "city": row.city, "os_id": row.os_id}


def _why(row: SupplierListRow) -> str:
    if row.match == SupplierListRow.Match.AMBIGUOUS:
        return "could be several programme factories; add the OS ID or the city"
    return row.problem or row.get_match_display()

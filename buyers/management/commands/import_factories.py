"""manage.py import_factories FILE: the programme's factory list, from CSV
or XLSX, in batches inside one transaction (``buyers/imports/factories.py``)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from buyers.imports.factories import FACTORY_COLUMNS, import_factory_rows
from buyers.imports.reading import FileRefused
from buyers.management.commands._importing import open_checked, progress, write_rejected


class Command(BaseCommand):
    help = (
        "Import programme factories from a CSV or XLSX file with the columns "
        f"{', '.join(FACTORY_COLUMNS.all)}. Known factories (by OS ID, else by name in their "
        "country programme) are updated, others created; rejected rows go to FILE.rejected.csv."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--batch-size", type=int, default=2000, help="Rows written per statement.")
        parser.add_argument("--dry-run", action="store_true", help="Check and count everything, write nothing.")

    def handle(self, *args, file, batch_size, dry_run, **options):
        stream, table = open_checked(file, FACTORY_COLUMNS)
        bar = progress(file, table, self.stdout._out)
        try:
            with transaction.atomic():
                summary = import_factory_rows(
                    table.rows, columns=table.headers, batch_size=batch_size, on_row=lambda: bar.update()
                )
                if dry_run:
                    transaction.set_rollback(True)
        except FileRefused as refused:
            raise CommandError(f"{file}: {refused} Nothing was imported.") from refused
        finally:
            bar.close()
            stream.close()
        rejected_file = write_rejected(file, table.headers, summary.rejected)
        verb = "would be" if dry_run else ""
        self.stdout.write(
            f"{'Dry run, nothing written. ' if dry_run else ''}"
            f"Created {summary.created:,}, updated {summary.updated:,}, unchanged {summary.unchanged:,}, "
            f"rejected {len(summary.rejected):,}{f' ({verb} kept out)' if dry_run and summary.rejected else ''}."
        )
        if rejected_file:
            self.stdout.write(self.style.WARNING(f"The rejected rows and their reasons are in {rejected_file}."))

"""manage.py refresh_checklist_summaries: bring every buyer's checklist
summary up to date with its records and the catalogue
(``partnerships/services/checklist_summaries.py``).

The services keep the summaries as they write; run this after changing
checklist records or commitments around them (plain SQL, the shell, a
restore of some tables). ``--check`` only reports the buyers whose summary
disagrees, and exits with 1 if any does.
"""

from django.core.management.base import BaseCommand, CommandError

from partnerships.selectors import stale_checklist_summaries
from partnerships.services import refresh_checklist_summaries


class Command(BaseCommand):
    help = "Bring every buyer's checklist summary up to date with its records and the commitment catalogue."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Only report the buyers whose summary disagrees; change nothing."
        )

    def handle(self, *args, check=False, **options):
        if check:
            stale = stale_checklist_summaries()
            if stale:
                for buyer_id, (stored, counted) in sorted(stale.items()):
                    self.stdout.write(
                        f"buyer {buyer_id}: summary says {stored[0]} done, {stored[1]} breached; "
                        f"the records {counted[0]} done, {counted[1]} breached"
                    )
                raise CommandError(f"{len(stale)} checklist summaries disagree with the records.")
            self.stdout.write("Every checklist summary agrees with the records.")
            return
        written = refresh_checklist_summaries()
        self.stdout.write(f"Checklist summaries brought up to date: {written} changed.")

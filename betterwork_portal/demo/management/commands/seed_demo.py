"""``manage.py seed_demo``: fill the database with the demo programme."""

import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from tqdm import tqdm

from betterwork_portal.demo import programme as demo
from partnerships.services import load_catalogues

# Where make run serves the portal (scripts/run passes PORT on).
SITE_URL = f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}"


def _plain(text):
    return text


class _ProgressStream:
    """Let tqdm redraw its line on a command's stderr.

    ``OutputWrapper.write`` ends every write with a newline, which would
    turn each redraw into a new line, and paints stderr red as if each were
    an error.
    """

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text):
        self.wrapper.write(text, style_func=_plain, ending="")

    def flush(self):
        self.wrapper.flush()


class Command(BaseCommand):
    help = (
        "Fill the database with a realistic demo programme (factories, assessments, buyers, "
        "checklists, decisions, signups) and a staff login. Safe to run again: it inserts only "
        "what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--factories",
            type=int,
            default=demo.DEFAULT_FACTORIES,
            help="Number of factories; buyers and signups scale with it (default %(default)s).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=demo.DEFAULT_SEED,
            help="Random seed; the same size and seed give the same data (default %(default)s).",
        )
        parser.add_argument(
            "--batch-size", type=int, default=2000, help="Rows per INSERT batch (default %(default)s)."
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even though DEBUG is off. The demo login has a published password.",
        )

    def handle(self, *args, factories, seed, batch_size, allow_production, verbosity, **options):
        """Plan the demo data, then insert what is missing in one transaction.

        A database with DEBUG off is taken for a real one: the demo adds a
        staff login whose password is printed here and written in the docs,
        so the command refuses unless told ``--allow-production``. One
        transaction means a failed run leaves nothing half-written, which
        is also what lets the next run trust the natural keys it finds.
        """
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "Refusing to load demo data with DEBUG off: this looks like a production database, and the "
                f"demo adds a staff login ('{demo.STAFF_USERNAME}') with a published password. "
                "Pass --allow-production if you really mean it."
            )
        if factories < 1:
            raise CommandError("--factories must be at least 1.")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")

        started = time.monotonic()
        show_progress = verbosity > 0 and self.stderr.isatty()
        if show_progress:
            self.stderr.write(f"Planning {factories:,} factories…", style_func=_plain, ending="\r")
        load_catalogues()
        plan = demo.plan_demo(factories=factories, seed=seed, commitments=demo.active_commitments())
        with (
            tqdm(
                total=plan.row_count(),
                file=_ProgressStream(self.stderr),
                disable=not show_progress,
                unit=" rows",
                leave=False,
            ) as progress,
            transaction.atomic(),
        ):
            try:
                result = demo.write_demo(plan, batch_size=batch_size, progress=progress)
            except demo.DemoDataError as error:
                raise CommandError(str(error)) from error
        # After a bulk load the planner's statistics describe the empty
        # tables until autovacuum comes round: at 100,000 factories the
        # eligibility of every buyer took 2.1 s on them, 0.6 s after ANALYZE.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.report(result, factories=factories, seed=seed, seconds=time.monotonic() - started, verbosity=verbosity)

    def report(self, result, *, factories, seed, seconds, verbosity):
        if verbosity == 0:
            return
        inserted = {label: n for label, n in result["inserted"].items() if n}
        if inserted:
            self.stdout.write(
                self.style.SUCCESS(f"Demo data loaded ({factories:,} factories, seed {seed}) in {seconds:.1f} s.")
            )
            for label, n in inserted.items():
                self.stdout.write(f"  {n:>9,} {label}")
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Nothing to insert: the demo data for {factories:,} factories and seed {seed} is already here."
                )
            )
        for label, n in result["skipped"].items():
            self.stdout.write(
                self.style.WARNING(f"  {n:,} {label} skipped: they clash with rows already in the database.")
            )
        self.stdout.write("")
        self.stdout.write(f"Staff dashboard: {SITE_URL}/accounts/login/   Data entry: {SITE_URL}/admin/")
        self.stdout.write(f"Demo logins (password: {demo.STAFF_PASSWORD}), one per role:")
        for username, role_names, has_demo_password in result["logins"]:
            line = f"  username: {username:<14} {' and '.join(role_names)}"
            if not has_demo_password:
                line += "  (password: unchanged, the user already existed with another password)"
            self.stdout.write(line if has_demo_password else self.style.WARNING(line))
        self.stdout.write(
            "The password alone signs in here; to try the second factor, choose 'Two-factor sign-in' "
            "in the menu after signing in (production requires it)."
        )

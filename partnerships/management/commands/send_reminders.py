"""manage.py send_reminders: each staff member's daily digest of what is
due or overdue (``partnerships/services/reminders.py``). Run it once a day
from cron (README, "Deploying"); running it again the same day sends
nothing twice."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from partnerships.services.reminders import send_reminder_digests


class Command(BaseCommand):
    help = "Email each staff member one digest of what is due or overdue; at most once a day each."

    def handle(self, *args, **options):
        run = send_reminder_digests(today=timezone.localdate(), site_url=settings.PORTAL_SITE_URL)
        self.stdout.write(
            f"Reminder digests: {run.sent} queued, {run.already_sent} already sent today, "
            f"{run.nothing_due} with nothing due, {run.no_email} without an email address."
        )

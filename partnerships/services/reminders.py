"""The daily reminder digest: one email per staff member with what is
due or overdue (``partnerships/selectors/due.py``), sent at most once a
day each, recorded as a ``ReminderDigest``
(``partnerships/management/commands/send_reminders.py`` runs it).
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from partnerships.models import ReminderDigest
from partnerships.selectors.due import due_items_by_user
from partnerships.services.outbox import queue_email


@dataclass
class DigestRun:
    sent: int = 0
    already_sent: int = 0
    nothing_due: int = 0
    no_email: int = 0


def send_reminder_digests(*, today: datetime.date, site_url: str) -> DigestRun:
    """Queue today's digest for every active staff member with something
    due in the next 30 days or overdue. A staff member who already had
    today's digest gets none: the (user, day) row is unique, so two runs,
    even at once, send one digest."""
    run = DigestRun()
    by_user = due_items_by_user(today=today)
    staff = get_user_model().objects.filter(is_staff=True, is_active=True).order_by("pk")
    already = set(ReminderDigest.objects.filter(sent_on=today).values_list("user_id", flat=True))
    for user in staff:
        items = by_user.get(user.pk, [])
        if not items:
            run.nothing_due += 1
            continue
        if user.pk in already:
            run.already_sent += 1
            continue
        if not user.email:
            run.no_email += 1
            continue
        if _send(user, items, today, site_url):
            run.sent += 1
        else:
            run.already_sent += 1
    return run


def _send(user, items, today, site_url) -> bool:
    overdue = [item for item in items if item.is_overdue(today)]
    coming = [item for item in items if not item.is_overdue(today)]
    context = {"user": user, "overdue": overdue, "coming": coming, "today": today, "site_url": site_url}
    try:
        with transaction.atomic():
            digest = ReminderDigest.objects.create(
                user=user,
                sent_on=today,
                items=[
                    {"kind": item.kind, "due_on": item.due_on.isoformat(), "buyer": item.buyer.name} for item in items
                ],
            )
            digest.email = queue_email(
                to=[user.email],
                subject=f"Better Work buyer relations: {len(overdue)} overdue, {len(coming)} coming due",
                body=render_to_string("emails/reminder_digest.txt", context),
                html=render_to_string("emails/reminder_digest.html", context),
            )
            digest.save(update_fields=["email"])
    except IntegrityError:
        # Another run sent it meanwhile.
        return False
    return True

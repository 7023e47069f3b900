"""The portal's outgoing mail: every message is stored, then sent, and
retried until it is delivered (django-post-office's queue).

``queue_email`` writes the message in the caller's transaction, so a
signup and its emails are kept together or not at all. Once the
transaction commits each message is tried at once, on its own: one that
fails does not stop the next. A message that could not be sent stays
queued and ``manage.py send_queued_mail``, run every minute
(``README.md``, "Deploying"), tries it again every few minutes until it
goes. Staff see queued, sent and failed mail in the admin.
"""

import datetime
import functools

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from post_office import mail
from post_office.models import PRIORITY, STATUS, Email
from post_office.settings import get_retry_timedelta

# A new message waits this long before the scheduled sender may take it,
# so that the first try, just after commit, is the only one at first.
FIRST_TRY = datetime.timedelta(minutes=2)


def queue_email(*, to: list[str], subject: str, body: str, html: str, reply_to: list[str] = ()) -> Email:
    """Store one message for sending, and try it once the current
    transaction commits. Returns the stored message."""
    email = mail.send(
        recipients=to,
        sender=settings.DEFAULT_FROM_EMAIL,
        # A subject is one line, whatever a visitor typed into a name.
        subject=" ".join(subject.split()),
        message=body,
        html_message=html,
        headers={"Reply-To": ", ".join(reply_to)} if reply_to else None,
        priority=PRIORITY.medium,
        scheduled_time=timezone.now() + FIRST_TRY,
    )
    transaction.on_commit(functools.partial(_first_try, email.pk), robust=True)
    return email


def _first_try(email_id: int) -> None:
    email = Email.objects.filter(pk=email_id, status=STATUS.queued).first()
    if email is None or email.dispatch() == STATUS.sent:
        return
    # Not delivered: back in the queue, for send_queued_mail to try again.
    Email.objects.filter(pk=email_id).update(
        status=STATUS.queued,
        scheduled_time=timezone.now() + get_retry_timedelta(),
        number_of_retries=F("number_of_retries") + 1,
    )

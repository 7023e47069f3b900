"""The portal's outgoing mail: every message is stored, then sent, and
retried until it is delivered (django-post-office's queue).

``queue_email`` (and ``queue_emails``, for several) writes the message in
the caller's transaction, so a signup and its emails are kept together or
not at all. Once the transaction commits each message is tried at once,
on its own: one that fails does not stop the next. A message that could
not be sent stays queued and ``manage.py send_queued_mail``, run every
minute (``README.md``, "Deploying"), tries it again every few minutes
until it goes. Staff see queued, sent and failed mail in the admin.
"""

import datetime
import functools
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from post_office import mail
from post_office.connections import connections as mail_connections
from post_office.models import PRIORITY, STATUS, Email
from post_office.settings import get_retry_timedelta

# A new message waits this long before the scheduled sender may take it,
# so that the first try, just after commit, is the only one at first.
FIRST_TRY = datetime.timedelta(minutes=2)
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    """One message to store and send (``queue_emails``)."""

    to: list[str]
    subject: str
    body: str
    html: str
    reply_to: tuple[str, ...] | list[str] = ()


def queue_email(*, to: list[str], subject: str, body: str, html: str, reply_to: list[str] = ()) -> Email:
    """Store one message for sending, and try it once the current
    transaction commits. Returns the stored message."""
    return queue_emails([Message(to=to, subject=subject, body=body, html=html, reply_to=reply_to)])[0]


def queue_emails(messages: list[Message]) -> list[Email]:
    """Store *messages* for sending, and try them once the current
    transaction commits, together: read back in one query and sent over one
    connection to the mail server (a signup's two emails took four queries
    and two connections each way; issue 14). Each is still tried on its
    own: one that fails does not stop the next. Returns the stored
    messages, in order."""
    emails = [
        mail.send(
            recipients=message.to,
            sender=settings.DEFAULT_FROM_EMAIL,
            # A subject is one line, whatever a visitor typed into a name.
            subject=" ".join(message.subject.split()),
            message=message.body,
            html_message=message.html,
            headers={"Reply-To": ", ".join(message.reply_to)} if message.reply_to else None,
            priority=PRIORITY.medium,
            scheduled_time=timezone.now() + FIRST_TRY,
        )
        for message in messages
    ]
    if emails:
        transaction.on_commit(functools.partial(_first_try, [email.pk for email in emails]), robust=True)
    return emails


def _first_try(email_ids: list[int]) -> None:
    emails = Email.objects.filter(pk__in=email_ids, status=STATUS.queued).prefetch_related("attachments")
    try:
        for email in emails.order_by("pk"):
            try:
                sent = email.dispatch(disconnect_after_delivery=False) == STATUS.sent
            except Exception:
                # One message's failure never stops the next (issue 10).
                logger.exception("First try of email %s failed", email.pk)
                sent = False
            if not sent:
                # Not delivered: back in the queue, for send_queued_mail to try again.
                Email.objects.filter(pk=email.pk).update(
                    status=STATUS.queued,
                    scheduled_time=timezone.now() + get_retry_timedelta(),
                    # post_office leaves the count empty until a retry.
                    number_of_retries=Coalesce(F("number_of_retries"), 0) + 1,
                )
    finally:
        mail_connections.close()

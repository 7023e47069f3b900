"""Email that is never lost (issue 10, finding 5): with the mail server
down, signups are kept and their emails wait in the queue, each on its
own; once a real SMTP server (started by the test, on loopback) is back,
send_queued_mail delivers every message exactly once."""

import socket

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from post_office.models import STATUS, Email

from buyers.models import SignupRequest
from partnerships.services import submit_signup_request

pytestmark = pytest.mark.django_db

SIGNUPS = 5


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(envelope.content.decode("utf-8", "replace"))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """Point the portal's mail at a port on loopback where nothing listens
    yet; ``start()`` brings up a real SMTP server there."""
    port = _free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    inbox.start = controller.start
    yield inbox
    if getattr(controller, "_thread", None) is not None:
        controller.stop()


def _signup(n: int) -> SignupRequest:
    return submit_signup_request(
        organisation_name=f"Outage Brand {n}",
        headquarters_country="DE",
        website="",
        contact_name="Alex Morgan",
        contact_email=f"alex{n}@outage.example",
        requested_scheme="participant",
        data_use_consent=True,
        site_url="https://portal.example",
    )


# send_queued_mail closes the database connection when it is done, as a
# command run by cron should: a transactional test lets it.
# serialized_rollback restores the catalogues the flush after it removes.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_signups_made_while_the_mail_server_is_down_are_mailed_exactly_once_when_it_is_back(
    smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(SIGNUPS):
            _signup(n)

    # Every signup is kept; both of its emails wait, neither was lost.
    assert SignupRequest.objects.count() == SIGNUPS
    assert Email.objects.filter(status=STATUS.queued).count() == 2 * SIGNUPS
    assert smtp.messages == []

    smtp.start()
    Email.objects.update(scheduled_time=None)  # the retry interval has passed
    call_command("send_queued_mail", verbosity=0)
    call_command("send_queued_mail", verbosity=0)

    assert Email.objects.filter(status=STATUS.sent).count() == 2 * SIGNUPS
    assert len(smtp.messages) == 2 * SIGNUPS
    assert len({message.split("Message-ID:")[1].split()[0] for message in smtp.messages}) == 2 * SIGNUPS


def test_with_the_mail_server_up_each_message_goes_at_once(smtp, django_capture_on_commit_callbacks):
    smtp.start()
    with django_capture_on_commit_callbacks(execute=True):
        _signup(0)
    assert Email.objects.filter(status=STATUS.sent).count() == 2
    assert len(smtp.messages) == 2


def test_the_admin_shows_the_mail_queue(admin_client_, smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _signup(0)
    html = admin_client_.get("/admin/post_office/email/").content.decode()
    assert "alex0@outage.example" in html

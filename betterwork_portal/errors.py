"""The portal's answers to requests it cannot take (``handler400`` and
``handler500`` in ``betterwork_portal/urls.py``)."""

import sys

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import DatabaseError
from django.http import HttpResponseServerError
from django.template import loader
from django.urls import reverse
from django.views import defaults

from betterwork_portal.public.views import signup_too_large_view


def bad_request(request, exception):
    """A signup too large to read gets the signup form back with its own
    message; any other bad request gets Django's 400 page."""
    too_large = isinstance(exception, (TooManyFieldsSent, RequestDataTooBig))
    if too_large and request.path == reverse("public:signup"):
        return signup_too_large_view(request)
    return defaults.bad_request(request, exception)


# How long a client should wait before trying again while the database is
# out of reach (seconds, in the Retry-After header).
RETRY_AFTER_SECONDS = 30


def server_error(request):
    """Any uncaught error: the portal's own 500 page, or, when the database
    could not be reached or answered with an error of its own (down,
    restarting, a statement timeout), a 503 with ``Retry-After``: the
    request may work again by itself. Rendered without the request, so
    that the page itself needs no database."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DatabaseError):
        response = HttpResponseServerError(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())

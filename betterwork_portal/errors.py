"""The portal's answers to requests it cannot take (``handler400`` in
``betterwork_portal/urls.py``)."""

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
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

"""Rendered HTML kept in the cache while the data is unchanged: the
dashboard's buyer list, buyer file and My work (``render_kept``), and parts
of admin pages, each changelist's rows and filters and the buyer page's
fields and rows among them (``{% kept_while_data_unchanged %}``,
``betterwork_portal/admin/templatetags/portal_admin.py``).

The HTML is kept under the data's versions (``buyers/selectors/data_version.py``
says why it is never older than the data) and under everything else it
depends on: which list, the address's query string (filters, sort, page),
the language, the day, and the viewer's permissions, which decide the
columns, the links and the actions a viewer sees. Nothing kept here may
hold a message or anything else of one visitor's; a page whose forms need a
CSRF token is kept with a placeholder in its place, and each visit puts in
the visitor's own (``render_kept``).
"""

import hashlib
from collections.abc import Callable

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.crypto import salted_hmac
from django.utils.safestring import mark_safe

from buyers.selectors import cached_while_data_unchanged


def permissions_digest(user) -> str:
    """Return a short digest of *user*'s permissions: viewers with the same
    permissions see the same rows. Reads the permissions the access check
    cached on the user already, so it costs no query."""
    permissions = "superuser" if user.is_superuser else ",".join(sorted(user.get_all_permissions()))
    return hashlib.sha256(permissions.encode()).hexdigest()[:16]


def rendered_while_data_unchanged(request, name: str, render: Callable[[], str], *, today) -> str:
    """Return ``render()`` for this request's page or part of it, from the
    cache when the data, the query string, the language, the day and the
    viewer's permissions are those it was rendered for."""
    # Hashed, so a hostile address of any length makes a key of one size.
    query = hashlib.sha256(request.META.get("QUERY_STRING", "").encode()).hexdigest()[:32]
    language = translation.get_language()
    key = f"rendered:{name}:{language}:{today.isoformat()}:{permissions_digest(request.user)}:{query}"
    return cached_while_data_unchanged(key, render)


def _csrf_placeholder() -> str:
    # Derived from the secret key: the same in every worker, and not a
    # string anyone could type into a buyer's name to have it replaced.
    return "kept-csrf-" + salted_hmac("betterwork_portal.cached_pages", "csrf").hexdigest()


def render_kept(request, name: str, template_name: str, context: Callable[[], dict], *, today) -> str:
    """Render *template_name* with ``context()``, kept like
    ``rendered_while_data_unchanged``; its ``{% csrf_token %}`` fields are
    kept as a placeholder and served with this visitor's own token."""
    placeholder = _csrf_placeholder()

    def render() -> str:
        return render_to_string(template_name, {**context(), "csrf_token": placeholder}, request=request)

    html = rendered_while_data_unchanged(request, name, render, today=today)
    if placeholder not in html:
        return html
    return mark_safe(html.replace(placeholder, get_token(request)))  # noqa: S308 - our own HTML, a token of [A-Za-z0-9]

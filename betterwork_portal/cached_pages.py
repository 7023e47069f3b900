"""A list's rendered rows kept in the cache while the data is unchanged:
the dashboard's buyer list and every admin changelist's
results (``betterwork_portal/admin/templatetags/portal_admin.py``).

The HTML is kept under the data's version (``buyers/selectors/data_version.py``
says why it is never older than the data) and under everything else it
depends on: which list, the address's query string (filters, sort, page),
the language, the day, and the viewer's permissions, which decide the
columns, the links and the actions a viewer sees. Nothing kept here may hold a CSRF token or a
message: those belong to one visitor.
"""

import hashlib
from collections.abc import Callable

from django.utils import translation

from buyers.selectors import cached_while_data_unchanged


def permissions_digest(user) -> str:
    """Return a short digest of *user*'s permissions: viewers with the same
    permissions see the same rows. Reads the permissions the access check
    cached on the user already, so it costs no query."""
    permissions = "superuser" if user.is_superuser else ",".join(sorted(user.get_all_permissions()))
    return hashlib.sha256(permissions.encode()).hexdigest()[:16]


def rendered_while_data_unchanged(request, name: str, render: Callable[[], str], *, today) -> str:
    """Return ``render()`` for this request's list, from the cache when
    the data, the query string, the day and the viewer's permissions are
    those it was rendered for."""
    # Hashed, so a hostile address of any length makes a key of one size.
    query = hashlib.sha256(request.META.get("QUERY_STRING", "").encode()).hexdigest()[:32]
    language = translation.get_language()
    key = f"rendered:{name}:{language}:{today.isoformat()}:{permissions_digest(request.user)}:{query}"
    return cached_while_data_unchanged(key, render)

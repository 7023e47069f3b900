"""Staff accounts, groups and sign-in attempts in the admin: Django's and
django-axes' own pages, with the portal's rules for hand-made URLs
(``betterwork_portal/admin/base.py``). The focal point autocomplete
searches the user admin; a locked-out sign-in is unlocked by deleting its
access attempt."""

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group

from betterwork_portal.admin.base import PortalAdminMixin

User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class PortalUserAdmin(PortalAdminMixin, UserAdmin):
    pass


@admin.register(Group)
class PortalGroupAdmin(PortalAdminMixin, GroupAdmin):
    pass


for model, model_admin in (
    (AccessAttempt, axes_admin.AccessAttemptAdmin),
    (AccessLog, axes_admin.AccessLogAdmin),
    (AccessFailureLog, axes_admin.AccessFailureLogAdmin),
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, type(model_admin.__name__, (PortalAdminMixin, model_admin), {}))

"""Staff accounts and groups in the admin: Django's own pages, with the
portal's rules for hand-made URLs (``betterwork_portal/admin/base.py``).
The focal point autocomplete searches the user admin."""

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

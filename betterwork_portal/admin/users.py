"""Staff accounts, groups, sign-in attempts and the mail queue in the
admin: Django's, django-axes' and django-post-office's own pages, with the portal's rules for hand-made URLs
(``betterwork_portal/admin/base.py``). The focal point autocomplete
searches the user admin; a locked-out sign-in is unlocked by deleting its
access attempt."""

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from post_office import admin as post_office_admin
from post_office.models import Attachment, Email, EmailTemplate, Log

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
    # The mail queue: queued, sent and failed messages, each try logged.
    (Email, post_office_admin.EmailAdmin),
    (Log, post_office_admin.LogAdmin),
    (EmailTemplate, post_office_admin.EmailTemplateAdmin),
    (Attachment, post_office_admin.AttachmentAdmin),
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    # Newest first, so that the list pages the same way every time.
    ordering = model_admin.ordering or ("-pk",)
    admin.site.register(model, type(model_admin.__name__, (PortalAdminMixin, model_admin), {"ordering": ordering}))

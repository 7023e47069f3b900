"""Staff accounts, groups, sign-in attempts and the mail queue in the
admin: Django's, django-axes' and django-post-office's own pages, with
the portal's rules for hand-made URLs (``betterwork_portal/admin/base.py``).
The focal point autocomplete searches the user admin; a locked-out sign-in
is unlocked by deleting its access attempt; a lost phone is handled by the
user list's "Reset two-factor sign-in" action. django-otp's own device
pages stay out: they would show every secret."""

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from post_office import admin as post_office_admin
from post_office.models import Attachment, Email, EmailTemplate, Log

from betterwork_portal import second_factor
from betterwork_portal.admin.base import PortalAdminMixin

User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class PortalUserAdmin(PortalAdminMixin, UserAdmin):
    list_display = (*UserAdmin.list_display, "has_second_factor")
    actions = ["reset_second_factor"]

    def get_queryset(self, request):
        confirmed_app = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(second_factor_on=Exists(confirmed_app))

    @admin.display(description="Two-factor sign-in", boolean=True, ordering="second_factor_on")
    def has_second_factor(self, user):
        return user.second_factor_on

    @admin.action(description="Reset two-factor sign-in (lost phone)", permissions=["change"])
    def reset_second_factor(self, request, queryset):
        users = list(queryset)
        had = second_factor.reset(users, by=request.user)
        for user in users:
            self.log_change(request, user, "Reset two-factor sign-in.")
        self.message_user(
            request,
            f"Reset two-factor sign-in for {len(users)} user(s), {had} of whom had it on. "
            "Each sets up an authenticator app again at next sign-in.",
            messages.SUCCESS,
        )


@admin.register(Group)
class PortalGroupAdmin(PortalAdminMixin, GroupAdmin):
    pass


for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)

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

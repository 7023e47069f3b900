"""Admin of the relationship: interactions (logged through
``log_interaction``, as from the dashboard), benefits delivered, and the
read-only records of partner reviews, reminder digests and the emails
sent to buyers (``partnerships/services/relationship.py``)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError

from betterwork_portal.admin.base import PortalModelAdmin
from partnerships.models import BenefitDelivery, BuyerMessage, Interaction, PartnerReview, ReminderDigest
from partnerships.services import interaction_problems, log_interaction, record_benefit_delivery


class InteractionAdminForm(forms.ModelForm):
    class Meta:
        model = Interaction
        fields = (
            "buyer",
            "kind",
            "occurred_on",
            "summary",
            "visibility",
            "contacts",
            "staff",
            "country_programmes",
            "factories",
            "follow_up",
            "follow_up_due",
            "follow_up_owner",
            "follow_up_done_on",
        )

    def clean(self):
        cleaned = super().clean()
        buyer = cleaned.get("buyer")
        if buyer is not None:
            problems = interaction_problems(
                buyer=buyer,
                occurred_on=cleaned.get("occurred_on"),
                contacts=list(cleaned.get("contacts") or ()),
                follow_up=(cleaned.get("follow_up") or "").strip(),
                follow_up_due=cleaned.get("follow_up_due"),
                follow_up_owner=cleaned.get("follow_up_owner"),
            )
            for field, message in problems.items():
                if field in self.fields:
                    self.add_error(field, message)
        return cleaned


@admin.register(Interaction)
class InteractionAdmin(PortalModelAdmin):
    form = InteractionAdminForm
    list_display = ("occurred_on", "buyer", "kind", "visibility", "follow_up_due", "follow_up_owner", "recorded_by")
    list_filter = ("kind", "visibility", "country_programmes")
    search_fields = ("buyer__name", "summary", "follow_up")
    list_select_related = ("buyer", "follow_up_owner", "recorded_by")
    autocomplete_fields = ("buyer", "contacts", "factories")
    filter_horizontal = ("staff", "country_programmes")
    date_hierarchy = "occurred_on"
    ordering = ("-occurred_on", "-pk")

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
            return
        data = form.cleaned_data
        try:
            interaction = log_interaction(
                buyer=data["buyer"],
                kind=data["kind"],
                occurred_on=data["occurred_on"],
                summary=data["summary"],
                visibility=data["visibility"],
                contacts=data["contacts"],
                staff=data["staff"],
                country_programmes=data["country_programmes"],
                factories=data["factories"],
                follow_up=data["follow_up"],
                follow_up_due=data["follow_up_due"],
                follow_up_owner=data["follow_up_owner"],
                recorded_by=request.user,
            )
        except ValidationError as refused:  # the form checked the same; a race at worst
            raise PermissionDenied(" ".join(refused.messages)) from refused
        # The form's own save of the many-to-many fields then finds the row.
        obj.pk = interaction.pk
        obj._state.adding = False
        obj.recorded_by = interaction.recorded_by


class BenefitDeliveryForm(forms.ModelForm):
    class Meta:
        model = BenefitDelivery
        fields = ("buyer", "benefit", "delivered_on", "note")

    def clean(self):
        cleaned = super().clean()
        buyer = cleaned.get("buyer")
        if buyer is not None and not buyer.is_active_partner:
            self.add_error("buyer", "Partner benefits are delivered to active partners only.")
        return cleaned


@admin.register(BenefitDelivery)
class BenefitDeliveryAdmin(PortalModelAdmin):
    form = BenefitDeliveryForm
    list_display = ("delivered_on", "buyer", "benefit", "interaction")
    list_filter = ("benefit",)
    search_fields = ("buyer__name", "note")
    list_select_related = ("buyer", "benefit", "interaction")
    autocomplete_fields = ("buyer",)
    ordering = ("-delivered_on", "-pk")

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        delivery = record_benefit_delivery(
            buyer=obj.buyer,
            benefit=obj.benefit,
            delivered_on=obj.delivered_on,
            note=obj.note,
            recorded_by=request.user,
        )
        obj.pk = delivery.pk
        obj._state.adding = False


class _ReadOnly(PortalModelAdmin):
    """Records the portal writes itself, kept as written."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PartnerReview)
class PartnerReviewAdmin(_ReadOnly):
    list_display = ("reviewed_on", "buyer", "next_review_by", "reviewed_by")
    search_fields = ("buyer__name", "note")
    list_select_related = ("buyer", "reviewed_by")
    ordering = ("-reviewed_on", "-pk")


@admin.register(ReminderDigest)
class ReminderDigestAdmin(_ReadOnly):
    list_display = ("sent_on", "user", "email")
    list_select_related = ("user", "email")
    ordering = ("-sent_on", "user")


@admin.register(BuyerMessage)
class BuyerMessageAdmin(_ReadOnly):
    list_display = ("created_at", "buyer", "kind", "to", "subject")
    list_filter = ("kind",)
    search_fields = ("buyer__name", "to", "subject")
    list_select_related = ("buyer",)
    ordering = ("-created_at", "-pk")

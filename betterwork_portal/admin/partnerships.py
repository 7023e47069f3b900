"""Admin of the partnership rules: the commitment and benefit catalogues,
the buyers' checklists, and the append-only record of tier decisions.

The buyer page shows the checklist and the decisions inline; those inlines
are in ``betterwork_portal/admin/inlines.py``."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from betterwork_portal.admin.base import PortalModelAdmin
from betterwork_portal.admin.forms import ChecklistRecordPageForm
from betterwork_portal.admin.history import ReadOnlyHistoryAdmin
from partnerships.models import Benefit, Commitment, CommitmentRecord, PartnershipDecision
from partnerships.services import record_checklist_line, save_commitment


@admin.register(Commitment)
class CommitmentAdmin(PortalModelAdmin):
    """The catalogue of partner commitments (``docs/buyer-guide.md``, IV.3).

    A commitment is retired by making it inactive, never deleted: past
    checklists and decision snapshots refer to it.
    """

    list_display = ("title", "code", "level", "parent_code", "position", "is_active")
    list_filter = ("level", "is_active")
    search_fields = ("title", "code")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # Through the service, which brings every buyer's checklist summary
        # up to date with the catalogue.
        save_commitment(commitment=obj, changed_by=request.user)

    @admin.display(description="part of", ordering="parent__code")
    def parent_code(self, commitment):
        # The code, not the parent's whole title, so the titles keep the room.
        return commitment.parent.code if commitment.parent else None


@admin.register(Benefit)
class BenefitAdmin(PortalModelAdmin):
    """The catalogue of partner benefits (``docs/buyer-guide.md``, IV.2).

    Retired by making it inactive, never deleted, like the commitments.
    """

    list_display = ("title", "code", "position", "is_active")
    list_filter = ("is_active",)
    search_fields = ("title", "code")

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CommitmentRecord)
class CommitmentRecordAdmin(ReadOnlyHistoryAdmin):
    """A checklist line on its own page. Lines are never deleted (set one
    back to "Not yet" instead), so that their history reads on the buyer's
    file; a line's buyer and commitment are fixed once it exists."""

    form = ChecklistRecordPageForm
    list_display = ("buyer", "commitment_title", "state", "source", "changed_by", "changed_at", "review_by")
    list_filter = ("state", "source", "commitment")
    search_fields = ("buyer__name",)
    list_select_related = ("buyer", "commitment", "changed_by")
    autocomplete_fields = ("buyer", "commitment")
    readonly_fields = ("changed_by", "changed_at")
    fieldsets = (
        (None, {"fields": ("buyer", "commitment", "state", "page_version")}),
        ("Evidence", {"fields": ("source", "evidence", "review_by")}),
        ("Last change", {"fields": ("changed_by", "changed_at")}),
    )

    def get_readonly_fields(self, request, obj=None):
        readonly_fields = super().get_readonly_fields(request, obj)
        return readonly_fields if obj is None else (*readonly_fields, "buyer", "commitment")

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # Through the service that owns checklist changes, which records
        # who changed the line and when (and does nothing if nothing did).
        record_checklist_line(
            line=obj, changed_by=request.user, page_version=form.cleaned_data.get("page_version") if change else None
        )
        # The admin links its message to the saved line.
        obj.pk = CommitmentRecord.objects.only("pk").get(buyer=obj.buyer, commitment=obj.commitment).pk

    @admin.display(description="commitment", ordering="commitment__position")
    def commitment_title(self, record):
        # Whole titles run to two lines of text and push the state off-screen.
        return Truncator(record.commitment.title).chars(60)


@admin.register(PartnershipDecision)
class PartnershipDecisionAdmin(PortalModelAdmin):
    """Tier decisions, viewable but never added, edited or deleted here.

    The record is the audit trail of who decided what and why; decisions
    are made through the decision service, which writes the snapshot.
    """

    list_display = ("buyer", "outcome", "from_tier", "to_tier", "decided_by", "decided_at")
    list_filter = ("outcome", "to_tier")
    search_fields = ("buyer__name", "rationale")
    list_select_related = ("buyer", "decided_by")
    readonly_fields = (
        "buyer",
        "outcome",
        "from_tier",
        "to_tier",
        "rationale",
        "checklist",
        "decided_by",
        "decided_at",
    )
    fields = readonly_fields
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="checklist as it stood")
    def checklist(self, obj):
        if not obj.checklist_snapshot:
            return self.get_empty_value_display()
        states = dict(CommitmentRecord.State.choices)
        levels = dict(Commitment.Level.choices)
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    line.get("title") or line.get("code", ""),
                    levels.get(line.get("level"), line.get("level", "")),
                    states.get(line.get("state"), line.get("state", "")),
                    line.get("evidence", ""),
                )
                for line in obj.checklist_snapshot
            ),
        )
        return format_html(
            "<table><thead><tr><th>Commitment</th><th>Level</th><th>State</th><th>Evidence</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            rows,
        )

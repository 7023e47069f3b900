"""The review of signup requests in the admin: accept, mark duplicate,
reject, each through its service in ``partnerships/services/signups.py``.

A mixin of ``SignupRequestAdmin`` (``betterwork_portal/admin/signups.py``): the pages reached from
the list's actions and the change page's buttons, and the actions
themselves.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode

from betterwork_portal.admin.forms import SignupDuplicateForm, SignupRejectionForm
from buyers.models import (
    SignupRequest,
)
from partnerships.services import (
    accept_signup_request,
    mark_signup_duplicate,
    reject_signup_request,
)


class SignupReviewMixin:
    # The review pages, reached from the actions and the change page.

    def _selected(self, request):
        """Return the requests named by ``?ids=`` (or the posted ids)."""
        raw = request.POST.get("ids") if request.method == "POST" else request.GET.get("ids")
        ids = [int(part) for part in (raw or "").split(",") if part.strip().isdigit()]
        return list(
            SignupRequest.objects.filter(pk__in=ids)
            .select_related("possible_duplicate_of", "possible_duplicate_of_request", "buyer")
            .order_by("submitted_at", "pk")
        )

    def _review_page(self, request, *, title, signup_requests, action, form=None, intro="", button):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "signup_requests": signup_requests,
            "ids": ",".join(str(s.pk) for s in signup_requests),
            "form": form,
            "media": self.media + (form.media if form is not None else forms.Media()),
            "intro": intro,
            "action": action,
            "button": button,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/buyers/signuprequest/review.html", context)

    def _after_review(self, signup_requests):
        if len(signup_requests) == 1:
            return HttpResponseRedirect(reverse("admin:buyers_signuprequest_change", args=[signup_requests[0].pk]))
        return HttpResponseRedirect(reverse("admin:buyers_signuprequest_changelist"))

    def _review_or_nothing(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        signup_requests = self._selected(request)
        if not signup_requests:
            self.message_user(request, "Select the signup requests to review first.", messages.WARNING)
            return signup_requests, HttpResponseRedirect(reverse("admin:buyers_signuprequest_changelist"))
        return signup_requests, None

    def accept_view(self, request):
        """Show what accepting creates, then accept on confirmation."""
        signup_requests, nothing = self._review_or_nothing(request)
        if nothing:
            return nothing
        if request.method == "POST":
            self._accept(request, signup_requests)
            return self._after_review(signup_requests)
        return self._review_page(
            request,
            title="Accept signup requests" if len(signup_requests) > 1 else "Accept signup request",
            signup_requests=signup_requests,
            action="accept",
            intro=(
                "Accepting creates each buyer as a participant, with its contact, the commitments it affirmed "
                "(source: signup form) and sourcing from the listed factories the programme knows. Partnership "
                "is decided later, on the buyer's Decide partnership page."
            ),
            button="Yes, accept",
        )

    def mark_duplicate_view(self, request):
        """Pick the existing buyer the requests duplicate."""
        signup_requests, nothing = self._review_or_nothing(request)
        if nothing:
            return nothing
        suggested = next((s.possible_duplicate_of for s in signup_requests if s.possible_duplicate_of), None)
        form = SignupDuplicateForm(
            request.POST if request.method == "POST" else None,
            initial={"buyer": suggested},
            admin_site=self.admin_site,
        )
        if request.method == "POST" and form.is_valid():
            buyer = form.cleaned_data["buyer"]
            done = self._decide_each(
                request,
                signup_requests,
                lambda s: mark_signup_duplicate(signup_request=s, buyer=buyer, decided_by=request.user),
            )
            if done:
                self.message_user(
                    request, f"Marked as duplicate of {buyer.name}: {', '.join(done)}.", messages.SUCCESS
                )
            return self._after_review(signup_requests)
        return self._review_page(
            request,
            title="Mark as duplicate of an existing buyer",
            signup_requests=signup_requests,
            action="mark-duplicate",
            form=form,
            intro="The request is linked to the buyer and closed; nothing is created or merged.",
            button="Mark as duplicate",
        )

    def reject_view(self, request):
        """Ask for the reason, then reject."""
        signup_requests, nothing = self._review_or_nothing(request)
        if nothing:
            return nothing
        form = SignupRejectionForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            reason = form.cleaned_data["rejection_reason"]
            done = self._decide_each(
                request,
                signup_requests,
                lambda s: reject_signup_request(signup_request=s, reason=reason, decided_by=request.user),
            )
            if done:
                self.message_user(request, f"Rejected: {', '.join(done)}.", messages.SUCCESS)
            return self._after_review(signup_requests)
        return self._review_page(
            request,
            title="Reject signup requests" if len(signup_requests) > 1 else "Reject signup request",
            signup_requests=signup_requests,
            action="reject",
            form=form,
            intro="The buyer reads the reason on the request's status page.",
            button="Reject",
        )

    def _decide_each(self, request, signup_requests, decide) -> list[str]:
        """Apply *decide* to each request on its own, so one refusal does
        not undo the others; report each refusal. Return the references
        decided."""
        done = []
        for signup_request in signup_requests:
            try:
                decide(signup_request)
            except ValidationError as error:
                self._report_refusal(request, signup_request, error)
            else:
                done.append(signup_request.reference)
        return done

    def _report_refusal(self, request, signup_request, error):
        text = " ".join(error.messages)
        if signup_request.reference not in text:
            text = f"{signup_request.reference}: {text}"
        self.message_user(request, text, messages.ERROR)

    def _accept(self, request, signup_requests):
        for signup_request in signup_requests:
            try:
                accepted = accept_signup_request(signup_request=signup_request, accepted_by=request.user)
            except ValidationError as error:
                self._report_refusal(request, signup_request, error)
                continue
            self.message_user(
                request,
                format_html(
                    "{}: accepted. Created the participant <a href='{}'>{}</a> with its contact, {} affirmed "
                    "commitment(s) and {} sourcing link(s).",
                    accepted.signup_request.reference,
                    reverse("admin:buyers_buyer_change", args=[accepted.buyer.pk]),
                    accepted.buyer.name,
                    len(accepted.commitment_records),
                    len(accepted.sourcings),
                ),
                messages.SUCCESS,
            )
            if accepted.unmatched_factories:
                self.message_user(
                    request,
                    f"{accepted.signup_request.reference}: not matched to a programme factory, so not linked: "
                    + "; ".join(
                        f"{entry.name} ({entry.country_programme_name})" for entry in accepted.unmatched_factories
                    )
                    + ". Check them with the buyer.",
                    messages.WARNING,
                )

    # Actions on the list.

    def _to_review(self, name, queryset):
        ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True))
        return HttpResponseRedirect(f"{reverse(f'admin:buyers_signuprequest_{name}')}?{urlencode({'ids': ids})}")

    @admin.action(description="Accept the selected signup requests", permissions=["change"])
    def accept_selected(self, request, queryset):
        self._accept(request, list(queryset))

    @admin.action(description="Mark the selected signup requests as duplicate of a buyer…", permissions=["change"])
    def mark_selected_duplicate(self, request, queryset):
        return self._to_review("mark_duplicate", queryset)

    @admin.action(description="Reject the selected signup requests…", permissions=["change"])
    def reject_selected(self, request, queryset):
        return self._to_review("reject", queryset)

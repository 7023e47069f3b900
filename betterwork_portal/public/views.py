"""The public pages: the two schemes, the partner list and the signup.

No account is needed anywhere here. The signup is POST/redirect/GET: a
request that is kept redirects to its done page, whose signed token is
also the status link's.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from betterwork_portal.pagination import page_of
from betterwork_portal.public import constants
from betterwork_portal.public.forms import ListedFactoryFormSet, SignupForm
from betterwork_portal.public.throttle import client_address, release_signup_attempt, reserve_signup_attempt
from buyers.models import SignupRequest
from buyers.selectors import (
    cached_while_data_unchanged,
    match_listed_factories,
    public_partners,
    signup_request_for_status_token,
    signup_request_for_submission_key,
    signup_status_token,
)
from partnerships.selectors import commitment_outline, public_benefits
from partnerships.services import submit_signup_request

TOO_LARGE = (
    "Your application was too large to read, so it was not sent: list at most %(num)d factories here, "
    "and send any others to our buyer relations focal points later. Please fill in the form again."
)
RATE_LIMITED = (
    "Several applications have been sent from your connection in the last hour, so this one was not sent. "
    "Please try again later, or write to our buyer relations focal points."
)


def _buyer_relations_email() -> str:
    return next(iter(settings.BUYER_RELATIONS_EMAILS), "")


class HomeView(TemplateView):
    """The two schemes, what partners get and what they commit to (section IV of
    ``docs/buyer-guide.md``), and the way to sign up."""

    template_name = "public/home.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "benefits": public_benefits(),
            "commitments": commitment_outline(),
            "buyer_relations_email": _buyer_relations_email(),
            "nav": "home",
        }


class PartnerListView(TemplateView):
    """The current Buyer Partners who agreed to be named, 50 to a page (a
    programme fifty times today's names 1,900 of them)."""

    template_name = "public/partner_list.html"
    per_page = 50

    def get_context_data(self, **kwargs):
        pages = page_of(public_partners(), self.request, per_page=self.per_page)
        return {
            **super().get_context_data(**kwargs),
            **pages,
            "partners": pages["page_obj"].object_list,
            "nav": "partners",
        }


class SignupView(View):
    """The signup form: organisation, contact, scheme, commitments and
    supplier factories in one form."""

    template_name = "public/signuprequest_form.html"

    def get(self, request):
        initial = {}
        if request.GET.get("scheme") in SignupRequest.Scheme.values:
            initial["requested_scheme"] = request.GET["scheme"]
        return self._render(SignupForm(initial=initial), ListedFactoryFormSet())

    def post(self, request):
        data = request.POST
        if data.get("apply_as") == SignupRequest.Scheme.PARTICIPANT:
            # "… should engage as participants": the same answers, the
            # other scheme, nothing to type again.
            data = data.copy()
            data["requested_scheme"] = SignupRequest.Scheme.PARTICIPANT
        form = SignupForm(data)
        formset = ListedFactoryFormSet(data)

        if form.submission_key:
            # The same form sent again (double click, back and resubmit).
            sent_before = signup_request_for_submission_key(key=form.submission_key)
            if sent_before is not None:
                return self._done(sent_before)

        address = client_address(request)
        if not reserve_signup_attempt(address=address):
            form.add_error(None, RATE_LIMITED)
            return self._render(form, formset, status=429)

        # Both checked, so that every error shows at once.
        form_valid, formset_valid = form.is_valid(), formset.is_valid()
        if not (form_valid and formset_valid):
            if not form.spam_caught:
                release_signup_attempt(address=address)
            return self._render(form, formset)

        try:
            signup_request = submit_signup_request(
                **form.signup_data(),
                factories=formset.rows(),
                site_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            release_signup_attempt(address=address)
            form.apply_service_error(error)
            return self._render(form, formset)
        return self._done(signup_request)

    def _render(self, form, formset, status=200):
        context = {
            "form": form,
            "formset": formset,
            "buyer_relations_email": _buyer_relations_email(),
            "nav": "signup",
        }
        context["fields"] = self._fields(context)
        return render(self.request, self.template_name, context, status=status)

    @staticmethod
    def _fields(context) -> str:
        """The form's questions as HTML. An empty form's are the same for
        every visitor who asked for the same scheme, and hundreds of options
        to draw (issue 14): they are kept until the commitments or the
        country programmes change (``buyers/selectors/data_version.py``).
        A form sent back with its answers or a refusal is drawn afresh."""
        form = context["form"]

        def draw() -> str:
            return render_to_string("public/includes/_signup_fields.html", context)

        if form.is_bound or form.refusal or context["formset"].is_bound:
            return draw()
        scheme = form.initial.get("requested_scheme", "")
        return cached_while_data_unchanged(f"signup-fields:{scheme}", draw)

    @staticmethod
    def _done(signup_request):
        return redirect("public:signup_done", token=signup_status_token(signup_request=signup_request))


class SignupDoneView(View):
    """The reference, the status link, and how many of the listed factories
    are already in the programme."""

    template_name = "public/signuprequest_done.html"

    def get(self, request, token):
        signup_request = signup_request_for_status_token(token=token)
        if signup_request is None:
            return _link_not_valid(request)
        listed = match_listed_factories(factories=signup_request.factories)
        return TemplateResponse(
            request,
            self.template_name,
            {
                "signup": signup_request,
                "status_url": request.build_absolute_uri(reverse("public:signup_status", args=[token])),
                "listed": listed,
                "in_programme": sum(1 for factory in listed if factory.in_programme),
                "buyer_relations_email": _buyer_relations_email(),
            },
        )


class SignupStatusView(View):
    """Where a signup request stands, for whoever holds its status link."""

    template_name = "public/signuprequest_status.html"

    def get(self, request, token):
        signup_request = signup_request_for_status_token(token=token)
        if signup_request is None:
            return _link_not_valid(request)
        return TemplateResponse(
            request,
            self.template_name,
            {"signup": signup_request, "buyer_relations_email": _buyer_relations_email()},
        )


def signup_too_large_view(request):
    """The signup form, empty, with why the last sending was refused: its
    data was past what the server reads (``DATA_UPLOAD_MAX_NUMBER_FIELDS``
    or ``DATA_UPLOAD_MAX_MEMORY_SIZE``), so none of it can be shown again.
    Called by ``betterwork_portal/errors.py``."""
    view = SignupView()
    view.setup(request)
    form = SignupForm()
    form.refusal = TOO_LARGE % {"num": constants.SIGNUP_MAX_FACTORIES}
    return view._render(form, ListedFactoryFormSet(), status=400)


def _link_not_valid(request):
    return TemplateResponse(
        request,
        "public/signuprequest_link_invalid.html",
        {"buyer_relations_email": _buyer_relations_email()},
        status=404,
    )


home_view = HomeView.as_view()
partner_list_view = PartnerListView.as_view()
signup_view = SignupView.as_view()
signup_done_view = SignupDoneView.as_view()
signup_status_view = SignupStatusView.as_view()

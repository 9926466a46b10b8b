"""Organisations register, verify their e-mail address, invite members; members join and leave."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participation import forms, permissions, services
from participation.models import Organisation, OrganisationMember
from upr_tracker.errors import ApplicationError
from upr_tracker.throttling import rate_limited

from .common import form_page, message_page, utf8_only


@utf8_only
@rate_limited("register")
def register(request):
    form = forms.RegistrationForm(request.POST or None)
    title = _("Register your organisation")
    intro = _(
        "Civil society organisations and the national human rights institution can comment on "
        "recommendations, publish their own assessment of implementation and answer consultations. "
        "The coordinator verifies each organisation before its contributions are public."
    )
    if request.method == "POST":
        if not form.is_valid():
            return form_page(request, form, title=title, intro=intro, status=400)
        try:
            services.organisation_register(**form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
            return form_page(request, form, title=title, intro=intro, status=400)
        return message_page(
            request,
            _("Check your e-mail"),
            _("We sent you a link to confirm your address. Follow it to activate your account."),
        )
    return form_page(request, form, title=title, intro=intro, submit=_("Register"))


def verify_email(request, token):
    try:
        user, may_sign_in = services.email_verify(token=token)
    except ApplicationError as error:
        return message_page(request, _("Link not valid"), error.message, status=400)
    if not may_sign_in:
        messages.success(request, _("Your e-mail address is confirmed. Sign in with your password."))
        return redirect("accounts:login")
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    membership = permissions.current_membership(user)
    messages.success(request, _("Your e-mail address is confirmed and you are signed in."))
    if membership:
        return redirect("participation:organisation", membership.organisation_id)
    return redirect("recommendations:home")


@utf8_only
@rate_limited("register")
def join(request, token):
    try:
        organisation, email = services.invitation_read(token)
    except ApplicationError as error:
        return message_page(request, _("Invitation not valid"), error.message, status=400)
    form = forms.AccountForm(request.POST or None)
    title = _("Join %(organisation)s") % {"organisation": organisation}
    intro = _("Create your account (%(email)s) to speak for the organisation.") % {"email": email}
    if request.method == "POST":
        if form.is_valid():
            try:
                member = services.member_join(token=token, **form.cleaned_data)
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                login(request, member.user, backend="django.contrib.auth.backends.ModelBackend")
                return redirect("participation:organisation", organisation.pk)
        return form_page(request, form, title=title, intro=intro, status=400)
    return form_page(request, form, title=title, intro=intro, submit=_("Create my account"))


def organisation(request, pk):
    """An organisation's public page: who it is and what it assessed; its members for its administrators."""
    organisation = get_object_or_404(Organisation, pk=pk)
    manage = permissions.can_manage_members(request.user, organisation)
    membership = permissions.current_membership(request.user)
    own = bool(membership and membership.organisation_id == organisation.pk)
    if not organisation.is_verified and not (manage or own):
        raise Http404
    context = {
        "organisation": organisation,
        "assessments": permissions.published_assessments(request.user)
        .filter(organisation=organisation)
        .select_related("recommendation__review__state"),
        "members": organisation.members.select_related("user").order_by("left_at", "joined_at")
        if manage
        else None,
        "membership": membership if own else None,
        "invite_form": forms.InviteForm() if manage else None,
    }
    return render(request, "participation/organisation.html", context)


@utf8_only
@login_required
@require_POST
@rate_limited("register")
def invite(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    form = forms.InviteForm(request.POST)
    if not form.is_valid():
        return form_page(request, form, title=_("Invite a member"), status=400)
    try:
        services.member_invite(organisation=organisation, email=form.cleaned_data["email"], by=request.user)
    except ApplicationError as error:
        return message_page(request, _("Not possible"), error.message, status=error.status)
    messages.success(request, _("The invitation is on its way."))
    return redirect("participation:organisation", organisation.pk)


@login_required
@require_POST
def member_leave(request, pk):
    member = get_object_or_404(OrganisationMember.objects.select_related("organisation"), pk=pk)
    try:
        services.member_leave(member=member, by=request.user)
    except ApplicationError as error:
        return message_page(request, _("Not possible"), error.message, status=error.status)
    messages.success(request, _("The membership has ended; what was written stays with the organisation."))
    return redirect("participation:organisation", member.organisation_id)

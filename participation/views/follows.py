"""Following: signed-in people follow with one click, visitors by e-mail with a confirmation link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from participation import forms, services
from participation.feeds import target_from_url, target_label
from upr_tracker.errors import ApplicationError
from upr_tracker.throttling import rate_limited

from .common import form_page, message_page, utf8_only


@login_required
@require_POST
@rate_limited("follow")
def follow(request, kind, key):
    target = target_from_url(kind, key, request.user)
    following = services.follow_toggle(user=request.user, target=target)
    if following:
        messages.success(request, _("You follow this now: new publications come in your e-mail digest."))
    else:
        messages.info(request, _("You no longer follow this."))
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(next_url)
    return redirect("recommendations:home")


@utf8_only
@require_POST
@rate_limited("follow_email")
def follow_email(request, kind, key):
    """Follow by e-mail, for visitors without an account: a confirmation link goes to the address.

    The answer is the same whether or not the address follows this already, so that the form tells
    nobody who follows what. Only what is public can be followed this way.
    """
    target = target_from_url(kind, key, AnonymousUser())
    form = forms.FollowEmailForm(request.POST)
    title = _("Follow %(target)s by e-mail") % {"target": target_label(target)}
    if not form.is_valid():
        return form_page(request, form, title=title, status=400, submit=_("Follow"))
    try:
        services.follow_email_request(email=form.cleaned_data["email"], target=target)
    except ApplicationError as error:
        form.add_error("email", error.message)
        return form_page(request, form, title=title, status=400, submit=_("Follow"))
    return message_page(
        request,
        _("Check your e-mail"),
        _(
            "Unless one went out in the last hour, an e-mail is on its way to %(email)s. If the address "
            "does not follow this yet, open the link in it within three days to confirm; until then, "
            "nothing else is sent to it. No e-mail? Look in the spam folder, or ask again in an hour."
        )
        % {"email": form.cleaned_data["email"]},
    )


def follow_confirm(request, token):
    """The link in the confirmation e-mail: a page whose button (a POST) confirms the follow.

    Opening the link confirms nothing, so that a mail scanner that opens every link cannot subscribe an
    address on its own. A follow already confirmed just says so.
    """
    try:
        if request.method == "POST":
            follow = services.follow_email_confirm(token=token)
        else:
            follow = services.follow_email_read(token)
    except ApplicationError as error:
        return message_page(request, _("Link not valid"), error.message, status=400)
    if follow.confirmed_at is None:
        context = {"address": follow.email, "label": target_label(follow.target)}
        return render(request, "participation/follow_confirm.html", context)
    return message_page(
        request,
        _("You follow %(target)s") % {"target": target_label(follow.target)},
        _(
            "What is published about it will come to %(email)s in a daily e-mail digest, when there is "
            "news. Every digest has links to stop."
        )
        % {"email": follow.email},
    )


@csrf_exempt
def unsubscribe(request, token):
    """The stop link of a digest: a page to confirm on, and the POST that stops following.

    The signed link is the credential, not a session, so there is no CSRF token to check: mail
    programs post here without one when their own "unsubscribe" button is used (RFC 8058 one-click).
    """
    try:
        address, follows = services.unsubscribe_read(token)
    except ApplicationError as error:
        return message_page(request, _("Link not valid"), error.message, status=400)
    if request.method == "POST":
        services.follow_unsubscribe(token=token)
        return message_page(
            request,
            _("Stopped"),
            _("No more e-mails about it will go to %(email)s.") % {"email": address},
        )
    context = {"address": address, "labels": [target_label(follow.target) for follow in follows]}
    return render(request, "participation/unsubscribe.html", context)

"""Pages for civil-society participation: thin views over ``services`` (writes) and ``selectors`` (reads).

Every POST is CSRF-protected by the middleware (but the digest's stop link, whose signed token is the
credential); the ones strangers can repeat are rate limited.
An invalid form answers 400 with the form and its errors; a service's refusal shows its sentence.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from recommendations import permissions as public
from recommendations.models import Recommendation
from search.selectors import InvalidSearch, SearchParams, recommendation_search_ids
from upr_tracker.errors import ApplicationError

from . import exports, forms, permissions, selectors, services
from .feeds import target_from_url, target_label
from .models import Assessment, Comment, Consultation, Moderation, Organisation, OrganisationMember
from .ratelimit import rate_limited


def _form_page(request, form, *, title: str, intro: str = "", status: int = 200, submit: str = ""):
    context = {"form": form, "title": title, "intro": intro, "submit": submit or _("Send")}
    return render(request, "participation/form.html", context, status=status)


def _unless_valid(request, form, *, title: str):
    """The page to answer with unless ``form`` was POSTed valid: the form, or with its errors (400)."""
    if request.method != "POST":
        return _form_page(request, form, title=title)
    if not form.is_valid():
        return _form_page(request, form, title=title, status=400)
    return None


def _message(request, title: str, message: str, *, status: int = 200):
    return render(request, "participation/message.html", {"title": title, "message": message}, status=status)


def _published_recommendation(request, public_id) -> Recommendation:
    return get_object_or_404(public.visible_recommendations(request.user), public_id=public_id)


def _recommendation_url(recommendation, anchor: str = "civil-society") -> str:
    return reverse("recommendations:detail", args=[recommendation.public_id]) + f"#{anchor}"


def utf8_only(view):
    """Answer 400 to a form POST whose raw bytes are not UTF-8.

    Django would otherwise read such a body as Latin-1 and store mojibake; percent-encoded invalid
    bytes arrive as U+FFFD and are refused by the forms (``TextInputForm``).
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
            try:
                request.body.decode("utf-8")
            except UnicodeDecodeError:
                return _message(request, _("Not sent"), str(forms.INVALID_UTF8), status=400)
        return view(request, *args, **kwargs)

    return wrapper


def coordinator_required(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not permissions.can_moderate(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


# Organisations and members


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
            return _form_page(request, form, title=title, intro=intro, status=400)
        try:
            services.organisation_register(**form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
            return _form_page(request, form, title=title, intro=intro, status=400)
        return _message(
            request,
            _("Check your e-mail"),
            _("We sent you a link to confirm your address. Follow it to activate your account."),
        )
    return _form_page(request, form, title=title, intro=intro, submit=_("Register"))


def verify_email(request, token):
    try:
        user = services.email_verify(token=token)
    except ApplicationError as error:
        return _message(request, _("Link not valid"), error.message, status=400)
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
        return _message(request, _("Invitation not valid"), error.message, status=400)
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
        return _form_page(request, form, title=title, intro=intro, status=400)
    return _form_page(request, form, title=title, intro=intro, submit=_("Create my account"))


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
        return _form_page(request, form, title=_("Invite a member"), status=400)
    try:
        services.member_invite(organisation=organisation, email=form.cleaned_data["email"], by=request.user)
    except ApplicationError as error:
        return _message(request, _("Not possible"), error.message, status=error.status)
    messages.success(request, _("The invitation is on its way."))
    return redirect("participation:organisation", organisation.pk)


@login_required
@require_POST
def member_leave(request, pk):
    member = get_object_or_404(OrganisationMember.objects.select_related("organisation"), pk=pk)
    try:
        services.member_leave(member=member, by=request.user)
    except ApplicationError as error:
        return _message(request, _("Not possible"), error.message, status=error.status)
    messages.success(request, _("The membership has ended; what was written stays with the organisation."))
    return redirect("participation:organisation", member.organisation_id)


# Comments and assessments


@utf8_only
@login_required
@rate_limited("comment")
def comment_create(request, public_id):
    recommendation = _published_recommendation(request, public_id)
    form = forms.CommentForm(request.POST or None)
    title = _("Comment on recommendation %(id)s") % {"id": recommendation.public_id}
    if page := _unless_valid(request, form, title=title):
        return page
    data = form.cleaned_data
    parent = Comment.objects.filter(pk=data["parent"]).first() if data["parent"] else None
    update = (
        public.visible_status_updates(request.user).filter(pk=data["status_update"]).first()
        if data["status_update"]
        else None
    )
    try:
        comment = services.comment_create(
            recommendation=recommendation,
            body=data["body"],
            parent=parent,
            status_update=update,
            by=request.user,
        )
    except ApplicationError as error:
        return _message(request, _("Not possible"), error.message, status=error.status)
    if comment.moderation == Moderation.PENDING:
        messages.info(
            request, _("Thank you. Your comment will be published once the coordinator has reviewed it.")
        )
    return HttpResponseRedirect(_recommendation_url(recommendation, "comments"))


@utf8_only
@login_required
def comment_edit(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("recommendation"), pk=pk, author=request.user)
    form = forms.EditCommentForm(request.POST or None, initial={"body": comment.body})
    title = _("Edit your comment")
    intro = _("You can correct a comment until %(time)s; the page shows that it was edited.") % {
        "time": timezone.localtime(comment.editable_until).strftime("%H:%M")
    }
    if request.method == "POST":
        if not form.is_valid():
            return _form_page(request, form, title=title, intro=intro, status=400)
        try:
            services.comment_edit(comment=comment, body=form.cleaned_data["body"], by=request.user)
        except ApplicationError as error:
            return _message(request, _("Not possible"), error.message, status=error.status)
        return HttpResponseRedirect(_recommendation_url(comment.recommendation, "comments"))
    return _form_page(request, form, title=title, intro=intro, submit=_("Save"))


@utf8_only
@rate_limited("report")
def comment_report(request, pk):
    comment = get_object_or_404(
        permissions.published_comments(request.user).select_related("recommendation"), pk=pk
    )
    form = forms.ReportForm(request.POST or None)
    title = _("Report a comment")
    if request.method == "POST":
        if not form.is_valid():
            return _form_page(request, form, title=title, status=400)
        services.comment_report(comment=comment, reason=form.cleaned_data["reason"], by=request.user)
        return _message(request, _("Thank you"), _("The coordinator will look at this comment."))
    return _form_page(request, form, title=title, intro=comment.body[:300], submit=_("Report"))


@utf8_only
@login_required
@rate_limited("assessment")
def assessment_submit(request, public_id):
    recommendation = _published_recommendation(request, public_id)
    form = forms.AssessmentForm(request.POST or None)
    title = _("Your assessment of recommendation %(id)s") % {"id": recommendation.public_id}
    if page := _unless_valid(request, form, title=title):
        return page
    try:
        assessment = services.assessment_submit(
            recommendation=recommendation, by=request.user, **form.cleaned_data
        )
    except ApplicationError as error:
        return _message(request, _("Not possible"), error.message, status=error.status)
    if assessment.moderation == Moderation.PENDING:
        messages.info(
            request, _("Thank you. Your assessment will be published once the coordinator has reviewed it.")
        )
    return HttpResponseRedirect(_recommendation_url(recommendation))


def assessment_history(request, public_id, organisation_pk):
    recommendation = _published_recommendation(request, public_id)
    organisation = get_object_or_404(Organisation.objects.verified(), pk=organisation_pk)
    history = selectors.assessment_history(organisation, recommendation, request.user)
    context = {"recommendation": recommendation, "organisation": organisation, "history": history}
    return render(request, "participation/assessment_history.html", context)


# Moderation


@coordinator_required
def moderation(request):
    return render(request, "participation/moderation.html", selectors.moderation_queue())


@coordinator_required
@require_POST
def moderate(request, kind, pk):
    """Approve or reject a comment or assessment, or verify an organisation (and set it trusted)."""
    decision = request.POST.get("decision", "")
    try:
        if kind == "comment":
            services.comment_moderate(
                comment=get_object_or_404(Comment, pk=pk), decision=decision, by=request.user
            )
        elif kind == "assessment":
            assessment = get_object_or_404(Assessment, pk=pk)
            services.assessment_moderate(assessment=assessment, decision=decision, by=request.user)
        elif kind == "organisation":
            organisation = get_object_or_404(Organisation, pk=pk)
            trusted = {"trusted": True, "untrusted": False}.get(decision)
            services.organisation_verify(organisation=organisation, trusted=trusted, by=request.user)
        else:
            raise Http404
    except ApplicationError as error:
        return _message(request, _("Not possible"), error.message, status=error.status)
    return redirect("participation:moderation")


# Consultations


@login_required
def consultation_list(request):
    consultations = permissions.consultations_visible_to(request.user)
    if not (consultations.exists() or permissions.can_moderate(request.user)):
        raise PermissionDenied
    now = timezone.now()
    context = {
        "open": consultations.filter(closed_at__isnull=True, deadline__gt=now),
        "closed": consultations.filter(Q(closed_at__isnull=False) | Q(deadline__lte=now)),
        "can_create": permissions.can_moderate(request.user),
    }
    return render(request, "participation/consultation_list.html", context)


FOUND_LIMIT = 200  # search results listed to tick on the consultation form


def _found(user, params: SearchParams) -> tuple[list[Recommendation], int]:
    """The first ``FOUND_LIMIT`` recommendations of the search, in its order, and how many match.

    Nothing until a search is asked for. Raises ``InvalidSearch`` for a value the search does not know.
    """
    if not (params.q or params.filters):
        return [], 0
    ids = recommendation_search_ids(params=params)
    first = ids[:FOUND_LIMIT]
    by_id = public.visible_recommendations(user).select_related("review__state").in_bulk(first)
    return [by_id[pk] for pk in first if pk in by_id], len(ids)


@utf8_only
@coordinator_required
def consultation_create(request):
    """The coordinator opens a consultation on recommendations found with the search, or given by identifier.

    The search is the query string, as on the search page, which links here with its own: its results
    come ticked. Ticked results join the identifiers typed in the form.
    """
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None:
        data["recommendations"] = " ".join([data.get("recommendations", ""), *data.getlist("pick")])
    form = forms.ConsultationForm(data)
    params, search_error, status = SearchParams(), None, 200
    try:
        params = SearchParams.from_querydict(request.GET)
        found, total = _found(request.user, params)
    except InvalidSearch as error:
        found, total, search_error, status = [], 0, error, 400
    ticked = set(data.getlist("pick")) if data is not None else {r.public_id for r in found}
    context = {
        "form": form,
        "params": params,
        "found": found,
        "total": total,
        "ticked": ticked,
        "search_error": search_error,
    }
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            chosen = public.visible_recommendations(request.user).filter(
                public_id__in=data["recommendations"]
            )
            if chosen.count() != len(data["recommendations"]):
                form.add_error("recommendations", _("Some identifiers are not published recommendations."))
            else:
                try:
                    consultation = services.consultation_create(
                        title=data["title"],
                        description=data["description"],
                        deadline=data["deadline"],
                        recommendations=chosen,
                        by=request.user,
                    )
                except ApplicationError as error:
                    form.add_error(None, error.message)
                else:
                    return redirect("participation:consultation", consultation.pk)
        status = 400
    return render(request, "participation/consultation_form.html", context, status=status)


def _visible_consultation(request, pk) -> Consultation:
    return get_object_or_404(permissions.consultations_visible_to(request.user), pk=pk)


@utf8_only
@login_required
@rate_limited("input")
def consultation_detail(request, pk):
    """Members answer per recommendation while it is open; the coordinator sees everyone's input."""
    consultation = _visible_consultation(request, pk)
    membership = permissions.current_membership(request.user)
    everyone = permissions.can_view_all_inputs(request.user)
    can_submit = permissions.can_submit_input(request.user, consultation)
    if request.method == "POST":
        # Field "input-<recommendation id>" per recommendation; the service checks each belongs.
        inputs = {}
        for name, value in request.POST.items():
            if name.startswith("input-") and name[6:].isdigit():
                if len(value) > 5000 or "\ufffd" in value:
                    return _message(
                        request,
                        _("Not saved"),
                        _("Each input may have at most 5000 characters of valid UTF-8 text."),
                        status=400,
                    )
                inputs[int(name[6:])] = value
        try:
            count = services.consultation_inputs_save(
                consultation=consultation, inputs=inputs, by=request.user
            )
        except ApplicationError as error:
            return _message(request, _("Not saved"), error.message, status=error.status)
        messages.success(
            request, _("Saved: your organisation has input on %(n)d recommendations.") % {"n": count}
        )
        return redirect("participation:consultation", consultation.pk)
    organisation = None if everyone else membership.organisation
    context = {
        "consultation": consultation,
        "rows": selectors.consultation_rows(consultation, organisation=organisation),
        "everyone": everyone,
        "can_submit": can_submit,
    }
    return render(request, "participation/consultation_detail.html", context)


@coordinator_required
@require_POST
def consultation_close(request, pk):
    consultation = get_object_or_404(Consultation, pk=pk)
    services.consultation_close(consultation=consultation, by=request.user)
    return redirect("participation:consultation", consultation.pk)


@coordinator_required
def consultation_export(request, pk, fmt):
    consultation = get_object_or_404(Consultation, pk=pk)
    return exports.consultation_response(consultation, fmt)


# Following


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
        return _form_page(request, form, title=title, status=400, submit=_("Follow"))
    try:
        services.follow_email_request(email=form.cleaned_data["email"], target=target)
    except ApplicationError as error:
        form.add_error("email", error.message)
        return _form_page(request, form, title=title, status=400, submit=_("Follow"))
    return _message(
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
    """The link in the confirmation e-mail: opening it confirms the follow."""
    try:
        follow = services.follow_email_confirm(token=token)
    except ApplicationError as error:
        return _message(request, _("Link not valid"), error.message, status=400)
    return _message(
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
        return _message(request, _("Link not valid"), error.message, status=400)
    if request.method == "POST":
        services.follow_unsubscribe(token=token)
        return _message(
            request,
            _("Stopped"),
            _("No more e-mails about it will go to %(email)s.") % {"email": address},
        )
    context = {"address": address, "labels": [target_label(follow.target) for follow in follows]}
    return render(request, "participation/unsubscribe.html", context)

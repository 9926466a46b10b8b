"""Comments and independent assessments, and the coordinator's moderation of both."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participation import forms, permissions, selectors, services
from participation.models import Assessment, Comment, Moderation, Organisation
from upr_tracker.errors import ApplicationError
from upr_tracker.throttling import rate_limited

from .common import (
    coordinator_required,
    form_page,
    message_page,
    published_recommendation,
    recommendation_url,
    unless_valid,
    utf8_only,
)


@utf8_only
@login_required
@rate_limited("comment")
def comment_create(request, public_id):
    recommendation = published_recommendation(request, public_id)
    form = forms.CommentForm(request.POST or None)
    title = _("Comment on recommendation %(id)s") % {"id": recommendation.public_id}
    if page := unless_valid(request, form, title=title):
        return page
    data = form.cleaned_data
    parent, update = selectors.comment_anchors(
        request.user, parent_id=data["parent"], status_update_id=data["status_update"]
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
        return message_page(request, _("Not possible"), error.message, status=error.status)
    if comment.moderation == Moderation.PENDING:
        messages.info(
            request, _("Thank you. Your comment will be published once the coordinator has reviewed it.")
        )
    return HttpResponseRedirect(recommendation_url(recommendation, "comments"))


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
            return form_page(request, form, title=title, intro=intro, status=400)
        try:
            services.comment_edit(comment=comment, body=form.cleaned_data["body"], by=request.user)
        except ApplicationError as error:
            return message_page(request, _("Not possible"), error.message, status=error.status)
        return HttpResponseRedirect(recommendation_url(comment.recommendation, "comments"))
    return form_page(request, form, title=title, intro=intro, submit=_("Save"))


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
            return form_page(request, form, title=title, status=400)
        services.comment_report(comment=comment, reason=form.cleaned_data["reason"], by=request.user)
        return message_page(request, _("Thank you"), _("The coordinator will look at this comment."))
    return form_page(request, form, title=title, intro=comment.body[:300], submit=_("Report"))


@utf8_only
@login_required
@rate_limited("assessment")
def assessment_submit(request, public_id):
    recommendation = published_recommendation(request, public_id)
    form = forms.AssessmentForm(request.POST or None)
    title = _("Your assessment of recommendation %(id)s") % {"id": recommendation.public_id}
    if page := unless_valid(request, form, title=title):
        return page
    try:
        assessment = services.assessment_submit(
            recommendation=recommendation, by=request.user, **form.cleaned_data
        )
    except ApplicationError as error:
        return message_page(request, _("Not possible"), error.message, status=error.status)
    if assessment.moderation == Moderation.PENDING:
        messages.info(
            request, _("Thank you. Your assessment will be published once the coordinator has reviewed it.")
        )
    return HttpResponseRedirect(recommendation_url(recommendation))


def assessment_history(request, public_id, organisation_pk):
    recommendation = published_recommendation(request, public_id)
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
        return message_page(request, _("Not possible"), error.message, status=error.status)
    return redirect("participation:moderation")

"""The recommendation page's civil-society block, and the renderer for what organisations write."""

from django import template
from django.utils import timezone

from participation import forms, permissions, selectors
from participation.feeds import target_key
from participation.formatting import render
from participation.models import Follow

register = template.Library()


@register.inclusion_tag("participation/includes/voices.html", takes_context=True)
def civil_society(context, recommendation):
    """ "Government says / civil society says" side by side, then the comments and the members' forms.

    The page's view knows nothing of participation: this tag loads what the block shows through
    ``selectors.recommendation_voices`` (five queries, plus one to know whether the visitor follows).
    """
    request = context["request"]
    user = request.user
    voices = selectors.recommendation_voices(recommendation, user)
    pending = voices["pending"]["assessment"]
    initial = (
        {
            "status": pending.status,
            "level": pending.level,
            "rationale": pending.rationale,
            "evidence_links": "\n".join(pending.evidence_links),
        }
        if pending
        else None
    )
    return {
        **voices,
        "recommendation": recommendation,
        "request": request,
        "user": user,
        "csrf_token": context.get("csrf_token"),
        "messages": context.get("messages"),
        "now": timezone.now(),
        "can_comment": permissions.can_comment(user),
        "can_assess": permissions.can_assess(user),
        "comment_form": forms.CommentForm(),
        "assessment_form": forms.AssessmentForm(initial=initial),
        "following": user.is_authenticated
        and Follow.objects.filter(user=user, recommendation=recommendation).exists(),
        "disagree": bool(voices["government"])
        and any(a.status != voices["government"].status for a in voices["assessments"]),
    }


@register.filter
def formatted(text):
    """Light Markdown, sanitised: see ``participation.formatting``."""
    return render(text)


@register.filter
def editable_by(comment, user):
    return user.is_authenticated and permissions.can_edit_comment(user, comment, now=timezone.now())


@register.inclusion_tag("participation/includes/follow.html", takes_context=True)
def follow_controls(context, target):
    """Follow/stop following ``target`` (recommendation, state, theme or institution) and its Atom feed;
    for a visitor without an account, the form to follow by e-mail instead.

    For any page: ``{% follow_controls state %}``. One query for a signed-in visitor, none otherwise.
    """
    request = context["request"]
    kind = target._meta.model_name
    following = (
        request.user.is_authenticated and Follow.objects.filter(user=request.user, **{kind: target}).exists()
    )
    return {
        "kind": kind,
        "key": target_key(target),
        "following": following,
        "email_form": None
        if request.user.is_authenticated
        else forms.FollowEmailForm(auto_id=f"follow-{kind}-%s"),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def organisation_of(user):
    """The organisation ``user`` speaks for now, or None: for the menu. One query per request at most."""
    membership = permissions.current_membership(user)
    return membership.organisation if membership else None

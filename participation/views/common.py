"""What every participation page shares: the form and message pages, and the decorators."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from participation import forms, permissions
from recommendations import permissions as public
from recommendations.models import Recommendation


def form_page(request, form, *, title: str, intro: str = "", status: int = 200, submit: str = ""):
    context = {"form": form, "title": title, "intro": intro, "submit": submit or _("Send")}
    return render(request, "participation/form.html", context, status=status)


def unless_valid(request, form, *, title: str):
    """The page to answer with unless ``form`` was POSTed valid: the form, or with its errors (400)."""
    if request.method != "POST":
        return form_page(request, form, title=title)
    if not form.is_valid():
        return form_page(request, form, title=title, status=400)
    return None


def message_page(request, title: str, message: str, *, status: int = 200):
    return render(request, "participation/message.html", {"title": title, "message": message}, status=status)


def published_recommendation(request, public_id) -> Recommendation:
    return get_object_or_404(public.visible_recommendations(request.user), public_id=public_id)


def recommendation_url(recommendation, anchor: str = "civil-society") -> str:
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
                return message_page(request, _("Not sent"), str(forms.INVALID_UTF8), status=400)
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

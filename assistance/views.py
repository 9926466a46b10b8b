"""The coordinators' suggestion queue: review, accept in bulk or one by one, correct."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from recommendations.models import ActionCategory
from reference.models import SdgTarget
from upr_tracker.errors import ApplicationError

from . import selectors, services
from .forms import AcceptAboveForm, CorrectionForm, QueueFilterForm
from .models import Suggestion
from .permissions import can_review_suggestions


def _reviewer(view):
    """Signed in (else to the sign-in page) and allowed to review suggestions (else 403)."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not can_review_suggestions(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _back(request):
    """Back to the queue page the form was posted from (``next``), if it is one of ours."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("assistance:queue")


def _queue_filter(form) -> selectors.QueueFilter:
    data = form.cleaned_data if form.is_valid() else {}
    return selectors.QueueFilter(
        kind=data.get("kind", ""), scheme=data.get("scheme", ""), min_confidence=data.get("min_confidence")
    )


@require_GET
@_reviewer
def queue(request):
    filter_form = QueueFilterForm(request.GET)
    page = selectors.queue_page(_queue_filter(filter_form), request.GET.get("page"))
    context = {
        "filter_form": filter_form,
        "accept_form": AcceptAboveForm(initial={**filter_form.data.dict(), "threshold": 0.9}),
        "page": page,
        "counts": selectors.queue_counts(),
        "models": selectors.latest_models(),
        "category_choices": ActionCategory.choices,
        "sdg_targets": SdgTarget.objects.order_by("goal__number", "ordering"),
    }
    selectors.add_alternatives(page)
    return render(request, "assistance/queue.html", context)


@require_POST
@_reviewer
def accept_above(request):
    form = AcceptAboveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a threshold between 0.5 and 1."))
        return _back(request)
    suggestions = selectors.above(_queue_filter(form), form.cleaned_data["threshold"])
    count = services.suggestions_accept(suggestions=suggestions, by=request.user)
    messages.success(
        request, ngettext("%(n)d suggestion accepted.", "%(n)d suggestions accepted.", count) % {"n": count}
    )
    return _back(request)


@require_POST
@_reviewer
def decide(request, pk):
    suggestion = get_object_or_404(Suggestion, pk=pk)
    action = request.POST.get("action")
    one = Suggestion.objects.filter(pk=suggestion.pk)
    if action == "accept":
        done = services.suggestions_accept(suggestions=one, by=request.user)
    elif action == "reject":
        done = services.suggestions_reject(suggestions=one, by=request.user)
    else:
        return _back(request)
    if not done:
        messages.warning(request, _("Someone decided on this suggestion already."))
    return _back(request)


@require_POST
@_reviewer
def correct(request, pk):
    suggestion = get_object_or_404(Suggestion, pk=pk)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the values offered."))
        return _back(request)
    try:
        services.suggestion_correct(
            suggestion=suggestion,
            by=request.user,
            **{k: v for k, v in form.cleaned_data.items() if v not in (None, "")},
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Corrected."))
    return _back(request)

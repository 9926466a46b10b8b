"""Each role's landing page after signing in. Thin: who may see what is decided by ``access`` and the
apps' own permissions; what to show, by ``selectors``."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from participation.permissions import current_membership
from tracking.forms import TransitionForm
from upr_tracker import access
from upr_tracker.own_state import own_state

from . import selectors


@login_required
def home(request):
    """Sends each person to the workspace of their main role: the coordinator to the overview, a
    validator to the validation queue, a civil society member to theirs, everyone else to their
    recommendations."""
    user = request.user
    if access.is_coordinator(user):
        return redirect("workspaces:coordinator")
    if access.institution_ids(user, ["validator"]):
        return redirect("workspaces:validator")
    if current_membership(user) is not None and not access.institution_ids(user):
        return redirect("workspaces:civil_society")
    return redirect("tracking:my")


@login_required
def coordinator(request):
    if not access.is_coordinator(request.user):
        raise PermissionDenied
    context = {"blocks": selectors.coordinator_blocks(request), "own_state": own_state()}
    return render(request, "workspaces/coordinator.html", context)


@login_required
def validator(request):
    if not access.institution_ids(request.user, ["validator"]):
        raise PermissionDenied
    context = {"updates": selectors.validation_queue(request.user), "form": TransitionForm()}
    return render(request, "workspaces/validator.html", context)


@login_required
def civil_society(request):
    if current_membership(request.user) is None:
        raise PermissionDenied
    return render(request, "workspaces/civil_society.html", selectors.civil_society_workspace(request.user))

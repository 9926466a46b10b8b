"""Pages of plans: public plan pages, the coordinator's planning tools, and progress on actions.

Thin: look up with access checks, call one service, render. Progress reports on actions are status
updates: they are created here and then live on the tracking pages (submit, approve, publish).
"""

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from recommendations.models import Recommendation
from tracking.forms import StatusUpdateForm
from tracking.views import BULK_ACTION_LIMIT, draft_saved, selection_from_query
from upr_tracker import access
from upr_tracker.errors import ApplicationError
from upr_tracker.numbers import is_number
from upr_tracker.own_state import narrowed_to_own_state, own_state, selection_context

from . import importer, matrix, selectors, services
from .forms import ActionForm, AddToActionForm, CoverageForm, FromSearchActionForm, ImportForm, PlanForm
from .models import Action, Plan
from .permissions import actions_visible_to, plans_visible_to


def _require_planner(request):
    if not access.can_manage_plans(request.user):
        raise PermissionDenied


def _get_plan(request, pk) -> Plan:
    return get_object_or_404(plans_visible_to(request.user), pk=pk)


def _get_action(request, pk) -> Action:
    return get_object_or_404(
        actions_visible_to(request.user).with_progress().select_related("plan", "lead_institution", "parent"),
        pk=pk,
    )


def index(request):
    """The plans the visitor may see: adopted and closed ones (drafts too for coordinators)."""
    plans = plans_visible_to(request.user).order_by("-period_start")
    return render(
        request, "plans/index.html", {"plans": plans, "can_manage": access.can_manage_plans(request.user)}
    )


def detail(request, pk):
    """A plan's public page: timeline, budget, progress per action and the recommendations each answers."""
    plan = _get_plan(request, pk)
    actions = selectors.plan_actions(plan, request.user)
    ordered = selectors.timeline(plan, actions)
    context = {
        "plan": plan,
        "timeline": ordered,
        "actions": [bar.action for bar in ordered.bars],
        "budget": selectors.budget_breakdown(actions),
        "totals": selectors.budget_totals(actions),
        "can_manage": access.can_manage_plans(request.user),
    }
    return render(request, "plans/detail.html", context)


def export(request, pk, file_format):
    """The plan as an implementation matrix, in the reports' layout (XLSX or DOCX)."""
    plan = _get_plan(request, pk)
    document = matrix.plan_matrix(plan, request.user)
    suffix = {"xlsx": ".xlsx", "docx": ".docx"}[file_format]
    handle = tempfile.NamedTemporaryFile(suffix=suffix, delete=False)  # noqa: SIM115 (FileResponse closes it)
    handle.close()
    matrix.write(document, file_format, Path(handle.name))
    response = FileResponse(
        open(handle.name, "rb"),  # noqa: SIM115
        as_attachment=True,
        filename=f"plan-{plan.pk}-matrix{suffix}",
    )
    Path(handle.name).unlink()  # the open handle keeps the data until the response is sent
    return response


@login_required
def plan_edit(request, pk=None):
    """Create a plan (no ``pk``) or change one. ``next`` (a local address) is where a new plan leads."""
    _require_planner(request)
    plan = get_object_or_404(Plan, pk=pk) if pk else None
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            if plan:
                plan = services.plan_edit(plan=plan, by=request.user, **form.cleaned_data)
            else:
                plan = services.plan_create(by=request.user, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Plan saved."))
            following = request.GET.get("next", "")
            if following and url_has_allowed_host_and_scheme(following, {request.get_host()}):
                return redirect(following)
            return redirect("plans:detail", plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan})


@login_required
@require_POST
def plan_transition(request, pk, transition):
    _require_planner(request)
    plan = get_object_or_404(Plan, pk=pk)
    service = {"adopt": services.plan_adopt, "close": services.plan_close}.get(transition)
    if service is None:
        raise Http404
    try:
        service(plan=plan, by=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The plan is now %(state)s.") % {"state": Plan.objects.get(pk=pk).get_state_display().lower()},
        )
    return redirect("plans:detail", plan.pk)


@login_required
def action_edit(request, plan_pk=None, pk=None):
    """Create an action in a plan (``plan_pk``) or change one (``pk``)."""
    _require_planner(request)
    action = get_object_or_404(Action.objects.select_related("plan"), pk=pk) if pk else None
    plan = action.plan if action else get_object_or_404(Plan, pk=plan_pk)
    form = ActionForm(request.POST or None, instance=action, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            if action:
                action = services.action_edit(action=action, by=request.user, **form.values())
            else:
                values = form.values()
                action = services.action_create(plan=plan, by=request.user, **values)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Action saved."))
            return redirect("plans:action", action.pk)
    return render(request, "plans/action_form.html", {"form": form, "plan": plan, "action": action})


@login_required
def action_detail(request, pk):
    """The working page of one action: what it is, who reports, and the progress reports one may see."""
    action = _get_action(request, pk)
    user = request.user
    progress = (
        access.status_updates_visible_to(user)
        .filter(action=action)
        .select_related("institution")
        .order_by("-created_at")
    )
    context = {
        "action": action,
        "plan": action.plan,
        "progress": progress,
        "recommendations": access.recommendations_visible_to(user).filter(actions=action),
        "indicators": action.indicators.all(),
        "children": action.children.all(),
        "can_report": access.can_report_on_action(user, action),
        "can_manage": access.can_manage_plans(user),
    }
    return render(request, "plans/action_detail.html", context)


@login_required
def progress_create(request, pk):
    """A focal point of the lead institution drafts a progress report; it then goes through the workflow."""
    action = _get_action(request, pk)
    if not access.can_report_on_action(request.user, action):
        raise PermissionDenied
    form = StatusUpdateForm(request.POST or None, request.FILES or None, action=action)
    if request.method == "POST" and form.is_valid():
        saved = draft_saved(request, form, action=action)
        if saved is not None:
            return saved
    context = {"form": form, "action": action, "institution": action.lead_institution}
    return render(request, "tracking/update_form.html", context)


@login_required
def from_search(request):
    """Plan for a selection of recommendations: a new action for them, or added to an existing one.

    The selection is the query string, as for bulk assignment (the search page links here with its own
    query); ``pick`` narrows it to the recommendations ticked on this page.
    """
    _require_planner(request)
    if narrowed := narrowed_to_own_state(request):
        return narrowed
    selection, params, ids, search_error, status = selection_from_query(request)
    too_many = len(ids) > BULK_ACTION_LIMIT
    posted = request.method == "POST"
    chosen = request.POST.get("do")
    picked = {int(v) for v in request.POST.getlist("pick") if is_number(v)} if posted else set(ids)
    picked_ids = [pk for pk in ids if pk in picked]
    newest = Plan.objects.exclude(state=Plan.State.CLOSED).order_by("-created_at").first()
    plan_form = FromSearchActionForm(
        request.POST if posted and chosen == "create" else None, initial={"plan": newest}
    )
    add_form = AddToActionForm(request.POST if posted and chosen == "add" else None)
    plan = None
    if plan_form.is_bound and plan_form.is_valid():
        plan = plan_form.cleaned_data["plan"]
    action_plan = plan or newest
    action_form = (
        ActionForm(
            request.POST if plan else None,
            plan=action_plan,
            with_recommendations=False,
            indicator_recommendations=ids[:BULK_ACTION_LIMIT],
        )
        if action_plan
        else None
    )
    if posted and (too_many or not picked_ids):
        status = 400
        messages.error(
            request, _("Tick at least one recommendation.") if not too_many else _("Too many at once.")
        )
    elif posted:
        recommendations = Recommendation.objects.filter(pk__in=picked_ids)
        try:
            if plan and action_form.is_valid():
                action = services.action_create(
                    plan=plan, by=request.user, **action_form.values(), recommendations=recommendations
                )
                messages.success(
                    request, _("Action created for %(n)d recommendations.") % {"n": len(picked_ids)}
                )
                return redirect("plans:action", action.pk)
            if add_form.is_bound and add_form.is_valid():
                action = add_form.cleaned_data["action"]
                added = services.action_add_recommendations(
                    action=action, recommendations=recommendations, by=request.user
                )
                messages.success(request, _("%(n)d recommendations added to the action.") % {"n": added})
                return redirect("plans:action", action.pk)
        except ApplicationError as error:
            messages.error(request, error.message)
        status = 400
    shown = Recommendation.objects.in_bulk(ids[:200])
    context = {
        "selection": selection,
        "params": params,
        "search_error": search_error,
        "matches": [shown[pk] for pk in ids[:200] if pk in shown],
        "picked": picked,
        "count": len(ids),
        "too_many": too_many,
        "limit": BULK_ACTION_LIMIT,
        "plan_form": plan_form,
        "action_form": action_form,
        "add_form": add_form,
        "query": request.GET.urlencode(),
        **selection_context(request),
    }
    return render(request, "plans/from_search.html", context, status=status)


@login_required
def import_plan(request):
    """Upload a plan's spreadsheet, check the preview, then confirm: all of it is imported, or nothing."""
    _require_planner(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    preview, status = None, 200
    if request.method == "POST" and request.POST.get("confirm"):
        token = request.POST.get("token", "")
        try:
            plan = importer.plan_import_confirm(token=token, by=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
            status = 400
        else:
            messages.success(request, _("Plan imported with %(n)d actions.") % {"n": plan.actions.count()})
            return redirect("plans:detail", plan.pk)
    elif request.method == "POST" and form.is_valid():
        preview = importer.plan_import_preview(
            file=form.cleaned_data["file"], by=request.user, **form.options()
        )
        status = 200 if preview.ok else 400
    return render(request, "plans/import.html", {"form": form, "preview": preview}, status=status)


@login_required
def coverage(request):
    """How many recommendations of a scope an adopted plan addresses, which not, which actions are late."""
    _require_planner(request)
    form = CoverageForm(request.GET or None)
    result = selectors.coverage(request.user, state=own_state(), **form.scope())
    context = {"form": form, "coverage": result, "not_addressed": result.not_addressed[:100]}
    return render(request, "plans/coverage.html", context)

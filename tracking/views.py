"""Pages of the reporting workflow. Thin: look up with access checks, call one service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indicators import services as indicator_services
from indicators.models import Indicator
from institutions import services as institution_services
from institutions.models import Assignment, Institution
from plans.models import Action, Plan
from plans.selectors import actions_due_for_institution
from plans.selectors import coverage as plan_coverage
from recommendations.models import Recommendation
from reference.models import Theme
from search.selectors import InvalidSearch, SearchParams, recommendation_search_ids
from upr_tracker import access
from upr_tracker.errors import ApplicationError, Conflict
from upr_tracker.numbers import is_number, number
from upr_tracker.own_state import narrowed_to_own_state, own_state, selection_context

from . import selectors, services
from .audit import history_for
from .forms import (
    AssignmentForm,
    GroupForm,
    IndicatorForm,
    IndicatorValueForm,
    SelectionForm,
    StatusUpdateForm,
    TransitionForm,
)
from .models import Evidence, StatusUpdate


def _get_update(request, pk) -> StatusUpdate:
    """The update, if this person may see it; 404 otherwise, so its existence is not revealed."""
    update = get_object_or_404(
        StatusUpdate.objects.select_related("recommendation", "action__plan", "institution"), pk=pk
    )
    if not access.can_view_update(request.user, update):
        raise Http404
    return update


def _get_recommendation(request, public_id) -> Recommendation:
    recommendation = selectors.recommendation_for_tracking(request.user, public_id)
    if recommendation is None:
        raise Http404
    return recommendation


def _require_coordinator(request):
    if not access.is_coordinator(request.user):
        raise PermissionDenied


@login_required
def my(request):
    """ "My recommendations": counts by status, overdue first, what waits for me."""
    user = request.user
    filters = {
        "q": request.GET.get("q", "").strip(),
        "status": request.GET.get("status", ""),
        "institution": request.GET.get("institution") or None,
        "overdue": bool(request.GET.get("overdue")),
    }
    if filters["institution"] and not is_number(filters["institution"]):
        filters["institution"] = None
    rows = selectors.my_recommendations(user, **filters)
    statuses = StatusUpdate._meta.get_field("status").choices
    counts = selectors.status_counts(selectors.my_recommendations(user))
    labels = dict(statuses)
    page = list(rows[:200])
    for row in page:
        row.latest_status_label = labels.get(row.latest_status, "")
    context = {
        "rows": page,
        "total": rows.count(),
        "counts": [
            (v, label, counts.get(v, 0))
            for v, label in [(selectors.NO_REPORT, _("No report yet")), *statuses]
        ],
        "awaiting": selectors.awaiting_me(user)[:50],
        "overdue": selectors.overdue(user)[:20],
        "due_soon": selectors.due_soon(user)[:20],
        "filters": filters,
        "institutions": Institution.objects.filter(pk__in=access.institution_ids(user)),
        "statuses": statuses,
        "is_coordinator": access.is_coordinator(user),
        "coverage": plan_coverage(user, state=own_state()) if access.is_coordinator(user) else None,
        "actions_due": actions_due_for_institution(access.institution_ids(user))[:20],
    }
    return render(request, "tracking/my.html", context)


@login_required
def recommendation(request, public_id):
    """The working page of one recommendation: who is assigned, indicators, reports, coordinator tools."""
    rec = _get_recommendation(request, public_id)
    user = request.user
    assignments = list(rec.assignments.select_related("institution").order_by("role", "institution__name"))
    reporting = [a.institution for a in assignments if access.can_create_update(user, rec, a.institution)]
    context = {
        "rec": rec,
        "assignments": assignments,
        "reporting": reporting,
        "updates": access.status_updates_visible_to(user)
        .filter(recommendation=rec)
        .select_related("institution"),
        "indicators": rec.indicators.select_related("responsible_institution").prefetch_related("values"),
        "is_coordinator": access.is_coordinator(user),
        "assign_form": AssignmentForm(),
    }
    return render(request, "tracking/recommendation.html", context)


def draft_saved(request, form, **subject):
    """Save a valid status-update form as a new draft of ``subject`` (a recommendation and an
    institution, or an action): the redirect to the draft, or None with the refusal on the form. Used
    by both the recommendation's and the action's report pages."""
    try:
        update = services.status_update_create(
            by=request.user,
            links=form.cleaned_data["links"],
            files=form.cleaned_data["files"],
            indicator_values=form.indicator_values(),
            **subject,
            **form.content(),
        )
    except ApplicationError as error:
        form.add_error(None, error.message)
        return None
    messages.success(request, _("Draft saved. Submit it for validation when it is complete."))
    return redirect("tracking:update", update.pk)


@login_required
def update_create(request, public_id):
    rec = _get_recommendation(request, public_id)
    institution = get_object_or_404(
        Institution, pk=number(request.GET.get("institution") or request.POST.get("institution"), default=0)
    )
    if not access.can_create_update(request.user, rec, institution):
        raise PermissionDenied
    form = StatusUpdateForm(request.POST or None, request.FILES or None, recommendation=rec)
    if request.method == "POST" and form.is_valid():
        saved = draft_saved(request, form, recommendation=rec, institution=institution)
        if saved is not None:
            return saved
    return render(
        request, "tracking/update_form.html", {"form": form, "rec": rec, "institution": institution}
    )


@login_required
def update_detail(request, pk):
    update = _get_update(request, pk)
    context = {
        "update": update,
        "evidence": update.evidence.all(),
        "can_mark_evidence": access.can_mark_evidence(request.user, Evidence(status_update=update)),
        "links": update.links.all(),
        "values": update.indicator_values.select_related("indicator"),
        "transitions": access.allowed_transitions(request.user, update),
        "can_edit": access.can_edit_update(request.user, update),
        "can_view_history": access.can_view_history(request.user, update),
        "history": history_for(update)[:10] if access.can_view_history(request.user, update) else [],
        "form": TransitionForm(),
    }
    return render(request, "tracking/update_detail.html", context)


@login_required
def update_edit(request, pk):
    """Edit a draft or returned update. On a conflict the person's text stays in the form."""
    update = _get_update(request, pk)
    if not access.can_edit_update(request.user, update):
        raise PermissionDenied
    form = StatusUpdateForm(
        request.POST or None,
        request.FILES or None,
        instance=update,
        initial={"version": update.version},
        recommendation=update.recommendation,
        action=update.action,
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.status_update_edit(
                update=StatusUpdate.objects.get(pk=update.pk),
                by=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                links=form.cleaned_data["links"],
                files=form.cleaned_data["files"],
                indicator_values=form.indicator_values(),
                **form.content(),
            )
        except Conflict as error:
            form.add_error(None, error.message)
            status = 409
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Update saved."))
            return redirect("tracking:update", update.pk)
    context = {
        "form": form,
        "rec": update.recommendation,
        "institution": update.institution,
        "update": update,
    }
    return render(request, "tracking/update_form.html", context, status=status)


@login_required
@require_POST
def update_transition(request, pk, transition):
    update = _get_update(request, pk)
    service = services.TRANSITION_SERVICES.get(transition)
    if service is None:
        raise Http404
    form = TransitionForm(request.POST)
    form.is_valid()
    kwargs = {"comment": form.cleaned_data.get("comment", "")} if transition in ("approve", "return") else {}
    try:
        service(update=update, by=request.user, **kwargs)
    except ApplicationError as error:
        if error.code == "forbidden":
            raise PermissionDenied(error.message) from error
        messages.error(request, error.message)
    else:
        messages.success(request, _("Update %(state)s.") % {"state": update.get_state_display().lower()})
    return redirect("tracking:update", update.pk)


def evidence_download(request, pk):
    """Evidence files are served only here, after the same check as their update: anyone once published."""
    evidence = get_object_or_404(Evidence.objects.select_related("status_update"), pk=pk)
    if not access.can_view_evidence(request.user, evidence):
        raise Http404
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def evidence_confidentiality(request, pk):
    """Mark a file confidential or public again, from the update's page."""
    evidence = get_object_or_404(Evidence.objects.select_related("status_update"), pk=pk)
    if not access.can_view_evidence(request.user, evidence):
        raise Http404
    try:
        services.evidence_confidentiality_set(
            evidence=evidence, confidential=request.POST.get("confidential") == "1", by=request.user
        )
    except ApplicationError as error:
        if error.code == "forbidden":
            raise PermissionDenied(error.message) from error
        raise
    if evidence.confidential:
        messages.success(request, _("%(name)s is now confidential.") % {"name": evidence.original_name})
    else:
        messages.success(
            request, _("%(name)s is shown to the public once published.") % {"name": evidence.original_name}
        )
    return redirect("tracking:update", evidence.status_update_id)


HISTORY_MODELS = {
    "update": StatusUpdate,
    "assignment": Assignment,
    "indicator": Indicator,
    "plan": Plan,
    "action": Action,
}


@login_required
def history(request, kind, pk):
    """Every change of one record: who, when, and what changed from what to what."""
    model = HISTORY_MODELS.get(kind)
    if model is None:
        raise Http404
    obj = get_object_or_404(model, pk=pk)
    if not access.can_view_history(request.user, obj):
        raise Http404
    entries = list(history_for(obj))
    if kind == "indicator":
        # Only the values this person may see: another institution's draft stays out of it.
        for value in access.indicator_values_visible_to(request.user).filter(indicator=obj):
            entries.extend(history_for(value))
        entries.sort(key=lambda e: (e.at, e.pk), reverse=True)
    return render(request, "tracking/history.html", {"obj": obj, "entries": entries, "kind": kind})


@login_required
@require_POST
def assign(request, public_id):
    _require_coordinator(request)
    rec = _get_recommendation(request, public_id)
    form = AssignmentForm(request.POST)
    if form.is_valid():
        try:
            institution_services.assignment_create(recommendation=rec, by=request.user, **form.cleaned_data)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Assigned."))
    else:
        messages.error(request, _("Choose an institution, a role and a schedule."))
    return redirect("tracking:recommendation", rec.public_id)


BULK_ACTION_LIMIT = 5000  # more at once is more likely a search too wide than a decision


def selection_from_query(request):
    """The selection a bulk page acts on, read from its query string: the selection form, the search
    parameters, the selected ids, and the search's error with the status to answer (400) when a search
    value is unknown. Bulk assignment and planning from a search share it."""
    selection, params = SelectionForm(request.GET or None), SearchParams()
    try:
        params = SearchParams.from_querydict(request.GET)
        return selection, params, selected_ids(selection, params), None, 200
    except InvalidSearch as error:
        return selection, params, [], error, 400


def selected_ids(selection: SelectionForm, params: SearchParams) -> list[int]:
    """Ids of the recommendations a selection points at (in the search's order); none until asked.

    The search (``q`` and the search page's filters) reads the index, so it reaches published
    recommendations only; identifiers and a cluster reach unpublished ones too. Criteria given together
    must all hold. Raises ``InvalidSearch`` for a value the search does not know.
    """
    if not selection.is_valid():
        return []
    data = selection.cleaned_data
    found = recommendation_search_ids(params=params) if params.q or params.filters else None
    if not (data["public_ids"] or data["cluster"]):
        return found or []
    rows = Recommendation.objects.all()
    if data["public_ids"]:
        rows = rows.filter(public_id__in=data["public_ids"])
    if data["cluster"]:
        rows = rows.filter(themes=data["cluster"])
    ids = list(rows.values_list("pk", flat=True))
    if found is None:
        return ids
    chosen = set(ids)
    return [pk for pk in found if pk in chosen]


def _bulk_apply(*, ids: list[int], form: AssignmentForm, group_form: GroupForm, by) -> str | None:
    """Assign or group the recommendations as the bound form asks; what was done, or None if it is invalid."""
    recommendations = Recommendation.objects.filter(pk__in=ids)
    if group_form.is_bound and group_form.is_valid():
        added = 0
        if group_form.cleaned_data["cluster"]:
            added += institution_services.cluster_add_recommendations(
                cluster=group_form.cleaned_data["cluster"], recommendations=recommendations, by=by
            )
        if group_form.cleaned_data["working_group"]:
            added += institution_services.working_group_add_recommendations(
                group=group_form.cleaned_data["working_group"],
                recommendations=recommendations,
                by=by,
            )
        return _("Grouped %(n)d recommendations.") % {"n": added}
    if form.is_bound and form.is_valid():
        assigned, skipped = institution_services.assignment_bulk_assign(
            recommendations=recommendations, by=by, **form.cleaned_data
        )
        return _(
            "Assigned %(assigned)d recommendations; %(skipped)d already had this institution or a lead."
        ) % {"assigned": assigned, "skipped": skipped}
    return None


@login_required
def bulk_assign(request):
    """Assign one institution to every recommendation of a selection, or group them into a cluster or group.

    The selection is always the query string, also for the POST (its form posts back to the same
    address), so the search page can link here with its own query and nothing is copied into hidden
    fields. An unknown search value answers 400 with the search's message; more than
    ``BULK_ACTION_LIMIT`` recommendations are shown but not changed.
    """
    _require_coordinator(request)
    if narrowed := narrowed_to_own_state(request):
        return narrowed
    selection, params, ids, search_error, status = selection_from_query(request)
    posted = request.method == "POST"
    form = AssignmentForm(request.POST if posted and request.POST.get("action") == "assign" else None)
    group_form = GroupForm(
        request.POST if posted and request.POST.get("action") == "group" else None, auto_id="group_%s"
    )
    too_many = len(ids) > BULK_ACTION_LIMIT
    if posted and too_many:
        status = 400
    elif posted and ids:
        try:
            done = _bulk_apply(ids=ids, form=form, group_form=group_form, by=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            if done:
                messages.success(request, done)
                return redirect("tracking:bulk_assign")
    shown = Recommendation.objects.in_bulk(ids[:50])
    context = {
        "selection": selection,
        "form": form,
        "group_form": group_form,
        "params": params,
        "search_error": search_error,
        "matches": [shown[pk] for pk in ids[:50] if pk in shown],
        "count": len(ids),
        "too_many": too_many,
        "limit": BULK_ACTION_LIMIT,
        "query": request.GET.urlencode(),
        **selection_context(request),
    }
    return render(request, "tracking/bulk_assign.html", context, status=status)


@login_required
def indicator_create(request):
    """A SMART indicator for a recommendation (?recommendation=) or a national cluster (?cluster=)."""
    _require_coordinator(request)
    target = {}
    if request.GET.get("recommendation"):
        target["recommendation"] = _get_recommendation(request, request.GET["recommendation"])
    elif is_number(request.GET.get("cluster", "")):
        target["cluster"] = get_object_or_404(Theme, pk=request.GET["cluster"], scheme=Theme.Scheme.NATIONAL)
    else:
        raise Http404
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = indicator_services.indicator_create(by=request.user, **target, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            return redirect("tracking:indicator", indicator.pk)
    return render(request, "tracking/indicator_form.html", {"form": form, **target})


@login_required
def indicator_detail(request, pk):
    """An indicator with its values over time, progress towards target and a chart; record a value."""
    indicator = get_object_or_404(
        access.indicators_visible_to(request.user).select_related(
            "recommendation", "cluster", "responsible_institution"
        ),
        pk=pk,
    )
    can_record = access.can_record_indicator_value(request.user, indicator)
    form = IndicatorValueForm(request.POST or None)
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        if form.is_valid():
            try:
                indicator_services.indicator_value_record(
                    indicator=indicator, by=request.user, **form.cleaned_data
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Value recorded."))
                return redirect("tracking:indicator", indicator.pk)
    values = list(
        access.indicator_values_visible_to(request.user).filter(indicator=indicator).order_by("date")
    )
    latest = values[-1].value if values else None
    context = {
        "indicator": indicator,
        "values": values,
        "progress": indicator.progress(latest),
        "chart": _chart(indicator, values),
        "form": form if can_record else None,
        "can_view_history": access.can_view_history(request.user, indicator),
    }
    return render(request, "tracking/indicator_detail.html", context)


def _chart(indicator, values, width=480, height=160, pad=24) -> dict | None:
    """Points of an inline SVG line chart of the values, with baseline and target lines."""
    if not values:
        return None
    numbers = [float(v.value) for v in values]
    for extra in (indicator.baseline_value, indicator.target_value):
        if extra is not None:
            numbers.append(float(extra))
    low, high = min(numbers), max(numbers)
    span = (high - low) or 1.0

    def y(number):
        return round(height - pad - (float(number) - low) / span * (height - 2 * pad), 1)

    step = (width - 2 * pad) / max(len(values) - 1, 1)
    points = [(round(pad + i * step, 1), y(v.value), v) for i, v in enumerate(values)]
    return {
        "width": width,
        "height": height,
        "points": points,
        "polyline": " ".join(f"{x},{yy}" for x, yy, _v in points),
        "baseline": y(indicator.baseline_value) if indicator.baseline_value is not None else None,
        "target": y(indicator.target_value) if indicator.target_value is not None else None,
    }


@login_required
def deadlines(request):
    """Overdue and due-soon reports: the coordinator's across institutions, everyone else's own."""
    context = {
        "overdue": selectors.overdue(request.user),
        "due_soon": selectors.due_soon(request.user),
        "summary": selectors.institution_summary() if access.is_coordinator(request.user) else None,
        "days": selectors.DUE_SOON_DAYS,
    }
    return render(request, "tracking/deadlines.html", context)

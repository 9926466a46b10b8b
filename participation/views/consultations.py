"""Consultations: the coordinator opens one on recommendations picked by search, organisations answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participation import exports, forms, permissions, selectors, services
from participation.models import Consultation
from recommendations import permissions as public
from recommendations.models import Recommendation
from search.selectors import InvalidSearch, SearchParams, recommendation_search_ids
from upr_tracker.errors import ApplicationError
from upr_tracker.numbers import is_number
from upr_tracker.throttling import rate_limited

from .common import coordinator_required, message_page, utf8_only


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
            if name.startswith("input-") and is_number(name[6:]):
                if len(value) > 5000 or "\ufffd" in value:
                    return message_page(
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
            return message_page(request, _("Not saved"), error.message, status=error.status)
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

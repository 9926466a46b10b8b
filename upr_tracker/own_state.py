"""The NMRF's own state (``TRACKER_STATE``): what its dashboards, assignment and plans centre on.

Other states' recommendations stay searchable as reference; a selection that names no state is
narrowed to the own one unless it asks for every state (``all_states=1``).
"""

from django.conf import settings
from django.http import HttpResponseRedirect

STATE_FILTER = "state_under_review"
EVERY_STATE = "all_states"


def own_state():
    """The ``State`` of ``TRACKER_STATE``, or None for a database of every state."""
    from reference.models import State

    return State.objects.filter(iso3=settings.TRACKER_STATE).first() if settings.TRACKER_STATE else None


def narrowed_to_own_state(request) -> HttpResponseRedirect | None:
    """A redirect adding the own state to a search selection (words or filters) that names no state,
    or None: no own state, no search, a state already named, or every state asked for."""
    query = request.GET
    searched = query.get("q", "").strip() or any(
        key not in ("q", "sort", "public_ids", "cluster", "page", "as_typed")
        and any(value.strip() for value in query.getlist(key))
        for key in query
    )
    if request.method != "GET" or not searched or any(query.getlist(STATE_FILTER)) or query.get(EVERY_STATE):
        return None
    state = own_state()
    if state is None:
        return None
    narrowed = query.copy()
    narrowed[STATE_FILTER] = state.iso3
    return HttpResponseRedirect(f"{request.path}?{narrowed.urlencode()}")


def selection_context(request) -> dict:
    """What a page acting on a search shows about the own state: it, whether the selection is narrowed
    to it, and the address of the same selection over every state."""
    state = own_state()
    if state is None:
        return {"own_state": None}
    every = request.GET.copy()
    every.pop(STATE_FILTER, None)
    every[EVERY_STATE] = "1"
    return {
        "own_state": state,
        "narrowed_to_own_state": request.GET.getlist(STATE_FILTER) == [state.iso3],
        "every_state_query": every.urlencode(),
    }

"""A report's scope: which recommendations it covers, checked once when the job is requested.

The scope is stored on the job as plain JSON (ISO codes, mechanism codes, numbers), so that the worker
rebuilds the same selection later and the jobs list can describe it in words.
"""

from collections.abc import Mapping

from django.conf import settings
from django.http import QueryDict
from django.utils.translation import get_language

from institutions.models import Institution
from recommendations.models import Response
from reference.models import Cycle, Mechanism, State, Theme
from tracking.models import ImplementationStatus
from upr_tracker import access
from upr_tracker.errors import ApplicationError
from upr_tracker.numbers import is_number

from .models import Kind

NO_STATUS = "none"
STATUS_CHOICES = [*ImplementationStatus.choices, (NO_STATUS, "No status reported")]
ONE_YEAR_COUNT = 5
SCOPE_KEYS = (
    "state",
    "mechanism",
    "cycle",
    "theme",
    "institution",
    "response",
    "status",
    "recommendations",
    "published_only",
    "search",
    "layout",
    "language",
)


def _text(data: Mapping, key: str) -> str:
    value = data.get(key)
    return "" if value is None else str(value).strip()


def _flag(data: Mapping, key: str, default: bool) -> bool:
    value = data.get(key, default)
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "on", "yes")
    return bool(value)


def _public_ids(data: Mapping) -> list[str]:
    value = data.get("recommendations") or []
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    return list(dict.fromkeys(str(item).strip().upper() for item in value if str(item).strip()))


def _lookup(errors: dict, key: str, value: str, found: bool, what: str) -> None:
    if value and not found:
        errors[key] = f"There is no {what} '{value}'."


def _not_visible(public_ids: list[str], published_only: bool, user) -> list[str]:
    """The ids in ``public_ids`` the report may not show: unknown and unpublished alike, so that the
    answer never tells whether an unpublished recommendation exists."""
    from .selectors import visible_recommendations  # selectors import this module's NO_STATUS

    visible = visible_recommendations({"published_only": published_only}, user)
    known = set(visible.filter(public_id__in=public_ids).values_list("public_id", flat=True))
    return [public_id for public_id in public_ids if public_id not in known]


def _language(data: Mapping, errors: dict) -> str:
    """The report's language: as asked, else the language of the person asking (the active one)."""
    languages = dict(settings.LANGUAGES)
    language = (_text(data, "language") or get_language() or settings.LANGUAGE_CODE).lower()
    if language not in languages and language.split("-")[0] in languages:
        language = language.split("-")[0]
    if language not in languages:
        errors["language"] = f"The language must be one of {', '.join(languages)}."
    return language


def _search(data: Mapping, errors: dict) -> dict:
    """A search download's query string and layout, checked as the search page checks them."""
    from search.exports import LAYOUTS, READABLE
    from search.selectors import InvalidSearch, SearchParams

    layout = _text(data, "layout") or READABLE
    if layout not in LAYOUTS:
        errors["layout"] = f"The layout must be one of {', '.join(LAYOUTS)}."
    try:
        query = SearchParams.from_querydict(QueryDict(_text(data, "search"))).urlencode()
    except InvalidSearch as error:
        errors["search"] = error.message
        query = ""
    return {"search": query, "layout": layout}


def scope_clean(data: Mapping, *, kind: str, user) -> dict:
    """The scope in ``data`` checked and normalised, or an ``ApplicationError`` naming each bad field.

    People who are not coordinators, and every open-data dump, get published data only, whatever they ask.
    """
    errors: dict[str, str] = {}
    scope: dict = {}
    state = _text(data, "state").upper()
    _lookup(errors, "state", state, State.objects.filter(iso3=state).exists(), "state with the ISO code")
    mechanism = _text(data, "mechanism")
    code = Mechanism.objects.filter(code__iexact=mechanism).values_list("code", flat=True).first()
    _lookup(errors, "mechanism", mechanism, code is not None, "mechanism")
    mechanism = code or ""
    for key, model, field, what in (
        ("cycle", Cycle, "number", "UPR cycle"),
        ("theme", Theme, "pk", "theme or cluster"),
        ("institution", Institution, "pk", "institution"),
    ):
        value = _text(data, key)
        if value and not is_number(value):
            errors[key] = f"Give the {what} as a number."
        elif value:
            _lookup(errors, key, value, model.objects.filter(**{field: int(value)}).exists(), what)
            scope[key] = int(value)
    response = _text(data, "response").lower()
    if response and response not in Response.values:
        errors["response"] = f"The response must be one of {', '.join(Response.values)}."
    status = _text(data, "status").lower()
    if status and status not in dict(STATUS_CHOICES):
        errors["status"] = f"The status must be one of {', '.join(dict(STATUS_CHOICES))}."
    public_ids = _public_ids(data)
    published_only = _flag(data, "published_only", True)
    if kind == Kind.OPEN_DATA or not access.is_coordinator(user):
        published_only = True
    if kind == Kind.ONE_YEAR:
        if not 1 <= len(public_ids) <= ONE_YEAR_COUNT:
            errors["recommendations"] = f"Pick one to {ONE_YEAR_COUNT} recommendations (their identifiers)."
        elif unknown := _not_visible(public_ids, published_only, user):
            errors["recommendations"] = f"Unknown recommendation(s): {', '.join(unknown)}."
    if kind == Kind.SEARCH:
        scope.update(_search(data, errors))
    scope["language"] = _language(data, errors)
    if errors:
        raise ApplicationError("Please correct the report's scope.", extra={"fields": errors})
    scope.update(state=state, mechanism=mechanism, response=response, status=status)
    if kind == Kind.ONE_YEAR:
        scope["recommendations"] = public_ids
    scope["published_only"] = published_only
    return {key: scope[key] for key in SCOPE_KEYS if scope.get(key) not in ("", None, [])} | {
        "published_only": published_only
    }

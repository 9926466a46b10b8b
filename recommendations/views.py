"""Public portal pages about recommendations: thin views over ``selectors``, which decide what is visible."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language

from participation.selectors import feed_items
from plans.selectors import actions_for_recommendation
from reference.models import State, Theme
from search.exports import TEMPLATE, XLSX_INLINE_MAX_ROWS, XLSX_MAX_ROWS
from search.selectors import InvalidSearch, SearchParams, recommendation_search
from upr_tracker.numbers import number

from . import search_page, selectors

SEARCH_PAGE_SIZE = 20
LATEST_ON_THEME_PAGE = 10


def home(request):
    """The dashboard of every state; with ``TRACKER_STATE`` set (one state's NMRF), that state's page."""
    own = settings.TRACKER_STATE and State.objects.filter(iso3=settings.TRACKER_STATE).first()
    if own:
        context = {"state": own, "tracker_home": True, **selectors.state_summary(own, request.user)}
        return render(request, "recommendations/state_detail.html", context)
    return render(request, "recommendations/home.html", selectors.dashboard(request.user))


def detail(request, public_id):
    recommendation = get_object_or_404(
        selectors.recommendation_page_queryset(request.user), public_id=public_id
    )
    updates = recommendation.published_updates
    context = {
        "recommendation": recommendation,
        "translation": selectors.text_in_language(recommendation, get_language()),
        "current_update": updates[0] if updates else None,
        "linked": selectors.linked_recommendations(recommendation),
        "same_themes": selectors.same_themes_elsewhere(recommendation, request.user),
        "plan_actions": actions_for_recommendation(request.user, recommendation),
    }
    return render(request, "recommendations/detail.html", context)


def state_index(request):
    states = selectors.states_with_recommendations(request.user)
    return render(request, "recommendations/state_index.html", {"states": states})


def state_detail(request, iso3):
    state = get_object_or_404(State, iso3=iso3.upper())
    context = {"state": state, **selectors.state_summary(state, request.user)}
    return render(request, "recommendations/state_detail.html", context)


def theme_detail(request, pk):
    """A theme's page: what was recommended on it, its place in the tree, and following it.

    The latest publications are what a follower of the theme is sent (``feed_items``).
    """
    theme = get_object_or_404(Theme, pk=pk)
    context = {
        "theme": theme,
        **selectors.theme_summary(theme, request.user),
        "latest": feed_items("theme", theme, request.user, limit=LATEST_ON_THEME_PAGE),
    }
    return render(request, "recommendations/theme_detail.html", context)


def search(request):
    """The search page; an htmx request (a facet ticked, words typed) gets only the part that changes.

    Every state of the page is its query string, so the address can be shared or bookmarked. A page
    beyond the last one redirects to the last one (an old bookmark, a result set that shrank).
    """
    path = request.path
    try:
        params = SearchParams.from_querydict(request.GET)
        result = recommendation_search(
            params=params, page=_page_number(request), page_size=SEARCH_PAGE_SIZE, user=request.user
        )
    except InvalidSearch as error:
        return render(request, "recommendations/search_invalid.html", {"error": error}, status=400)
    if result.page > result.pages:
        last = request.GET.copy()
        last.pop("page")
        if result.pages > 1:
            last["page"] = str(result.pages)
        return redirect(f"{path}?{last.urlencode()}" if last else path)
    query = params.urlencode()
    way_out = search_page.last_filter(request.GET, result, path) if not result.total else None
    if way_out is not None:
        without = params.toggled(way_out.name, way_out.value)
        way_out.count = recommendation_search(params=without, page_size=1, with_facets=False).total
    context = {
        "params": params,
        "result": result,
        "facets": search_page.facet_boxes(result),
        "selected": search_page.chips(result, path),
        "single_theme": search_page.single_theme(result),
        "way_out": way_out,
        "as_typed_url": f"{path}?{params.with_as_typed().urlencode()}" if result.corrected_from else None,
        "sort_options": search_page.SORT_CHOICES,
        **_export_links(query, result.total),
    }
    partial = request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request")
    template = "recommendations/includes/search_region.html" if partial else "recommendations/search.html"
    return render(request, template, context)


def _page_number(request) -> int:
    return max(1, number(request.GET.get("page", "1"), default=1))


def _export_url(fmt: str, query: str, layout: str = "") -> str:
    url = reverse("api:recommendation-export", kwargs={"file_format": fmt})
    query = "&".join(part for part in (query, f"layout={layout}" if layout else "") if part)
    return f"{url}?{query}" if query else url


def _export_links(query: str, total: int) -> dict:
    """The search's downloads: readable CSV and XLSX, and the import template. A workbook too large
    to build in the request links to the reports page, where it is requested as a job."""
    links = {
        "export_csv": _export_url("csv", query),
        "export_template_csv": _export_url("csv", query, TEMPLATE),
        "xlsx_max_rows": XLSX_MAX_ROWS,
    }
    if total > XLSX_MAX_ROWS:
        return links
    if total <= XLSX_INLINE_MAX_ROWS:
        links["export_xlsx"] = _export_url("xlsx", query)
        links["export_template_xlsx"] = _export_url("xlsx", query, TEMPLATE)
    else:
        job = {"kind": "search", "format": "xlsx", "search": query}
        links["export_xlsx_job"] = f"{reverse('reports:index')}?{urlencode(job)}"
        links["export_template_xlsx_job"] = (
            f"{reverse('reports:index')}?{urlencode({**job, 'layout': TEMPLATE})}"
        )
    return links

"""Searching the published recommendations: the one selector the API, the portal and the exports share.

    params = SearchParams.from_querydict(request.GET)     # InvalidSearch on a malformed parameter
    result = recommendation_search(params=params, page=2, page_size=20, user=request.user)
    result.total, result.results, result.facets, result.suggestion, result.sort, result.pages

Filter parameters (repeat one to give several values: OR within a facet, AND across facets):
``q``, ``state_under_review`` and ``recommending_state`` (ISO alpha-3), ``regional_group`` and
``recommending_regional_group`` (``african``, ``asia_pacific``, ``eastern_european``, ``grulac``, ``weog``,
``none``), ``mechanism`` (code, e.g. ``UPR``, ``CEDAW``), ``cycle``, ``session``, ``year``, ``response``
(``supported``, ``noted``, ``pending``, ``none``), ``action_category`` (1–5, ``none``), ``theme`` (id; a
theme includes its sub-themes), ``affected_group`` (code), ``sdg_goal`` (number), ``sdg_target`` (code,
e.g. ``5.3``), ``institution`` (id, lead or supporting), ``status`` (``not_started``, ``in_progress``,
``partially``, ``fully``, ``none``). ``sort``: ``relevance`` (the default with ``q``), ``newest`` (the
default without), ``oldest``, ``session``.

Facet counts are disjunctive: each facet's counts apply every other facet's selection but not its own,
so that they say how many results choosing one more value of it would add.

Cost: a constant number of queries whatever the page size — the index version, the vocabularies, two
for free text plus one per quoted phrase, then the page's recommendations and three prefetches.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

import numpy as np
from django.db.models import Prefetch
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from institutions.models import Assignment
from participation.permissions import published_assessments
from recommendations.models import Recommendation
from recommendations.permissions import visible_recommendations
from upr_tracker.errors import ApplicationError

from .facets import FACETS, FACETS_BY_NAME, STATUS_CODES, Facet, Vocabulary
from .index import FacetIndex, current_index
from .text import MAX_QUERY_LENGTH, TextMatch, highlight_query, match_text

SORTS = ("relevance", "newest", "oldest", "session")
MAX_PAGE_SIZE = 100
MAX_VALUES_PER_FACET = 50
STATUS_BY_CODE = {code: value for value, code in STATUS_CODES.items()}
HIGHLIGHT_START, HIGHLIGHT_STOP = "\u2045", "\u2046"  # ⁅ ⁆: marks ts_headline puts around matches
HEADLINE_SQL = (
    "ts_headline('english', recommendations_recommendation.text, %s::tsquery, "
    f"'HighlightAll=true, StartSel={HIGHLIGHT_START}, StopSel={HIGHLIGHT_STOP}')"
)


class InvalidSearch(ApplicationError):
    """A parameter the search cannot use; ``fields`` says which and why, in words for people."""

    def __init__(self, fields: dict[str, list[str]]):
        message = "; ".join(f"{name}: {' '.join(problems)}" for name, problems in fields.items())
        super().__init__(message, code="invalid", status=400, extra={"fields": fields})


@dataclass(frozen=True)
class SearchParams:
    """What a visitor asked for, as given (validated against the vocabularies when the search runs)."""

    q: str = ""
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    sort: str = ""
    as_typed: bool = False  # search the words as typed even when nothing matches and a correction would

    @classmethod
    def from_querydict(cls, data) -> "SearchParams":
        """Read ``q``, ``sort`` and the facet parameters from a ``QueryDict`` (or a dict of lists).

        Other parameters (``page``, ``page_size``, ``format``…) are left to the caller. Empty values are
        ignored, as an empty ``<select>`` sends them.
        """
        getlist = data.getlist if hasattr(data, "getlist") else lambda key: list(data.get(key, []))
        problems: dict[str, list[str]] = {}
        q = " ".join(" ".join(getlist("q")).split())
        if len(q) > MAX_QUERY_LENGTH:
            problems["q"] = [_("At most %(count)s characters.") % {"count": MAX_QUERY_LENGTH}]
        sort = (getlist("sort") or [""])[-1].strip()
        if sort and sort not in SORTS:
            problems["sort"] = [_("Choose one of: %(choices)s.") % {"choices": ", ".join(SORTS)}]
        filters = []
        for facet in FACETS:
            values = tuple(dict.fromkeys(v.strip() for v in getlist(facet.name) if v.strip()))
            if len(values) > MAX_VALUES_PER_FACET:
                problems[facet.name] = [_("At most %(count)s values.") % {"count": MAX_VALUES_PER_FACET}]
            elif values:
                filters.append((facet.name, values))
        if problems:
            raise InvalidSearch(problems)
        as_typed = (getlist("as_typed") or [""])[-1].strip() in ("1", "true", "yes")
        return cls(q=q, filters=tuple(filters), sort=sort, as_typed=as_typed)

    def values(self, facet_name: str) -> tuple[str, ...]:
        return dict(self.filters).get(facet_name, ())

    @property
    def effective_sort(self) -> str:
        if self.sort and (self.sort != "relevance" or self.q):
            return self.sort
        return "relevance" if self.q else "newest"

    def with_values(self, facet_name: str, values) -> "SearchParams":
        """The same search with ``facet_name`` set to ``values`` (none removes it): for facet links."""
        filters = dict(self.filters)
        filters[facet_name] = tuple(values)
        kept = tuple((facet.name, filters[facet.name]) for facet in FACETS if filters.get(facet.name))
        return SearchParams(q=self.q, filters=kept, sort=self.sort, as_typed=self.as_typed)

    def with_as_typed(self) -> "SearchParams":
        """The same search, its words searched as typed (no correction)."""
        return SearchParams(q=self.q, filters=self.filters, sort=self.sort, as_typed=True)

    def toggled(self, facet_name: str, value: str) -> "SearchParams":
        """The same search with ``value`` of ``facet_name`` selected if it was not, unselected if it was."""
        values = self.values(facet_name)
        return self.with_values(
            facet_name, [v for v in values if v != value] if value in values else [*values, value]
        )

    def urlencode(self) -> str:
        """The query string of this search (without page), for links."""
        pairs = [("q", self.q)] if self.q else []
        pairs += [(name, value) for name, values in self.filters for value in values]
        if self.sort:
            pairs.append(("sort", self.sort))
        if self.as_typed:
            pairs.append(("as_typed", "1"))
        return urlencode(pairs)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    parent: str | None = None  # the parent theme's value, to draw the theme tree


@dataclass
class SearchResult:
    """One page of results. ``results`` are ``Recommendation`` objects with ``review`` (state, mechanism,
    session and cycle), ``recommending_states``, ``themes`` and ``assignments`` (institution) loaded, plus
    ``current_status`` (an ``ImplementationStatus`` value or None) and ``highlight`` (the text as safe
    HTML with ``<mark>`` around the query's words, or None without ``q``).
    """

    params: SearchParams
    sort: str
    page: int
    page_size: int
    total: int
    results: list[Recommendation]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestion: str | None = None
    # When the query as typed matched nothing and its correction did: the query as typed, and what was
    # searched instead ("Showing results for torture; search instead for tortrue").
    corrected_from: str | None = None
    searched: str = ""

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


@dataclass
class _Query:
    """A search resolved against the index: what filters, what matches, in what order."""

    index: FacetIndex
    vocabulary: Vocabulary
    selected: dict[str, np.ndarray]
    text: TextMatch | None
    facet_masks: dict[str, np.ndarray]
    matched: np.ndarray | None  # None: every row

    @property
    def total(self) -> int:
        return self.index.size if self.matched is None else int(np.count_nonzero(self.matched))


def _codes(params: SearchParams, vocabulary: Vocabulary) -> dict[str, np.ndarray]:
    selected, problems = {}, {}
    for name, values in params.filters:
        known = vocabulary[name]
        codes = [known.code(value) for value in values]
        unknown = [value for value, code in zip(values, codes, strict=True) if code is None]
        if unknown:
            problems[name] = [_("Unknown value: %(values)s.") % {"values": ", ".join(unknown)}]
        else:
            selected[name] = np.array(codes, dtype=np.int32)
    if problems:
        raise InvalidSearch(problems)
    return selected


def _facet_mask(index: FacetIndex, facet: Facet, codes: np.ndarray) -> np.ndarray:
    if facet.multi:
        return index.multi[facet.column].rows_with_any(codes, index.size)
    column = index.columns[facet.column]
    return column == codes[0] if len(codes) == 1 else np.isin(column, codes)


def _intersect(masks) -> np.ndarray | None:
    result = None
    for mask in masks:
        if mask is not None:
            result = mask.copy() if result is None else np.logical_and(result, mask, out=result)
    return result


def _resolve(params: SearchParams) -> _Query:
    index = current_index()
    vocabulary = Vocabulary.load()
    selected = _codes(params, vocabulary)
    text = match_text(params.q, index, correct=not params.as_typed) if params.q else None
    facet_masks = {name: _facet_mask(index, FACETS_BY_NAME[name], codes) for name, codes in selected.items()}
    matched = _intersect([text.mask if text else None, *facet_masks.values()])
    return _Query(index, vocabulary, selected, text, facet_masks, matched)


def _ordered(query: _Query, sort: str, stop: int) -> np.ndarray:
    """Row positions of the first ``stop`` results in ``sort`` order."""
    index, matched = query.index, query.matched
    if sort == "relevance" and query.text is not None and query.text.mask is not None:
        positions = np.flatnonzero(matched) if matched is not None else np.arange(index.size)
        primary = -query.text.scores[positions]
        secondary = index.order("newest")[1][positions]
        if len(positions) > stop:
            # Only rows scoring at least as well as the stop-th can be on the page.
            keep = primary <= np.partition(primary, stop - 1)[stop - 1]
            positions, primary, secondary = positions[keep], primary[keep], secondary[keep]
        return positions[np.lexsort((secondary, primary))][:stop]
    sort = "newest" if sort == "relevance" else sort
    order, rank = index.order(sort)
    if matched is None:
        return order[:stop]
    if query.total * 16 > index.size:
        return order[matched[order]][:stop]
    positions = np.flatnonzero(matched)
    ranks = rank[positions]
    if len(positions) > stop:
        keep = np.argpartition(ranks, stop - 1)[:stop]
        positions, ranks = positions[keep], ranks[keep]
    return positions[np.argsort(ranks)]


def _counts_under(index: FacetIndex, facets, mask: np.ndarray | None) -> dict[str, np.ndarray]:
    """Counts per code of each of ``facets`` over the rows of ``mask`` (None: every row).

    Over more than half of the rows, the rows left out are counted and taken from the index's counts
    over every row. Few rows are counted from their positions; many, by value over the whole mask.
    """
    if mask is None:
        return {facet.name: index.rollup[facet.name] for facet in facets}
    complement = np.count_nonzero(mask) * 2 > index.size
    rows = ~mask if complement else mask
    positions = np.flatnonzero(rows)
    few = len(positions) * 20 < index.size
    counts = {}
    for facet in facets:
        if facet.multi:
            multi = index.multi[facet.column]
            part = multi.count_positions(positions) if few else multi.count_mask(rows)
        else:
            part = np.bincount(index.columns[facet.column][positions], minlength=1)
        if complement:
            whole = index.rollup[facet.name].copy()
            whole[: len(part)] -= part
            part = whole
        counts[facet.name] = part
    return counts


def _facet_counts(query: _Query) -> dict[str, np.ndarray]:
    """Each facet's counts under every selection but its own (disjunctive faceting)."""
    base = query.text.mask if query.text else None
    unselected = [facet for facet in FACETS if facet.name not in query.selected]
    counts = _counts_under(query.index, unselected, query.matched)
    for name in query.selected:
        others = [mask for other, mask in query.facet_masks.items() if other != name]
        counts.update(_counts_under(query.index, [FACETS_BY_NAME[name]], _intersect([base, *others])))
    return {facet.name: counts[facet.name] for facet in FACETS}


def _facets(query: _Query) -> dict[str, list[FacetValue]]:
    facets = {}
    for facet, (name, counts) in zip(FACETS, _facet_counts(query).items(), strict=True):
        known = query.vocabulary[name]
        selected = set(query.selected.get(name, np.zeros(0, dtype=np.int32)).tolist())
        codes = set(np.flatnonzero(counts).tolist()) | selected
        items = []
        for code in codes:
            value, label = known.describe(code)
            parent = known.parent.get(code)
            parent_value = known.describe(parent)[0] if parent is not None else None
            count = int(counts[code]) if code < len(counts) else 0
            items.append((code, FacetValue(value, label, count, code in selected, parent_value)))
        if facet.natural_order:
            items.sort(key=lambda item: known.order.get(item[0], (item[0],)))
        else:
            items.sort(key=lambda item: (-item[1].count, item[1].label))
        facets[name] = [item for _code, item in items]
    return facets


def _highlighted(headline: str) -> SafeString:
    """ts_headline's text, escaped, with its marks turned into ``<mark>``."""
    html = escape(headline).replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own tags are added


def result_queryset(user):
    """Visible recommendations with what a result card shows, the government's status and civil
    society's side by side. Five queries for a page of any size."""
    return (
        visible_recommendations(user)
        .select_related("review__state", "review__mechanism", "review__session__cycle")
        .prefetch_related(
            "recommending_states",
            "themes",
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("institution").order_by(
                    "role", "institution__name"
                ),
            ),
            Prefetch(
                "assessments",
                queryset=published_assessments(user)
                .select_related("organisation")
                .order_by("organisation__name"),
                to_attr="civil_society",
            ),
        )
    )


def _page(query: _Query, positions: np.ndarray, user) -> list[Recommendation]:
    ids = query.index.ids[positions].tolist()
    if not ids:
        return []
    recommendations = result_queryset(user).filter(pk__in=ids)
    lexemes = query.text.highlight_lexemes if query.text else []
    if lexemes:
        recommendations = recommendations.annotate(headline=RawSQL(HEADLINE_SQL, [highlight_query(lexemes)]))
    by_id = {recommendation.pk: recommendation for recommendation in recommendations}
    statuses = query.index.columns["status"][positions].tolist()
    page = []
    for pk, status in zip(ids, statuses, strict=True):
        recommendation = by_id.get(pk)
        if recommendation is None:  # unpublished since the index was loaded
            continue
        recommendation.current_status = STATUS_BY_CODE.get(status)
        headline = getattr(recommendation, "headline", None)
        recommendation.highlight = _highlighted(headline) if headline is not None else None
        page.append(recommendation)
    return page


def recommendation_search(
    *, params: SearchParams, page: int = 1, page_size: int = 20, user=None, with_facets: bool = True
) -> SearchResult:
    """One page of the published recommendations matching ``params``, with facet counts.

    Raises ``InvalidSearch`` for a value no vocabulary knows (an unknown ISO code, a theme id that does
    not exist). A page past the last one is empty. Reads only the search index, which holds published
    recommendations and published statuses only.
    """
    page, page_size = max(1, int(page)), min(max(1, int(page_size)), MAX_PAGE_SIZE)
    query = _resolve(params)
    sort = params.effective_sort
    offset = (page - 1) * page_size
    total = query.total
    positions = (
        _ordered(query, sort, offset + page_size)[offset:] if offset < total else np.zeros(0, np.int64)
    )
    return SearchResult(
        params=params,
        sort=sort,
        page=page,
        page_size=page_size,
        total=total,
        results=_page(query, positions, user),
        facets=_facets(query) if with_facets else {},
        suggestion=query.text.suggestion if query.text else None,
        corrected_from=query.text.corrected_from if query.text else None,
        searched=query.text.query if query.text else "",
    )


def recommendation_search_ids(*, params: SearchParams) -> list[int]:
    """Ids of every recommendation matching ``params``, in the search's order (for downloads)."""
    query = _resolve(params)
    return query.index.ids[_ordered(query, params.effective_sort, query.total)].tolist()

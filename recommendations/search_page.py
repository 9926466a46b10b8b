"""What the search page shows, shaped from ``search.selectors``' result: facets as checkbox lists (the
theme facet as a tree), the selected filters as removable chips, sort choices and pagination.

No query here: the search selector has read everything.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from search.facets import FACETS
from search.selectors import FacetValue, SearchParams, SearchResult

SORT_CHOICES = [
    ("relevance", _("Relevance")),
    ("newest", _("Newest first")),
    ("oldest", _("Oldest first")),
    ("session", _("Session and paragraph")),
]
# Facets unfolded on arrival; any facet with a selection is unfolded too.
OPEN_FACETS = {"state_under_review", "mechanism", "response", "theme", "status"}
# Values a facet lists before "Show all"; selected values are always listed.
TOP_VALUES = 8


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool
    depth: int = 0


@dataclass
class FacetBox:
    name: str
    label: str
    options: list[Option]
    open: bool

    @property
    def selected_count(self) -> int:
        return sum(option.selected for option in self.options)

    @property
    def top(self) -> list[Option]:
        """The first values, and every selected one."""
        return [option for n, option in enumerate(self.options) if n < TOP_VALUES or option.selected]

    @property
    def rest(self) -> list[Option]:
        """What "Show all" unfolds."""
        return [option for n, option in enumerate(self.options) if n >= TOP_VALUES and not option.selected]


@dataclass
class Chip:
    facet: str
    label: str
    remove_url: str
    name: str = ""
    value: str = ""
    count: int | None = None  # results without this filter, where the page says so


def _as_tree(values: list[FacetValue]) -> list[Option]:
    """Children right after their parent, indented; a child whose parent has no count stands at the top."""
    present = {value.value for value in values}
    children: dict[str | None, list[FacetValue]] = {}
    for value in values:
        children.setdefault(value.parent if value.parent in present else None, []).append(value)
    options = []

    def walk(parent, depth):
        for value in children.get(parent, []):
            options.append(Option(value.value, value.label, value.count, value.selected, depth))
            walk(value.value, depth + 1)

    walk(None, 0)
    return options


def facet_boxes(result: SearchResult) -> list[FacetBox]:
    boxes = []
    for facet in FACETS:
        values = result.facets.get(facet.name, [])
        if facet.name == "theme":
            options = _as_tree(values)
        else:
            options = [Option(v.value, v.label, v.count, v.selected) for v in values]
        if options:
            is_open = facet.name in OPEN_FACETS or any(option.selected for option in options)
            boxes.append(FacetBox(facet.name, str(facet.label), options, is_open))
    return boxes


def chips(result: SearchResult, path: str) -> list[Chip]:
    """One per selected value, each linking to the same search without it."""
    params: SearchParams = result.params
    labels = {facet.name: str(facet.label) for facet in FACETS}
    found = []
    for name, values in params.filters:
        by_value = {value.value: value.label for value in result.facets.get(name, [])}
        for value in values:
            query = params.toggled(name, value).urlencode()
            url = f"{path}?{query}" if query else path
            found.append(Chip(labels[name], by_value.get(value, value), url, name, value))
    return found


def single_theme(result: SearchResult) -> FacetValue | None:
    """The theme when the search is narrowed to exactly one, so that the page can link to its own page."""
    selected = result.params.values("theme")
    if len(selected) != 1:
        return None
    return next((value for value in result.facets.get("theme", []) if value.value == selected[0]), None)


def last_filter(querydict, result: SearchResult, path: str) -> Chip | None:
    """The filter given last in the query string (the one ticked last), as a chip that removes it.

    For an empty result: "remove the last filter" is the way out a person expects.
    """
    names = {facet.name for facet in FACETS}
    given = [
        (name, value) for name, values in querydict.lists() if name in names for value in values if value
    ]
    if not given:
        return None
    name, value = given[-1]
    return next((chip for chip in chips(result, path) if chip.name == name and chip.value == value), None)

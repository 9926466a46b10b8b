"""What a report says, apart from its format: headings, paragraphs, tables and charts, in order.

The kinds (``reports.kinds``) build a ``Document``; the writers (``reports.writers``) turn it into
XLSX, DOCX, PDF, CSV or JSON. Table rows are an iterator the writers consume once, so a report of a
million rows never sits in memory.
"""

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from recommendations.selectors import NO_STATUS, STATUS_LABELS

# Traffic light: red for no implementation, orange for some progress, green for implemented.
RED, ORANGE, GREEN, GREY = "F4C7C3", "FCE8B2", "B7E1CD", "E8EAED"
STATUS_COLOURS = {
    "not_started": RED,
    "in_progress": ORANGE,
    "partially": ORANGE,
    "fully": GREEN,
    NO_STATUS: GREY,
}
# The same lights, strong enough for a chart's bars and its legend to be told apart in print.
CHART_COLOURS = {
    "not_started": "D93025",
    "in_progress": "F29900",
    "partially": "FBD75B",
    "fully": "1E8E3E",
    NO_STATUS: "BDC1C6",
}
HEADER_FILL = "D9E2F3"
# Characters XML 1.0 (and so XLSX and DOCX) cannot hold.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(value) -> str:
    """A cell's value as text any format can hold."""
    if value is None:
        return ""
    return _ILLEGAL.sub("", str(value))


def status_label(key: str | None) -> str:
    return str(STATUS_LABELS.get(key or NO_STATUS, key))


def _words_kept_whole(column) -> list[tuple[str, bool]]:
    """(word, bold) the column must show unbroken: its heading's words, and status labels' words."""
    words = [(word, True) for word in column.title.split()]
    words += [(word, False) for word in column.words]
    if column.whole:  # codes as long as the column's width in characters
        words.append(("E" * column.width, False))  # a capital letter: as wide as most
    if column.traffic_light:
        words += [(word, False) for key in STATUS_COLOURS for word in status_label(key).split()]
    return words


def column_widths(
    columns: Sequence["Column"], available: float, measure: Callable[[str, bool], float], padding: float
) -> list[float]:
    """``available`` shared by ``columns`` in proportion to their widths, every column at least as wide
    as its longest heading or status word (``measure(word, bold)``) plus ``padding``: what it needs is
    taken from the columns with room to spare, so the sum never exceeds ``available``.
    """
    total = sum(column.width for column in columns)
    widths = [available * column.width / total for column in columns]
    needed = [
        max(
            (measure(word, bold) for word, bold in _words_kept_whole(column)),
            default=0,
        )
        + padding
        for column in columns
    ]
    short = [i for i, width in enumerate(widths) if width < needed[i]]
    if not short:
        return widths
    missing = sum(needed[i] - widths[i] for i in short)
    spare = {i: max(widths[i] - needed[i], 0) for i in range(len(widths)) if i not in short}
    room = sum(spare.values())
    taken = min(missing, room)
    for i in short:  # if the page is too narrow for every word, the short columns share what is left
        widths[i] = needed[i] if room >= missing else widths[i] + (needed[i] - widths[i]) * taken / missing
    for i, extra in spare.items():
        widths[i] -= taken * extra / room if room else 0
    return widths


def axis_step(longest: int) -> int:
    """A chart's whole step between ticks, for at most ten ticks up to ``longest``: 1, 2, 5, 10, 20, 50…"""
    step = 1
    while longest / step > 10:
        step = step * 5 // 2 if str(step)[0] == "2" else step * 2
    return step


@dataclass(frozen=True)
class Column:
    title: str
    width: int = 18  # in characters, as spreadsheets count them; documents share the page in proportion
    traffic_light: bool = False  # values are status keys, shown as a coloured label
    whole: bool = (
        False  # values are codes up to ``width`` characters (paragraph numbers, dates): never broken
    )
    words: tuple[str, ...] = ()  # words its values use that must fit unbroken (the response labels)
    colour: str = ""  # a number column drawn as a chart series in this colour


@dataclass
class Table:
    """Rows of values, one per column.

    With ``group_title`` every row starts with its group (a cluster, a response): a column of its own
    in spreadsheets and CSV, a heading and a table of its own in DOCX and PDF. Rows arrive sorted by
    group. A table with coloured columns is also drawn as a stacked bar chart; its rows are a list.
    """

    name: str
    columns: list[Column]
    rows: Iterable[Sequence]
    group_title: str = ""

    @property
    def has_chart(self) -> bool:
        return any(column.colour for column in self.columns)


@dataclass
class Heading:
    text: str
    level: int = 1


@dataclass
class Paragraph:
    text: str
    label: str = ""  # shown in bold before the text, e.g. "Actions taken"


Block = Table | Heading | Paragraph


@dataclass
class Document:
    title: str
    subtitle: str  # the state's name and the date, on every page of a PDF
    blocks: Iterable[Block] = field(default_factory=list)
    # A data file (the open-data dump): sheets start with the header, as importers expect.
    data_file: bool = False

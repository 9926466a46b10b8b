"""What a report says, apart from its format: headings, paragraphs, tables and charts, in order.

The kinds (``reports.kinds``) build a ``Document``; the writers (``reports.writers``) turn it into
XLSX, DOCX, PDF, CSV or JSON. Table rows are an iterator the writers consume once, so a report of a
million rows never sits in memory.
"""

import re
from collections.abc import Iterable, Sequence
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


@dataclass(frozen=True)
class Column:
    title: str
    width: int = 18  # in characters, as spreadsheets count them; documents share the page in proportion
    traffic_light: bool = False  # values are status keys, shown as a coloured label
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

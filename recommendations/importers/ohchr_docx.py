"""OHCHR's Word documents: the "Matrix of recommendations" and "Thematic list of recommendations".

OHCHR publishes one per review, and the layout has drifted across cycles 2 to 4. What stays: one table
whose header names a recommendation column; theme rows merged across the table ("Theme: A12 Acceptance
of international norms") grouping the recommendations under them; recommendation cells that start with
the paragraph number ("28.4 Continue …") and end with the recommending states in parentheses
("… (Uruguay) (Mali);"), several recommendations clustered in one cell, and a "Source of position:"
line. What varies: a separate recommending-state, paragraph, SDG or affected-persons column; themes
coded ("A12 …"), numbered ("12.4. Death penalty") or plain, as lines or "- " bullets, with "Affected
persons:" / "Groups of persons:" and "SDGs:" sections in the same cell; a position split between parts
("Supported/Noted").

This module turns such a document into the records of OHCHR's thematic-list columns (``ohchr.py``),
so that one parser validates both. The state under review, cycle, session and report symbol are read
from where the document says them (page header, title, "Source of position" lines); the caller's
overrides win.
"""

import io
import re
from collections import Counter
from dataclasses import dataclass, field

import docx
from docx.opc.exceptions import PackageNotFoundError

from .tabular import FileUnreadable, Table, check_size, header_key

# Which of OHCHR's columns a header names, by its ``header_key``: the first rule that matches wins.
_COLUMN_RULES = (
    ("recommending_states", ("recommendingstate", "recommendedby", "statesrecommending")),
    ("paragraph", ("paragraph", "para", "recno", "number")),
    ("position", ("position", "response")),
    ("affected_persons", ("affectedperson", "groupsofperson", "personsaffected", "affectedgroup")),
    ("sdgs", ("sdg", "sustainabledevelopment")),
    ("themes", ("theme", "issue", "cluster")),
    ("assessment", ("assessment", "comment", "implementation", "status")),
    ("recommendation", ("recommendation", "text")),
)
_EXACT_PARAGRAPH_HEADERS = {"no", "nr", "n", "", "ref"}
_THEME_ROW = re.compile(
    r"^\s*(?:theme|cluster|thematic area)\s*:\s*(?P<label>.+?)\s*$", re.IGNORECASE | re.DOTALL
)
_PARAGRAPH = re.compile(r"^\s*(?P<number>\d{1,3}(?:\.\d{1,3}){1,2})\.?\s+(?=\S)")
_POSITION_SOURCE = re.compile(r"^\s*source\s+of\s+position\s*:?\s*(?P<source>.*)$", re.IGNORECASE)
_SYMBOL = re.compile(r"A/HRC/\d+/\d+")
_BULLET = re.compile(r"^\s*(?:[-–•·▪]\s*)+")
_SDG_CODED = re.compile(r"^S\d{1,2}\s+SDG\s*(?P<goal>\d{1,2})\b", re.IGNORECASE)
_SDG_NAMED = re.compile(r"^(?:SDG|Goal)\s*(?P<goal>\d{1,2})\b", re.IGNORECASE)
_SECTIONS = {
    "affectedpersons": "affected_persons",
    "affectedgroups": "affected_persons",
    "groupsofpersons": "affected_persons",
    "personsaffected": "affected_persons",
    "sdgs": "sdgs",
    "sdg": "sdgs",
    "sustainabledevelopmentgoals": "sdgs",
    "themes": "themes",
    "fulllistofthemes": "themes",
}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
_CYCLE = re.compile(
    r"\b(?:(\d)\s*(?:st|nd|rd|th)?|(first|second|third|fourth|fifth))\s+cycle\b", re.IGNORECASE
)
_CYCLE_AFTER = re.compile(r"\bcycle\s+(\d)\b", re.IGNORECASE)
_SESSION = re.compile(r"\b(\d{1,2})\s*(?:st|nd|rd|th)\s+session\b|\bsession\s+(\d{1,2})\b", re.IGNORECASE)
_STATE = (
    re.compile(r"\bUPR\s+of\s+(?P<state>[^(\t\n]+?)\s*(?:\(|\t|$|[-–]\s)", re.IGNORECASE | re.MULTILINE),
    re.compile(
        r"\bState\s+under\s+review\s*:\s*(?P<state>[^\t\n(]+?)\s*(?:\(|\t|$)", re.IGNORECASE | re.MULTILINE
    ),
    re.compile(r"\brecommendations\s+(?:to|for)\s+(?P<state>[A-Z][^\t\n(,]+?)\s*(?:\(|\t|,|$)", re.MULTILINE),
)


@dataclass
class DocumentFacts:
    """What the document says about itself, before the caller's overrides."""

    state: str = ""
    cycle: str = ""
    session: str = ""
    symbol: str = ""
    title_lines: list[str] = field(default_factory=list)


def _column_of(header: str) -> str | None:
    key = header_key(header)
    if key in _EXACT_PARAGRAPH_HEADERS and header.strip():
        return "paragraph"
    for column, needles in _COLUMN_RULES:
        if any(needle in key for needle in needles):
            return column
    return None


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r", "\n").split("\n") if line.strip()]


def _header_index(rows: list[list[str]]) -> int | None:
    """The first row that names a recommendation column and at least one other known column."""
    for index, cells in enumerate(rows[:15]):
        columns = [_column_of(cell) for cell in cells]
        if "recommendation" in columns and len({c for c in columns if c}) >= 2:
            return index
    return None


def _theme_heading(cells: list[str]) -> str | None:
    """The label of a theme row: one merged across the table, or one whose first cell says "Theme:"."""
    first = cells[0].strip()
    if not first:
        return None
    match = _THEME_ROW.match(first)
    if match:
        return " ".join(match["label"].split())
    if len(cells) > 1 and all(cell.strip() == first for cell in cells) and not _PARAGRAPH.match(first):
        return " ".join(first.split())
    return None


def _split_tags(text: str, section: str, into: dict[str, list[str]]) -> None:
    """Sort the lines of a themes (or affected persons, or SDG) cell into the three lists.

    "Affected persons:" / "Groups of persons:" / "SDGs:" lines open a section; "- " bullets are
    dropped; "S16 SDG 16 - peace…" lines of a theme list are SDG goals, not themes.
    """
    for line in _lines(text):
        head, colon, rest = line.partition(":")
        named = _SECTIONS.get(header_key(head)) if colon else None
        if named:
            section = named
            items = (
                [item for item in re.split(r"[;,]", rest) if item.strip()]
                if section != "affected_persons"
                else ([rest] if rest.strip() else [])
            )
            for item in items:
                _add_tag(item, section, into)
            continue
        _add_tag(line, section, into)


def _add_tag(item: str, section: str, into: dict[str, list[str]]) -> None:
    item = _BULLET.sub("", item).strip().rstrip(";").strip()
    if not item:
        return
    goal = _SDG_CODED.match(item) or _SDG_NAMED.match(item)
    if goal:
        into["sdgs"].append(goal["goal"])
    elif section == "sdgs":
        into["sdgs"].append(item)
    else:
        into[section].append(item)


def _facts(document, rows: list[list[str]], header: int) -> DocumentFacts:
    """The state, cycle, session and symbol from page headers, title paragraphs and title rows."""
    texts = []
    for section in document.sections:
        for part in (section.header, section.first_page_header):
            try:
                texts += [paragraph.text for paragraph in part.paragraphs]
                texts += [cell.text for table in part.tables for row in table.rows for cell in row.cells]
            except (AttributeError, ValueError):
                continue
    texts += [paragraph.text for paragraph in document.paragraphs[:40]]
    texts += [cells[0] for cells in rows[:header]]
    texts = [text for text in texts if text.strip()]
    facts = DocumentFacts(title_lines=texts)
    blob = "\n".join(texts)
    for pattern in _STATE:
        match = pattern.search(blob)
        if match:
            facts.state = match["state"].strip().removeprefix("the ").strip()
            break
    cycle = _CYCLE.search(blob) or _CYCLE_AFTER.search(blob)
    if cycle:
        groups = [group for group in cycle.groups() if group]
        facts.cycle = str(_ORDINALS.get(groups[0].lower(), groups[0]))
    session = _SESSION.search(blob)
    if session:
        facts.session = next(group for group in session.groups() if group)
    symbols = Counter(_SYMBOL.findall(blob))
    if symbols:
        facts.symbol = symbols.most_common(1)[0][0]
    return facts


def _open(data: bytes):
    check_size(data)
    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as error:
        raise FileUnreadable(f"cannot read the Word document: {error}") from error
    except Exception as error:  # lxml and zipfile raise their own types for a corrupt file
        raise FileUnreadable(f"cannot read the Word document: {error}") from error


def _table_rows(table) -> list[list[str]]:
    """Every row of a Word table as the text of its cells; a merged cell repeats in each grid column
    it spans (python-docx gives the same cell once per column), which is how theme rows are told."""
    return [[cell.text for cell in row.cells] for row in table.rows]


def read_document(
    data: bytes, *, state: str = "", session: str = "", symbol: str = "", cycle: str = ""
) -> tuple[Table, DocumentFacts]:
    """Read an OHCHR Word document into records of the thematic list's columns.

    Rows are numbered as the table shows them, the header being row 1 of its table; a document with
    several tables (one per cluster, or a table continued after a page of text) is read table after
    table, each finding its own header (or using the previous one's when it has none). Raises
    ``FileUnreadable`` when no table has a recommendation column, or when the state or session is
    neither in the document nor given.
    """
    document = _open(data)
    tables = [_table_rows(table) for table in document.tables]
    records, columns, facts, number = [], None, None, 0
    symbols: Counter = Counter()
    for rows in tables:
        header = _header_index(rows)
        if header is not None:
            columns = [_column_of(cell) for cell in rows[header]]
            if facts is None:
                facts = _facts(document, rows, header)
            body = rows[header + 1 :]
            number += header + 1
        elif columns is not None and rows and len(rows[0]) == len(columns):
            body = rows
        else:
            number += len(rows)
            continue
        primary = ""
        for cells in body:
            number += 1
            if [_column_of(cell) for cell in cells] == columns:
                continue  # the header repeated at the top of a page
            heading = _theme_heading(cells)
            if heading is not None:
                primary = heading
                continue
            record = _record(cells, columns, primary, symbols)
            if record is not None:
                records.append((number, record))
    if facts is None:
        raise FileUnreadable(
            "this Word document has no table with a recommendation column; it is not an OHCHR matrix "
            "or thematic list"
        )
    if symbols:  # the report the positions are sourced to names the review better than any title
        facts.symbol = symbols.most_common(1)[0][0]
    given = {"state": state, "session": session, "symbol": symbol, "cycle": cycle}
    for name, value in given.items():
        if value:
            setattr(facts, name, value)
    if not facts.state:
        raise FileUnreadable("the document does not say which state was reviewed; give it (--state ISO3)")
    if not facts.session:
        raise FileUnreadable("the document does not say which UPR session it is from; give it (--session N)")
    for _, record in records:
        record.update(
            state_under_review=facts.state,
            session=facts.session,
            cycle=facts.cycle,
            wg_report_symbol=facts.symbol,
        )
    table = Table(
        ["state_under_review", "cycle", "session", "wg_report_symbol", *_OUTPUT_COLUMNS],
        records,
        "docx",
    )
    return table, facts


_OUTPUT_COLUMNS = (
    "paragraph",
    "recommendation",
    "recommending_states",
    "position",
    "position_source",
    "primary_theme",
    "themes",
    "affected_persons",
    "sdgs",
)


def _record(cells: list[str], columns: list[str | None], primary: str, symbols: Counter) -> dict | None:
    """One recommendation row as thematic-list cells; None for an empty row."""
    values: dict[str, list[str]] = {"recommendation": [], "position": [], "paragraph": [], "states": []}
    tags: dict[str, list[str]] = {"themes": [], "affected_persons": [], "sdgs": []}
    seen_cells = set()
    for column, cell in zip(columns, cells, strict=False):
        if column is None or column == "assessment" or (column, id(cell), cell) in seen_cells:
            continue
        seen_cells.add((column, id(cell), cell))
        if column in tags:
            _split_tags(cell, column, tags)
        elif column == "recommending_states":
            values["states"].append(cell)
        elif column in values and cell.strip() not in values[column]:
            values[column].append(cell)
    text_lines, sources = [], []
    for line in _lines("\n".join(values["recommendation"])) + _lines("\n".join(values["position"])):
        match = _POSITION_SOURCE.match(line)
        if match:
            sources.append(match["source"].strip())
    for line in _lines("\n".join(values["recommendation"])):
        if not _POSITION_SOURCE.match(line):
            text_lines.append(line)
    position = " ".join(
        line for line in _lines("\n".join(values["position"])) if not _POSITION_SOURCE.match(line)
    )
    text = " ".join(text_lines)
    paragraph = " ".join(_lines("\n".join(values["paragraph"]))).rstrip(".")
    found = _PARAGRAPH.match(text)
    if found:
        paragraph = paragraph or found["number"]
        text = text[found.end() :]
    if not text and not paragraph:
        return None
    for source in sources:
        symbols.update(_SYMBOL.findall(source))  # "A/HRC/40/6/Add.1" gives the report, A/HRC/40/6
    states = "|".join(
        name.strip()
        for cell in values["states"]
        for name in re.split(r"[\n;]|,(?![^()]*\))", cell)
        if name.strip()
    )
    return {
        "paragraph": paragraph,
        "recommendation": text,
        "recommending_states": states,
        "position": position,
        "position_source": "; ".join(sources),
        "primary_theme": primary,
        "themes": "|".join(dict.fromkeys(tags["themes"])),
        "affected_persons": "|".join(dict.fromkeys(tags["affected_persons"])),
        "sdgs": "|".join(dict.fromkeys(tags["sdgs"])),
    }

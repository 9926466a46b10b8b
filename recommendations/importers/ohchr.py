"""OHCHR thematic lists of UPR recommendations, one row per recommendation (paragraph).

Columns ``state_under_review, cycle, session, year, wg_report_symbol, paragraph, recommendation,
recommending_states, position, position_source, primary_theme, themes, affected_persons, sdgs``; lists
inside a cell are separated by "|" (recommending states also by ","). The text ends with the
recommending states as the report prints them, "… Cultural Rights (Spain, Tunisia, Portugal);", which
the tracker stores separately: the suffix is cut when it names known states.
"""

from ..models import Recommendation
from .rows import ImportRow, ReviewData, natural_key, split_list
from .vocabulary import UHRI_CODED, Vocabulary

REQUIRED_COLUMNS = (
    "state_under_review",
    "session",
    "wg_report_symbol",
    "paragraph",
    "recommendation",
    "recommending_states",
    "position",
)
LEGACY_EXPORT = True


def _theme_labels(cells: dict[str, str]) -> list[str]:
    return split_list(f"{cells.get('primary_theme', '')}|{cells.get('themes', '')}", "|")


def prepare(records: list[dict[str, str]], vocabulary: Vocabulary) -> None:
    """Register the file's coded UHRI themes before any row is read, so that an uncoded label met
    earlier in the file ("Acceptance of international norms") finds "A12 Acceptance of international
    norms" instead of becoming a theme of its own."""
    for cells in records:
        for label in _theme_labels(cells):
            if UHRI_CODED.match(label):
                vocabulary.uhri_theme(label)


def split_states_suffix(text: str) -> tuple[str, list[str]] | None:
    """``text`` without its final parenthesis and the names inside it, or None when it has none.

    The parenthesis may itself hold parentheses ("Venezuela (Bolivarian Republic of)"), so it is found
    by counting back from the end. A final "." is kept, a final ";" (the report's list) is not.
    """
    body = text.rstrip().removesuffix(";").rstrip()
    full_stop = body.endswith(".")
    body = body.removesuffix(".").rstrip()
    if not body.endswith(")"):
        return None
    depth = 0
    for index in range(len(body) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(body[index], 0)
        if depth == 0:
            names = split_list(body[index + 1 : -1], "|,")
            return body[:index].rstrip() + ("." if full_stop else ""), names
    return None


def _recommending_states(cells, text, vocabulary, problems):
    """The states named in the column (they win), or in the text's suffix; and the text to store."""
    states = [
        vocabulary.state(name, "recommending state", problems)
        for name in split_list(cells["recommending_states"], "|,")
    ]
    suffix = split_states_suffix(text)
    if suffix is not None:
        quiet = []
        in_text = [vocabulary.state(name, "recommending state", quiet) for name in suffix[1]]
        if in_text and not quiet:
            text = suffix[0]
            states = states or in_text
    return states, text.rstrip().removesuffix(";").rstrip()


def parse_row(
    cells: dict[str, str], vocabulary: Vocabulary, problems: list[str], **location
) -> ImportRow | None:
    """The key is (state under review, report symbol, paragraph): the report numbers each recommendation."""
    state = vocabulary.state(cells["state_under_review"], "state under review", problems)
    session = vocabulary.session(cells["session"], problems)
    if session and cells.get("cycle") and cells["cycle"] != str(session.cycle.number):
        problems.append(
            f"session {session.number} belongs to cycle {session.cycle.number}, not {cells['cycle']}"
        )
    symbol, paragraph = cells["wg_report_symbol"], cells["paragraph"]
    if not symbol:
        problems.append("wg_report_symbol is missing")
    if not paragraph:
        problems.append("paragraph is missing")
    if not cells["recommendation"]:
        problems.append("text is empty")
    states, text = _recommending_states(cells, cells["recommendation"], vocabulary, problems)
    response = vocabulary.response(cells["position"], problems)
    themes = {vocabulary.uhri_theme(label) for label in _theme_labels(cells)}
    groups = {
        vocabulary.affected_group(name, problems)
        for name in split_list(cells.get("affected_persons", ""), "|")
    }
    goals = {vocabulary.sdg_goal(goal, problems) for goal in split_list(cells.get("sdgs", ""), "|")}
    upr = vocabulary.mechanism("UPR", problems)
    if problems:
        return None
    return ImportRow(
        source=Recommendation.Source.OHCHR,
        source_key=natural_key("ohchr", state.iso3, symbol, paragraph),
        review=ReviewData(
            state_id=state.pk,
            mechanism_id=upr.pk,
            session_id=session.pk,
            document_symbol=symbol,
            year=session.year,
        ),
        paragraph=paragraph,
        text=text,
        response=response,
        recommending_states=frozenset(state.pk for state in states),
        themes=frozenset(themes),
        affected_groups=frozenset(groups),
        sdg_goals=frozenset(goals),
        **location,
    )

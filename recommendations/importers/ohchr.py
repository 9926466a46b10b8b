"""OHCHR thematic lists and matrices of UPR recommendations, one row per recommendation (paragraph).

Columns ``state_under_review, cycle, session, year, wg_report_symbol, paragraph, recommendation,
recommending_states, position, position_source, primary_theme, themes, affected_persons, sdgs``; lists
inside a cell are separated by "|" (recommending states also by ","). Word documents are read into the
same columns by ``ohchr_docx``. The text ends with the recommending states as the report prints them,
"… Cultural Rights (Spain, Tunisia, Portugal);" or "… (Uruguay) (Mali);", and a cell may cluster several
recommendations, each with its own states: the tracker stores the states separately, cutting the final
parentheses from the text when they name known states.
"""

import re

from ..models import Recommendation
from .native import state_named_or_coded
from .rows import ImportRow, ReviewData, natural_key, split_list, squash_spaces
from .vocabulary import UHRI_CODED, Vocabulary

REQUIRED_COLUMNS = ("state_under_review", "session", "recommendation", "position")
COLUMNS = (
    "state_under_review",
    "cycle",
    "session",
    "year",
    "wg_report_symbol",
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
LEGACY_EXPORT = True
_SPLIT_POSITION = re.compile(r"\s*(?:/|,|;|\band\b|&)\s*", re.IGNORECASE)


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


def _groups(text: str) -> list[tuple[int, int]]:
    """The spans of the top-level parentheses of ``text``; a name may hold its own ("Venezuela
    (Bolivarian Republic of)"), so they are balanced, not matched by a pattern."""
    spans, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char == "(":
            if depth == 0:
                start = index
            depth += 1
        elif char == ")" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, index + 1))
    return spans


def _names(group: str) -> list[str]:
    """The names inside "(Spain, Tunisia, Portugal)", commas inside nested parentheses kept."""
    return [name for name in (part.strip() for part in re.split(r"[|,](?![^()]*\))", group[1:-1])) if name]


def attributions(text: str, vocabulary: Vocabulary) -> list[tuple[int, int, list]]:
    """The parentheses of ``text`` that say who recommended: followed by nothing, ";", "." or another
    such parenthesis, and naming only known states. ``(start, end, states)`` in order."""
    found = []
    spans = _groups(text)
    for position, (start, end) in enumerate(spans):
        after = text[end:].lstrip()
        next_start = spans[position + 1][0] if position + 1 < len(spans) else None
        followed = (
            not after or after[0] in ";." or (next_start is not None and text[end:next_start].strip() == "")
        )
        if not followed:
            continue
        quiet: list[str] = []
        states = [vocabulary.state(name, "recommending state", quiet) for name in _names(text[start:end])]
        if states and not quiet:
            found.append((start, end, states))
    return found


def split_states_suffix(text: str, vocabulary: Vocabulary) -> tuple[str, list, list[str]]:
    """``(text without its final attributions, every recommending state, the clustered parts)``.

    A final "." is kept, a final ";" (the report's list) is not. The parts are the recommendations a
    cell clusters, each with its own attribution, as a split position needs them.
    """
    body = text.rstrip().removesuffix(";").rstrip()
    full_stop = body.endswith(".")
    body = body.removesuffix(".").rstrip()
    found = attributions(body, vocabulary)
    states = [state for _, _, group in found for state in group]
    parts, start, index = [], 0, 0
    while index < len(found):
        run_start, end = found[index][0], found[index][1]
        while index + 1 < len(found) and not body[end : found[index + 1][0]].strip():
            index += 1
            end = found[index][1]
        rest = body[end:].lstrip()
        if not rest or rest.startswith(";"):
            parts.append(body[start:run_start].strip().lstrip(";").strip())
            start = end
        index += 1
    tail = found and not body[found[-1][1] :].strip()
    if not tail:
        return text.rstrip().removesuffix(";").rstrip(), states, parts
    tail_start = found[-1][0]
    for begin, end, _ in reversed(found[:-1]):
        if body[end:tail_start].strip():
            break
        tail_start = begin
    return body[:tail_start].rstrip() + ("." if full_stop else ""), states, parts


def _responses(position: str, vocabulary: Vocabulary, problems: list[str]) -> list[str]:
    """One response, or several for a split position ("Supported/Noted"), understood through synonyms."""
    quiet: list[str] = []
    whole = vocabulary.response(position, quiet)
    if not quiet:
        return [whole]
    pieces = [piece for piece in _SPLIT_POSITION.split(position) if piece.strip()]
    responses = [vocabulary.response(piece, quiet) for piece in pieces]
    if len(pieces) > 1 and len(quiet) == 1:
        return responses
    vocabulary.response(position, problems)
    return [""]


def parse_row(
    cells: dict[str, str], vocabulary: Vocabulary, problems: list[str], **location
) -> ImportRow | None:
    """The key is (state under review, report symbol or session, paragraph): the report numbers each
    recommendation. A list without paragraph numbers is keyed by the text instead."""
    state = state_named_or_coded(cells["state_under_review"], "state under review", vocabulary, problems)
    session = vocabulary.session(cells["session"], problems)
    cycle = cells.get("cycle", "")
    if session and cycle and cycle != str(session.cycle.number):
        problems.append(f"session {session.number} belongs to cycle {session.cycle.number}, not {cycle}")
    symbol, paragraph = cells.get("wg_report_symbol", ""), cells.get("paragraph", "")
    if not cells["recommendation"]:
        problems.append("text is empty")
    named = [
        vocabulary.state(name, "recommending state", problems)
        for name in split_list(
            cells.get("recommending_states", ""), "|" if "|" in cells.get("recommending_states", "") else "|,"
        )
    ]
    text, in_text, parts = split_states_suffix(cells["recommendation"], vocabulary)
    states = named or in_text
    responses = _responses(cells["position"], vocabulary, problems)
    response, split = responses[0], ()
    if len(responses) > 1:
        response = ""
        if len(parts) == len(responses):
            split = tuple(
                (position, part, part_response)
                for position, (part, part_response) in enumerate(zip(parts, responses, strict=True), start=1)
            )
        else:
            vocabulary.warn(
                f"position '{cells['position']}' is split but the text has {len(parts) or 1} part(s); "
                "stored without a response: split it by hand"
            )
    themes = {vocabulary.uhri_theme(label) for label in _theme_labels(cells)}
    groups = {vocabulary.affected_group(name) for name in split_list(cells.get("affected_persons", ""), "|")}
    goals = {vocabulary.sdg_goal(goal, problems) for goal in split_list(cells.get("sdgs", ""), "|")}
    upr = vocabulary.mechanism("UPR", problems)
    if problems:
        return None
    where = symbol or f"session {session.number}"
    return ImportRow(
        source=Recommendation.Source.OHCHR,
        source_key=natural_key("ohchr", state.iso3, where, paragraph or squash_spaces(text)),
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
        parts=split,
        **location,
    )

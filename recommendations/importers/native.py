"""The tracker's own template, as CSV or XLSX: what it exports and imports without losing anything.

One row per recommendation. Lists are ";"-separated: states by ISO code, themes as ``scheme:code``,
affected groups by code, SDG goals by number, targets by code. Parts of a split recommendation are a JSON
list (``[{"position": 1, "text": "…", "response": "supported"}]``), translations a JSON object
(``{"fr": "…"}``). A row is found again by ``public_id``; a row without one (a template filled in by
hand) by its ``source_key``, or else by its content, so that importing it twice does not duplicate it.
"""

import datetime
import json
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet

from upr_tracker.cells import formula_restore

from ..models import Recommendation
from .rows import RELATIONS, ImportRow, ReviewData, natural_key, split_list, squash_spaces
from .vocabulary import Vocabulary

COLUMNS = (
    "public_id",
    "source",
    "source_key",
    "mechanism",
    "state_under_review",
    "session",
    "document_symbol",
    "document_date",
    "year",
    "paragraph",
    "text",
    "language",
    "recommending_states",
    "response",
    "action_category",
    "themes",
    "affected_groups",
    "sdg_goals",
    "sdg_targets",
    "parts",
    "translations",
    "is_published",
)
REQUIRED_COLUMNS = ("mechanism", "state_under_review", "text")
LEGACY_EXPORT = False
YES, NO = "yes", "no"
BOOLEANS = {YES: True, "true": True, "1": True, NO: False, "false": False, "0": False, "": None}
PUBLIC_ID_LENGTH = Recommendation._meta.get_field("public_id").max_length


def state_named_or_coded(value: str, what: str, vocabulary: Vocabulary, problems: list[str]):
    """A state by ISO code, as exported, or by any name, as someone filling the template may write."""
    if len(value) == 3 and value.isalpha():
        return vocabulary.state_by_iso3(value, what, problems)
    return vocabulary.state(value, what, problems)


def _date(value: str, problems: list[str]) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        problems.append(f"document_date '{value}' is not a date (YYYY-MM-DD)")
        return None


def _json(value: str, column: str, expected: type, problems: list[str]):
    if not value:
        return expected()
    try:
        parsed = json.loads(value)
    except ValueError:
        parsed = None
    if not isinstance(parsed, expected):
        problems.append(f"{column} is not a JSON {expected.__name__}")
        return expected()
    return parsed


def _parts(value: str, vocabulary: Vocabulary, problems: list[str]) -> tuple[tuple[int, str, str], ...]:
    parts = []
    for index, part in enumerate(_json(value, "parts", list, problems), start=1):
        if not isinstance(part, dict) or not str(part.get("text", "")).strip() or not part.get("response"):
            problems.append(f"part {index} needs a text and a response")
            continue
        position = part.get("position", index)
        if not isinstance(position, int) or position < 1:
            problems.append(f"part {index} has an invalid position")
            continue
        parts.append(
            (position, str(part["text"]).strip(), vocabulary.response(str(part["response"]), problems))
        )
    if len({position for position, _, _ in parts}) != len(parts):
        problems.append("two parts have the same position")
    return tuple(sorted(parts))


def _translations(value: str, problems: list[str]) -> tuple[tuple[str, str], ...]:
    translations = _json(value, "translations", dict, problems)
    if not all(isinstance(text, str) and text.strip() for text in translations.values()):
        problems.append("every translation needs a text")
        return ()
    return tuple(sorted((language, text.strip()) for language, text in translations.items()))


def _review(cells, state, mechanism, session, problems: list[str]) -> ReviewData | None:
    symbol = cells["document_symbol"]
    date = _date(cells["document_date"], problems)
    year = cells["year"]
    if year and not year.isdigit():
        problems.append(f"year '{year}' is not a number")
    if not (session or symbol):
        problems.append("give a session or a document_symbol")
    year = int(year) if year.isdigit() else (session.year if session else date.year if date else None)
    if year is None:
        problems.append("year is missing (give a session, a document_date or a year)")
    if problems:
        return None
    return ReviewData(
        state_id=state.pk,
        mechanism_id=mechanism.pk,
        session_id=session.pk if session else None,
        document_symbol=symbol,
        year=year,
        date=date,
    )


def parse_row(
    cells: dict[str, str], vocabulary: Vocabulary, problems: list[str], **location
) -> ImportRow | None:
    cells = {column: formula_restore(cells.get(column, "")) for column in COLUMNS}  # as exported
    public_id, source = cells["public_id"], cells["source"] or Recommendation.Source.NATIVE
    if len(public_id) > PUBLIC_ID_LENGTH:
        problems.append(f"public_id '{public_id}' is longer than {PUBLIC_ID_LENGTH} characters")
    if source not in Recommendation.Source.values:
        problems.append(f"unknown source '{source}'")
    state = state_named_or_coded(cells["state_under_review"], "state under review", vocabulary, problems)
    mechanism = vocabulary.mechanism(cells["mechanism"], problems)
    session = vocabulary.session(cells["session"], problems) if cells["session"] else None
    review = _review(cells, state, mechanism, session, problems)
    if not cells["text"]:
        problems.append("text is empty")
    states = [
        state_named_or_coded(value, "recommending state", vocabulary, problems)
        for value in split_list(cells["recommending_states"])
    ]
    response = vocabulary.response(cells["response"], problems)
    action_category = vocabulary.action_category(cells["action_category"], problems)
    themes = {vocabulary.theme_by_key(value, problems) for value in split_list(cells["themes"])}
    groups = {vocabulary.affected_group(value) for value in split_list(cells["affected_groups"])}
    goals = {vocabulary.sdg_goal(value, problems) for value in split_list(cells["sdg_goals"])}
    targets = {vocabulary.sdg_target(value, problems) for value in split_list(cells["sdg_targets"])}
    parts = _parts(cells["parts"], vocabulary, problems)
    translations = _translations(cells["translations"], problems)
    if cells["is_published"].lower() not in BOOLEANS:
        problems.append(f"is_published '{cells['is_published']}' is not yes or no")
    if problems:
        return None
    source_key = cells["source_key"]
    if not public_id and not source_key:
        where = session.number if session else review.document_symbol
        text = squash_spaces(cells["text"])
        source_key = natural_key("native", mechanism.code, state.iso3, where, cells["paragraph"], text)
    return ImportRow(
        source=source,
        source_key=source_key,
        review=review,
        text=cells["text"],
        paragraph=cells["paragraph"],
        language=cells["language"] or "en",
        response=response,
        action_category=action_category,
        recommending_states=frozenset(state.pk for state in states),
        themes=frozenset(themes),
        affected_groups=frozenset(groups),
        sdg_goals=frozenset(goals),
        sdg_targets=frozenset(targets),
        parts=parts,
        translations=translations,
        public_id=public_id,
        is_published=BOOLEANS[cells["is_published"].lower()],
        **location,
    )


def export_rows(queryset: QuerySet[Recommendation], *, chunk_size: int = 2000) -> Iterator[list[str]]:
    """The header, then one row per recommendation of ``queryset``, in its order, as the template has them.

    A generator over ``iterator(chunk_size)`` with prefetching, so memory stays flat however many rows
    are exported: eight queries per chunk, whatever its size. Lists follow the models' default ordering,
    which makes the output of the same data identical from one database to another.
    """
    yield list(COLUMNS)
    queryset = queryset.select_related(
        "review__state", "review__mechanism", "review__session"
    ).prefetch_related(*RELATIONS, "parts", "translations")
    for recommendation in queryset.iterator(chunk_size=chunk_size):
        yield _export_row(recommendation)


def _joined(values: Iterable[object]) -> str:
    return ";".join(str(value) for value in values)


def _export_row(recommendation: Recommendation) -> list[str]:
    review = recommendation.review
    parts = [
        {"position": part.position, "text": part.text, "response": part.response}
        for part in recommendation.parts.all()
    ]
    translations = {
        translation.language: translation.text for translation in recommendation.translations.all()
    }
    return [
        recommendation.public_id,
        recommendation.source,
        recommendation.source_key or "",
        review.mechanism.code,
        review.state.iso3,
        str(review.session.number) if review.session else "",
        review.document_symbol,
        review.date.isoformat() if review.date else "",
        str(review.year),
        recommendation.paragraph,
        recommendation.text,
        recommendation.language,
        _joined(state.iso3 for state in recommendation.recommending_states.all()),
        recommendation.response,
        str(recommendation.action_category or ""),
        _joined(f"{theme.scheme}:{theme.code}" for theme in recommendation.themes.all()),
        _joined(group.code for group in recommendation.affected_groups.all()),
        _joined(goal.number for goal in recommendation.sdg_goals.all()),
        _joined(target.code for target in recommendation.sdg_targets.all()),
        json.dumps(parts, ensure_ascii=False) if parts else "",
        json.dumps(dict(sorted(translations.items())), ensure_ascii=False) if translations else "",
        YES if recommendation.is_published else NO,
    ]

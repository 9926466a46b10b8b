"""UPR Info's database export: one row per recommendation and recommending state.

Columns ``To, To-Rgrp, To-Org, Text, From, From-Rgrp, From-Org, Response, Action, Issue, Session``. The
regional groups and organisations are not imported: the tracker knows each state's group itself.
"(Unknown)" as the recommending state means UPR Info does not know it, which is allowed.
"""

from reference.models import Theme

from ..models import Recommendation
from .rows import ImportRow, ReviewData, natural_key, split_list, squash_spaces
from .vocabulary import Vocabulary

REQUIRED_COLUMNS = ("To", "Text", "From", "Response", "Action", "Issue", "Session")
COLUMNS = (*REQUIRED_COLUMNS, "To-Rgrp", "To-Org", "From-Rgrp", "From-Org")
LEGACY_EXPORT = True
UNKNOWN_STATE = "(Unknown)"


def parse_row(
    cells: dict[str, str], vocabulary: Vocabulary, problems: list[str], **location
) -> ImportRow | None:
    """The key is (state under review, session, recommending state or "unknown", text): UPR Info has
    no identifier of its own, and the same text from the same state in the same review is the same
    recommendation."""
    state = vocabulary.state(cells["To"], "state under review", problems)
    session = vocabulary.session(cells["Session"], problems)
    recommending = None
    if cells["From"] != UNKNOWN_STATE:
        recommending = vocabulary.state(cells["From"], "recommending state", problems)
    text = cells["Text"]
    if not text:
        problems.append("text is empty")
    response = vocabulary.response(cells["Response"], problems)
    action_category = vocabulary.action_category(cells["Action"], problems)
    themes = {
        vocabulary.theme_named(Theme.Scheme.UPR_INFO, issue) for issue in split_list(cells["Issue"], ",")
    }
    upr = vocabulary.mechanism("UPR", problems)
    if problems:
        return None
    return ImportRow(
        source=Recommendation.Source.UPR_INFO,
        source_key=natural_key(
            "upr-info",
            state.iso3,
            session.number,
            recommending.iso3 if recommending else "unknown",
            squash_spaces(text),
        ),
        review=ReviewData(
            state_id=state.pk,
            mechanism_id=upr.pk,
            session_id=session.pk,
            document_symbol="",
            year=session.year,
        ),
        text=text,
        response=response,
        action_category=action_category,
        recommending_states=frozenset([recommending.pk] if recommending else []),
        themes=frozenset(themes),
        **location,
    )

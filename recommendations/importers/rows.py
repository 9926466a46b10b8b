"""What every format parser produces: validated rows, the problems found, and the shared small helpers."""

import datetime
import hashlib
from dataclasses import dataclass, field

# The many-to-many fields of ``Recommendation`` an import fills, named alike on ``ImportRow``.
RELATIONS = ("recommending_states", "themes", "affected_groups", "sdg_goals", "sdg_targets")


@dataclass(frozen=True, slots=True)
class ReviewData:
    """The review a row belongs to, by natural key, plus the facts a new review is created with."""

    state_id: int
    mechanism_id: int
    session_id: int | None
    document_symbol: str
    year: int
    date: datetime.date | None = None

    @property
    def key(self) -> tuple:
        """Mirrors the two unique constraints on ``Review``: a session, or else a document."""
        if self.session_id is not None:
            return (self.state_id, self.mechanism_id, self.session_id, "")
        return (self.state_id, self.mechanism_id, None, self.document_symbol)


@dataclass(frozen=True, slots=True)
class ImportRow:
    """One recommendation as a file states it, with every reference already resolved to an id.

    Themes are ``(scheme, code)`` keys and affected groups codes rather than ids because a file may
    name terms the database does not hold yet; the import creates them, unreviewed. ``is_published``
    is None when the format does not say (then a new recommendation follows the import's ``publish``
    option and an existing one keeps its own). ``file`` and ``line`` locate the row for the report and
    are left out of comparisons, so two rows saying the same thing compare equal.
    """

    source: str
    source_key: str
    review: ReviewData
    text: str
    paragraph: str = ""
    language: str = "en"
    response: str = ""
    action_category: int | None = None
    recommending_states: frozenset[int] = frozenset()
    themes: frozenset[tuple[str, str]] = frozenset()
    affected_groups: frozenset[str] = frozenset()
    sdg_goals: frozenset[int] = frozenset()
    sdg_targets: frozenset[int] = frozenset()
    parts: tuple[tuple[int, str, str], ...] = ()
    translations: tuple[tuple[str, str], ...] = ()
    public_id: str = ""
    is_published: bool | None = None
    file: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)

    @property
    def identity(self) -> tuple[str, str]:
        """What makes a re-import find this row again: the public id when the file has one."""
        return ("public_id", self.public_id) if self.public_id else ("source_key", self.source_key)


@dataclass(frozen=True, slots=True)
class RowIssue:
    """A bad or duplicate row, located as a spreadsheet shows it (the header is row 1)."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, row {self.line}" if self.file else f"row {self.line}"
        return f"{where}: {self.message}"


@dataclass
class ParsedImport:
    """Everything read from the files of one import, before anything touches the database."""

    format: str
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowIssue] = field(default_factory=list)
    duplicates: list[RowIssue] = field(default_factory=list)
    new_themes: dict[tuple[str, str], str] = field(default_factory=dict)
    new_groups: dict[str, str] = field(default_factory=dict)
    warnings: list[RowIssue] = field(default_factory=list)
    merged: list[RowIssue] = field(default_factory=list)
    """Copies of one recommendation that differed only in their tags, stored once with all of them."""
    encodings: dict[str, str] = field(default_factory=dict)
    formats: dict[str, str] = field(default_factory=dict)
    """Per file, the format it was read as and why ("detected: UHRI export")."""
    skipped: int = 0
    """Rows that are not recommendations (a UHRI export's observations), left out and counted."""
    rows_read: int = 0
    names: list[str] = field(default_factory=list)


def natural_key(*parts: object) -> str:
    """The ``source_key`` of a row: a sha1 over its natural key, so it fits the 64-character column."""
    return hashlib.sha1("\x1f".join(str(part) for part in parts).encode()).hexdigest()


def squash_spaces(text: str) -> str:
    """Whitespace differences (double spaces, a trailing blank, a line break) must not make a new key."""
    return " ".join(text.split())


def split_list(value: str, separators: str = ";") -> list[str]:
    """The non-empty items of a multi-valued cell, split on any of ``separators``, in order, once each."""
    for separator in separators[1:]:
        value = value.replace(separator, separators[0])
    items = (item.strip() for item in value.split(separators[0]))
    return list(dict.fromkeys(item for item in items if item))

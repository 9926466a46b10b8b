"""Turning recommendation files into validated rows, one module per format.

``parse_files`` reads every file of an import, resolves every name against the reference data and
returns the rows together with every bad row and why, so that ``recommendations_import`` can refuse the
whole import before writing anything. Nothing here writes to the database.

A format module declares ``REQUIRED_COLUMNS``, ``COLUMNS`` (every column it knows, so that a header
written "recommending states" finds ``recommending_states``), ``LEGACY_EXPORT`` (decode HTML entities,
as other systems' exports need) and ``parse_row(cells, vocabulary, problems, **location) -> ImportRow |
None``, which appends each problem of the row to ``problems``; it may define ``prepare(records,
vocabulary)`` to look at the whole file first. Without a format, ``detect_format`` recognises it from
the content.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from types import ModuleType

from . import native, ohchr, ohchr_docx, uhri, upr_info
from .mapping import ColumnMapping, MappingError
from .rows import RELATIONS, ImportRow, ParsedImport, ReviewData, RowIssue
from .tabular import (
    FileUnreadable,
    Table,
    check_size,
    csv_chunks,
    header_key,
    is_docx,
    read_table,
    write_csv,
    write_xlsx,
)
from .vocabulary import Vocabulary

__all__ = [
    "FORMATS",
    "FORMAT_NAMES",
    "RELATIONS",
    "ColumnMapping",
    "DocumentOptions",
    "FileUnreadable",
    "ImportRow",
    "MappingError",
    "ParsedImport",
    "ReviewData",
    "RowIssue",
    "csv_chunks",
    "detect_format",
    "native",
    "parse_files",
    "read_table",
    "write_csv",
    "write_xlsx",
]

FORMATS: dict[str, ModuleType] = {"upr-info": upr_info, "ohchr": ohchr, "uhri": uhri, "native": native}
FORMAT_NAMES = {
    "upr-info": "UPR Info export",
    "ohchr": "OHCHR matrix / thematic list",
    "uhri": "UHRI export",
    "native": "tracker template",
}
PROGRESS_EVERY = 5000
HEADER_ROWS = 12
# Characters a UTF-8 text read as cp1252 or Mac Roman turns into ("’" becomes "â€™" or "Õ"): a file
# decoded twice somewhere before it reached the tracker. Reported, never guessed back.
_MOJIBAKE = re.compile(r"â€|Ã[©¨¡³º±ª§]|[a-z]Õ[a-z ]|[a-z]Ò|Ó[A-Za-z]")


@dataclass
class DocumentOptions:
    """What a command line or the admin may say about the files of an import."""

    state: str = ""
    session: str = ""
    symbol: str = ""
    include_all_types: bool = False
    columns: dict | None = None
    extra: dict = field(default_factory=dict)


def detect_format(data: bytes, *, encoding: str | None = None) -> tuple[str | None, str]:
    """The format a file is in, told from its content (a Word document, or the columns of its header),
    and the reason, for the report. None when no format's required columns are all there."""
    if is_docx(data):
        return "ohchr", "a Word document"
    known = {
        name: {header_key(column) for column in module.REQUIRED_COLUMNS} for name, module in FORMATS.items()
    }
    table = read_table(data, encoding=encoding, legacy=True, limit=HEADER_ROWS)
    header_rows = [table.columns] + [list(cells.values()) for _, cells in table.records[:12]]
    for row in header_rows:
        keys = {header_key(cell) for cell in row if cell}
        for name in ("uhri", "upr-info", "ohchr", "native"):
            if known[name] <= keys:
                return name, f"detected from its columns: {FORMAT_NAMES[name]}"
    return None, "its columns are not those of a known format: map them"


def _check_duplicate(row: ImportRow, seen: dict, parsed: ParsedImport, positions: dict) -> bool:
    """Whether ``row`` is new. An exact repeat is reported as a duplicate; a copy that differs only in
    its tags (UPR Info repeats a recommendation with another issue list) is folded into the first with
    the union of the tags; a copy that differs otherwise is an error naming the fields that differ."""
    first = seen.setdefault(row.identity, row)
    if first is row:
        return True
    where = f"row {first.line}" if first.file == row.file else f"{first.file}, row {first.line}"
    if first == row:
        parsed.duplicates.append(RowIssue(row.file, row.line, f"repeats {where}; stored once"))
        return False
    differing = [name for name in _COMPARED if getattr(first, name) != getattr(row, name)]
    if differing and all(name in _TAGS for name in differing):
        union = replace(first, **{name: getattr(first, name) | getattr(row, name) for name in differing})
        seen[row.identity] = union
        parsed.rows[positions[row.identity]] = union
        fields = ", ".join(differing)
        parsed.merged.append(
            RowIssue(row.file, row.line, f"repeats {where} with other {fields}; stored once with both")
        )
        return False
    message = f"is the same recommendation as {where} but its {', '.join(differing) or 'content'} differs"
    parsed.errors.append(RowIssue(row.file, row.line, message))
    return False


_TAGS = ("themes", "affected_groups", "sdg_goals", "sdg_targets")
_COMPARED = (
    "text",
    "paragraph",
    "language",
    "response",
    "action_category",
    "review",
    "recommending_states",
    *_TAGS,
    "parts",
    "translations",
    "public_id",
    "is_published",
)


def _looks_double_decoded(text: str) -> bool:
    return not text.isascii() and _MOJIBAKE.search(text) is not None


def _read(name, data, module, encoding, options: DocumentOptions, parsed: ParsedImport, label: str) -> Table:
    if module is ohchr and is_docx(data):
        table, facts = ohchr_docx.read_document(
            data, state=options.state, session=options.session, symbol=options.symbol
        )
        return table
    table = read_table(
        data,
        encoding=encoding,
        legacy=module.LEGACY_EXPORT,
        columns=getattr(module, "COLUMNS", module.REQUIRED_COLUMNS),
        required=module.REQUIRED_COLUMNS,
    )
    return table


def parse_files(
    files: Iterable[tuple[str, bytes]],
    *,
    format: str | None = None,
    encoding: str | None = None,
    options: DocumentOptions | None = None,
    progress: Callable[[str], None] | None = None,
) -> ParsedImport:
    """Parse ``(name, content)`` pairs into one import.

    Without ``format`` each file's format is detected (``detect_format``); an import's files must agree.
    With a column mapping (``options.columns``, see ``mapping``) the files are read as any spreadsheet
    and their columns renamed to the tracker's template. Rows are numbered as a spreadsheet shows them;
    file names appear in the report only when an import has several files. A row that repeats another
    exactly is kept once and reported, a copy that differs only in its tags is folded into one with all
    of them, and one that differs otherwise is an error, since which one is right cannot be guessed.
    """
    options = options or DocumentOptions()
    files = list(files)
    parsed = ParsedImport(format="")
    vocabulary = Vocabulary.load()
    try:
        mapping = ColumnMapping.from_json(options.columns) if options.columns else None
    except MappingError as error:
        parsed.errors.append(RowIssue("", 1, str(error)))
        parsed.format = format or "unknown"
        return parsed
    seen: dict[tuple[str, str], ImportRow] = {}
    positions: dict[tuple[str, str], int] = {}
    for name, data in files:
        label = name if len(files) > 1 else ""
        parsed.names.append(name)
        try:
            check_size(data)
            chosen = "native" if mapping else format
            if chosen is None:
                chosen, why = detect_format(data, encoding=encoding)
                if chosen is None:
                    parsed.errors.append(RowIssue(label, 1, why))
                    continue
                parsed.formats[name] = f"{FORMAT_NAMES[chosen]} ({why})"
            elif is_docx(data) and chosen != "ohchr":
                parsed.warnings.append(
                    RowIssue(label, 1, "this is a Word document; it is read as an OHCHR matrix")
                )
                chosen = "ohchr"
            else:
                parsed.formats[name] = FORMAT_NAMES[chosen] + (" (by the column mapping)" if mapping else "")
            if parsed.format and parsed.format != chosen and not mapping:
                parsed.errors.append(
                    RowIssue(
                        label,
                        1,
                        f"is a {FORMAT_NAMES[chosen]}, "
                        f"not a {FORMAT_NAMES[parsed.format]} like the other files",
                    )
                )
                continue
            parsed.format = chosen
            module = FORMATS[chosen]
            table = _read(name, data, module, encoding, options, parsed, label)
            if mapping:
                table = mapping.apply(table, vocabulary)
        except (FileUnreadable, MappingError) as error:
            parsed.errors.append(RowIssue(label, 1, str(error)))
            continue
        parsed.encodings[name] = table.encoding
        parsed.errors += [RowIssue(label, line, message) for line, message in table.problems]
        missing = [column for column in module.REQUIRED_COLUMNS if column not in table.columns]
        if missing:
            parsed.errors.append(RowIssue(label, 1, f"missing column(s) {', '.join(missing)}"))
            continue
        records = table.records
        if module is uhri and not options.include_all_types:
            kept = [(line, cells) for line, cells in records if uhri.is_recommendation(cells)]
            parsed.skipped += len(records) - len(kept)
            records = kept
        if hasattr(module, "prepare"):
            module.prepare([cells for _, cells in records], vocabulary)
        for count, (line, cells) in enumerate(records, start=1):
            problems: list[str] = []
            vocabulary.where = (label, line)
            row = module.parse_row(cells, vocabulary, problems, file=label, line=line)
            if problems:
                parsed.errors.append(RowIssue(label, line, "; ".join(problems)))
            else:
                if _looks_double_decoded(row.text):
                    vocabulary.warn(
                        'the text looks decoded twice ("Õ" or "â€™" where "’" belongs); '
                        "check the file's encoding"
                    )
                if _check_duplicate(row, seen, parsed, positions):
                    positions[row.identity] = len(parsed.rows)
                    parsed.rows.append(row)
            if progress and count % PROGRESS_EVERY == 0:
                progress(f"{name}: {count} of {len(records)} rows read")
        parsed.rows_read += len(table.records)
    parsed.new_themes = vocabulary.new_themes
    parsed.new_groups = vocabulary.new_groups
    parsed.warnings += [RowIssue(file, line, message) for file, line, message in vocabulary.warnings]
    if not parsed.format:
        parsed.format = format or "unknown"
    return parsed

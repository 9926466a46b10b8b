"""Turning recommendation files into validated rows, one module per format.

``parse_files`` reads every file of an import, resolves every name against the reference data and
returns the rows together with every bad row and why, so that ``recommendations_import`` can refuse the
whole import before writing anything. Nothing here writes to the database.

A format module declares ``REQUIRED_COLUMNS``, ``LEGACY_EXPORT`` (decode HTML entities, as other systems'
exports need) and ``parse_row(cells, vocabulary, problems, **location) -> ImportRow | None``, which
appends each problem of the row to ``problems``; it may define ``prepare(records, vocabulary)`` to look
at the whole file first.
"""

from collections.abc import Callable, Iterable
from types import ModuleType

from . import native, ohchr, upr_info
from .rows import RELATIONS, ImportRow, ParsedImport, ReviewData, RowIssue
from .tabular import FileUnreadable, csv_chunks, read_table, write_csv, write_xlsx
from .vocabulary import Vocabulary

__all__ = [
    "FORMATS",
    "RELATIONS",
    "FileUnreadable",
    "ImportRow",
    "ParsedImport",
    "ReviewData",
    "RowIssue",
    "csv_chunks",
    "native",
    "parse_files",
    "write_csv",
    "write_xlsx",
]

FORMATS: dict[str, ModuleType] = {"upr-info": upr_info, "ohchr": ohchr, "native": native}
PROGRESS_EVERY = 5000


def _check_duplicate(row: ImportRow, seen: dict, parsed: ParsedImport) -> bool:
    """Whether ``row`` is new; a repeat is reported as a duplicate if identical, else as an error."""
    first = seen.setdefault(row.identity, row)
    if first is row:
        return True
    where = f"row {first.line}" if first.file == row.file else f"{first.file}, row {first.line}"
    if first == row:
        parsed.duplicates.append(RowIssue(row.file, row.line, f"repeats {where}; stored once"))
    else:
        message = f"is the same recommendation as {where} but says something else"
        parsed.errors.append(RowIssue(row.file, row.line, message))
    return False


def parse_files(
    files: Iterable[tuple[str, bytes]],
    *,
    format: str,
    encoding: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> ParsedImport:
    """Parse ``(name, content)`` pairs of one format into one import.

    Rows are numbered as a spreadsheet shows them; file names appear in the report only when an import
    has several files. A row that repeats another exactly (same key, same values) is kept once and
    reported; a row with the key of another but other values is an error, since which one is right
    cannot be guessed.
    """
    module = FORMATS[format]
    files = list(files)
    parsed = ParsedImport(format=format)
    vocabulary = Vocabulary.load()
    seen: dict[tuple[str, str], ImportRow] = {}
    for name, data in files:
        label = name if len(files) > 1 else ""
        try:
            table = read_table(data, encoding=encoding, legacy=module.LEGACY_EXPORT)
        except FileUnreadable as error:
            parsed.errors.append(RowIssue(label, 1, str(error)))
            continue
        parsed.encodings[name] = table.encoding
        missing = [column for column in module.REQUIRED_COLUMNS if column not in table.columns]
        if missing:
            parsed.errors.append(RowIssue(label, 1, f"missing column(s) {', '.join(missing)}"))
            continue
        if hasattr(module, "prepare"):
            module.prepare([cells for _, cells in table.records], vocabulary)
        for count, (line, cells) in enumerate(table.records, start=1):
            problems: list[str] = []
            row = module.parse_row(cells, vocabulary, problems, file=label, line=line)
            if problems:
                parsed.errors.append(RowIssue(label, line, "; ".join(problems)))
            else:
                if _check_duplicate(row, seen, parsed):
                    parsed.rows.append(row)
            if progress and count % PROGRESS_EVERY == 0:
                progress(f"{name}: {count} of {len(table.records)} rows read")
        parsed.rows_read += len(table.records)
    parsed.new_themes = vocabulary.new_themes
    return parsed

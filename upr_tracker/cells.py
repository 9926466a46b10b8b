"""Cells of spreadsheets we write: text a person typed must never run as a formula.

Spreadsheet programs run a CSV cell that starts with ``= + - @`` (or a tab or carriage return) as a
formula, so ``=HYPERLINK(…)`` typed into a recommendation or an assessment would become a live link
in the file a journalist opens. Such a cell gets a leading apostrophe, which spreadsheets show as text.
So that ``formula_restore`` gives back exactly what was written (importers call it on the files we
export), a text that already starts with an apostrophe before one of those characters, or before
another apostrophe, gets one more. XLSX needs none of this: its writers store every text as text.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_AFTER_APOSTROPHE = (*FORMULA_STARTS, "'")


def _needs_apostrophe(text: str) -> bool:
    return text.startswith(FORMULA_STARTS) or (
        text[:1] == "'" and text[1:2] in _AFTER_APOSTROPHE and text[1:2] != ""
    )


def formula_defuse(value):
    """``value`` safe for a CSV cell; numbers and other non-text values are left as they are."""
    if isinstance(value, str) and _needs_apostrophe(value):
        return "'" + value
    return value


def formula_restore(text: str) -> str:
    """The text ``formula_defuse`` was given."""
    if text[:1] == "'" and _needs_apostrophe(text[1:]):
        return text[1:]
    return text


def _sql_literal(text: str) -> str:
    text = text.replace("'", "''")
    if "\t" in text or "\r" in text:
        return "E'" + text.replace("\t", "\\t").replace("\r", "\\r") + "'"
    return f"'{text}'"


def formula_defuse_sql(expression: str) -> str:
    """``formula_defuse`` in SQL, for files PostgreSQL writes itself (``COPY … TO``)."""
    first = ", ".join(_sql_literal(c) for c in FORMULA_STARTS)
    second = ", ".join(_sql_literal("'" + c) for c in _AFTER_APOSTROPHE)
    return (
        f"CASE WHEN left({expression}, 1) IN ({first}) OR left({expression}, 2) IN ({second}) "
        f"THEN '''' || {expression} ELSE {expression} END"
    )

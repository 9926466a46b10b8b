"""Reading and writing the tables imports and exports are made of: CSV in any of the encodings real
exports use, and XLSX.

Real files are messy: UPR Info's export is Mac Roman with CR-only line endings and HTML entities in its
cells, spreadsheets saved on Windows are cp1252, Excel wants a byte-order mark to read UTF-8. This module
absorbs all of that, so the format parsers see plain ``{column: text}`` records.
"""

import csv
import datetime
import html
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

UTF8_BOM = b"\xef\xbb\xbf"
XLSX_MAGIC = b"PK\x03\x04"
# Tried in this order when a file is not UTF-8; a tie goes to the first.
LEGACY_ENCODINGS = ("cp1252", "mac_roman")
TYPOGRAPHIC_PUNCTUATION = set("‘’‚“”„–—…«»‹›•°€£§")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


class FileUnreadable(ValueError):
    """The file as a whole cannot be read (wrong encoding given, corrupt spreadsheet)."""


@dataclass
class Table:
    columns: list[str]
    records: list[tuple[int, dict[str, str]]]
    """``(row number as a spreadsheet shows it, {column: cell})``, blank rows left out."""
    encoding: str


def plausibility(text: str) -> int:
    """How much the non-ASCII characters of ``text`` look like real writing.

    A wrong 8-bit decoding turns accented letters into symbols or into capitals in the middle of a word
    (Mac Roman "Habré" read as cp1252 is "HabrŽ"): letters score, typographic punctuation scores, a
    capital right after a small letter and everything else costs.
    """
    score = 0
    for match in _NON_ASCII.finditer(text):
        char, start = match.group(), match.start()
        category = unicodedata.category(char)
        if category == "Ll" or char in TYPOGRAPHIC_PUNCTUATION:
            score += 1
        elif category == "Lu":
            score += -1 if start and text[start - 1].islower() else 1
        else:
            score -= 1
    return score


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read with.

    UTF-8 (with or without a byte-order mark) is taken when the bytes are valid UTF-8, which legacy
    8-bit text almost never is; otherwise the most plausible of cp1252 and Mac Roman wins.
    """
    if encoding:
        try:
            return data.decode(encoding).removeprefix("\ufeff"), encoding
        except (LookupError, UnicodeDecodeError) as error:
            raise FileUnreadable(f"cannot read the file as {encoding}: {error}") from error
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for candidate in LEGACY_ENCODINGS:
        try:
            text = data.decode(candidate)
        except UnicodeDecodeError:
            continue
        candidates.append((plausibility(text), -len(candidates), text, candidate))
    if not candidates:
        raise FileUnreadable("cannot tell the file's encoding; give it explicitly")
    _, _, text, chosen = max(candidates)
    return text, chosen


def _clean(value: object, legacy: bool) -> str:
    """A cell as text: numbers without a spurious ".0", dates in ISO form; for ``legacy`` exports HTML
    entities decoded and line breaks inside the cell made "\\n"."""
    if type(value) is not str:
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, datetime.datetime) and value.time() == datetime.time():
            value = value.date()
        value = value.isoformat() if isinstance(value, datetime.date) else str(value)
    if legacy:
        if "&" in value:
            value = html.unescape(value)
        if "\r" in value:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.strip()


def _records(rows: Iterable[Iterable[object]], legacy: bool) -> tuple[list[str], list]:
    rows = iter(rows)
    header = [_clean(name, legacy) for name in next(rows, [])]
    while header and not header[-1]:
        header.pop()
    records = []
    for number, row in enumerate(rows, start=2):
        cells = [_clean(value, legacy) for value in row]
        if any(cells):
            cells += [""] * (len(header) - len(cells))
            records.append((number, dict(zip(header, cells, strict=False))))
    return header, records


def read_table(data: bytes, *, encoding: str | None = None, legacy: bool = False) -> Table:
    """Read a CSV or XLSX file (told apart by content, not by name) into records.

    CSV records may end in CR, LF or CRLF (the csv module accepts all three). ``legacy`` is for other
    systems' exports: HTML entities ("&#40;Unknown&#41;") are decoded and line breaks inside cells
    normalised. The tracker's own format is read as it is, so that a round trip is exact.
    """
    if data.startswith(XLSX_MAGIC):
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises a handful of unrelated types for a corrupt file
            raise FileUnreadable(f"cannot read the spreadsheet: {error}") from error
        try:
            sheet = workbook.worksheets[0]
            sheet.reset_dimensions()
            header, records = _records(sheet.iter_rows(values_only=True), legacy)
        finally:
            workbook.close()
        return Table(header, records, "xlsx")
    text, used = decode(data, encoding)
    header, records = _records(csv.reader(io.StringIO(text, newline="")), legacy)
    return Table(header, records, used)


def csv_chunks(rows: Iterable[list[str]]) -> Iterator[bytes]:
    """Rows as UTF-8 CSV, one chunk per row after a byte-order mark (Excel needs it to read UTF-8).

    A generator, so that a download can stream any number of rows.
    """
    yield UTF8_BOM
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(row)
        yield buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()


def write_csv(rows: Iterable[list[str]], stream) -> None:
    """Write rows to a binary stream as ``csv_chunks`` makes them."""
    stream.writelines(csv_chunks(rows))


def write_xlsx(rows: Iterable[list[str]], stream) -> None:
    """Write rows to a binary stream as a one-sheet workbook, streaming (openpyxl's write-only mode).

    Every cell is stored as text: a recommendation that starts with "=" must not become a formula.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("recommendations")
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    workbook.save(stream)

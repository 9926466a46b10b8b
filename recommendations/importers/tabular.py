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
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from python_calamine import CalamineWorkbook

UTF8_BOM = b"\xef\xbb\xbf"
XLSX_MAGIC = b"PK\x03\x04"
# Tried in this order when a file is not UTF-8; a tie goes to the first.
LEGACY_ENCODINGS = ("cp1252", "mac_roman")
TYPOGRAPHIC_PUNCTUATION = set("‘’‚“”„–—…«»‹›•°€£§")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


class FileUnreadable(ValueError):
    """The file as a whole cannot be read (wrong encoding given, corrupt spreadsheet, cut off, too big)."""


# A coordinator's file is a few megabytes; these bounds keep a hostile or broken one from exhausting a
# worker. A zip (XLSX, DOCX) is measured by the sizes its members declare, before anything is unpacked.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 250 * 1024 * 1024
# What the csv module accepts by default; a longer cell is a broken file, not a recommendation.
MAX_CELL_CHARACTERS = 131_072
# Title rows a spreadsheet may carry above its header ("UPR of Kenya, 2nd cycle", a blank line…).
HEADER_SEARCH_ROWS = 12
_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")

# The csv module's own limit is the same for every field; cells are measured below instead, so that a
# long one is reported with its row rather than ending the file with "field larger than field limit".
csv.field_size_limit(MAX_FILE_BYTES)


@dataclass
class Table:
    columns: list[str]
    records: list[tuple[int, dict[str, str]]]
    """``(row number as a spreadsheet shows it, {column: cell})``, blank rows left out."""
    encoding: str
    problems: list[tuple[int, str]] = field(default_factory=list)
    """``(row, reason)`` for rows the reader itself refuses (a cell too long)."""


def header_key(name: str) -> str:
    """The form under which header names are compared: case, spaces and punctuation do not count, so
    "Recommending states", "recommending_states" and "RECOMMENDING-STATES " are one column."""
    return _NOT_ALPHANUMERIC.sub("", name.lower())


def check_size(data: bytes) -> None:
    """Refuse a file bigger than ``MAX_FILE_BYTES``, or a zip that would unpack to more than
    ``MAX_UNPACKED_BYTES`` (a "zip bomb": a few megabytes that grow a worker to a gigabyte)."""
    if len(data) > MAX_FILE_BYTES:
        raise FileUnreadable(
            f"the file is {len(data) / 2**20:.0f} MB; at most {MAX_FILE_BYTES // 2**20} MB can be imported"
        )
    if data.startswith(XLSX_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
        except zipfile.BadZipFile as error:
            raise FileUnreadable(f"cannot read the file: {error}") from error
        if unpacked > MAX_UNPACKED_BYTES:
            raise FileUnreadable(
                f"the file unpacks to {unpacked / 2**20:.0f} MB; at most {MAX_UNPACKED_BYTES // 2**20} MB "
                "can be imported (split it into several files)"
            )


def is_docx(data: bytes) -> bool:
    """A Word document: a zip holding ``word/document.xml`` (an XLSX holds ``xl/workbook.xml``)."""
    if not data.startswith(XLSX_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


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


def _header_row(rows: list[list[str]], wanted: dict[str, str], required: Iterable[str]) -> int:
    """The index of the header among the first rows: the first that names every required column (title
    rows above it are skipped), else the first that names any known column, else the first row as wide
    as the widest (a title row fills one cell)."""
    required = {header_key(name) for name in required}
    first_known = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = {header_key(cell) for cell in row if cell}
        if required and required <= keys:
            return index
        if first_known is None and keys & wanted.keys():
            first_known = index
    if first_known is not None:
        return first_known
    widths = [sum(1 for cell in row if cell) for row in rows[:HEADER_SEARCH_ROWS]]
    return widths.index(max(widths)) if widths else 0


def _records(
    rows: Iterable[Iterable[object]],
    legacy: bool,
    columns: Iterable[str] = (),
    required: Iterable[str] = (),
    limit: int | None = None,
) -> Table:
    """Find the header, name its columns as the format does, and turn the rows below it into records.

    A header is matched to ``columns`` by ``header_key``; one that matches none keeps its own name. A
    header named twice is refused: which copy holds the data cannot be told.
    """
    wanted = {header_key(name): name for name in columns}
    rows = iter(rows)
    head = []
    for number, row in enumerate(rows, start=1):
        head.append((number, [_clean(value, legacy) for value in row]))
        if len(head) == HEADER_SEARCH_ROWS:
            break
    index = _header_row([cells for _, cells in head], wanted, required) if head else 0
    header = [wanted.get(header_key(name), name) for name in (head[index][1] if head else [])]
    while header and not header[-1]:
        header.pop()
    repeated = [name for name, count in Counter(name for name in header if name).items() if count > 1]
    if repeated:
        raise FileUnreadable(f"the column {', '.join(repeated)} is named twice in the header")
    table = Table(header, [], "")
    width = len(header)

    def add(number: int, cells: list[str]) -> None:
        if not any(cells):
            return
        if max(map(len, cells)) > MAX_CELL_CHARACTERS:
            long = [
                f"{name or 'unnamed'} ({len(cell):,} characters)"
                for name, cell in zip(header, cells, strict=False)
                if len(cell) > MAX_CELL_CHARACTERS
            ]
            table.problems.append(
                (number, f"a cell is longer than {MAX_CELL_CHARACTERS:,} characters: {', '.join(long)}")
            )
            return
        if len(cells) < width:
            cells += [""] * (width - len(cells))
        table.records.append((number, dict(zip(header, cells, strict=False))))

    for number, cells in head[index + 1 :]:
        add(number, cells)
    for number, row in enumerate(rows, start=len(head) + 1):
        if limit is not None and number > limit:
            break
        add(number, [_clean(value, legacy) for value in row])
    return table


def _sheet_rows(rows: list[list[object]], merged) -> list[list[object]]:
    """The rows of a sheet, each cell of a merged range holding the range's value (a spreadsheet
    stores it in the top-left cell only). ``merged`` are calamine's 0-based ``((row, col), (row, col))``."""
    for (first_row, first_col), (last_row, last_col) in merged:
        if first_row >= len(rows):
            continue
        top = rows[first_row]
        value = top[first_col] if first_col < len(top) else None
        for row in rows[first_row : last_row + 1]:
            if len(row) <= last_col:
                row += [None] * (last_col + 1 - len(row))
            row[first_col : last_col + 1] = [value] * (last_col + 1 - first_col)
    return rows


def _csv_rows(text: str, encoding: str) -> Iterator[list[str]]:
    """The rows of a CSV text; a file that ends inside a quoted cell, or whose last line has fewer cells
    than its first, was cut off (a failed download): it is refused, naming the row, rather than padded
    with empty cells that would wipe the values they stand for."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    width, row = None, []
    try:
        for row in reader:
            if width is None and any(row):
                width = len(row)
            yield row
    except csv.Error as error:
        raise FileUnreadable(
            f"row {reader.line_num} is cut off ({error}): the file is incomplete; download it again"
        ) from error
    if width and row and len(row) < width and not text.endswith(("\n", "\r")):
        raise FileUnreadable(
            f"row {reader.line_num} is cut off: it has {len(row)} of the header's {width} cells and the "
            "file ends inside it; download the file again"
        )


def read_table(
    data: bytes,
    *,
    encoding: str | None = None,
    legacy: bool = False,
    columns: Iterable[str] = (),
    required: Iterable[str] = (),
    limit: int | None = None,
) -> Table:
    """Read a CSV or XLSX file (told apart by content, not by name) into records.

    CSV records may end in CR, LF or CRLF (the csv module accepts all three). ``legacy`` is for other
    systems' exports: HTML entities ("&#40;Unknown&#41;") are decoded and line breaks inside cells
    normalised. The tracker's own format is read as it is, so that a round trip is exact. ``columns``
    are the names the format gives its columns: headers that differ from them only in case, spaces or
    punctuation take their name. The header is the first row naming every ``required`` column.
    ``limit`` stops after that many rows, for a look at the top of a file (format detection).
    """
    check_size(data)
    if is_docx(data):
        raise FileUnreadable("this is a Word document; import it as an OHCHR matrix (format ohchr)")
    if data.startswith(XLSX_MAGIC):
        try:
            workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
            sheet = workbook.get_sheet_by_index(0)
            rows = _sheet_rows(sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges or [])
        except Exception as error:  # calamine raises its own types for a corrupt or unsupported file
            raise FileUnreadable(f"cannot read the spreadsheet: {error}") from error
        table = _records(rows, legacy, columns, required, limit)
        table.encoding = "xlsx"
        return table
    text, used = decode(data, encoding)
    table = _records(_csv_rows(text, used), legacy, columns, required, limit)
    table.encoding = used
    return table


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

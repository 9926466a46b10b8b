"""Reading a filled-in reporting workbook back: each row's key, its fill-in values, and what is wrong.

Nothing here looks at the database: the preview (``preview.py``) decides what each row means. Status
and level are read in any of the interface's languages (a workbook downloaded in French may be filled
in by someone whose tracker is in English) and as their codes; numbers may use a decimal comma.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.cell.cell import ERROR_CODES

from upr_tracker.errors import ApplicationError

from ..models import ImplementationStatus, Level
from .writer import COLUMNS, FIELD_COLUMN, FIRST_INDICATOR, KEY_HEADER, MAX_ROWS, RowKey

CENT = Decimal("0.01")
MAX_BYTES = 20 * 1024 * 1024
NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")
LIMIT = Decimal(10) ** 12  # the values' column holds 16 digits, 4 after the point
MAX_LINES = MAX_ROWS + 1_000  # lines read, empty ones included, before the file is refused as too long


@dataclass
class ReadRow:
    number: int  # the row number a person sees in their spreadsheet
    key: RowKey | None
    reference: str
    content: dict = field(default_factory=dict)
    values: dict[int, Decimal] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (code, message)


def _vocabulary(choices) -> dict[str, str]:
    """Every way a value may be written (code, label in each language), folded → code."""
    known = {}
    for code, label in choices.choices:
        known[code.casefold()] = code
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                known[str(label).casefold()] = code
    return known


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").strip()


def _date(value) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for parse in (date.fromisoformat, lambda t: datetime.strptime(t, "%d/%m/%Y").date()):
        try:
            return parse(text)
        except ValueError:
            continue
    raise ValueError(text)


def _number(value) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        number = Decimal(str(value))
    else:
        text = str(value).strip().replace(" ", "").replace("\u00a0", "")
        if not NUMBER.match(text):
            raise ValueError(text)
        number = Decimal(text.replace(",", "."))
    try:
        number = number.quantize(Decimal("0.0001"))
    except InvalidOperation as error:
        raise ValueError(value) from error
    if abs(number) >= LIMIT:
        raise ValueError(value)
    return number


def _data_sheet(workbook):
    for sheet in workbook.worksheets:
        first = next(sheet.iter_rows(min_row=1, max_row=1, max_col=1, values_only=True), (None,))
        if first and first[0] == KEY_HEADER:
            return sheet
    raise ApplicationError(_("This is not a reporting workbook of the tracker: download one and fill it in."))


def read_workbook(content: bytes) -> list[ReadRow]:
    """The rows of an uploaded workbook that carry a key or something typed in; raises if unreadable."""
    if len(content) > MAX_BYTES:
        raise ApplicationError(_("The file is larger than %(limit)d MB.") % {"limit": MAX_BYTES // 2**20})
    unreadable = ApplicationError(_("The file could not be read as an Excel workbook (.xlsx)."))
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # an uploaded file may be anything: zip, XML or openpyxl errors alike
        raise unreadable from error
    try:
        sheet = _data_sheet(workbook)
        statuses, levels = _vocabulary(ImplementationStatus), _vocabulary(Level)
        rows = []
        for number, cells in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
            if number > MAX_LINES:
                raise ApplicationError(
                    _("The workbook has more than %(limit)d rows: download one for a narrower scope.")
                    % {"limit": MAX_ROWS}
                )
            row = _read_row(number, cells, statuses, levels)
            if row is not None:
                rows.append(row)
        return rows
    except ApplicationError:
        raise
    except Exception as error:  # a damaged sheet inside a readable archive
        raise unreadable from error
    finally:
        workbook.close()


def _read_row(number: int, cells, statuses, levels) -> ReadRow | None:
    cells = list(cells) + [None] * max(0, FIRST_INDICATOR - len(cells))

    def cell(name):
        return cells[FIELD_COLUMN[name]]

    key = RowKey.parse(cell("key"))
    fill_in = [cells[i] for i, (_n, _w, open_) in enumerate(COLUMNS) if open_] + cells[FIRST_INDICATOR:]
    if key is None and not cell("key") and all(_text(v) == "" for v in fill_in):
        return None  # an empty line
    row = ReadRow(number=number, key=key, reference=_text(cell("reference")))
    broken = sorted({str(v) for v in fill_in if isinstance(v, str) and v in ERROR_CODES})
    if broken:  # a formula typed into the row that its spreadsheet could not compute
        row.errors.append(
            (
                "cell_error",
                _("A cell shows an error (%(error)s): type the value itself.") % {"error": broken[0]},
            )
        )
        return row
    if key is None:
        row.errors.append(
            (
                "unknown_row",
                _(
                    "This row does not come from a downloaded workbook (its hidden key is missing or "
                    "damaged)."
                ),
            )
        )
        return row
    status_text, level_text = _text(cell("status")), _text(cell("level"))
    row.content["status"] = statuses.get(status_text.casefold(), "") if status_text else ""
    if status_text and not row.content["status"]:
        row.errors.append(
            (
                "unknown_status",
                _("“%(value)s” is not a status: choose one from the list.") % {"value": status_text},
            )
        )
    row.content["level"] = levels.get(level_text.casefold(), "") if level_text else ""
    if level_text and not row.content["level"]:
        row.errors.append(
            (
                "unknown_level",
                _("“%(value)s” is not a level: choose one from the list.") % {"value": level_text},
            )
        )
    row.content["narrative"] = _text(cell("narrative"))
    row.content["challenges"] = _text(cell("challenges"))
    for name in ("period_start", "period_end"):
        try:
            row.content[name] = _date(cell(name))
        except ValueError:
            row.content[name] = None
            row.errors.append(
                (
                    "not_a_date",
                    _("“%(value)s” is not a date: write it as YYYY-MM-DD.") % {"value": _text(cell(name))},
                )
            )
    row.content["amount_spent"] = None
    raw = cell("amount_spent")
    if key.kind == "action":  # a recommendation's row has the cell locked and empty
        try:
            amount = _number(raw)
            if amount is not None:
                if amount < 0 or amount != amount.quantize(CENT):
                    raise ValueError(raw)
                row.content["amount_spent"] = amount.quantize(CENT)
        except ValueError:
            row.errors.append(
                (
                    "not_an_amount",
                    _("Money spent, “%(value)s”, is not an amount of zero or more (at most two decimals).")
                    % {"value": _text(raw)},
                )
            )
    for slot, indicator_id in enumerate(key.indicator_ids):
        index = FIRST_INDICATOR + 2 * slot + 1
        raw = cells[index] if index < len(cells) else None
        try:
            value = _number(raw)
        except ValueError:
            row.errors.append(
                (
                    "not_a_number",
                    _("Value %(n)d, “%(value)s”, is not a number.") % {"n": slot + 1, "value": _text(raw)},
                )
            )
            continue
        if value is not None:
            row.values[indicator_id] = value
    return row

"""The reporting workbook: instructions, then one row per thing to report on, ready to fill in offline.

Written in openpyxl's write-only mode (rows stream to a temporary file, so 2,000 rows cost little).
The "Report" sheet is protected without a password: what the tracker says is locked, the fill-in columns
are not; status and level are drop-downs in the workbook's language; values must be numbers. Column A,
hidden, carries each row's identity and the version it was downloaded at (``RowKey``); the reader
relies on it and on the fixed column order below, never on the (translated) headers.
"""

from __future__ import annotations

import io
from copy import copy
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from upr_tracker.numbers import is_number

from ..models import ImplementationStatus, Level, StatusUpdate
from .sources import WorkbookRow, fingerprint, plain_number

KEY_HEADER = "upr-tracker row key v2"  # v2: the money-spent column; a v1 workbook is not read
FORMAT = "UPR-WB2"
MAX_ROWS = 10_000  # a wider download is a scope chosen by mistake; the page says to narrow it
DATA_SHEET_INDEX = 1  # the instructions come first

# Fixed columns of the Report sheet, in order: (field, width, fill-in?). Indicator pairs follow them.
COLUMNS = [
    ("key", 10, False),
    ("institution", 22, False),
    ("reference", 16, False),
    ("symbol", 16, False),
    ("paragraph", 11, False),
    ("text", 60, False),
    ("deadline", 12, False),
    ("published_status", 18, False),
    ("published_narrative", 40, False),
    ("draft", 18, False),
    ("status", 22, True),
    ("level", 12, True),
    ("narrative", 50, True),
    ("challenges", 40, True),
    ("period_start", 13, True),
    ("period_end", 13, True),
    ("amount_spent", 14, True),  # actions only; locked on a recommendation's row
]
FIELD_COLUMN = {name: index for index, (name, _w, _f) in enumerate(COLUMNS)}
FIRST_INDICATOR = len(COLUMNS)

WRAP = Alignment(wrap_text=True, vertical="top")
LOCKED_FILL = PatternFill("solid", fgColor="EEF1F4")
OPEN_FILL = PatternFill("solid", fgColor="FFFBE6")
HEADER_FILL = PatternFill("solid", fgColor="1F3B57")
DATE_FORMAT = "yyyy-mm-dd"
LINE_HEIGHT = 15  # points per line of wrapped 11-point text
MAX_LINES = 12  # a longer text scrolls inside its cell rather than making a row a page high


def lines_needed(values, widths) -> int:
    """How many lines the tallest wrapped cell of a row takes, roughly (spreadsheets do not grow a row
    to fit wrapped text written by a program, so its height is set here)."""
    tallest = 1
    for value, width in zip(values, widths, strict=False):
        if isinstance(value, str) and value:
            per_line = max(int(width * 1.15), 1)
            count = sum(max(1, -(-len(part) // per_line)) for part in value.split("\n"))
            tallest = max(tallest, count)
    return min(tallest, MAX_LINES)


@dataclass(frozen=True)
class RowKey:
    """A row's identity in the hidden column: ``kind:key:draft id:draft version:indicator ids:digest``."""

    kind: str
    key: str
    draft_id: int
    draft_version: int
    indicator_ids: tuple[int, ...]
    digest: str

    def __str__(self):
        indicators = ".".join(str(i) for i in self.indicator_ids)
        return f"{self.kind}:{self.key}:{self.draft_id}:{self.draft_version}:{indicators}:{self.digest}"

    @classmethod
    def parse(cls, text) -> RowKey | None:
        parts = str(text or "").strip().split(":")
        if len(parts) != 6 or not all(is_number(p) for p in parts[2:4]):
            return None
        kind, key, draft_id, version, indicators, digest = parts
        ids = indicators.split(".") if indicators else []
        if not all(is_number(i) for i in ids):
            return None
        return cls(kind, key, int(draft_id), int(version), tuple(int(i) for i in ids), digest)

    @classmethod
    def of(cls, row: WorkbookRow) -> RowKey:
        return cls(
            row.kind,
            row.key,
            row.draft_id,
            row.draft_version,
            tuple(i.pk for i in row.indicators),
            fingerprint(row.content, row.values),
        )


def headers(slots: int) -> list[str]:
    """The Report sheet's header row in the active language."""
    titles = {
        "key": KEY_HEADER,
        "institution": _("Institution"),
        "reference": _("Recommendation or action"),
        "symbol": _("Document symbol or plan"),
        "paragraph": _("Paragraph or number"),
        "text": _("Text"),
        "deadline": _("Report due"),
        "published_status": _("Last published status"),
        "published_narrative": _("Last published actions taken"),
        "draft": _("Current draft"),
        "status": _("Status (required)"),
        "level": _("Level"),
        "narrative": _("Actions taken"),
        "challenges": _("Challenges"),
        "period_start": _("Reporting period from"),
        "period_end": _("Reporting period to"),
        "amount_spent": _("Money spent (actions)"),
    }
    names = [titles[name] for name, _w, _f in COLUMNS]
    for n in range(1, slots + 1):
        names += [_("Indicator %(n)d") % {"n": n}, _("Value %(n)d") % {"n": n}]
    return names


def indicator_label(indicator) -> str:
    """Title, unit, baseline and target of an indicator, in one cell beside its value."""
    parts = [indicator.title + (f" ({indicator.unit})" if indicator.unit else "")]
    if indicator.baseline_value is not None:
        year = f" ({indicator.baseline_year})" if indicator.baseline_year else ""
        parts.append(
            _("baseline %(value)s%(year)s") % {"value": plain_number(indicator.baseline_value), "year": year}
        )
    if indicator.target_value is not None:
        when = f" ({indicator.target_date:%Y-%m-%d})" if indicator.target_date else ""
        parts.append(
            _("target %(value)s%(date)s") % {"value": plain_number(indicator.target_value), "date": when}
        )
    return " · ".join(parts)


def draft_label(row: WorkbookRow, states: dict) -> str:
    if row.draft is None:
        return states[None]
    label = states["label"] % {
        "state": states[row.draft.state],
        "version": row.draft.version,
        "date": f"{timezone.localtime(row.draft.updated_at):%Y-%m-%d}",
    }
    return f"{label}: {row.returned_because}" if row.returned_because else label


def draft_labels() -> dict:
    """The words of ``draft_label``, translated once for the whole sheet."""
    return {
        None: _("None"),
        "label": _("%(state)s, version %(version)d, saved %(date)s"),
        **{value: str(label) for value, label in StatusUpdate.State.choices},
    }


class _Cells:
    """Prototype cells, styled once: copying a style is cheap, setting one per cell is not."""

    def __init__(self, sheet):
        self.sheet = sheet
        bold_white = Font(name="Calibri", bold=True, color="FFFFFF")
        self.header = self._make(font=bold_white, fill=HEADER_FILL, alignment=WRAP)
        self.locked = self._make(alignment=WRAP, fill=LOCKED_FILL)
        self.locked_date = self._make(alignment=WRAP, fill=LOCKED_FILL, number_format=DATE_FORMAT)
        unlocked = Protection(locked=False)
        self.open = self._make(alignment=WRAP, fill=OPEN_FILL, protection=unlocked)
        self.open_date = self._make(
            alignment=WRAP, fill=OPEN_FILL, protection=unlocked, number_format=DATE_FORMAT
        )
        self.open_number = self._make(
            alignment=WRAP, fill=OPEN_FILL, protection=unlocked, number_format="General"
        )

    def _make(self, **style):
        cell = WriteOnlyCell(self.sheet)
        for name, value in style.items():
            setattr(cell, name, value)
        return cell

    def cell(self, value, like):
        """A cell of ``value`` styled like ``like``. Text is stored as text without openpyxl's type
        guessing (a third of the time of a large sheet), so it is never a formula, whatever it starts with."""
        if isinstance(value, str):
            cell = WriteOnlyCell(self.sheet)
            if value:
                cell._value, cell.data_type = value, "s"
        else:
            cell = WriteOnlyCell(self.sheet, value=value)
        cell._style = copy(like._style)
        return cell


def _instructions(workbook, *, title: str, rows: int, slots: int) -> None:
    sheet = workbook.create_sheet(_("Instructions"))
    sheet.column_dimensions["A"].width = 90
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    big, bold = Font(name="Calibri", bold=True, size=14), Font(name="Calibri", bold=True)
    statuses = ", ".join(str(label) for label in ImplementationStatus.labels)
    levels = ", ".join(str(label) for label in Level.labels)
    lines = [
        (title, big),
        (
            _("Downloaded on %(date)s; %(rows)d rows to report on.")
            % {"date": f"{timezone.localdate():%Y-%m-%d}", "rows": rows},
            None,
        ),
        ("", None),
        (_("How to fill it in"), bold),
        (
            _(
                "1. Go to the sheet “%(sheet)s”. Each row is one recommendation assigned to your "
                "institution, or one action of an adopted plan that your institution leads."
            )
            % {"sheet": pgettext("workbook sheet", "Report")},
            None,
        ),
        (
            _(
                "2. Grey columns are what the tracker knows; they are locked. Fill in the yellow columns "
                "only."
            ),
            None,
        ),
        (
            _(
                "3. Status is required for a row you report on; choose it from the list. Possible values: "
                "%(values)s."
            )
            % {"values": statuses},
            None,
        ),
        (_("4. Level (optional) is one of: %(values)s.") % {"values": levels}, None),
        (
            _(
                "5. Dates are written as YYYY-MM-DD. Indicator values are numbers only, without units; "
                "they are recorded as of the end of the reporting period (or the day you upload when it is "
                "empty)."
            ),
            None,
        ),
        (
            _(
                "6. On an action's row, write the money spent so far in the column “%(column)s”, as a "
                "number in the action's currency."
            )
            % {"column": _("Money spent (actions)")},
            None,
        ),
        (
            _(
                "7. Where a draft already exists, its values are filled in: change them to update the "
                "draft. Leave a row as it is to change nothing."
            ),
            None,
        ),
        (
            _(
                "8. Save the file and upload it on the tracker's “Report with a workbook” page. You see "
                "what will happen to each row before anything is written."
            ),
            None,
        ),
        ("", None),
        (_("What the tracker checks"), bold),
        (
            _(
                "A row is refused, with the reason, if it is not assigned to an institution you report "
                "for, if a status or level is not one of the list, if a value is not a number, or if its "
                "draft was changed in the tracker after you downloaded this file (a conflict: nothing is "
                "overwritten; download a new workbook)."
            ),
            None,
        ),
        (
            _(
                "While a refused row remains, nothing is written: correct it, or leave it out explicitly "
                "on the preview page."
            ),
            None,
        ),
        (
            _(
                "Confirming saves drafts only. Nothing goes to your validator until you choose “Submit "
                "these drafts”."
            ),
            None,
        ),
        ("", None),
        (_("Do not change the hidden column A, the order of the columns or the name of the sheets."), None),
        (f"{FORMAT} · {slots}", Font(name="Calibri", color="888888")),
    ]
    for number, (text, font) in enumerate(lines, start=1):
        sheet.row_dimensions[number].height = LINE_HEIGHT * lines_needed([text], [85]) + 3
        cell = WriteOnlyCell(sheet, value=text or None)
        cell.alignment = WRAP
        if text:
            cell.data_type = "s"
        if font is not None:
            cell.font = font
        sheet.append([cell])


def write_workbook(rows: list[WorkbookRow], *, title: str, language: str) -> bytes:
    """The workbook for ``rows`` in ``language``; returns the file's bytes."""
    with translation.override(language):
        return _write(rows, title=title)


def _write(rows: list[WorkbookRow], *, title: str) -> bytes:
    slots = max((len(row.indicators) for row in rows), default=0)
    workbook = Workbook(write_only=True)
    _instructions(workbook, title=title, rows=len(rows), slots=slots)
    sheet = workbook.create_sheet(pgettext("workbook sheet", "Report"))
    cells = _Cells(sheet)
    widths = [w for _n, w, _f in COLUMNS] + [40, 12] * slots
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.column_dimensions["A"].hidden = True
    sheet.freeze_panes = "D2"
    last_row = len(rows) + 1
    last_column = get_column_letter(len(widths))
    sheet.auto_filter.ref = f"A1:{last_column}{last_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_title_rows = "1:1"
    sheet.row_dimensions[1].height = LINE_HEIGHT * 3
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = protection.formatRows = protection.autoFilter = protection.sort = False
    _validations(sheet, last_row, slots)
    sheet.append([cells.cell(text, cells.header) for text in headers(slots)])
    statuses = {value: str(label) for value, label in ImplementationStatus.choices}
    levels = {value: str(label) for value, label in Level.choices}
    states = draft_labels()
    for number, row in enumerate(rows, start=2):
        content = row.content
        line = [
            cells.cell(str(RowKey.of(row)), cells.locked),
            cells.cell(row.institution, cells.locked),
            cells.cell(row.reference, cells.locked),
            cells.cell(row.symbol, cells.locked),
            cells.cell(row.paragraph, cells.locked),
            cells.cell(row.text, cells.locked),
            cells.cell(row.deadline, cells.locked_date),
            cells.cell(row.published_status, cells.locked),
            cells.cell(row.published_narrative, cells.locked),
            cells.cell(draft_label(row, states), cells.locked),
            cells.cell(statuses.get(content["status"], ""), cells.open),
            cells.cell(levels.get(content["level"], ""), cells.open),
            cells.cell(content["narrative"], cells.open),
            cells.cell(content["challenges"], cells.open),
            cells.cell(content["period_start"], cells.open_date),
            cells.cell(content["period_end"], cells.open_date),
            cells.cell(_amount(content["amount_spent"]), cells.open_number)
            if row.kind == "action"
            else cells.cell(None, cells.locked),
        ]
        for indicator in row.indicators:
            value = row.values.get(indicator.pk)
            line.append(cells.cell(indicator_label(indicator), cells.locked))
            line.append(cells.cell(_amount(value), cells.open_number))
        line += [cells.cell(None, cells.locked)] * (2 * (slots - len(row.indicators)))
        shown = [c.value for c in line[1:]]  # the hidden key takes no room
        sheet.row_dimensions[number].height = LINE_HEIGHT * lines_needed(shown, widths[1:]) + 3
        sheet.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _amount(value):
    return float(value) if value is not None else None


def _validations(sheet, last_row: int, slots: int) -> None:
    """Drop-downs for status and level, a number check for values, a date check for the period."""
    if last_row < 2:
        return

    def column(name):
        return get_column_letter(FIELD_COLUMN[name] + 1)

    def choice(labels, required):
        listed = ",".join(str(label) for label in labels)
        assert "," not in "".join(str(label) for label in labels), "a label with a comma breaks the list"
        rule = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=not required)
        rule.error = _("Choose a value from the list.")
        rule.errorTitle = _("Not a value of the list")
        rule.showErrorMessage = True
        return rule

    status = choice(ImplementationStatus.labels, True)
    status.add(f"{column('status')}2:{column('status')}{last_row}")
    level = choice(Level.labels, False)
    level.add(f"{column('level')}2:{column('level')}{last_row}")
    dates = DataValidation(type="date", operator="greaterThan", formula1="1")
    dates.error, dates.errorTitle, dates.showErrorMessage = (
        _("Write a date as YYYY-MM-DD."),
        _("Not a date"),
        True,
    )
    dates.add(f"{column('period_start')}2:{column('period_end')}{last_row}")
    spent = DataValidation(type="decimal", operator="between", formula1="0", formula2="1000000000000")
    spent.error, spent.errorTitle = _("Write an amount of money, zero or more."), _("Not an amount")
    spent.showErrorMessage = True
    spent.add(f"{column('amount_spent')}2:{column('amount_spent')}{last_row}")
    rules = [status, level, dates, spent]
    if slots:
        numbers = DataValidation(
            type="decimal", operator="between", formula1="-1000000000000", formula2="1000000000000"
        )
        numbers.error, numbers.errorTitle = _("Write a number, without its unit."), _("Not a number")
        numbers.showErrorMessage = True
        for n in range(slots):
            letter = get_column_letter(FIRST_INDICATOR + 2 * n + 2)
            numbers.add(f"{letter}2:{letter}{last_row}")
        rules.append(numbers)
    for rule in rules:
        sheet.data_validations.append(rule)

"""Importing an existing plan from a spreadsheet: all or nothing, after a preview.

The first sheet (or the CSV) has one action per row. Columns are recognised by name, case and accents
aside, with the names coordinators use; only the plan row's title, the action, the lead institution and
the dates are required:

- ``Plan``, ``Plan period`` (first row only): the plan's title and "YYYY-MM-DD – YYYY-MM-DD" (or
  "2024–2028"); or the preview form's values.
- ``Number`` ("1.2") and ``Part of`` (the number of the parent action, earlier in the file);
- ``Action``, ``Description``, ``Expected output``;
- ``Lead institution``, ``Supporting institutions`` (name or acronym, several separated by ";" or lines);
- ``Start``, ``End`` (a date: ISO, day/month/year, or a year: 1 January / 31 December);
- ``Budget``, ``Currency``, ``Source`` (national budget, donor, UPR Voluntary Fund, other);
- ``Recommendations``: public ids (``R1A2…``) or a document symbol and paragraph ("A/HRC/28/15 115.3"),
  several separated by ";" or lines; ``Clusters`` (national cluster names); ``SDG targets`` ("5.3").

``plan_import_preview`` reads and checks every row without writing, and returns a signed token holding
the parsed rows; ``plan_import_confirm`` checks them again (the data may have changed in between) and
writes the plan and its actions in one transaction, through the services, or nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from institutions.models import Institution
from recommendations.importers.tabular import FileUnreadable, read_table
from recommendations.models import Recommendation
from reference.models import SdgTarget, Theme
from upr_tracker.errors import ApplicationError

from . import services
from .models import BudgetSource, Plan

SALT = "plans.import"
MAX_AGE = 24 * 3600
MAX_ROWS = 2000
PUBLIC_ID = re.compile(r"^R[0-9A-Z]{12}$")
SYMBOL_PARAGRAPH = re.compile(
    r"^(?P<symbol>[A-Z]+(?:/[\w.-]+)+)[\s,]*(?:para(?:graph)?\.?|§)?\s*(?P<paragraph>\d+(?:\.\d+)*)$", re.I
)
SPLIT = re.compile(r"[;\n]+")

COLUMNS = {
    "plan": ["plan", "plan title"],
    "period": ["plan period", "period"],
    "code": ["number", "no", "no.", "action number", "code"],
    "parent": ["part of", "parent", "parent number"],
    "title": ["action", "action title", "title", "activity"],
    "description": ["description"],
    "expected_output": ["expected output", "output", "expected result"],
    "lead": ["lead institution", "lead", "responsible", "responsible institution"],
    "supporting": ["supporting institutions", "supporting", "partners"],
    "start": ["start", "start date", "from"],
    "end": ["end", "end date", "to", "deadline"],
    "budget": ["budget", "budget amount", "cost", "estimated cost"],
    "currency": ["currency"],
    "source": ["source", "source of funds", "funding source", "budget source"],
    "recommendations": ["recommendations", "recommendation", "recommendation ids"],
    "clusters": ["clusters", "cluster", "national clusters"],
    "sdg_targets": ["sdg targets", "sdg target", "sdgs"],
}
SOURCES = {
    "national": BudgetSource.NATIONAL,
    "national budget": BudgetSource.NATIONAL,
    "government": BudgetSource.NATIONAL,
    "donor": BudgetSource.DONOR,
    "donors": BudgetSource.DONOR,
    "upr voluntary fund": BudgetSource.VOLUNTARY_FUND,
    "voluntary fund": BudgetSource.VOLUNTARY_FUND,
    "upr_fund": BudgetSource.VOLUNTARY_FUND,
    "other": BudgetSource.OTHER,
}


def _key(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(plain.lower().replace("_", " ").split())


@dataclass
class Row:
    number: int
    values: dict
    problems: list[str] = field(default_factory=list)


@dataclass
class Preview:
    plan: dict
    rows: list[Row]
    problems: list[str]  # about the file as a whole
    token: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems and not any(row.problems for row in self.rows)


def _date(text: str, *, end: bool = False) -> date | None:
    text = text.strip()
    if not text:
        return None
    if re.fullmatch(r"\d{4}", text):
        return date(int(text), 12, 31) if end else date(int(text), 1, 1)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _period(text: str) -> tuple[date, date] | None:
    parts = [p for p in re.split(r"\s*(?:–|—|to|\s-\s|/(?=\d{4}$))\s*", text.strip()) if p]
    if len(parts) == 1 and re.fullmatch(r"\d{4}-\d{4}", parts[0]):
        parts = parts[0].split("-")
    if len(parts) != 2:
        return None
    try:
        return _date(parts[0]), _date(parts[1], end=True)
    except ValueError:
        return None


class _Lookups:
    """Institutions, clusters, targets and recommendations read once per file, not per row."""

    def __init__(self, records):
        self.institutions = {}
        for institution in Institution.objects.filter(is_active=True):
            self.institutions[_key(institution.name)] = institution
            if institution.acronym:
                self.institutions.setdefault(_key(institution.acronym), institution)
        self.clusters = {_key(t.name): t for t in Theme.objects.filter(scheme=Theme.Scheme.NATIONAL)}
        self.targets = {t.code: t for t in SdgTarget.objects.all()}
        ids, pairs = set(), set()
        for _number, values in records:
            for item in SPLIT.split(values.get("recommendations", "")):
                item = item.strip()
                if PUBLIC_ID.match(item):
                    ids.add(item)
                elif match := SYMBOL_PARAGRAPH.match(item):
                    pairs.add((match["symbol"].upper(), match["paragraph"]))
        condition = Q(public_id__in=ids)
        for symbol, paragraph in pairs:
            condition |= Q(review__document_symbol__iexact=symbol, paragraph=paragraph)
        self.by_id, self.by_symbol = {}, {}
        if ids or pairs:
            for r in Recommendation.objects.filter(condition).select_related("review"):
                self.by_id[r.public_id] = r
                self.by_symbol.setdefault((r.review.document_symbol.upper(), r.paragraph), []).append(r)


def _parse_row(number: int, raw: dict, lookups: _Lookups, codes: set[str]) -> Row:
    row = Row(number, {})
    values, problems = row.values, row.problems
    values["code"] = raw.get("code", "")
    values["parent"] = raw.get("parent", "")
    values["title"] = raw.get("title", "")
    values["description"] = raw.get("description", "")
    values["expected_output"] = raw.get("expected_output", "")
    if not values["title"]:
        problems.append(_("the action has no title"))
    if values["parent"] and values["parent"] not in codes:
        problems.append(_("part of %(code)s, which no earlier row numbers") % {"code": values["parent"]})
    lead = lookups.institutions.get(_key(raw.get("lead", "")))
    if lead is None:
        problems.append(_("unknown lead institution “%(name)s”") % {"name": raw.get("lead", "")})
    values["lead"] = lead.pk if lead else None
    values["supporting"] = []
    for name in filter(None, (s.strip() for s in SPLIT.split(raw.get("supporting", "")))):
        found = lookups.institutions.get(_key(name))
        if found is None:
            problems.append(_("unknown supporting institution “%(name)s”") % {"name": name})
        else:
            values["supporting"].append(found.pk)
    for name, end in (("start", False), ("end", True)):
        try:
            day = _date(raw.get(name, ""), end=end)
        except ValueError:
            problems.append(_("%(column)s is not a date: “%(value)s”") % {"column": name, "value": raw[name]})
            day = None
        if day is None and not any(name in p for p in problems):
            problems.append(_("no %(column)s date") % {"column": name})
        values[name] = day.isoformat() if day else None
    budget = raw.get("budget", "").replace(",", "").replace(" ", "")
    values["budget"] = None
    if budget:
        try:
            values["budget"] = str(Decimal(budget))
        except InvalidOperation:
            problems.append(_("the budget is not a number: “%(value)s”") % {"value": raw["budget"]})
    values["currency"] = raw.get("currency", "").upper()
    source = raw.get("source", "")
    values["source"] = SOURCES.get(_key(source), "") if source else ""
    if source and not values["source"]:
        problems.append(_("unknown source of funds “%(value)s”") % {"value": source})
    values["recommendations"] = []
    for item in filter(None, (s.strip() for s in SPLIT.split(raw.get("recommendations", "")))):
        match = SYMBOL_PARAGRAPH.match(item)
        if PUBLIC_ID.match(item) and item in lookups.by_id:
            values["recommendations"].append(lookups.by_id[item].pk)
        elif (
            match
            and len(found := lookups.by_symbol.get((match["symbol"].upper(), match["paragraph"]), [])) == 1
        ):
            values["recommendations"].append(found[0].pk)
        elif match and found:
            problems.append(
                _("%(item)s matches several recommendations: use their public ids") % {"item": item}
            )
        else:
            problems.append(_("unknown recommendation “%(item)s”") % {"item": item})
    values["clusters"] = []
    for name in filter(None, (s.strip() for s in SPLIT.split(raw.get("clusters", "")))):
        cluster = lookups.clusters.get(_key(name))
        if cluster is None:
            problems.append(_("unknown national cluster “%(name)s”") % {"name": name})
        else:
            values["clusters"].append(cluster.pk)
    values["sdg_targets"] = []
    for code in filter(None, (s.strip() for s in re.split(r"[;,\n]+", raw.get("sdg_targets", "")))):
        target = lookups.targets.get(code)
        if target is None:
            problems.append(_("unknown SDG target “%(code)s”") % {"code": code})
        else:
            values["sdg_targets"].append(target.pk)
    return row


def _read(data: bytes) -> tuple[list[tuple[int, dict]], list[str]]:
    try:
        table = read_table(data)
    except (FileUnreadable, UnicodeDecodeError) as error:
        return [], [_("The file cannot be read: %(error)s") % {"error": error}]
    names = {}
    for column in table.columns:
        for field_name, aliases in COLUMNS.items():
            if _key(column) in aliases:
                names[column] = field_name
    missing = [c for c in ("title", "lead", "start", "end") if c not in names.values()]
    if missing:
        wanted = ", ".join(COLUMNS[c][0].capitalize() for c in missing)
        return [], [_("Columns missing: %(columns)s.") % {"columns": wanted}]
    if len(table.records) > MAX_ROWS:
        return [], [_("At most %(n)d actions in one file.") % {"n": MAX_ROWS}]
    records = [(n, {names[k]: v for k, v in values.items() if k in names}) for n, values in table.records]
    return records, []


def _check(plan: dict, records) -> Preview:
    problems = []
    if not plan.get("title"):
        problems.append(_("The plan has no title (a “Plan” column, or the form)."))
    if not plan.get("period_start") or not plan.get("period_end"):
        problems.append(_("The plan has no period (a “Plan period” column, or the form)."))
    if not records:
        problems.append(_("The file has no actions."))
    lookups = _Lookups(records)
    rows, codes = [], set()
    for number, raw in records:
        row = _parse_row(number, raw, lookups, codes)
        start, end = row.values["start"], row.values["end"]
        if plan.get("period_start") and start and start < plan["period_start"]:
            row.problems.append(_("starts before the plan's period"))
        if plan.get("period_end") and end and end > plan["period_end"]:
            row.problems.append(_("ends after the plan's period"))
        if row.values["code"]:
            if row.values["code"] in codes:
                row.problems.append(_("number %(code)s is used twice") % {"code": row.values["code"]})
            codes.add(row.values["code"])
        rows.append(row)
    return Preview(plan, rows, problems)


def plan_import_preview(*, file, by, title: str = "", kind: str = Plan.Kind.UPR, period=None) -> Preview:
    """Read and check the whole file; nothing is written. ``token`` is set when it can be imported."""
    services.require_planner(by)
    records, problems = _read(file.read())
    plan = {"title": title, "kind": kind}
    if period:
        plan["period_start"], plan["period_end"] = (d.isoformat() for d in period)
    if records:
        first = records[0][1]
        plan["title"] = plan["title"] or first.get("plan", "")
        if first.get("period") and "period_start" not in plan:
            found = _period(first["period"])
            if found is None:
                problems.append(
                    _("The plan period “%(value)s” is not two dates.") % {"value": first["period"]}
                )
            else:
                plan["period_start"], plan["period_end"] = (d.isoformat() for d in found)
    preview = _check(plan, records)
    preview.problems[:0] = problems
    if preview.ok:  # the model rules (dates inside the period…): write it all, then roll it back
        try:
            with transaction.atomic():
                _write(preview, by)
                raise _DryRun
        except _DryRun:
            pass
        except ApplicationError as error:
            preview.problems.append(error.message)
    if preview.ok:
        preview.token = signing.dumps({"plan": plan, "records": records}, salt=SALT, compress=True)
    return preview


@transaction.atomic
def plan_import_confirm(*, token: str, by):
    """Write the previewed plan as a draft with its actions, or nothing (every row checked again)."""
    services.require_planner(by)
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature as error:
        raise ApplicationError(
            _("This preview has expired or was altered: upload the file again.")
        ) from error
    preview = _check(payload["plan"], [tuple(r) for r in payload["records"]])
    if not preview.ok:
        raise ApplicationError(_("The data changed since the preview: upload the file again to see why."))
    return _write(preview, by)


class _DryRun(Exception):
    """Raised to roll back the preview's trial write."""


def _write(preview: Preview, by) -> Plan:
    plan = services.plan_create(
        by=by,
        title=preview.plan["title"],
        kind=preview.plan.get("kind") or Plan.Kind.UPR,
        period_start=date.fromisoformat(preview.plan["period_start"]),
        period_end=date.fromisoformat(preview.plan["period_end"]),
    )
    by_code = {}
    for row in preview.rows:
        v = row.values
        try:
            action = services.action_create(
                plan=plan,
                by=by,
                parent=by_code.get(v["parent"]) if v["parent"] else None,
                code=v["code"],
                title=v["title"],
                description=v["description"],
                expected_output=v["expected_output"],
                lead_institution=Institution.objects.get(pk=v["lead"]),
                start_date=date.fromisoformat(v["start"]),
                end_date=date.fromisoformat(v["end"]),
                budget_amount=Decimal(v["budget"]) if v["budget"] else None,
                budget_currency=v["currency"],
                budget_source=v["source"],
                supporting_institutions=v["supporting"],
                recommendations=v["recommendations"],
                clusters=v["clusters"],
                sdg_targets=v["sdg_targets"],
            )
        except ApplicationError as error:
            raise ApplicationError(
                _("Row %(row)d: %(reason)s Nothing was imported.")
                % {"row": row.number, "reason": error.message}
            ) from error
        if v["code"]:
            by_code[v["code"]] = action
    return plan

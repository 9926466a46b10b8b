"""What uploading a workbook would do, row by row, before anything is written.

Each row gets one outcome: a new draft, an update of the existing draft, nothing (unchanged), or a
refusal with its reasons. The same plan is made again at confirmation, against the tracker as it is
then, so what is written is what the plan says at that moment. The plan costs a fixed number of queries
per kind of row, whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.models import IndicatorValue

from .reader import ReadRow
from .sources import SOURCES, WorkbookRow, fingerprint, plain_number


class Outcome:
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    REFUSED = "refused"


FIELD_LABELS = {
    "status": "Status",
    "level": "Level",
    "narrative": "Actions taken",
    "challenges": "Challenges",
    "period_start": "Reporting period from",
    "period_end": "Reporting period to",
    "amount_spent": "Money spent",
}


@dataclass
class RowPlan:
    number: int
    outcome: str
    reference: str = ""
    institution: str = ""
    reasons: list[tuple[str, str]] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    read: ReadRow | None = None
    row: WorkbookRow | None = None

    def as_dict(self) -> dict:
        """What the preview page and the API show; enough to explain, not enough to write from."""
        return {
            "row": self.number,
            "outcome": self.outcome,
            "recommendation": self.reference,
            "institution": self.institution,
            "kind": self.row.kind if self.row and self.institution else "",
            "url": self.row.url if self.row and self.institution else "",  # only for what one may see
            "reasons": [{"code": code, "message": message} for code, message in self.reasons],
            "changes": self.changes,
        }


def _conflict(read: ReadRow, row: WorkbookRow) -> str | None:
    """Why the row's draft is no longer the one the workbook was downloaded with, or None."""
    key = read.key
    if key.draft_id == 0 and row.draft is not None:
        return _(
            "A draft was started in the tracker after this workbook was downloaded (version %(now)d)."
        ) % {"now": row.draft_version}
    if key.draft_id and row.draft_id != key.draft_id:
        return _(
            "The draft in this workbook was submitted or replaced in the tracker after it was downloaded."
        )
    if key.draft_id and row.draft_version != key.draft_version:
        return _(
            "The draft was edited in the tracker after this workbook was downloaded (version %(mine)d, now "
            "%(now)d)."
        ) % {"mine": key.draft_version, "now": row.draft_version}
    return None


def _changes(read: ReadRow, row: WorkbookRow) -> list[str]:
    changed = [
        _(FIELD_LABELS[name]) for name, value in read.content.items() if value != row.content.get(name)
    ]
    indicators = {i.pk: i for i in row.indicators}
    for pk, value in read.values.items():
        if row.values.get(pk) != value:
            changed.append(f"{indicators[pk].title}: {plain_number(value)}")
    return changed


def value_date(read: ReadRow):
    """Indicator values are recorded as of the end of the reporting period, or the day of the upload."""
    return read.content.get("period_end") or timezone.localdate()


def _values_on_dates(plans: list[RowPlan]) -> dict[tuple[int, object], set]:
    """(indicator, date) → the updates (None: recorded on its own) already holding a value for them."""
    wanted = {(i["indicator"].pk, i["date"]) for p in plans for i in indicator_values(p)}
    found: dict[tuple[int, object], set] = {}
    if wanted:
        existing = IndicatorValue.objects.filter(
            indicator__in={pk for pk, _d in wanted}, date__in={d for _pk, d in wanted}
        ).values_list("indicator_id", "date", "status_update_id")
        for pk, when, update in existing:
            found.setdefault((pk, when), set()).add(update)
    return found


def plan_rows(user, rows: list[ReadRow]) -> list[RowPlan]:
    """The outcome of every read row for ``user``; see the module docstring."""
    current: dict[tuple[str, str], WorkbookRow] = {}
    for kind, source in SOURCES.items():
        keys = [r.key.key for r in rows if r.key and r.key.kind == kind]
        if keys:
            current.update({(kind, key): row for key, row in source.resolve(keys).items()})
    seen: dict[tuple[str, str], int] = {}
    plans = []
    for read in rows:
        plan = RowPlan(number=read.number, outcome=Outcome.REFUSED, reference=read.reference, read=read)
        plans.append(plan)
        plan.reasons = list(read.errors)
        if read.key is None:
            continue
        identity = (read.key.kind, read.key.key)
        row = current.get(identity)
        if row is None or read.key.kind not in SOURCES:
            plan.reasons.append(
                ("not_assigned", _("This row names nothing assigned in the tracker any more."))
            )
            continue
        plan.row = row
        if SOURCES[read.key.kind].can_see(user, row):  # never tell what someone else's key names
            plan.reference, plan.institution = row.reference, row.institution
        if identity in seen:
            plan.reasons.append(
                ("duplicate", _("The same row appears again at row %(n)d.") % {"n": seen[identity]})
            )
            continue
        seen[identity] = read.number
        if plan.reasons:
            continue
        if fingerprint(read.content, read.values) == read.key.digest:
            plan.outcome = Outcome.UNCHANGED
            continue
        if not SOURCES[read.key.kind].can_report(user, row):
            plan.reasons.append(
                ("not_assigned", _("This recommendation is not assigned to an institution you report for."))
            )
            continue
        conflict = _conflict(read, row)
        if conflict:
            plan.reasons.append(("conflict", conflict))
            continue
        if not read.content["status"]:
            plan.reasons.append(("missing_status", _("Choose a status: it is required for a report.")))
        start, end = read.content["period_start"], read.content["period_end"]
        if start and end and end < start:
            plan.reasons.append(("period_order", _("The reporting period ends before it starts.")))
        if plan.reasons:
            continue
        plan.changes = _changes(read, row)
        plan.outcome = Outcome.UPDATE if row.draft else Outcome.CREATE
    writing = [p for p in plans if p.outcome in (Outcome.CREATE, Outcome.UPDATE)]
    taken = _values_on_dates(writing)
    for plan in writing:
        for value in indicator_values(plan):
            holders = taken.get((value["indicator"].pk, value["date"]), set()) - {plan.row.draft_id or -1}
            if holders:
                plan.outcome = Outcome.REFUSED
                plan.changes = []
                plan.reasons.append(
                    (
                        "value_taken",
                        _(
                            "%(indicator)s already has a value for %(date)s: give another end of the "
                            "reporting period."
                        )
                        % {"indicator": value["indicator"].title, "date": value["date"].isoformat()},
                    )
                )
                break
    return plans


def indicator_values(plan: RowPlan) -> list[dict]:
    """The values a row gives that differ from its draft's, as the tracking services take them."""
    when = value_date(plan.read)
    return [
        {"indicator": indicator, "date": when, "value": plan.read.values[indicator.pk]}
        for indicator in plan.row.indicators
        if indicator.pk in plan.read.values
        and plan.row.values.get(indicator.pk) != plan.read.values[indicator.pk]
    ]


def summary(plans: list[RowPlan]) -> dict:
    counts = dict.fromkeys((Outcome.CREATE, Outcome.UPDATE, Outcome.UNCHANGED, Outcome.REFUSED), 0)
    for plan in plans:
        counts[plan.outcome] += 1
    return {"counts": counts, "rows": [plan.as_dict() for plan in plans]}

"""A plan as an implementation matrix, in the reports' layout: one table grouped by national cluster.

Columns as Kenya's matrix and the reports' ``matrix`` kind: cluster, recommendations, action,
responsible institutions, timeline, budget, indicators, status. The document is built with
``reports.document`` and written by the reports' own XLSX and DOCX writers, so it looks like every
other report. Headings are in English, as in the other reports.
"""

from pathlib import Path

from reports.blocks import STATUS, amount
from reports.document import Column, Document, Paragraph, Table
from reports.kinds.tables import NOT_CLUSTERED
from reports.writers import docx, xlsx

from .models import BudgetSource, Plan
from .selectors import budget_totals, plan_actions, timeline

WRITERS = {"xlsx": xlsx.write, "docx": docx.write}
SOURCES = dict(BudgetSource.choices)

COLUMNS = [
    Column("Recommendations", 45),
    Column("Action", 35),
    Column("Responsible", 22),
    Column("Timeline", 13),
    Column("Budget", 18),
    Column("Indicators", 28),
    STATUS,
]


def _recommendations(action) -> str:
    return "\n".join(
        f"{r.public_id} ({r.paragraph}): {r.text}" if r.paragraph else f"{r.public_id}: {r.text}"
        for r in action.recommendations.all()
    )


def _responsible(action) -> str:
    supporting = ", ".join(str(i) for i in action.supporting_institutions.all())
    return f"Lead: {action.lead_institution}" + (f"\nSupporting: {supporting}" if supporting else "")


def _budget(action) -> str:
    if action.budget_amount is None:
        return "–"
    text = amount(action.budget_amount, action.budget_currency)
    return f"{text}\n{SOURCES[action.budget_source]}" if action.budget_source else text


def _indicators(action) -> str:
    lines = []
    for indicator in action.indicators.all():
        baseline = amount(indicator.baseline_value, indicator.unit)
        target = amount(indicator.target_value, indicator.unit)
        lines.append(f"{indicator.title} (baseline {baseline}, target {target})")
    return "\n".join(lines)


def plan_matrix(plan: Plan, user) -> Document:
    """The matrix of ``plan`` with what ``user`` may see of its recommendations; published progress only."""
    actions = plan_actions(plan, user)
    ordered = [(bar.action, bar.depth) for bar in timeline(plan, actions).bars]

    def cluster(action) -> str:
        names = sorted(c.name for c in action.clusters.all())
        return names[0] if names else NOT_CLUSTERED

    rows = sorted(
        (
            [
                cluster(action),
                _recommendations(action),
                ("    " * depth)
                + action.label
                + (f"\n{action.expected_output}" if action.expected_output else ""),
                _responsible(action),
                f"{action.start_date.isoformat()} –\n{action.end_date.isoformat()}",
                _budget(action),
                _indicators(action),
                action.current_status,
            ]
            for action, depth in ordered
        ),
        key=lambda row: (row[0] == NOT_CLUSTERED, row[0]),  # stable: timeline order inside a cluster
    )
    totals = "; ".join(amount(total, currency) for currency, total in budget_totals(actions)) or "–"
    period = f"{plan.period_start.isoformat()} – {plan.period_end.isoformat()}"
    blocks = [
        Paragraph(f"{plan.get_kind_display()}, {period}; {plan.get_state_display().lower()}", label="Plan"),
        Paragraph(totals, label="Total budget"),
        Table("Implementation matrix", COLUMNS, rows, group_title="Cluster"),
    ]
    return Document(plan.title, period, blocks)


def write(document: Document, file_format: str, path: Path) -> None:
    WRITERS[file_format](document, path)

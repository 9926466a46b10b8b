"""Where a reporting workbook's rows come from, and where what is filled in goes back to.

A row is one thing an institution reports on. Each kind of row has a source: it lists the rows a person
may download, finds them again from the keys an uploaded workbook carries, says whether the person may
report on one, and writes a filled-in row through its app's own services. The writer, the reader and the
preview only speak to sources through ``RowSource``, so a second kind of row (the actions of an
adopted action plan that an institution leads) is one more class in ``SOURCES``, not a rewrite.

Every row offers the same fill-in columns (``CONTENT_FIELDS``, from the status update) and up to a few
indicator values.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from indicators.models import Indicator, IndicatorValue
from institutions.models import Assignment, WorkingGroup
from plans.models import Action, BudgetSource, Plan
from upr_tracker import access
from upr_tracker.numbers import is_number

from ..models import AuditEntry, StatusUpdate
from ..services import CONTENT_FIELDS, status_update_create, status_update_edit

TEXT_FIELDS = ("status", "level", "narrative", "challenges")

EMPTY_CONTENT = {name: "" if name in TEXT_FIELDS else None for name in CONTENT_FIELDS}


@dataclass(frozen=True)
class Scope:
    """What a download covers: an institution, a national cluster, a working group, an action plan (or all
    one may see)."""

    institution: int | None = None
    cluster: int | None = None
    working_group: int | None = None
    plan: int | None = None


@dataclass
class WorkbookRow:
    """One row as the tracker has it now: what it is about, its last published report, its current draft.

    ``content`` holds the draft's fill-in values (empty without a draft) and ``values`` its indicator
    values by indicator id: the workbook is pre-filled with them, so a person edits the draft in place.
    """

    kind: str
    key: str
    institution_id: int
    institution: str
    reference: str
    symbol: str
    paragraph: str
    text: str
    deadline: date | None
    published_status: str = ""
    published_narrative: str = ""
    published_at: date | None = None
    draft: StatusUpdate | None = None
    indicators: list[Indicator] = field(default_factory=list)
    content: dict = field(default_factory=lambda: dict(EMPTY_CONTENT))
    values: dict[int, Decimal] = field(default_factory=dict)
    target: object = None  # what the source writes to (an assignment, an action)
    returned_because: str = ""  # the validator's reason, when the draft was returned
    url: str = ""  # the subject's page in the tracker

    @property
    def draft_id(self) -> int:
        return self.draft.pk if self.draft else 0

    @property
    def draft_version(self) -> int:
        return self.draft.version if self.draft else 0


def plain_number(value: Decimal | None) -> str:
    """A number as the shortest text that means it: 42, 42.5 (never 42.0000 or 4.2E+1)."""
    if value is None:
        return ""
    return format(Decimal(value).normalize(), "f")


def fingerprint(content: dict, values: dict[int, Decimal]) -> str:
    """A short digest of a row's fill-in values, written into the workbook and compared on upload.

    Equal digests mean the person changed nothing in that row, whatever happened in the tracker since.
    """
    parts = []
    for name in CONTENT_FIELDS:
        value = content.get(name)
        if isinstance(value, date):
            parts.append(value.isoformat())
        elif isinstance(value, Decimal):
            parts.append(plain_number(value))
        else:
            parts.append((value or "").replace("\r\n", "\n").strip())
    parts += [f"{pk}={plain_number(v)}" for pk, v in sorted(values.items()) if v is not None]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def returned_reasons(update_ids: list[int]) -> dict[int, str]:
    """update id → the comment of its latest return, from the audit log: one query."""
    if not update_ids:
        return {}
    entries = AuditEntry.objects.filter(
        action="tracking.status_update.returned",
        content_type=ContentType.objects.get_for_model(StatusUpdate),
        object_id__in=update_ids,
    ).order_by("at", "id")
    return {entry.object_id: entry.comment for entry in entries}


class RowSource:
    """The interface every kind of row implements; see the module docstring."""

    kind: str
    model: type  # what a row's key is the id of

    def rows(self, user, scope: Scope) -> list[WorkbookRow]:
        """The rows ``user`` may download within ``scope``, in the order a person works through them."""
        raise NotImplementedError

    def _build(self, queryset) -> list[WorkbookRow]:
        raise NotImplementedError

    def resolve(self, keys: list[str]) -> dict[str, WorkbookRow]:
        """The rows these keys name, as they are now (keys that name nothing are left out)."""
        ids = [int(key) for key in keys if is_number(key)]
        return {row.key: row for row in self._build(self.model.objects.filter(pk__in=ids))}

    def can_see(self, user, row: WorkbookRow) -> bool:
        """The coordinator sees every row; others, their own institutions' rows."""
        return access.is_coordinator(user) or row.institution_id in access.institution_ids(user)

    def can_report(self, user, row: WorkbookRow) -> bool:
        raise NotImplementedError

    def write(self, user, row: WorkbookRow, content: dict, values: list[dict]) -> StatusUpdate:
        """Create the row's draft, or edit it from the version the workbook was downloaded at."""
        raise NotImplementedError


class RecommendationRows(RowSource):
    """One row per assignment: an institution's report on a recommendation, as a status update draft."""

    kind = "recommendation"
    model = Assignment

    def _assignments(self, user, scope: Scope):
        rows = Assignment.objects.all()
        if not access.is_coordinator(user):
            rows = rows.filter(institution__in=access.institution_ids(user))
        if scope.institution:
            rows = rows.filter(institution=scope.institution)
        if scope.cluster:
            rows = rows.filter(recommendation__themes=scope.cluster)
        if scope.working_group:
            group = WorkingGroup.objects.filter(pk=scope.working_group)
            rows = rows.filter(
                Q(recommendation__in=group.values("recommendations"))
                | Q(recommendation__themes__in=group.values("clusters"))
            )
        if scope.plan:  # the recommendations the plan's actions answer
            rows = rows.filter(recommendation__actions__plan=scope.plan)
        return rows.distinct()

    def rows(self, user, scope: Scope) -> list[WorkbookRow]:
        assignments = self._assignments(user, scope).order_by(
            "deadline", "institution__name", "recommendation__public_id"
        )
        return self._build(assignments)

    def can_report(self, user, row: WorkbookRow) -> bool:
        return access.reports_for(user, row.institution_id)

    def write(self, user, row: WorkbookRow, content: dict, values: list[dict]) -> StatusUpdate:
        if row.draft is None:
            assignment = row.target
            return status_update_create(
                recommendation=assignment.recommendation,
                institution=assignment.institution,
                by=user,
                indicator_values=values,
                **content,
            )
        return status_update_edit(
            update=row.draft,
            by=user,
            expected_version=row.draft_version,
            indicator_values=values,
            **content,
        )

    def _build(self, assignments) -> list[WorkbookRow]:
        """Rows for the assignments, in their order, in a fixed number of queries whatever their count."""
        assignments = list(
            assignments.select_related("recommendation__review", "institution").order_by(
                "deadline", "institution__name", "recommendation__public_id"
            )
        )
        recommendation_ids = {a.recommendation_id for a in assignments}
        reports = Reports(
            StatusUpdate.objects.filter(
                recommendation__in=recommendation_ids,
                institution__in={a.institution_id for a in assignments},
            ),
            lambda update: (update.recommendation_id, update.institution_id),
        )
        indicators: dict[int, list[Indicator]] = {}
        for indicator in Indicator.objects.filter(recommendation__in=recommendation_ids).order_by("id"):
            indicators.setdefault(indicator.recommendation_id, []).append(indicator)
        rows = []
        for assignment in assignments:
            recommendation = assignment.recommendation
            rows.append(
                reports.row(
                    (assignment.recommendation_id, assignment.institution_id),
                    kind=self.kind,
                    key=str(assignment.pk),
                    institution_id=assignment.institution_id,
                    institution=str(assignment.institution),
                    reference=recommendation.public_id,
                    symbol=recommendation.review.document_symbol,
                    paragraph=recommendation.paragraph,
                    text=recommendation.text,
                    deadline=assignment.deadline,
                    indicators=indicators.get(assignment.recommendation_id, []),
                    target=assignment,
                    url=reverse("tracking:recommendation", args=[recommendation.public_id]),
                )
            )
        return rows


class Reports:
    """The drafts and published reports of many subjects at once, in a fixed number of queries; ``row``
    makes a subject's ``WorkbookRow`` with them. ``subject`` gives the key an update belongs under."""

    def __init__(self, updates, subject):
        updates = updates.order_by("created_at", "id")
        self.drafts, self.published = {}, {}
        for update in updates.filter(state__in=access.EDITABLE_STATES):
            self.drafts[subject(update)] = update  # the newest wins
        for update in updates.filter(state=StatusUpdate.State.PUBLISHED).order_by("published_at", "id"):
            self.published[subject(update)] = update
        self.values: dict[int, dict[int, Decimal]] = {}
        for value in IndicatorValue.objects.filter(
            status_update__in=[d.pk for d in self.drafts.values()]
        ).order_by("date", "id"):
            self.values.setdefault(value.status_update_id, {})[value.indicator_id] = value.value
        self.reasons = returned_reasons(
            [d.pk for d in self.drafts.values() if d.state == StatusUpdate.State.RETURNED]
        )
        self.statuses = dict(StatusUpdate._meta.get_field("status").choices)

    def row(self, subject, **fields) -> WorkbookRow:
        draft, last = self.drafts.get(subject), self.published.get(subject)
        return WorkbookRow(
            published_status=str(self.statuses.get(last.status, "")) if last else "",
            published_narrative=last.narrative if last else "",
            published_at=timezone.localdate(last.published_at) if last else None,
            draft=draft,
            content={name: getattr(draft, name) for name in CONTENT_FIELDS} if draft else dict(EMPTY_CONTENT),
            values=self.values.get(draft.pk, {}) if draft else {},
            returned_because=self.reasons.get(draft.pk, "") if draft else "",
            **fields,
        )


class ActionRows(RowSource):
    """One row per action of an adopted plan: the lead institution's progress report, a status update
    draft with an ``action`` (issue 18), written through the same services as any report."""

    kind = "action"
    model = Action

    def _actions(self, user, scope: Scope):
        actions = Action.objects.filter(plan__state=Plan.State.ADOPTED)
        if not access.is_coordinator(user):
            actions = actions.filter(lead_institution__in=access.institution_ids(user))
        if scope.institution:
            actions = actions.filter(lead_institution=scope.institution)
        if scope.cluster:
            actions = actions.filter(clusters=scope.cluster)
        if scope.working_group:
            group = WorkingGroup.objects.filter(pk=scope.working_group)
            actions = actions.filter(
                Q(recommendations__in=group.values("recommendations"))
                | Q(clusters__in=group.values("clusters"))
            )
        if scope.plan:
            actions = actions.filter(plan=scope.plan)
        return actions.distinct()

    def rows(self, user, scope: Scope) -> list[WorkbookRow]:
        return self._build(self._actions(user, scope))

    def can_report(self, user, row: WorkbookRow) -> bool:
        return access.can_report_on_action(user, row.target)

    def write(self, user, row: WorkbookRow, content: dict, values: list[dict]) -> StatusUpdate:
        if row.draft is None:
            return status_update_create(action=row.target, by=user, indicator_values=values, **content)
        return status_update_edit(
            update=row.draft, by=user, expected_version=row.draft_version, indicator_values=values, **content
        )

    def _build(self, actions) -> list[WorkbookRow]:
        """Rows for the actions, soonest end first, in a fixed number of queries whatever their count."""
        actions = list(
            actions.select_related("plan", "lead_institution")
            .prefetch_related("supporting_institutions", "indicators")
            .order_by("end_date", "plan__title", "code", "id")
        )
        reports = Reports(
            StatusUpdate.objects.filter(action__in=[a.pk for a in actions]), lambda u: u.action_id
        )
        sources = dict(BudgetSource.choices)
        rows = []
        for action in actions:
            lines = [action.title]
            supporting = ", ".join(str(i) for i in action.supporting_institutions.all())
            if supporting:
                lines.append(_("Supporting: %(institutions)s") % {"institutions": supporting})
            lines.append(
                _("From %(start)s to %(end)s")
                % {"start": f"{action.start_date:%Y-%m-%d}", "end": f"{action.end_date:%Y-%m-%d}"}
            )
            if action.budget_amount is not None:
                amount = number_format(action.budget_amount, 2, use_l10n=True, force_grouping=True)
                budget = f"{amount} {action.budget_currency}".strip()
                if action.budget_source:
                    budget += f" ({sources[action.budget_source]})"
                lines.append(_("Budget: %(budget)s") % {"budget": budget})
            rows.append(
                reports.row(
                    action.pk,
                    kind=self.kind,
                    key=str(action.pk),
                    institution_id=action.lead_institution_id,
                    institution=str(action.lead_institution),
                    reference=_("Action %(code)s") % {"code": action.code or action.pk},
                    symbol=action.plan.title,
                    paragraph=action.code,
                    text="\n".join(lines),
                    deadline=action.end_date,
                    indicators=sorted(action.indicators.all(), key=lambda i: i.pk),
                    target=action,
                    url=reverse("plans:action", args=[action.pk]),
                )
            )
        return rows


SOURCES: dict[str, RowSource] = {source.kind: source for source in (RecommendationRows(), ActionRows())}

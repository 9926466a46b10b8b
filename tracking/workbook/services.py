"""The workbook round trip: download, upload for a preview, confirm as drafts, submit, review in bulk.

Every write goes through the tracking services (``status_update_create``, ``_edit``, ``_submit``,
``_approve``, ``_return``), so their access rules, audit entries, versions, indicator values and
e-mails apply to a workbook exactly as to the web forms. Each step that writes several rows is one
transaction: all of it is written, or nothing.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from institutions.models import Institution, WorkingGroup
from plans.models import Plan
from reference.models import Theme
from upr_tracker import access, outbox
from upr_tracker.errors import ApplicationError, Forbidden

from .. import services
from ..audit import audit_record
from ..models import StatusUpdate, WorkbookUpload
from .preview import Outcome, indicator_values, plan_rows, summary
from .reader import MAX_BYTES, read_workbook
from .sources import SOURCES, Scope, WorkbookRow
from .writer import MAX_ROWS, write_workbook

logger = logging.getLogger(__name__)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INLINE_ROWS = 100  # rows written in the request (a few seconds at most); more go to a worker
KEEP_PREVIEWS = timedelta(days=7)  # a preview nobody confirmed by then is forgotten, file and all


def workbook_scope(
    user, *, institution=None, cluster=None, working_group=None, plan=None
) -> tuple[Scope, str]:
    """The scope asked for, checked for ``user``, and the title it gives the workbook.

    A focal point or validator downloads for their own institutions only; the coordinator for any
    institution, national cluster, working group or adopted action plan, or for everything.
    """
    parts = []
    if institution:
        found = Institution.objects.filter(pk=institution).first()
        if found is None or not (access.is_coordinator(user) or found.pk in access.institution_ids(user)):
            raise Forbidden(_("You can download the workbook of your own institutions only."))
        parts.append(str(found))
    if cluster:
        found = Theme.objects.filter(pk=cluster, scheme=Theme.Scheme.NATIONAL).first()
        if found is None:
            raise ApplicationError(_("There is no such national cluster."))
        parts.append(found.name)
    if working_group:
        found = WorkingGroup.objects.filter(pk=working_group).first()
        if found is None:
            raise ApplicationError(_("There is no such working group."))
        parts.append(found.name)
    if plan:
        found = Plan.objects.filter(pk=plan, state=Plan.State.ADOPTED).first()
        if found is None:
            raise ApplicationError(_("There is no such adopted action plan."))
        parts.append(found.title)
    if not parts:
        parts.append(_("all institutions") if access.is_coordinator(user) else _("my institutions"))
    scope = Scope(
        institution=institution or None,
        cluster=cluster or None,
        working_group=working_group or None,
        plan=plan or None,
    )
    return scope, " – ".join(parts)


def workbook_rows(user, scope: Scope) -> list[WorkbookRow]:
    rows = []
    for source in SOURCES.values():
        rows += source.rows(user, scope)
    return rows


def workbook_download(*, by, language: str, **scope) -> tuple[str, bytes]:
    """(file name, bytes) of the reporting workbook of a scope (see ``workbook_scope``), in ``language``."""
    with translation.override(language):
        scope, title = workbook_scope(by, **scope)
        rows = workbook_rows(by, scope)
        if len(rows) > MAX_ROWS:
            raise ApplicationError(
                _(
                    "This workbook would have %(count)d rows, more than %(limit)d: choose an institution, "
                    "a cluster or a working group."
                )
                % {"count": len(rows), "limit": MAX_ROWS}
            )
        heading = _("Reporting workbook: %(scope)s") % {"scope": title}
        content = write_workbook(rows, title=heading, language=language)
    name = f"reporting-{slugify(title)[:60] or 'workbook'}-{timezone.localdate():%Y-%m-%d}.xlsx"
    return name, content


@transaction.atomic
def workbook_upload_preview(*, by, file) -> WorkbookUpload:
    """Read an uploaded workbook and keep it with its preview; nothing of the tracker changes yet."""
    if not by.is_authenticated:
        raise Forbidden()
    if file.size > MAX_BYTES:  # refused before it is read into memory
        raise ApplicationError(_("The file is larger than %(limit)d MB.") % {"limit": MAX_BYTES // 2**20})
    file_name, content = file.name or "", file.read()
    plans = plan_rows(by, read_workbook(content))
    WorkbookUpload.objects.filter(
        state=WorkbookUpload.State.PREVIEWED, created_at__lt=timezone.now() - KEEP_PREVIEWS
    ).delete()
    return WorkbookUpload.objects.create(
        file_name=file_name[:200] or "workbook.xlsx",
        content=content,
        summary=summary(plans),
        created_by=by,
        updated_by=by,
    )


def _own_preview(upload: WorkbookUpload, by) -> WorkbookUpload:
    locked = WorkbookUpload.objects.select_for_update().get(pk=upload.pk)
    if locked.created_by_id != by.pk:
        raise Forbidden(_("Only the person who uploaded a workbook confirms it."))
    return locked


def workbook_upload_confirm(*, upload: WorkbookUpload, by, leave_out=()) -> list[StatusUpdate] | None:
    """Write every accepted row as a draft, at once; or nothing, while a refused row is not left out.

    The workbook is planned again against the tracker as it is now. ``leave_out`` names the row numbers
    the person chose to leave out; a refused row among them is skipped, a refused row not among them
    stops everything. When it stops, the new plan is kept as the upload's preview (so the page shows
    what changed since, a conflict say) and nothing else is written.

    Up to ``INLINE_ROWS`` rows to write are written in the request and returned. A larger workbook
    (each row costs tens of milliseconds through the services) is handed to a worker through the
    outbox: the upload is ``confirming`` until the worker has written it, and None is returned.
    """
    leave_out = {int(n) for n in leave_out}
    with transaction.atomic():
        upload = _own_preview(upload, by)
        if upload.state != WorkbookUpload.State.PREVIEWED:
            raise ApplicationError(_("This workbook was confirmed already."))
        try:
            plans = _plan_again(upload, by, leave_out)
        except ApplicationError as error:
            stopped = error  # raised once the new plan, kept as the preview, has committed
        else:
            if len(_writing(plans, leave_out)) <= INLINE_ROWS:
                return _write(upload, plans, by=by, leave_out=leave_out)
            upload.state, upload.problem, upload.updated_by = WorkbookUpload.State.CONFIRMING, "", by
            upload.save(update_fields=["state", "problem", "summary", "updated_by", "updated_at"])
            outbox.send("tracking.tasks.workbook_confirm_task", upload.pk)
            return None
    raise stopped


def workbook_upload_confirm_queued(upload_id: int) -> bool:
    """The worker's half of a large confirmation: the same planning and writing, in one transaction.

    Safe to run twice: an upload no longer ``confirming`` is left alone. If the tracker changed since
    the request (a conflict) or a service refuses a row, nothing is written, the upload is a preview
    again, and ``problem`` says why.
    """
    with transaction.atomic():
        upload = WorkbookUpload.objects.select_for_update().filter(pk=upload_id).first()
        if upload is None or upload.state != WorkbookUpload.State.CONFIRMING:
            return False
        by, leave_out = upload.created_by, set(upload.summary.get("leave_out", []))
        try:
            with transaction.atomic():
                _write(upload, _plan_again(upload, by, leave_out), by=by, leave_out=leave_out)
                return True
        except ApplicationError as error:  # the writes are rolled back; the new plan is the preview
            problem = error.message
        except Exception:  # never leave an upload "being written" for ever: say so, write nothing
            logger.exception("Workbook upload %s: the confirmation failed", upload_id)
            problem = _("The tracker could not write this workbook; nothing was written. Confirm it again.")
        upload.state, upload.problem = WorkbookUpload.State.PREVIEWED, problem
        upload.save(update_fields=["state", "problem", "summary", "updated_at"])
        return False


def _writing(plans, leave_out: set[int]):
    return [p for p in plans if p.outcome in (Outcome.CREATE, Outcome.UPDATE) and p.number not in leave_out]


def _plan_again(upload: WorkbookUpload, by, leave_out: set[int]):
    """The upload's rows planned against the tracker as it is now; raises (keeping the new plan as the
    preview) while a refused row is not left out."""
    plans = plan_rows(by, read_workbook(bytes(upload.content)))
    upload.summary = summary(plans) | {"leave_out": sorted(leave_out)}
    blocking = [p for p in plans if p.outcome == Outcome.REFUSED and p.number not in leave_out]
    if not blocking:
        return plans
    upload.save(update_fields=["summary", "updated_at"])
    raise ApplicationError(
        ngettext(
            "Nothing was written: row %(rows)s is refused. Correct it in the workbook and upload it again, "
            "or leave it out.",
            "Nothing was written: rows %(rows)s are refused. Correct them in the workbook and upload it "
            "again, or leave them out.",
            len(blocking),
        )
        % {"rows": ", ".join(str(p.number) for p in blocking)},
        extra={"fields": {f"row {p.number}": [m for _c, m in p.reasons] for p in blocking}},
    )


def _write(upload: WorkbookUpload, plans, *, by, leave_out: set[int]) -> list[StatusUpdate]:
    """Write the accepted rows of a plan through their sources, inside the caller's transaction."""
    written = []
    for plan in plans:
        if plan.outcome not in (Outcome.CREATE, Outcome.UPDATE) or plan.number in leave_out:
            continue
        try:
            written.append(
                SOURCES[plan.row.kind].write(by, plan.row, dict(plan.read.content), indicator_values(plan))
            )
        except ApplicationError as error:
            raise ApplicationError(
                _("Nothing was written: row %(row)d: %(reason)s")
                % {"row": plan.number, "reason": error.message},
                code=error.code,
                status=error.status,
            ) from error
    upload.state, upload.problem = WorkbookUpload.State.CONFIRMED, ""
    upload.updated_by = by
    upload.save(update_fields=["state", "problem", "summary", "updated_by", "updated_at"])
    upload.updates.add(*written)
    audit_record(
        action="tracking.workbook_upload.confirmed",
        actor=by,
        obj=upload,
        changes={"drafts": [None, [u.pk for u in written]], "left_out": [None, sorted(leave_out)]},
    )
    return written


@transaction.atomic
def workbook_upload_submit(*, upload: WorkbookUpload, by) -> list[StatusUpdate]:
    """Send every draft the workbook wrote (still a draft or returned) to the validators, all at once."""
    upload = _own_preview(upload, by)
    pending = upload.updates.filter(state__in=access.EDITABLE_STATES).order_by("id")
    if not pending:
        raise ApplicationError(_("There is no draft of this workbook left to submit."))
    return [services.status_update_submit(update=update, by=by) for update in pending]


def review_updates(upload: WorkbookUpload, user):
    """The submitted updates of an upload ``user`` may approve, with the previous published report of
    each beside it (``previous``): two queries whatever their number."""
    updates = [
        u
        for u in upload.updates.filter(state=StatusUpdate.State.SUBMITTED)
        .select_related("recommendation", "action__plan", "institution")
        .prefetch_related("indicator_values__indicator")
        .order_by("recommendation__public_id", "action__end_date", "id")
        if access.can_transition(user, u, "approve")
    ]

    def subject(update):  # an action has one institution reporting on it: its lead
        return (
            ("action", update.action_id)
            if update.action_id
            else (update.recommendation_id, update.institution_id)
        )

    previous = {}
    published = StatusUpdate.objects.filter(
        Q(
            recommendation__in=[u.recommendation_id for u in updates if u.recommendation_id],
            institution__in={u.institution_id for u in updates},
        )
        | Q(action__in=[u.action_id for u in updates if u.action_id]),
        state=StatusUpdate.State.PUBLISHED,
    ).order_by("published_at", "id")
    for update in published:
        previous[subject(update)] = update
    for update in updates:
        update.previous = previous.get(subject(update))
    return updates


@transaction.atomic
def workbook_review_decide(*, upload: WorkbookUpload, by, approve=(), returns: dict | None = None) -> int:
    """Approve the updates in ``approve`` and return those in ``returns`` (id → reason), all or none.

    Every return needs its own reason; one missing stops the whole decision before anything changes.
    """
    returns = returns or {}
    ids = set(approve) | set(returns)
    if set(approve) & set(returns):
        raise ApplicationError(_("An update cannot be approved and returned at once."))
    if not ids:
        raise ApplicationError(_("Choose at least one update."))
    updates = {u.pk: u for u in upload.updates.filter(pk__in=ids).select_related("recommendation", "action")}
    if set(updates) != ids:
        raise ApplicationError(_("Some of the chosen updates do not belong to this workbook."))
    missing = [updates[pk].subject_code for pk, reason in returns.items() if not reason.strip()]
    if missing:
        raise ApplicationError(
            _("Say what needs to change for each update you return: %(list)s.")
            % {"list": ", ".join(sorted(missing))}
        )
    for pk in sorted(approve):
        services.status_update_approve(update=updates[pk], by=by)
    for pk, reason in sorted(returns.items()):
        services.status_update_return(update=updates[pk], by=by, comment=reason)
    return len(ids)

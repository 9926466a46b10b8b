"""The reporting workflow: focal points write, validators approve, the coordinator publishes.

Every function here is the only way its change happens, for the web forms and the API alike: it checks
access through ``upr_tracker.access``, validates with ``full_clean()``, writes the audit entry and
enqueues the e-mail to the next person once the transaction has committed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from indicators.services import indicator_value_record
from institutions.models import Assignment
from search.services import search_index_refresh_later
from upr_tracker import access, outbox
from upr_tracker.errors import ApplicationError, Conflict, Forbidden, clean

from .audit import audit_record, create_recorded, diff, snapshot
from .models import Evidence, EvidenceLink, StatusUpdate

CONTENT_FIELDS = ["status", "level", "narrative", "challenges", "period_start", "period_end", "amount_spent"]

EVIDENCE_MAX_BYTES = getattr(settings, "EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)
EVIDENCE_TYPES = {
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
}


def _notify(update: StatusUpdate, event: str) -> None:
    outbox.send("tracking.tasks.status_update_notify_task", update.pk, event)


def _attach(
    update, by, *, links: Iterable[dict] = (), files: Iterable[UploadedFile] = (), values: Iterable[dict] = ()
):
    for link in links:
        evidence_link_add(update=update, by=by, url=link["url"], title=link.get("title", ""))
    for file in files:
        evidence_add(update=update, by=by, file=file)
    for value in values:
        indicator_value_record(by=by, status_update=update, **value)


@transaction.atomic
def status_update_create(
    *,
    recommendation=None,
    action=None,
    institution=None,
    by,
    status: str,
    level: str = "",
    narrative: str = "",
    challenges: str = "",
    period_start: date | None = None,
    period_end: date | None = None,
    amount_spent=None,
    links: Iterable[dict] = (),
    files: Iterable[UploadedFile] = (),
    indicator_values: Iterable[dict] = (),
) -> StatusUpdate:
    """A new draft report from a focal point of an institution assigned to the recommendation, or of the
    institution leading the action (``action``: a progress report on an action of an adopted plan, always
    for its lead institution)."""
    if action is not None:
        institution = action.lead_institution
        if not access.can_report_on_action(by, action):
            raise Forbidden(
                _("Only focal points of the lead institution report on an action of an adopted plan.")
            )
    elif not access.can_create_update(by, recommendation, institution):
        raise Forbidden(
            _("Only focal points of an institution assigned to this recommendation can report on it.")
        )
    update = create_recorded(
        StatusUpdate,
        by=by,
        action="tracking.status_update.created",
        tracked=CONTENT_FIELDS + ["state"],
        recommendation=recommendation,
        action_id=action.pk if action is not None else None,  # ``action`` names the audit code here
        institution=institution,
        status=status,
        level=level,
        narrative=narrative,
        challenges=challenges,
        period_start=period_start,
        period_end=period_end,
        amount_spent=amount_spent,
    )
    _attach(update, by, links=links, files=files, values=indicator_values)
    return update


@transaction.atomic
def status_update_edit(
    *,
    update: StatusUpdate,
    by,
    expected_version: int,
    links: Iterable[dict] = (),
    files: Iterable[UploadedFile] = (),
    indicator_values: Iterable[dict] = (),
    **fields,
) -> StatusUpdate:
    """Change a draft or returned update, refusing if someone saved it since ``expected_version``.

    The row is locked, then written with ``UPDATE … WHERE version = expected_version``: of two people
    editing the same version, the second gets a ``Conflict`` and nothing of theirs is written.
    """
    unknown = set(fields) - set(CONTENT_FIELDS)
    if unknown:
        raise ApplicationError(_("Unknown fields: %s") % ", ".join(sorted(unknown)))
    current = StatusUpdate.objects.select_for_update().get(pk=update.pk)
    if not access.can_edit_update(by, current):
        raise Forbidden(_("This update cannot be changed by you in its current state."))
    if current.version != expected_version:
        raise Conflict(
            _(
                "Someone else saved this update while you were editing it (your version %(mine)s, "
                "now %(theirs)s). Your text is kept below: compare it with the saved update, then save again."
            )
            % {"mine": expected_version, "theirs": current.version}
        )
    before = snapshot(current, CONTENT_FIELDS)
    for name, value in fields.items():
        setattr(current, name, value)
    clean(current)
    changes = diff(before, snapshot(current, CONTENT_FIELDS))
    written = StatusUpdate.objects.filter(pk=current.pk, version=expected_version).update(
        **{name: getattr(current, name) for name in CONTENT_FIELDS},
        version=F("version") + 1,
        updated_by=by,
        updated_at=timezone.now(),
    )
    if written != 1:
        raise Conflict(_("Someone else saved this update while you were editing it."))
    current.refresh_from_db()
    audit_record(action="tracking.status_update.edited", actor=by, obj=current, changes=changes)
    _attach(current, by, links=links, files=files, values=indicator_values)
    update.__dict__.update({k: v for k, v in current.__dict__.items() if not k.startswith("_")})
    return update


def _transition(*, update, by, name: access.Transition, to_state: str, event: str, comment: str = ""):
    current = StatusUpdate.objects.select_for_update().get(pk=update.pk)
    if name in ("approve", "publish") and access.is_author(by, current):
        raise Forbidden(
            _("You wrote or edited this update: someone else must approve it.")
            if name == "approve"
            else _("You wrote or edited this update: someone else must publish it.")
        )
    if not access.can_transition(by, current, name):
        raise Forbidden(
            _("You cannot %(action)s an update that is %(state)s.")
            % {"action": name, "state": current.get_state_display().lower()}
        )
    before = snapshot(current, ["state", "published_at"])
    current.state = to_state
    if to_state == StatusUpdate.State.PUBLISHED:
        current.published_at = timezone.now()
    current.version += 1
    current.updated_by = by
    clean(current)
    current.save()
    audit_record(
        action=f"tracking.status_update.{event}",
        actor=by,
        obj=current,
        changes=diff(before, snapshot(current, ["state", "published_at"])),
        comment=comment,
    )
    _notify(current, event)
    update.__dict__.update({k: v for k, v in current.__dict__.items() if not k.startswith("_")})
    return update


@transaction.atomic
def status_update_submit(*, update: StatusUpdate, by) -> StatusUpdate:
    """A focal point sends a draft (or a returned update) to the institution's validator."""
    return _transition(
        update=update, by=by, name="submit", to_state=StatusUpdate.State.SUBMITTED, event="submitted"
    )


@transaction.atomic
def status_update_approve(*, update: StatusUpdate, by, comment: str = "") -> StatusUpdate:
    """The institution's validator approves a submitted update; the coordinator is told."""
    return _transition(
        update=update,
        by=by,
        name="approve",
        to_state=StatusUpdate.State.APPROVED,
        event="approved",
        comment=comment,
    )


@transaction.atomic
def status_update_return(*, update: StatusUpdate, by, comment: str) -> StatusUpdate:
    """The validator (from submitted) or the coordinator (from approved) sends it back, saying why."""
    if not comment.strip():
        raise ApplicationError(_("Say what needs to change when you return an update."))
    return _transition(
        update=update,
        by=by,
        name="return",
        to_state=StatusUpdate.State.RETURNED,
        event="returned",
        comment=comment,
    )


@transaction.atomic
def status_update_publish(*, update: StatusUpdate, by) -> StatusUpdate:
    """The coordinator publishes an approved update: from now on the public sees it.

    The reporting institution's next deadline for the recommendation moves on by its schedule. Progress
    on an action has no recommendation, deadline or index row of its own: it becomes the action's status.
    """
    _transition(
        update=update, by=by, name="publish", to_state=StatusUpdate.State.PUBLISHED, event="published"
    )
    if update.action_id:
        return update
    search_index_refresh_later([update.recommendation_id])
    assignment = (
        Assignment.objects.select_for_update()
        .filter(recommendation_id=update.recommendation_id, institution_id=update.institution_id)
        .first()
    )
    if assignment and assignment.deadline:
        before = snapshot(assignment, ["deadline"])
        assignment.deadline = assignment.following_deadline()
        assignment.updated_by = by
        assignment.save(update_fields=["deadline", "updated_by", "updated_at"])
        audit_record(
            action="institutions.assignment.rescheduled",
            actor=by,
            obj=assignment,
            changes=diff(before, snapshot(assignment, ["deadline"])),
        )
    return update


TRANSITION_SERVICES = {
    "submit": status_update_submit,
    "approve": status_update_approve,
    "return": status_update_return,
    "publish": status_update_publish,
}


def _require_editable(update, by):
    if not access.can_edit_update(by, update):
        raise Forbidden(_("Evidence can be added only to a draft or returned update, by its focal points."))


def evidence_check(file: UploadedFile) -> str:
    """The file's real type, read from its first bytes; refuses what is too big or not allowed."""
    import magic

    if file.size > EVIDENCE_MAX_BYTES:
        raise ApplicationError(
            _("%(name)s is larger than %(limit)d MB.")
            % {"name": file.name, "limit": EVIDENCE_MAX_BYTES // 2**20}
        )
    file.seek(0)
    content_type = magic.from_buffer(file.read(64 * 1024), mime=True)
    file.seek(0)
    if content_type not in EVIDENCE_TYPES:
        raise ApplicationError(
            _("%(name)s is not an accepted kind of file (%(type)s): use PDF, office documents or images.")
            % {"name": file.name, "type": content_type}
        )
    if content_type.startswith(ZIPPED_TYPES) and _has_macros(file):
        raise ApplicationError(
            _("%(name)s contains macros, which evidence may not: save it as a document without macros.")
            % {"name": file.name}
        )
    return content_type


# Office Open XML and OpenDocument files are zip archives: what libmagic names ".docx" may still carry a
# macro project. Macro-enabled OOXML declares itself in [Content_Types].xml and keeps vbaProject.bin;
# OpenDocument keeps its macros under Basic/ or Scripts/.
ZIPPED_TYPES = ("application/vnd.openxmlformats-officedocument.", "application/vnd.oasis.opendocument.")
MACRO_PARTS = ("vbaproject.bin", "vbadata.xml")
MACRO_FOLDERS = ("basic/", "scripts/")


def _has_macros(file: UploadedFile) -> bool:
    """Whether the archive holds macros, read from its directory and [Content_Types].xml (at most 1 MB).

    An archive that cannot be read is refused as if it had some: no office program would open it either.
    """
    import zipfile

    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = [name.lower() for name in archive.namelist()]
            types = b""
            if "[content_types].xml" in names:
                real = archive.namelist()[names.index("[content_types].xml")]
                with archive.open(real) as part:
                    types = part.read(2**20).lower()
    except (zipfile.BadZipFile, OSError, EOFError):
        return True
    finally:
        file.seek(0)
    return (
        b"macroenabled" in types
        or b"vbaproject" in types
        or any(name.rsplit("/", 1)[-1] in MACRO_PARTS for name in names)
        or any(name.startswith(MACRO_FOLDERS) for name in names)
    )


@transaction.atomic
def evidence_add(*, update: StatusUpdate, by, file: UploadedFile) -> Evidence:
    _require_editable(update, by)
    content_type = evidence_check(file)
    name = get_valid_filename(file.name)[-150:] or "evidence"
    evidence = Evidence(
        status_update=update,
        original_name=name,
        content_type=content_type,
        size=file.size,
        created_by=by,
        updated_by=by,
    )
    evidence.file.save(name, file, save=False)
    clean(evidence)
    evidence.save()
    audit_record(
        action="tracking.evidence.added",
        actor=by,
        obj=update,
        changes={"evidence": [None, f"{name} ({content_type}, {file.size} bytes)"]},
    )
    return evidence


@transaction.atomic
def evidence_link_add(*, update: StatusUpdate, by, url: str, title: str = "") -> EvidenceLink:
    _require_editable(update, by)
    link = EvidenceLink(status_update=update, url=url, title=title, created_by=by, updated_by=by)
    try:
        link.full_clean()
    except ValidationError as error:
        raise ApplicationError(_("Not a valid link: %s") % url) from error
    link.save()
    audit_record(action="tracking.evidence_link.added", actor=by, obj=update, changes={"link": [None, url]})
    return link


@transaction.atomic
def evidence_confidentiality_set(*, evidence: Evidence, confidential: bool, by) -> Evidence:
    """Mark an evidence file confidential (kept from the public) or public again; audited."""
    if not access.can_mark_evidence(by, evidence):
        raise Forbidden(_("Only the institution's people and the NMRF may change who sees a file."))
    if evidence.confidential != confidential:
        before = evidence.confidential
        evidence.confidential = confidential
        evidence.updated_by = by
        evidence.save(update_fields=["confidential", "updated_by", "updated_at"])
        audit_record(
            action="tracking.evidence.confidentiality_changed",
            actor=by,
            obj=evidence,
            changes={"confidential": [before, confidential]},
        )
    return evidence

"""Every URL pattern and API route, requested by every role, answers what it should.

The URL conf is walked as it is, so a route added without an entry here fails
``test_every_route_has_an_entry`` with the name to add. Expectations come from ``ENTRIES``, one per route
name; ``RULES`` (by prefix) cover only the admin, whose pages Django generates per model, and the static
files the development server adds. An entry for a route that no longer exists fails too.

An expectation maps each role to the status it gets (an int, or a set when several are right), with
``"*"`` for every role not named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from assistance.models import Kind as SuggestionKind
from assistance.models import Suggestion
from indicators.models import IndicatorValue
from institutions.models import Membership
from recommendations.models import ActionCategory
from reports.models import Format, ReportJob
from reports.models import Kind as ReportKind
from tests.conftest import signed_in
from tests.factories import InstitutionFactory, StatusUpdateFactory, ThemeFactory
from tests.plans.conftest import plan_values
from tracking.models import Evidence, StatusUpdate, WorkbookUpload

from .test_evidence import PDF

ROLES = ("anonymous", "cso", "focal_a", "focal_b", "validator_a", "coordinator", "admin")
SIGNED_IN = {"anonymous": 302, "*": 200}
COORDINATORS = {"anonymous": 302, "coordinator": 200, "admin": 200, "*": 403}
# A form a coordinator posts and is sent back from; others are refused, the anonymous sent to sign in.
COORDINATORS_POST = {"anonymous": 302, "coordinator": 302, "admin": 302, "*": 403}
# Focal point A's report job: the person who asked for it and the coordinators see it; others are told
# it does not exist.
OWN_REPORT = {"anonymous": 302, "focal_a": 200, "coordinator": 200, "admin": 200, "*": 404}
OWN_REPORT_API = OWN_REPORT | {"anonymous": 401}
# Focal point A's own draft: their institution sees it; B and the CSO member are told it does not exist.
INSTITUTION_A = {"anonymous": 302, "focal_b": 404, "cso": 404, "*": 200}
API_A = {"anonymous": 401, "focal_b": 404, "cso": 404, "*": 200}


@dataclass
class Case:
    expect: dict
    method: str = "get"
    kwargs: dict = field(default_factory=dict)  # attribute names on the world, or literal values
    query: str = ""
    data: object = None  # a callable(world) -> POST data
    json: bool = False


def api(expect, obj, **extra):
    return Case(expect, method="post", kwargs={"pk": obj}, json=True, **extra)


ENTRIES: dict[str, Case] = {
    "healthz": Case({"*": 200}),
    "set_language": Case({"*": 302}, method="post", data=lambda w: {"language": "fr", "next": "/"}),
    "accounts:login": Case({"anonymous": 200, "*": 302}),
    "accounts:logout": Case({"*": 302}, method="post"),
    "admin:login": Case({"coordinator": 302, "admin": 302, "*": 200}),
    "accounts:otp_setup": Case(
        {"anonymous": 302, "validator_a": 302, "coordinator": 302, "admin": 302, "*": 200}
    ),
    "accounts:otp_verify": Case(SIGNED_IN),
    # Accounts: password reset for everyone (the same answer whatever the address), the pages that
    # create secrets for the signed-in (past their second factor), enrolment links for coordinators.
    "accounts:account": Case(SIGNED_IN),
    "accounts:password_reset": Case({"*": 200}),
    "accounts:password_reset_done": Case({"*": 200}),
    "accounts:password_reset_confirm": Case({"*": 200}),  # an invented link: the "not valid" page
    "accounts:password_reset_complete": Case({"*": 200}),
    "accounts:password_change": Case(SIGNED_IN),
    "accounts:password_change_done": Case(SIGNED_IN),
    "accounts:otp_enrol": Case({"anonymous": 302, "*": 404}, kwargs={"key": "no-such-key"}),
    "accounts:recovery_codes": Case(
        {"anonymous": 302, "cso": 302, "focal_a": 302, "focal_b": 302, "*": 200}  # no authenticator
    ),
    "accounts:enrolment_links": Case(COORDINATORS),
    "accounts:tokens": Case(SIGNED_IN),
    "accounts:token_revoke": Case({"anonymous": 302, "*": 404}, method="post", kwargs={"pk": "999999"}),
    "tracking:my": Case(SIGNED_IN),
    "workspaces:home": Case({"*": 302}),
    "workspaces:coordinator": Case(COORDINATORS),
    "workspaces:validator": Case({"anonymous": 302, "validator_a": 200, "*": 403}),
    # The matrix's CSO persona speaks for no organisation: tests/workspaces covers the members.
    "workspaces:civil_society": Case({"anonymous": 302, "*": 403}),
    "tracking:deadlines": Case(SIGNED_IN),
    "tracking:bulk_assign": Case(COORDINATORS),
    "tracking:recommendation": Case(SIGNED_IN, kwargs={"public_id": "public_id"}),
    "tracking:assign": Case(
        {"anonymous": 302, "coordinator": 302, "admin": 302, "*": 403},
        method="post",
        kwargs={"public_id": "public_id"},
        data=lambda w: {"institution": w.other.pk, "role": "supporting", "frequency": "once"},
    ),
    "tracking:update_create": Case(
        {"anonymous": 302, "focal_a": 200, "*": 403},
        kwargs={"public_id": "public_id"},
        query="?institution={justice_pk}",
    ),
    "tracking:update": Case(INSTITUTION_A, kwargs={"pk": "draft_pk"}),
    "tracking:update_edit": Case(
        {"anonymous": 302, "focal_a": 200, "focal_b": 404, "cso": 404, "*": 403}, kwargs={"pk": "draft_pk"}
    ),
    "tracking:update_transition": Case(
        {"anonymous": 302, "validator_a": 302, "focal_b": 404, "cso": 404, "*": 403},
        method="post",
        kwargs={"pk": "submitted_for_web_pk", "transition": "approve"},
    ),
    "tracking:evidence": Case(INSTITUTION_A | {"anonymous": 404}, kwargs={"pk": "evidence_pk"}),
    "tracking:evidence_confidentiality": Case(
        {"anonymous": 302, "focal_b": 404, "cso": 404, "*": 302},
        method="post",
        kwargs={"pk": "evidence_pk"},
        data=lambda w: {"confidential": "1"},
    ),
    "tracking:indicator_create": Case(COORDINATORS, query="?recommendation={public_id}"),
    "tracking:indicator": Case(SIGNED_IN, kwargs={"pk": "indicator_pk"}),
    "tracking:history": Case(INSTITUTION_A, kwargs={"kind": "update", "pk": "draft_pk"}),
    # The reporting workbook: focal point A's confirmed upload, with one draft of Justice left to submit.
    "tracking:workbook": Case(SIGNED_IN),
    "tracking:workbook_download": Case(SIGNED_IN),
    "tracking:workbook_upload": Case({"anonymous": 302, "*": 400}, method="post"),
    "tracking:workbook_upload_detail": Case(INSTITUTION_A, kwargs={"pk": "workbook_pk"}),
    "tracking:workbook_confirm": Case(
        {"anonymous": 302, "focal_a": 302, "focal_b": 404, "cso": 404, "*": 403},
        method="post",
        kwargs={"pk": "workbook_pk"},
    ),
    "tracking:workbook_submit": Case(
        {"anonymous": 302, "focal_a": 302, "focal_b": 404, "cso": 404, "*": 403},
        method="post",
        kwargs={"pk": "workbook_pk"},
    ),
    "tracking:workbook_review": Case(INSTITUTION_A | {"focal_a": 403}, kwargs={"pk": "workbook_pk"}),
    "tracking-api:workbook": Case({"anonymous": 401, "*": 200}),
    "tracking-api:workbook-upload-list": Case({"anonymous": 401, "*": 400}, method="post", json=True),
    "tracking-api:workbook-upload-detail": Case(API_A, kwargs={"pk": "workbook_pk"}),
    "tracking-api:workbook-upload-confirm": api(
        {"anonymous": 401, "focal_a": 400, "focal_b": 404, "cso": 404, "*": 403}, "workbook_pk"
    ),
    "tracking-api:workbook-upload-submit": api(
        {"anonymous": 401, "focal_a": 200, "focal_b": 404, "cso": 404, "*": 403}, "workbook_pk"
    ),
    "tracking-api:api-root": Case({"*": 200}),
    "tracking-api:status-update-list": Case({"anonymous": 401, "*": 200}),
    "tracking-api:status-update-detail": Case(API_A, kwargs={"pk": "draft_pk"}),
    "tracking-api:status-update-evidence": api(
        {"anonymous": 401, "focal_a": 201, "focal_b": 404, "cso": 404, "*": 403},
        "evidence_target_pk",
        data=lambda w: {"file": SimpleUploadedFile("a.pdf", PDF)},
    ),
    "tracking-api:status-update-submit": api(
        {"anonymous": 401, "focal_a": 200, "focal_b": 404, "cso": 404, "*": 403}, "draft_for_api_pk"
    ),
    "tracking-api:status-update-approve": api(
        {"anonymous": 401, "validator_a": 200, "focal_b": 404, "cso": 404, "*": 403}, "submitted_pk"
    ),
    "tracking-api:status-update-publish": api(
        {"anonymous": 401, "coordinator": 200, "admin": 200, "focal_b": 404, "cso": 404, "*": 403},
        "approved_pk",
    ),
    "tracking-api:status-update-return": api(
        {"anonymous": 401, "coordinator": 200, "admin": 200, "focal_b": 404, "cso": 404, "*": 403},
        "approved_for_return_pk",
        data=lambda w: {"comment": "Say which law."},
    ),
    "tracking-api:indicator-value-list": Case({"anonymous": 401, "*": 200}),
    # The public portal: the same for everyone.
    "recommendations:home": Case({"*": 200}),
    "recommendations:search": Case({"*": 200}),
    "recommendations:state_index": Case({"*": 200}),
    "recommendations:state": Case({"*": 200}, kwargs={"iso3": "BRA"}),
    "recommendations:theme": Case({"*": 200}, kwargs={"pk": "theme_pk"}),
    "recommendations:detail": Case({"*": 200}, kwargs={"public_id": "public_id"}),
    "institutions:index": Case({"*": 200}),
    "institutions:detail": Case({"*": 200}, kwargs={"pk": "justice_pk"}),
    # Civil-society participation. The matrix world has no organisation: "cso" and institution staff
    # speak for none (tests/participation/test_permissions.py covers members of organisations).
    "participation:register": Case({"*": 200}),
    "participation:verify_email": Case({"*": 400}),
    "participation:join": Case({"*": 400}),
    "participation:organisation": Case({"*": 404}),
    "participation:invite": Case(
        {"anonymous": 302, "*": 404}, method="post", data=lambda w: {"email": "a@b.org"}
    ),
    "participation:member_leave": Case({"anonymous": 302, "*": 404}, method="post"),
    "participation:comment_create": Case(
        {"anonymous": 302, "coordinator": 302, "admin": 302, "*": 403},
        method="post",
        kwargs={"public_id": "public_id"},
        data=lambda w: {"body": "A comment."},
    ),
    "participation:assessment_submit": Case(
        {"anonymous": 302, "*": 403},
        method="post",
        kwargs={"public_id": "public_id"},
        data=lambda w: {"status": "fully", "rationale": "Seen."},
    ),
    "participation:assessment_history": Case({"*": 404}, kwargs={"public_id": "public_id"}),
    # A comment that does not exist: the coordinator's own comment, posted above, must not take its id.
    "participation:comment_edit": Case({"anonymous": 302, "*": 404}, kwargs={"pk": "999999"}),
    "participation:comment_report": Case({"*": 404}, kwargs={"pk": "999999"}),
    "participation:moderation": Case(COORDINATORS),
    "participation:moderate": Case(
        {"anonymous": 302, "coordinator": 404, "admin": 404, "*": 403},
        method="post",
        kwargs={"kind": "comment", "pk": "999999"},
        data=lambda w: {"decision": "approved"},
    ),
    "participation:consultations": Case(COORDINATORS),
    "participation:consultation_create": Case(COORDINATORS),
    "participation:consultation": Case({"anonymous": 302, "*": 404}),
    "participation:consultation_close": Case(
        {"anonymous": 302, "coordinator": 404, "admin": 404, "*": 403}, method="post", kwargs={"pk": "999999"}
    ),
    "participation:consultation_export": Case(
        {"anonymous": 302, "coordinator": 404, "admin": 404, "*": 403}, kwargs={"pk": "999999"}
    ),
    "participation:follow": Case(
        {"*": 302}, method="post", kwargs={"kind": "recommendation", "key": "public_id"}
    ),
    # Following by e-mail: the same answer for everyone (a page saying a link is on its way); the
    # confirmation and stop links are signed, so an invented one is refused.
    "participation:follow_email": Case(
        {"*": 200},
        method="post",
        kwargs={"kind": "recommendation", "key": "public_id"},
        data=lambda w: {"email": "reader@example.org"},
    ),
    "participation:follow_confirm": Case({"*": 400}),
    "participation:unsubscribe": Case({"*": 400}),
    "participation:feed": Case({"*": 200}, kwargs={"kind": "recommendation", "key": "public_id"}),
    "participation-comments": Case({"*": 200}),
    "participation-assessments": Case({"*": 200}),
    "participation-organisations": Case({"*": 200}),
    # Reports: anyone signed in may ask for one (published data only unless a coordinator asks).
    "reports:index": Case(SIGNED_IN),
    "reports:status": Case(OWN_REPORT, kwargs={"pk": "report_pk"}),
    "reports:download": Case(OWN_REPORT, kwargs={"pk": "report_pk"}),
    "reports-api:list": Case(
        {"anonymous": 401, "*": 202},
        method="post",
        data=lambda w: {"kind": "open_data", "format": "csv"},
        json=True,
    ),
    "reports-api:detail": Case(OWN_REPORT_API, kwargs={"pk": "report_pk"}),
    "reports-api:file": Case(OWN_REPORT_API, kwargs={"pk": "report_pk"}),
    # The suggestion queue: coordinators and staff review what the suggesters propose.
    "assistance:queue": Case(COORDINATORS),
    "assistance:accept_above": Case(COORDINATORS_POST, method="post", data=lambda w: {"threshold": "0.9"}),
    "assistance:decide": Case(
        COORDINATORS_POST, method="post", kwargs={"pk": "suggestion_pk"}, data=lambda w: {"action": "reject"}
    ),
    "assistance:correct": Case(
        COORDINATORS_POST,
        method="post",
        kwargs={"pk": "suggestion_pk"},
        data=lambda w: {"action_category": ActionCategory.SPECIFIC},
    ),
    # The read API: published data and the vocabularies, the same for everyone, signed in or not.
    "api:recommendation-list": Case({"*": 200}),
    "api:recommendation-facets": Case({"*": 200}),
    "api:recommendation-export": Case({"*": 200}, kwargs={"file_format": "csv"}),
    "api:recommendation-detail": Case({"*": 200}, kwargs={"public_id": "public_id"}),
    "api:state-list": Case({"*": 200}),
    "api:state-detail": Case({"*": 200}, kwargs={"iso3": "BRA"}),
    "api:mechanism-list": Case({"*": 200}),
    "api:mechanism-detail": Case({"*": 200}, kwargs={"code": "UPR"}),
    "api:session-list": Case({"*": 200}),
    "api:session-detail": Case({"*": 200}, kwargs={"number": "21"}),
    "api:theme-list": Case({"*": 200}),
    "api:theme-detail": Case({"*": 200}, kwargs={"pk": "theme_pk"}),
    "api:sdg-goal-list": Case({"*": 200}),
    "api:sdg-goal-detail": Case({"*": 200}, kwargs={"number": "5"}),
    "api:sdg-target-list": Case({"*": 200}),
    "api:sdg-target-detail": Case({"*": 200}, kwargs={"code": "5.3"}),
    "api:institution-list": Case({"*": 200}),
    "api:institution-detail": Case({"*": 200}, kwargs={"pk": "justice_pk"}),
    "api:indicator-list": Case({"*": 200}),
    "api:indicator-detail": Case({"*": 200}, kwargs={"pk": "indicator_pk"}),
    "api:schema": Case({"*": 200}),
    "api:docs": Case({"*": 200}),
    "?:api/^": Case({"*": 404}),  # any other path under /api/ answers in the API's error format
    # Action plans: adopted plans are public; planning is the coordinator's; the lead institution's focal
    # point reports progress (the progress then lives on the tracking pages above).
    "plans:index": Case({"*": 200}),
    "plans:detail": Case({"*": 200}, kwargs={"pk": "plan_pk"}),
    "plans:export": Case({"*": 200}, kwargs={"pk": "plan_pk", "file_format": "xlsx"}),
    "plans:create": Case(COORDINATORS),
    "plans:edit": Case(COORDINATORS, kwargs={"pk": "plan_pk"}),
    "plans:coverage": Case(COORDINATORS),
    "plans:from_search": Case(COORDINATORS),
    "plans:import": Case(COORDINATORS),
    "plans:transition": Case(
        COORDINATORS_POST, method="post", kwargs={"pk": "plan_pk", "transition": "close"}
    ),
    "plans:action_create": Case(COORDINATORS, kwargs={"plan_pk": "plan_pk"}),
    "plans:action": Case(SIGNED_IN, kwargs={"pk": "action_pk"}),
    "plans:action_edit": Case(COORDINATORS, kwargs={"pk": "action_pk"}),
    "plans:progress_create": Case({"anonymous": 302, "focal_a": 200, "*": 403}, kwargs={"pk": "action_pk"}),
    "plans-api:plan-list": Case({"*": 200}),
    "plans-api:plan-detail": Case({"*": 200}, kwargs={"pk": "plan_pk"}),
    "plans-api:plan-adopt": api({"anonymous": 401, "coordinator": 400, "admin": 400, "*": 403}, "plan_pk"),
    # A draft plan: only coordinators see it (and cannot close it before it is adopted).
    "plans-api:plan-close": api(
        {"anonymous": 401, "coordinator": 400, "admin": 400, "*": 404}, "draft_plan_pk"
    ),
    "plans-api:action-list": Case({"*": 200}),
    "plans-api:action-detail": Case({"*": 200}, kwargs={"pk": "action_pk"}),
    "plans-api:action-progress": Case({"*": 200}, kwargs={"pk": "action_pk"}),
    "plans-api:action-recommendations": api(
        {"anonymous": 401, "coordinator": 200, "admin": 200, "*": 403},
        "action_pk",
        data=lambda w: {"recommendations": [w.recommendation.public_id]},
    ),
}

# Admin pages: the admin's own staff check sends everyone else to its sign-in page. Coordinators are
# staff without model permissions (403 on model pages). Object pages are asked for a missing object.
ADMIN = {
    "anonymous": 302,
    "cso": 302,
    "focal_a": 302,
    "focal_b": 302,
    "validator_a": 302,
    "coordinator": {200, 302, 403, 404},
    "admin": {200, 302, 403, 404},  # 403: read-only admins (audit entries, sign-in attempts) have no add page
}

RULES: list[tuple[str, Case | None]] = [
    ("admin:", Case(ADMIN)),
    ("?:admin/", Case(ADMIN)),
    # Static files are served by the development server only (DEBUG), not a page of the application.
    ("?:^static/", None),
    ("?:^media/", None),
]

SIGN_OUT = {"accounts:logout", "admin:logout"}

FILL = {  # values for route parameters that a case's kwargs leave open
    "pk": "justice_pk",
    "object_id": "999999",
    "token": "no-such-token",
    "organisation_pk": "justice_pk",
    "format": "csv",
    "app_label": "tracking",
    "content_type_id": "1",
}


def routes():
    """(name, pattern) of every route, once per name; DRF's format-suffix twins are left out."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}{pattern.name}" if pattern.name else f"?:{prefix}{pattern.pattern}"
                yield name, pattern

    seen = {}
    for name, pattern in walk(get_resolver().url_patterns, "", ""):
        if "format" in pattern.pattern.regex.groupindex and name in seen:
            continue
        if "format" not in pattern.pattern.regex.groupindex:
            seen[name] = pattern
        else:
            seen.setdefault(name, pattern)
    # Signing out ends the session the other rows need: those go last.
    return sorted(seen.items(), key=lambda item: (item[0] in SIGN_OUT, item[0]))


def case_for(name: str) -> Case | None:
    if name in ENTRIES:
        return ENTRIES[name]
    for prefix, case in RULES:
        if name.startswith(prefix):
            return case
    raise LookupError(name)


def test_every_route_has_an_entry():
    missing = []
    for name, _pattern in routes():
        try:
            case_for(name)
        except LookupError:
            missing.append(name)
    assert not missing, (
        "These routes have no expectation in tests/tracking/test_permission_matrix.py: add an ENTRIES row "
        "(route name → status per role):\n  " + "\n  ".join(missing)
    )


def test_every_entry_is_a_route():
    assert set(ENTRIES) - {name for name, _pattern in routes()} == set()


@pytest.fixture
def matrix_world(world, settings):
    """The shared world plus updates in every state, evidence, an institution to assign, a finished report
    of focal point A's and a suggestion. The API's anonymous throttle is off and the participation rate
    limits start from zero: one role asks many routes."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None}}
    cache.clear()

    def update(state, **extra):
        return StatusUpdateFactory(
            recommendation=world.recommendation, institution=world.justice, state=state, **extra
        )

    draft = update(StatusUpdate.State.DRAFT)
    evidence = Evidence.objects.create(
        status_update=draft, original_name="a.pdf", content_type="application/pdf", size=len(PDF)
    )
    evidence.file.save("a.pdf", SimpleUploadedFile("a.pdf", PDF))
    IndicatorValue.objects.create(indicator=world.indicator, date="2025-01-01", value=30, status_update=draft)
    report = ReportJob.objects.create(
        kind=ReportKind.GRID, fmt=Format.CSV, requested_by=world.focal_justice, status=ReportJob.Status.DONE
    )
    report.file.save("grid.csv", ContentFile(b"recommendation,status\n"))
    suggestion = Suggestion.objects.create(
        recommendation=world.recommendation,
        kind=SuggestionKind.CATEGORY,
        action_category=ActionCategory.GENERAL,
        confidence=0.95,
    )
    workbook = WorkbookUpload.objects.create(
        file_name="report.xlsx",
        content=b"",
        state=WorkbookUpload.State.CONFIRMED,
        created_by=world.focal_justice,
    )
    workbook.updates.add(update(StatusUpdate.State.DRAFT))
    values = {
        "workbook_pk": workbook.pk,
        "public_id": world.recommendation.public_id,
        "justice_pk": world.justice.pk,
        "indicator_pk": world.indicator.pk,
        "draft_pk": draft.pk,
        "draft_for_api_pk": update(StatusUpdate.State.DRAFT).pk,
        "evidence_target_pk": update(StatusUpdate.State.DRAFT).pk,
        "evidence_pk": evidence.pk,
        "submitted_pk": update(StatusUpdate.State.SUBMITTED).pk,
        "submitted_for_web_pk": update(StatusUpdate.State.SUBMITTED).pk,
        "approved_pk": update(StatusUpdate.State.APPROVED).pk,
        "approved_for_return_pk": update(StatusUpdate.State.APPROVED).pk,
        "report_pk": report.pk,
        "suggestion_pk": suggestion.pk,
        "theme_pk": ThemeFactory().pk,
        **plan_values(world),
    }
    return SimpleNamespace(values=values, other=InstitutionFactory(name="Ombudsman"), **vars(world))


def client_for(role: str, world) -> Client:
    users = {
        "cso": world.cso,
        "focal_a": world.focal_justice,
        "focal_b": world.focal_health,
        "validator_a": world.validator_justice,
        "coordinator": world.coordinator,
        "admin": world.admin,
    }
    if role == "anonymous":
        return Client(raise_request_exception=False)
    verified = role in ("validator_a", "coordinator", "admin")
    return signed_in(users[role], verified=verified, raise_request_exception=False)


def _url(name, pattern, case, values):
    """Build the path from the pattern's regex, filling each parameter from the case or ``FILL``."""
    bodies = dict(re.findall(r"\(\?P<(\w+)>([^)]*)\)", pattern.pattern.regex.pattern))
    kwargs = {}
    for param in pattern.pattern.regex.groupindex:
        if param == "format":
            continue
        choices = bodies.get(param, "")
        default = choices.split("|")[0] if re.fullmatch(r"\w+(\|\w+)+", choices) else "1"
        raw = case.kwargs.get(param, FILL.get(param, default))
        kwargs[param] = values.get(raw, raw)
    if name.startswith("?:"):  # unnamed: fill the route text itself
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs.get(m[1], "1")), name[2:])
        path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs.get(m[1], "x")), path)
        return "/" + path.strip("^$")
    return reverse(name, kwargs=kwargs) + case.query.format(**values)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_it_should_on_every_route(role, matrix_world):
    client = client_for(role, matrix_world)
    wrong = []
    for name, pattern in routes():
        try:
            case = case_for(name)
        except LookupError:
            continue  # reported by test_every_route_has_an_entry
        if case is None:
            continue
        expected = case.expect.get(role, case.expect.get("*"))
        if (
            role in ("coordinator", "admin")
            and name.startswith(("admin:", "?:admin/"))
            and not (name == "admin:index" or name.endswith("_changelist"))
        ):
            continue  # staff are asked the index and the lists; the admin's own tests cover the rest
        try:
            url = _url(name, pattern, case, matrix_world.values)
        except NoReverseMatch as error:
            wrong.append(f"{name}: cannot build its URL ({error}); give its parameters in the entry's kwargs")
            continue
        data = case.data(matrix_world) if case.data else {}
        if case.method == "get":
            response = client.get(url)
        elif case.json and not any(hasattr(v, "read") for v in data.values()):
            response = client.post(url, data, content_type="application/json")
        else:
            response = client.post(url, data)
        allowed = expected if isinstance(expected, set | frozenset) else {expected}
        if response.status_code not in allowed:
            wrong.append(f"{name} ({case.method.upper()} {url}): {response.status_code}, expected {expected}")
    assert not wrong, f"{role}:\n  " + "\n  ".join(wrong)


def test_membership_roles_are_the_ones_the_matrix_knows():
    assert set(Membership.Role.values) == {"focal_point", "alternate", "validator"}

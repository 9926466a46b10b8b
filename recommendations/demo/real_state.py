"""The demo on one real state: its UPR recommendations of several cycles, imported from the shared data.

When the shared data files are beside the repository (``DEMO_DATA_DIR``), ``seed_demo`` imports one
state's recommendations through the project's own importer, as an NMRF would (one import per file: the
importer takes one format at a time), and builds the follow-up on them: institutions assigned by what a
recommendation is about, deadlines past and to come, status updates in every state of the workflow, a
spread of published statuses, indicators with several values, evidence files, civil society assessments
that sometimes disagree, and an open consultation. Which recommendation gets what is decided by its
position in a fixed order and by words of its text, never by chance, so two runs give the same demo.
"""

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from indicators.models import Indicator, IndicatorValue
from institutions.models import Assignment
from participation.models import Assessment, Comment, Consultation, ConsultationInput, Moderation
from recommendations.models import ImportRecord, Recommendation
from reference.models import State
from tracking.models import Evidence, EvidenceLink, ImplementationStatus, Level, StatusUpdate

# The demo state and its files under DEMO_DATA_DIR: UPR Info's export of sessions 6-9 holds its first
# review (session 7, 2010); OHCHR's thematic list its second and third (2014, 2019).
STATE = "SVN"
UPR_INFO_FILE = ("upr-info", "upr-info_sessions_6-9.csv")
OHCHR_FILE = ("ohchr", "slovenia_cycles2-3_thematic_list.csv")

# Who leads on a recommendation, by the first pattern its text matches; the rest goes to the NMRF.
LEADS = [
    (r"ratif|accede|accession|optional protocol|standing invitation|treaty bod|special procedure", "MFA"),
    (r"health|medical|abortion|reproductive|disabilit", "MOH"),
    (r"educat|school|curricul|training|awareness", "MOE"),
    (r"police|prison|detention|torture|trafficking|court|judici|justice|prosecut|hate crime|criminal", "MOJ"),
    (r"legislat|\blaw\b|amend|act on|bill", "NA"),
    (r"ombudsman|national human rights institution|paris principles|nhri", "NCHR"),
    (
        r"women|gender|child|famil|equal|discriminat|\broma\b|minorit|migra|asylum|refugee|social|employ",
        "MLSA",
    ),
]
# Every second recommendation is assigned; of those, one in five has a supporting institution too, and
# one in seven has nothing reported yet.
SUPPORT = {
    "MLSA": "NCHR",
    "MOJ": "JUD",
    "MFA": "NMRF",
    "MOH": "MOE",
    "MOE": "NCHR",
    "NA": "AGO",
    "NCHR": "MOJ",
    "NMRF": "MFA",
}
FOCAL_POINTS = {"MOJ": "focal.justice", "MOH": "focal.health"}
# Of the assigned recommendations with an update: the workflow state and status, by position modulo 20.
# Most are published, with the spread of a real follow-up (more in progress and partly done than fully).
PUBLISHED_SPREAD = (
    [ImplementationStatus.NOT_STARTED] * 3
    + [ImplementationStatus.IN_PROGRESS] * 6
    + [ImplementationStatus.PARTIALLY] * 4
    + [ImplementationStatus.FULLY] * 2
)
OPEN_STATES = [
    StatusUpdate.State.DRAFT,
    StatusUpdate.State.SUBMITTED,
    StatusUpdate.State.RETURNED,
    StatusUpdate.State.APPROVED,
    StatusUpdate.State.SUBMITTED,
]
LEVELS = [Level.LAW, Level.POLICY, Level.PRACTICE]
NARRATIVES = {
    ImplementationStatus.NOT_STARTED: "The lead institution has not yet taken measures; a working group "
    "is to be set up in the next reporting period.",
    ImplementationStatus.IN_PROGRESS: "A draft measure was prepared and discussed with the institutions "
    "concerned and civil society; adoption is expected within the reporting period.",
    ImplementationStatus.PARTIALLY: "The measure was adopted and applies in part of the country or to part "
    "of the people concerned; funding for the rest is sought in the next budget.",
    ImplementationStatus.FULLY: "The measure was adopted, is applied and is monitored; the latest figures "
    "are in the evidence attached.",
}
# An organisation sees things less rosily half of the time: the status it gives, per government status.
LOWER = {
    ImplementationStatus.FULLY: ImplementationStatus.PARTIALLY,
    ImplementationStatus.PARTIALLY: ImplementationStatus.IN_PROGRESS,
    ImplementationStatus.IN_PROGRESS: ImplementationStatus.NOT_STARTED,
    ImplementationStatus.NOT_STARTED: ImplementationStatus.NOT_STARTED,
}
LOWER_TO_HIGHER = {
    ImplementationStatus.NOT_STARTED: ImplementationStatus.IN_PROGRESS,
    ImplementationStatus.IN_PROGRESS: ImplementationStatus.PARTIALLY,
    ImplementationStatus.PARTIALLY: ImplementationStatus.FULLY,
}
# (text pattern, title, unit, baseline, baseline year, target, responsible, values by year)
INDICATORS = [
    (r"\bRoma\b.*(educat|school)|(educat|school).*\bRoma\b",
     "Share of Roma children completing primary school", "%", 55, 2012, 90, "MOE",
     [(2016, 61), (2019, 66), (2022, 72), (2024, 75)]),
    (r"violence against women|domestic violence", "Reported cases of domestic violence prosecuted",
     "%", 38, 2013, 75, "MOJ", [(2017, 44), (2020, 52), (2023, 58)]),
    (r"trafficking", "Identified victims of trafficking referred to assistance",
     "%", 60, 2014, 100, "MOJ", [(2016, 70), (2019, 81), (2022, 88), (2024, 93)]),
]  # fmt: skip
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def data_dir() -> Path:
    return Path(settings.DEMO_DATA_DIR)


def available() -> bool:
    """Whether the shared files the real-state demo needs are there."""
    return all((data_dir() / folder / name).is_file() for folder, name in (UPR_INFO_FILE, OHCHR_FILE))


def _rows_of(content: bytes, state: State) -> bytes:
    """UPR Info's export cut down to the rows of one state under review (its first column), header kept,
    in the file's own encoding (its exports are Windows-1252; the importer recognises it)."""
    try:
        encoding, text = "utf-8-sig", content.decode("utf-8-sig")
    except UnicodeDecodeError:
        encoding, text = "cp1252", content.decode("cp1252")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    out = io.StringIO()
    csv.writer(out).writerows([rows[0], *(row for row in rows[1:] if row and row[0] == state.name)])
    return out.getvalue().encode(encoding)


def import_recommendations(state: State, by) -> None:
    """Import the state's recommendations, each file once (a file already recorded is not imported again)."""
    from recommendations.services import recommendations_import_files

    upr_info = data_dir().joinpath(*UPR_INFO_FILE)
    ohchr = data_dir().joinpath(*OHCHR_FILE)
    files = [
        (f"{state.name} in {upr_info.name}", _rows_of(upr_info.read_bytes(), state)),
        (ohchr.name, ohchr.read_bytes()),
    ]
    for name, content in files:
        if ImportRecord.objects.filter(files__contains=[name]).exists():
            continue
        report = recommendations_import_files(files=[(name, content)], by=by)
        if not report.applied:
            raise ValueError(f"The demo's import of {name} failed: {report.summary()}")


def _lead(text: str) -> str:
    for pattern, acronym in LEADS:
        if re.search(pattern, text, re.IGNORECASE):
            return acronym
    return "NMRF"


def seed_follow_up(seeder, state: State, institutions: dict, users: dict, organisation) -> dict:
    """Assignments, updates, indicators, evidence, assessments, comments and a consultation on the state's
    recommendations; returns the recommendations the plan uses, by the plan's keys."""
    coordinator = users["coordinator"]
    today = timezone.localdate()
    recommendations = list(
        Recommendation.objects.filter(review__state=state, review__mechanism__code="UPR")
        .select_related("review__session")
        .order_by("review__session__number", "source_key", "pk")
    )
    assigned = recommendations[::2]
    for position, recommendation in enumerate(assigned):
        lead = _lead(recommendation.text)
        # Older reviews' deadlines have passed (some are overdue), the latest review's are to come.
        months = (
            (position % 9) * 2 - 4 if recommendation.review.session.cycle.number < 3 else 6 + position % 12
        )
        seeder.ensure(
            Assignment,
            recommendation=recommendation,
            institution=institutions[lead],
            defaults={
                "role": Assignment.Role.LEAD,
                "deadline": today + dt.timedelta(days=30 * months),
                "created_by": coordinator,
                "updated_by": coordinator,
            },
        )
        if position % 5 == 0:
            seeder.ensure(
                Assignment,
                recommendation=recommendation,
                institution=institutions[SUPPORT[lead]],
                defaults={"role": Assignment.Role.SUPPORTING, "created_by": coordinator},
            )
        if position % 7 == 6:
            continue  # assigned, nothing reported yet
        _seed_update(seeder, position, recommendation, institutions[lead], users, organisation, today)
    _seed_indicators(seeder, recommendations, institutions, coordinator)
    _seed_consultation(seeder, recommendations, users, organisation, today)
    return _plan_subjects(recommendations)


def _seed_update(seeder, position, recommendation, institution, users, organisation, today):
    author = users.get(FOCAL_POINTS.get(institution.acronym), users["coordinator"])
    spread = position % 20
    if spread < len(PUBLISHED_SPREAD):
        state, status = StatusUpdate.State.PUBLISHED, PUBLISHED_SPREAD[spread]
    else:
        state, status = OPEN_STATES[spread - len(PUBLISHED_SPREAD)], ImplementationStatus.IN_PROGRESS
    year = recommendation.review.session.year + 2 + position % 3
    published_at = dt.datetime(min(year + 1, today.year), 2, 1 + position % 27, 9, tzinfo=dt.UTC)
    update = seeder.ensure(
        StatusUpdate,
        recommendation=recommendation,
        institution=institution,
        state=state,
        defaults={
            "status": status,
            "level": LEVELS[position % 3],
            "narrative": NARRATIVES[status],
            "challenges": "Staff and budget are short." if position % 3 == 0 else "",
            "period_start": dt.date(min(year, today.year), 1, 1),
            "period_end": dt.date(min(year, today.year), 12, 31),
            "published_at": published_at if state == StatusUpdate.State.PUBLISHED else None,
            "created_by": author,
            "updated_by": author,
        },
    )
    if state == StatusUpdate.State.PUBLISHED and status != ImplementationStatus.FULLY and position % 6 == 3:
        # A newer report waiting for the validator, to be read beside the one published now.
        seeder.ensure(
            StatusUpdate,
            recommendation=recommendation,
            institution=institution,
            state=StatusUpdate.State.SUBMITTED,
            defaults={
                "status": LOWER_TO_HIGHER[status],
                "level": update.level,
                "narrative": NARRATIVES[LOWER_TO_HIGHER[status]],
                "period_start": dt.date(today.year, 1, 1),
                "period_end": today,
                "created_by": author,
                "updated_by": author,
            },
        )
    if state == StatusUpdate.State.PUBLISHED and position % 6 == 0:
        seeder.ensure(
            EvidenceLink,
            status_update=update,
            url=f"https://example.org/demo/{recommendation.public_id}/report",
            defaults={"title": "Report of the lead institution"},
        )
    if position % 6 in (0, 2):
        name = f"evidence-{recommendation.public_id}.pdf"
        seeder.ensure(
            Evidence,
            status_update=update,
            original_name=name,
            defaults={
                "content_type": "application/pdf",
                "size": len(MINIMAL_PDF),
                "confidential": position % 12 == 2,
                "created_by": author,
            },
            before_save=lambda evidence: evidence.file.save(name, ContentFile(MINIMAL_PDF), save=False),
        )
    if state == StatusUpdate.State.PUBLISHED and position % 5 == 1:
        # The organisation's own assessment: as the government's every other time, less rosy otherwise.
        seeder.ensure(
            Assessment,
            organisation=organisation,
            recommendation=recommendation,
            defaults={
                "status": LOWER[status] if position % 10 == 1 else status,
                "level": update.level,
                "rationale": "Our monitoring in the field shows that the measure does not yet reach the "
                "people concerned everywhere."
                if position % 10 == 1
                else "We confirm the government's account from our own monitoring.",
                "moderation": Moderation.APPROVED if position % 15 != 11 else Moderation.PENDING,
                "is_current": position % 15 != 11,
                "published_at": published_at if position % 15 != 11 else None,
                "created_by": users["cso.member"],
                "updated_by": users["cso.member"],
            },
        )
    if state == StatusUpdate.State.PUBLISHED and position % 7 == 3:
        seeder.ensure(
            Comment,
            recommendation=recommendation,
            author=users["cso.member"],
            defaults={
                "organisation": organisation,
                "body": "We would welcome figures by municipality in the next update.",
                "moderation": Comment.Moderation.APPROVED if position % 2 else Comment.Moderation.PENDING,
                "created_by": users["cso.member"],
                "updated_by": users["cso.member"],
            },
        )


def _first(recommendations, pattern: str) -> Recommendation | None:
    return next((r for r in recommendations if re.search(pattern, r.text, re.IGNORECASE)), None)


def _seed_indicators(seeder, recommendations, institutions, coordinator):
    for pattern, title, unit, baseline, year, target, responsible, values in INDICATORS:
        recommendation = _first(recommendations, pattern)
        if recommendation is None:
            continue
        indicator = seeder.ensure(
            Indicator,
            recommendation=recommendation,
            title=title,
            defaults={
                "unit": unit,
                "baseline_value": Decimal(baseline),
                "baseline_year": year,
                "target_value": Decimal(target),
                "target_date": dt.date(2028, 12, 31),
                "frequency": Indicator.Frequency.ANNUAL,
                "responsible_institution": institutions[responsible],
                "data_source": "Annual statistics of the responsible institution",
                "created_by": coordinator,
                "updated_by": coordinator,
            },
        )
        for value_year, value in values:
            seeder.ensure(
                IndicatorValue,
                indicator=indicator,
                date=dt.date(value_year, 12, 31),
                defaults={"value": Decimal(value)},
            )


def _seed_consultation(seeder, recommendations, users, organisation, today):
    latest = [r for r in recommendations if r.review.session.cycle.number == 3][:8] or recommendations[:8]
    consultation = seeder.ensure(
        Consultation,
        title="Consultation on the mid-term report",
        defaults={
            "description": "Tell us what has changed since the last review on these recommendations.",
            "deadline": timezone.now() + dt.timedelta(days=30),
            "created_by": users["coordinator"],
            "updated_by": users["coordinator"],
        },
    )
    consultation.recommendations.add(*latest)
    for recommendation in latest[:3]:
        seeder.ensure(
            ConsultationInput,
            consultation=consultation,
            recommendation=recommendation,
            organisation=organisation,
            defaults={
                "body": "Victims' associations were not consulted on the measure; we ask to be heard.",
                "created_by": users["cso.member"],
                "updated_by": users["cso.member"],
            },
        )


# The plan's recommendation keys and the text each one's recommendation has (the first that matches).
PLAN_SUBJECTS = {
    "police": r"police|ill-treatment|torture",
    "prisons": r"prison|detention",
    "health": r"health",
    "violence-women": r"violence against women|domestic violence",
}


def _plan_subjects(recommendations) -> dict:
    found = {key: _first(recommendations, pattern) for key, pattern in PLAN_SUBJECTS.items()}
    return {key: recommendation for key, recommendation in found.items() if recommendation}

"""Exports of OHCHR's Universal Human Rights Index (UHRI), as its search page downloads them (CSV, XLSX).

The one bulk source of treaty-body and special-procedure recommendations besides the UPR's. Columns are
named as UHRI names them, misspellings included: ``Text, Countries Concerned, Reccomending Body,
Document Symbol, Type, Themes, Affected Persons, Sdgs, Document Publication Date, UPR Session, UPR
Reccomending States, UPR Position, OHCHR Annotation Id, Regions Concerned``. A multi-valued cell holds
one value per line, each after "- " ("- CEDAW", "- Women & girls", "- 5.3 - Eliminate harmful
practices"). Dates are Excel serial numbers in the XLSX download. Every row carries its annotation id,
which is what finds it again on re-import.
"""

import datetime
import functools
import re

from ..models import Recommendation
from .rows import ImportRow, ReviewData, natural_key
from .vocabulary import Vocabulary

REQUIRED_COLUMNS = (
    "Text",
    "Countries Concerned",
    "Reccomending Body",
    "Document Symbol",
    "OHCHR Annotation Id",
)
COLUMNS = (
    *REQUIRED_COLUMNS,
    "Type",
    "Themes",
    "Affected Persons",
    "Sdgs",
    "Document Publication Date",
    "UPR Session",
    "UPR Reccomending States",
    "UPR Position",
    "Regions Concerned",
)
LEGACY_EXPORT = True
RECOMMENDATION_TYPES = {"recommendation", "recommendations", ""}
EXCEL_EPOCH = datetime.date(1899, 12, 30)
_BULLET = re.compile(r"^\s*[-–•]\s*")
_TARGET = re.compile(r"^(?P<goal>\d{1,2})\.(?P<target>[0-9a-z]{1,2})\b", re.IGNORECASE)
_GOAL = re.compile(r"^(?:SDG\s*|Goal\s*)?(?P<goal>\d{1,2})\b(?!\.\w)", re.IGNORECASE)
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%Y-%m-%dT%H:%M:%S")
# Which mechanism a "Reccomending Body" names, tried in order on the upper-cased value: SPT before CAT,
# the Convention on the Rights of the Child's optional protocols (CRC-OPAC, OPSC, OPIC) under CRC.
_BODIES = (
    ("UPR", ("UPR", "UNIVERSAL PERIODIC")),
    ("SPT", ("SPT", "SUBCOMMITTEE ON PREVENTION")),
    ("CAT", ("CAT", "AGAINST TORTURE")),
    ("CCPR", ("CCPR", "HUMAN RIGHTS COMMITTEE", "HRCTTEE")),
    ("CESCR", ("CESCR", "ECONOMIC, SOCIAL")),
    ("CERD", ("CERD", "RACIAL DISCRIMINATION")),
    ("CEDAW", ("CEDAW", "DISCRIMINATION AGAINST WOMEN")),
    ("CMW", ("CMW", "MIGRANT WORKERS")),
    ("CRPD", ("CRPD", "PERSONS WITH DISABILITIES")),
    ("CED", ("CED", "ENFORCED DISAPPEARANCES")),
    ("CRC", ("CRC", "RIGHTS OF THE CHILD")),
    (
        "SP",
        (
            "SPECIAL PROCEDURE",
            "SPECIAL RAPPORTEUR",
            "WORKING GROUP",
            "INDEPENDENT EXPERT",
            "SR ",
            "WG ",
            "IE ",
        ),
    ),
)


@functools.lru_cache(maxsize=8192)
def values(cell: str) -> tuple[str, ...]:
    """The values of a multi-valued UHRI cell: one per line, the "- " before each dropped. Cached: an
    export repeats the same theme and country cells thousands of times."""
    items = (_BULLET.sub("", line).strip() for line in cell.splitlines())
    return tuple(dict.fromkeys(item for item in items if item))


@functools.lru_cache(maxsize=1024)
def mechanism_code(body: str) -> str | None:
    upper = f"{body.upper()} "
    for code, needles in _BODIES:
        if any(re.search(rf"(?<![A-Z]){re.escape(needle.strip())}(?![A-Z])", upper) for needle in needles):
            return code
    return None


def parse_date(value: str, problems: list[str]) -> datetime.date | None:
    """A date as UHRI gives it: an Excel serial day number in the XLSX, ISO or day/month/year in CSV."""
    if not value:
        return None
    number = value.split(".")[0]
    if number.isdigit() and 20000 < int(number) < 80000:
        return EXCEL_EPOCH + datetime.timedelta(days=int(number))
    for pattern in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    problems.append(f"Document Publication Date '{value}' is not a date")
    return None


def _sdgs(cell: str, vocabulary: Vocabulary, problems: list[str]) -> tuple[set, set]:
    goals, targets = set(), set()
    for item in values(cell):
        target = _TARGET.match(item)
        if target:
            targets.add(vocabulary.sdg_target(f"{target['goal']}.{target['target']}", problems))
            goals.add(vocabulary.sdg_goal(target["goal"], problems))
            continue
        goal = _GOAL.match(item)
        goals.add(vocabulary.sdg_goal(goal["goal"] if goal else item, problems))
    return goals, targets


def is_recommendation(cells: dict[str, str]) -> bool:
    return cells.get("Type", "").strip().lower() in RECOMMENDATION_TYPES


def parse_row(
    cells: dict[str, str], vocabulary: Vocabulary, problems: list[str], **location
) -> ImportRow | None:
    """The key is the annotation id. A UPR row belongs to its session's review; any other to the
    document (concluding observations, visit report) its symbol names, dated by its publication."""
    countries = values(cells["Countries Concerned"])
    if len(countries) > 1:
        problems.append(f"concerns several countries ({', '.join(countries)}); UHRI gives one per row")
    state = vocabulary.state(countries[0] if countries else "", "country concerned", problems)
    bodies = values(cells["Reccomending Body"])
    codes = {mechanism_code(body) for body in bodies}
    if not bodies:
        problems.append("Reccomending Body is missing")
    elif None in codes or len(codes) > 1:
        problems.append(f"Reccomending Body '{'; '.join(bodies)}' is not one known mechanism")
    known = bodies and len(codes) == 1 and None not in codes
    mechanism = vocabulary.mechanism(codes.pop(), problems) if known else None
    annotation = cells["OHCHR Annotation Id"]
    if not annotation:
        problems.append("OHCHR Annotation Id is missing")
    symbols = values(cells["Document Symbol"])
    symbol = symbols[0] if symbols else ""
    date = parse_date(cells.get("Document Publication Date", ""), problems)
    text = cells["Text"]
    if not text:
        problems.append("text is empty")
    session = None
    sessions = values(cells.get("UPR Session", ""))
    if mechanism is not None and mechanism.code == "UPR":
        digits = re.match(r"\D*(\d+)", sessions[0]) if sessions else None
        session = vocabulary.session(digits[1] if digits else (sessions[0] if sessions else ""), problems)
    elif not symbol:
        problems.append("Document Symbol is missing")
    if mechanism is not None and session is None and date is None and mechanism.code != "UPR":
        problems.append("Document Publication Date is missing: the review cannot be placed in a year")
    recommending = [
        vocabulary.state(name, "recommending state", problems)
        for name in values(cells.get("UPR Reccomending States", ""))
    ]
    positions = values(cells.get("UPR Position", ""))
    response = vocabulary.response(positions[0] if positions else "", problems)
    themes = {vocabulary.uhri_theme(label) for label in values(cells.get("Themes", ""))}
    groups = {vocabulary.affected_group(name) for name in values(cells.get("Affected Persons", ""))}
    goals, targets = _sdgs(cells.get("Sdgs", ""), vocabulary, problems)
    if problems:
        return None
    return ImportRow(
        source=Recommendation.Source.UHRI,
        source_key=natural_key("uhri", annotation),
        review=ReviewData(
            state_id=state.pk,
            mechanism_id=mechanism.pk,
            session_id=session.pk if session else None,
            document_symbol=symbol,
            year=session.year if session else date.year,
            date=date,
        ),
        text=text,
        response=response,
        recommending_states=frozenset(state.pk for state in recommending),
        themes=frozenset(themes),
        affected_groups=frozenset(groups),
        sdg_goals=frozenset(goals),
        sdg_targets=frozenset(targets),
        **location,
    )

"""The report kinds: each turns a job's scope into a ``Document`` the writers can render in any format.

The open-data dump is not here: it writes its file straight from the database (``reports.opendata``).
"""

from collections.abc import Callable
from datetime import date

from django.utils import formats
from django.utils.translation import gettext

from institutions.models import Institution
from recommendations.models import Response
from reference.models import Cycle, State, Theme

from ..document import Document
from ..models import Kind, ReportJob
from ..progress import Progress
from ..scope import STATUS_CHOICES
from . import search, summaries, tables

Builder = Callable[[ReportJob, Progress, str], Document]
BUILDERS: dict[str, Builder] = {
    Kind.MATRIX: tables.matrix,
    Kind.GRID: tables.grid,
    Kind.CIVIL_SOCIETY: tables.civil_society,
    Kind.MIDTERM: summaries.midterm,
    Kind.ONE_YEAR: summaries.one_year,
    Kind.SEARCH: search.search_results,
}


def describe_scope(scope: dict) -> str:
    """The scope in words, for the jobs list and under a report's title. A query per named filter."""
    state = scope.get("state")
    parts = [
        State.objects.filter(iso3=state).values_list("name", flat=True).first() or state
        if state
        else gettext("All states")
    ]
    if scope.get("mechanism"):
        parts.append(scope["mechanism"])
    if scope.get("cycle"):
        parts.append(str(Cycle.objects.filter(number=scope["cycle"]).first() or f"Cycle {scope['cycle']}"))
    if scope.get("theme"):
        parts.append(Theme.objects.filter(pk=scope["theme"]).values_list("name", flat=True).first() or "")
    if scope.get("institution"):
        parts.append(
            Institution.objects.filter(pk=scope["institution"]).values_list("name", flat=True).first() or ""
        )
    if scope.get("response"):
        parts.append(str(Response(scope["response"]).label))
    if scope.get("status"):
        parts.append(str(dict(STATUS_CHOICES)[scope["status"]]))
    if scope.get("search") or scope.get("layout"):
        parts.append(f"search: {scope.get('search') or 'everything'}")
    if scope.get("layout") == "template":
        parts.append("import template")
    if scope.get("recommendations"):
        parts.append(", ".join(scope["recommendations"]))
    parts.append(
        gettext("published data only")
        if scope.get("published_only", True)
        else gettext("including unpublished data")
    )
    return " · ".join(part for part in parts if part)


def build(job: ReportJob, progress: Progress, today: date) -> Document:
    subtitle = f"{describe_scope(job.scope)} — {formats.date_format(today, 'j F Y')}"
    return BUILDERS[job.kind](job, progress, subtitle)

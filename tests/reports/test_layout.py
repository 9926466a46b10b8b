"""How the documents are laid out: what fits the page, what repeats on every page, what never breaks."""

import pypdf

from reports.models import Kind
from tests.factories import RecommendationFactory, ThemeFactory

from .conftest import job_bytes, request_report


def _pdf_text(job) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(job_bytes(job)).pages)


def test_a_midterm_pdf_of_forty_themes_splits_its_chart_over_pages(world):
    themes = [ThemeFactory(code=f"t{n:02}", name=f"Theme number {n:02}") for n in range(42)]
    for n, theme in enumerate(themes):
        RecommendationFactory.create_batch(1 + n % 3, review=world.business.review, themes=[theme])
    job = request_report(world.coordinator, Kind.MIDTERM, "pdf", state="KEN")
    reader = pypdf.PdfReader(job_bytes(job))
    text = _pdf_text(job)
    for theme in themes:
        assert text.count(theme.name) >= 2  # a bar label in the chart and a row of the table
    assert len(reader.pages) >= 3

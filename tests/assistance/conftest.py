"""A suggester trained once per test run on a real sample of UPR Info's export, and the people who use it.

The sample is every fifth row of the two shared files (about 2,900 recommendations, sessions 1–9):
small enough to train in seconds, real enough that the suggestions mean something. The trained
objects are plain Python; each test stores them as model versions in its own MEDIA_ROOT.
"""

from pathlib import Path
from types import SimpleNamespace

import pytest
from django.utils.text import slugify

from assistance.datasets import Example
from assistance.models import Kind
from assistance.suggesters import store, train_category, train_sdg, train_themes
from recommendations.importers import read_table
from tests.factories import UserFactory
from tests.shared_data import UPR_INFO as DATA

SAMPLE_EVERY = 5


def read_upr_info(path: Path) -> list[dict]:
    """Rows of a UPR Info export (Mac Roman, CR line endings, HTML entities), read as the importer does."""
    return [cells for _, cells in read_table(path.read_bytes(), legacy=True).records]


@pytest.fixture(scope="session")
def upr_info_sample() -> list[Example]:
    files = sorted(DATA.glob("upr-info_sessions_*.csv"))
    if not files:
        pytest.skip(f"UPR Info's export is not in {DATA}")
    rows = [row for path in files for row in read_upr_info(path)][::SAMPLE_EVERY]
    return [
        Example(
            id=i,
            text=row["Text"],
            session=int(row["Session"]),
            action_category=int(row["Action"]),
            themes={"upr-info": {slugify(issue) for issue in row["Issue"].split(",") if issue.strip()}},
        )
        for i, row in enumerate(rows)
    ]


@pytest.fixture(scope="session")
def trained(upr_info_sample):
    themes, theme_figures = train_themes(upr_info_sample)
    category, category_figures = train_category(upr_info_sample)
    return SimpleNamespace(
        themes=themes, category=category, theme_figures=theme_figures, category_figures=category_figures
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def stored_models(trained, upr_info_sample, media, db):
    """The sample's suggesters stored as version 1 of each kind, with an SDG matcher."""
    sdg, sdg_figures = train_sdg([])
    size = len(upr_info_sample)
    return {
        Kind.THEME: store(
            Kind.THEME,
            trained.themes,
            training_size=size,
            labels=trained.themes.label_count,
            evaluation=trained.theme_figures,
            seconds=0,
        ),
        Kind.CATEGORY: store(
            Kind.CATEGORY,
            trained.category,
            training_size=size,
            labels=5,
            evaluation=trained.category_figures,
            seconds=0,
        ),
        Kind.SDG_TARGET: store(
            Kind.SDG_TARGET, sdg, training_size=0, labels=169, evaluation=sdg_figures, seconds=0
        ),
    }


@pytest.fixture
def coordinator(db):
    return UserFactory(username="coordinator", coordinator=True)


@pytest.fixture
def focal_point(db):
    return UserFactory(username="focal-point")

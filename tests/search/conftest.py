"""A small world to search: three states reviewed, a national theme tree, statuses in every state of the
workflow, and unpublished work (every unpublished string says SECRET) that nothing may ever count.
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.utils import timezone

from recommendations.models import Review
from reference.models import AffectedGroup, Mechanism, SdgGoal, SdgTarget, Session, State, Theme
from search.services import search_index_refresh
from tests.factories import (
    AssignmentFactory,
    InstitutionFactory,
    RecommendationFactory,
    StatusUpdateFactory,
    ThemeFactory,
)
from tracking.models import ImplementationStatus

SECRET = "SECRET"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """The anonymous throttle counts in the cache: every test starts with a clean slate."""
    cache.clear()
    yield
    cache.clear()


def _review(iso3, *, session=None, mechanism="UPR", year=None, symbol=""):
    session = Session.objects.get(number=session) if session else None
    return Review.objects.create(
        state=State.objects.get(iso3=iso3),
        mechanism=Mechanism.objects.get(code=mechanism),
        session=session,
        year=year or session.year,
        document_symbol=symbol,
    )


def _published(recommendation, institution, status, days_ago):
    return StatusUpdateFactory(
        recommendation=recommendation,
        institution=institution,
        status=status,
        published=True,
        published_at=timezone.now() - dt.timedelta(days=days_ago),
    )


@pytest.fixture
def world(db):
    """Seven published recommendations and one unpublished, indexed."""
    france13 = _review("FRA", session=13)
    france1 = _review("FRA", session=1)
    brazil13 = _review("BRA", session=13)
    kenya = _review("KEN", mechanism="CEDAW", year=2019, symbol="CEDAW/C/KEN/CO/8")
    rights = ThemeFactory(name="Civil and political rights")
    justice = ThemeFactory(name="Justice and the courts", parent=rights)
    ministry_of_justice = InstitutionFactory(name="Ministry of Justice")
    ministry_of_health = InstitutionFactory(name="Ministry of Health")

    abolish = RecommendationFactory(
        review=france13,
        text="Abolish the death penalty in all circumstances.",
        response="noted",
        action_category=5,
        recommending_states=["URY", "MEX"],
        themes=["death-penalty", justice],
    )
    debate = RecommendationFactory(
        review=france13,
        text="Hold a public debate on the death penalty.",
        response="supported",
        action_category=3,
        recommending_states=["URY"],
        themes=["death-penalty"],
    )
    women = RecommendationFactory(
        review=france1,
        text="Continue its efforts to eliminate violence against women and girls.",
        response="supported",
        action_category=2,
        recommending_states=["IDN"],
        themes=["womens-rights"],
    )
    women.affected_groups.set(AffectedGroup.objects.filter(code="women"))
    women.sdg_targets.set(SdgTarget.objects.filter(code="5.2"))
    torture = RecommendationFactory(
        review=brazil13,
        text="Ensure that torture is criminalised <in law> & punished.",
        response="noted",
        action_category=5,
        recommending_states=["FRA", "DEU"],
        themes=["torture-and-other-cid-treatment"],
    )
    discrimination = RecommendationFactory(
        review=kenya,
        text="Adopt a comprehensive law on discrimination against women.",
        response="",
        action_category=None,
    )
    discrimination.sdg_goals.set(SdgGoal.objects.filter(number=5))
    drafted = RecommendationFactory(
        review=france13,
        text="Strengthen the independence of the judiciary.",
        response="supported",
        action_category=4,
        recommending_states=["DEU"],
    )
    secret = RecommendationFactory(
        review=france13,
        text=f"{SECRET} abolish the death penalty for minors.",
        response="noted",
        recommending_states=["URY", "NZL"],
        themes=["death-penalty"],
        is_published=False,
    )
    AssignmentFactory(recommendation=abolish, institution=ministry_of_justice)
    AssignmentFactory(recommendation=women, institution=ministry_of_health, role="supporting")
    AssignmentFactory(recommendation=secret, institution=ministry_of_health)
    _published(abolish, ministry_of_justice, ImplementationStatus.IN_PROGRESS, days_ago=30)
    _published(abolish, ministry_of_justice, ImplementationStatus.FULLY, days_ago=2)
    StatusUpdateFactory(recommendation=abolish, institution=ministry_of_justice, status="not_started")
    StatusUpdateFactory(recommendation=drafted, institution=ministry_of_justice, status="fully")
    _published(secret, ministry_of_health, ImplementationStatus.PARTIALLY, days_ago=1)
    search_index_refresh()
    return SimpleNamespace(
        abolish=abolish,
        debate=debate,
        women=women,
        torture=torture,
        discrimination=discrimination,
        drafted=drafted,
        secret=secret,
        rights=rights,
        justice=justice,
        ministry_of_justice=ministry_of_justice,
        ministry_of_health=ministry_of_health,
        death_penalty=Theme.objects.get(scheme="upr-info", code="death-penalty"),
    )

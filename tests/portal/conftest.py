"""A small published world, with unpublished work mixed in that no portal page may ever show.

Every unpublished string carries the word SECRET, so a test can assert that it never reaches a page.
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from indicators.models import Indicator, IndicatorValue
from institutions.models import Assignment, Institution, Membership
from participation.models import Comment
from recommendations.models import Recommendation, RecommendationLink, RecommendationPart, Review, Translation
from reference.models import AffectedGroup, Mechanism, SdgTarget, Session, State, Theme
from tracking.models import StatusUpdate

SECRET = "SECRET"


def make_recommendation(review, text, *, recommending=(), themes=(), published=True, **fields):
    recommendation = Recommendation.objects.create(review=review, text=text, is_published=published, **fields)
    recommendation.recommending_states.set(State.objects.filter(iso3__in=recommending))
    recommendation.themes.set(themes)
    return recommendation


def make_update(recommendation, institution, status, state, narrative, days_ago=0):
    published = state == StatusUpdate.State.PUBLISHED
    return StatusUpdate.objects.create(
        recommendation=recommendation,
        institution=institution,
        status=status,
        state=state,
        narrative=narrative,
        published_at=timezone.now() - dt.timedelta(days=days_ago) if published else None,
    )


@pytest.fixture
def world(django_user_model):
    """Brazil's reviews, two ministries, reports, indicators and comments; see the module docstring."""
    upr = Mechanism.objects.get(code="UPR")
    ccpr = Mechanism.objects.get(code="CCPR")
    brazil = State.objects.get(iso3="BRA")
    expression = Theme.objects.get(scheme="upr-info", code="freedom-of-opinion-and-expression")
    women = Theme.objects.get(scheme="upr-info", code="womens-rights")
    cycle2 = Review.objects.create(
        state=brazil,
        mechanism=upr,
        session=Session.objects.get(number=13),
        year=2012,
        document_symbol="A/HRC/21/11",
        date=dt.date(2012, 7, 9),
    )
    cycle1 = Review.objects.create(
        state=brazil, mechanism=upr, session=Session.objects.get(number=1), year=2008
    )
    treaty = Review.objects.create(state=brazil, mechanism=ccpr, document_symbol="CCPR/C/BRA/CO/2", year=2005)

    main = make_recommendation(
        cycle2,
        "Consider freedom of expression concerns when drafting cybercrime legislation.",
        recommending=["EST", "FIN"],
        themes=[expression],
        paragraph="119.12",
        response="supported",
        action_category=3,
    )
    main.affected_groups.set(AffectedGroup.objects.filter(code="media"))
    main.sdg_targets.set(SdgTarget.objects.filter(code="16.10"))
    Translation.objects.create(
        recommendation=main,
        language="fr",
        text="Tenir compte des préoccupations relatives à la liberté d'expression lors de la rédaction "
        "de la législation sur la cybercriminalité.",
    )
    split = make_recommendation(
        cycle2,
        "Ratify the Optional Protocol and adopt a law on women's shelters.",
        recommending=["IDN"],
        themes=[women],
        paragraph="119.40",
        response="supported",
        action_category=5,
    )
    RecommendationPart.objects.create(
        recommendation=split, position=1, text="Ratify the Optional Protocol", response="supported"
    )
    RecommendationPart.objects.create(
        recommendation=split, position=2, text="adopt a law on women's shelters", response="noted"
    )
    earlier = make_recommendation(
        cycle1,
        "Guarantee the freedom of expression of journalists and bloggers.",
        recommending=["NLD"],
        themes=[expression],
        paragraph="86.3",
        response="noted",
        action_category=4,
    )
    treaty_rec = make_recommendation(
        treaty, "Protect journalists against threats and reprisals for their expression.", themes=[expression]
    )
    hidden = make_recommendation(
        cycle2,
        f"{SECRET} draft recommendation awaiting review.",
        recommending=["MEX"],
        themes=[expression],
        paragraph="119.99",
        response="noted",
        published=False,
    )
    RecommendationLink.objects.create(source=main, target=earlier, kind="repeated")
    RecommendationLink.objects.create(source=main, target=hidden, kind="similar")

    justice = Institution.objects.create(name="Ministry of Justice", acronym="MJ", branch="executive")
    health = Institution.objects.create(name="Ministry of Health", acronym="MH", branch="executive")
    Assignment.objects.create(recommendation=main, institution=justice, role="lead")
    Assignment.objects.create(recommendation=main, institution=health, role="supporting")
    Assignment.objects.create(recommendation=split, institution=justice, role="lead")
    Assignment.objects.create(recommendation=hidden, institution=justice, role="supporting")

    make_update(
        main, justice, "not_started", StatusUpdate.State.PUBLISHED, "Working group convened.", days_ago=30
    )
    make_update(
        main, justice, "in_progress", StatusUpdate.State.PUBLISHED, "Bill sent to parliament.", days_ago=2
    )
    draft = make_update(
        main, justice, "fully", StatusUpdate.State.SUBMITTED, f"{SECRET} claim awaiting validation."
    )
    make_update(hidden, justice, "fully", StatusUpdate.State.PUBLISHED, f"{SECRET} report on a hidden one.")

    indicator = Indicator.objects.create(
        recommendation=main,
        title="Journalists' complaints investigated",
        unit="%",
        baseline_value=20,
        baseline_year=2012,
        target_value=80,
        responsible_institution=justice,
    )
    IndicatorValue.objects.create(indicator=indicator, date=dt.date(2014, 1, 1), value=35)
    IndicatorValue.objects.create(indicator=indicator, date=dt.date(2015, 1, 1), value=41.5)
    IndicatorValue.objects.create(
        indicator=indicator, date=dt.date(2016, 1, 1), value=98765, status_update=draft
    )

    author = django_user_model.objects.create_user("cso", first_name="Ana", last_name="Lima")
    Comment.objects.create(
        recommendation=main, author=author, body="The bill is a real step.", moderation="approved"
    )
    Comment.objects.create(recommendation=main, author=author, body=f"{SECRET} pending comment.")
    Comment.objects.create(
        recommendation=main, author=author, body=f"{SECRET} rejected comment.", moderation="rejected"
    )
    Comment.objects.create(
        recommendation=main,
        author=author,
        status_update=draft,
        body=f"{SECRET} on a draft.",
        moderation="approved",
    )
    return SimpleNamespace(
        brazil=brazil,
        main=main,
        split=split,
        earlier=earlier,
        treaty=treaty_rec,
        hidden=hidden,
        justice=justice,
        health=health,
        expression=expression,
    )


@pytest.fixture
def justice_focal_point(django_user_model, world):
    """Signed in, and assigned the unpublished recommendation: the public pages still hide it."""
    user = django_user_model.objects.create_user("focal-mj", first_name="Marta", last_name="Ruiz")
    Membership.objects.create(user=user, institution=world.justice, role=Membership.Role.FOCAL_POINT)
    return user


@pytest.fixture
def count_queries(client):
    """Fetch a URL (expecting 200) and return how many SQL queries the request made."""

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries)

    return count


def add_more_of_everything(world, n=3):
    """More states, themes, reports, indicators, comments and links on the main recommendation."""
    main = world.main
    main.recommending_states.add(*State.objects.filter(iso3__in=["FRA", "DEU", "ESP", "ITA"]))
    main.themes.add(*Theme.objects.filter(scheme="upr-info")[:n])
    main.affected_groups.add(*AffectedGroup.objects.all()[:n])
    main.sdg_targets.add(*SdgTarget.objects.all()[:n])
    author = Comment.objects.first().author
    for i in range(n):
        update = make_update(
            main, world.health, "in_progress", StatusUpdate.State.PUBLISHED, f"Step {i}.", i + 3
        )
        update.links.create(url=f"https://example.org/{i}", title=f"Evidence {i}")
        indicator = Indicator.objects.create(recommendation=main, title=f"Indicator {i}")
        IndicatorValue.objects.create(indicator=indicator, date=dt.date(2020 + i, 1, 1), value=i)
        Comment.objects.create(recommendation=main, author=author, body=f"Comment {i}", moderation="approved")
        other = make_recommendation(world.earlier.review, f"Earlier {i}", themes=[world.expression])
        RecommendationLink.objects.create(source=other, target=main, kind="related")
        Assignment.objects.create(recommendation=other, institution=world.justice, role="lead")

"""factory_boy factories, one per model, for every test.

Reference rows (states, mechanisms, sessions, UPR Info issues) are never invented: the test database
holds the project's reference data (``tests/conftest.py``), and factories look them up. Every user's
password is ``PASSWORD``. Recommendations are published unless told otherwise.

    recommendation = RecommendationFactory(themes=["death-penalty"], recommending_states=["URY"])
    focal = MembershipFactory(institution=justice).user
"""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from factory.django import DjangoModelFactory

from indicators.models import Indicator, IndicatorValue
from institutions.models import Assignment, Institution, Membership, WorkingGroup
from participation.models import Comment, Organisation, OrganisationMember
from recommendations.models import (
    Recommendation,
    RecommendationLink,
    RecommendationPart,
    Response,
    Review,
    Translation,
)
from reference.models import Mechanism, Session, State, Theme
from tracking.models import EvidenceLink, ImplementationStatus, StatusUpdate

PASSWORD = "pw"


def _state(iso3: str) -> State:
    return State.objects.get(iso3=iso3)


def _themes(values) -> list[Theme]:
    """Themes given as objects or as UPR Info issue codes ("death-penalty")."""
    codes = [value for value in values if isinstance(value, str)]
    by_code = {
        theme.code: theme for theme in Theme.objects.filter(scheme=Theme.Scheme.UPR_INFO, code__in=codes)
    }
    return [by_code[value] if isinstance(value, str) else value for value in values]


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password(PASSWORD)

    class Params:
        coordinator = factory.Trait(is_coordinator=True, is_staff=True)
        superuser = factory.Trait(is_superuser=True, is_staff=True)


class InstitutionFactory(DjangoModelFactory):
    class Meta:
        model = Institution
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Ministry No. {n}")
    acronym = factory.Sequence(lambda n: f"M{n}")
    branch = Institution.Branch.EXECUTIVE


class MembershipFactory(DjangoModelFactory):
    """A focal point by default; ``role=Membership.Role.VALIDATOR`` for a validating authority."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    institution = factory.SubFactory(InstitutionFactory)
    role = Membership.Role.FOCAL_POINT


class ThemeFactory(DjangoModelFactory):
    """A national cluster; UPR Info's issues already exist (look them up, or pass their codes)."""

    class Meta:
        model = Theme

    scheme = Theme.Scheme.NATIONAL
    code = factory.Sequence(lambda n: f"cluster-{n}")
    name = factory.Sequence(lambda n: f"National cluster {n}")


class ReviewFactory(DjangoModelFactory):
    """A UPR review of Brazil (session 13) by default; the same state and session give the same review.

    ``ReviewFactory(treaty_body=True)`` is a CEDAW review identified by its document symbol.
    """

    class Meta:
        model = Review
        django_get_or_create = ["state", "mechanism", "session", "document_symbol"]

    state = factory.LazyFunction(lambda: _state("BRA"))
    mechanism = factory.LazyFunction(lambda: Mechanism.objects.get(code="UPR"))
    session = factory.LazyFunction(lambda: Session.objects.get(number=13))
    document_symbol = ""
    year = factory.LazyAttribute(lambda review: review.session.year if review.session else 2020)

    class Params:
        treaty_body = factory.Trait(
            mechanism=factory.LazyFunction(lambda: Mechanism.objects.get(code="CEDAW")),
            session=None,
            document_symbol=factory.LazyAttribute(lambda review: f"CEDAW/C/{review.state.iso3}/CO/8"),
            date=datetime.date(2020, 3, 1),
        )


class RecommendationFactory(DjangoModelFactory):
    """Published, supported, category 4. ``themes`` take Theme objects or UPR Info codes, and
    ``recommending_states`` State objects or ISO3 codes."""

    class Meta:
        model = Recommendation
        skip_postgeneration_save = True

    review = factory.SubFactory(ReviewFactory)
    paragraph = factory.Sequence(lambda n: f"120.{n + 1}")
    text = factory.Sequence(lambda n: f"Take measures to address violence against women ({n}).")
    response = Response.SUPPORTED
    action_category = 4
    is_published = True

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(_themes(extracted))

    @factory.post_generation
    def recommending_states(self, create, extracted, **kwargs):
        if create and extracted:
            self.recommending_states.set([_state(s) if isinstance(s, str) else s for s in extracted])


class RecommendationPartFactory(DjangoModelFactory):
    class Meta:
        model = RecommendationPart

    recommendation = factory.SubFactory(RecommendationFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = "Ratify the Optional Protocol"
    response = Response.SUPPORTED


class TranslationFactory(DjangoModelFactory):
    class Meta:
        model = Translation

    recommendation = factory.SubFactory(RecommendationFactory)
    language = "fr"
    text = "Prendre des mesures pour lutter contre la violence à l'égard des femmes."


class RecommendationLinkFactory(DjangoModelFactory):
    class Meta:
        model = RecommendationLink

    source = factory.SubFactory(RecommendationFactory)
    target = factory.SubFactory(RecommendationFactory)
    kind = RecommendationLink.Kind.REPEATED


class AssignmentFactory(DjangoModelFactory):
    class Meta:
        model = Assignment

    recommendation = factory.SubFactory(RecommendationFactory)
    institution = factory.SubFactory(InstitutionFactory)
    role = Assignment.Role.LEAD
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=90))


class WorkingGroupFactory(DjangoModelFactory):
    class Meta:
        model = WorkingGroup

    name = factory.Sequence(lambda n: f"Working group {n}")


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    recommendation = factory.SubFactory(RecommendationFactory)
    title = factory.Sequence(lambda n: f"Share of complaints investigated within 90 days ({n})")
    unit = "%"
    baseline_value = 20
    baseline_year = 2020
    target_value = 80
    target_date = datetime.date(2030, 12, 31)
    frequency = Indicator.Frequency.ANNUAL
    responsible_institution = factory.SubFactory(InstitutionFactory)


class IndicatorValueFactory(DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    date = factory.Sequence(lambda n: datetime.date(2021, 1, 1) + datetime.timedelta(days=n))
    value = 40


class StatusUpdateFactory(DjangoModelFactory):
    """A draft; ``StatusUpdateFactory(published=True)`` is published now."""

    class Meta:
        model = StatusUpdate

    recommendation = factory.SubFactory(RecommendationFactory)
    institution = factory.SubFactory(InstitutionFactory)
    status = ImplementationStatus.IN_PROGRESS
    narrative = "A bill was tabled in the National Assembly."
    state = StatusUpdate.State.DRAFT

    class Params:
        published = factory.Trait(
            state=StatusUpdate.State.PUBLISHED, published_at=factory.LazyFunction(timezone.now)
        )


class EvidenceLinkFactory(DjangoModelFactory):
    class Meta:
        model = EvidenceLink

    status_update = factory.SubFactory(StatusUpdateFactory)
    url = factory.Sequence(lambda n: f"https://example.org/evidence/{n}")
    title = "Annual report"


class OrganisationFactory(DjangoModelFactory):
    """A verified civil society organisation; ``verified_at=None`` for one awaiting verification."""

    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Civil society organisation {n}")
    verified_at = factory.LazyFunction(timezone.now)


class OrganisationMemberFactory(DjangoModelFactory):
    class Meta:
        model = OrganisationMember

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)


class CommentFactory(DjangoModelFactory):
    """Awaiting moderation by default; the author speaks for ``organisation`` (none unless given)."""

    class Meta:
        model = Comment

    recommendation = factory.SubFactory(RecommendationFactory)
    author = factory.SubFactory(UserFactory)
    body = "The bill is a real step; we will follow its passage."
    moderation = Comment.Moderation.PENDING

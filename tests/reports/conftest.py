"""Kenya's second UPR review, the people who ask for reports, and the files they get back.

Personas: the coordinator (second factor passed), a focal point of the Ministry of Justice (asks for
reports, gets published data only), a focal point of the Ministry of Health (an outsider to the
justice focal point's jobs). Every unpublished string carries SECRET, so a test can assert that a
public-scope report never contains it.
"""

import datetime as dt
import io
from types import SimpleNamespace

import pytest
from django.utils import timezone

from institutions.models import Assignment
from participation.models import Assessment
from recommendations.models import RecommendationLink, Response
from reference.models import Mechanism, Session, State
from reports.models import ReportJob
from tests.conftest import signed_in
from tests.factories import (
    AssignmentFactory,
    EvidenceLinkFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    InstitutionFactory,
    MembershipFactory,
    OrganisationFactory,
    RecommendationFactory,
    ReviewFactory,
    StatusUpdateFactory,
    ThemeFactory,
    UserFactory,
)
from tests.tracking.conftest import (  # noqa: F401  (the same set-up as tracking's: media, on-commit)
    _fast_passwords_and_own_media,
    _on_commit_now,
    api_client,
)
from tracking.models import ImplementationStatus

SECRET = "SECRET"
BUSINESS = (
    "Develop a national action plan for the implementation of the Guiding Principles on Business and "
    "Human Rights."
)
# Accents, Arabic, Cyrillic and Chinese in one recommendation: every format must keep them all.
MULTILINGUAL = "Garantir l'égalité des femmes — حقوق الإنسان — права человека — 保障人权"


@pytest.fixture
def world(db):
    """Kenya, UPR session 21 (2015): two published recommendations, one unpublished, one treaty-body one."""
    kenya = State.objects.get(iso3="KEN")
    review = ReviewFactory(state=kenya, session=Session.objects.get(number=21), document_symbol="A/HRC/29/10")
    cedaw = ReviewFactory(state=kenya, treaty_body=True)
    justice = InstitutionFactory(name="Ministry of Justice", acronym="MoJ")
    health = InstitutionFactory(name="Ministry of Health", acronym="MoH")
    economic = ThemeFactory(code="esc", name="Economic, Social and Cultural Rights")
    group = ThemeFactory(code="group", name="Group Rights")
    business = RecommendationFactory(
        review=review, paragraph="142.1", text=BUSINESS, recommending_states=["NOR"], themes=[economic]
    )
    multilingual = RecommendationFactory(
        review=review,
        paragraph="142.2",
        text=MULTILINGUAL,
        response=Response.NOTED,
        recommending_states=["FRA", "EGY"],
        themes=[group],
    )
    secret = RecommendationFactory(
        review=review,
        paragraph="142.3",
        text=f"{SECRET} recommendation not yet published.",
        is_published=False,
    )
    treaty = RecommendationFactory(
        review=cedaw, paragraph="25", text="Adopt a comprehensive anti-discrimination law.", themes=[economic]
    )
    RecommendationLink.objects.create(source=business, target=treaty, kind=RecommendationLink.Kind.RELATED)
    today = timezone.localdate()
    AssignmentFactory(recommendation=business, institution=justice, deadline=dt.date(2027, 6, 30))
    AssignmentFactory(
        recommendation=business, institution=health, role=Assignment.Role.SUPPORTING, deadline=None
    )
    AssignmentFactory(recommendation=multilingual, institution=health, deadline=today - dt.timedelta(days=10))
    AssignmentFactory(recommendation=secret, institution=justice)
    update = StatusUpdateFactory(
        recommendation=business,
        institution=justice,
        published=True,
        narrative="A draft national action plan was validated with stakeholders.",
        challenges="Funding for county consultations.",
    )
    EvidenceLinkFactory(status_update=update, url="https://example.org/nap-draft", title="Draft NAP")
    StatusUpdateFactory(
        recommendation=business,
        institution=justice,
        status=ImplementationStatus.FULLY,
        narrative=f"{SECRET} draft",
    )
    StatusUpdateFactory(
        recommendation=multilingual,
        institution=health,
        published=True,
        status=ImplementationStatus.NOT_STARTED,
        narrative="Рабочая группа создана.",
    )
    indicator = IndicatorFactory(
        recommendation=business,
        title="National action plan adopted",
        unit="",
        baseline_value=0,
        target_value=1,
        target_date=dt.date(2027, 12, 31),
        responsible_institution=justice,
    )
    IndicatorValueFactory(indicator=indicator, date=dt.date(2025, 6, 1), value=0.5)
    organisation = OrganisationFactory(name="Kenya Human Rights Commission")
    Assessment.objects.create(
        organisation=organisation,
        recommendation=business,
        status=ImplementationStatus.NOT_STARTED,
        rationale="No consultation has reached the counties.",
        moderation=Assessment.Moderation.APPROVED,
        is_current=True,
        published_at=timezone.now(),
    )
    return SimpleNamespace(
        kenya=kenya,
        justice=justice,
        health=health,
        economic=economic,
        business=business,
        multilingual=multilingual,
        secret=secret,
        treaty=treaty,
        upr=Mechanism.objects.get(code="UPR"),
        coordinator=UserFactory(username="coordinator", coordinator=True),
        focal_justice=MembershipFactory(institution=justice, user=UserFactory(username="focal.justice")).user,
        focal_health=MembershipFactory(institution=health, user=UserFactory(username="focal.health")).user,
    )


def request_report(user, kind, fmt, **scope) -> ReportJob:
    """Ask for a report through the reports page, as a person would; the job runs eagerly."""
    client = signed_in(user)
    data = {"kind": kind, "format": fmt, "published_only": "on", **scope}
    response = client.post("/reports/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ReportJob.objects.filter(requested_by=user).latest("id")
    assert job.status == ReportJob.Status.DONE, job.error
    return job


def job_bytes(job: ReportJob) -> io.BytesIO:
    with job.file.open("rb") as stream:
        return io.BytesIO(stream.read())

"""The demo (one account per role), with work waiting for each: a submitted update beside a published
one, an approved update, an overdue assignment and an open consultation."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from institutions.models import Assignment, Institution
from participation.models import Consultation
from recommendations.demo import demo_seed
from recommendations.models import Recommendation
from tests.factories import StatusUpdateFactory
from tracking.models import StatusUpdate


@pytest.fixture
def demo(db):
    demo_seed()
    users = {user.username: user for user in get_user_model().objects.all()}
    justice = Institution.objects.get(acronym="MOJ")
    published = StatusUpdate.objects.filter(
        institution=justice, state="published", recommendation__isnull=False
    ).select_related("recommendation")[0]
    submitted = StatusUpdateFactory(
        recommendation=published.recommendation,
        institution=justice,
        status="fully",
        narrative="The oversight act was adopted and investigators now work in every county.",
        state=StatusUpdate.State.SUBMITTED,
    )
    first_report = StatusUpdateFactory(
        recommendation=Recommendation.objects.filter(assignments__institution=justice)
        .exclude(status_updates__state="published")
        .first(),
        institution=justice,
        status="not_started",
        narrative="A working group was set up.",
        state=StatusUpdate.State.SUBMITTED,
    )
    approved = StatusUpdateFactory(
        recommendation=published.recommendation,
        institution=justice,
        status="partially",
        narrative="Approved, waiting for publication.",
        state=StatusUpdate.State.APPROVED,
    )
    Assignment.objects.filter(institution=justice).update(
        deadline=timezone.localdate() - dt.timedelta(days=5)
    )
    consultation = Consultation.objects.create(
        title="Mid-term review of the police recommendations",
        deadline=timezone.now() + dt.timedelta(days=14),
        created_by=users["coordinator"],
    )
    consultation.recommendations.set([published.recommendation])
    return SimpleNamespace(
        users=users,
        justice=justice,
        published=published,
        submitted=submitted,
        first_report=first_report,
        approved=approved,
        consultation=consultation,
    )

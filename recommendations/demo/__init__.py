"""Demo content: enough data for every page of the tracker to show something real.

The UPR recommendations are quoted in UPR Info's publication on implementation (recommending state,
state under review, session of that review, response where the publication gives it). The treaty-body
recommendations to Kenya, the institutions, indicator values, status updates and comments are
illustrative: plausible, written for the demo, not quoted from any document.

With the shared data files present (``DEMO_DATA_DIR``), the follow-up is on one real state instead,
whose recommendations of three review cycles are imported from them (``real_state``): the demo then
runs as that state's NMRF (``TRACKER_STATE``). Without them it stays on the built-in sample (Kenya).

``demo_seed`` is idempotent: it only creates what is missing and never changes a row that exists, so a
second run reports nothing created and leaves edits made in the meantime alone.
"""

from collections import Counter

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django_otp.plugins.otp_totp.models import TOTPDevice

from assistance.datasets import load_examples
from assistance.models import SuggesterModel
from assistance.suggesters import train_all
from indicators.models import Indicator, IndicatorValue
from institutions.models import Assignment, Institution, Membership
from participation.models import Assessment, Comment, Moderation, Organisation, OrganisationMember
from plans.demo import seed_plan
from recommendations.models import Recommendation, Review
from recommendations.services import recommendations_follow_up_later
from reference.models import Mechanism, Session, State, Theme
from tracking.models import EvidenceLink, StatusUpdate
from upr_tracker import access

from . import real_state
from .content import (
    ACCOUNTS,
    ASSESSMENTS,
    ASSIGNMENTS,
    COMMENTS,
    DEMO_PASSWORD,
    DEMO_TOTP_KEY,
    INDICATORS,
    INSTITUTION_ROLES,
    INSTITUTIONS,
    KENYA_CAT,
    KENYA_CEDAW,
    ORGANISATION,
    ORGANISATION_MEMBER,
    STATUS_UPDATES,
    TREATY_BODY_RECOMMENDATIONS,
    UPR_RECOMMENDATIONS,
)

# The built-in sample's recommendations the plan answers, by the plan's subject keys.
KENYA_PLAN_SUBJECTS = {
    "police": "ken-cat-police-torture",
    "prisons": "ken-cat-prisons",
    "health": "ken-cedaw-maternal-health",
    "violence-women": "ken-cedaw-fgm",
}


class _Seeder:
    """Creates what is missing, validating each new row, and counts what it created per model."""

    def __init__(self):
        self.created = Counter()

    def ensure(self, model: type[models.Model], defaults: dict | None = None, *, before_save=None, **lookup):
        """The row matching ``lookup``, created from ``lookup`` and ``defaults`` if there is none."""
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**{**(defaults or {}), **lookup})
            if before_save:
                before_save(obj)
            obj.full_clean()
            obj.save()
            self.created[str(model._meta.verbose_name_plural)] += 1
        return obj

    def user(self, username: str) -> models.Model:
        first_name, last_name, flags, _purpose = ACCOUNTS[username]
        return self.ensure(
            get_user_model(),
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@example.org",
                **flags,
            },
            before_save=lambda user: user.set_password(DEMO_PASSWORD),
        )

    def recommendation(self, key: str, review: Review, category: int, issues: list[str], text: str, **fields):
        """A published recommendation; themes and recommending states are set only when it is created."""
        recommending = fields.pop("recommending_states", [])
        existing = Recommendation.objects.filter(source_key=f"demo:{key}").first()
        if existing:
            return existing
        themes = list(
            Theme.objects.filter(scheme=Theme.Scheme.UPR_INFO, code__in=[slugify(i) for i in issues])
        )
        if len(themes) != len(issues):
            raise LookupError(f"UPR Info issues missing for {key}: {issues}; run load_reference_data")
        recommendation = self.ensure(
            Recommendation,
            source_key=f"demo:{key}",
            defaults={
                "review": review,
                "text": text,
                "action_category": category,
                "is_published": True,
                "source": Recommendation.Source.MANUAL,
                **fields,
            },
        )
        recommendation.themes.set(themes)
        recommendation.recommending_states.set(recommending)
        return recommendation


def _states() -> dict[str, State]:
    codes = {code for by, to, *_rest in UPR_RECOMMENDATIONS.values() for code in [*by, to]} | {"KEN"}
    states = State.objects.in_bulk(codes, field_name="iso3")
    if len(states) != len(codes):
        raise LookupError(f"States missing: {sorted(codes - states.keys())}; run load_reference_data")
    return states


def _seed_recommendations(seeder: _Seeder) -> dict[str, Recommendation]:
    states = _states()
    mechanisms = Mechanism.objects.in_bulk(["UPR", KENYA_CEDAW[0], KENYA_CAT[0]], field_name="code")
    sessions = Session.objects.in_bulk(
        {session for _by, _to, session, *_rest in UPR_RECOMMENDATIONS.values()}, field_name="number"
    )
    recommendations = {}
    for key, (by, to, number, response, category, issues, text) in UPR_RECOMMENDATIONS.items():
        session = sessions[number]
        review = seeder.ensure(
            Review,
            state=states[to],
            mechanism=mechanisms["UPR"],
            session=session,
            defaults={"year": session.year},
        )
        recommendations[key] = seeder.recommendation(
            key,
            review,
            category,
            issues,
            text,
            response=response,
            recommending_states=[states[code] for code in by],
        )
    for key, ((mechanism, symbol, date), category, issues, text) in TREATY_BODY_RECOMMENDATIONS.items():
        review = seeder.ensure(
            Review,
            state=states["KEN"],
            mechanism=mechanisms[mechanism],
            document_symbol=symbol,
            session=None,
            defaults={"date": date, "year": date.year},
        )
        recommendations[key] = seeder.recommendation(key, review, category, issues, text)
    return recommendations


def _seed_institutions(seeder: _Seeder) -> dict[str, Institution]:
    institutions = {}
    for name, acronym, branch, parent in INSTITUTIONS:
        institutions[acronym] = seeder.ensure(
            Institution,
            name=name,
            defaults={"acronym": acronym, "branch": branch, "parent": institutions.get(parent)},
        )
    return institutions


def _seed_accounts(seeder: _Seeder, institutions: dict[str, Institution]) -> tuple[dict, Organisation]:
    users = {username: seeder.user(username) for username in ACCOUNTS}
    for username, acronym, role in INSTITUTION_ROLES:
        seeder.ensure(Membership, user=users[username], institution=institutions[acronym], role=role)
    coordinator = users["coordinator"]
    organisation = seeder.ensure(
        Organisation,
        name=ORGANISATION["name"],
        defaults={**ORGANISATION, "verified_at": timezone.now(), "verified_by": coordinator},
    )
    for user in users.values():
        if access.needs_two_factor(user):
            seeder.ensure(TOTPDevice, user=user, name="demo authenticator", defaults={"key": DEMO_TOTP_KEY})
    username, role = ORGANISATION_MEMBER
    seeder.ensure(
        OrganisationMember, organisation=organisation, user=users[username], defaults={"role": role}
    )
    return users, organisation


def _seed_follow_up(
    seeder: _Seeder, recommendations: dict, institutions: dict, users: dict, organisation
) -> None:
    coordinator = users["coordinator"]
    for key, acronym, role, deadline in ASSIGNMENTS:
        seeder.ensure(
            Assignment,
            recommendation=recommendations[key],
            institution=institutions[acronym],
            defaults={
                "role": role,
                "deadline": deadline,
                "created_by": coordinator,
                "updated_by": coordinator,
            },
        )
    for key, fields, values in INDICATORS:
        fields = {**fields, "responsible_institution": institutions[fields["responsible"]]}
        del fields["responsible"]
        indicator = seeder.ensure(
            Indicator,
            recommendation=recommendations[key],
            title=fields.pop("title"),
            defaults={**fields, "created_by": coordinator, "updated_by": coordinator},
        )
        for date, value in values:
            seeder.ensure(IndicatorValue, indicator=indicator, date=date, defaults={"value": value})
    for key, acronym, author, fields, links in STATUS_UPDATES:
        update = seeder.ensure(
            StatusUpdate,
            recommendation=recommendations[key],
            institution=institutions[acronym],
            period_end=fields["period_end"],
            defaults={**fields, "created_by": users[author], "updated_by": users[author]},
        )
        for url, title in links:
            seeder.ensure(EvidenceLink, status_update=update, url=url, defaults={"title": title})
    for key, author, moderation, body in COMMENTS:
        seeder.ensure(
            Comment,
            recommendation=recommendations[key],
            author=users[author],
            body=body,
            defaults={
                "organisation": organisation,
                "moderation": moderation,
                "created_by": users[author],
                "updated_by": users[author],
            },
        )
    for key, author, fields in ASSESSMENTS:
        seeder.ensure(
            Assessment,
            organisation=organisation,
            recommendation=recommendations[key],
            defaults={
                **fields,
                "moderation": Moderation.APPROVED,
                "is_current": True,
                "published_at": timezone.now(),
                "created_by": users[author],
                "updated_by": users[author],
            },
        )


@transaction.atomic
def demo_seed() -> dict[str, int]:
    """Create the demo content and accounts that are missing; returns how many rows of each kind it created.

    Needs the reference data (``load_reference_data``). Accounts that exist keep their password.
    """
    seeder = _Seeder()
    recommendations = _seed_recommendations(seeder)
    institutions = _seed_institutions(seeder)
    users, organisation = _seed_accounts(seeder, institutions)
    state = demo_state()
    if state.iso3 == real_state.STATE:
        real_state.import_recommendations(state, users["coordinator"])
        subjects = real_state.seed_follow_up(seeder, state, institutions, users, organisation)
        followed = list(Recommendation.objects.filter(review__state=state).values_list("pk", flat=True))
        seed_plan(seeder, subjects, institutions, users, state=state.name, currency="EUR")
    else:
        _seed_follow_up(seeder, recommendations, institutions, users, organisation)
        subjects = {subject: recommendations[key] for subject, key in KENYA_PLAN_SUBJECTS.items()}
        seed_plan(seeder, subjects, institutions, users, state=state.name, currency="KES")
        followed = []
    # The SDG suggester needs no tagged data, so the demo trains it on its own recommendations and the
    # suggestion queue has something to show. Themes and categories need real data (README).
    if not SuggesterModel.objects.exists():
        train_all(load_examples())
    # As after an import: searchable, with suggestions and related links, once committed.
    recommendations_follow_up_later(
        [recommendation.pk for recommendation in recommendations.values()], followed
    )
    return dict(seeder.created)


def demo_state() -> State:
    """The state whose NMRF the demo plays: the real one when its shared data files are there, else Kenya."""
    real = real_state.available() and State.objects.filter(iso3=real_state.STATE).first()
    return real or State.objects.get(iso3="KEN")


def demo_summary(address: str) -> list[str]:
    """What a person needs after ``make run``: where the tracker is, the demo accounts, the second factor.

    Printed once, last, by ``manage.py serve`` (and by ``seed_demo`` on its own), so that it does not
    scroll away behind the server's start-up lines.
    """
    two_factor = [username for username, (_f, _l, flags, _p) in ACCOUNTS.items() if flags.get("is_staff")]
    two_factor += [
        username for username, _code, role in INSTITUTION_ROLES if role == Membership.Role.VALIDATOR
    ]
    return [
        f"The tracker is at {address}  (administration: {address}admin/)",
        f"Demo accounts, password “{DEMO_PASSWORD}”:",
        *(f"  {username:<18} {purpose}" for username, (*_names, _flags, purpose) in ACCOUNTS.items()),
        f"{', '.join(two_factor)} also need a two-factor code: in another shell,",
        "  .venv/bin/python manage.py demo_totp",
        "prints the current one. Stop the server with CONTROL-C, the embedded database with `make stop-db`.",
    ]

"""Demo content: enough data for every page of the tracker to show something real.

The UPR recommendations are quoted in UPR Info's publication on implementation (recommending state,
state under review, session of that review, response where the publication gives it). The treaty-body
recommendations to Kenya, the institutions, indicator values, status updates and comments are
illustrative: plausible, written for the demo, not quoted from any document.

``demo_seed`` is idempotent: it only creates what is missing and never changes a row that exists, so a
second run reports nothing created and leaves edits made in the meantime alone.
"""

import datetime
from collections import Counter
from decimal import Decimal

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
from reference.models import Mechanism, Session, State, Theme
from tracking.models import EvidenceLink, ImplementationStatus, Level, StatusUpdate
from upr_tracker import access

from .models import Recommendation, Response, Review
from .services import recommendations_follow_up_later

DEMO_PASSWORD = "demo-password-2026"
# The demo accounts that must pass TOTP share this published secret (demo only), so that a person trying
# the tracker can add it to an authenticator app or ask ``manage.py demo_totp`` for the current code.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"
SUPPORTED = Response.SUPPORTED
NOT_RECORDED = ""

# Demo accounts: username -> (first name, last name, user flags, what the account is for).
ACCOUNTS = {
    "admin": ("Ada", "Admin", {"is_staff": True, "is_superuser": True}, "superuser"),
    "coordinator": ("Nia", "Coordinator", {"is_staff": True, "is_coordinator": True}, "NMRF coordinator"),
    "focal.justice": ("Juma", "Justice", {}, "focal point, Ministry of Justice"),
    "focal.health": ("Hawa", "Health", {}, "focal point, Ministry of Health"),
    "validator.justice": ("Victor", "Validator", {}, "validating authority, Ministry of Justice"),
    "cso.member": ("Cece", "Civil Society", {}, "administrator of a verified civil society organisation"),
}
INSTITUTION_ROLES = [
    ("focal.justice", "MOJ", Membership.Role.FOCAL_POINT),
    ("focal.health", "MOH", Membership.Role.FOCAL_POINT),
    ("validator.justice", "MOJ", Membership.Role.VALIDATOR),
]
# A verified (not trusted, so its comments are moderated) organisation and the account speaking for it.
ORGANISATION = {
    "name": "Civic Rights Watch",
    "kind": Organisation.Kind.CSO,
    "website": "https://example.org/civic-rights-watch",
    "description": "A network of community paralegals monitoring police stations and health facilities.",
}
ORGANISATION_MEMBER = ("cso.member", OrganisationMember.Role.ADMIN)

# (name, acronym, branch, parent acronym)
INSTITUTIONS = [
    ("Ministry of Justice", "MOJ", Institution.Branch.EXECUTIVE, None),
    ("Ministry of Health", "MOH", Institution.Branch.EXECUTIVE, None),
    ("Ministry of Foreign Affairs", "MFA", Institution.Branch.EXECUTIVE, None),
    ("NMRF Secretariat", "NMRF", Institution.Branch.EXECUTIVE, "MFA"),
    ("Ministry of Education", "MOE", Institution.Branch.EXECUTIVE, None),
    ("National Assembly", "NA", Institution.Branch.LEGISLATIVE, None),
    ("Judiciary", "JUD", Institution.Branch.JUDICIAL, None),
    ("National Commission on Human Rights", "NCHR", Institution.Branch.INDEPENDENT, None),
    ("Attorney General's Office", "AGO", Institution.Branch.EXECUTIVE, None),
]

# key: (recommending states, state under review, UPR session, response, action category, issues, text)
UPR_RECOMMENDATIONS = {
    "bra-cybercrime": (
        ["EST"], "BRA", 13, NOT_RECORDED, 3, ["Freedom of opinion and expression"],
        "Consider freedom of expression concerns when drafting cybercrime legislation.",
    ),
    "fin-violence-women": (
        ["IDN"], "FIN", 13, NOT_RECORDED, 2, ["Women's rights", "Rights of the Child"],
        "Continue its efforts in eliminating discrimination and preventing violence against women and "
        "children.",
    ),
    "pak-nhri-resources": (
        ["EGY"], "PAK", 14, NOT_RECORDED, 4, ["NHRI"],
        "Dedicate sufficient resources to national human rights institutions to enhance their effective "
        "functioning and independence.",
    ),
    "bfa-fgm-best-practices": (
        ["NLD"], "BFA", 3, NOT_RECORDED, 1, ["Women's rights", "Rights of the Child"],
        "Share best practices with other countries regarding female genital mutilation and continue efforts "
        "to fully eradicate it.",
    ),
    "tjk-expression": (
        ["CHE"], "TJK", 12, NOT_RECORDED, 4, ["Freedom of opinion and expression"],
        "Take all measures in order to protect and encourage the freedom of expression and make the "
        "limitations to the freedom of expression to comply with the international obligations.",
    ),
    "cze-women-representation": (
        ["SVK"], "CZE", 14, NOT_RECORDED, 4, ["Women's rights"],
        "Adopt concrete measures to fight discrimination against women in all spheres of life, especially "
        "by increasing the representation of women in the middle and higher positions of political and "
        "economic life.",
    ),
    "bwa-death-penalty-debate": (
        ["URY"], "BWA", 15, SUPPORTED, 5, ["Death penalty"],
        "Hold a public debate on the death penalty, in which all aspects of the issue should be highlighted "
        "in a holistic manner.",
    ),
    "jam-arrest-detention": (
        ["CAN"], "JAM", 22, NOT_RECORDED, 5, ["Detention", "Justice"],
        "Amend regulations related to arrest and detention by the Jamaica Constabulary Force, so that they "
        "clearly define the rights of detainees, strengthen judicial oversight of arrests, and provide "
        "specific remedies for breach of duty.",
    ),
    "ken-business-human-rights": (
        ["NOR"], "KEN", 21, NOT_RECORDED, 4, ["National plan of action"],
        "Develop a national action plan for the implementation of the Guiding Principles on Business and "
        "Human Rights.",
    ),
    "sle-abolish-fgm": (
        ["DEU"], "SLE", 11, SUPPORTED, 5, ["Women's rights", "Rights of the Child"],
        "Abolish FGM and as a first step support those initiatives from within the country which call for "
        "prohibiting FGM at least for minors of under 18 years age.",
    ),
    "ben-harmful-beliefs": (
        ["VAT"], "BEN", 2, SUPPORTED, 4, ["Rights of the Child", "Human rights education and training"],
        "Develop an awareness campaign to address traditional beliefs that are harmful to the rights of "
        "children, especially their right to life.",
    ),
    "tha-sex-workers": (
        ["FIN"], "THA", 12, SUPPORTED, 4, ["Women's rights", "Labour"],
        "Increase its efforts to address the human rights challenges faced by all sex workers.",
    ),
    "mng-minamata": (
        ["HUN"], "MNG", 22, SUPPORTED, 3, ["International instruments", "Environment", "Labour"],
        "Consider the ratification of the Minamata Convention and update article 4.1.23 of the Law on "
        "Minerals of Mongolia, which applies to small-scale mining, to secure mining rights to small-scale "
        "miners and formalize their operation as soon as possible.",
    ),
    "mng-mercury-plan": (
        ["CHE"], "MNG", 22, SUPPORTED, 4, ["Environment", "Right to health", "National plan of action"],
        "Elaborate and implement a national action plan on the use of mercury in the artisanal mining sector "
        "in order to protect the health of workers involved in the work of this sector as well as the "
        "environment.",
    ),
    "npl-opcat": (
        ["PAN"], "NPL", 23, SUPPORTED, 3, ["International instruments", "Torture and other CID treatment"],
        "Study the possibility of the ratification of the OP-CAT.",
    ),
    "npl-rome-statute": (
        ["CYP"], "NPL", 23, SUPPORTED, 4, ["International instruments", "Impunity"],
        "Take all necessary measures towards acceding to the Rome Statute of the ICC.",
    ),
}  # fmt: skip

# Treaty-body reviews of Kenya: (mechanism, document symbol, date) and their (illustrative) recommendations.
KENYA_CEDAW = ("CEDAW", "CEDAW/C/KEN/CO/8", datetime.date(2017, 11, 22))
KENYA_CAT = ("CAT", "CAT/C/KEN/CO/2", datetime.date(2013, 6, 19))
# key: (review, action category, issues, text)
TREATY_BODY_RECOMMENDATIONS = {
    "ken-cedaw-fgm": (
        KENYA_CEDAW, 5, ["Women's rights", "Rights of the Child"],
        "Adopt a time-bound strategy to eliminate female genital mutilation, including across borders, and "
        "ensure that perpetrators are prosecuted and adequately punished.",
    ),
    "ken-cedaw-maternal-health": (
        KENYA_CEDAW, 4, ["Right to health", "Women's rights"],
        "Allocate sufficient resources to reduce maternal mortality, in particular in rural areas and among "
        "adolescent girls, and guarantee access to emergency obstetric care.",
    ),
    "ken-cedaw-two-thirds": (
        KENYA_CEDAW, 5, ["Women's rights", "Elections"],
        "Adopt the legislation needed so that no more than two thirds of elected and appointed positions are "
        "held by persons of the same gender, as the Constitution requires.",
    ),
    "ken-cat-police-torture": (
        KENYA_CAT, 5, ["Torture and other CID treatment", "Human rights violations by state agents"],
        "Establish an independent mechanism to investigate all allegations of torture and ill-treatment by "
        "police officers, and ensure that victims obtain redress.",
    ),
    "ken-cat-prisons": (
        KENYA_CAT, 4, ["Detention"],
        "Reduce overcrowding in prisons, including through alternatives to pre-trial detention, and improve "
        "material conditions in all places of detention.",
    ),
}  # fmt: skip

# (recommendation key, institution acronym, role, deadline)
ASSIGNMENTS = [
    ("ken-business-human-rights", "AGO", Assignment.Role.LEAD, datetime.date(2026, 6, 30)),
    ("ken-business-human-rights", "MFA", Assignment.Role.SUPPORTING, None),
    ("ken-cat-police-torture", "MOJ", Assignment.Role.LEAD, datetime.date(2026, 3, 31)),
    ("ken-cat-police-torture", "JUD", Assignment.Role.SUPPORTING, None),
    ("ken-cat-police-torture", "NCHR", Assignment.Role.SUPPORTING, None),
    ("ken-cat-prisons", "MOJ", Assignment.Role.LEAD, datetime.date(2026, 12, 31)),
    ("ken-cedaw-fgm", "MOH", Assignment.Role.LEAD, datetime.date(2026, 9, 30)),
    ("ken-cedaw-fgm", "MOE", Assignment.Role.SUPPORTING, None),
    ("ken-cedaw-maternal-health", "MOH", Assignment.Role.LEAD, datetime.date(2026, 6, 30)),
    ("ken-cedaw-two-thirds", "NA", Assignment.Role.LEAD, None),
    ("ken-cedaw-two-thirds", "AGO", Assignment.Role.SUPPORTING, None),
]

# Two SMART indicators, illustrative baselines, targets and values: (recommendation key, fields, values).
INDICATORS = [
    (
        "ken-cat-police-torture",
        {
            "title": "Share of complaints of torture or ill-treatment by police investigated within 90 days",
            "definition": "Complaints closed or referred for prosecution by the independent oversight body "
            "within 90 days of receipt, over all complaints received in the year.",
            "unit": "%",
            "baseline_value": Decimal("35"),
            "baseline_year": 2016,
            "target_value": Decimal("90"),
            "target_date": datetime.date(2027, 12, 31),
            "data_source": "Annual report of the independent police oversight body",
            "frequency": Indicator.Frequency.ANNUAL,
            "responsible": "MOJ",
            "disaggregation": "sex, age, county",
        },
        [(datetime.date(2022, 12, 31), Decimal("48")), (datetime.date(2024, 12, 31), Decimal("61"))],
    ),
    (
        "ken-cedaw-maternal-health",
        {
            "title": "Proportion of births attended by skilled health personnel",
            "definition": "Live births attended by a doctor, nurse or midwife, over all live births.",
            "unit": "%",
            "baseline_value": Decimal("62"),
            "baseline_year": 2014,
            "target_value": Decimal("95"),
            "target_date": datetime.date(2030, 12, 31),
            "data_source": "Health information system; Demographic and Health Survey",
            "frequency": Indicator.Frequency.ANNUAL,
            "responsible": "MOH",
            "disaggregation": "county, urban/rural, age of mother",
            "sdg_indicator_code": "3.1.2",
        },
        [(datetime.date(2020, 12, 31), Decimal("82")), (datetime.date(2023, 12, 31), Decimal("89"))],
    ),
]

# (recommendation key, institution, author, fields, evidence links)
STATUS_UPDATES = [
    (
        "ken-cat-police-torture",
        "MOJ",
        "focal.justice",
        {
            "status": ImplementationStatus.IN_PROGRESS,
            "level": Level.LAW,
            "narrative": "A bill giving the police oversight body power to investigate all deaths and "
            "serious injuries in custody was tabled in the National Assembly. In 2024 the body received "
            "1,240 complaints and completed 61% of investigations within 90 days.",
            "challenges": "Investigators are not yet deployed in all counties.",
            "period_start": datetime.date(2024, 1, 1),
            "period_end": datetime.date(2024, 12, 31),
            "state": StatusUpdate.State.PUBLISHED,
            "published_at": datetime.datetime(2025, 2, 14, 9, 0, tzinfo=datetime.UTC),
        },
        [
            (
                "https://example.org/demo/police-oversight-annual-report-2024",
                "Oversight body annual report 2024",
            )
        ],
    ),
    (
        "ken-cedaw-maternal-health",
        "MOH",
        "focal.health",
        {
            "status": ImplementationStatus.IN_PROGRESS,
            "level": Level.PRACTICE,
            "narrative": "Free maternity services were extended to all public health facilities; 1,200 "
            "community health volunteers were trained in referral of obstetric emergencies.",
            "period_start": datetime.date(2025, 1, 1),
            "period_end": datetime.date(2025, 6, 30),
            "state": StatusUpdate.State.DRAFT,
        },
        [],
    ),
]

# (recommendation key, author, moderation, body)
COMMENTS = [
    (
        "ken-cat-police-torture",
        "cso.member",
        Comment.Moderation.APPROVED,
        "Our monitoring of police stations confirms that more complaints are investigated, but few cases "
        "reach court. We would welcome figures on prosecutions and convictions.",
    ),
    (
        "ken-cedaw-maternal-health",
        "cso.member",
        Comment.Moderation.PENDING,
        "Community health volunteers in our county report that families are still charged for emergency "
        "transport to the referral hospital.",
    ),
]

# (recommendation key, author, fields): the organisation's own view, which differs from the government's.
ASSESSMENTS = [
    (
        "ken-cat-police-torture",
        "cso.member",
        {
            "status": ImplementationStatus.NOT_STARTED,
            "level": Level.LAW,
            "rationale": "The oversight bill is still before the National Assembly, and of the deaths in "
            "custody we documented in 2024 none has led to a prosecution.",
            "evidence_links": ["https://example.org/demo/custody-deaths-monitoring-2024"],
        },
    ),
]


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
    _seed_follow_up(seeder, recommendations, institutions, users, organisation)
    # The SDG suggester needs no tagged data, so the demo trains it on its own recommendations and the
    # suggestion queue has something to show. Themes and categories need real data (README).
    if not SuggesterModel.objects.exists():
        train_all(load_examples())
    # As after an import: searchable, with suggestions and related links, once committed.
    recommendations_follow_up_later([recommendation.pk for recommendation in recommendations.values()], [])
    return dict(seeder.created)

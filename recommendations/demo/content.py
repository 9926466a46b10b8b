"""What the demo holds: its accounts, institutions, recommendations and follow-up, as data."""

import datetime
from decimal import Decimal

from indicators.models import Indicator
from institutions.models import Assignment, Institution, Membership
from participation.models import Comment, Organisation, OrganisationMember
from recommendations.models import Response
from tracking.models import ImplementationStatus, Level, StatusUpdate

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
    ("Ministry of Labour and Social Affairs", "MLSA", Institution.Branch.EXECUTIVE, None),
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

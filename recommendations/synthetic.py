"""Synthetic UPR recommendations for benchmarks, drawn from the real distributions.

The tables below are facts compiled once from UPR Info's export of sessions 1–9 (14,437 recommendations):
who recommends, who receives, how specific the action is, how it is answered, which issues it concerns.
Texts are composed from a verb of the action category, one or two topics of the recommendation's issues
and an optional qualifier, so that full-text search meets the vocabulary real recommendations use.

Rows are loaded with PostgreSQL ``COPY`` (one million in a few minutes) and marked
``source="native"``, ``source_key="synthetic:<seed>:<n>"``: a second run with the same seed skips the
rows it already made, and ``synthetic_recommendations_delete`` removes them.
"""

import random
import time
from bisect import bisect
from dataclasses import dataclass
from itertools import accumulate

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from reference.models import Mechanism, RegionalGroup, Session, State, Theme
from upr_tracker.copy import copy_rows

from .models import Recommendation, Response, Review, new_public_id

KEY_PREFIX = "synthetic"
MAX_SEED = 2**16 - 1
MAX_COUNT = 2**24 - 1


def _counts(text: str) -> dict[str, int]:
    """Parse "ISO:count ISO:count …", the compact form the count tables below are written in."""
    return {code: int(count) for code, count in (pair.split(":") for pair in text.split())}


# Share of supported recommendations per action category (overall 71% supported, 29% noted).
SUPPORTED_SHARE = {1: 0.976, 2: 0.942, 3: 0.560, 4: 0.798, 5: 0.526}
ACTION_CATEGORY_WEIGHTS = {1: 2.6, 2: 15.1, 3: 9.7, 4: 40.1, 5: 32.5}
# Issues per recommendation (the export has up to 6; the long tail is folded into 3).
THEME_COUNT_WEIGHTS = {1: 54, 2: 33, 3: 13}
# Recommending states per recommendation (OHCHR's matrices merge identical recommendations).
STATE_COUNT_WEIGHTS = {1: 94, 2: 4, 3: 2}

# Share of recommendations made by each regional group; "none" holds the observers (Holy See, Palestine).
RECOMMENDING_GROUP_SHARES = {
    RegionalGroup.WEOG: 41,
    RegionalGroup.GRULAC: 16,
    RegionalGroup.ASIA_PACIFIC: 15,
    RegionalGroup.EASTERN_EUROPEAN: 14,
    RegionalGroup.AFRICAN: 13,
    RegionalGroup.NONE: 1,
}
# Recommendations made by the 60 most active recommending states; every other state counts as
# RECOMMENDATIONS_MADE_BY_OTHERS (the tail's average). Shares within a regional group follow these.
RECOMMENDATIONS_MADE = _counts(
    """
    CAN:649 MEX:537 BRA:481 DZA:475 FRA:466 GBR:458 NLD:455 NOR:449 CZE:399 ESP:398 SVN:358 ARG:339
    ITA:317 AUT:314 DEU:297 CHL:295 CHE:279 USA:273 AZE:266 EGY:246 SWE:240 MYS:235 SVK:197 CUB:186
    AUS:180 BGD:179 IRN:176 IRL:172 BEL:166 MAR:159 PAK:157 HUN:147 NZL:139 PHL:135 TUR:124 BLR:122
    DNK:121 FIN:116 PRT:103 RUS:100 JPN:98 GHA:98 ISR:98 ZAF:97 URY:97 JOR:93 IDN:90 KOR:88 POL:85
    LBY:84 NGA:83 SDN:81 BOL:68 VAT:67 PSE:65 NIC:64 LVA:62 LUX:60 UKR:59 VEN:59
    """
)
RECOMMENDATIONS_MADE_BY_OTHERS = 14
# Recommendations received in one review by the 30 most recommended states; others receive ~100.
RECOMMENDATIONS_RECEIVED = _counts(
    """
    USA:280 IRN:212 IRQ:179 KGZ:175 VNM:172 EGY:171 BLR:169 PRK:167 TUR:167 AGO:166 COD:166 KEN:166
    ARM:165 ISR:164 ETH:160 KWT:160 MEX:159 ITA:157 YEM:153 GMB:153 BTN:150 MRT:150 SWE:150 CUB:148
    AFG:147 MYS:147 CIV:147 LBN:147 JAM:146 LAO:145
    """
)
RECOMMENDATIONS_RECEIVED_BY_OTHERS = 100

# The states reviewed in each session of cycle 1. Later cycles keep the order, ~14 states a session.
CYCLE_1_SESSIONS = [
    "ARG BHR BRA CZE DZA ECU FIN GBR IDN IND MAR NLD PHL POL TUN ZAF",
    "BEN CHE FRA GAB GHA GTM JPN KOR LKA MLI PAK PER ROU TON UKR ZMB",
    "ARE BDI BFA BHS BRB BWA COL CPV ISR LIE LUX MNE SRB TKM TUV UZB",
    "AZE BGD CAN CHN CMR CUB DEU DJI JOR MEX MUS MYS NGA RUS SAU SEN",
    "AFG BLZ CAF CHL COG COM MCO MKD MLT NZL SVK TCD URY VNM VUT YEM",
    "ALB BRN BTN CIV COD CRI CYP DMA DOM ERI ETH GNQ KHM NOR PRK PRT",
    "AGO BIH BOL EGY FJI GMB IRN IRQ ITA KAZ MDG NIC QAT SLV SMR SVN",
    "ARM BLR ESP GIN GNB GRD GUY KEN KGZ KIR KWT LAO LSO SWE TUR",
    "AND BGR FSM HND HRV JAM LBN LBR LBY MDV MHL MNG MRT MWI PAN USA",
    "AUS AUT EST GEO KNA LCA MMR MOZ NAM NER NPL NRU OMN PRY RWA STP",
    "BEL DNK GRC HUN LVA PLW PNG SDN SGP SLB SLE SOM SUR SYC VCT WSM",
    "ATG HTI IRL ISL LTU MDA SWZ SYR TGO THA TJK TLS TTO TZA UGA VEN ZWE",
]
JOINED_LATER = ["SSD"]  # member since July 2011, first reviewed in cycle 2
REVIEW_ORDER = [iso3 for session in CYCLE_1_SESSIONS for iso3 in session.split()] + JOINED_LATER


def _table(text: str) -> list[list[str]]:
    """Parse lines of "|"-separated cells, the form the issue and instrument tables are written in.

    A line without "|" continues the one before it.
    """
    lines = []
    for line in text.strip().splitlines():
        if "|" in line:
            lines.append(line)
        else:
            lines[-1] += " " + line.strip()
    return [[cell.strip() for cell in line.split("|")] for line in lines]


# UPR Info's 54 issues: how often each was tagged, and topics (";"-separated) a recommendation speaks of.
ISSUES = {
    name: (int(count), tuple(topic.strip() for topic in topics.split(";") if topic.strip()))
    for name, count, topics in _table(
        """
    International instruments | 2848 |
    Women's rights | 2500 | violence against women; discrimination against women in employment;
        domestic violence and marital rape; the representation of women in political life
    Rights of the Child | 2268 | child labour; corporal punishment of children;
        the registration of all births; child, early and forced marriage; the sexual exploitation of children
    Torture and other CID treatment | 1137 | torture and ill-treatment in places of detention;
        allegations of torture by police officers
    Justice | 1086 | the independence of the judiciary; access to justice and free legal aid
    Detention | 906 | overcrowding in prisons; the length of pre-trial detention
    Human rights education and training | 676 | human rights training for police, judges and prison staff;
        human rights education in schools
    Special procedures | 636 | a standing invitation to the special procedures;
        the pending visit requests of special rapporteurs
    Death penalty | 622 | a moratorium on executions with a view to abolishing the death penalty;
        the death penalty
    Treaty bodies | 618 | the overdue reports to the treaty bodies; cooperation with the treaty bodies
    Minorities | 608 | the rights of national minorities; discrimination against Roma
    Migrants | 557 | the rights of migrant workers and their families; the detention of migrants
    Right to education | 552 | access to free primary education; school drop-out among girls
    Labour | 550 | decent working conditions; the rights of domestic workers; forced labour
    Technical assistance and cooperation | 510 | technical cooperation with OHCHR; capacity-building
    Trafficking | 484 | trafficking in women and children; the protection of victims of trafficking
    NHRI | 471 | a national human rights institution in line with the Paris Principles;
        the national human rights commission
    Racial discrimination | 427 | racial discrimination and xenophobia; hate speech and hate crimes
    Freedom of opinion and expression | 388 | freedom of expression online and offline;
        the decriminalisation of defamation
    ESC rights - general | 386 | economic, social and cultural rights; social protection
    Disabilities | 385 | the rights of persons with disabilities; accessibility for persons with disabilities
    Freedom of the press | 380 | the safety of journalists; the independence of the media
    Other | 330 | the promotion and protection of human rights
    Poverty | 327 | poverty in rural areas; extreme poverty
    Right to health | 323 | maternal and infant mortality; access to health care in rural areas
    Sexual Orientation and Gender Identity | 318 | consensual same-sex relations;
        discrimination based on sexual orientation and gender identity
    Freedom of religion and belief | 317 | freedom of religion or belief; the rights of religious minorities
    Civil society | 314 | an enabling environment for civil society; the registration of NGOs
    General | 284 | the human rights situation
    Indigenous peoples | 283 | the rights of indigenous peoples; the land claims of indigenous communities
    Human rights defenders | 274 | the protection of human rights defenders; threats against activists
    Asylum-seekers - refugees | 258 | the protection of refugees and asylum-seekers; non-refoulement
    CP rights - general | 255 | civil and political rights
    Enforced disappearances | 244 | enforced disappearances; the search for disappeared persons
    Development | 231 | the right to development; sustainable development
    Human rights violations by state agents | 211 | excessive use of force by law enforcement officials;
        abuses by security forces
    UPR process | 205 | the follow-up to the universal periodic review
    Freedom of association and peaceful assembly | 189 | freedom of peaceful assembly; freedom of association
    Impunity | 171 | impunity for human rights violations; accountability for past abuses
    National plan of action | 167 | a national human rights action plan
    International humanitarian law | 166 | the protection of civilians in armed conflict
    Elections | 115 | free and fair elections; the independence of the electoral commission
    Corruption | 107 | corruption in the public sector
    HIV - Aids | 107 | HIV/AIDS prevention; discrimination against persons living with HIV
    Extrajudicial executions | 101 | extrajudicial executions
    Right to food | 94 | food security
    Right to housing | 81 | the right to adequate housing; forced evictions
    Public security | 78 | public security and crime prevention
    Counter-terrorism | 75 | counter-terrorism legislation
    Right to land | 71 | secure land tenure for rural communities
    Internally displaced persons | 67 | the rights of internally displaced persons
    Freedom of movement | 63 | freedom of movement
    Environment | 59 | the impact of climate change on human rights; the use of mercury in mining
    Right to water | 35 | access to safe drinking water and sanitation
    """
    )
}
INSTRUMENTS_ISSUE = "International instruments"
# Instruments recommendations ask a state to ratify, and the issue each one also concerns.
INSTRUMENTS = _table(
    """
    the Optional Protocol to the Convention against Torture | Torture and other CID treatment
    the Convention on the Rights of Persons with Disabilities | Disabilities
    the Convention for the Protection of All Persons from Enforced Disappearance | Enforced disappearances
    the Rome Statute of the International Criminal Court | Impunity
    the Second Optional Protocol to the ICCPR, aiming at the abolition of the death penalty | Death penalty
    ILO Convention No. 189 on domestic workers | Labour
    the 1951 Convention relating to the Status of Refugees | Asylum-seekers - refugees
    the Optional Protocol to CEDAW | Women's rights
    the Convention on the Rights of All Migrant Workers and Members of Their Families | Migrants
    the Optional Protocol to the CRC on a communications procedure | Rights of the Child
    the Optional Protocol to the ICESCR | ESC rights - general
    ILO Convention No. 169 concerning Indigenous and Tribal Peoples | Indigenous peoples
    """
)
VERBS = {
    1: (
        "Share its experience and good practices on {} with other countries",
        "Seek technical assistance from OHCHR on {}",
        "Request the support of the international community to address {}",
    ),
    2: (
        "Continue its efforts to address {}",
        "Continue to strengthen its policies on {}",
        "Maintain its commitment regarding {}",
        "Pursue its efforts in the area of {}",
    ),
    3: (
        "Consider taking measures to address {}",
        "Consider adopting legislation on {}",
        "Explore ways to address {}",
        "Study the possibility of a national strategy on {}",
    ),
    4: (
        "Take measures to address {}",
        "Take all necessary steps to tackle {}",
        "Strengthen its efforts regarding {}",
        "Ensure effective action on {}",
        "Promote awareness of {}",
    ),
    5: (
        "Adopt a comprehensive law on {}",
        "Amend its legislation on {} in line with international standards",
        "Establish an independent mechanism to monitor {}",
        "Adopt and implement a national action plan on {}",
    ),
}
INSTRUMENT_VERBS = {
    1: ("Seek technical assistance with a view to ratifying {}",),
    2: ("Continue the process of ratifying {}",),
    3: ("Consider ratifying {}", "Study the possibility of acceding to {}"),
    4: ("Take steps towards ratifying {}",),
    5: ("Ratify {}", "Accede to {}", "Ratify and implement {}"),
}
QUALIFIERS = (
    ", in line with its international human rights obligations",
    ", in consultation with civil society",
    ", with particular attention to women and children",
    ", in particular in rural areas",
    ", as previously recommended",
    ", and allocate adequate resources for its implementation",
    ", including through awareness-raising campaigns",
    ", in cooperation with OHCHR",
    ", and ensure that perpetrators are brought to justice",
)
QUALIFIER_SHARE = 0.6


class _Weighted:
    """Weighted choice by bisecting cumulative weights: ~1 µs a draw, the loop's hot path."""

    def __init__(self, items, weights):
        self.items = list(items)
        self.cumulative = list(accumulate(weights))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random):
        return self.items[bisect(self.cumulative, rng.random() * self.total)]

    def pick_distinct(self, rng: random.Random, count: int, exclude=None) -> list:
        picked = []
        while len(picked) < min(count, len(self.items) - (exclude is not None)):
            item = self.pick(rng)
            if item != exclude and item not in picked:
                picked.append(item)
        return picked


@dataclass
class Universe:
    """The reference rows the generator draws from, loaded once per run (a handful of queries)."""

    mechanism_id: int
    sessions: dict[int, tuple[int, int]]  # session number -> (session id, year)
    reviewed: dict[int, _Weighted]  # session number -> states reviewed then (state id, slot), weighted
    recommending: _Weighted  # state ids
    theme_ids: dict[str, int]  # issue name -> theme id

    @classmethod
    def load(cls) -> "Universe":
        rows = Session.objects.values_list("number", "pk", "year", "cycle__number")
        sessions = {number: (pk, year) for number, pk, year, _cycle in rows}
        cycles = {number: cycle for number, _pk, _year, cycle in rows}
        states = list(State.objects.values_list("pk", "iso3", "regional_group", "membership"))
        state_ids = {iso3: pk for pk, iso3, _group, _membership in states}
        return cls(
            mechanism_id=Mechanism.objects.get(code="UPR").pk,
            sessions=sessions,
            reviewed=_review_slots(sessions, cycles, state_ids),
            recommending=_recommending_states(states),
            theme_ids=_issue_theme_ids(),
        )


def _review_slots(sessions: dict, cycles: dict, state_ids: dict) -> dict[int, _Weighted]:
    """Which states each session reviews: cycle 1 as it happened, later cycles in the same order."""
    by_session = {}
    for number in sessions:
        cycle = cycles[number]
        if cycle == 1:
            codes = CYCLE_1_SESSIONS[number - 1].split() if number <= len(CYCLE_1_SESSIONS) else []
        else:
            first = min(n for n, c in cycles.items() if c == cycle)
            last = max(n for n, c in cycles.items() if c == cycle)
            per_session = len(REVIEW_ORDER) / (last - first + 1)
            codes = [iso3 for i, iso3 in enumerate(REVIEW_ORDER) if first + int(i / per_session) == number]
        slots = [(state_ids[iso3], REVIEW_ORDER.index(iso3)) for iso3 in codes if iso3 in state_ids]
        weights = [
            RECOMMENDATIONS_RECEIVED.get(REVIEW_ORDER[slot], RECOMMENDATIONS_RECEIVED_BY_OTHERS)
            for _, slot in slots
        ]
        if slots:
            by_session[number] = _Weighted(slots, weights)
    return by_session


def _recommending_states(states: list[tuple]) -> _Weighted:
    """Every state, weighted so each regional group makes its share and, within it, each state its own."""
    observers = {pk for pk, _iso3, _group, membership in states if membership == State.Membership.OBSERVER}
    counts = {
        pk: RECOMMENDATIONS_MADE.get(iso3, RECOMMENDATIONS_MADE_BY_OTHERS)
        for pk, iso3, _group, membership in states
        if membership in (State.Membership.MEMBER, State.Membership.OBSERVER)
    }
    group_of = {pk: (RegionalGroup.NONE if pk in observers else group) for pk, _iso3, group, _m in states}
    group_totals = {}
    for pk, count in counts.items():
        group_totals[group_of[pk]] = group_totals.get(group_of[pk], 0) + count
    weights = {
        pk: RECOMMENDING_GROUP_SHARES.get(group_of[pk], 0) * count / group_totals[group_of[pk]]
        for pk, count in counts.items()
    }
    return _Weighted(weights.keys(), weights.values())


def _issue_theme_ids() -> dict[str, int]:
    codes = {slugify(name): name for name in ISSUES}
    found = dict(Theme.objects.filter(scheme=Theme.Scheme.UPR_INFO, code__in=codes).values_list("code", "pk"))
    missing = sorted(name for code, name in codes.items() if code not in found)
    if missing:
        raise LookupError(f"UPR Info issues missing, run load_reference_data: {', '.join(missing)}")
    return {name: found[code] for code, name in codes.items()}


def synthetic_public_id(seed: int, n: int) -> str:
    """A public id unique per (seed, n), shaped like ``new_public_id``'s ("R" and 10 hex digits).

    Seed and row number are packed into 40 bits and scrambled by a bijection (odd multipliers and an
    xor-shift modulo 2**40), so that ids look random but never collide among synthetic rows.
    """
    mask = 2**40 - 1
    x = (seed << 24) | n
    x = (x * 0x9E3779B97F) & mask
    x ^= x >> 19
    x = (x * 0xC2B2AE3D27) & mask
    return f"R{x:010X}"


@dataclass
class Row:
    n: int
    session: int
    state_id: int
    paragraph: str
    text: str
    response: str
    action_category: int
    theme_ids: list[int]
    state_ids: list[int]


class Generator:
    """Draws rows one by one from a seeded random stream: the same seed gives the same rows."""

    def __init__(self, universe: Universe, seed: int):
        self.universe = universe
        self.rng = random.Random(seed)
        self.categories = _Weighted(ACTION_CATEGORY_WEIGHTS, ACTION_CATEGORY_WEIGHTS.values())
        self.theme_counts = _Weighted(THEME_COUNT_WEIGHTS, THEME_COUNT_WEIGHTS.values())
        self.state_counts = _Weighted(STATE_COUNT_WEIGHTS, STATE_COUNT_WEIGHTS.values())
        self.issues = _Weighted(ISSUES, [count for count, _topics in ISSUES.values()])
        self.session_numbers = sorted(universe.reviewed)
        self.paragraphs = {}

    def row(self, n: int) -> Row:
        rng = self.rng
        session = self.session_numbers[int(rng.random() * len(self.session_numbers))]
        state_id, slot = self.universe.reviewed[session].pick(rng)
        category = self.categories.pick(rng)
        issues = self.issues.pick_distinct(rng, self.theme_counts.pick(rng))
        text, issues = self._text(category, issues)
        supported = rng.random() < SUPPORTED_SHARE[category]
        state_ids = self.universe.recommending.pick_distinct(
            rng, self.state_counts.pick(rng), exclude=state_id
        )
        position = self.paragraphs[session, state_id] = self.paragraphs.get((session, state_id), 0) + 1
        return Row(
            n=n,
            session=session,
            state_id=state_id,
            paragraph=f"{90 + (slot * 7 + session) % 60}.{position}",
            text=text,
            response=Response.SUPPORTED if supported else Response.NOTED,
            action_category=category,
            theme_ids=[self.universe.theme_ids[issue] for issue in issues],
            state_ids=state_ids,
        )

    def _text(self, category: int, issues: list[str]) -> tuple[str, list[str]]:
        """The recommendation's sentence, and its issues (an instrument adds the issue it concerns)."""
        rng = self.rng
        if issues[0] == INSTRUMENTS_ISSUE:
            instrument, related = rng.choice(INSTRUMENTS)
            text = rng.choice(INSTRUMENT_VERBS[category]).format(instrument)
            if related not in issues:
                issues = [issues[0], related, *issues[1:2]]
        else:
            topics = [rng.choice(ISSUES[issue][1]) for issue in issues[:2] if ISSUES[issue][1]]
            text = rng.choice(VERBS[category]).format(" and ".join(topics))
        if rng.random() < QUALIFIER_SHARE:
            text += rng.choice(QUALIFIERS)
        return text + ".", issues


def _m2m_fields():
    """The many-to-many fields a synthetic row fills, with the ``Row`` attribute holding their ids."""
    meta = Recommendation._meta
    return [(meta.get_field("themes"), "theme_ids"), (meta.get_field("recommending_states"), "state_ids")]


def _tables() -> list[str]:
    return [Recommendation._meta.db_table, *(field.m2m_db_table() for field, _attribute in _m2m_fields())]


def _review_ids(universe: Universe, keys: set[tuple[int, int]], known: dict) -> dict:
    """Review ids for (session number, state id), creating the UPR reviews not there yet."""
    missing = keys - known.keys()
    if missing:
        Review.objects.bulk_create(
            [
                Review(
                    state_id=state_id,
                    mechanism_id=universe.mechanism_id,
                    session_id=universe.sessions[session][0],
                    year=universe.sessions[session][1],
                )
                for session, state_id in missing
            ],
            ignore_conflicts=True,
        )
        session_numbers = {pk: number for number, (pk, _year) in universe.sessions.items()}
        reviews = Review.objects.filter(mechanism_id=universe.mechanism_id, session__isnull=False)
        for pk, session_id, state_id in reviews.values_list("pk", "session_id", "state_id"):
            known[session_numbers[session_id], state_id] = pk
    return known


def _existing_numbers(seed: int) -> set[int]:
    prefix = f"{KEY_PREFIX}:{seed}:"
    synthetic = Recommendation.objects.filter(source_key__startswith=prefix).order_by()
    keys = synthetic.values_list("source_key", flat=True)
    return {int(key[len(prefix) :]) for key in keys.iterator(chunk_size=50_000)}


def _insert(universe: Universe, seed: int, rows: list[Row], reviews: dict) -> None:
    """Write one batch: the recommendations, then their themes and recommending states."""
    table = Recommendation._meta.db_table
    reviews = _review_ids(universe, {(row.session, row.state_id) for row in rows}, reviews)
    public_ids = [synthetic_public_id(seed, row.n) for row in rows]
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT public_id FROM {table} WHERE public_id = ANY(%s)", [public_ids])
        taken = {public_id for (public_id,) in cursor.fetchall()}
        public_ids = [new_public_id() if public_id in taken else public_id for public_id in public_ids]
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, len(rows)]
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        copy_rows(
            table,
            ["id", "public_id", "review_id", "paragraph", "text", "language", "response", "action_category"]
            + ["source", "source_key", "is_published", "created_at", "updated_at"],
            (
                (
                    pk,
                    public_id,
                    reviews[row.session, row.state_id],
                    row.paragraph,
                    row.text,
                    "en",
                    row.response,
                    row.action_category,
                    Recommendation.Source.NATIVE,
                    f"{KEY_PREFIX}:{seed}:{row.n}",
                    True,
                    now,
                    now,
                )
                for pk, public_id, row in zip(ids, public_ids, rows, strict=True)
            ),
        )
        for field, attribute in _m2m_fields():
            copy_rows(
                field.m2m_db_table(),
                [field.m2m_column_name(), field.m2m_reverse_name()],
                ((pk, other) for pk, row in zip(ids, rows, strict=True) for other in getattr(row, attribute)),
            )


def synthetic_recommendations_create(
    *, count: int, seed: int = 0, batch_size: int = 20_000, stdout=None
) -> int:
    """Make rows 0 … count-1 of the seed's stream that are not in the database yet; returns how many.

    Each batch is its own transaction, so an interrupted run keeps what it wrote and the next run with
    the same seed fills in the rest. Progress and speed go to ``stdout`` (a management command's).
    """
    if not 0 <= seed <= MAX_SEED or not 0 <= count <= MAX_COUNT:
        raise ValueError(f"seed must be within 0–{MAX_SEED} and count within 0–{MAX_COUNT}")
    universe = Universe.load()
    generator = Generator(universe, seed)
    existing = _existing_numbers(seed)
    reviews, batch, created, started = {}, [], 0, time.monotonic()
    for n in range(count):
        row = generator.row(n)
        if n not in existing:
            batch.append(row)
        if len(batch) >= batch_size or (n == count - 1 and batch):
            _insert(universe, seed, batch, reviews)
            created += len(batch)
            batch = []
            if stdout:
                rate = created / max(time.monotonic() - started, 1e-9)
                stdout.write(f"{n + 1:>12,} / {count:,} rows, {created:,} new ({rate:,.0f} rows/s)")
    if created:
        with connection.cursor() as cursor:
            for table in _tables():
                cursor.execute(f"ANALYZE {table}")
    return created


def synthetic_recommendations_delete(*, seed: int | None = None, batch_size: int = 10_000) -> int:
    """Delete the synthetic rows (of one seed, or all), and the UPR reviews they leave empty.

    Deletes go through the ORM in batches, so whatever was attached to a synthetic row since (an
    assignment, a status update) goes with it as it would for any recommendation.
    """
    prefix = f"{KEY_PREFIX}:{seed}:" if seed is not None else f"{KEY_PREFIX}:"
    synthetic = Recommendation.objects.filter(source_key__startswith=prefix).order_by()
    review_ids = set(synthetic.values_list("review_id", flat=True).distinct())
    deleted = 0
    while ids := list(synthetic.values_list("pk", flat=True)[:batch_size]):
        with transaction.atomic():
            Recommendation.objects.filter(pk__in=ids).delete()
        deleted += len(ids)
    Review.objects.filter(pk__in=review_ids, recommendations__isnull=True).delete()
    return deleted

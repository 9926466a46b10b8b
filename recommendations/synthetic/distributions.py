"""The real distributions the generator draws from, compiled from UPR Info's export of sessions 1–9."""

from reference.models import RegionalGroup


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

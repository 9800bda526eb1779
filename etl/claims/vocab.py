"""The declared vocabularies of the claims extractor: indicators, units, scopes and the phrases for them.

Why one module: the extractor, the tests and the claim checker must agree on every name, and the names must
match the indicator ids of data/indicators.csv (docs/CONTRACTS.md) so that a claim maps to a series by name.
Patterns are regex fragments matched against the ORIGINAL text, so whitespace is always ``\\s`` (the texts
use no-break spaces) and hyphens include the non-breaking hyphen U+2011.
"""

from __future__ import annotations

import re

from etl.core.vocabulary import CLAIM_UNITS

HC = "\\-\u2010\u2011"  # hyphens (inside a character class), with the non-breaking hyphen of the Word texts
H = f"[{HC}]"
S = r"\s+"

# --- units ------------------------------------------------------------------------------------------------
# unit families decide which indicator name a concept gets (a share vs a count of the same thing)
SHARE, PERSONS, SUBSCRIPTIONS, COUNT, PER_100, RATIO, YEARS, USD, POINTS, GNI, EXABYTES = (
    "percent",
    "persons",
    "subscriptions",
    "count",
    "per_100_inhabitants",
    "ratio",
    "years",
    "usd",
    "percentage_points",
    "percent_gni_per_capita",
    "exabytes",
)
assert {SHARE, PERSONS, SUBSCRIPTIONS, COUNT, PER_100, RATIO, YEARS, USD, POINTS, GNI, EXABYTES} <= set(
    CLAIM_UNITS
)

# --- indicators -------------------------------------------------------------------------------------------
# (name, pattern, {unit: indicator}) in priority order: the first concept found near a figure wins.
_INTERNET = r"(?:the\s+)?(?:(?:mobile|fixed|broadband)\s+)?Internet"
# what a likelihood is about: "less likely than men to own a mobile phone", "… to be online"
_LIKELY_OBJECT = (
    rf"(?:(?:{S}than{S}[\w’']+(?:{S}people|{S}dwellers)?)?{S}to{S}(?:make{S}use{S}of|use|access|own|have|be)"
    rf"(?:{S}(?:a|an|the|mobile|fixed|broadband|online|Internet|phones?|smartphones?|computers?|access)\b){{0,3}}"
    rf"|{S}to{S}\w+)?"
)
_COVER_LEAD = (
    rf"(?:within{S}(?:the{S})?(?:range|reach){S}of|covered{S}by|coverage{S}of|access{S}to|by{S}at{S}least)"
    rf"{S}(?:an?{S})?"
)
# who is offline, as a phrase of the form "(people) not using the Internet"; and "non-users"
_CONNECTED = rf"connected(?:{S}to{S}{_INTERNET})?"
_OFFLINE_PEOPLE = (
    rf"(?:offline|unconnected|non{H}?users?|not{S}(?:yet{S})?(?:online|{_CONNECTED}|using{S}{_INTERNET})"
    rf"|(?:who|that){S}(?:are{S}|remain{S})?(?:still{S})?(?:offline|unconnected"
    rf"|not{S}(?:yet{S})?(?:online|{_CONNECTED}|using{S}{_INTERNET}))"
    rf"|(?:who|that){S}do{S}not{S}use{S}{_INTERNET})"
)
INDICATOR_RULES: list[tuple[str, str, dict[str, str]]] = [
    # "73 per cent of the offline population live in rural areas": a group's share of the offline population
    (
        "offline_population_group_share",
        rf"of{S}(?:the{S})?(?:(?:world(?:’s|'s)|global|total){S})?(?:offline{S}population|unconnected"
        rf"(?:{S}population)?|non{H}?users|(?:people|those|persons|individuals){S}{_OFFLINE_PEOPLE})",
        {SHARE: "offline_population_group_share", PERSONS: "offline_population_count"},
    ),
    # how many more women than men are offline: "women non-users outnumber men by 17 per cent"
    (
        "offline_gender_gap",
        rf"more{S}(?:young{S})?women{S}than{S}(?:young{S})?men\b[^.;]{{0,60}}?\b(?:offline|not{S}(?:using|connected)"
        rf"|non{H}?users)|(?:women|female){S}non{H}?users(?:{S}of{S}{_INTERNET})?{S}(?:outnumber|exceed)"
        rf"|(?:offline|unconnected|non{H}?users|not{S}using{S}{_INTERNET})\b[^.;]{{0,60}}?\bwomen{S}outnumber{S}men"
        rf"|(?:number{S}of{S})?women{S}{_OFFLINE_PEOPLE}[^.;]{{0,40}}?\b(?:outnumber|outnumbers|exceeds?|exceeded)\b",
        {PERSONS: "offline_gender_gap", SHARE: "offline_gender_gap"},
    ),
    (
        "youth_gap",
        rf"(?:young{S}people|youth|aged{S}15{H}24)\b[^.;]{{0,60}}?\b(?:more|less){S}likely\b{_LIKELY_OBJECT}"
        rf"|(?:generation(?:al)?|age|youth){S}gap",
        {POINTS: "youth_gap", RATIO: "youth_gap", SHARE: "youth_gap"},
    ),
    (
        "urban_rural_gap",
        rf"(?:urban|rural){S}(?:dwellers|residents|people|areas|populations?)\b[^.;]{{0,60}}?\b(?:more|less){S}likely\b"
        rf"{_LIKELY_OBJECT}|(?:urban{H}rural|rural{H}urban){S}(?:gap|divide)",
        {POINTS: "urban_rural_gap", RATIO: "urban_rural_gap", SHARE: "urban_rural_gap"},
    ),
    (
        "gender_gap",
        rf"(?:less|more){S}likely(?:{S}than{S}(?:men|women|boys|girls))?{_LIKELY_OBJECT}"
        rf"|(?:lower|higher){S}than{S}(?:that{S}of{S})?(?:men|women)"
        rf"|(?:digital{S})?gender{S}(?:digital{S})?(?:gap|divide)|more{S}men{S}than{S}women",
        {SHARE: "gender_gap", PERSONS: "gender_gap", POINTS: "gender_gap"},
    ),
    (
        "urban_rural_parity_score",
        rf"(?:urban{H}rural|rural{H}urban){S}(?:parity|ratio)",
        {RATIO: "urban_rural_parity_score"},
    ),
    (
        "gender_parity_score",
        rf"(?:gender{S})?parity{S}(?:score|index|ratio)|gender{S}parity|\bparity\b",
        {RATIO: "gender_parity_score"},
    ),
    (
        "women_population_share",
        rf"(?:are|were){S}women\b|women{S}(?:represent|account{S}for|make{S}up|comprise)\b",
        {SHARE: "women_population_share"},
    ),
    (
        "offline_population",
        rf"\b(?:offline|unconnected|non{H}?users?|not{S}(?:yet{S})?(?:connected(?:{S}to{S}{_INTERNET})?|online"
        rf"|using{S}{_INTERNET})|(?:do|does|did|has|have){S}not{S}(?:have{S}access{S}to|use|used){S}{_INTERNET}"
        rf"|(?:do|does|did){S}not{S}have{S}(?:{_INTERNET}{S})?access|no{S}Internet{S}access"
        rf"|without{S}(?:access{S}to{S})?{_INTERNET}(?:{S}access)?|lack(?:s|ing)?{S}(?:access{S}to{S})?{_INTERNET}"
        rf"|never{S}used{S}{_INTERNET}|(?:have|has|had){S}yet{S}to{S}(?:go{S}online|get{S}online|come{S}online"
        rf"|be{S}connected|use{S}{_INTERNET})|(?:connect|connecting|bring|bringing)(?:{S}online)?{S}the{S}remaining"
        rf"|the{S}remaining{S}$)",
        {SHARE: "offline_population_share", PERSONS: "offline_population_count"},
    ),
    # who a network does not reach: "one in five people live outside the reach of any mobile broadband signal"
    (
        "mobile_broadband_coverage_gap",
        rf"(?:outside{S}(?:the{S})?(?:range|reach){S}of|beyond{S}(?:the{S})?reach{S}of|not{S}covered{S}by"
        rf"|(?:has|have|had|with){S}no|without){S}(?:an?{S}|any{S})?(?:mobile{S}broadband|3G)"
        rf"(?:{S}(?:mobile{S})?(?:networks?|signals?|coverage))?",
        {SHARE: "mobile_broadband_coverage_gap_share", PERSONS: "mobile_broadband_coverage_gap_count"},
    ),
    (
        "mobile_5g_coverage_share",
        rf"5G(?:{S}mobile)?(?:{S}networks?|{S}signals?)?{S}(?:now{S})?(?:cover|covers|covered|reach|reaches)\b|"
        rf"{_COVER_LEAD}"
        rf"5G(?:{S}(?:mobile{S})?(?:network|signal|coverage))?|5G{S}(?:network{S})?coverage",
        {SHARE: "mobile_5g_coverage_share", PERSONS: "mobile_5g_coverage_count"},
    ),
    (
        "lte_coverage_share",
        rf"(?:LTE|4G)(?:{S}(?:mobile{S})?(?:networks?|signals?))?{S}(?:now{S})?(?:cover|covers|covered|reach|reaches)\b|"
        rf"{_COVER_LEAD}"
        rf"(?:LTE|4G)(?:{S}(?:or{S}(?:higher|above){S})?(?:mobile{S})?(?:network|signal|coverage))?"
        rf"|(?:LTE|4G){S}(?:network{S})?coverage",
        {SHARE: "lte_coverage_share", PERSONS: "lte_coverage_count"},
    ),
    (
        "mobile_broadband_coverage_share",
        rf"(?:mobile{S}broadband|3G)(?:{S}networks?|{S}signals?)?(?:{S}\([^)]{{0,20}}\))?{S}(?:now{S})?"
        rf"(?:cover|covers|covered|reach|reaches)\b|"
        rf"{_COVER_LEAD}"
        rf"(?:mobile{S}broadband|3G)(?:{S}mobile{S}broadband)?(?:{S}(?:mobile{S})?(?:networks?|signals?|coverage))?"
        rf"|(?:mobile{S}broadband|3G){S}(?:network{S})?coverage",
        {SHARE: "mobile_broadband_coverage_share", PERSONS: "mobile_broadband_coverage_count"},
    ),
    (
        "mobile_cellular_coverage_share",
        rf"{_COVER_LEAD}"
        rf"(?:mobile(?:{S}|{H})cellular|mobile|cellular|2G)(?:{S}(?:network|signal|coverage))"
        rf"|(?:mobile(?:{S}|{H})cellular|mobile){S}(?:network{S})?coverage",
        {SHARE: "mobile_cellular_coverage_share", PERSONS: "mobile_cellular_coverage_count"},
    ),
    (
        "mobile_broadband_subscriptions",
        rf"(?:active{S})?mobile(?:{S}|{H})broadband{S}(?:subscriptions|subscribers|connections)",
        {
            PER_100: "mobile_broadband_subscriptions_per_100",
            SHARE: "mobile_broadband_subscriptions_share",
            SUBSCRIPTIONS: "mobile_broadband_subscriptions_count",
            COUNT: "mobile_broadband_subscriptions_count",
            PERSONS: "mobile_broadband_subscriptions_count",
        },
    ),
    (
        "fixed_broadband_subscriptions",
        rf"fixed(?:{S}|{H})broadband{S}(?:subscriptions|subscribers|connections)",
        {
            PER_100: "fixed_broadband_subscriptions_per_100",
            SUBSCRIPTIONS: "fixed_broadband_subscriptions_count",
            COUNT: "fixed_broadband_subscriptions_count",
            PERSONS: "fixed_broadband_subscriptions_count",
            SHARE: "fixed_broadband_subscriptions_share",
        },
    ),
    (
        "fixed_telephone_subscriptions",
        rf"fixed(?:{S}|{H})(?:telephone|line){S}(?:subscriptions|subscribers|lines)",
        {
            PER_100: "fixed_telephone_subscriptions_per_100",
            SUBSCRIPTIONS: "fixed_telephone_subscriptions_count",
            COUNT: "fixed_telephone_subscriptions_count",
        },
    ),
    (
        "mobile_cellular_subscriptions",
        rf"mobile(?:(?:{S}|{H})cellular)?(?:{S}(?:telephone|phone))?{S}(?:subscriptions|subscribers)"
        rf"|cellular{S}subscriptions",
        {
            PER_100: "mobile_cellular_subscriptions_per_100",
            SUBSCRIPTIONS: "mobile_cellular_subscriptions_count",
            COUNT: "mobile_cellular_subscriptions_count",
            PERSONS: "mobile_cellular_subscriptions_count",
            SHARE: "mobile_cellular_subscriptions_share",
        },
    ),
    (
        "fixed_broadband",
        rf"fixed(?:{S}|{H})broadband\b",
        {
            PER_100: "fixed_broadband_subscriptions_per_100",
            SUBSCRIPTIONS: "fixed_broadband_subscriptions_count",
        },
    ),
    (
        "mobile_broadband",
        rf"mobile(?:{S}|{H})broadband\b",
        {
            PER_100: "mobile_broadband_subscriptions_per_100",
            SUBSCRIPTIONS: "mobile_broadband_subscriptions_count",
        },
    ),
    (
        "fixed_broadband_traffic",
        rf"fixed(?:{S}|{H})broadband{S}traffic",
        {EXABYTES: "fixed_broadband_traffic_exabytes", SHARE: "fixed_broadband_traffic_share"},
    ),
    (
        "mobile_traffic",
        rf"mobile(?:(?:{S}|{H})broadband)?(?:{S}data)?{S}traffic",
        {EXABYTES: "mobile_traffic_exabytes", SHARE: "mobile_traffic_share"},
    ),
    (
        "internet_traffic",
        r"\btraffic\b",
        {EXABYTES: "internet_traffic_exabytes", SHARE: "internet_traffic_share"},
    ),
    (
        "households_internet_access_share",
        rf"households?\b[^.;]{{0,40}}?\b(?:Internet{S}access|access{S}to{S}{_INTERNET})",
        {SHARE: "households_internet_access_share", COUNT: "households_internet_access_count"},
    ),
    (
        "schools_internet_access_share",
        rf"schools?\b[^.;]{{0,60}}?\b(?:connected|Internet{S}access|access{S}to{S}{_INTERNET})",
        {SHARE: "schools_internet_access_share", COUNT: "schools_internet_access_count"},
    ),
    (
        "internet_users_growth_rate",
        rf"(?:Internet{S}(?:use|users|usage){S}(?:grew|increased|rose)|growth{S}(?:rate{S})?(?:of|in)"
        rf"{S}(?:the{S}number{S}of{S})?Internet{S}(?:users|use))",
        {SHARE: "internet_users_growth_rate", PERSONS: "internet_users_count"},
    ),
    (
        "internet_use",
        rf"(?:using|use|used|uses|make{S}use{S}of|access(?:ed|ing)?){S}{_INTERNET}|Internet{S}(?:users?|use|usage|penetration)"
        rf"|(?:are|were|is|was|be|been|being|now|go|went|going){S}(?:now{S})?online"
        rf"|connected{S}to{S}{_INTERNET}|(?:are|were|is|was|be|been|being|remain){S}(?:now{S}|currently{S})?connected(?:{S}to{S}{_INTERNET})?"
        rf"|have{S}access{S}to{S}{_INTERNET}|online{S}population"
        # "bringing 70 per cent of people in every least developed country online"
        rf"|(?:people|persons|individuals|population|households|women|men|youth)\b[^.;,]{{0,60}}?\bonline\b",
        {SHARE: "internet_use_share", PERSONS: "internet_users_count", POINTS: "internet_use_share"},
    ),
    (
        "mobile_phone_non_ownership",
        rf"(?:do|does|did){S}not{S}(?:yet{S})?own{S}a{S}mobile{S}(?:cellular{S})?(?:tele)?phone"
        rf"|without{S}a{S}mobile{S}(?:tele)?phone",
        {SHARE: "mobile_phone_non_ownership_share", PERSONS: "mobile_phone_non_owners_count"},
    ),
    (
        "smartphone_ownership_share",
        rf"own(?:s|ed|ing)?{S}a{S}smartphone|smartphone{S}ownership",
        {SHARE: "smartphone_ownership_share", PERSONS: "smartphone_owners_count"},
    ),
    (
        "mobile_phone_ownership_share",
        rf"own(?:s|ed|ing)?{S}a{S}mobile{S}(?:cellular{S})?(?:tele)?phone|mobile{S}phone{S}ownership",
        {SHARE: "mobile_phone_ownership_share", PERSONS: "mobile_phone_owners_count"},
    ),
    (
        "ict_access",
        rf"access{S}to{S}(?:information{S}and{S}communications?{S}technolog(?:y|ies)|ICTs?\b)",
        {SHARE: "ict_access_share", PERSONS: "ict_access_count"},
    ),
    (
        "basic_digital_skills_share",
        rf"(?:at{S}least{S})?basic{S}(?:digital|ICT){S}skills",
        {SHARE: "basic_digital_skills_share", PERSONS: "basic_digital_skills_count"},
    ),
    ("oda_gni_share", rf"official{S}development{S}(?:assistance|aid)|\bODA\b", {SHARE: "oda_gni_share"}),
    (
        "price",
        rf"(?:monthly{S})?(?:GNI|gross{S}national{S}income){S}(?:per{S}capita|p\.c\.)",
        {GNI: "ict_price_gni_share", SHARE: "ict_price_gni_share"},
    ),
    ("investment", r"\binvest(?:ment|ments|ing)?\b", {USD: "investment_usd"}),
    ("price_usd", r"\b(?:costs?|prices?|priced)\b", {USD: "ict_price_usd"}),
    ("pledges", r"\bpledges\b", {COUNT: "pledges_count", USD: "pledges_usd"}),
    ("commitments", r"\bcommitments\b", {COUNT: "commitments_count", USD: "commitments_usd"}),
    ("entities", r"\b(?:entities|agencies|organizations|organisations)\b", {COUNT: "entities_count"}),
    ("members", rf"\b(?:members|Member{S}States|member{S}States)\b", {COUNT: "members_count"}),
    ("partners", r"\b(?:partners|partnerships)\b", {COUNT: "partners_count"}),
    ("countries", r"\b(?:countries|economies)\b", {COUNT: "countries_count"}),
    ("meetings", r"\bmeetings\b", {COUNT: "process_meetings_count"}),
    ("sessions", r"\bsessions\b", {COUNT: "process_sessions_count"}),
    ("participants", r"\b(?:participants|stakeholders|delegates)\b", {COUNT: "process_participants_count"}),
    ("mandate", r"\b(?:mandate|extend\w*|term)\b", {YEARS: "process_mandate_years"}),
    ("population", r"\b(?:people|population|inhabitants|individuals|persons)\b", {PERSONS: "population"}),
]
# the rules that name a comparison between populations rather than a concept: looking back from a figure,
# they win by priority ("female non-users outnumber male non-users by 17 per cent"); a plain concept wins
# by being nearest (context.first_indicator)
COMPARISON_RULES = frozenset(
    {
        "offline_population_group_share",
        "offline_gender_gap",
        "youth_gap",
        "urban_rural_gap",
        "gender_gap",
        "urban_rural_parity_score",
        "gender_parity_score",
    }
)
assert [n for n, _, _ in INDICATOR_RULES[: len(COMPARISON_RULES)]] and all(
    n in COMPARISON_RULES for n, _, _ in INDICATOR_RULES[: len(COMPARISON_RULES)]
)
# compiled lower-cased, with a leading word boundary, and matched against lower-cased text: several times
# faster than IGNORECASE (the patterns use no upper-case escapes such as \S or \W)
# a difference in percentage points is about the same concept as the shares it compares
INDICATOR_PATTERNS = [
    (
        name,
        re.compile(rf"\b(?:{p.lower()})"),
        {POINTS: by_unit[SHARE], **by_unit} if SHARE in by_unit else by_unit,
    )
    for name, p, by_unit in INDICATOR_RULES
]
RULE_UNITS = {name: by_unit for name, _, by_unit in INDICATOR_PATTERNS}  # a concept's name in each unit
CONCEPT_OF: dict[str, str] = {}  # the rule (concept) of each indicator name, the first that gives it
for _name, _, _by_unit in INDICATOR_PATTERNS:
    for _indicator in _by_unit.values():
        CONCEPT_OF.setdefault(_indicator, _name)
# words one of which a window must contain (lower-cased) before a rule's pattern is tried: a fast
# substring test that spares most regex scans
RULE_KEYWORDS: dict[str, tuple[str, ...]] = {
    "offline_population_group_share": ("offline", "unconnected", "non", "not", "who", "that"),
    "offline_gender_gap": ("women", "female"),
    "youth_gap": ("likely", "gap"),
    "urban_rural_gap": ("likely", "gap", "divide"),
    "gender_gap": ("likely", "lower", "higher", "gender", "men"),
    "gender_parity_score": ("parity",),
    "urban_rural_parity_score": ("rural",),
    "offline_population": (
        "offline",
        "unconnected",
        "non",
        "not",
        "without",
        "lack",
        "never",
        "remaining",
        "yet",
        "no internet",
        "no\u00a0internet",
    ),
    "mobile_broadband_coverage_gap": ("broadband", "3g"),
    "mobile_5g_coverage_share": ("5g",),
    "lte_coverage_share": ("lte", "4g"),
    "mobile_broadband_coverage_share": ("broadband", "3g"),
    "fixed_broadband": ("broadband",),
    "mobile_broadband": ("broadband",),
    "fixed_broadband_traffic": ("traffic",),
    "mobile_traffic": ("traffic",),
    "internet_traffic": ("traffic",),
    "mobile_cellular_coverage_share": ("mobile", "cellular", "2g"),
    "mobile_broadband_subscriptions": ("broadband",),
    "fixed_broadband_subscriptions": ("broadband",),
    "fixed_telephone_subscriptions": ("fixed",),
    "mobile_cellular_subscriptions": ("subscri",),
    "households_internet_access_share": ("household",),
    "internet_users_growth_rate": ("internet",),
    "internet_use": ("internet", "online", "connected"),
    "smartphone_ownership_share": ("smartphone",),
    "schools_internet_access_share": ("school",),
    "mobile_phone_non_ownership": ("phone",),
    "mobile_phone_ownership_share": ("phone",),
    "ict_access": ("access",),
    "basic_digital_skills_share": ("skills",),
    "oda_gni_share": ("official", "oda"),
    "price": ("gni", "gross"),
    "women_population_share": ("women",),
    "investment": ("invest",),
    "price_usd": ("cost", "price"),
    "pledges": ("pledges",),
    "commitments": ("commitments",),
    "entities": ("entities", "agencies", "organi"),
    "members": ("member",),
    "partners": ("partner",),
    "countries": ("countries", "economies"),
    "meetings": ("meetings",),
    "sessions": ("sessions",),
    "participants": ("participants", "stakeholders", "delegates"),
    "mandate": ("mandate", "extend", "term"),
    "population": ("people", "population", "inhabitants", "individuals", "persons"),
}
assert set(RULE_KEYWORDS) == {name for name, _, _ in INDICATOR_RULES}
RULE_KEYWORD_SETS = {name: frozenset(words) for name, words in RULE_KEYWORDS.items()}
ALL_KEYWORDS = frozenset().union(*RULE_KEYWORD_SETS.values())
# the rules that name a concept in each unit, in priority order (a figure only ever tries these)
UNIT_RULES = {
    unit: [rule for rule in INDICATOR_PATTERNS if unit in rule[2]]
    for unit in {u for _, _, by_unit in INDICATOR_PATTERNS for u in by_unit}
}
# the case-sensitive words above: Member States are capitalised; ICT and GNI are acronyms (IGNORECASE is fine)

# fallbacks for figures whose unit shows they are claims but whose concept is not in the vocabulary
# concepts so general that a more specific one named just before the figure wins over them
WEAK_INDICATORS = {"population"}
WEAK_RULES = frozenset(CONCEPT_OF[name] for name in WEAK_INDICATORS)
FALLBACK_INDICATOR = {
    SHARE: "unclassified_share",
    PERSONS: "unclassified_persons_count",
    COUNT: "unclassified_count",
    SUBSCRIPTIONS: "unclassified_subscriptions_count",
    PER_100: "unclassified_per_100",
    RATIO: "unclassified_ratio",
    YEARS: "unclassified_years",
    USD: "unclassified_usd",
    POINTS: "unclassified_share",
    GNI: "ict_price_gni_share",
}
INDICATORS = sorted(
    {ind for _, _, by_unit in INDICATOR_RULES for ind in by_unit.values()} | set(FALLBACK_INDICATOR.values())
)

# --- nouns that make a bare number a count (the noun names what is counted) ------------------------------
COUNT_NOUNS = (
    rf"pledges|commitments|entities|agencies|organizations|organisations|members|Member{S}States|partners"
    rf"|partnerships|countries|economies|meetings|sessions|participants|stakeholders|delegates|years"
)
PERSON_NOUNS = (
    r"people|persons|individuals|inhabitants|users|women|men|girls|boys|youth|young\s+people|adults"
)
SUBSCRIPTION_NOUNS = r"subscriptions|subscribers|connections|lines|SIM\s+cards"

# --- scopes -------------------------------------------------------------------------------------------------
SEX_SCOPES = {
    "women": "women",
    "girls": "women",
    "females": "women",
    "female": "women",
    "men": "men",
    "boys": "men",
    "males": "men",
    "male": "men",
    "youth": "youth",
    "young people": "youth",
}
# age groups named by a phrase (ITU's 15-24 year-olds and "the rest of the population")
AGE_RULES: list[tuple[str, str]] = [
    (
        "youth",
        rf"(?:children{S}and{S})?young{S}people|youth|(?:people|persons|individuals){S}aged{S}15"
        rf"(?:\s*[{HC}–]\s*|{S}to{S})24|15{H}24{H}year{H}olds",
    ),
    ("older_people", rf"older{S}(?:people|persons|adults)|(?:the{S})?rest{S}of{S}the{S}population"),
]
AGE_PATTERNS = [(name, re.compile(p, re.IGNORECASE)) for name, p in AGE_RULES]
POPULATION_WORDS = rf"women|men|girls|boys|females|males|{AGE_RULES[0][1]}|{AGE_RULES[1][1]}"


def population(word: str) -> str:
    """Scope name of a population word ("girls" -> women, "young people" -> youth)."""
    key = re.sub(r"\s+", " ", word.lower())
    if key in SEX_SCOPES:
        return SEX_SCOPES[key]
    return next((name for name, rx in AGE_PATTERNS if rx.fullmatch(word)), "world")


# "low-income countries", and "upper-middle-income and lower-middle-income countries" (the noun shared)
_ECONOMIES = rf"(?:{S}(?:countries|economies)|(?={S}(?:and|or){S}[\w{HC}]+{S}(?:countries|economies)))"
GROUP_RULES: list[tuple[str, str]] = [
    ("LDCs", rf"least{S}developed{S}countr(?:ies|y)|\bLDCs?\b"),  # "in every least developed country"
    ("LLDCs", rf"landlocked{S}developing{S}countr(?:ies|y)|\bLLDCs?\b"),
    ("SIDS", rf"small{S}island{S}developing{S}States|\bSIDS\b"),
    ("developed_countries", rf"(?<!least\s)(?<!least\u00a0)\bdeveloped{S}(?:countries|economies|world)"),
    (
        "developing_countries",
        rf"(?<!landlocked\s)(?<!landlocked\u00a0)\bdeveloping{S}(?:countries|economies|world)",
    ),
    ("low_and_middle_income", rf"(?i:\blow{H}?{S}and{S}middle{H}income){_ECONOMIES}"),
    ("low_income", rf"(?i:\blow{H}income){_ECONOMIES}"),
    ("lower_middle_income", rf"(?i:\blower{H}middle{H}income){_ECONOMIES}"),
    ("upper_middle_income", rf"(?i:\bupper{H}middle{H}income){_ECONOMIES}"),
    (
        "middle_income",
        rf"(?<![Ll]ower{H})(?<![Uu]pper{H})(?<!and\s)(?<!and\u00a0)(?i:\bmiddle{H}income){_ECONOMIES}",
    ),
    ("high_income", rf"(?i:\bhigh{H}income){_ECONOMIES}"),
    ("urban", rf"(?i:\burban{S}(?:areas|dwellers|population|residents|households|centres|centers))"),
    ("rural", rf"(?i:\brural{S}(?:areas|dwellers|population|residents|households|communities))"),
    ("Arab_States", rf"Arab{S}States|Arab{S}region"),
    ("Asia-Pacific", rf"Asia{H}Pacific|Asia{S}and{S}(?:the{S})?Pacific"),
    ("CIS", rf"\bCIS\b|Commonwealth{S}of{S}Independent{S}States"),
    ("sub_saharan_africa", rf"(?i:sub{H}Saharan){S}Africa"),
    ("Africa", r"(?<!Saharan\s)(?<!Saharan\u00a0)\bAfrica\b"),
    ("Americas", r"\bAmericas\b"),
    ("Europe", r"\bEurope\b"),
    (
        "world",
        r"\bworld(?:’s|'s)?(?:\s+(?:population|people|inhabitants))?\b|\bworldwide\b"
        r"|\bglobal(?:ly|\s+population)\b|\bglobe\b|\bhumanity\b|\bon\s+the\s+planet\b",
    ),
]
GROUP_PATTERNS = [(name, re.compile(p)) for name, p in GROUP_RULES]
GROUP_KEYWORDS: dict[str, tuple[str, ...]] = {  # a fast substring test before each group's pattern
    "LDCs": ("least", "ldc"),
    "LLDCs": ("landlocked", "lldc"),
    "SIDS": ("island", "sids"),
    "developed_countries": ("developed",),
    "developing_countries": ("developing",),
    "Arab_States": ("arab",),
    "Asia-Pacific": ("asia",),
    "CIS": ("cis", "commonwealth"),
    "Africa": ("africa",),
    "sub_saharan_africa": ("saharan",),
    "Americas": ("americas",),
    "Europe": ("europe",),
    "world": ("world", "global", "globe", "humanity", "planet"),
    "low_and_middle_income": ("low",),
    "low_income": ("low",),
    "lower_middle_income": ("lower",),
    "upper_middle_income": ("upper",),
    "middle_income": ("middle",),
    "high_income": ("high",),
    "urban": ("urban",),
    "rural": ("rural",),
}
assert set(GROUP_KEYWORDS) == {name for name, _ in GROUP_RULES}
BODY_RULES: list[tuple[str, str]] = [
    ("Partner2Connect", r"Partner2Connect|\bP2C\b"),
    (
        "UN_system",
        rf"United{S}Nations{S}(?:system{S})?(?:entities|agencies|organizations|system)|\bUN{S}entities",
    ),
    ("ITU", rf"International{S}Telecommunication{S}Union{S}(?:members|Member{S}States)|\bITU{S}members"),
    # bodies of the WSIS process, which hold its counts (meetings, participants, a mandate's years)
    ("IGF", rf"Internet{S}Governance{S}Forum|\bIGF\b"),
    ("WSIS_Forum", rf"WSIS{S}Forum"),
    ("CSTD", rf"Commission{S}on{S}Science{S}and{S}Technology{S}for{S}Development|\bCSTD\b"),
    ("Working_Group", rf"Working{S}Group"),
]
PROCESS_BODIES = ("IGF", "WSIS_Forum", "CSTD", "Working_Group")
BODY_PATTERNS = [(name, re.compile(p)) for name, p in BODY_RULES]
SCOPES = sorted(
    {n for n, _ in GROUP_RULES}
    | set(SEX_SCOPES.values())
    | {n for n, _ in AGE_RULES}
    | {n for n, _ in BODY_RULES}
    | {"generic"}
)

# --- qualifiers (vocabulary.CLAIM_QUALIFIERS) ----------------------------------------------------
QUALIFIERS: list[tuple[str, str]] = [
    ("more_than", rf"more{S}than|in{S}excess{S}of|upwards{S}of"),
    ("less_than", rf"less{S}than|fewer{S}than|under|below"),
    ("over", rf"(?:just{S})?over"),
    ("almost", r"almost"),
    ("nearly", rf"nearly|close{S}to|just{S}under"),
    ("about", rf"about|around|approximately|roughly|some|an{S}estimated|estimated"),
    ("at_least", rf"at{S}least"),
    ("up_to", rf"up{S}to"),
]
QUALIFIER_RE = re.compile(
    r"(?:\b(?P<q>" + "|".join(f"(?P<{n}>{p})" for n, p in QUALIFIERS) + r")\s+)?$", re.IGNORECASE
)

"""Static reference data for the seed: fixed lists that must not depend on the seed.

Genres, languages and countries get their ids from the order of the lists built here, so the
order is part of the contract (genre 15 is Science Fiction; Melbourne is city 1).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import pycountry

# TMDB's movie genres, in TMDB's own order: ids 1-19.
GENRES = (
    "Action",
    "Adventure",
    "Animation",
    "Comedy",
    "Crime",
    "Documentary",
    "Drama",
    "Family",
    "Fantasy",
    "History",
    "Horror",
    "Music",
    "Mystery",
    "Romance",
    "Science Fiction",
    "TV Movie",
    "Thriller",
    "War",
    "Western",
)

# How often each genre appears on a movie (by genre name), roughly TMDB's mix.
GENRE_WEIGHTS = {
    "Action": 10,
    "Adventure": 5,
    "Animation": 4,
    "Comedy": 18,
    "Crime": 7,
    "Documentary": 6,
    "Drama": 25,
    "Family": 4,
    "Fantasy": 4,
    "History": 2,
    "Horror": 8,
    "Music": 3,
    "Mystery": 4,
    "Romance": 8,
    "Science Fiction": 5,
    "TV Movie": 2,
    "Thriller": 10,
    "War": 2,
    "Western": 1.5,
}

NAME_MAX = 60

# pycountry's ISO 639 names carry qualifiers TMDB does not show.
_LANGUAGE_NAME_OVERRIDES = {"el": "Greek", "oc": "Occitan"}


def _truncate(name: str, limit: int = NAME_MAX) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def languages() -> list[tuple[str, str]]:
    """(iso_language_code, language_name) for every ISO 639-1 language plus `xx`, by code."""
    rows = {"xx": "No Language"}
    for language in pycountry.languages:
        code = getattr(language, "alpha_2", None)
        if code is None:
            continue
        name = _LANGUAGE_NAME_OVERRIDES.get(code) or getattr(language, "common_name", None)
        name = (name or language.name).removesuffix(" (macrolanguage)")
        rows[code] = _truncate(name)
    return sorted(rows.items())


# Codes TMDB still uses for countries that no longer exist (or are not in ISO 3166-1).
HISTORICAL_COUNTRIES = {
    "SU": "Soviet Union",
    "YU": "Yugoslavia",
    "XC": "Czechoslovakia",
    "XG": "East Germany",
    "AN": "Netherlands Antilles",
    "CS": "Serbia and Montenegro",
    "XK": "Kosovo",
    "XI": "Northern Ireland",
}


def _sort_key(name: str) -> str:
    # Accents must not push "Åland Islands" or "Côte d'Ivoire" to the end of the list.
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return ascii_name.casefold()


def countries() -> list[tuple[str, str]]:
    """(iso_country_code, country_name), ordered by name so ids stay stable."""
    rows = {}
    for country in pycountry.countries:
        rows[country.alpha_2] = _truncate(getattr(country, "common_name", None) or country.name)
    for code, name in HISTORICAL_COUNTRIES.items():
        rows.setdefault(code, name)
    return sorted(
        ((code.upper(), name) for code, name in rows.items()),
        key=lambda row: (_sort_key(row[1]), row[0]),
    )


# fmt: off
# Where movies come from (ISO code: weight); the rest of the world shares OTHER_COUNTRY_WEIGHT.
MOVIE_COUNTRY_WEIGHTS = {
    "US": 40, "GB": 8, "FR": 6, "JP": 5, "DE": 4, "CA": 4, "IN": 4, "IT": 3, "ES": 3, "KR": 3,
    "AU": 2, "CN": 2, "HK": 2, "RU": 1.5, "MX": 1, "BR": 1, "SE": 1, "DK": 1, "NO": 1, "IE": 1,
    "NZ": 1, "BE": 1, "NL": 1, "AR": 1, "TR": 1, "PL": 1, "CZ": 0.7, "HU": 0.5, "FI": 0.5,
    "RS": 0.4, "HR": 0.3, "AT": 0.5, "CH": 0.5, "IR": 0.5, "TH": 0.5, "PH": 0.5, "EG": 0.3,
    "NG": 0.3, "ZA": 0.3, "IL": 0.3, "GR": 0.3, "PT": 0.3,
}
OTHER_COUNTRY_WEIGHT = 4
# fmt: on

# Before these years a movie from the successor state is credited to the historical one.
HISTORICAL_SUCCESSORS = {
    "RU": ("SU", 1992),
    "CZ": ("XC", 1993),
    "SK": ("XC", 1993),
    "RS": ("YU", 1992),
    "HR": ("YU", 1992),
    "SI": ("YU", 1992),
}

# fmt: off
# The usual original language of a movie from a country (others fall back to English or a
# random language).
COUNTRY_LANGUAGE = {
    "US": "en", "GB": "en", "CA": "en", "AU": "en", "IE": "en", "NZ": "en", "FR": "fr",
    "BE": "fr", "CH": "de", "DE": "de", "AT": "de", "XG": "de", "JP": "ja", "IN": "hi",
    "IT": "it", "ES": "es", "MX": "es", "AR": "es", "KR": "ko", "CN": "zh", "HK": "zh",
    "RU": "ru", "SU": "ru", "BR": "pt", "PT": "pt", "SE": "sv", "DK": "da", "NO": "no",
    "NL": "nl", "TR": "tr", "PL": "pl", "CZ": "cs", "XC": "cs", "HU": "hu", "FI": "fi",
    "RS": "sr", "YU": "sr", "HR": "hr", "IR": "fa", "TH": "th", "PH": "tl", "EG": "ar",
    "IL": "he", "GR": "el", "ZA": "en", "NG": "en",
}

# Faker locales with lorem word lists, for non-English original titles.
TITLE_WORD_LOCALES = {
    "fr": "fr_FR", "de": "de_DE", "it": "it_IT", "es": "es_ES", "ja": "ja_JP", "ru": "ru_RU",
    "zh": "zh_CN", "nl": "nl_NL", "pl": "pl_PL", "cs": "cs_CZ", "da": "da_DK", "el": "el_GR",
    "he": "he_IL", "fa": "fa_IR", "th": "th_TH", "uk": "uk_UA", "vi": "vi_VN",
}
UNSPACED_LANGUAGES = {"ja", "zh", "th"}
# fmt: on

MOVIE_STATUSES_UNRELEASED = ("Post Production", "In Production", "Planned", "Rumored")

# Australia --------------------------------------------------------------------------------

VIC = "Victoria"
NSW = "New South Wales"
QLD = "Queensland"
WA = "Western Australia"
SA = "South Australia"
TAS = "Tasmania"
NT = "Northern Territory"
ACT = "Australian Capital Territory"

# Australia Post's postcode ranges per state (inclusive).
STATE_POSTCODE_RANGES = {
    NSW: ((1000, 2599), (2619, 2899), (2921, 2999)),
    ACT: ((200, 299), (2600, 2618), (2900, 2920)),
    VIC: ((3000, 3999), (8000, 8999)),
    QLD: ((4000, 4999), (9000, 9999)),
    SA: ((5000, 5999),),
    WA: ((6000, 6999),),
    TAS: ((7000, 7999),),
    NT: ((800, 999),),
}

# fmt: off
# Landline area codes, for store phone numbers.
STATE_AREA_CODES = {NSW: "02", ACT: "02", VIC: "03", TAS: "03", QLD: "07", SA: "08", WA: "08",
                    NT: "08"}
# fmt: on


@dataclass(frozen=True)
class City:
    name: str
    state: str
    postcode: int  # the city's first postcode
    postcode_span: int  # how many consecutive postcodes its addresses use
    weight: float  # rough population in thousands: where people and stores are


# The capitals first (Melbourne is city 1), then the rest grouped by state.
AUSTRALIAN_CITIES = (
    City("Melbourne", VIC, 3000, 208, 5200),
    City("Sydney", NSW, 2000, 235, 5400),
    City("Brisbane", QLD, 4000, 180, 2600),
    City("Perth", WA, 6000, 110, 2200),
    City("Adelaide", SA, 5000, 100, 1400),
    City("Hobart", TAS, 7000, 19, 250),
    City("Darwin", NT, 800, 13, 150),
    City("Canberra", ACT, 2600, 13, 460),
    City("Geelong", VIC, 3220, 8, 280),
    City("Ballarat", VIC, 3350, 3, 115),
    City("Bendigo", VIC, 3550, 6, 100),
    City("Frankston", VIC, 3199, 2, 140),
    City("Shepparton", VIC, 3630, 3, 52),
    City("Mildura", VIC, 3500, 1, 35),
    City("Warrnambool", VIC, 3280, 1, 35),
    City("Wodonga", VIC, 3690, 1, 42),
    City("Traralgon", VIC, 3844, 1, 27),
    City("Wangaratta", VIC, 3677, 1, 19),
    City("Horsham", VIC, 3400, 1, 17),
    City("Bairnsdale", VIC, 3875, 1, 15),
    City("Echuca", VIC, 3564, 1, 15),
    City("Newcastle", NSW, 2300, 8, 320),
    City("Wollongong", NSW, 2500, 8, 300),
    City("Parramatta", NSW, 2150, 1, 250),
    City("Penrith", NSW, 2750, 1, 200),
    City("Gosford", NSW, 2250, 1, 180),
    City("Maitland", NSW, 2320, 1, 90),
    City("Coffs Harbour", NSW, 2450, 1, 73),
    City("Tweed Heads", NSW, 2485, 1, 60),
    City("Wagga Wagga", NSW, 2650, 1, 57),
    City("Albury", NSW, 2640, 1, 54),
    City("Port Macquarie", NSW, 2444, 1, 50),
    City("Tamworth", NSW, 2340, 1, 43),
    City("Orange", NSW, 2800, 1, 42),
    City("Dubbo", NSW, 2830, 1, 40),
    City("Queanbeyan", NSW, 2620, 1, 40),
    City("Bathurst", NSW, 2795, 1, 38),
    City("Nowra", NSW, 2541, 1, 38),
    City("Lismore", NSW, 2480, 1, 29),
    City("Armidale", NSW, 2350, 1, 24),
    City("Goulburn", NSW, 2580, 1, 24),
    City("Grafton", NSW, 2460, 1, 19),
    City("Broken Hill", NSW, 2880, 1, 17),
    City("Gold Coast", QLD, 4209, 22, 700),
    City("Ipswich", QLD, 4305, 1, 230),
    City("Townsville", QLD, 4810, 8, 180),
    City("Cairns", QLD, 4870, 1, 150),
    City("Toowoomba", QLD, 4350, 1, 140),
    City("Maroochydore", QLD, 4558, 1, 80),
    City("Mackay", QLD, 4740, 1, 80),
    City("Rockhampton", QLD, 4700, 1, 80),
    City("Bundaberg", QLD, 4670, 1, 72),
    City("Hervey Bay", QLD, 4655, 1, 57),
    City("Caloundra", QLD, 4551, 1, 50),
    City("Gladstone", QLD, 4680, 1, 35),
    City("Gympie", QLD, 4570, 1, 22),
    City("Noosa Heads", QLD, 4567, 1, 20),
    City("Mount Isa", QLD, 4825, 1, 18),
    City("Joondalup", WA, 6027, 1, 160),
    City("Rockingham", WA, 6168, 1, 135),
    City("Mandurah", WA, 6210, 1, 100),
    City("Bunbury", WA, 6230, 1, 75),
    City("Busselton", WA, 6280, 1, 40),
    City("Geraldton", WA, 6530, 1, 38),
    City("Albany", WA, 6330, 1, 35),
    City("Fremantle", WA, 6160, 1, 30),
    City("Kalgoorlie", WA, 6430, 1, 30),
    City("Karratha", WA, 6714, 1, 17),
    City("Broome", WA, 6725, 1, 14),
    City("Mount Gambier", SA, 5290, 1, 27),
    City("Gawler", SA, 5118, 1, 27),
    City("Whyalla", SA, 5600, 1, 21),
    City("Murray Bridge", SA, 5253, 1, 21),
    City("Mount Barker", SA, 5251, 1, 20),
    City("Port Lincoln", SA, 5606, 1, 16),
    City("Port Augusta", SA, 5700, 1, 14),
    City("Launceston", TAS, 7250, 1, 90),
    City("Devonport", TAS, 7310, 1, 30),
    City("Kingston", TAS, 7050, 1, 24),
    City("Burnie", TAS, 7320, 1, 20),
    City("Palmerston", NT, 830, 2, 38),
    City("Alice Springs", NT, 870, 1, 26),
    City("Katherine", NT, 850, 1, 10),
    City("Belconnen", ACT, 2617, 1, 100),
    City("Tuggeranong", ACT, 2900, 7, 85),
    City("Gungahlin", ACT, 2912, 1, 80),
)

# fmt: off
# Movie titles ------------------------------------------------------------------------------

TITLE_ADJECTIVES = (
    "Silent", "Hidden", "Broken", "Golden", "Crimson", "Distant", "Forgotten", "Burning",
    "Frozen", "Wild", "Last", "Dark", "Bright", "Lonely", "Secret", "Endless", "Fallen",
    "Restless", "Savage", "Quiet", "Velvet", "Iron", "Glass", "Scarlet", "Electric", "Hollow",
    "Wicked", "Gentle", "Lost", "Final", "Sacred", "Twisted", "Shattered", "Paper", "Silver",
    "Empty", "Perfect", "Dangerous", "Invisible", "Eternal", "Bitter", "Sweet", "Crooked",
    "Northern", "Southern", "Blue", "Black", "White", "Red", "Little", "Long", "Deep", "Cold",
    "Strange", "Beautiful", "Stolen", "Sleeping", "Dancing", "Falling", "Rising", "Painted",
    "Wandering", "Unspoken", "Borrowed", "Reckless", "Fearless", "Phantom", "Crystal", "Neon",
    "Hungry", "Tender", "Howling", "Sunken", "Midnight", "Brave", "Lucky", "Desperate",
)

TITLE_NOUNS = (
    "Harbor", "River", "Kingdom", "Promise", "Shadow", "Garden", "Road", "Storm", "Horizon",
    "Secret", "Winter", "Summer", "Empire", "Heart", "Mirror", "Island", "Fire", "Ghost",
    "Machine", "Letter", "Station", "Bridge", "Crown", "Witness", "Stranger", "Dream", "Voyage",
    "Signal", "Protocol", "Symphony", "Lullaby", "Frontier", "Orchard", "Lighthouse", "Carnival",
    "Hunter", "Detective", "Queen", "King", "Soldier", "Daughter", "Widow", "Thief", "Circle",
    "Code", "Game", "Line", "House", "Hotel", "Train", "Night", "Morning", "Moon", "Sky",
    "Ocean", "Desert", "Forest", "Mountain", "City", "Valley", "Truth", "Lie", "Echo",
    "Silence", "Vengeance", "Requiem", "Rebellion", "Reckoning", "Paradise", "Labyrinth",
    "Outpost", "Legacy", "Covenant", "Tide", "Wolf", "Raven", "Serpent", "Lion", "Fox",
    "Diamond", "Knife", "Bullet", "Rose", "Orchid", "Flame", "Ashes", "Rain", "Snow", "Thunder",
    "Wind", "Blood", "Angel", "Devil", "Saint", "Prophet", "Pilgrim", "Exile", "Runaway",
    "Outlaw", "Sheriff", "Gambler", "Dancer", "Pianist", "Teacher", "Pilot", "Captain", "Sailor",
)

TITLE_TIMES = (
    "Midnight", "Dawn", "Twilight", "Summer", "Winter", "Autumn", "Spring", "Sunset",
    "Christmas", "Morning",
)

# Invented place names ("Kestrel Bay") next to Faker's city names.
PLACE_FIRST = (
    "Kestrel", "Raven", "Falcon", "Willow", "Cedar", "Maple", "Harrow", "Ashford", "Black",
    "Silver", "Stone", "Salt", "Copper", "Thorn", "Elk", "Fox", "Hawk", "Pine", "Amber", "Misty",
    "Eagle", "Bramble", "Heron", "Wren", "Oak",
)
PLACE_SECOND = (
    "Bay", "Hollow", "Creek", "Falls", "Ridge", "Harbor", "Springs", "Point", "Valley",
    "Crossing", "Island", "Lake", "Heights", "Cove", "Junction", "Mill",
)

SEQUEL_SUFFIXES = (" 2", " II", " 3", ": Part Two", " Returns", ": The Reckoning")

# Overviews and biographies -------------------------------------------------------------------

PERSONAS = (
    "retired", "young", "reclusive", "ambitious", "disgraced", "struggling", "brilliant",
    "small-time", "grieving", "newly widowed", "idealistic", "washed-up", "determined", "shy",
    "cynical", "eccentric", "unemployed", "overworked",
)

HOOKS = (
    "discovers a secret that could tear the family apart",
    "is pulled into a conspiracy far bigger than anyone imagined",
    "must confront a past long buried",
    "falls for the one person who could ruin everything",
    "sets out on a journey across the country",
    "becomes the prime suspect in a string of disappearances",
    "inherits a crumbling estate and the mystery that comes with it",
    "is forced to team up with an old rival",
    "races against time to stop a catastrophe",
    "takes on the case nobody else wants",
    "returns home after twenty years away",
    "joins a ragtag crew of misfits on a daring heist",
    "tries to keep a small-town diner afloat",
    "finds an unlikely friend in a stray dog",
    "uncovers a plot that reaches the highest levels of power",
    "wakes up with no memory of the night before",
    "stumbles onto a deal gone wrong",
    "trains for the fight of a lifetime",
    "goes undercover inside a dangerous cult",
    "starts receiving letters from someone who died years ago",
    "agrees to one last job",
    "is haunted by visions of a stranger",
)

EVENTS = (
    "a mysterious signal is detected from deep space",
    "a storm cuts the town off from the outside world",
    "an old friend turns up with a dangerous proposition",
    "the family business faces ruin",
    "a priceless painting vanishes from the museum",
    "a routine mission goes horribly wrong",
    "strange lights appear over the valley",
    "a wedding weekend spirals out of control",
    "the war reaches their quiet village",
    "a dying father reveals a long-kept secret",
    "a virus spreads through the city",
    "the championship is on the line",
    "a child goes missing during the summer festival",
    "an inheritance sets siblings against each other",
    "a ghost ship drifts into the harbor",
    "the last train out of the city breaks down",
)

GOALS = (
    "find a way home",
    "uncover the truth before it is too late",
    "protect the people they love",
    "clear their name",
    "choose between love and duty",
    "outwit a ruthless crime boss",
    "survive one last night",
    "lead an unlikely team to victory",
    "bring a killer to justice",
    "make peace with the past",
    "save the town from ruin",
    "learn to trust again",
)

DUOS = (
    "team up to solve a decades-old murder",
    "fall in love over one unforgettable summer",
    "cross the country in a stolen car",
    "open a restaurant against everyone's advice",
    "are trapped together in a remote cabin",
    "compete for the same impossible prize",
    "plan the perfect robbery",
    "discover that their town is not what it seems",
)

ERAS = (
    "the 1920s", "the Great Depression", "the Second World War", "the 1960s", "the 1980s",
    "the gold rush", "a bitter winter", "the last days of summer", "the near future",
    "the Cold War", "the turn of the century",
)

TONES = (
    "gripping", "heartfelt", "darkly comic", "haunting", "thrilling", "tender", "sweeping",
    "offbeat", "suspenseful", "whimsical", "bittersweet", "chilling", "uplifting",
)

THEMES = (
    "love and loss", "greed and betrayal", "friendship and loyalty", "revenge",
    "survival against the odds", "family secrets", "ambition and its price", "second chances",
    "growing up", "obsession", "redemption", "forbidden love", "courage in dark times",
    "identity and belonging",
)

TAGLINES = (
    "Some secrets refuse to stay buried.",
    "Nothing is what it seems.",
    "Every choice has a price.",
    "The past is never really over.",
    "One night can change everything.",
    "Trust no one.",
    "Home is where the trouble is.",
    "Not every hero wears a cape.",
)

CAREER_STARTS = (
    "regional theatre", "television commercials", "student films", "musical theatre",
    "stand-up comedy", "a long-running soap opera", "modelling", "radio drama",
)

BREAKTHROUGHS = (
    "landing a breakout role in an independent drama",
    "earning critical acclaim for a supporting role",
    "moving into leading roles",
    "becoming a familiar face on the festival circuit",
    "winning a major acting award",
    "starring in a hit action franchise",
    "joining the cast of a popular television series",
)

HOBBIES = (
    "is an avid rock climber", "writes poetry", "runs a small animal rescue",
    "plays in a jazz band", "campaigns for ocean conservation", "directs short films",
    "teaches drama to teenagers", "restores vintage motorcycles",
)

# Character names that are not personal names.
ROLE_TITLES = ("Detective", "Dr.", "Officer", "Captain", "Mrs.", "Mr.", "Agent", "Sergeant",
               "Professor", "Father", "Judge")
BIT_PARTS = (
    "Waiter", "Nurse", "Bartender", "Reporter", "Taxi Driver", "Guard", "Guard #2", "Receptionist",
    "Narrator (voice)", "Shopkeeper", "Bus Driver", "Doctor", "Police Officer", "Party Guest",
    "Thug", "Neighbor", "Teacher", "Priest", "Soldier", "Pilot", "Store Clerk", "Mom", "Dad",
)
# fmt: on


@dataclass(frozen=True)
class PeopleLocale:
    locale: str
    weight: float
    nationality: str  # adjective used in biographies
    country: str  # as it appears in a place of birth
    romanized: bool = False  # non-Latin locales: use Faker's romanized names
    # Fixed birthplaces where Faker's will not do: non-Latin city names (ja_JP), or an order
    # that depends on PYTHONHASHSEED, which would break determinism (it_IT builds its city
    # list from a set).
    places: tuple[str, ...] = ()


# fmt: off
ITALIAN_CITIES = (
    "Rome", "Milan", "Naples", "Turin", "Palermo", "Genoa", "Bologna", "Florence", "Bari",
    "Catania", "Venice", "Verona", "Messina", "Padua", "Trieste", "Parma",
)
# fmt: on


# Where actors come from: Faker locales, weighted.
ACTOR_LOCALES = (
    PeopleLocale("en_US", 45, "American", "USA"),
    PeopleLocale("en_GB", 14, "British", "UK"),
    PeopleLocale("fr_FR", 6, "French", "France"),
    PeopleLocale("en_AU", 5, "Australian", "Australia"),
    PeopleLocale("en_CA", 5, "Canadian", "Canada"),
    PeopleLocale("de_DE", 4, "German", "Germany"),
    PeopleLocale("it_IT", 4, "Italian", "Italy", places=ITALIAN_CITIES),
    PeopleLocale("es_ES", 3, "Spanish", "Spain"),
    PeopleLocale("en_IN", 3, "Indian", "India"),
    PeopleLocale(
        "ja_JP",
        3,
        "Japanese",
        "Japan",
        romanized=True,
        places=(
            "Tokyo",
            "Osaka",
            "Kyoto",
            "Yokohama",
            "Sapporo",
            "Nagoya",
            "Kobe",
            "Fukuoka",
            "Sendai",
            "Hiroshima",
        ),
    ),
    PeopleLocale("es_MX", 2, "Mexican", "Mexico"),
    PeopleLocale("pt_BR", 2, "Brazilian", "Brazil"),
    PeopleLocale("en_IE", 2, "Irish", "Ireland"),
    PeopleLocale("sv_SE", 1, "Swedish", "Sweden"),
    PeopleLocale("pl_PL", 1, "Polish", "Poland"),
    PeopleLocale("nl_NL", 1, "Dutch", "Netherlands"),
    PeopleLocale("da_DK", 1, "Danish", "Denmark"),
    PeopleLocale("en_NZ", 1, "New Zealand", "New Zealand"),
)

# Who lives in Australia and rents movies there (staff and customers).
RESIDENT_LOCALES = (
    PeopleLocale("en_AU", 70, "Australian", "Australia"),
    PeopleLocale("en_GB", 8, "British", "UK"),
    PeopleLocale("en_IN", 5, "Indian", "India"),
    PeopleLocale("it_IT", 5, "Italian", "Italy", places=ITALIAN_CITIES),
    PeopleLocale("en_NZ", 4, "New Zealand", "New Zealand"),
    PeopleLocale("en_US", 3, "American", "USA"),
    PeopleLocale("zh_CN", 3, "Chinese", "China", romanized=True),
    PeopleLocale("de_DE", 2, "German", "Germany"),
)

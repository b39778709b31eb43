"""Where a mention's event happened: candidate towns or regions, countries and sites (places below the town).

Place names are looked up in the gazetteer, first in the countries the article is about; sites are described,
named or generic places, the event sentence's first. Each option function returns its candidates with the
preferred one first for ``questions``; ``assemble`` uses the place look-ups to name the region and the country
in the article's own words.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..candidates import SITE_PHRASE
from ..language_cues import merged_alternation
from ..normalize.dates import find_date_expressions
from ..normalize.places import Place, country_code, find_places, geocode
from ..pipeline import ArticleContext
from .mentions import Mention, Sentence, dateline_end
from .spans import dedupe, mention_window, spans_in

__all__ = [
    "country_supported",
    "country_surface",
    "main_country",
    "named_region",
    "place_kind",
    "place_options",
    "read_as_region",
    "region_before",
    "region_named_for",
    "resolve_place",
    "site_is_locality",
    "sites_apart_from_places",
    "site_options",
    "with_complement",
]

#: What precedes a town's name in the other languages read ("à", "en el municipio de"; data/cues_*.json).
_LEAD_INS = merged_alternation("place_lead_ins")
_NEAR_PLACE = re.compile(
    r"\b(?:in|near|at|outside|around|of|from)\s+(?:the\s+)?(?:(?:town|city|village|district|province|region|state|capital)\s+of\s+)?$"
    rf"|(?-i:{_LEAD_INS})$",
    re.I,
)
_DATELINE = re.compile(r"^\s*([A-Z][A-Z .'-]+?)(?:,\s*[A-Z][A-Za-z .]+)?\s*(?:\([^)]*\))?\s*[-–—]")
_NAME_WORD = r"(?:(?:al|el|ad|as|ash|an|ar|az|ez|bin|ibn)-)?[A-Z][\w'’-]+"
#: A village or town the gazetteer does not know, placed by the words before it: "in Piagapo", "near Kutru",
#: "the village of Tchériba", "on the outskirts of Kani", "a few kilometres from Safané".
_UNLISTED_PLACE = re.compile(
    r"\b(?:(?:in|near|outside|around)\s+(?:the\s+(?:town|city|village|hamlet|locality|commune|municipality|community)\s+of\s+)?"
    r"|(?:town|city|village|hamlet|locality|commune|municipality|community)\s+of\s+"
    r"|(?:outskirts|edge|centre|center|north|south|east|west|northeast|northwest|southeast|southwest)\s+of\s+"
    r"|(?:kilometres|kilometers|km|miles)\s+(?:\w+\s+)?(?:from|of)\s+"
    rf"|{_LEAD_INS})"
    rf"({_NAME_WORD}(?:\s+(?:{_NAME_WORD}|(?:de|del|la|las|los|el)\b)){{0,2}})"
)
#: Arabic has no capitals: a word right after a settlement word ("بلدة ديمبيتشا", the town of Dembecha) is the name,
#: with a second word that has the article ("ميس الجبل") unless that word ends as an adjective does, in ة or ي
#: ("الشهابية التابعة لقضاء صور": the one of the district of Tyre).
_UNLISTED_ARABIC = re.compile(
    rf"(?:{merged_alternation('settlement_lead_ins')})"
    r"([\u0621-\u064a]+(?:\s+ال[\u0621-\u064a]*[\u0621-\u0628\u062a-\u063a\u0641-\u0649])?)(?![\u0621-\u064a])"
)
_SETTLEMENT_WORDS = r"(?:villages?|hamlets?|settlements?|localit(?:y|ies)|communes?)"
#: Words before a name that call it a settlement ("the village of Nacotuco").
_SETTLEMENT_BEFORE = re.compile(
    r"(?i:village|hamlet|locality|commune|community|settlement|district|town)\s+of\s+"
    rf"|(?i:{merged_alternation('settlement_lead_ins')})"
)
#: Names, or a list of names, that a following word calls settlements: "Makera, Akuzo and Usu villages", "in Obey
#: district", "the Spinwam area", "a neighbourhood of Nangade town" (but "residents of X district" name a part of a town).
_NAMED_SETTLEMENTS = re.compile(
    rf"((?:{_NAME_WORD}(?:\s+{_NAME_WORD})?,\s+)*{_NAME_WORD}(?:\s+{_NAME_WORD})?"
    rf"(?:,?\s+and\s+{_NAME_WORD}(?:\s+{_NAME_WORD})?)?)"
    rf"\s+(?-i:{_SETTLEMENT_WORDS})\b"
    rf"|(?:\b(?:in|at)\s+(?:the\s+)?|['’]s\s+|\bof\s+(?={_NAME_WORD}(?:\s+{_NAME_WORD})?\s+town\b))"
    rf"({_NAME_WORD}(?:\s+{_NAME_WORD})?)\s+(?:district|area|town)\b"
)
_LISTED_NAME = re.compile(
    rf"(?!(?:In|On|At|The|An?|And|Of|From|To|By|For|With|Near|But|As)\b){_NAME_WORD}(?:\s+{_NAME_WORD})?"
)
#: A town that places something else: "near Uvira", "west of Hawija", "20 km from Beni", "a district of Aden".
_ANCHOR_TOWN = re.compile(
    r"\b(?:near|outside|(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of"
    r"|(?:km|kilomet\w+|miles)\s+(?:\w+\s+)?"
    r"(?:from|of)|(?:district|neighbou?rhood|suburb|quarter)\s+of)\s+(?:the\s+)?(?:(?:town|city)\s+of\s+)?"
    rf"({_NAME_WORD})|({_NAME_WORD})['’]s\s+[\w-]+\s+(?:district|neighbou?rhood|area|suburb|quarter)\b"
)
#: Capitalised words after "in" that name no town: months, days, institutions, sites.
_NOT_A_TOWN = re.compile(
    r"(?i)^(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday"
    r"|Wednesday|Thursday|Friday|Saturday|Sunday|The|A|An|This|That|Parliament|Congress|Court|Police|Army|Government"
    r"|Ministry|Islam|Christ\w*|Muslim\w*|English|Arabic|French|Spanish|God|Allah)\b"
    r"|\b(?:University|Hospital|Airport|Station|Road|Street|Avenue|Bridge|Camp|Base|Prison|Square|School|Market|Mosque|Church"
    r"|Hotel|Stadium|Highway|River|Lake|Forest|Mountains?|Hills?|Valley|Province|Region|State|District|County|Brigade"
    r"|Battalion|Division|Army|Forces?|Front|Group|Party|Council|Office|Agency|Observatory|Press|News|Service|Wire"
    r"|LGA)$"
    rf"|^(?:{merged_alternation('not_place_names')})$"
)


def _places_in(text: str) -> list[tuple[int, int, str]]:
    """find_places, with regions also by ACLED's names ("the Lower Shabelle region"): the names places are chosen
    from."""
    return find_places(text, acled_regions=True)


def _place_window(mention: Mention) -> list[Sentence]:
    return mention_window(mention) + ([mention.before] if mention.before else [])


def place_kind(surface: str, ctx: ArticleContext) -> str | None:
    """'country', 'town' or 'region' for a place name of the article; None for a name that is neither."""
    found = resolve_place(surface, ctx)
    return found[0] if found else None


def resolve_place(surface: str, ctx: ArticleContext) -> tuple[str, str] | None:
    """(kind, ISO country) of a place name, looked up first in the countries the article is about."""
    return _resolve_place(surface, ctx.place_names, ctx.countries)


@lru_cache(maxsize=4096)
def _resolve_place(surface: str, context: tuple[str, ...], countries: tuple[str, ...]) -> tuple[str, str] | None:
    code = country_code(surface, context)
    if code is not None and geocode(surface, context=context).reason == "locality is a country":
        return "country", code
    found: list[tuple[str, str, int]] = []
    for cc in countries or (None,):
        result = geocode(surface, country=cc, context=context)
        places = [result.place] if result.place is not None else list(result.candidates)
        places = [p for p in places if p is not None and (cc is None or p.country == cc)]
        if places:
            kind = (
                "town"
                if any(p.feature == "city" for p in places)
                else "region"
                if any(p.feature == "admin1" for p in places)
                else None
            )
            if kind is not None:
                found.append((kind, places[0].country, max(p.population for p in places)))
    if found:
        # the article's first country wins, unless another of its countries has a town of that name ten times its
        # size: a roundup about Colombia that names Lima, Santiago and Buenos Aires means the capitals
        first, biggest = found[0], max(found, key=lambda f: f[2])
        towns = first[0] == biggest[0] == "town"
        return (biggest if towns and biggest[2] >= _COUNTRY_DOMINANCE * max(first[2], 1) else first)[:2]
    return ("country", code) if code is not None else None


#: Population ratio at which a town of another of the article's countries beats its first country's town.
_COUNTRY_DOMINANCE = 10


_REGION_WORDS = re.compile(r"^\s+(?:region|province|state|oblast|governorate|department|county|prefecture)\b", re.I)


def region_named_for(town: str, country: str, ctx: ArticleContext) -> str | None:
    """The article's own name for the town's first-level region ("Donetsk region", "South Kivu province"),
    when the gazetteer puts the town in it; analysts code admin1 as the article names it."""
    text = ctx.article.text
    home = geocode(town, country=country, context=ctx.place_names).place
    if home is None or not home.admin1:
        return None
    for _start, end, surface in _places_in(text):
        if not _REGION_WORDS.match(text[end : end + 16]) and resolve_place(surface, ctx) != ("region", country):
            continue
        region = geocode(None, admin1=surface, country=country).place
        if region is not None and region.admin1 == home.admin1 and surface != town:
            return surface
    return None


def main_country(ctx: ArticleContext) -> list[str]:
    surface = country_surface(ctx.countries[0], ctx) if ctx.countries else None
    return [surface] if surface else []


def country_surface(code: str, ctx: ArticleContext) -> str | None:
    """The article's own words for a country (its name or demonym), so the value stays grounded."""
    return next(
        (surface for _, _, surface in find_places(ctx.article.text) if country_code(surface, ctx.place_names) == code),
        None,
    )


def _dateline(text: str) -> str | None:
    for line in text.splitlines()[1:6]:
        m = _DATELINE.match(line)
        if m:
            return m.group(1).strip().title()
    return None


#: A place name followed by the word for a region is the region ("Herat province"), whatever town shares its name.
_REGION_AFTER = re.compile(
    r"^(,?\s+and\s+[A-Z][\w'’-]+)?\s+(?i:provinces?|regions?|states?|governorates?|oblasts?"
    r"|departments?|county|counties|prefectures?|LGAs?|local government areas?)\b"
)
#: The word for a region before a name ("the province of Bam", "la province du Bam", "el departamento del Cauca"), or
#: after a longer name the town's is only the start of ("Tonj South County"): the name is the region's, not a town's.
_REGION_BEFORE = re.compile(
    r"(?i)\b(?:provinces?|regions?|région|states?|governorates?|departments?|département|departamento|provincia"
    r"|county|oblast|prefecture|préfecture)\s+(?:of\s+(?:the\s+)?|du\s+|de\s+la\s+|de\s+l['’]|de\s+|del\s+|do\s+|da\s+)?$"
)
_LONGER_REGION_AFTER = re.compile(
    r"^\s+[A-Z][\w'’-]+\s+(?i:provinces?|regions?|states?|governorates?|county|counties|oblasts?|prefectures?)\b"
)
#: Rank penalty of a region against towns: the event's own sentence may name only the province while the next one
#: names the village ("The blast in Herat province ... went off in Obey district"); the village is the locality.
_REGION_PENALTY = 5

#: The words after a name, anywhere in the article, that make it an administrative unit ("Mafa LGA", "Macomia
#: district", "Mafa and Jere Local Government Areas", "Garissa, Wajir and Mandera counties"), and those that make
#: it a town ("Mafa town", "the city of Mafa").
_UNIT_AFTER = (
    r"(?:(?:,\s+[A-Z][\w'’-]+)*,?\s+and\s+[A-Z][\w'’-]+)?\s+(?i:districts?|sub-?districts?|LGAs?"
    r"|local government areas?|counties|county|provinces?|regions?|states?|governorates?|oblasts?|departments?"
    r"|prefectures?|territory|territories|cercles?)\b"
)


@lru_cache(maxsize=4096)
def called_a_unit(name: str, text: str) -> bool:
    """Whether the article calls a name an administrative unit (a district, an LGA, a county, a province) and
    never a town or city: the bare name elsewhere in it ("killed in Mafa, Jere" in the headline) then means the
    unit too, which the town the gazetteer lists under that name must not make the most specific place; a
    village the article names inside the unit comes first (GUIDE 6), and with none the unit is still offered. Where
    the name is written with its unit word ("in Mafa district") GUIDE 15's district named without a town holds."""
    name_re = rf"(?<![\w'’-]){re.escape(name)}"
    if not re.search(name_re + _UNIT_AFTER, text):
        return False
    return not re.search(rf"{name_re}\s+(?i:town|city)\b|(?i:town|city)\s+of\s+{name_re}", text)


@lru_cache(maxsize=4096)
def common_word(name: str, text: str) -> bool:
    """Whether a one-word name is a common word of the article: it writes the word in lower case too, and capitalises
    it only where any word is (a line's or a sentence's start), never after a lower-case word mid-sentence."""
    if (
        " " in name
        or not name[:1].isupper()
        or not re.search(rf"(?<![\w'’-]){re.escape(name.lower())}(?![\w'’-])", text)
    ):
        return False
    return not re.search(rf"(?<=[a-z,;]\s){re.escape(name)}(?![\w'’-])", text)


#: The words before a name that make it a part of a town ("the neighbourhood of X", "no bairro de X", "la colonia
#: X"; after a lower-case word, so not "Al-Qubba neighbourhood of [El Obeid]"): GUIDE 2 makes it a site, so the town
#: the sentence names comes first, even where the gazetteer has a town of that name elsewhere.
_PART_OF_TOWN_BEFORE = re.compile(
    r"(?:^|\s)(?-i:[a-zà-ÿ]+)\s+(?i:neighbou?rhood|suburb|quarter|bairro|barrio|colonia|quartier|favela)\s+"
    r"(?i:(?:of|de|do|da|del|du)\s+)?(?i:(?:the|la|el|le|l['’])\s*)?$"
)

#: Added to a headline place's order among places of equal rank, so the lede's come first.
_HEADLINE_LAST = 1_000_000

#: GeoNames' own class of cities (its cities15000 dump): a town this size is what its bare name means, even where
#: the district or county around it carries the name too ("Kisumu County", "Sinjar district").
_UNIT_SEAT_POPULATION = 15000


def _bare_unit(surface: str, country: str, ctx: ArticleContext) -> bool:
    """Whether a bare name means the administrative unit the article calls it, not the gazetteer's small town of
    that name (the seat of "Mafa LGA" rather than a city the unit is named after)."""
    if not called_a_unit(surface, ctx.article.text):
        return False
    town = geocode(surface, country=country, context=ctx.place_names).place
    return town is None or town.population < _UNIT_SEAT_POPULATION


#: A name written in capitals only, up to five letters ("FSA", "LCC"): news writes organisations so, and the
#: gazetteer keeps airport codes among towns' other names; such a name is a town only in the article's own country
#: ("FCT" in a report on Nigeria).
_ACRONYM = re.compile(r"[A-Z]{2,5}")


def place_options(mention: Mention, ctx: ArticleContext) -> tuple[list[str], list[str]]:
    """(towns or regions, countries) named around the mention: a town after "in"/"near" in the event's own
    sentence first, then passing names, then regions, then the dateline's town. A named settlement the gazetteer
    lacks ("Makera village", "the village of Kitevya", "in Obey district") comes before the gazetteer's towns of
    the same sentence: those then say where the settlement lies ("Makera, ... all in Birnin Magaji")."""
    text = ctx.article.text
    ranked: list[tuple[int, int, int, str]] = []
    countries: list[str] = []
    datelined: list[str] = []
    for n, (s, start, end, surface) in enumerate(spans_in(_place_window(mention), _places_in)):
        found = resolve_place(surface, ctx)
        if found is None:
            continue
        if found[0] == "country":
            countries.append(surface)
            continue
        if s.start == mention.lead.start and start - s.start < dateline_end(s.text):
            datelined.append(surface)  # where the reporter files from: the last resort, after every named place
            continue
        if s is mention.headline and text[start - 1 : start] == "(" and text[end : end + 1] == ")":
            datelined.append(surface)  # a byline's "Agencia de Noticias (Maputo)": the publisher's seat, likewise
            continue
        if _ACRONYM.fullmatch(surface) and found[1] not in ctx.countries[:1]:
            continue  # "the FSA" in a report on Syria is the rebels, not the airport code of Iran's Fasa
        if common_word(surface, text):
            continue  # "Presidente falou ..." beside "o presidente": a sentence's first word, not a town
        if any(s.start + a <= start and end <= s.start + b for a, b, *_ in ctx.actors.find(s.text)):
            continue  # a word of an actor's name (data/actors: "the Jalisco New Generation Cartel") places nothing
        after = _REGION_AFTER.match(text[end : end + 40])
        region = (
            found[0] == "region"
            or bool(after)
            or bool(_REGION_BEFORE.search(text[max(0, start - 40) : start]))
            or bool(_LONGER_REGION_AFTER.match(text[end : end + 50]))
            or bool(_PART_OF_TOWN_BEFORE.search(text[max(0, start - 40) : start]))
            or (_bare_unit(surface, found[1], ctx) and not re.match(_UNIT_AFTER, text[end : end + 80]))
        )
        if after and not after.group(1) and resolve_place(surface + after.group(0), ctx) == ("region", found[1]):
            surface += after.group(0)  # "Kherson region" is the region, not the town of Kherson
        own = (s is mention.lead or s is mention.headline) and start - s.start >= dateline_end(
            s.text
        )  # not the dateline
        after_preposition = bool(_NEAR_PLACE.search(text[max(0, start - 30) : start]))
        rank = (0 if own else 2) + (0 if after_preposition else 1)
        # at equal rank the lede's place beats the headline's: a headline may sum up several incidents ("Three
        # soldiers killed in A; six teachers kidnapped in B"), the lede tells this one
        ranked.append((rank * 2 + _REGION_PENALTY * region, 0, n + _HEADLINE_LAST * (s is mention.headline), surface))
    ranked += _unlisted_places(mention, ctx, {surface for *_, surface in ranked} | set(countries))
    ranked.sort()
    places = [surface for *_, surface in ranked] + datelined
    if mention.primary and (line := _dateline(text)) and place_kind(line, ctx) in ("town", "region"):
        places.append(line)
    return dedupe(places), dedupe(countries)


def country_supported(code: str, sentences: list[Sentence], ctx: ArticleContext) -> bool:
    """Whether a place in country ``code`` may be the mention's: the country the article is about, or another that
    the place's own sentence or the event's sentence names (by name or demonym: "Myanmar's Rakhine state"). A town
    of a second country named only elsewhere in the article (a menu, a context paragraph) is not the event's."""
    if not ctx.countries or code == ctx.countries[0]:
        return True
    return any(
        resolve_place(surface, ctx) == ("country", code) for s in sentences for *_, surface in find_places(s.text)
    )


def _unlisted_places(mention: Mention, ctx: ArticleContext, known: set[str]) -> list[tuple[int, int, int, str]]:
    """Towns missing from the gazetteer, ranked like towns after a preposition (own sentence first): after the
    gazetteer's names of the same rank, but before them when a word calls the name a settlement ("Makera village",
    "the village of Kitevya", "Obey district"): small places are where much of the violence happens. Names that
    are known places, actors, months or institutions are not."""
    found = []
    for s in mention_window(mention):
        seen: set[str] = set()
        # (start, name, called a settlement, called a village by a list: "Makera, Akuzo and Usu villages")
        names = [
            (m.start(1), m.group(1), bool(_SETTLEMENT_BEFORE.search(m.group(0))), False)
            for m in _UNLISTED_PLACE.finditer(s.text)
        ]
        names += [(m.start(1), m.group(1), True, False) for m in _UNLISTED_ARABIC.finditer(s.text)]
        for m in _NAMED_SETTLEMENTS.finditer(s.text):
            group = 1 if m.group(1) else 2
            listed = group == 1 and bool(re.search(rf"(?i:{_VILLAGE_WORDS})$", m.group(0)))
            names += [
                (m.start(group) + n.start(), n.group(), True, listed) for n in _LISTED_NAME.finditer(m.group(group))
            ]
        # "the village of Kalundja, near ... Uvira": the sentence places the village by a listed town, which analysts
        # code as the locality (the village is the site); "Hodeidah's al-Hali district" is a part of the town
        anchored = any(
            place_kind(m.group(1) or m.group(2), ctx) in ("town", None) for m in _ANCHOR_TOWN.finditer(s.text)
        )
        for start, name, settlement, listed in sorted(names):
            name = re.sub(r"['’]s$", "", name)
            owner, _, rest = name.rpartition("'s ") if "'s " in name else name.rpartition("’s ")
            if owner:
                anchored = anchored or place_kind(owner, ctx) == "town"
                start, name = start + len(owner) + 3, rest
            settlement = (
                (settlement and not anchored)
                or _placed_by_next(s.text[start + len(name) :], ctx)
                or bool(_SETTLEMENT_APPOSITIVE.match(s.text[start + len(name) :]))
            )
            if (
                name in known
                or _NOT_A_TOWN.search(name)
                or ctx.actors.find(name)
                or start < dateline_end(s.text)
                or _REGION_AFTER.match(s.text[start + len(name) : start + len(name) + 40])  # "Kurdistan region"
                or (any(span[2] == name for span in _places_in(name)) and resolve_place(name, ctx) is not None)
            ):
                # a name find_places reports in the article's countries is ranked already; one the gazetteer has only
                # in other countries ("Mubarak village" in Somalia) or skips as a common word ("Mocha") is not
                continue
            own = s is mention.lead or s is mention.headline
            # within a sentence a name is ranked where it is first met; a name met again in another sentence keeps its
            # best rank there ("in Ukhiya camp" in the headline, "in Ukhiya, Cox's Bazar" in the lead)
            if name in seen:
                continue
            seen.add(name)
            # a village the incident's own sentences name as such is where it happened (GUIDE 6: the most specific
            # place), even when the headline or lead names only the town or district around it
            village = not anchored and (listed or _called_a_village(s.text, start, name))
            found.append(((0 if own or village else 2) * 2, -1 if settlement else 1, s.start + start, name))
    return found


_VILLAGE_WORDS = r"(?:villages?|hamlets?|settlements?|communit(?:y|ies)|localit(?:y|ies))"
#: The words before a name that call it a village ("the village of Nacotuco", "la comunidad de Cerro Prieto"), not
#: a district or an area of a town ("the Aguaruto district", GUIDE 2: a site), nor a place the event was only near.
_VILLAGE_BEFORE = re.compile(
    rf"(?:(?i:\b(?:village|hamlet|settlement|community|locality)\s+of\s+)|(?:{merged_alternation('settlement_lead_ins')}))$"
)
_ONLY_NEAR = re.compile(r"(?i)\b(?:near|outside|around|from|towards?|close\s+to|près\s+de|cerca\s+de|perto\s+de)\b")
_VILLAGE_AFTER = re.compile(rf"^\s+(?i:{_VILLAGE_WORDS})\b")


def _called_a_village(sentence: str, start: int, name: str) -> bool:
    """Whether the words around a name call it a village: "the village of X", "X village", "X, a farming village"."""
    before, after = sentence[max(0, start - 60) : start], sentence[start + len(name) :]
    lead = _VILLAGE_BEFORE.search(before)
    if lead is not None:
        return not _ONLY_NEAR.search(before[max(0, lead.start() - 25) : lead.start()])
    return bool(_VILLAGE_AFTER.match(after) or _SETTLEMENT_APPOSITIVE.match(after))


#: A name described as a settlement right after it ("Kourao, a village in Bam province", "Kourao, un village de ..."):
#: the name is the village, the event's locality, before the towns and regions that place it.
_SETTLEMENT_APPOSITIVE = re.compile(
    rf"^,\s+(?:an?|une?|una|uma)\s+(?:[\w-]+\s+)?(?:(?i:{_SETTLEMENT_WORDS})\b"
    rf"|(?-i:{merged_alternation('settlement_lead_ins')}))"
)
#: A name right after a village's that says where it lies: "in Ukhiya, Cox's Bazar", "Kiringa, Rutshuru".
_NEXT_PLACE = re.compile(rf",\s+({_NAME_WORD}(?:['’]s)?(?:\s+{_NAME_WORD})?)")


def _placed_by_next(after: str, ctx: ArticleContext) -> bool:
    """Whether the words after a name the gazetteer lacks place it in a listed town or region ("Ukhiya, Cox's
    Bazar"): the name is then the village, and the town only says where it lies."""
    m = _NEXT_PLACE.match(after)
    return m is not None and any(
        place_kind(name, ctx) in ("town", "region") for name in dict.fromkeys((m.group(1), m.group(1).split()[0]))
    )


def named_region(mention: Mention, ctx: ArticleContext) -> str | None:
    """The first-level region the mention names ("in Niger's Tillabéri region"), for a town the gazetteer lacks: one
    its own sentence names first, then one the rest of its window names, else the one region the whole article
    names ("Bang Maruad village" in a report whose only region is "Pattani province")."""
    own = window_region(mention, ctx)
    if own is not None and own in mention.lead.text:
        return own
    return _town_region(mention, ctx) or own or region_before(mention.lead.start, ctx) or _only_region(ctx)


def _town_region(mention: Mention, ctx: ArticleContext) -> str | None:
    """The first-level region of the first town the gazetteer lists that the event's own sentence names in the
    article's country ("près d'Aorema, à quinze kilomètres de Ouahigouya"): the unlisted village lies beside it,
    so in its region, before any region the sentences around name for other things. The article's own words for
    that region when it has them, else the gazetteer's name, as a listed town's record would get."""
    for _, _, surface in _places_in(mention.lead.text):
        found = resolve_place(surface, ctx)
        if found is None or found[0] != "town" or found[1] not in ctx.countries[:1]:
            continue
        town = geocode(surface, country=found[1], context=ctx.place_names).place
        if town is not None and town.admin1:
            return region_named_for(surface, found[1], ctx) or town.admin1
    return None


def window_region(mention: Mention, ctx: ArticleContext) -> str | None:
    """The first-level region the mention's own sentences name: its lead sentence's first, else its window's."""
    window = " ".join(s.text for s in mention_window(mention))
    regions = [
        p
        for p in place_options(mention, ctx)[0]
        if (
            place_kind(p, ctx) == "region"
            or re.search(re.escape(p) + r"\s+(?:region|province|state|governorate|department)\b", window)
        )
        # a region the event's own sentence names places the town wherever it lies; one named only around it lies
        # in the article's country or in one the event's sentence names ("Myanmar's Rakhine state" in a background
        # line does not place a camp the lede puts in Bangladesh)
        and (
            p in mention.lead.text
            or (found := resolve_place(p, ctx)) is None
            or country_supported(found[1], [mention.lead], ctx)
        )
    ]
    return next((p for p in regions if p in mention.lead.text), next(iter(regions), None))


@lru_cache(maxsize=4096)
def _namesakes(surface: str, country: str) -> tuple[tuple[Place, ...], Place | None]:
    """The gazetteer's towns of that name in the country, and its first-level region of that name (or None)."""
    result = geocode(surface, country=country)
    towns = tuple(p for p in ([result.place] if result.place else result.candidates) if p.feature == "city")
    return towns, geocode(None, admin1=surface, country=country).place


def _kinds(surface: str, country: str) -> frozenset[str]:
    """The kinds of place the gazetteer has of that name in the country: "town", "region", both or none."""
    towns, region = _namesakes(surface, country)
    return frozenset({"town"} if towns else set()) | frozenset({"region"} if region is not None else set())


#: A town of a region's name with under this share of the region's people is a namesake village ("Sinaloa", some
#: thousand people in a state of millions), not the town a writer means by the bare name.
_NAMESAKE_SHARE = 0.01


def _namesake_village(surface: str, country: str) -> bool:
    """Whether the gazetteer's towns of a region's name are all tiny beside the region: the name is the region's."""
    towns, region = _namesakes(surface, country)
    return bool(towns) and region is not None and max(t.population for t in towns) < _NAMESAKE_SHARE * region.population


def read_as_region(surface: str, sentence: str, country: str, ctx: ArticleContext) -> bool:
    """Whether a name that is both a town and a first-level region ("Kano", "Junín") is the region in this sentence:
    a list of places is of one kind, so it is when the sentence's other places that are only regions ("Jigawa",
    "Borno") outnumber those that are only towns ("Abuja"); a town among towns ("Huancayo, Piura y Ayacucho") stays
    a town."""
    if _kinds(surface, country) != {"town", "region"}:
        return False
    if _namesake_village(surface, country):
        return True
    regions = towns = 0
    for name in dict.fromkeys(found for *_, found in find_places(sentence)):
        if name == surface or resolve_place(name, ctx) in (None, ("country", country)):
            continue
        kinds = _kinds(name, country)
        regions += kinds == {"region"}
        towns += kinds == {"town"}
    return regions > towns


#: How far back a region named before an event sentence still frames it (about a paragraph or two).
_FRAME_CHARS = 600


def region_before(offset: int, ctx: ArticleContext) -> str | None:
    """The first-level region last named in the ``_FRAME_CHARS`` before ``offset``, in the country the article is
    about: a paragraph that opens "In western Farah province, ..." frames the attacks told after it ("In another
    attack in Bala Buluk district ..."), so a place the gazetteer lacks lies in it. A region abroad frames nothing."""
    text, home = ctx.article.text, ctx.countries[:1]
    start = max(0, offset - _FRAME_CHARS)
    found = None
    for _, end, surface in _places_in(text[start:offset]):
        after = _REGION_AFTER.match(text[start + end : start + end + 40])
        name = surface + after.group(0) if after and not after.group(1) else surface
        kind = resolve_place(name, ctx)
        if kind is None or kind[0] != "region" or kind[1] not in home:
            continue
        region = geocode(None, admin1=name, country=kind[1]).place
        if region is not None and region.admin1:
            found = name
    return found


def _only_region(ctx: ArticleContext) -> str | None:
    """The article's words for the one first-level region it names, if it names exactly one (by any name) and that
    in the country the article is about (Iran's Kurdistan named in a report on Iraq's Erbil is not the region)."""
    text, home = ctx.article.text, ctx.countries[:1]
    found: dict[tuple[str, str], str] = {}
    for _, end, surface in _places_in(text):
        after = _REGION_AFTER.match(text[end : end + 40])
        name = surface + after.group(0) if after and not after.group(1) else surface
        kind = resolve_place(name, ctx)
        if kind is None or kind[0] != "region":
            continue
        region = geocode(None, admin1=name, country=kind[1]).place
        if region is not None and region.admin1:
            found.setdefault((region.country, region.admin1), name)
    return next(iter(found.values())) if len(found) == 1 and next(iter(found))[0] in home else None


_SITE_NOUNS = (
    r"airport|market|marketplace|embassy|checkpoint|base|camp|mosque|church|school|hospital|clinic|bridge|road|highway"
    r"|compound|prison|station|university|campus|village|district|neighbourhood|neighborhood|port|square|headquarters"
    r"|barracks|office|crossing|refinery|hotel|restaurant|stadium|building|hall|township|house|avenue|street|post"
    r"|complex|plaza|parliament|courthouse|palace|factory|farm|bus park|park|depot|residence|settlement|hamlet|area|quarter|suburb|track|junction|roundabout|intersection"
)
_MORE_SITES = re.compile(
    r"\b(?:the\s+)?(?:[A-Z][\w'’.-]*\s+){1,3}(?i:post|complex|plaza|avenue|street|district|neighbourhood|hamlet|township"
    r"|camp|market|base|station|square|bridge|road|airport|university|building|hall|hotel|hospital|mosque|church|school"
    r"|prison|stadium|area)\b|\b(?:Place|Plaza|Avenida|Rue|Avenue)\s+(?:de\s+(?:la\s+|l['’])?)?[A-Z][\w'’-]+"
    r"|\bthe\s+(?:village|hamlet|neighbourhood|neighborhood|camp|area)\s+of\s+[A-Z][\w'’-]+(?:\s+(?:[A-Z]|al-|el-)[\w'’-]+)?"
)
#: A generic place after a determiner ("a busy market", "the provincial council building", "his parish house").
_GENERIC_SITE = re.compile(
    rf"\b(?:the|a|an|his|her|their|its)\s+(?:(?!(?:on|in|at|of|near|and|to|from|by|with|for|into|was|were|through|against|over|after|before|during"
    rf"|about|across|between|under|who|which|that|same)\b)[\w'’-]+\s+){{0,3}}?"
    rf"(?:{_SITE_NOUNS})\b"
)


_DIRECTION = r"(?:(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west)\s+)"
#: Places described rather than named (the codebook, section 6): "a village 20 km from Beni", "a village in North
#: Darfur", "about 30 km northeast of Jilib".
_DESCRIBED_SITE = re.compile(
    rf"\b(?:(?:a|an)\s+(?:[\w-]+\s+)?(?:village|hamlet|settlement|area|camp|market|farm|spot)\s+)?"
    rf"(?:(?:about|some|approximately|around|nearly|roughly)\s+)?\d+\s*(?:km|kilometres|kilometers|miles)\s+"
    rf"(?:\([^)]{{0,20}}\)\s+)?{_DIRECTION}?(?:of|from)\s+[A-Z][\w'’-]+(?:\s+(?:[A-Z]|al-|el-)[\w'’-]+)?"
    rf"|\b(?:a|an)\s+(?:[\w-]+\s+)?(?:village|hamlet|settlement|area|camp|market)\s+in\s+(?:rural\s+|northern\s+|southern\s+"
    rf"|eastern\s+|western\s+|central\s+)?[A-Z][\w'’-]+(?:\s+(?:[A-Z]|al-|el-)[\w'’-]+)?"
)
_DESTINATION = re.compile(
    r"(?i)(?<!adjacent )(?<!next )(?<!close )(?<!due )\b(?:to|towards|toward)\s+(?:(?:the|a|an|its|their|his|her)\s+)?"
    r"(?:[\w'’-]+\s+){0,2}$"  # "tried to get to the president's official residence": a possessive is a word too
    # where people come from ("fishermen from the village of X") is no more where it happened than where they went;
    # "from" after a verb ("taken from her house") is where the act began, so only a plural noun before it counts
    r"|\b[a-z]{2,}(?:[^s]s|men|ren|ple)\s+from\s+(?:(?:the|a|an|its|their|his|her)\s+)?$"
)
#: A description in apposition to the name before it ("in Barangay Edcor, [an upland village in Buldon]", "the X
#: reserve, a tourist spot [some 60 km from Y]"): it says what the named place is, it is no second place.
_APPOSITION_BEFORE = re.compile(r"(?:\b[A-Z][\w'’-]+|\b[a-z]{3,}),\s+(?:(?:a|an|the)\s+(?:[\w-]+\s+){1,3})?$")


#: A sentence's short opening segment before its first comma ("In Tarn, a market was hit", "Meanwhile, a market"):
#: a lead-in of place, time or linking, not a name in apposition.
_PLACE_LEAD_IN = re.compile(r"^\s*(?:(?:In|At|Near|Outside)\s+[^,;]{1,50}|[^,;]{1,40}),\s+$")


#: A list goes on after the place ("a kindergarten, [a clinic] and a school"): an item of a coordination.
_LIST_GOES_ON = re.compile(r"^\s*(?:,|and|or)\s+(?:(?:the|a|an|its|their|his|her|several|two|three)\s+)")


def _in_apposition(before: str, after: str = "") -> bool:
    """Whether a place described without a name follows a name (or a noun phrase) and its comma as an apposition; a
    date or a sentence's opening place before the comma ("On Monday, a village 20 km from Tarn was raided", "In
    Tarn, a market was hit") is a lead-in, not a name, and a place the words ``after`` it continue as a list ("a
    kindergarten, [a clinic] and a school") is an item of a coordination."""
    found = _APPOSITION_BEFORE.search(before[-60:])
    if found is None or _PLACE_LEAD_IN.match(before) or _LIST_GOES_ON.match(after):
        return False
    return not any(b > found.start() for _, b, _ in find_date_expressions(before[-60:]))


_BARE_DISTANCE = re.compile(r"(?i)^(?:(?:about|some|approximately|around|nearly|roughly)\s+)?\d")
_OUTSKIRTS = re.compile(r"\b(?:the\s+)?(?:outskirts|edge|entrance)\s+of\s+(?:the\s+)?[\w'’-]+", re.I)
#: A site named only as where a source speaks or the wounded were taken is not where the event happened.
_SOURCE_SITE_BEFORE = re.compile(
    r"(?i)\b(?:taken|rushed|admitted|treated|transferred|evacuated|brought|died|sources|officials"
    r"|doctors|staff|medics|spokes\w+|chief|head|commander|director"  # "chief of the Tarn police station said"
    # "llevado a", "évacués vers" (data)
    rf"|{merged_alternation('care_verbs')})\s+(?:(?!from\b)[\w'’-]+\s+){{0,4}}$"
)
_SOURCE_SITE_AFTER = re.compile(r"(?i)^['’]?s?\s*(?:said|says|say|told|reported|spokes\w+|statement)\b")


#: What locates a site further ("a checkpoint [on the Sariab road]", "an avenue [in the hillside neighbourhood of
#: Siloé]", "the road [between Niono and Diabaly]"): the codebook writes sites with it ("a checkpoint on the Gao road").
_SITE_COMPLEMENT = re.compile(
    rf"^(?:\s*\([^()]{{1,30}}\))?\s+(?:(?:on|in|at|near|outside|inside|along|of)\s+(?:the\s+|a\s+|an\s+)?(?:(?:[a-z][\w'’-]*|[A-Z][\w'’.-]*)\s+){{0,3}}?"
    rf"(?:{_SITE_NOUNS}|entrance|outskirts|edge|gates?|town|city)\b|(?:on|in|at|of|near)\s+(?:the\s+)?(?:[A-Z][\w'’.-]*|al-[\w'’-]+)(?:\s+(?:(?:de|del|la|el)\s+)?(?:[A-Z][\w'’.-]*|al-[\w'’-]+))*"
    rf"(?:\s+(?:{_SITE_NOUNS})\b)?|between\s+(?:[A-Z][\w'’-]+\s+){{1,2}}and\s+[A-Z][\w'’-]+)"
)


#: A village named with its description ("a raid on [Anguwan Gamu, a farming settlement]"): the name is the site.
_APPOSITIVE_SITE = re.compile(
    r"\b(?:[A-Z][\w'’-]+|al-[\w'’-]+)(?:\s+(?:[A-Z][\w'’-]+|al-[\w'’-]+)){0,2},\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:village|settlement|hamlet|neighbourhood|neighborhood|district|suburb|township|quarter|camp)\b"
)


#: The words that make a name an administrative unit or a settlement: "Bannu district", "Machava village".
_UNIT_HEAD = (
    r"(?:district|sub-?district|area|county|province|region|municipality|commune|LGA|local government area"
    r"|village|hamlet|settlement|town|city|locality|community)"
)


_SETTLEMENT_HEAD = r"(?:village|hamlet|settlement|town|city|locality|community)"


def site_is_locality(site: str, locality: str) -> bool:
    """Whether a site only names the locality as an administrative unit or a settlement ("Bannu district", "In
    Machava village in Nangade district", "the remote village of Meyarga", "Tolvaka, a farming village" for those
    localities): GUIDE 15 makes a district named without a town the locality, and a named village is the locality,
    so it is no site; a district of a town ("the Al-Zuhoor district" of Mosul) stays one (GUIDE 2)."""
    name, lead = re.escape(locality), r"(?i)^(?:(?:in|at|near)\s+)?(?:the\s+|an?\s+)?"
    return bool(
        re.match(rf"{lead}(?:[\w'’-]+['’]s\s+)?{name}\s+{_UNIT_HEAD}\b", site)
        or re.match(rf"{lead}(?:[\w-]+\s+){{0,2}}?{_SETTLEMENT_HEAD}\s+of\s+{name}\b", site)
        or re.match(rf"(?i)^{name},\s+(?:the\s+|an?\s+)(?:[\w-]+\s+){{0,2}}?{_UNIT_HEAD}\b", site)
    )


#: A site that is a named district ("the Al-Zuhoor district", "Nangade district", "Kirvan's Tolvaka district").
_DISTRICT_OF_TOWN = re.compile(
    r"(?i:district)\s+of\s+(?:the\s+)?[A-Z][\w'’-]+\b"
    r"(?!\s+(?:[A-Z][\w'’-]+\s+)?(?i:province|region|state|governorate|county|department|local|LGA))"
)
_NAMED_DISTRICT = re.compile(r"^(?:the\s+)?(?:(?:[A-Z][\w'’.-]*|al-[\w'’-]+)\s+){1,3}(?:sub-?)?(?i:district)\b")


def sites_apart_from_places(sites: list[str], places: list[str], ctx: ArticleContext) -> list[str]:
    """The sites that are no administrative area or settlement the mention is placed in: not the preferred
    locality as a village or a district, nor the district of a town or region the gazetteer knows ("Bannu
    district"); a named district only as a part of the town the mention is placed in (GUIDE 2: "the Al-Zuhoor
    district of Mosul", or any named district when the preferred locality is a listed town), otherwise it is the
    locality (GUIDE 15: "in Obey district" gives Obey). A village placed by the listed town the locality question
    prefers stays the site ("the village of Kalundja, near Uvira", as old dev labels it); without such a town, every
    village the mention names is a locality."""
    if not places:
        return [site for site in sites if not _NAMED_DISTRICT.match(site) or _DISTRICT_OF_TOWN.search(site)]
    units = [p for p in places[1:] if place_kind(p, ctx) in ("town", "region")]
    in_town = place_kind(places[0], ctx) == "town"
    # placed in no listed town, every settlement the mention names is a locality of its own ("In Makera village"
    # beside Akuzo in "Akuzo, Makera and Usu villages"), never a site
    localities = places[:1] if in_town else places
    return [
        site
        for site in sites
        if not any(site_is_locality(site, place) for place in localities)
        and not any(
            re.match(rf"(?i)^(?:the\s+)?(?:[\w'’-]+['’]s\s+)?{re.escape(u)}\s+{_UNIT_HEAD}\b", site) for u in units
        )
        and (in_town or _DISTRICT_OF_TOWN.search(site) or not _NAMED_DISTRICT.match(site))
    ]


def with_complement(text: str, end: int) -> int:
    """The end of a site span at ``end`` taken with at most three complements that place it (a site noun or a
    name after "on"/"in"/"of", or "between X and Y"); a town named after "in" still extends it, which costs
    nothing: the site's words only need to contain the label's."""
    for _ in range(3):
        m = _SITE_COMPLEMENT.match(text[end : end + 80])
        if not m or find_date_expressions(m.group(0)):
            break
        end += m.end()
    return end


def site_options(
    mention: Mention, not_sites: re.Pattern[str] | None = None, pointers: re.Pattern[str] | None = None
) -> list[str]:
    """Places below the town, those of the event sentence first: a described place ("a village 20 km from
    Beni"), a named one ("Sarband police post", "Plaza de Bolívar"), a generic one ("a market"), the town's
    outskirts; then the headline's and the follow-up sentences' places. Where a source speaks or the wounded
    were taken ("medics at X hospital said", "taken to hospital") is no site, nor a place whose own words
    ``not_sites`` matches (questions.json: an administrative area is the locality's business, GUIDE 6), nor a
    whole span ``pointers`` matches ("the area"); a described place is kept as the codebook writes it."""

    def finder(pattern: re.Pattern[str], extend: bool = True):
        def find(text: str) -> list[tuple[int, int, str]]:
            found = []
            for m in pattern.finditer(text):
                if not_sites is not None and pattern is not _DESCRIBED_SITE and not_sites.search(m.group(0).strip()):
                    continue
                end = with_complement(text, m.end()) if extend else m.end()
                if pointers is not None and pointers.search(text[m.start() : end].strip()):
                    continue
                if _REGION_AFTER.match(text[end : end + 40]) and re.search(r"(?i)\bdistrict\s+of\s+\S+$", text[:end]):
                    continue  # "Obey district of Herat province": a district of a province, the locality (GUIDE 15)
                if pattern not in (_MORE_SITES, _APPOSITIVE_SITE) and _in_apposition(
                    text[: m.start()], text[end : end + 20]
                ):
                    continue  # "Barangay Edcor, an upland village in Buldon": what the named place is
                if not _SOURCE_SITE_BEFORE.search(
                    text[max(0, m.start() - 40) : m.start()]
                ) and not _SOURCE_SITE_AFTER.match(text[end : end + 20]):
                    found.append((m.start(), end, text[m.start() : end]))
            return found

        return find

    def named_sites(sentences: list[Sentence]) -> list[str]:
        named = [surface for *_, surface in spans_in(sentences, finder(_MORE_SITES))]
        named += [surface for *_, surface in spans_in(sentences, finder(_APPOSITIVE_SITE, extend=False))]
        return [n for n in named if not re.match(r"(?i)(?:the\s+)?(?:In|On|At|Near|When|Late|Early)\b", n)]

    def sites(sentences: list[Sentence]) -> list[str]:
        described = [surface for *_, surface in spans_in(sentences, finder(_DESCRIBED_SITE, extend=False))]
        named = named_sites(sentences)
        # where people were going ("carrying traders to the weekly market") is not where the event happened
        bound = {
            surface
            for pattern in (_MORE_SITES, _GENERIC_SITE, SITE_PHRASE)
            for s, a, _, surface in spans_in(sentences, finder(pattern))
            if _DESTINATION.search(s.text[max(0, a - s.start - 40) : a - s.start])
        }
        generic = [surface for *_, surface in spans_in(sentences, finder(_GENERIC_SITE))]
        generic += [
            surface
            for *_, surface in spans_in(sentences, finder(SITE_PHRASE))
            if not re.search(r"(?i)\bmine$", surface)
        ]
        outskirts = [surface for *_, surface in spans_in(sentences, finder(_OUTSKIRTS))]
        # "a checkpoint on the Kasese road" holds the named "the Kasese road": the whole place goes first
        named = [next((g for g in generic if n in g and len(g) > len(n)), n) for n in named]
        # a bare distance ("about 20 km west of Niono") only places the event when the sentence names no place
        bare = [d for d in described if _BARE_DISTANCE.match(d)]
        described = [d for d in described if d not in bare]
        places = described + named + generic + outskirts
        return [p for p in places if p not in bound] + bare + [p for p in places if p in bound]

    headline = [mention.headline] if mention.headline else []
    lead = sites([mention.lead])
    if lead and re.match(r"(?i)an?\s", lead[0]) and not named_sites([mention.lead]):
        # "shells hit a residential neighbourhood ... The shells struck houses in the Al-Jahmaliya area": the place
        # the event sentence only describes is named later; the name is the more specific site
        lead = named_sites(mention.sentences[1:])[:1] + lead
    return dedupe(lead + sites(headline) + sites(mention.sentences[1:]))

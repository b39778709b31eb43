"""Actor mentions -> ACLED-style actor names and types (ACLED's inter codes 1-8).

A mention is first checked as a noun phrase (a fragment such as "a convoy of" or "BAGHDAD Nearly 120 people" is
no actor) and cut before a clause ("M23 since the rebels ..." -> "M23"). Then, first that applies wins:
1. a named group of actors.csv or acled_actor_aliases.csv: the whole phrase ("suspected ... militants" allowed),
   an ACLED name ("JAS (Boko Haram)"), "Name (ACRONYM)", or one group inside words that describe its members
   ("al-Shabaab suicide bomber"); its ACLED name and type from acled_actors.csv. A country name or demonym
   alone ("Iraq") is that state's military;
2. a generic word of acled_generic_actors.csv ("soldiers", "gunmen", "villageois", "manifestantes"), the head
   noun of the first conjunct before any preposition: the country-specific generic form of its kind, for the
   country a demonym in the phrase names ("Nigerian troops") or else the incident's ("Unidentified Armed Group
   (Mexico)", "Civilians (Syria)"); "fighters of the SPLA-IO" is the group named after "of";
3. a base, post, convoy or vehicle: whoever holds it ("African Union base"), else the state's military;
4. anything else is kept as written when it is a proper name ("Mai-Mai Raia Mutomboki"), typed as a political
   militia (3, ACLED's most common type of a named non-state group); a lower-case description ("the
   airport"), a place ("Zobe junction") or a capitalised plural noun ("Supporters") is no actor (None).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from dataclasses import dataclass

from ..normalize.aliases import (
    AliasTable,
    actor_aliases,
    normalize_actor,
    packaged_alias_table,
)
from ..normalize.places import country_code
from ..resources import data_lines
from .tables import acled_country, named_actors, regime_period

__all__ = ["INTER_NAMES", "Actor", "is_noun_phrase", "resolve_actor", "state_forces"]

#: ACLED's actor types by inter code (ACLED Codebook 2024; acledR's acled_interaction_codes).
INTER_NAMES: dict[int, str] = {
    1: "State forces",
    2: "Rebel groups",
    3: "Political militias",
    4: "Identity militias",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}
_GENERIC_INTER = {
    "military": 1,
    "police": 1,
    "unidentified": 3,
    "gang": 3,
    "communal": 4,
    "rioters": 5,
    "protesters": 6,
    "civilians": 7,
}
_GENERIC_FORM = {
    "unidentified": "Unidentified Armed Group ({c})",
    "gang": "Unidentified Gang ({c})",
    "communal": "Unidentified Communal Militia ({c})",
    "rioters": "Rioters ({c})",
    "protesters": "Protesters ({c})",
    "civilians": "Civilians ({c})",
}


@dataclass(frozen=True)
class Actor:
    """One actor mention resolved: ``written`` is the phrase as the record has it."""

    name: str
    inter: int
    kind: str  # named, military, police, unidentified, gang, communal, rioters, protesters, civilians, as_written
    written: str
    associate: str | None = None  # the affiliation ACLED writes in assoc_actor ("Students (Kenya)")
    state: str | None = None  # state forces: the ISO alpha-2 code of the state they serve

    @property
    def type(self) -> str:
        return INTER_NAMES[self.inter]


#: Countries whose names ACLED writes with "the" after "Forces of".
_WITH_THE = (
    "Democratic Republic of Congo",
    "Republic of Congo",
    "Central African Republic",
    "Philippines",
    "United States",
    "United Kingdom",
    "United Arab Emirates",
    "Netherlands",
)


def state_forces(kind: str, country: str | None, date: dt.date | None = None) -> str | None:
    """ "Military Forces of Nigeria (2023-)" / "Police Forces of Iraq"; None without a country."""
    name = acled_country(country)[0]
    if name is None:
        return None
    name = f"the {name}" if name in _WITH_THE else name
    period = regime_period(country or "", date)
    label = "Military Forces" if kind == "military" else "Police Forces"
    return f"{label} of {name}" + (f" ({period})" if period else "")


def _forces(kind: str, state: str | None, date: dt.date | None, written: str) -> Actor | None:
    """A state's military or police forces as an Actor (inter 1; see :func:`resolve_actor` for forces abroad)."""
    name = state_forces(kind, state, date)
    return Actor(name, 1, kind, written, state=state) if name else None


_EDGE = " \t\n\"'“”‘’.,;:()[]-–—"
_LEADING = re.compile(
    r"^(?:(?:the|a|an|some|several|many|dozens|hundreds|scores|more|than|at|least|nearly|about|around|over|up|to"
    r"|(?:les|des|los|las|unos|unas|el|un|une)(?=\s+(?-i:[a-zà-ÿ]))|[0-9][0-9,.]*|one|two|three|four|five|six"
    r"|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred)\s+)+",
    re.IGNORECASE,
)
_ELISION = re.compile(r"^[ldLD]['’](?=\w)")  # French "l'État islamique", "d'hommes armés"
#: Words that cannot start a noun phrase (prepositions, conjunctions, verbs): the phrase was cut mid-sentence.
_NOT_FIRST = frozenset(
    (
        "of",
        "by",
        "with",
        "from",
        "and",
        "or",
        "but",
        "in",
        "on",
        "at",
        "to",
        "for",
        "into",
        "onto",
        "over",
        "under",
        "near",
        "as",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "had",
        "has",
        "have",
        "said",
        "says",
        "after",
        "before",
        "when",
        "while",
        "than",
        "du",
        "et",
        "en",
        "por",
        "con",
        "y",
        "del",
    )
)
#: ... nor end one (those, and determiners: "a convoy of", "attacked the").
_NOT_LAST = _NOT_FIRST | frozenset(
    (
        "the",
        "a",
        "an",
        "their",
        "its",
        "his",
        "her",
        "de",
        "des",
        "la",
        "le",
        "les",
        "los",
        "las",
        "el",
        "un",
        "une",
    )
)
_DATELINE = re.compile(r"^[A-Z]{3,}(?:[ ,]+[A-Z]{2,})*\s*[,:—–-]?\s+[A-Z][a-z]")
_ARMED = re.compile(r"\barmed\b", re.IGNORECASE)


def is_noun_phrase(phrase: str | None) -> bool:
    """Whether ``phrase`` can be an actor's name: it starts and ends a noun phrase, is no dateline run-on
    ("BAGHDAD Nearly 120 people"), holds no sentence break and is at most twelve words."""
    text = _strip(phrase or "")
    words = text.split()
    if not words or len(words) > 12 or not any(ch.isalpha() for ch in text):
        return False
    if ";" in text or re.search(r"[a-z]{2}[.!?]\s+[A-Z]", text):  # two sentences, not an abbreviation ("U.S.")
        return False
    if _groups().whole(text):  # a group's whole name or acronym ("IS") is a noun phrase whatever its words
        return True
    # "BAGHDAD Nearly ..." is a dateline run-on; "FARC Dissidents" and "AQAP: Al Qaeda ..." are names
    if _DATELINE.match(text) and not _groups().whole(words[0].rstrip(":,")):
        return False
    return words[0].casefold() not in _NOT_FIRST and words[-1].casefold() not in _NOT_LAST


def _strip(text: str) -> str:
    """Edges trimmed of quotes and punctuation; a closing bracket stays when it closes one ("JAS (Boko Haram)")."""
    stripped = text.strip(_EDGE)
    if stripped.count("(") > stripped.count(")") and text.rstrip().endswith(")"):
        stripped += ")"
    return stripped


#: Double quotation marks inside a mention (a word the report quotes: 'Israeli air "aggression"'): punctuation, not
#: part of any name, and left alone they make a name as written end in a dangling quote.
_QUOTES = re.compile(r'["“”«»„]')


def _tidy(phrase: str) -> str:
    return _strip(_ELISION.sub("", _LEADING.sub("", _strip(_QUOTES.sub("", phrase)))))


def _named(canonical: str, written: str, country: str | None, date: dt.date | None) -> Actor | None:
    row = named_actors().get(canonical)
    if row is None:  # an actors.csv group not yet typed in acled_actors.csv: its name, as a political militia
        return Actor(canonical, 3, "named", written)
    if row.kind == "military":
        return _forces("military", row.country, date, written)
    if "{c}" in row.acled_name:  # "Islamic State ({c})": ACLED names the national branch by its country
        place = acled_country(_phrase_country(written) or country)[0]  # "Islamic State (Iraq)" names its own
        return Actor(row.acled_name.format(c=place) if place else row.canonical, row.inter, "named", written)
    return Actor(row.acled_name, row.inter, "named", written)


@functools.cache
def _acled_names() -> dict[str, str]:
    """folded ACLED name -> canonical, so an ACLED name ("JAS (Boko Haram)") resolves like its aliases."""
    return {
        row.acled_name.casefold(): row.canonical
        for row in named_actors().values()
        if row.acled_name and "{c}" not in row.acled_name
    }


@functools.cache
def _groups() -> AliasTable:
    """actors.csv, then the ACLED-only aliases of acled_actor_aliases.csv."""
    return AliasTable(actor_aliases().entries + packaged_alias_table("acled_actor_aliases.csv").entries)


@functools.cache
def _canonicals() -> frozenset[str]:
    return frozenset(canonical for _, canonical in _groups().entries)


@functools.cache
def _short_country_names() -> frozenset[str]:
    """Capitalised country abbreviations of three letters or fewer that news write ("US", "UK", "UAE", "DRC"), from
    the curated extractor/data/countries_aliases.tsv: the only short words read as countries, since ISO codes
    ("IS", "IN") are words in text."""
    aliases = (line.split("\t")[1].strip() for line in data_lines("countries_aliases.tsv") if "\t" in line)
    return frozenset(a for a in aliases if len(a) <= 3 and a.isupper() and a.isalpha())


def _phrase_country(phrase: str) -> str | None:
    """The country a demonym or country name inside the phrase names ("Nigerian troops" -> NG, "Military Forces of
    the Democratic Republic of Congo" -> CD, "US drone strikes" -> US): the longest run of words from a capitalised
    word to a capitalised word."""
    words = [re.sub(r"['’]s$", "", w.strip("()[],;:\"'“”")) for w in phrase.split()]  # "Ukraine's", "(Syria)"
    for size in range(min(5, len(words)), 0, -1):
        for i in range(len(words) - size + 1):
            run = words[i : i + size]
            if not (run[0][:1].isupper() and run[-1][:1].isupper()):
                continue
            chunk = " ".join(run)
            short = chunk in _short_country_names()  # "US", "UK": abbreviations the alias table lists
            if (len(chunk) >= 4 or short) and (code := country_code(chunk)):  # else no two- or three-letter codes
                return code
    return None


#: Where a mention runs on into a clause ("M23 since the rebels took up arms"), the actor is what comes before.
_CLAUSE = re.compile(
    r"\s+(?:(?:since|who|whom|which|that|after|before|when|while|because|as|during|following|"
    r"qui|que|quien|quienes|lorsque)\s.*|(?-i:active|allied|loyal|linked|affiliated|operating|based|"
    r"known|called|named)\b.*)$",
    re.IGNORECASE,
)  # lower case: "Allied Democratic Forces" is a name
#: A participle with its object after the head noun ("a convoy escorting the governor", "un convoy escoltando a
#: los..."): where the whole phrase names no actor, its head may; English -ing and Spanish/Portuguese gerunds, told
#: from nouns ("a wedding party", "un comando armado") by the determiner that opens their object.
_PARTICIPLE = re.compile(
    r"(?<=\w)\s+(?-i:[a-z]{3,}(?:ing|ando|endo|indo))\s+(?:the|a|an|his|her|their|its|el|la|los|las|un|una|al|"
    r"o|os|as|um|uma|ao|aos)\s.*$",
    re.IGNORECASE,
)
#: Facilities named after whoever holds them: "Syrian air base" is the Syrian military's, "African Union base" the
#: AU mission's; an unnamed holder is the state's military.
_HELD = re.compile(
    r"\s*\b(?:air\s*base|military\s*base|naval\s*base|base|barracks|outpost|military\s*post|"
    r"command\s*post|check\s*post|post|checkpoint|position|convoy|patrol|camp|vehicle)s?$",
    re.IGNORECASE,
)
#: Words that say nobody was the actor or the target.
_NOBODY = re.compile(r"^(?:no\s*one|nobody|none|no\s+group|no\s+one\s+else)$", re.IGNORECASE)
#: Head nouns of places and things, which are never actors ("Zobe junction", "Universidad de Chile metro station").
_PLACE_HEAD = re.compile(
    r"\b(?:junction|road|street|avenue|highway|bridge|station|airport|port|terminal|square|building|tower|office|"
    r"offices|ministry|headquarters|compound|field|farm|farmland|village|town|city|district|province|state|region|"
    r"area|neighbou?rhood|quarter|suburb|border|crossing|route|park|stadium|university|universidad|plant|factory|"
    r"mine|pipeline|oil\s*field|warehouse|residence|palace|embassy|consulate|parliament)s?$",
    re.IGNORECASE,
)
#: A single capitalised word shaped like a plural agent noun ("Supporters", "Fighters") or a people's plural
#: ("Papuans", "Meiteis") describes, it does not name.
_DESCRIPTIVE_WORD = re.compile(r"^[A-Z][a-z]+(?:ers|ors|ists|ants|ents|ans|ees|men|eis)$")


_MEMBERS_OF = re.compile(r"\sof\s+(?:the\s+)?(?P<group>[A-Z][^,()]*(?:\([^()]*\))?)$")
#: Where the head noun's phrase ends: a preposition, or the first conjunct ("soldiers and civilians" -> soldiers).
_PREPOSITION = re.compile(r"\s(?:of|for|from|in|at|on|near|with|and|or|de|del|des|du|et|y)\s|,\s", re.IGNORECASE)
_MEN = frozenset(("men", "man", "hommes", "hombres", "homens"))
_COLLECTIVE = frozenset(("gathering", "crowd", "group"))
_MILITIA_NAME = re.compile(r"^[A-Z][\w'’ -]* (?:Ethnic|Communal|Clan) Militia \([^()]+\)$")


def _generic_actor(text: str, written: str, country: str | None, date: dt.date | None) -> Actor | None:
    found = packaged_alias_table("acled_generic_actors.csv").find(text)
    if not found:
        return None
    # The head noun: the last generic word before a preposition ("anti-government protesters" are protesters,
    # "soldiers of the Malian army" soldiers); the first one after it when none comes before ("a camp for the
    # displaced").
    cut = m.start() if (m := _PREPOSITION.search(text)) else len(text)
    before = [f for f in found if f[1] <= cut]
    head = before[-1] if before else found[0]
    if before and (head[2].casefold().rstrip("s") in _COLLECTIVE or head[3] == "members") and len(found) > len(before):
        head = found[len(before)]  # "a gathering of fighters" are fighters, "members of a vigilance group" a militia
    kind, _, label = head[3].partition(":")
    if not label:  # "Christian worshippers": the head says civilians, a modifier says which
        label = next((f[3].partition(":")[2] for f in found if f[3].startswith(f"{kind}:")), "")
    place = _phrase_country(text) or country
    if kind == "civilians" and _ARMED.search(text):  # "armed herders", "armed youths": a communal militia
        kind, label = "communal", ""
    if kind in ("unidentified", "gang", "members", "military") and (m := _MEMBERS_OF.search(text)):  # "fighters of"
        group = resolve_actor(m["group"], country, date)
        if kind != "military" or group is not None and group.kind == "named":  # "a patrol of the Southern Forces"
            return group
    if kind == "members":  # "another member of the same association": nobody in particular
        return None
    if kind in ("unidentified", "communal") and (ethnic := _ethnic_militia(text, written, country)) is not None:
        return ethnic  # "Murle attackers", "armed Fulani herders", "Lendu militiamen"
    if kind == "means":  # "Israeli air strikes", "regime tanks": the forces of the state that used them
        named_state = _phrase_country(text)
        force = next((f[3] for f in found if f[3] in ("military", "police")), None)
        if named_state is None and force is None:
            return None  # "shelling" alone does not say whose
        return _forces(force or "military", named_state or country, date, written)
    if kind == "civilians" and (force := next((f[3] for f in before[:-1] if f[3] in ("military", "police")), None)):
        return _forces(force, place, date, written)  # "a police patrol car", "an army truck": the force's
    if kind in ("military", "police"):
        return _forces(kind, place, date, written)
    country_name = acled_country(place)[0]
    if country_name is None:
        return None
    if kind == "communal" and label:
        return Actor(f"{label} ({country_name})", 4, kind, written)
    associate = f"{label} ({country_name})" if label else None
    if kind == "civilians" and country and (where := acled_country(country)[0]):
        # civilians are coded by the country the event happened in ("French aid workers" killed in Niger are
        # "Civilians (Niger)", GUIDE 14); their nationality stays with the associated actor ("Aid Workers (France)")
        country_name = where
    return Actor(_GENERIC_FORM[kind].format(c=country_name), _GENERIC_INTER[kind], kind, written, associate)


#: Words for a side with a political aim (rebels, insurgents, separatists, jihadists; English, French, Spanish,
#: Portuguese stems): such a side is a rebel group or militia, not an identity militia, whoever its members are.
_POLITICAL = re.compile(r"\b(?:rebel|insurg|s[ée]paratist|separatist|d?jihad|yihad|islamist)", re.IGNORECASE)


def _ethnic_militia(text: str, written: str, country: str | None) -> Actor | None:
    """The identity militia ACLED names after the one ethnic group a phrase names (extractor/data/
    acled_ethnic_militias.csv): "<Group> Ethnic Militia (<country of the event>)", inter 4; None otherwise."""
    labels = {canonical for *_, canonical in packaged_alias_table("acled_ethnic_militias.csv").find(text)}
    where = acled_country(country)[0]
    if len(labels) != 1 or where is None or _POLITICAL.search(text):
        return None  # "Tuareg rebels" fight for a political aim: a rebel group, not an identity militia
    return Actor(f"{labels.pop()} ({where})", 4, "communal", written)


_ACRONYM_FIRST = re.compile(r"^(?P<short>[^\s:]{2,12}):\s+(?P<name>\S.*)$")
_BRACKETED = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<short>[^()]+)\)?$")


def _canonical(text: str) -> str | None:
    """The canonical group a whole phrase names: an ACLED name, an alias (with descriptors), or "Name (ACRONYM)"."""
    canonical = _acled_names().get(text.casefold())
    if canonical is None:
        candidate = normalize_actor(text, _groups())
        canonical = candidate if candidate in _canonicals() else None
    if canonical is None and (m := _ACRONYM_FIRST.match(text)):  # ACLED's "AQAP: Al Qaeda in the Arabian ..."
        canonical = next((c for part in (m["short"], m["name"]) if (c := _canonical(part)) is not None), None)
    if canonical is None and (m := _BRACKETED.match(text)):  # "Jama'at Nusrat al-Islam wal-Muslimin (JNIM"
        canonical = next(
            (c for part in (m["short"], m["name"]) if (c := normalize_actor(part, _groups())) in _canonicals()), None
        )
    return canonical


def _named_inside(text: str) -> str | None:
    """The one named group inside a longer phrase whose other words only describe its members ("fighters of the
    SPLA-IO", "al-Shabaab suicide bomber"): no state, civilian or crowd word stands outside the group's name."""
    named = {(start, end, canonical) for start, end, _, canonical in _groups().find(text)}
    if len({c for *_, c in named}) != 1:
        return None
    spans = [(start, end) for start, end, _ in named]
    for start, end, surface, kind in packaged_alias_table("acled_generic_actors.csv").find(text):
        inside = any(s <= start and end <= e for s, e in spans)
        # the name modifying a one-word soldier noun right after it ("RSF troops", "KDF soldiers"): its fighters;
        # a compound ("Taliban security forces", "armed forces") names a state's institution
        members = (
            kind == "military"
            and " " not in surface.strip()
            and any(not text[e:start].strip(" -") for _, e in spans if e <= start)
        )
        if inside or members or surface.casefold() in _MEN:
            continue
        if kind.partition(":")[0] in ("military", "police", "civilians", "protesters", "rioters"):
            return None
    return next(iter(named))[2]


def _named_or_state(text: str, written: str, country: str | None, date: dt.date | None) -> Actor | None:
    """A named group of the tables, or a state named by its country name or demonym alone ("Iraq", "Syrian")."""
    canonical = _canonical(text) or _named_inside(text)
    if canonical is not None:
        return _named(canonical, written, country, date)
    if len(text) >= 4 and not text.isupper() and (state := country_code(text)):
        return _forces("military", state, date, written)
    return None


def resolve_actor(phrase: str | None, country: str | None = None, date: dt.date | None = None) -> Actor | None:
    """The ACLED actor a mention names, or None when it names none (see the module docstring).

    A state's forces acting outside their own country (``country``, the incident's) are typed External/Other
    forces (inter 8), as ACLED's codebook (2024, "'Inter' code 8") types foreign state forces.
    """
    actor = _resolve(phrase, country, date)
    if actor is not None and actor.state and country and actor.state != country:
        return dataclasses.replace(actor, inter=8)
    return actor


def _resolve(phrase: str | None, country: str | None, date: dt.date | None) -> Actor | None:
    actor = _resolve_phrase(phrase, country, date)
    if actor is None and phrase and (head := _PARTICIPLE.sub("", phrase.strip())) != phrase.strip():
        # the whole phrase names nobody ("a convoy escorting the governor"): its head before the participle may
        actor = _resolve_phrase(head, country, date)
        actor = dataclasses.replace(actor, written=phrase.strip()) if actor is not None else None
    return actor


def _resolve_phrase(phrase: str | None, country: str | None, date: dt.date | None) -> Actor | None:
    if phrase is None or not is_noun_phrase(phrase):
        return None
    written = phrase.strip()
    text = _tidy(_CLAUSE.sub("", written))
    if not text or _NOBODY.match(text):
        return None
    if _MILITIA_NAME.match(text):  # ACLED's name of an identity militia, as ACLED writes it
        return Actor(text, 4, "communal", written)
    actor = _named_or_state(text, written, country, date)
    if actor is not None:
        return actor
    if packaged_alias_table("acled_generic_actors.csv").find(text):  # a generic word: never a name as written
        return _generic_actor(text, written, country, date)
    if _HELD.search(text):  # a base, post or convoy: its holder, else the state's military
        holder = _tidy(_HELD.sub("", text))
        actor = _named_or_state(holder, written, country, date) if holder else None
        if actor is None:
            actor = _forces("military", _phrase_country(holder) or country, date, written)
        return actor
    if not text[0].isupper() or _PLACE_HEAD.search(text) or _DESCRIPTIVE_WORD.match(text):
        return None  # a description ("the airport"), a place ("Zobe junction"), a plural noun ("Supporters")
    if any(w[:1].islower() for w in text.split()) and (ethnic := _ethnic_militia(text, written, country)):
        return ethnic  # an ethnic group's name before a common noun ("Pokot raiders", "Dinka youths")
    return Actor(text, 3, "as_written", written)

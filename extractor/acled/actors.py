"""Actor mentions -> ACLED-style actor names and types (ACLED's inter codes 1-8).

The order of resolution, first that applies wins:
1. a named group of actors.csv (whole phrase, descriptors such as "suspected ... militants" allowed):
   its ACLED name and type from acled_actors.csv ("ISWAP fighters" -> ISWAP, 2; "Israeli army" -> Military
   Forces of Israel, 1); an ACLED name itself ("JAS (Boko Haram)") resolves to its row too;
2. a generic word of acled_generic_actors.csv ("soldiers", "gunmen", "villageois", "manifestantes"): the
   country-specific generic form of its kind, for the country a demonym in the phrase names ("Nigerian troops")
   or else the incident's country ("Unidentified Armed Group (Mexico)", "Civilians (Syria)");
3. anything else is kept as written when it is a proper name that starts a noun phrase ("Mai-Mai Raia
   Mutomboki"), typed as a political militia (3, ACLED's most common type of a named non-state group);
   a lower-case description ("the airport") or a fragment ("a convoy of", "BAGHDAD Nearly 120 people") is
   no actor (None).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..normalize.aliases import actor_aliases, normalize_actor, packaged_alias_table
from ..normalize.places import country_code
from .tables import acled_country, named_actors, regime_period

__all__ = ["INTER_NAMES", "Actor", "is_noun_phrase", "resolve_actor", "state_forces"]

#: ACLED's actor types by inter code (ACLED Codebook 2024; acledR's acled_interaction_codes).
INTER_NAMES: dict[int, str] = {
    1: "State forces", 2: "Rebel groups", 3: "Political militias", 4: "Identity militias",
    5: "Rioters", 6: "Protesters", 7: "Civilians", 8: "External/Other forces",
}
_GENERIC_INTER = {"military": 1, "police": 1, "unidentified": 3, "communal": 4, "rioters": 5, "protesters": 6,
                  "civilians": 7}
_GENERIC_FORM = {"unidentified": "Unidentified Armed Group ({c})", "communal": "Unidentified Communal Militia ({c})",
                 "rioters": "Rioters ({c})", "protesters": "Protesters ({c})", "civilians": "Civilians ({c})"}


@dataclass(frozen=True)
class Actor:
    """One actor mention resolved: ``written`` is the phrase as the record has it."""

    name: str
    inter: int
    kind: str  # named, military, police, unidentified, communal, rioters, protesters, civilians, as_written
    written: str
    associate: str | None = None  # the affiliation ACLED writes in assoc_actor ("Students (Kenya)")

    @property
    def type(self) -> str:
        return INTER_NAMES[self.inter]


def state_forces(kind: str, country: str | None, date: dt.date | None = None) -> str | None:
    """"Military Forces of Nigeria (2023-)" / "Police Forces of Iraq"; None without a country."""
    name = acled_country(country)[0]
    if name is None:
        return None
    period = regime_period(country or "", date)
    label = "Military Forces" if kind == "military" else "Police Forces"
    return f"{label} of {name}" + (f" ({period})" if period else "")


_EDGE = " \t\n\"'“”‘’.,;:()[]-–—"
_LEADING = re.compile(
    r"^(?:(?:the|a|an|some|several|many|dozens|hundreds|scores|more|than|at|least|nearly|about|around|over|up|to"
    r"|les|des|los|las|unos|unas|el|un|une|[0-9][0-9,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|twenty|thirty|forty|fifty|hundred)\s+)+",
    re.IGNORECASE,
)
_ELISION = re.compile(r"^[ldLD]['’](?=\w)")  # French "l'État islamique", "d'hommes armés"
#: Words that cannot start a noun phrase (prepositions, conjunctions, verbs): the phrase was cut mid-sentence.
_NOT_FIRST = frozenset(
    "of by with from and or but in on at to for into onto over under near as that which who whom whose was were is "
    "are be been had has have said says after before when while than du et en por con y del".split()
)
#: ... nor end one (those, and determiners: "a convoy of", "attacked the").
_NOT_LAST = _NOT_FIRST | frozenset("the a an their its his her de des la le les los las el un une".split())
_DATELINE = re.compile(r"^[A-Z]{3,}(?:[ ,]+[A-Z]{2,})*\s*[,:—–-]?\s+[A-Z][a-z]")
_ARMED = re.compile(r"\barmed\b", re.IGNORECASE)


def is_noun_phrase(phrase: str | None) -> bool:
    """Whether ``phrase`` can be an actor's name: it starts and ends a noun phrase, is no dateline run-on
    ("BAGHDAD Nearly 120 people"), holds no sentence punctuation and is at most eight words."""
    text = _strip(phrase or "")
    words = text.split()
    if not words or len(words) > 8 or not any(ch.isalpha() for ch in text):
        return False
    if re.search(r"[.;!?]\s", text):
        return False
    if _DATELINE.match(text) and not actor_aliases().whole(words[0]):  # "BAGHDAD Nearly ...", not "FARC Dissidents"
        return False
    return words[0].casefold() not in _NOT_FIRST and words[-1].casefold() not in _NOT_LAST


def _strip(text: str) -> str:
    """Edges trimmed of quotes and punctuation; a closing bracket stays when it closes one ("JAS (Boko Haram)")."""
    stripped = text.strip(_EDGE)
    if stripped.count("(") > stripped.count(")") and text.rstrip().endswith(")"):
        stripped += ")"
    return stripped


def _tidy(phrase: str) -> str:
    return _strip(_ELISION.sub("", _LEADING.sub("", _strip(phrase))))


def _named(canonical: str, written: str, country: str | None, date: dt.date | None) -> Actor | None:
    row = named_actors().get(canonical)
    if row is None:  # an actors.csv group not yet typed in acled_actors.csv: its name, as a political militia
        return Actor(canonical, 3, "named", written)
    if row.kind == "military":
        name = state_forces("military", row.country, date)
        return Actor(name, 1, "military", written) if name else None
    return Actor(row.acled_name, row.inter, "named", written)


def _acled_names() -> dict[str, str]:
    """folded ACLED name -> canonical, so an ACLED name ("JAS (Boko Haram)") resolves like its aliases."""
    return {row.acled_name.casefold(): row.canonical for row in named_actors().values() if row.acled_name}


def _canonicals() -> frozenset[str]:
    return frozenset(canonical for _, canonical in actor_aliases().entries)


def _phrase_country(phrase: str) -> str | None:
    """The country a demonym or country name inside the phrase names ("Nigerian troops" -> NG)."""
    words = re.findall(r"[A-Z][\w'’-]+", phrase)
    for size in (2, 1):
        for i in range(len(words) - size + 1):
            chunk = " ".join(words[i:i + size])
            if len(chunk) >= 4 and not chunk.isupper() and (code := country_code(chunk)):
                return code
    return None


def resolve_actor(phrase: str | None, country: str | None = None, date: dt.date | None = None) -> Actor | None:
    """The ACLED actor a mention names, or None when it names none (see the module docstring)."""
    if phrase is None or not is_noun_phrase(phrase):
        return None
    written = phrase.strip()
    text = _tidy(written)
    if not text:
        return None
    canonical = _acled_names().get(text.casefold())
    if canonical is None:
        candidate = normalize_actor(text)
        canonical = candidate if candidate in _canonicals() else None
    if canonical is not None:
        return _named(canonical, written, country, date)
    found = packaged_alias_table("acled_generic_actors.csv").find(text)
    if found:
        kind, _, label = found[0][3].partition(":")
        place = _phrase_country(text) or country
        if kind == "civilians" and _ARMED.search(text):  # "armed herders", "armed youths": a communal militia
            kind, label = "communal", ""
        if kind in ("military", "police"):
            name = state_forces(kind, place, date)
            return Actor(name, 1, kind, written) if name else None
        country_name = acled_country(place)[0]
        if country_name is None:
            return None
        if kind == "communal" and label:
            return Actor(f"{label} ({country_name})", 4, kind, written)
        associate = f"{label} ({country_name})" if label else None
        return Actor(_GENERIC_FORM[kind].format(c=country_name), _GENERIC_INTER[kind], kind, written, associate)
    if not text[0].isupper():  # a description ("the airport", "a convoy"), not a name
        return None
    return Actor(text, 3, "as_written", written)

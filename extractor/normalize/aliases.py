"""Alias tables: the words an article uses for a weapon or an armed group -> one canonical value.

A table is a CSV with the header ``alias,canonical`` (``#`` lines are comments). Matching is
case-insensitive on word boundaries, the longest alias first, so "suicide car bomb" beats "car bomb"
and "gunmen" beats "gun". Spaces and hyphens inside an alias match any run of spaces or hyphens, or
none ("air strike" = "air-strike" = "airstrike"), and a trailing plural "s"/"es" is allowed. One
exception to case-insensitivity: an all-capital alias of one or two letters ("IS") matches only in
capitals, or it would match the verb "is".

The packaged tables live in ``extractor/data`` and are read with importlib.resources so they work from
an installed wheel; user files given to :func:`weapon_aliases`/:func:`actor_aliases` are read after
them, so a user row overrides a packaged one for the same alias.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from ..schemas.vocab import WEAPONS

__all__ = [
    "WEAPON_PRECEDENCE",
    "AliasTable",
    "actor_aliases",
    "load_alias_table",
    "normalize_actor",
    "normalize_weapon",
    "packaged_alias_table",
    "weapon_aliases",
]

_SEP = r"[\s\-‐–]*"

#: When several weapons are named, the first of these wins. Delivery platforms come before munitions
#: ("a drone-launched missile" -> drone, "warplanes dropped bombs" -> aircraft: ACLED codes the strike by
#: its platform); specific explosives before generic ones; explosives before guns before blades, since
#: the heavier weapon usually defines the event ("gunmen threw a grenade" -> grenade).
WEAPON_PRECEDENCE: tuple[str, ...] = (
    "vehicle bomb",
    "suicide vest",
    "drone",
    "aircraft",
    "missile",
    "rocket",
    "mortar",
    "artillery",
    "ied",
    "grenade",
    "firearm",
    "bladed weapon",
    "other",
)
assert set(WEAPON_PRECEDENCE) == set(WEAPONS)


def _key(alias: str) -> str:
    """What two spellings of one alias have in common: case and separators removed."""
    return re.sub(r"[\s\-‐–'’]+", "", alias.casefold())


def _pattern(alias: str) -> str:
    parts = [re.escape(p).replace("'", "['’]?").replace("’", "['’]?") for p in re.split(r"[\s\-‐–]+", alias.strip())]
    body = _SEP.join(p for p in parts if p)
    return f"(?-i:{body})" if len(alias) <= 2 and alias.isupper() else body


@dataclass(frozen=True)
class AliasTable:
    """alias -> canonical, matched case-insensitively on word boundaries, longest alias first."""

    entries: tuple[tuple[str, str], ...] = ()
    _lookup: dict[str, str] = field(init=False, repr=False, compare=False)
    _regex: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lookup = {_key(alias): canonical for alias, canonical in self.entries}
        aliases = sorted({alias for alias, _ in self.entries if _key(alias)}, key=lambda a: (-len(a), a))
        regex = None
        if aliases:
            body = "|".join(_pattern(a) for a in aliases)
            regex = re.compile(rf"(?<!\w)(?:{body})(?:e?s)?(?!\w)", re.IGNORECASE)
        object.__setattr__(self, "_lookup", lookup)
        object.__setattr__(self, "_regex", regex)

    def _canonical_of(self, surface: str) -> str | None:
        key = _key(surface)
        for candidate in (key, key[:-1] if key.endswith("s") else None, key[:-2] if key.endswith("es") else None):
            if candidate and candidate in self._lookup:
                return self._lookup[candidate]
        return None

    def find(self, text: str) -> list[tuple[int, int, str, str]]:
        """Every alias in ``text``, left to right, as ``(start, end, surface, canonical)``."""
        if not text or self._regex is None:
            return []
        found = []
        for m in self._regex.finditer(text):
            canonical = self._canonical_of(m.group())
            if canonical is not None:
                found.append((m.start(), m.end(), m.group(), canonical))
        return found

    def canonical(self, text: str | None) -> str | None:
        """The canonical value of the first (and, at that position, longest) alias in ``text``, else None."""
        found = self.find(text or "")
        return found[0][3] if found else None

    def whole(self, text: str | None) -> str | None:
        """The canonical value if an alias spans all of ``text``, else None."""
        if not text or self._regex is None:
            return None
        m = self._regex.fullmatch(text.strip())
        return self._canonical_of(m.group()) if m else None


def _read_rows(content: str, source: str, allowed: Sequence[str] | None = None) -> list[tuple[str, str]]:
    """The ``(alias, canonical)`` rows of one CSV text; a malformed row raises ValueError with file:line."""
    rows: list[tuple[str, str]] = []
    seen: dict[str, tuple[str, int]] = {}
    header_seen = False
    for number, line in enumerate(content.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in next(csv.reader(io.StringIO(line)))]
        if not header_seen:
            if [c.lower() for c in cells] != ["alias", "canonical"]:
                raise ValueError(f"{source}:{number}: expected the header 'alias,canonical', got {line.strip()!r}")
            header_seen = True
            continue
        if len(cells) != 2 or not all(cells):
            raise ValueError(f"{source}:{number}: expected 'alias,canonical', got {line.strip()!r}")
        alias, canonical = cells
        if allowed is not None and canonical not in allowed:
            raise ValueError(
                f"{source}:{number}: unknown canonical value {canonical!r} for alias {alias!r}; "
                f"expected one of: {', '.join(allowed)}"
            )
        previous = seen.get(_key(alias))
        if previous and previous[0] != canonical:  # a file that contradicts itself is a mistake, not an override
            raise ValueError(
                f"{source}:{number}: alias {alias!r} -> {canonical!r} contradicts line {previous[1]} ({previous[0]!r})"
            )
        seen[_key(alias)] = (canonical, number)
        rows.append((alias, canonical))
    if not header_seen:
        raise ValueError(f"{source}: empty alias table; expected the header 'alias,canonical'")
    return rows


def load_alias_table(path: Path) -> AliasTable:
    """One CSV file (header ``alias,canonical``) as a table."""
    path = Path(path)
    return AliasTable(tuple(_read_rows(path.read_text(encoding="utf-8"), str(path))))


@functools.cache
def _packaged(name: str, allowed: tuple[str, ...] | None) -> tuple[tuple[str, str], ...]:
    resource = files("extractor") / "data" / name
    return tuple(_read_rows(resource.read_text(encoding="utf-8"), f"extractor/data/{name}", allowed))


def _merged(name: str, extra: Sequence[Path], allowed: tuple[str, ...] | None) -> AliasTable:
    rows = list(_packaged(name, allowed))
    for path in extra:
        rows += _read_rows(Path(path).read_text(encoding="utf-8"), str(path), allowed)
    # Later rows win (AliasTable keeps the last canonical per spelling), so user rows override packaged ones.
    return AliasTable(tuple(rows))


#: Weapon-table canonical for words that look like a weapon but are not coded as one (tear gas, rubber bullets,
#: rioters' stones): matching them keeps a shorter alias inside ("bullet") from claiming the words.
NOT_A_WEAPON = "none"
_WEAPON_CANONICALS = (*WEAPONS, NOT_A_WEAPON)


@functools.lru_cache(maxsize=4)
def _default(name: str) -> AliasTable:
    return _merged(name, (), _WEAPON_CANONICALS if name == "weapons.csv" else None)


def weapon_aliases(extra: Sequence[Path] = ()) -> AliasTable:
    """The packaged weapon table plus user CSVs; every canonical value must be in the Weapon vocabulary, or
    ``none`` for words that are not coded as a weapon."""
    return _merged("weapons.csv", extra, _WEAPON_CANONICALS) if extra else _default("weapons.csv")


def actor_aliases(extra: Sequence[Path] = ()) -> AliasTable:
    """The packaged armed-group table plus user CSVs."""
    return _merged("actors.csv", extra, None) if extra else _default("actors.csv")


def packaged_alias_table(name: str) -> AliasTable:
    """Another packaged ``alias,canonical`` table of extractor/data (e.g. ``acled_generic_actors.csv``), cached."""
    return _default(name)


def normalize_weapon(text: str | None, table: AliasTable | None = None) -> str | None:
    """One value of the Weapon vocabulary for the weapon words ``text``, or None.

    When several weapons are named, :data:`WEAPON_PRECEDENCE` decides, not word order.
    """
    if not text or not text.strip():
        return None
    if text.strip().lower() in WEAPONS:
        return text.strip().lower()
    found = {canonical for *_, canonical in (table or weapon_aliases()).find(text) if canonical in WEAPONS}
    return min(found, key=WEAPON_PRECEDENCE.index) if found else None


_ARTICLES = re.compile(r"^(?:(?:the|a|an)\s+)+", re.IGNORECASE)
# Words around a group's name that describe its members, not a different group: "suspected Boko Haram
# militants" is Boko Haram. Only tried after the whole phrase failed ("Rapid Support Forces" stays whole).
_DESCRIPTORS = re.compile(
    r"^(?:(?:suspected|alleged|presumed|armed)\s+)+|\s+(?:militants?|fighters?|insurgents?|jihadists?|rebels?"
    r"|members?|group|terrorists?|gunm[ae]n|militia(?:men|s)?|elements|operatives|mercenaries|forces)$",
    re.IGNORECASE,
)


_EDGES = " \t\n\"'“”‘’.,;:[]-–—"


def _trim_edges(text: str) -> str:
    """``text`` without surrounding punctuation; a bracket goes only when unmatched, so "Arauco Malleco Coordinating
    Committee (CAM)" keeps the bracket that closes its acronym while "(the army" loses its stray one."""
    phrase = text.strip(_EDGES)
    while phrase.endswith(")") and phrase.count(")") > phrase.count("("):
        phrase = phrase[:-1].strip(_EDGES)
    while phrase.startswith("(") and phrase.count("(") > phrase.count(")"):
        phrase = phrase[1:].strip(_EDGES)
    if phrase.startswith("(") and phrase.endswith(")") and phrase.count("(") == 1:
        phrase = phrase[1:-1].strip(_EDGES)  # a wholly bracketed phrase: "(the army)"
    return phrase


def normalize_actor(text: str | None, table: AliasTable | None = None) -> str | None:
    """The canonical group name if an alias is the whole phrase, else the phrase tidied.

    Whole-phrase matching is deliberate: "soldiers who fought Hamas" must not become "Hamas". Leading
    articles ("the") and surrounding punctuation are trimmed either way.
    """
    if text is None:
        return None
    phrase = _trim_edges(_ARTICLES.sub("", _trim_edges(text)))
    if not phrase:
        return None
    table = table or actor_aliases()
    canonical = table.whole(phrase)
    stripped = phrase
    while canonical is None and (shorter := _DESCRIPTORS.sub("", stripped, count=1).strip()) not in ("", stripped):
        stripped = shorter
        canonical = table.whole(stripped)
    return canonical or phrase

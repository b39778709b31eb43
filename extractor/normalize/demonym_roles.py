"""What an adjective of nationality in an article stands for: the state that acted, a border, or a place.

"Russian forces shelled Kherson" names Russia as the attacker; the event is in Ukraine, where Kherson is. The
location is where an event happened (evals/GUIDE.md), so a demonym that modifies an actor, an attack or a weapon
("Israeli strikes", "Rwandan-backed", "l'armée malienne") or a border ("near the Venezuelan border") must not make
its country the article's place; one that modifies a place or its people ("the Ukrainian city of", "Nigerian
villagers") does. The words are data (data/demonym_roles.tsv, with their source)."""

from __future__ import annotations

import functools
import re

from ..resources import data_lines

#: How many words on the modified side of a demonym are read: "Israeli air strikes", "les forces armées maliennes".
_REACH = 2
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_ELISION = re.compile(r"^(?:[ldcjmnst]|qu)['’]", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _table() -> dict[str, list[tuple[str, str, bool]]]:
    """language ('en' or 'romance') -> (role, word, is_prefix) rows."""
    table: dict[str, list[tuple[str, str, bool]]] = {"en": [], "romance": []}
    for line in data_lines("demonym_roles.tsv"):
        role, language, word = line.split("\t")
        prefix = word.endswith("*")
        table["en" if language == "en" else "romance"].append((role, word.rstrip("*").lower(), prefix))
    return table


def _role_of(words: list[str], rows: list[tuple[str, str, bool]]) -> str:
    """The role of the first of the first _REACH words that has one; a border word followed by a place word
    ("border town") is a place."""
    for n, word in enumerate(words[:_REACH]):
        role = _word_role(word, rows)
        if role == "border" and _word_role(words[n + 1] if n + 1 < len(words) else "", rows) == "place":
            return "place"  # "the Colombian border town of": a town of that country
        if role:
            return role
    return ""


def _word_role(word: str, rows: list[tuple[str, str, bool]]) -> str:
    key = _ELISION.sub("", word).lower()
    return next((role for role, entry, prefix in rows if key == entry or (prefix and key.startswith(entry))), "")


def demonym_role(text: str, start: int, end: int) -> str:
    """'actor', 'border' or 'place' for the demonym at text[start:end], '' when its words say none of these.

    An English demonym (capitalised) is read with the words after it ("Russian forces", "Saudi-led"); a lower-case
    French, Spanish or Portuguese one with the words before it ("les forces russes"). "The" before a plural
    demonym ("the Russians shelled ...") is the nation as one side of a war: an actor."""
    surface = text[start:end]
    if surface[:1].islower():
        before = _WORD.findall(text[max(0, start - 60) : start])[-_REACH - 1 :]
        return _role_of(list(reversed(before)), _table()["romance"])
    if surface.endswith("s") and re.search(r"(?i)\bthe\s+$", text[max(0, start - 8) : start]):
        return "actor"
    after = text[end : end + 80]
    if after.startswith("-"):  # "Rwandan-backed", "Saudi-led": the words joined to it
        after = " " + after[1:]
    if not after[:1].isspace():
        return ""
    return _role_of(_WORD.findall(after)[: _REACH + 1], _table()["en"])

"""A gold incident in the article's own words: the draft a capable model would write for it.

The perfect-model pass (``extractor.testing.gold_responder``, ``scripts/perfect_model.py``) answers each
one-call request with these drafts, so what it measures is the pipeline's grounding and normalization, not a
model. Each field is the surface form found in the article text: the gold ``date_text``; place, actor, site and
target names as written (exact, then case- and space-folded, then fuzzy); the weapon words the gold notes quote
or a cue of that weapon kind (``extractor/data/surface_cues.csv``, independent of weapons.csv); the count words
("at least 25 fighters") that say the gold number. Where several spans fit, the one nearest the incident's
other words wins. A gold value with no surface form in the text is answered as null, as a model would, and
listed in ``Surfaced.unsayable`` so the pass can count it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from ..grounding import FoldedText
from ..normalize.dates import find_date_expressions
from ..normalize.places import Place, country_code, find_places, geocode
from ..resources import data_rows
from ..schemas import Incident

__all__ = ["Cues", "Surfaced", "load_cues", "surface_draft"]

#: Minimum rapidfuzz partial-alignment score for a name found only fuzzily ("Abu Ghuraib" for "Abu Ghraib").
FUZZY_NAME = 88.0
_TEXT_FIELDS = ("admin1", "locality", "site", "perpetrator", "claimed_by", "attributed_to", "target")
_EXPLOSIVES = ("ied", "vehicle bomb", "suicide vest")
_CAPITALIZED = re.compile(r"(?<!\w)[A-ZÀ-Ý][\w'’.-]*(?:\s+(?:of\s+)?(?:the\s+)?[A-ZÀ-Ý][\w'’.-]*){0,2}")
# A quote opens after a space and closes before one, so "tirs d'obus" keeps its apostrophe.
_QUOTED = re.compile(r"(?<!\w)['\"‘“](.{2,80}?)['\"’”](?!\w)")
_NO_WORD = re.compile(r"(?<!\w)(?:no|none|nobody|without)(?!\w)", re.IGNORECASE)
_STOP_AFTER_COUNT = frozenset(
    "and or in on at of from by with after when while as but who were was had have has during near to en "
    "em dans à a por para pour de no na".split()
)


@dataclass(frozen=True)
class Cues:
    """Compiled surface cues: weapon kind -> regex, zero-count regex, number words, qualifier regex, and the
    words of dying ("dead") and of injury ("hurt")."""

    weapons: dict[str, re.Pattern[str]]
    zero: re.Pattern[str]
    numbers: dict[str, dict[int, tuple[str, ...]]]
    qualifier: re.Pattern[str]
    outcomes: dict[str, re.Pattern[str]]


def _compile(patterns: list[str]) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{'|'.join(patterns)})(?!\w)", re.IGNORECASE)


@functools.cache
def load_cues() -> Cues:
    """The packaged cue table (extractor/data/surface_cues.csv)."""
    rows = data_rows("surface_cues.csv")
    by_kind: dict[str, list[str]] = {}
    numbers: dict[str, dict[int, list[str]]] = {}
    for row in rows:
        if row["kind"] == "number":  # number words only in their own language: "un" is no count in English
            numbers.setdefault(row["language"], {}).setdefault(int(row["value"]), []).append(row["pattern"])
        else:
            by_kind.setdefault(row["kind"], []).append(row["pattern"])
    zero, qualifier = by_kind.pop("zero"), by_kind.pop("qualifier")
    outcomes = {kind: _compile(by_kind.pop(kind)) for kind in ("dead", "hurt")}
    return Cues(
        {kind: _compile(p) for kind, p in by_kind.items()},
        _compile(zero),
        {lang: {n: tuple(w) for n, w in table.items()} for lang, table in numbers.items()},
        _compile(qualifier),
        outcomes,
    )


@dataclass
class Surfaced:
    """The drafts for one article and the gold values that have no surface form in its text."""

    incidents: list[dict[str, Any]] = field(default_factory=list)
    #: ``(incident index, field, gold value)`` for each value answered as null because the text lacks it
    unsayable: list[tuple[int, str, Any]] = field(default_factory=list)

    def answer(self) -> dict[str, Any]:
        return {"incidents": self.incidents}


class _Text:
    """One article: exact, folded and fuzzy search returning spans of the original text."""

    def __init__(self, text: str, language: str = "en") -> None:
        self.text = text
        self.language = language
        self.folded = FoldedText.of(text)

    def spans(self, value: str, fuzzy: bool = True) -> list[tuple[int, int]]:
        """Every whole-word occurrence of ``value`` (case and spaces folded), else the best fuzzy window."""
        needle = FoldedText.of(value.strip()).folded
        if not needle:
            return []
        hay = self.folded.folded
        found = [
            self.folded.source_span(m.start(), m.end()) for m in re.finditer(rf"(?<!\w){re.escape(needle)}(?!\w)", hay)
        ]
        if found or len(needle) < 5 or not fuzzy:
            return found
        best = fuzz.partial_ratio_alignment(needle, hay, score_cutoff=FUZZY_NAME)
        if best is None or best.dest_end <= best.dest_start:
            return []
        start, end = self.folded.source_span(best.dest_start, best.dest_end)
        while start > 0 and self.text[start - 1].isalnum():
            start -= 1
        while end < len(self.text) and self.text[end].isalnum():
            end += 1
        return [(start, end)]

    def regex_spans(self, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        return [(m.start(), m.end()) for m in pattern.finditer(self.text)]


def _nearest(spans: list[tuple[int, int]], anchors: list[int]) -> tuple[int, int] | None:
    if not spans:
        return None
    if not anchors:
        return spans[0]
    return min(spans, key=lambda s: (min(abs(s[0] - a) for a in anchors), s[0]))


def _quoted_in_notes(incident: Incident, value: object) -> list[str]:
    """Words the gold notes quote as giving ``value``, left to right: "'at least eight' -> 8", "'baleada' and
    'confronto com bandidos' -> firearm" (both), "Katyusha -> rocket"."""
    target = re.escape(str(value))
    quotes = []
    for note in incident.notes:
        for arrow in re.finditer(rf"\s*(?:->|→)\s*(?:[\w ]{{0,20}}\b)?{target}\b", note):
            clause = re.split(r";|\.\s", note[: arrow.start()])[-1]  # the clause the arrow ends
            quoted = _QUOTED.findall(clause)
            if quoted:
                quotes += quoted
            elif bare := re.search(r"([A-Za-z][\w\- ]{1,40}?)$", clause.rsplit(",", 1)[-1].rsplit("(", 1)[-1]):
                quotes.append(bare.group(1).strip())
    return quotes


def surface_draft(gold: Sequence[Incident], text: str, language: str = "en", cues: Cues | None = None) -> Surfaced:
    """The drafts a capable model would write for ``gold`` incidents of ``text``, written in ``language``."""
    cues = cues or load_cues()
    article = _Text(text, language)
    out = Surfaced()
    for index, incident in enumerate(gold):
        out.incidents.append(_one(index, incident, article, cues, out.unsayable))
    return out


def _one(index: int, incident: Incident, article: _Text, cues: Cues, unsayable: list[tuple[int, str, Any]]) -> dict:
    text = article.text
    draft: dict[str, Any] = {"primary": incident.primary, "sub_event_type": incident.sub_event_type}
    anchors: list[int] = []

    def say(name: str, span: tuple[int, int] | None, gold_value: Any) -> None:
        if span is None:
            draft[name] = None
            if gold_value is not None:
                unsayable.append((index, name, gold_value))
            return
        draft[name] = text[span[0] : span[1]]

    # Names first: they anchor the choice among repeated weapon and count words.
    date_spans = article.spans(incident.date_text) if incident.date_text else []
    for name in ("locality", "admin1", "site", "target", "perpetrator", "claimed_by", "attributed_to"):
        value = getattr(incident, name)
        spans = article.spans(value) if value else []
        if not spans and value:
            spans = article.spans(re.sub(r"^(?:the|a|an)\s+", "", value, flags=re.IGNORECASE))
        if name in ("locality", "site", "target"):
            anchors += [s[0] for s in spans]
    anchors += [s[0] for s in date_spans]
    say("date_text", _nearest(date_spans, anchors), incident.date_text if incident.date is not None else None)
    for name in _TEXT_FIELDS:
        value = getattr(incident, name)
        spans = article.spans(value) if value else []
        if not spans and value:
            spans = article.spans(re.sub(r"^(?:the|a|an)\s+", "", value, flags=re.IGNORECASE))
        if not spans and value and name in ("locality", "admin1"):
            spans = _place_spans(name, value, incident.country, article)
        say(name, _nearest(spans, anchors), value)
    say("country", _country(incident.country, article, anchors), incident.country)
    say("weapon", _weapon(incident, article, cues, anchors), incident.weapon)
    for name in ("killed", "injured"):
        say(name, _count(incident, name, article, cues, anchors), getattr(incident, name))
    draft["type_quote"] = next(
        (draft[n] for n in ("weapon", "killed", "target", "locality", "date_text", "site") if draft.get(n)), None
    )
    return draft


def _place_spans(name: str, value: str, country: str | None, article: _Text) -> list[tuple[int, int]]:
    """Where the article names the gold place in its own script or spelling ("مأرب" for Marib): the place names of
    the text that the gazetteer resolves to the same town (locality) or first-level region (admin1)."""

    def resolve(words: str | None, region: str | None) -> Place | None:
        return geocode(words, admin1=region, country=country).place

    gold = resolve(value, None) if name == "locality" else resolve(None, value)
    if gold is None:
        return []
    spans = []
    for start, end, surface in find_places(article.text, acled_regions=True):
        found = resolve(surface, None) if name == "locality" else resolve(None, surface)
        if found is not None and (found.geonameid, found.admin1) == (gold.geonameid, gold.admin1):
            spans.append((start, end))
    return spans


def _country(code: str | None, article: _Text, anchors: list[int]) -> tuple[int, int] | None:
    """A name or adjective of the gold country as written: any 1-3 capitalized words that name it."""
    if not code:
        return None
    spans = []
    for m in _CAPITALIZED.finditer(article.text):
        words = list(re.finditer(r"\S+", m.group()))
        for i in range(len(words)):
            for j in range(len(words), i, -1):
                start, end = m.start() + words[i].start(), m.start() + words[j - 1].end()
                phrase = re.sub(r"['’]s?$", "", article.text[start:end].rstrip(".,"))  # Myanmar's: Myanmar
                if country_code(phrase) == code:
                    spans.append((start, start + len(phrase)))
                    break
    if not spans:  # scripts without capitals: "لبنان"
        spans = [(start, end) for start, end, name in find_places(article.text) if country_code(name) == code]
    return _nearest(spans, anchors)


def _weapon(incident: Incident, article: _Text, cues: Cues, anchors: list[int]) -> tuple[int, int] | None:
    weapon = incident.weapon
    if not weapon:
        return None
    for quote in _quoted_in_notes(incident, weapon):
        spans = article.spans(quote, fuzzy=False)
        if spans:
            return _nearest(spans, anchors)
    for kind in (weapon, *(["explosive"] if weapon in _EXPLOSIVES else [])):
        pattern = cues.weapons.get(kind)
        spans = article.regex_spans(pattern) if pattern else []
        if spans:
            return _nearest(spans, anchors)
    return None


def _count(incident: Incident, name: str, article: _Text, cues: Cues, anchors: list[int]) -> tuple[int, int] | None:
    value = getattr(incident, name)
    if value is None:
        return None
    text = article.text
    for quote in _quoted_in_notes(incident, value):
        spans = article.spans(quote, fuzzy=False) if _says(quote, value, article.language, cues) else []
        if spans:
            return _extend(text, _nearest(spans, anchors), cues)
    if value == 0:
        return _nearest(article.regex_spans(cues.zero), anchors)
    words = [f"{value:,}", str(value), *cues.numbers.get(article.language, {}).get(value, ())]
    pattern = re.compile(rf"(?<![\w,.-]){'|'.join(re.escape(w) for w in words)}(?![\w-]|[,.]\d)", re.IGNORECASE)
    # a number inside a date ("le 1 décembre", "on 8 July") is no count a model would quote
    dates = find_date_expressions(text)
    spans = [s for s in article.regex_spans(pattern) if not any(a < s[1] and s[0] < b for a, b, _ in dates)]
    # "deux blessés" over "deux attaques": a number with words of dying (or of injury) beside it comes first
    outcome = cues.outcomes["dead" if name == "killed" else "hurt"]
    beside = [s for s in spans if outcome.search(text[max(0, s[0] - 40) : s[1] + 60])]
    return _extend(text, _nearest(beside or spans, anchors), cues) if spans else None


def _says(quote: str, value: int, language: str, cues: Cues) -> bool:
    """Whether a quote from the gold notes can give ``value``: it names that number (or, for 1, no other)."""
    if value == 0:
        return bool(cues.zero.search(quote) or _NO_WORD.search(quote))
    names = {str(value), f"{value:,}", *cues.numbers.get(language, {}).get(value, ())}
    numbers = {w: n for n, words in cues.numbers.get(language, {}).items() for w in words}
    said = {w.lower() for w in re.findall(r"[\d,]+|[^\W\d_]+", quote)}
    if said & {n.lower() for n in names}:
        return True
    return value == 1 and not re.search(r"\d", quote) and not any(w in numbers and numbers[w] != 1 for w in said)


def _extend(text: str, span: tuple[int, int] | None, cues: Cues) -> tuple[int, int] | None:
    """A count with the qualifier before it and the noun after it, as a model copies it: "at least 25 fighters"."""
    if span is None:
        return None
    start, end = span
    if re.search(r"[^\W\d_]$", text[start:end]) and not re.fullmatch(r"(?i)[^\W\d_]+", text[start:end]):
        return span  # a quote that already ends in its noun: "au moins 20 militaires blessés"
    before = text[max(0, start - 30) : start]
    m = re.search(rf"(?:{cues.qualifier.pattern})\s+$", before, re.IGNORECASE)
    if m:
        start -= len(before) - m.start()
    for _ in range(2):
        m = re.match(r"[ \t]+([^\W\d_][\w'’-]*)", text[end:])  # the noun on the same line
        if not m or m.group(1).lower() in _STOP_AFTER_COUNT:
            break
        end += m.end()
    return start, end

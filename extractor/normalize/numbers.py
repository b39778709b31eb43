"""Casualty counts: the words the model copies ("at least 12 people", "no casualties") as integers.

Counts are conservative, as the Incident schema requires: a stated lower bound is kept, and anything
without a defensible lower bound becomes ``None`` with a note that keeps the words, so no number is
invented and nothing the article said is lost.

* "three" -> 3, "twenty-one" -> 21, "a dozen" -> 12, "two hundred and five" -> 205, "1,200" -> 1200,
  "one soldier" / "a soldier" / "the driver" / "his assistant" -> 1 each ("killing the driver and his assistant"
  -> 2; "wounding a ranger and a passer-by" -> 2).
* Lower bounds ("at least", "more than", "over", "no fewer than", "N or more") -> N, noted.
* Approximations ("nearly", "almost", "about", "around", "some N", "N or so") -> N, noted.
* Upper bounds ("up to", "as many as", "fewer than", "under") -> None, noted: "up to 10" may be 0.
* Ranges ("5 to 7", "5-7", "between 5 and 7", "five or six") -> the low end, noted.
* Vague amounts ("dozens", "several", "scores", "a number of", "hundreds") -> None, noted.
* Explicit zero ("no casualties", "nobody was hurt", "without casualties", "unhurt", "zero") -> 0; but
  "no reports of casualties", "unknown" -> None: silence about casualties is not a count of zero.
* Counts joined by "and" or commas are added ("two soldiers and three civilians" -> 5, noted), except
  when the phrase mixes dead and wounded (first count kept). Subsets after "including", "among them",
  "of whom", in parentheses or before a postposed "among them" ("seven people, two children among them") are not
  added: they are already part of the total.
* French, Spanish and Portuguese number words, qualifiers and zeros ("au moins quatre personnes", "seis
  personas", "sin víctimas"), "and" ("et", "y", "e"), "between" ("entre"), subsets ("dont") and words of dying
  and injury (so "deux morts et trois blessés" is not summed) come from ``extractor/data/count_words.csv``.
  "UN" in capitals is the United Nations, not French "un".
* A vague total with a counted subset ("several civilians, among them three children") -> the subset, as a
  lower bound, noted.
* A year-like number (1900-2100) with no noun after it ("2020") -> None, noted; ages ("a 12-year-old
  boy") are not counts (-> 1).
* No casualty count (data: ``extractor/data/count_context.csv``): a tally of things ("more than 250 incidents",
  "80 cows"), a number named by the word before it ("national road 4", "the October 3 blast", "aged 25"), and,
  in ``find_count_expressions``, a cumulative toll ("more than 250,000 people have died in the war"), a toll
  summed over several incidents ("killing 37 in separate attacks", ``aggregate_spans``) and a count of those who
  acted ("about forty gunmen on Sunday invaded ...", "two men on a motorcycle opened fire").
* For the questions that pick a mention's counts (``extractor.decomposed.questions``): ``sums_places`` (a toll told
  for several places together, GUIDE 15), ``count_fate`` (the verb after a counted phrase: "were arrested" counts
  nobody hurt), ``gapped_counts`` ("two in Oska" after "four were killed in Tarvo"), ``is_part`` ("among them four
  children") and ``revises_toll`` ("bringing the toll to 11": the latest figure, GUIDE 10).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..resources import data_rows
from .places import fold

__all__ = [
    "DYING_VERBS",
    "SIDES_JOINER",
    "CountResolution",
    "battle_side",
    "aggregate_spans",
    "count_fate",
    "cumulative_spans",
    "find_count_expressions",
    "gapped_counts",
    "definite_count",
    "is_part",
    "not_casualty",
    "ordinal_number",
    "ordinal_victim",
    "parse_count",
    "refines",
    "revises_toll",
    "sums_places",
]


@dataclass(frozen=True)
class CountResolution:
    """A parsed count: ``value`` None means unknown; ``note`` says what was kept aside, and why."""

    value: int | None
    note: str | None = None


_UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "dozen": 12}
_NUMWORD = "|".join(sorted(_UNITS.keys() | _TENS.keys(), key=len, reverse=True))
# Ages describe a person, not how many: blank them out (same length, so offsets stay valid).
_AGE = re.compile(
    rf"\b(?:\d+|(?:{_NUMWORD})(?:-(?:{_NUMWORD}))?)[\s-]+(?:year|month|week|day)s?[\s-]+old\b", re.IGNORECASE
)
# French elision ("d'un civil", "qu'une") is a word of its own, so the number after it is read.
_TOKEN = re.compile(
    r"(?<![^\W\d_])(?:[dlnjs]|qu)['’](?=[^\W\d_])|\d+(?:st|nd|rd|th)\b|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[^\W\d_]+(?:['’][^\W\d_]+)*|\S"
)
_NUMERAL = re.compile(r"[\d,]+(?:\.\d+)?")

_QUALIFIER_WORDS = {
    "lower": "at least|more than|over|above|in excess of|upwards of|no fewer than|no less than|not less than"
    "|not fewer than|a minimum of",
    "approx": "nearly|almost|about|around|approximately|roughly|some|an estimated|estimated|close to|circa",
    "upper": "up to|as many as|fewer than|less than|under|below|at most|no more than|not more than|a maximum of",
}
# Longest first, so "no more than" (upper) wins over "more than" (lower).
_QUALIFIERS = sorted(
    ((tuple(q.split()), kind) for kind, qs in _QUALIFIER_WORDS.items() for q in qs.split("|")),
    key=lambda item: -len(item[0]),
)
_TOKEN_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\S")


_FOREIGN = data_rows("count_words.csv")
# Foreign number words join the units (one word each: "quatre", "veinte"), and their tens the tens, so that
# "trente-deux" reads as 32 like "thirty-two"; other compounds ("soixante-dix") are not read.
_UNITS |= {r["word"].casefold(): int(r["value"]) for r in _FOREIGN if r["kind"] == "number"}
_TENS |= {w: _UNITS.pop(w) for w in [w for w, v in _UNITS.items() if v in range(20, 100, 10)]}
# French writes 17 to 19 as ten and a unit ("dix-sept", "dix-neuf"): "dix" joins a unit after a hyphen like a ten.
_TENS["dix"] = _UNITS.pop("dix")
#: Nouns of an approximate amount after "une"/"una"/"uma" ("une vingtaine de soldats": about 20).
_APPROX_NOUNS = {r["word"].casefold(): int(r["value"]) for r in _FOREIGN if r["kind"] == "approx_number"}
_ONE_ARTICLES = {w for w, v in _UNITS.items() if v == 1 and w not in ("one", "uno", "um")}
_QUALIFIERS = sorted(
    [
        *_QUALIFIERS,
        *(
            (tuple(_TOKEN_WORDS.findall(r["word"].casefold())), r["kind"])
            for r in _FOREIGN
            if r["kind"] in _QUALIFIER_WORDS
        ),
    ],
    key=lambda item: -len(item[0]),
)
_VAGUE = {r["word"].casefold() for r in _FOREIGN if r["kind"] == "vague"} | set(
    "dozens scores hundreds thousands tens millions several many numerous multiple countless various "
    "some few handful number lot lots host".split()
)
_UNKNOWN = {"unknown", "unclear", "undisclosed", "unspecified", "unconfirmed"}
_ZERO = {"nobody", "none", "zero", "nil", "unhurt", "unharmed", "unscathed"}
_ZERO |= {r["word"].casefold() for r in _FOREIGN if r["kind"] == "zero"}
_CASUALTY = {"casualties", "casualty", "deaths", "fatalities", "injuries", "loss", "losses", "harm", "victims"}
_CASUALTY |= {r["word"].casefold() for r in _FOREIGN if r["kind"] == "casualty"}
_WITHOUT = {"without"} | {r["word"].casefold() for r in _FOREIGN if r["kind"] == "without"}
_UNREPORTED = set(
    "report reports reported word information details confirmation figures figure indication news toll".split()
)
# After "a"/"an" these words do not name one person or thing ("a number of", "an estimated 40").
_NOT_NOUN = (
    _VAGUE
    | _UNKNOWN
    | _SCALES.keys()
    | {"total", "minimum", "maximum", "estimated", "further", "additional", "couple", "pair", "result"}
)
_AND = {"and"} | {r["word"].casefold() for r in _FOREIGN if r["kind"] == "and"}  # et, y, e
_JOINERS = _AND | {",", ";", "plus", "&"}
_RANGE_OPENERS = {"between", "from"} | {r["word"].casefold() for r in _FOREIGN if r["kind"] == "between"}
_DEFINITE = {"the", "his", "her", "their", "its"}
# After "the", words that name a group, the dead themselves or the event rather than one person.
_NOT_ONE = {
    "police",
    "army",
    "military",
    "dead",
    "wounded",
    "injured",
    "rest",
    "others",
    "crew",
    "family",
    "public",
    "population",
    "majority",
    "group",
    "unit",
    "convoy",
    "village",
    "area",
    "town",
    "city",
    "attack",
    "incident",
    "blast",
    "explosion",
    "bombing",
    "raid",
    "toll",
    "death",
    "number",
    "figure",
    "total",
    "same",
    "other",
    "following",
    "latter",
    "former",
}
_SUBSET = {"including", "includes", "among", "mostly", "mainly", "(", "—"}
_SUBSET |= {r["word"].casefold() for r in _FOREIGN if r["kind"] == "subset"}
_DEATH = {"killed", "dead", "died", "deaths", "fatalities", "fatally", "lives", "slain", "killing"}
_DEATH |= {r["word"].casefold() for r in _FOREIGN if r["kind"] == "dead"}
_HURT = {"wounded", "injured", "injuries", "hurt", "injuring", "wounding"}
_HURT |= {r["word"].casefold() for r in _FOREIGN if r["kind"] == "hurt"}
#: Verbs right before a bare number ("killed 7 and injured 50"): the number counts people.
_HARM_VERBS = {"killed", "killing", "wounded", "wounding", "injured", "injuring", "kills", "wounds", "injures"}
#: Spanish, Portuguese and French verbs of dying that put their subject after them: a bare number right after one
#: (past a word for "other") counts the dead ("murieron otros dos", "em Pankoma morreram outras duas"); also the
#: words that say a count's people died (``extractor.decomposed.questions``).
DYING_VERBS = frozenset(r["word"].casefold() for r in _FOREIGN if r["kind"] == "dying")
_OTHER_BEFORE = {r["word"].casefold() for r in _FOREIGN if r["kind"] == "other_before"}


@dataclass
class _Item:
    kind: str  # count | range | zero | unknown | vague | one
    a: int  # first token (qualifier included)
    b: int  # one past the last token
    value: int | None = None
    qual: str | None = None  # lower | approx | upper


def _tokens(text: str) -> list[tuple[int, int, str]]:
    text = _AGE.sub(lambda m: " " * len(m.group()), text)
    return [
        (m.start(), m.end(), "u.n." if m.group() == "UN" else m.group().casefold().replace("–", "-").replace("‐", "-"))
        for m in _TOKEN.finditer(text)
    ]


def _read_number(words: list[str], i: int) -> tuple[float, int] | None:
    """The number starting at word ``i`` and the index after it, or None."""
    w, nxt = (words[i : i + 2] + ["", ""])[:2]
    if w[:1].isdigit():  # "1,200", "2 dozen", "1.5 million"; an ordinal such as "3rd" is no count
        value = float(w.replace(",", "")) if _NUMERAL.fullmatch(w) and len(w) <= 15 else None  # no serial numbers
        return None if value is None else (value * _SCALES[nxt], i + 2) if nxt in _SCALES else (value, i + 1)
    if words[i : i + 3] == ["half", "a", "dozen"]:
        return 6, i + 3
    if w in _ONE_ARTICLES and nxt in _APPROX_NOUNS:  # "une vingtaine de", "un centenar de": the "de" goes with it
        return _APPROX_NOUNS[nxt], i + 2 + (words[i + 2 : i + 3] in (["de"], ["d"]))
    total, current, last, j = 0, 0, None, i
    if w in ("a", "an") and nxt in _SCALES:  # "a hundred"
        current, last, j = 1, "unit", i + 1
    while j < len(words):
        w, nxt = (words[j : j + 2] + [""])[:2]
        if w in _UNITS and (last in (None, "scale", "and") or (last == "tens" and 0 < _UNITS[w] < 10)):
            current, last = current + _UNITS[w], "unit"
        elif w in _TENS and last in (None, "scale", "and"):
            current, last = current + _TENS[w], "tens"
        elif w in _SCALES and (last in ("unit", "tens") or (last == "scale" and w in ("thousand", "million"))):
            if w in ("thousand", "million"):  # closes a group: "two thousand three hundred"
                total, current = total + (current or 1) * _SCALES[w], 0
            else:
                current = (current or 1) * _SCALES[w]
            last = "scale"
        elif w == "and" and last == "scale" and (nxt in _UNITS or nxt in _TENS):
            last = "and"
        elif w == "-" and last == "tens" and nxt in _UNITS and 0 < _UNITS[nxt] < 10:
            pass  # "twenty-one"
        elif w in _AND and w != "and" and last == "tens" and nxt in _UNITS and 0 < _UNITS[nxt] < 10:
            pass  # "treinta y dos", "vinte e dois", "vingt et un": one number, not two counts
        else:
            break
        j += 1
    return (total + current, j) if last is not None and j > i else None


def _qualifier(words: list[str], i: int) -> tuple[str | None, int]:
    for phrase, kind in _QUALIFIERS:
        if i >= len(phrase) and tuple(words[i - len(phrase) : i]) == phrase:
            return kind, i - len(phrase)
    return None, i


def _scan(words: list[str]) -> list[_Item]:
    """Every count-like item in order: numbers, ranges, zeros, unknowns, vague amounts, "a <noun>"."""
    items: list[_Item] = []
    i = 0
    while i < len(words):
        w, nxt, after = (words[i : i + 3] + ["", ""])[:3]
        if w == "no" and (nxt in _UNREPORTED or nxt in ("immediate", "official", "initial") and after in _UNREPORTED):
            items.append(_Item("unknown", i, i + 2 + (nxt not in _UNREPORTED)))
        elif w == "no" and nxt not in ("fewer", "less", "more"):
            end = i + 3 if nxt == "-" and after == "one" else i + 2
            items.append(_Item("zero", i, min(end, len(words)), 0))
        elif w in _ZERO or (w in _WITHOUT and (nxt in _CASUALTY or nxt == "any" and after in _CASUALTY)):
            items.append(_Item("zero", i, i + 1, 0))
        elif w in _UNKNOWN or (w == "not" and (nxt in ("known", "clear") or after in ("known", "clear"))):
            items.append(_Item("unknown", i, i + 1))
        elif number := _read_number(words, i):
            value, j = number
            kind, a = _qualifier(words, i)
            kind = "approx" if kind is None and words[i + 1 : i + 2] and words[i + 1] in _APPROX_NOUNS else kind
            item = _Item("count", a, j, int(value), kind)
            between = a > 0 and words[a - 1] in _RANGE_OPENERS
            if (
                j + 1 < len(words)
                and (words[j] in ("to", "-", "or", "/") or words[j] in _AND)
                and (words[j] not in _AND or between)
            ):
                high = _read_number(words, j + 1)
                if high and high[0] > value:
                    item = _Item("range", a - between, high[1], int(value))
            if words[item.b : item.b + 2] in (["or", "more"], ["or", "so"]) or words[item.b : item.b + 1] == ["+"]:
                item.qual = "lower" if words[item.b] != "or" or words[item.b + 1] == "more" else "approx"
                item.b += 1 if words[item.b] == "+" else 2
            if value != int(value):
                item = _Item("unknown", item.a, item.b)  # "2.5 people" is not a count
            items.append(item)
            i = item.b
            continue
        elif w in _VAGUE or (w in ("a", "an") and nxt in ("few", "handful", "number", "lot", "host")):
            as_many_as = words[i - 1 : i + 2] == ["as", "many", "as"]
            if (w == "some" or as_many_as) and _read_number(words, i + 1 + as_many_as):
                i += 1  # "some 30", "as many as 30": a qualifier, read with the number
                continue
            j = i + 1 if w in _VAGUE else i + 2
            j += words[j : j + 1] == ["of"] and w in ("a", "an", "lots")  # "a number of"
            while j < len(words) and (
                words[j] in _SCALES
                or words[j] in _VAGUE
                or words[j] == "of"
                and words[j + 1 : j + 2]
                and words[j + 1] in _VAGUE
            ):
                j += 1  # "several dozen", "tens of thousands"
            items.append(_Item("vague", i, j))
        elif w in ("a", "an") and nxt in ("couple", "pair"):
            items.append(_Item("count", i, i + 2, 2, "approx"))
        elif w in ("a", "an") and nxt.isalpha() and nxt not in _NOT_NOUN and _starts_phrase(words, i):
            items.append(_Item("one", i, i + 2, 1))
        elif w == "another" and _one_named(nxt) and _starts_phrase(words, i):
            items.append(_Item("one", i, i + 2, 1))  # "wounded another member of the mission": one more person
        elif w in _DEFINITE and _one_named(nxt) and _starts_phrase(words, i):
            items.append(_Item("one", i, i + 2, 1))  # "the driver", "his assistant": one person
        i = max(i + 1, items[-1].b if items else 0)
    return items


def _starts_phrase(words: list[str], i: int) -> bool:
    """Word ``i`` opens a noun phrase of its own: first, after "and" or a comma, after "killing"/"wounding", or
    after a verb of telling ("police said a guard was shot")."""
    return (
        i == 0
        or words[i - 1] in _JOINERS
        or words[i - 1] in _DEATH
        or words[i - 1] in _HURT
        or words[i - 1]
        in (
            "said",
            "says",
            "that",
        )
    )


def _one_named(word: str) -> bool:
    """A singular noun after "the"/"his" that names one person: "driver", not "police", "dead", "attack" or a word
    that names the number after it ("the September 9 bombing")."""
    return (
        word.isalpha()
        and word not in _NOT_ONE
        and word not in _NOT_NOUN
        and word not in _CASUALTY
        and word not in _UNITS
        and word not in _TENS
        and word not in _count_context()["before"]
        and (not word.endswith("s") or word.endswith("ss"))
        and not word.endswith(("men", "ren", "ple"))
    )


def _is_year(item: _Item, words: list[str]) -> bool:
    """A bare year such as "2020" or "2019-2020": a number the model copied from a date, not a count."""
    numbers = [w for w in words[item.a : item.b] if w[:1].isdigit()]
    after = words[item.b] if item.b < len(words) else ""
    return (
        item.kind in ("count", "range")
        and bool(numbers)
        and all(len(w) == 4 and w.isdigit() and 1900 <= int(w) <= 2100 for w in numbers)
        and (not after.isalpha() or after in ("in", "on", "at", "and", "or", "to", "when", "during", "the"))
    )


def _joined(words: list[str], item: _Item) -> bool:
    """Whether the item is added to the one before: "two soldiers and three civilians"."""
    k = item.a
    while k > 0 and words[k - 1] in ("another", "further", "other", "also", "more", "his", "her", "their"):
        k -= 1
    return k > 0 and (words[k - 1] in _JOINERS or words[max(0, k - 3) : k] == ["as", "well", "as"])


#: Joins the tolls of the two sides of a battle told apart ("three soldiers + three of the attackers"): each part is
#: a quote of the article, and the count is their sum (GUIDE 10: a battle's dead are counted on all sides).
SIDES_JOINER = " + "


def parse_count(text: str | None) -> CountResolution:
    """The count ``text`` states (see the module docstring for the rules). Never raises."""
    if text is None or not str(text).strip():
        return CountResolution(None)
    if SIDES_JOINER in str(text):
        return _parse_sides(str(text).split(SIDES_JOINER))
    try:
        return _parse(str(text))
    except Exception as exc:
        return CountResolution(None, f"count {text!r} could not be parsed ({type(exc).__name__})")


#: Ordinal numbers by word (ordinal_words.csv, read without accents) and the articles that may open an ordinal
#: victim.
_ORDINALS = {fold(r["word"]): int(r["number"]) for r in data_rows("ordinal_words.csv")}
_ORDINAL_ARTICLES = frozenset("a an the another um uma un una une le la el o".split())
_ORDINAL_DIGITS = re.compile(r"(\d+)(?:st|nd|rd|th|º|ª|o|a|e|ème|er|re)")


_DEFINITE_BEFORE = frozenset(r["word"].casefold() for r in _FOREIGN if r["kind"] == "definite")


def definite_count(text: str, start: int) -> bool:
    """Whether the count at ``text[start:]`` follows a plural definite article or demonstrative ("the five officers
    who died", "los cinco agentes", "ces trois soldats"): it refers back to people told before, a restated toll."""
    before = _tokens(text[:start])
    return bool(before) and before[-1][2].casefold() in _DEFINITE_BEFORE


def ordinal_number(word: str) -> int | None:
    """The number an ordinal word names (data/ordinal_words.csv): "second" -> 2, "troisième" or "troisieme" -> 3."""
    return _ORDINALS.get(fold(word))


def ordinal_victim(surface: str) -> int | None:
    """The rank N of a victim told by an ordinal ("um sexto cadáver" -> 6, "a 4th soldier" -> 4, "un segundo
    agente" -> 2), else None. The phrase tells one more victim and that the toll is now N: summed with a first toll
    of N - 1, a restatement of a toll of N or more."""
    words = [w.casefold() for *_, w in _tokens(surface)]
    if len(words) < 3 or words[0] not in _ORDINAL_ARTICLES:
        return None
    digits = _ORDINAL_DIGITS.fullmatch(words[1])
    rank = int(digits.group(1)) if digits else ordinal_number(words[1])
    return rank if rank is not None and rank >= 2 else None


def refines(bound: str, exact: str) -> bool:
    """Whether ``exact`` ("106 were injured") tells more precisely the toll that ``bound`` rounds ("over 100
    wounded", "more than 20 people"): one lower bound with a round figure N (N ending in k zeros, k >= 1) and one
    plain figure from N to N + 10**k - 1. The two are one toll told twice, not two sources at odds (GUIDE 10's
    "lowest" is for figures that conflict); "above 27" and "27" are not rounded, so they never refine."""
    low, high = _only_count(bound), _only_count(exact)
    if low is None or high is None or low.qual != "lower" or high.qual is not None or low.value is None:
        return False
    n = low.value
    step = 10 ** (len(str(n)) - len(str(n).rstrip("0"))) if n else 1
    return step > 1 and high.value is not None and n <= high.value < n + step


def _only_count(text: str) -> _Item | None:
    """The one count item of ``text`` (a number, its qualifier with it), or None when it holds none or several."""
    items = [it for it in _scan([t[2] for t in _tokens(text)]) if it.kind != "one"]
    return items[0] if len(items) == 1 and items[0].kind == "count" else None


def _parse_sides(parts: list[str]) -> CountResolution:
    """The sum of the tolls of a battle's sides; the first side's alone when another has no precise figure."""
    counts = [parse_count(part) for part in parts]
    values = [c.value for c in counts if c.value is not None]
    notes = [c.note for c in counts if c.note]
    if counts[0].value is None:
        return counts[0]
    if len(values) < len(counts):
        return CountResolution(counts[0].value, "; ".join([*notes, "another side's toll has no figure: not added"]))
    notes.append(f"battle toll over {len(values)} sides: {' + '.join(map(str, values))}")
    return CountResolution(sum(values), "; ".join(notes))


def battle_side(surface: str) -> str | None:
    """Which side of a battle a count's head noun names: "armed_group" ("three of the attackers", "22 Taliban
    fighters", "dix-neuf terroristes"), "state_forces" ("five officers", "quatre militaires"), "anyone" for a toll
    that may hold both ("12 people", "the victims"), or None when the noun says neither ("two men")."""
    words = [t[2] for t in _tokens(surface)]
    items = [it for it in _scan(words) if it.kind in ("count", "range")]
    if not items or items[0].b >= len(words):
        return None
    last = _noun_end(words, items[0].b)
    first = next((k for k in range(items[0].a, items[0].b) if words[k][:1].isdigit() or _read_number(words, k)), 0)
    head = _head_noun(words, first, items[0].b, last)
    context = _count_context()
    return next((side for side in ("armed_group", "state_forces", "anyone") if head in context[side]), None)


#: Words put after a count to make it a part of the toll before it ("seven people, two children among them", "sept
#: morts, deux enfants parmi eux", "siete muertos, dos niños entre ellos"): the same pairs as a marker put first.
_POSTPOSED_PARTS = {("among", "them"), ("among", "whom"), ("among", "those"), ("parmi", "eux"), ("parmi", "elles")}
_POSTPOSED_PARTS |= {("entre", "ellos"), ("entre", "ellas"), ("entre", "eles"), ("entre", "elas")}


def _part_marker_after(text: str) -> bool:
    """Whether ``text`` (what follows a count) opens with a postposed marker of a part ("among them")."""
    return tuple(t[2] for t in _tokens(text[:40])[:2]) in _POSTPOSED_PARTS


def _marked_part(words: list[str], item: _Item) -> bool:
    """Whether the counted phrase of ``item`` (its noun, "two children", or the number alone) is followed by a
    postposed marker of a part ("two children among them")."""
    last = _noun_end(words, item.b) if item.b < len(words) else None
    end = item.b if last is None else last + 1
    return tuple(words[end : end + 2]) in _POSTPOSED_PARTS


def _parse(text: str) -> CountResolution:
    toks = _tokens(text)
    words = [t[2] for t in toks]
    items = _scan(words)
    named = [it for it in items if it.kind in ("count", "range") and not_casualty(words, it.a, it.b)]
    if named and len(named) == len(items):
        why = not_casualty(words, named[0].a, named[0].b)
        return CountResolution(None, f'"{text.strip()}" is no casualty count: {why}')
    items = [it for it in items if it not in named]
    # A subset ("five people, including two children") is part of the total before it: drop it.
    cut = next(
        (k for k, w in enumerate(words) if w in _SUBSET or words[k : k + 2] in (["of", "whom"], ["of", "which"])), None
    )
    post = next((it for it in items if _marked_part(words, it)), None)
    if post is not None and (cut is None or post.a < cut):
        cut = post.a  # "seven people, two children among them": the part opens where its count does
    subset_bound = False
    if cut is not None and any(it.b <= cut for it in items):
        before = [it for it in items if it.b <= cut]
        counted = [it for it in items if it.a >= cut and it.kind in ("count", "one") and it.qual != "upper"]
        if all(it.kind == "vague" for it in before) and counted:
            items, subset_bound = counted[:1], True  # "several civilians, among them three children": at least 3
        else:
            items = before
    span = lambda it: text[toks[it.a][0] : toks[it.b - 1][1]]  # noqa: E731 - the item's words, as written
    years = [it for it in items if _is_year(it, words)]
    if not (items := [it for it in items if it not in years]):
        what = f'year-like number "{span(years[0])}"' if years else f'no count found in "{text.strip()}"'
        return CountResolution(None, what + " left null" * bool(years))
    notes: list[str] = []
    kept = [items[0]] + [it for it in items[1:] if _joined(words, it)]
    if len(kept) > 1 and _DEATH & set(words) and _HURT & set(words):
        notes.append(f'"{text.strip()}" mixes dead and wounded: first count kept')
        kept = kept[:1]
    values: list[int] = []
    for it in kept:
        if it.kind in ("vague", "unknown") or it.qual == "upper":
            label = {"vague": "vague amount", "unknown": "unknown count"}.get(it.kind, "upper bound")
            notes.append(f'{label} "{span(it)}" ' + ("left null" if len(kept) == 1 else "not counted"))
            continue
        assert it.value is not None  # only vague and unknown items have no value
        values.append(it.value)
        if it.kind == "range" or it.qual:
            kind = "range" if it.kind == "range" else it.qual or ""
            label = {"range": "range", "lower": "lower bound", "approx": "approximate"}[kind]
            notes.append(f'{label} "{span(it)}": ' + ("low end" if it.kind == "range" else str(it.value)))
    if subset_bound and values:
        notes.append(f'lower bound from the subset "{span(kept[0])}" of a vague total')
    if len(values) > 1:
        notes.append(f"sum of {len(values)} counts: {' + '.join(map(str, values))}")
    return CountResolution(sum(values) if values else None, "; ".join(notes) or None)


_ZERO_PHRASE = re.compile(
    r"\b(?:no|zero)\s+(?:(?:immediate|reported|other|further|serious|known)\s+)?"
    r"(?:casualties|deaths|fatalities|injuries|dead|loss\s+of\s+life)\b"
    r"|\b(?:no[\s-]?one|nobody|none|no\s+(?!(?:word|reports?|information|details|immediate|news)\b)\w+)"
    r"\s+(?:\w+\s+){0,3}?(?:was|were|has\s+been|have\s+been|had\s+been)"
    r"\s+(?:\w+\s+)?(?:killed|hurt|injured|wounded|harmed)\b"
    r"|\bwithout\s+(?:any\s+)?(?:casualties|injuries|fatalities|deaths|loss\s+of\s+life)\b",
    re.IGNORECASE,
)
_MONTHS = "january february march april may june july august september october november december"
# Words after a number that make it a measure, a date or a time rather than a count of people.
_MEASURES = (
    set(_MONTHS.split())
    | {m[:3] for m in _MONTHS.split()}
    | set(
        "year years month months week weeks day days hour hours minute minutes second seconds km kilometres kilometers "
        "kilometre kilometer mile miles metres meters m percent per pc am pm gmt utc dollars euros pounds usd times kg "
        "tonnes tons feet ft billion bn o'clock degrees another".split()
    )
)
_MEASURES |= {r["word"].casefold() for r in _FOREIGN if r["kind"] == "month"}  # "le 19 août"
# Words that end the noun phrase after a number.
_FUNCTION = {
    "was",
    "were",
    "is",
    "are",
    "be",
    "been",
    "had",
    "have",
    "has",
    "in",
    "on",
    "at",
    "by",
    "from",
    "to",
    "with",
    "who",
    "that",
    "which",
    "and",
    "or",
    "but",
    "of",
    "for",
    "the",
    "a",
    "an",
    "as",
    "after",
    "before",
    "during",
    "when",
    "while",
    "since",
    "into",
    "near",
    "said",
    "according",
    "this",
    "these",
}


_POLICE_NOUNS = {"officers", "officer", "agents", "personnel", "recruits", "constables", "commandos"}


#: Arabic words that end a counted noun phrase: a preposition, or after the noun a word with "و" (and) written onto
#: it ("30 مدنيا وإصابة 50": the dead, then "and the wounding of").
_ARABIC_STOPS = frozenset("في على من إلى عن مع بين منذ بعد قبل خلال إثر جراء يوم اليوم أمس".split())
_ARABIC_AND = re.compile(r"^و[\u0621-\u064a]{2,}$")


def _noun_end(words: list[str], j: int) -> int | None:
    """Index of the last word of the noun phrase starting at word ``j`` ("Nigerian soldiers"), or None."""
    if words[j : j + 2] == ["of", "them"]:
        return j + 1
    if words[j : j + 1] == ["of"] and words[j + 1 : j + 2] in (["the"], ["those"], ["their"]):
        j += 2  # "two of the soldiers"
    last = None
    for k in range(j, min(j + 3, len(words))):
        w = words[k]
        if not w.isalpha() or w in _MEASURES or w in _FUNCTION or w in _AND or (last is not None and w.endswith("ed")):
            break  # a verb such as "fled" ends the phrase, but "12 killed" and "three armed men" are kept
        if w in _ARABIC_STOPS or (last is not None and _ARABIC_AND.match(w)):
            break
        if last is None and w.endswith("ed") and w not in _DEATH | _HURT | _count_context()["harmed"]:
            after = words[k + 1] if k + 1 < len(words) else ""
            if not after.isalpha() or after in _FUNCTION or after in _MEASURES:
                break  # "all four worked for a trader": a verb, not "three armed men"
        last = k
        if w == "police" and words[k + 1 : k + 2] and words[k + 1] in _POLICE_NOUNS:
            continue  # "five police officers"
        if w.endswith(("s", "men")) or w in ("people", "children", "police", "personnel", "staff", "dead"):
            break  # a plural or a group of people closes the phrase: "three soldiers"
    return last


def _bare_toll(words: list[str], item: _Item) -> bool:
    """A bare number right after a verb of harm that ends a clause or pairs with another toll: "killing 9,",
    "wounding more than 50.", "killed 7 and injured 50". After one verb at the end of a line ("..., killing 37" in
    a headline) it is left out: a headline's toll is the whole story's, not one incident's. After a Romance verb of
    dying the number is that verb's subject wherever the clause goes on ("murieron otros dos en Tarvo")."""
    a, b = item.a, item.b
    verb = a - 1 - (a > 1 and words[a - 1] in _OTHER_BEFORE)
    if verb >= 0 and words[verb] in DYING_VERBS:
        return True  # "murieron otros dos": the subject after its verb
    if a == 0 or words[a - 1] not in _HARM_VERBS:
        return False
    ends_clause = words[b : b + 1] in ([","], ["."], [";"])
    after = words[b : b + 1] in (["and"], [","]) and any(w in _HARM_VERBS for w in words[b + 1 : b + 3])
    before = a >= 3 and words[a - 2] in ("and", ",") and (words[a - 3][:1].isdigit() or words[a - 3] in _UNITS)
    return ends_clause or after or before


def _toll_figure(words: list[str], item: _Item) -> bool:
    """A bare number that is a toll's figure: "the death toll rose to 12", "bringing the toll to nine", "the dead
    so far number about 30", "the number of dead rose to 15". A toll for a war or a year is told apart by
    ``cumulative_spans``."""
    if _is_year(item, words[: item.b]):
        return False
    for k in range(item.a - 1, max(item.a - 9, -1), -1):
        w = words[k]
        if w == "toll" or (w == "dead" and words[k - 1 : k] in (["the"], ["of"])):
            return True
        if not w.isalpha() or w in ("but", "while", "whereas"):  # a comma, a number or another clause between
            return False
    return False


def _bare_victims(words: list[str], item: _Item) -> bool:
    """A bare number as the subject of a passive verb of harm: "two were killed in Jigawa", "five were wounded"."""
    return (
        words[item.b : item.b + 1] in (["were"], ["had"])
        and not _is_year(item, words[: item.b])
        and _harmed_after(words, item.b)
    )


def find_count_expressions(text: str) -> list[tuple[int, int, str]]:
    """Count phrases in an article, as ``(start, end, surface)``: candidates for the model to copy.

    A number (digits or words, with its qualifier or range) counts only with a noun after it
    ("at least 12 people", "5 to 7 civilians"); years, dates, ages and measures are skipped. Explicit
    zeros ("no casualties", "no one was hurt", "without casualties") are found too.
    """
    found = [(m.start(), m.end(), m.group()) for m in _ZERO_PHRASE.finditer(text or "")]
    toks = _tokens(text or "")
    words = [t[2] for t in toks]
    cumulative = cumulative_spans(text or "") + aggregate_spans(text or "")
    for it in _scan(words):
        last = _noun_end(words, it.b) if it.kind in ("count", "range") and not _is_year(it, words[: it.b]) else None
        if it.kind in ("count", "range") and not_casualty(words, it.a, it.b):
            continue  # "more than 250 incidents", "national road 4": no count of people
        if it.kind in ("count", "range") and any(a <= toks[it.a][0] < b for a, b in cumulative):
            continue  # "more than 250,000 people have died in the war": a toll of many events
        if (
            last is None
            and it.kind in ("count", "range")
            and (_bare_toll(words, it) or _bare_victims(words, it) or _toll_figure(words, it))
        ):
            last = it.b - 1  # "killed 7 and injured 50", "two were killed": the verbs say whom the numbers count
        if it.kind == "one":
            last = _single_victim(words, it)
        if last is not None:
            found.append((toks[it.a][0], toks[last][1], text[toks[it.a][0] : toks[last][1]]))
    found.sort(key=lambda f: (f[0], -f[1]))
    result: list[tuple[int, int, str]] = []
    for item in found:  # a zero phrase and a number may overlap ("no one was hurt"): keep the earliest
        if not result or item[0] >= result[-1][1]:
            result.append(item)
    return _joined_counts(text or "", result)


_PASSIVE = {"was", "were", "is", "has", "had", "been", "later", "reportedly", "allegedly", "also", "fatally"}


def _single_victim(words: list[str], item: _Item) -> int | None:
    """Index of the last word of "a <person>" when the words say that person was killed or hurt, else None: right
    after a verb of harm ("killing a civilian and wounding a soldier") or before a passive one ("a man was shot
    dead", "a child was wounded"). Any other "a <noun>" ("a bomb", "a market") counts nobody."""
    last = _noun_end(words, item.a + 1)
    if last is None or _is_tally(words[last]):
        return None
    if item.a > 0 and (words[item.a - 1] in _HARM_VERBS or words[item.a - 2 : item.a] == ["shot", "dead"]):
        return last
    if item.a > 1 and words[item.a - 1] == "and" and _after_harm(words, item.a - 2):
        return last  # "killed a commander and a militia leader": the second is a victim too
    if last > item.a + 1 and words[last].endswith("ing"):
        last -= 1  # "a cameraman working for ...": the participle opens a clause, not the noun
    nxt = words[last + 1] if last + 1 < len(words) else ""
    if nxt in ("who", "whose") or (nxt.endswith("ing") and nxt.isalpha()):
        k = _after_clause(words, last + 1)  # "a leader who was a member of the party, ..., was shot dead"
        if k and _harmed_after(words, k):  # "a cameraman working for the agency, ..., was hurt"
            return last
    if nxt == "and" and _harmed_subject_after(words, last + 2):
        return last  # "a policeman and two civilians died": one subject of the verb with the count after "and"
    if nxt in ("died", "perished") and ordinal_victim(" ".join(words[item.a : last + 1])):
        return last  # "a fifth miner died": one more victim told by its rank, with its own verb of dying
    reach = 5 if words[last + 1 : last + 2] == ["of"] else 2  # "the chief of Tarvo village was murdered"
    k = next(
        (k for k in range(last + 1, last + 1 + reach) if words[k : k + 1] in (["was"], ["were"], ["has"], ["had"])), 0
    )
    if not k:  # the auxiliary right after the phrase, or one word on ("a police jawan was killed")
        return None
    end = k - 1
    while end > last and words[end] in _FUNCTION:  # "a man who was shot": the phrase ends at "man"
        end -= 1
    return end if _harmed_after(words, k) else None


def _harmed_subject_after(words: list[str], k: int) -> bool:
    """Whether a counted phrase starts at ``k`` ("two civilians", "his two sons") and its verb says they died or were
    harmed ("died", "were killed"): the phrase before "and" shares that verb."""
    k += words[k : k + 1] in (["his"], ["her"], ["their"])
    number = _read_number(words, k) if k < len(words) else None
    last = _noun_end(words, number[1]) if number and number[1] < len(words) else None
    if last is None:
        return False
    verb = words[last + 1 : last + 2]
    return verb in (["died"], ["perished"]) or (verb in (["were"], ["was"]) and _harmed_after(words, last + 1))


def _after_clause(words: list[str], k: int) -> int | None:
    """Index of the auxiliary right after the comma that closes a relative clause begun before ``k`` ("who was a
    member of the party, the party founded in 2017, was shot"), or None; a full stop ends the search."""
    for j in range(k, min(k + 40, len(words) - 1)):
        if words[j] in (".", ";"):
            return None
        if words[j] == "," and words[j + 1] in ("was", "were", "had", "has"):
            return j + 1
    return None


def _after_harm(words: list[str], end: int) -> bool:
    """Whether the words up to ``end`` close an "a <person>" or "the <person>" phrase that follows a verb of harm
    ("killing the driver and his assistant"); an "of" phrase inside it is passed over ("killing a commander of a
    militia and his driver")."""
    for j in range(end, max(end - 10, -1), -1):
        if words[j] in ("a", "an") or words[j] in _DEFINITE:
            if j > 0 and (words[j - 1] in _HARM_VERBS or words[j - 2 : j] == ["shot", "dead"]):
                return True
            if j > 0 and words[j - 1] == "of":
                continue
            return False
    return False


def _harmed_after(words: list[str], k: int) -> bool:
    """Whether the words from the auxiliary at ``k`` say someone was harmed: "was shot", "were later killed", or
    found or told in that state ("was found dead", "were reported killed", "were feared dead": the verb takes the
    state as its complement)."""
    while k < len(words) and words[k] in _PASSIVE:
        k += 1
    if words[k : k + 1] and words[k] in _STATED:
        k += 1
        if words[k : k + 1] == ["dead"]:
            return True
    return k < len(words) and words[k] in _count_context()["harmed"]


#: Verbs that find or tell a state, which follows them: "found dead", "reported killed", "feared dead".
_STATED = {"found", "reported", "confirmed", "feared", "believed", "presumed"}


#: What may stand between two counts of one toll: "three soldiers and two civilians", "four police, two soldiers",
#: "a woman and her two children" (a possessive determiner opens the second phrase; the people are others still).
_COUNT_JOINER = re.compile(r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:(?:his|her|their)\s+)?")


#: A count right after these words is a part of the toll before it ("seven dead, including three children").
_SUBSET_BEFORE = re.compile(r"(?i)\b(?:including|among them|among whom|of whom|of them)\s*$")


def _joined_counts(text: str, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Counts joined by "and" or commas as one expression ("three soldiers and two civilians": one toll of 5, as
    the guide counts all sides), unless the words mix dead and wounded or the second is a subset."""
    out: list[tuple[int, int, str]] = []
    for start, end, surface in found:
        if (
            out
            and _COUNT_JOINER.fullmatch(text[out[-1][1] : start])
            and not _ZERO_PHRASE.match(surface)
            and not _ZERO_PHRASE.match(out[-1][2])
            and not _SUBSET_BEFORE.search(text[: out[-1][0]])
            and not _part_marker_after(text[end:])
        ):
            joined = text[out[-1][0] : end]
            words = [t[2] for t in _tokens(joined)]
            if not ((_DEATH | _HURT) & set(words) or _SUBSET & set(words) or "of" in words):
                out[-1] = (out[-1][0], end, joined)
                continue
        out.append((start, end, surface))
    return out


# --- numbers that count no casualties: tallies, names, dates, ages, cumulative tolls (data: count_context.csv) ---

_CONTEXT_KINDS = (
    "tally",
    "before",
    "span",
    "not_span",
    "attacker",
    "acting",
    "aggregate",
    "events",
    "part_of",
    "harmed",
    "places",
    "over_places",
    "fate",
    "revised",
    "toll_word",
    "armed_group",
    "state_forces",
    "anyone",
)


@functools.cache
def _context_alternation(kind: str) -> str:
    """One kind's phrases of count_context.csv as a regular-expression alternation, longest first."""
    return "|".join(re.escape(p) for p in sorted(_count_context()[kind], key=lambda p: (-len(p), p)))


@functools.cache
def _count_context() -> dict[str, frozenset[str]]:
    """The packaged word lists of ``extractor/data/count_context.csv``, by kind (see the file's header)."""
    out: dict[str, list[str]] = {kind: [] for kind in _CONTEXT_KINDS}
    for row in data_rows("count_context.csv"):
        if row["kind"] not in out:
            raise ValueError(
                f"extractor/data/count_context.csv: unknown kind {row['kind']!r} (one of {_CONTEXT_KINDS})"
            )
        out[row["kind"]].append(row["phrase"].strip().casefold())
    return {kind: frozenset(words) for kind, words in out.items()}


def not_casualty(words: list[str], a: int, b: int) -> str | None:
    """Why the number in ``words[a:b]`` (casefolded tokens, its qualifier included) counts no casualties, or
    None: the word after it is a unit ("some 20 km"), its noun counts things ("250 incidents", "80 cows"), or the
    word before it makes it a name, a date or an age ("national road 4", "the October 3 blast", "aged 25")."""
    context = _count_context()
    first = next((k for k in range(a, b) if words[k][:1].isdigit() or _read_number(words, k)), a)
    if first > 0 and words[first - 1] in context["before"]:
        return f'"{words[first - 1]}" before the number'
    if first > 1 and words[first - 1] == "." and words[first - 2] in context["before"]:
        return f'"{words[first - 2]}." before the number'  # "on Dec. 27", "km. 45": an abbreviation
    if first > 1 and words[first - 1] == "-" and words[first - 2].isalpha() and len(words[first - 2]) <= 3:
        return f'"{words[first - 2]}-" makes the number a name'  # "the K-1 air base", "an F-16", "BM-21"
    if b < len(words) and words[b] in _MEASURES and words[b] != "another":
        return f'"{words[b]}" is a measure'
    if words[b : b + 1] == ["de"] and words[b + 1 : b + 2] and words[b + 1] in _MEASURES:
        return f'"de {words[b + 1]}" is a measure or a date'  # "el 3 de mayo", "20 de kilómetros"
    if words[b : b + 2] == ["of", "the"] and words[b + 2 : b + 3] and words[b + 2] in context["part_of"]:
        return f'"of the {words[b + 2]}": a part of a toll told elsewhere'
    last = _noun_end(words, b) if b < len(words) else None
    head = _head_noun(words, first, b, last)
    if head is not None and _is_tally(head):
        return f'"{head}" are counted, not people'
    if last is not None and words[last] in context["attacker"] and _acting_after(words, last + 1):
        return f'the "{words[last]}" counted are those who acted'
    return None


_ROMANCE_NUMBERS = frozenset(r["word"].casefold() for r in _FOREIGN if r["kind"] == "number" and r["language"] != "ar")


def _head_noun(words: list[str], first: int, b: int, last: int | None) -> str | None:
    """The noun that says what the number at ``words[first]`` counts. English puts it last in the phrase ("three
    police vehicles"); French, Spanish and Portuguese put it first ("um veículo incendiado", "deux maisons brûlées"),
    so after a number word of those languages the first word of the phrase is the head."""
    if last is None:
        return None
    if words[first] in _ROMANCE_NUMBERS and b < len(words) and words[b].isalpha():
        return words[b]
    return words[last]


def _is_tally(noun: str) -> bool:
    """Whether ``noun`` counts things, not people (count_context.csv's tally words); a singular counts when its
    plural ("s" or "x" added) is listed, so "un véhicule" reads like "deux véhicules" (morphology, not a longer
    list)."""
    tally = _count_context()["tally"]
    return noun in tally or noun + "s" in tally or noun + "x" in tally


#: Words that may stand between the attackers and their verb ("forty gunmen on Sunday invaded").
_BETWEEN_ACTOR_AND_VERB = {
    "on",
    "early",
    "late",
    "last",
    "overnight",
    "reportedly",
    "allegedly",
    "also",
    "then",
    "first",
    "again",
    "morning",
    "afternoon",
    "evening",
    "night",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "yesterday",
    "today",
}


def _acting_after(words: list[str], k: int) -> bool:
    """Whether the words from ``k`` reach a verb of acting ("invaded", "stormed") past time words and a phrase of
    how they came ("two men on a motorcycle opened fire"), or a verb of harm with its object after it ("two men on a
    motorbike shot dead a journalist"; not "three soldiers killed in an ambush", a headline's passive)."""
    riding = False
    for i, w in enumerate(words[k : k + 7], k):
        if w in _count_context()["acting"]:
            return words[i + 1 : i + 2] != ["by"]  # "three soldiers attacked by gunmen": they were the victims
        if w in _count_context()["harmed"] and words[i - 1 : i] != ["were"]:
            nxt = next((x for x in words[i + 1 : i + 3] if x not in ("dead", "down")), "")
            return nxt.isalpha() and nxt not in _FUNCTION - {"a", "an", "the"} and nxt not in _MEASURES
        if w in _RIDING and not riding:
            riding = True
        elif not (riding and w.isalpha() and w not in _FUNCTION - {"a", "an", "the"}) and w not in (
            _BETWEEN_ACTOR_AND_VERB
        ):
            return False
    return False


#: Words that open how the attackers came, between them and their verb ("two men on a motorcycle opened fire").
_RIDING = {"on", "aboard", "riding", "in"}


@functools.cache
def _aggregate_pattern() -> re.Pattern[str]:
    return re.compile(
        rf"(?i)\b(?:{_context_alternation('aggregate')})\s+(?:[\w'’-]+\s+){{0,3}}?(?:{_context_alternation('events')})\b"
    )


@functools.cache
def _places_pattern() -> re.Pattern[str]:
    """Several places named by their number ("three villages", "deux localités", "several towns"), or a toll spread
    over a whole country ("across the country")."""
    numbers = "|".join(sorted((w for w, v in (_UNITS | _TENS).items() if v >= 2), key=len, reverse=True))
    return re.compile(
        rf"(?i)\b(?:[2-9]|\d\d+|{numbers}|several|multiple|numerous|various)\s+(?:[\w'’-]+\s+){{0,2}}?"
        rf"(?:{_context_alternation('places')})\b|\b(?:{_context_alternation('over_places')})\b"
    )


def aggregate_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text`` whose toll sums several incidents: "killed 37 in separate
    attacks", "a string of attacks killed 27", "hundreds of air strikes killed nearly 500". Its numbers are no
    incident's count; the incidents' own figures are told apart (GUIDE 2 and 10)."""
    pattern = _aggregate_pattern()
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if pattern.search(m.group(0))]


def sums_places(sentence: str) -> bool:
    """Whether ``sentence`` tells its toll for several places together: "gunmen stormed three villages, killing
    seven", "17 died across the country", "the attacks in Tarvo, Oska and Vell killed six". Its count is the whole event's, and no one place's incident takes it
    when the places are told apart (GUIDE 15: such a toll stays null on each place's incident)."""
    return bool(_places_pattern().search(sentence) or _PLACE_LIST.search(sentence))


#: Three or more capitalised names listed after "in" or "across" ("in Abuja, Kano and Jigawa"): several places. Two
#: names may be one ("in Jammu and Kashmir"), so a pair is not read as a list.
_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:de\s+|del\s+|do\s+|da\s+)?[A-Z][\w'’.-]+){0,2}"
_PLACE_LIST = re.compile(rf"\b(?:in|across|at|en|à|em)\s+{_NAME}(?:\s*,\s*{_NAME})+\s*,?\s+(?:and|et|y|e)\s+{_NAME}")


def revises_toll(sentence: str, start: int) -> bool:
    """Whether the count at ``sentence[start:]`` is a revised toll's figure: "the death toll rose to 11 on
    Thursday", "three had died, bringing the toll to 15" (15, not three), "le bilan est passé à onze morts". It is
    the latest and replaces the first one told (GUIDE 10: a revision is not a conflict); the first toll itself
    ("raised the first toll of three") is not."""
    context = _count_context()
    if not {t[2] for t in _tokens(sentence)} & context["revised"]:
        return False
    before = [t[2] for t in _tokens(sentence[:start])][-8:]
    for k in range(len(before) - 1, -1, -1):
        if not before[k].isalpha():
            return False
        if before[k] in context["toll_word"]:
            return not set(before[max(0, k - 3) : k]) & _EARLIER
    return False


#: Words that make a toll the one before the revision: "the first toll of three", "le premier bilan".
_EARLIER = {"first", "initial", "earlier", "previous", "provisional", "premier", "précédent", "primer", "inicial"}


#: A relative or appositive clause between the counted people and their verb ("four of the youths, who had gone
#: into the bush, were killed"; "five workers, one of them wounded, escaped"), or two in a row ("five officers,
#: among them Hakim, a unit commander, were killed").
_CLAUSE = r"(?:\s*,(?:\s*[^,;.]{1,120},){1,2})?"
_AUXILIARY = (
    r"(?:were|was|are|is|had\s+been|have\s+been|has\s+been|remain|remained|ont\s+été|a\s+été|sont|fueron|fue"
    r"|han\s+sido|foram|foi)"
)
_FATE_AFTER = re.compile(
    rf"(?i)^{_CLAUSE}\s+(?:{_AUXILIARY}\s+(?:(?:\w+ly|also|later|then|still|all|both|feared)\s+){{0,2}})?"
    r"([^\W\d_]+)"
)


def count_fate(text: str, end: int) -> tuple[str, bool] | None:
    """What the verb after a counted phrase (ending at ``end`` in ``text``) says befell them, as (verb, harmed):
    ("killed", True) in "four of the youths, who had gone for firewood, were killed"; ("arrested", False) in "at
    least ten people were arrested"; ("died", True) in "three died". None when the next words are no such verb:
    then the casualty words nearest the count decide."""
    m = _FATE_AFTER.match(text[end:])
    if m is None:
        return None
    verb = m.group(1).casefold()
    if verb in ("died", "perished") or verb in _count_context()["harmed"]:
        return verb, True
    if verb in _count_context()["fate"]:
        return verb, False
    return None


def is_part(text: str, start: int, end: int) -> bool:
    """Whether the count at ``text[start:end]`` is a part of a toll told just before it: after "including",
    "among them", "dont", "entre ellos" ("killing nine people, among them four children"), before a postposed
    "among them" ("killing seven people, two children among them"), or "N of them" set off by a comma ("killing
    five, three of them children"). Such a part is no option for either toll (GUIDE 10: a subset is already in its
    total), whichever casualty word stands nearer to it."""
    words = [t[2] for t in _tokens(text[:start])][-3:]
    if words and (words[-1] in _SUBSET - {"("} or tuple(words[-2:]) in _PART_PAIRS):
        return True
    if _part_marker_after(text[end:]):
        return True
    return bool(words and words[-1] == "," and _OF_THEM.match(text[start:end]))


_PART_PAIRS = {("among", "them"), ("among", "whom"), ("of", "whom"), ("among", "those"), ("entre", "ellos")}
_PART_PAIRS |= {("entre", "elles"), ("entre", "eux"), ("entre", "eles"), ("entre", "ellas"), ("entre", "elas")}
_OF_THEM = re.compile(r"(?i)^[\w-]+\s+(?:of\s+them|d'entre\s+eux|de\s+ellos|deles)\b")


#: A count whose verb is left out, after a count that has one: "four were killed in Tarvo, two in Oska and one in
#: Vell". Only a number (no noun) followed by "in"/"at" and a capitalised name; the verb is the sentence's.
_GAPPED = re.compile(r"(?:^|,\s*|\band\s+|\bwhile\s+)(?P<count>[\w-]+)\s+(?:(?:more|others?)\s+)?(?:in|at)\s+(?=[A-Z])")


def gapped_counts(text: str) -> list[tuple[int, int, str]]:
    """(start, end, surface) of each count in ``text`` whose verb is left out ("two in Oska", "and one in Vell"):
    the number alone, for the casualty word before it to claim."""
    out = []
    for m in _GAPPED.finditer(text):
        words = [t[2] for t in _tokens(m.group("count"))]
        number = _read_number(words, 0) if words else None
        if number is not None and number[1] == len(words) and number[0] >= 1:
            out.append((m.start("count"), m.end("count"), m.group("count")))
    return out


@functools.cache
def _cumulative_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    span = re.compile(rf"(?i)\b(?:{_context_alternation('span')})\b")
    compared = re.compile(rf"(?i)\b(?:{_context_alternation('not_span')})\b[^.;]{{0,30}}$")
    return span, compared


#: A toll told as a sum so far: "have been killed", "has died", "have now killed", "the death toll".
_PERFECT_TOLL = re.compile(
    r"(?i)\b(?:have|has|had)\s+(?:(?:now|so\s+far|already|reportedly|also|since)\s+)*(?:been\s+)?"
    r"(?:killed|died|wounded|injured|perished|lost\s+their\s+lives|claimed\s+the\s+lives)\b|\bdeath\s+tolls?\b"
)
_SENTENCE = re.compile(r"[^.!?;\n]+")


def cumulative_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text`` that tells a cumulative toll: a perfect-tense toll or "death toll"
    with words of a span of time or place ("since 2015", "in the war", "so far this year", "across the country";
    not "the deadliest since 2019"). Its numbers are many events' sum, not one incident's count."""
    span, compared = _cumulative_patterns()
    out = []
    for m in _SENTENCE.finditer(text):
        sentence = m.group(0)
        if not _PERFECT_TOLL.search(sentence):
            continue
        if any(not compared.search(sentence[: s.start()]) for s in span.finditer(sentence)):
            out.append((m.start(), m.end()))
    return out

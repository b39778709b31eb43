"""Field comparison and incident alignment for the scorer (the rules are stated in ``score.py``).

Kept apart from the report models and the bootstrap so the two decisions every metric rests on, "are these
two values the same?" and "are these two incidents the same?", can be read and tested on their own.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, Literal

import numpy as np
from rapidfuzz import fuzz
from scipy.optimize import linear_sum_assignment

from ..normalize.aliases import normalize_actor
from ..schemas import Incident

Outcome = Literal["TP", "TN", "FA", "FN", "FD"]
OUTCOMES: tuple[Outcome, ...] = ("TP", "TN", "FA", "FN", "FD")

#: rapidfuzz token_set_ratio (0-100) at or above which two normalized free-text values are equal.
TEXT_THRESHOLD = 85.0
#: ``date_pm1`` and the alignment treat dates this many days apart as (nearly) the same.
DATE_WINDOW_DAYS = 1
#: Pairs whose alignment similarity (0-1) is below this are never matched.
MIN_SIMILARITY = 0.5

TEXT_FIELDS: tuple[str, ...] = ("admin1", "locality", "site", "perpetrator", "claimed_by", "attributed_to", "target")
#: Named as the extractor names them: both sides pass through the packaged actor aliases first.
ACTOR_FIELDS: tuple[str, ...] = ("perpetrator", "claimed_by", "attributed_to")
#: Every scored field, in report order: schema fields plus the derived views date_pm1, place_admin1, place_locality.
FIELDS: tuple[str, ...] = (
    "primary", "event_type", "sub_event_type", "date", "date_pm1", "date_precision",
    "country", "admin1", "locality", "place_admin1", "place_locality", "site",
    "perpetrator", "claimed_by", "attributed_to", "target", "weapon", "killed", "injured",
)  # fmt: skip

_APOSTROPHES = re.compile(r"['\u2018\u2019`\u02bc]")
_NON_WORD = re.compile(r"[\W_]+")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an) (?=\S)")


#: Words whose final "s" or "-men" is not an English plural ending (or that are the same in both numbers).
_NO_FOLD = frozenset({
    "police", "news", "series", "species", "headquarters", "hamas", "always", "various",
    "yemen", "omen", "amen", "abdomen", "specimen", "regimen",
})  # fmt: skip


def fold_plural(token: str) -> str:
    """A regular English plural reduced to its singular, so "jihadists" and "jihadist fighters" compare alike.

    Rules, first match wins: words in ``_NO_FOLD`` stay; "-men" -> "-man" (gunmen, policemen, women);
    "-ies" -> "-y" (militaries, authorities); "-es" after x, ch or sh -> drop "es" (clashes, churches);
    a final "s" -> dropped when the word is longer than 3 letters and does not end in "ss", "us" or
    "is" (fighters, houses, forces; not "press", "campus", "Tunis"). Deliberately light: both sides go
    through the same folding, so a wrong singular ("buses" -> "buse") still compares equal to itself.
    """
    if token in _NO_FOLD:
        return token
    if token.endswith("men"):
        return token[:-3] + "man"
    if len(token) <= 3:
        return token
    if token.endswith("ies") and len(token) > 4:
        return token[:-3] + "y"
    if token.endswith(("xes", "ches", "shes")):
        return token[:-2]
    if token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


#: Letters NFKD leaves whole that are a base letter with a mark all the same ("Iğdır" is "Igdir", "Łódź" "Lodz").
_BASE_LETTERS = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ħ": "h"})


def normalize_text(value: str) -> str:
    """Casefold, strip accents and apostrophes, punctuation -> spaces, drop a leading the/a/an, fold plurals."""
    decomposed = unicodedata.normalize("NFKD", value.casefold()).translate(_BASE_LETTERS)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Apostrophes vanish rather than split a word: "Ta'izz" and "Taizz" must stay one token.
    spaced = _LEADING_ARTICLE.sub("", _NON_WORD.sub(" ", _APOSTROPHES.sub("", bare)).strip())
    return " ".join(fold_plural(token) for token in spaced.split(" ")) if spaced else spaced


def text_equal(gold: str, pred: str) -> bool:
    """Fuzzy equality of two already-normalized, non-empty strings."""
    return gold == pred or fuzz.token_set_ratio(gold, pred) >= TEXT_THRESHOLD


def _near(gold: dt.date, pred: dt.date) -> bool:
    return abs((gold - pred).days) <= DATE_WINDOW_DAYS


def _outcome(gold: Any, pred: Any, same: Callable[[Any, Any], bool]) -> Outcome:
    if gold is None and pred is None:
        return "TN"
    if gold is None:
        return "FA"
    if pred is None:
        return "FN"
    return "TP" if same(gold, pred) else "FD"


def _composite(parts: Sequence[Outcome]) -> Outcome:
    """One outcome for a place hierarchy: right only if every level is right (TP or TN)."""
    if all(o == "TN" for o in parts):
        return "TN"
    if all(o in ("TP", "TN") for o in parts):
        return "TP"
    if all(o in ("TN", "FA") for o in parts):
        return "FA"
    if all(o in ("TN", "FN") for o in parts):
        return "FN"
    return "FD"


def _text(value: str | None) -> str | None:
    # An empty or punctuation-only string says nothing: treat it as null rather than as a value.
    normalized = normalize_text(value) if value is not None else ""
    return normalized or None


def field_outcomes(gold: Incident, pred: Incident) -> dict[str, Outcome]:
    """The outcome of every field in FIELDS for one matched pair."""
    out: dict[str, Outcome] = {}
    for name in FIELDS:
        if name in ACTOR_FIELDS:  # "ISWAP fighters" is the "Islamic State West Africa Province" a prediction names
            out[name] = _outcome(
                _text(normalize_actor(getattr(gold, name))), _text(normalize_actor(getattr(pred, name))), text_equal
            )
        elif name in TEXT_FIELDS:
            out[name] = _outcome(_text(getattr(gold, name)), _text(getattr(pred, name)), text_equal)
        elif name == "date_pm1":
            out[name] = _outcome(gold.date, pred.date, _near)
        elif not name.startswith("place_"):
            out[name] = _outcome(getattr(gold, name), getattr(pred, name), lambda a, b: a == b)
    out["place_admin1"] = _composite([out["country"], out["admin1"]])
    out["place_locality"] = _composite([out["country"], out["admin1"], out["locality"]])
    return {name: out[name] for name in FIELDS}


def _level(gold: Any, pred: Any, same: Callable[[Any, Any], bool]) -> float:
    # Both unknown is neutral evidence; one unknown is weak evidence; a clash is evidence against.
    return {"TP": 1.0, "TN": 0.5, "FA": 0.25, "FN": 0.25, "FD": 0.0}[_outcome(gold, pred, same)]


def similarity(gold: Incident, pred: Incident) -> float:
    """How likely two incidents are the same event, 0-1: 0.4 type + 0.3 date + 0.3 place.

    type: 1 same sub_event_type, 0.5 same event_type only. date: 1 equal, 0.75 within the window.
    place: 0.3 country + 0.3 admin1 + 0.4 locality. For date and each place level, both null
    scores 0.5 and one null 0.25, so missing data neither makes nor breaks a match.
    """
    if gold.sub_event_type == pred.sub_event_type:
        kind = 1.0
    else:
        kind = 0.5 if gold.event_type == pred.event_type else 0.0
    date = _level(gold.date, pred.date, lambda a, b: a == b)
    if date == 0.0 and _near(gold.date, pred.date):  # type: ignore[arg-type]  # FD implies both present
        date = 0.75
    place = (
        0.3 * _level(gold.country, pred.country, lambda a, b: a == b)
        + 0.3 * _level(_text(gold.admin1), _text(pred.admin1), text_equal)
        + 0.4 * _level(_text(gold.locality), _text(pred.locality), text_equal)
    )
    return 0.4 * kind + 0.3 * date + 0.3 * place


def align(
    gold: Sequence[Incident], pred: Sequence[Incident]
) -> tuple[list[tuple[int, int, float]], list[int], list[int]]:
    """Match predicted to gold incidents one-to-one, maximizing total similarity (Hungarian algorithm).

    Returns ``(pairs, missed, false_positives)``: pairs are ``(gold_index, pred_index, similarity)``
    sorted by gold index; missed are unmatched gold indices; false positives unmatched pred indices.
    """
    # Solve on a canonical order so the answer cannot depend on how either list happens to be ordered.
    g_order = sorted(range(len(gold)), key=lambda i: gold[i].model_dump_json())
    p_order = sorted(range(len(pred)), key=lambda j: pred[j].model_dump_json())
    pairs: list[tuple[int, int, float]] = []
    if g_order and p_order:
        sim = np.array([[similarity(gold[i], pred[j]) for j in p_order] for i in g_order])
        # Ties in similarity are broken by how many fields agree, so equally plausible pairings
        # resolve to the one that is most favourable to the system, whatever the input order.
        agree = np.array([[_agreement(gold[i], pred[j]) for j in p_order] for i in g_order])
        # Sub-threshold cells weigh 0, the same as leaving both unmatched, so they never steal a match.
        weights = np.where(sim >= MIN_SIMILARITY, sim + 1e-3 * agree, 0.0)
        rows, cols = linear_sum_assignment(weights, maximize=True)
        pairs = [
            (g_order[r], p_order[c], float(sim[r, c]))
            for r, c in zip(rows, cols, strict=True)
            if sim[r, c] >= MIN_SIMILARITY
        ]
    pairs.sort()
    matched_g = {g for g, _, _ in pairs}
    matched_p = {p for _, p, _ in pairs}
    missed = [i for i in range(len(gold)) if i not in matched_g]
    false_positives = [j for j in range(len(pred)) if j not in matched_p]
    return pairs, missed, false_positives


def _agreement(gold: Incident, pred: Incident) -> float:
    outcomes = field_outcomes(gold, pred).values()
    return sum(o in ("TP", "TN") for o in outcomes) / len(FIELDS)

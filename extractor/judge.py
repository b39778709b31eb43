"""The judge step: how likely each field of a record is wrong, the record's confidence and needs_review.

Nothing here calls a model. Every signal is read from the record and its article (plus, for the decomposed path,
what the engine chose among), so stored predictions can be judged again and calibrated offline:

- the field and whether it holds a value: each field's own rate of error, for a value and for a null (for
  ``primary``: True, or False, a background mention);
- where the value came from (``field_sources``): the event sentence, nearby (the event's paragraph or the next),
  the headline, a dateline, context (elsewhere in the article), inferred (no span of its own: the gazetteer's
  admin1 or country, a default), or model (the engine chose it over the heuristic's pick);
- how close a call the decomposed engine's choice was (``choice_probability``: the chosen option's share of the
  option scores, the model's likelihoods plus the heuristic prior, or the prior's ranks alone);
- how its quote was found in the text (exact, or only normalized or fuzzy);
- a normalization note on it (a vague count, an unresolved date, a place the gazetteer lacks, a dropped value);
- the record: a background mention rather than the article's main event; validation re-asks (one-call);
- the article's words (``layout``): other types cued in the incident's sentence or none of the chosen one, other
  weapon words there, a sentence of dying or injury with no count (or a weapon word with no weapon), a count by a
  tally word, its size and the counts beside it, a phrase cut mid-way or one bare word; and the chosen option
  (sub-event type, date precision). Their words are data (``extractor/data/review_cues.json``);
- structure: a field left empty in a type of event (ACLED's event_type) that usually names it, where a protest
  rightly leaves a weapon or target empty and an attack on civilians seldom does; a locality named like its admin1
  (the region's capital standing in for a village the gazetteer lacks) or also named in the headline or dateline;
  how far a place or actor value stands from the cue word of the record's type in its sentence (the event's
  subject, object and place sit beside its verb; a noun of another clause further off).

The score of a field is additive: its intercept plus the weight of each signal present (a weight shared by all
fields plus the field's own, "killed.source:headline", where the fit found one), turned into a
probability by the logistic function. A field whose probability of being wrong reaches the threshold is
flagged (``review_fields``); a record with a flagged field ``needs_review``; its ``confidence`` is the expected
share of its judged fields that are right (one minus the mean probability): on the real dev split it ranks records
by how many fields are wrong better than the single worst field does. Weights and threshold are data
(``extractor/data/review_weights.json``), fitted on the dev split by ``scripts/calibrate_review.py``, which
writes down how.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from .candidates import cue_spans
from .decomposed.mentions import Sentence, cued_types, dateline_end, split_sentences
from .normalize.aliases import weapon_aliases
from .normalize.numbers import find_count_expressions
from .pipeline import FieldChoice
from .schemas import Evidence, FieldSource, Incident
from .schemas.vocab import WEAPONS

__all__ = [
    "JUDGED_FIELDS",
    "Layout",
    "Weights",
    "choice_probabilities",
    "field_signals",
    "field_sources",
    "judge",
    "load_weights",
    "score_fields",
    "value_kind",
]

#: The record fields the judge scores: the Incident fields the evaluation scores (its derived views aside).
JUDGED_FIELDS: tuple[str, ...] = (
    "primary", "event_type", "sub_event_type", "date", "date_precision", "country", "admin1", "locality", "site",
    "perpetrator", "claimed_by", "attributed_to", "target", "weapon", "killed", "injured",
)  # fmt: skip
#: The span a field's value stands on when it has none of its own (the type quote, the date words).
_SPAN_OF = {"primary": "sub_event_type", "event_type": "sub_event_type", "date_precision": "date"}
#: Fields the gazetteer fills from the place's span: their value is inferred, not read.
_PLACE_DERIVED = ("country", "admin1")
#: The decomposed question whose choice fills each field (the place question fills locality or admin1).
_QUESTION_OF = {
    "admin1": "locality",
    "date": "date_text",
    "date_precision": "date_text",
    "primary": "sub_event_type",
    "event_type": "sub_event_type",
}
#: Note prefixes and the field they are about (normalization and grounding write them: pipeline.build_incidents).
_NOTE_FIELDS = (
    ("killed:", "killed"),
    ("injured:", "injured"),
    ("date unresolved", "date"),
    ("place unresolved", "locality"),
    ("country ", "country"),
    ("weapon ", "weapon"),
)
_SURFACE_NAMES = {"date_text": "date", "type_quote": "sub_event_type"}

DEFAULT_WEIGHTS = "review_weights.json"
#: Words that make a value doubtful (tally words near a count, words a noun phrase does not start or end with).
REVIEW_CUES = "review_cues.json"
_PHRASE_FIELDS = ("site", "perpetrator", "claimed_by", "attributed_to", "target")
#: More words than this in an actor, target or site: likely a clause rather than a noun phrase.
_LONG_PHRASE = 5
#: A death or injury count at least this large is a signal (tolls of a war or a year reach it more than incidents).
_LARGE_COUNT = 100
#: A chosen option's share of the option scores under this is a close call.
_CLOSE_CALL = 0.75
#: A date more than this many days before publication is a signal.
_OLD_DAYS = 31
#: Fields whose value, repeated in another record of the article, is a signal.
_SHARED_FIELDS = ("date", "admin1", "locality", "site", "perpetrator", "target", "killed", "injured")


@dataclass(frozen=True)
class Weights:
    """An additive logistic score: per field an intercept for a value and one for a null, shared signal weights."""

    intercepts: Mapping[str, Mapping[str, float]]
    weights: Mapping[str, float]
    threshold: float
    about: Mapping[str, Any]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Weights:
        return cls(
            intercepts=data["intercepts"],
            weights=data["weights"],
            threshold=float(data["threshold"]),
            about={k: v for k, v in data.items() if k not in ("intercepts", "weights", "threshold")},
        )

    def to_dict(self) -> dict[str, Any]:
        return {**self.about, "threshold": self.threshold, "intercepts": self.intercepts, "weights": self.weights}


@lru_cache(maxsize=4)
def load_weights(path: str | None = None) -> Weights:
    """The fitted weights: ``path``, or the packaged ``extractor/data/review_weights.json``."""
    text = Path(path).read_text("utf-8") if path else (files("extractor") / "data" / DEFAULT_WEIGHTS).read_text("utf-8")
    return Weights.from_dict(json.loads(text))


class Layout:
    """An article's sentences, its preamble (title lines before the first full sentence) and datelines."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sentences: list[Sentence] = split_sentences(text)
        self.starts = [s.start for s in self.sentences]
        self.preamble = 0
        while self.preamble < len(self.sentences) and not self.sentences[self.preamble].text.rstrip().endswith(
            (".", "!", "?", '"', "”", ":")
        ):
            self.preamble += 1

    def sentence_of(self, span: Evidence | None) -> Sentence | None:
        """The sentence a span starts in (None without a span)."""
        n = self.sentence_at(span.start) if span is not None else None
        return self.sentences[n] if n is not None else None

    def sentence_at(self, offset: int) -> int | None:
        n = bisect.bisect_right(self.starts, offset) - 1
        return n if n >= 0 else None

    def where(self, span: Evidence, event: int | None) -> FieldSource:
        """Where a span lies relative to the event sentence (index ``event``): a FieldSource."""
        n = self.sentence_at(span.start)
        if n is None:
            return "context"
        sentence = self.sentences[n]
        if span.start < sentence.start + dateline_end(sentence.text):
            return "dateline"
        if n < self.preamble:
            return "headline"
        if event is None:
            return "context"
        if n == event:
            return "event_sentence"
        if 0 <= sentence.paragraph - self.sentences[event].paragraph <= 1:
            return "nearby"
        return "context"


def _alternation(words: Sequence[str]) -> re.Pattern[str]:
    """Whole words or phrases, case-insensitive; a trailing ``*`` takes any ending ("kill*": killed, killing)."""
    parts = [
        re.escape(w.rstrip("*")).replace(r"\ ", r"\s+") + (r"\w*" if w.endswith("*") else "")
        for w in sorted(words, key=len, reverse=True)
    ]
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Cues:
    tally: re.Pattern[str]
    death: re.Pattern[str]
    injury: re.Pattern[str]
    edges: frozenset[str]


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    data = json.loads((files("extractor") / "data" / REVIEW_CUES).read_text("utf-8"))
    return _Cues(
        tally=_alternation(data["tally_words"]),
        death=_alternation(data["death_words"]),
        injury=_alternation(data["injury_words"]),
        edges=frozenset(w.lower() for w in data["phrase_edge_words"]),
    )


def _weapons_in(text: str) -> set[str]:
    return {canonical for *_, canonical in weapon_aliases().find(text) if canonical in WEAPONS}


def _value(incident: Incident, name: str) -> Any:
    return getattr(incident, name)


def value_kind(incident: Incident, name: str) -> str:
    """Which intercept a field takes: "null" for no value, and for ``primary`` False (a background mention: the
    records most often wrong about it); "value" otherwise."""
    value = _value(incident, name)
    return "null" if value is None or value is False else "value"


def field_sources(
    incident: Incident, layout: Layout, choices: Mapping[tuple[str, str], FieldChoice] | None = None
) -> dict[str, FieldSource]:
    """Where each non-null judged field's value came from (see the module docstring)."""
    evidence = incident.evidence
    type_span = evidence.get("sub_event_type") or evidence.get("event_type")
    event = layout.sentence_at(type_span.start) if type_span is not None else None
    if event is not None and event < layout.preamble:
        event = None  # a headline-only mention: every other span is read against the body at large
    place = evidence.get("locality")
    out: dict[str, FieldSource] = {}
    for name in JUDGED_FIELDS:
        if _value(incident, name) is None:
            continue
        span = evidence.get(name) or evidence.get(_SPAN_OF.get(name, name))
        if span is None:
            out[name] = "inferred"
            continue
        if (
            name in _PLACE_DERIVED
            and place is not None
            and (span.start, span.end) == (place.start, place.end)
            and name != "locality"
        ):
            out[name] = "inferred"
            continue
        if name in ("primary", "event_type", "sub_event_type"):
            type_sentence = layout.sentence_at(type_span.start) if type_span is not None else None
            in_preamble = type_sentence is not None and type_sentence < layout.preamble
            out[name] = "headline" if in_preamble else "event_sentence"
            continue
        out[name] = layout.where(span, event)
        choice = (choices or {}).get((_QUESTION_OF.get(name, name), span.quote))
        if choice is not None and choice.by_model:
            out[name] = "model"
    return out


def choice_probabilities(incident: Incident, choices: Mapping[tuple[str, str], FieldChoice] | None) -> dict[str, float]:
    """Per non-null judged field, the share of the option scores the decomposed engine gave the value it chose
    (where a question chose it): a close call between options is a reason to doubt the value."""
    out: dict[str, float] = {}
    for name in JUDGED_FIELDS:
        value = _value(incident, name)
        if value is None or not choices:
            continue
        question = _QUESTION_OF.get(name, name)
        span = incident.evidence.get(name) or incident.evidence.get(_SPAN_OF.get(name, name))
        keys = [(question, str(value))] + ([(question, span.quote)] if span is not None else [])
        if question == "sub_event_type":
            keys.insert(0, (question, incident.sub_event_type))
        found = next((choices[key] for key in keys if key in choices), None)
        if found is not None:
            out[name] = round(found.probability, 4)
    return out


def _noted(incident: Incident) -> set[str]:
    fields: set[str] = set()
    for note in incident.notes:
        for prefix, name in _NOTE_FIELDS:
            if note.startswith(prefix):
                fields.add(name)
        for marker in ("dropped ungrounded ", "ungrounded "):
            if note.startswith(marker):
                surface = note[len(marker) :].split(":", 1)[0]
                fields.add(_SURFACE_NAMES.get(surface, surface))
    if "place unresolved" in " ".join(incident.notes):
        fields.add("admin1")
    return fields


def field_signals(
    incident: Incident,
    sources: Mapping[str, str],
    *,
    reasks: int = 0,
    article: Sequence[Incident] = (),
    published: dt.date | None = None,
    layout: Layout | None = None,
) -> dict[str, dict[str, float]]:
    """Per judged field, the signals present (name -> amount); the intercept depends on value or null.

    ``article`` is every record of the article (``incident`` among them): a roundup's records are harder to keep
    apart, and a value another record repeats was read from shared words. ``published`` dates the article;
    ``layout`` is its text split (without it, the signals read from the words around a value are left out)."""
    noted = _noted(incident)
    words = _text_signals(incident, layout) if layout is not None else {}
    others = [other for other in article if other is not incident]
    lag = (published - incident.date).days if published is not None and incident.date is not None else None
    out: dict[str, dict[str, float]] = {}
    for name in JUDGED_FIELDS:
        value = _value(incident, name)
        signals: dict[str, float] = {}
        if value is not None and name in _SHARED_FIELDS and any(_value(o, name) == value for o in others):
            signals["shared"] = 1.0
        if lag is not None and name in ("date", "date_precision"):
            if lag == 0:
                signals["date:publication_day"] = 1.0  # "today", or a date read from the dateline
            elif lag > _OLD_DAYS:
                signals["date:old"] = 1.0  # history told as background, or a date misread
        probability = incident.choice_probability.get(name)
        if probability is not None and probability < 1.0:
            signals["choice:doubt"] = -math.log(max(probability, 1e-6))  # the options were close
            if probability < _CLOSE_CALL:
                signals["choice:close"] = 1.0  # another option held a good share of the score
        if value is not None and name != "primary":
            source = sources.get(name, "inferred")
            if source != "event_sentence":
                signals[f"source:{source}"] = 1.0
            span = incident.evidence.get(name)
            if span is not None and span.alignment != "exact":
                signals["alignment:inexact"] = 1.0
            if name in _PHRASE_FIELDS and len(str(value).split()) > _LONG_PHRASE:
                signals["long_phrase"] = 1.0  # a clause cut out of a sentence, not a noun phrase
            if name in ("killed", "injured") and isinstance(value, int) and value >= _LARGE_COUNT:
                signals["large_count"] = 1.0  # a cumulative toll more often than one incident's
        if len(article) > 1:
            signals["incidents"] = math.log(len(article))
        if name in noted:
            signals["note"] = 1.0
        signals.update(words.get(name, {}))
        option = _OPTION_OF.get(name)
        if option is not None and _value(incident, option) is not None:
            signals[f"option:{_value(incident, option)}"] = 1.0  # some options are harder to get right
        if not incident.primary:
            signals["background"] = 1.0
        if value is None and name not in _TYPE_FIELDS:
            signals[f"empty:{incident.event_type}"] = 1.0  # a type of event that usually names this field
        if reasks:
            signals["reasks"] = math.log1p(reasks)
        out[name] = signals
    return out


#: The fields that say what happened (the record's type); every other field may be empty.
_TYPE_FIELDS = ("primary", "event_type", "sub_event_type", "date_precision")


#: Words a noun phrase may start with (though never end with).
_ARTICLE_WORDS = frozenset({"a", "an", "the"})
#: Fields whose chosen option is a signal of its own, and the field that holds the option.
_OPTION_OF = {"event_type": "sub_event_type", "sub_event_type": "sub_event_type", "date_precision": "date_precision"}


def _text_signals(incident: Incident, layout: Layout) -> dict[str, dict[str, float]]:
    """Signals read from the words of the incident's sentence and of each value's own sentence."""
    cues = _cues()
    evidence = incident.evidence
    event = layout.sentence_of(evidence.get("sub_event_type") or evidence.get("event_type"))
    event_text = event.text if event is not None else ""
    paragraph = " ".join(s.text for s in layout.sentences if s.paragraph == event.paragraph) if event else ""
    out: dict[str, dict[str, float]] = {}
    cued = cued_types(event_text) if event_text else []
    competing = len([sub for sub in cued if sub != incident.sub_event_type])
    for name in ("primary", "event_type", "sub_event_type"):
        signals = out.setdefault(name, {})
        if competing:
            signals["type:competing"] = float(competing)  # the sentence cues other types too
        if event_text and incident.sub_event_type not in cued:
            signals["type:uncued"] = 1.0  # no cue of the chosen type in its sentence
    named = _weapons_in(event_text)
    if incident.weapon is not None and len(named - {incident.weapon}) > 0:
        out.setdefault("weapon", {})["weapon:several"] = float(len(named - {incident.weapon}))
    if incident.weapon is None and named:
        out.setdefault("weapon", {})["unread:sentence"] = 1.0  # the sentence names a weapon the record lacks
    if incident.weapon is None and not named and _weapons_in(paragraph):
        out.setdefault("weapon", {})["unread:paragraph"] = 1.0
    for name, words in (("killed", cues.death), ("injured", cues.injury)):
        sentence = layout.sentence_of(evidence.get(name))
        if sentence is not None and cues.tally.search(sentence.text):
            out.setdefault(name, {})["count:tally"] = 1.0  # a count near a tally word: a running toll
        value = _value(incident, name)
        if isinstance(value, int) and value > 0:
            out.setdefault(name, {})["count:size"] = math.log10(value)  # larger counts are more often aggregates
        numbers = len(find_count_expressions(sentence.text)) if sentence is not None else 0
        if numbers > 1:
            out.setdefault(name, {})["count:several"] = float(numbers - 1)  # other counts beside it to confuse
        if value is None:  # the incident's sentence, or its paragraph, speaks of dead or hurt
            if words.search(event_text):
                out.setdefault(name, {})["unread:sentence"] = 1.0
            elif words.search(paragraph):
                out.setdefault(name, {})["unread:paragraph"] = 1.0
    out.setdefault("locality", {}).update(_place_signals(incident, layout))
    for name, signals in _role_signals(incident, layout).items():
        out.setdefault(name, {}).update(signals)
    for name in _PHRASE_FIELDS:
        value = _value(incident, name)
        tokens = str(value).lower().split() if value is not None else []
        if tokens and ((tokens[0] in cues.edges and tokens[0] not in _ARTICLE_WORDS) or tokens[-1] in cues.edges):
            out.setdefault(name, {})["phrase:fragment"] = 1.0  # cut mid-phrase: "a convoy of", "village and shot"
        if len(tokens) == 1:
            out.setdefault(name, {})["phrase:bare"] = 1.0  # one bare word ("men", "houses"): often too vague
    return out


#: Fields read from a phrase in a role around the event's cue word: places and the actors on each side.
_ROLE_FIELDS = ("locality", "site", "perpetrator", "target")


def _role_signals(incident: Incident, layout: Layout) -> dict[str, dict[str, float]]:
    """How far (log10 of 1 + characters) a place or actor value stands from the event's cue word (the verb or noun
    that cued the record's type, in the same sentence): the subject, object and place of the event sit beside
    it, a noun of another clause further off. Left out when the value is in another sentence (``source`` says
    so) or no cue word of the type is in the type quote."""
    evidence = incident.evidence
    cue = evidence.get("sub_event_type") or evidence.get("event_type")
    anchor = _cue_word(incident.sub_event_type, cue, layout.text) if cue is not None else None
    out: dict[str, dict[str, float]] = {}
    if anchor is None:
        return out
    start, end = anchor
    for name in _ROLE_FIELDS:
        span = evidence.get(name)
        if (
            _value(incident, name) is None
            or span is None
            or layout.sentence_at(span.start) != layout.sentence_at(start)
        ):
            continue
        gap = max(0, span.start - end, start - span.end)
        out[name] = {"role:distance": math.log10(1 + gap)}  # far from the cue: likely another clause's noun
    return out


def _cue_word(sub_event_type: str | None, quote: Evidence, text: str) -> tuple[int, int] | None:
    """Where, inside the type quote, the first cue word of ``sub_event_type`` stands (the candidates' cue table:
    "shot dead", "stormed"): the event's verb or noun, as article offsets; None without one."""
    found = cue_spans(text[quote.start : quote.end], sub_event_type)
    if not found:
        return None
    first = min(found)
    return quote.start + first[0], quote.start + first[1]


def _place_signals(incident: Incident, layout: Layout) -> dict[str, float]:
    """Signs that a locality is the article's headline place or its region's namesake rather than the
    incident's own village (the place a town the gazetteer lacks is most often swapped for)."""
    out: dict[str, float] = {}
    locality, admin1 = incident.locality, incident.admin1
    if locality is None:
        return out
    folded = locality.casefold()
    if admin1 is not None and (folded in admin1.casefold() or admin1.casefold() in folded):
        out["place:admin1_namesake"] = 1.0  # Damascus in Damascus: often the region's capital, not the village
    preamble = [s.text for s in layout.sentences[: layout.preamble]]
    if layout.sentences:
        first = layout.sentences[min(layout.preamble, len(layout.sentences) - 1)]
        preamble.append(first.text[: dateline_end(first.text)])
    if any(folded in text.casefold() for text in preamble):
        out["place:in_preamble"] = 1.0  # also the headline's or dateline's place
    return out


def _logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x > -700 else 0.0


def score_fields(incident: Incident, signals: Mapping[str, Mapping[str, float]], weights: Weights) -> dict[str, float]:
    """Per judged field, the probability that it is wrong."""
    out: dict[str, float] = {}
    for name, present in signals.items():
        x = weights.intercepts.get(name, {}).get(value_kind(incident, name), 0.0)
        x += sum(
            (weights.weights.get(signal, 0.0) + weights.weights.get(f"{name}.{signal}", 0.0)) * amount
            for signal, amount in present.items()
        )
        out[name] = _logistic(x)
    return out


def judge(
    incidents: Sequence[Incident],
    text: str,
    *,
    published: dt.date | None = None,
    reasks: int = 0,
    choices: Mapping[tuple[str, str], FieldChoice] | None = None,
    weights: Weights | None = None,
) -> list[Incident]:
    """The incidents with ``field_sources``, ``review_fields``, ``needs_review`` and ``confidence`` set.

    ``text`` is the article's stored text (evidence offsets refer to it), ``published`` its date; ``reasks`` the
    validation re-asks the one-call answer took; ``choices`` what the decomposed engine chose for each
    (question, value), kept on the record as ``choice_probability``."""
    weights = weights or load_weights()
    layout = Layout(text)
    scored = [
        incident.model_copy(update={"choice_probability": choice_probabilities(incident, choices)})
        for incident in incidents
    ]
    out: list[Incident] = []
    for incident in scored:
        sources = field_sources(incident, layout, choices)
        signals = field_signals(incident, sources, reasks=reasks, article=scored, published=published, layout=layout)
        wrong = score_fields(incident, signals, weights)
        flagged = [name for name in JUDGED_FIELDS if wrong[name] >= weights.threshold]
        out.append(
            incident.model_copy(
                update={
                    "field_sources": sources,
                    "review_fields": flagged,
                    "needs_review": bool(flagged),
                    "confidence": round(1.0 - sum(wrong.values()) / len(wrong), 4) if wrong else 1.0,
                }
            )
        )
    return out

"""Score predicted incidents against gold labels: record detection, per-field outcomes, bootstrap CIs.

Works on predictions from any tool, as long as they are ``ArticleExtraction`` records (JSON Lines for
``load_predictions``). The report is a pydantic model whose ``model_dump()`` is the JSON report; floats are
rounded to 4 decimals and the bootstrap is seeded, so the same inputs give byte-identical reports.

Alignment (per article, see ``matching.align``)
    Predicted and gold incidents are paired one-to-one by the Hungarian algorithm
    (``scipy.optimize.linear_sum_assignment``) maximizing total similarity, where
    similarity = 0.4 type + 0.3 date + 0.3 place (``matching.similarity`` gives the parts).
    Pairs below ``MIN_SIMILARITY`` = 0.5 are not matched: same sub-event type alone (0.4) is not
    enough, same date and place with a different type (0.6) is. Unmatched predictions are false
    positive records, unmatched gold incidents missed records; an article with no prediction at all
    misses every gold incident and is listed in ``missing_predictions``.

Field outcomes (on matched pairs only; detection errors are counted by the record metrics)
    TP both present and equal, TN both null, FA predicted a value where gold is null, FN gold has a
    value the prediction lacks, FD both present but different. accuracy = (TP+TN)/n,
    precision = TP/(TP+FA+FD), recall = TP/(TP+FN+FD); an empty denominator gives null.

Comparison rules
    * Exact: enums (event_type, sub_event_type, date_precision, weapon), booleans (primary),
      integers (killed, injured; 0 is a value, so null vs 0 is FA or FN), dates, country (ISO code).
    * Free text (admin1, locality, site, perpetrator, claimed_by, attributed_to, target): normalized
      (casefold, strip accents, drop apostrophes, punctuation -> space, collapse spaces, drop a leading
      "the"/"a"/"an", fold each word's regular English plural to its singular: "-men" -> "-man",
      "-ies" -> "-y", "-es" after x/ch/sh dropped, a final "s" dropped from words of 4+ letters not
      ending in "ss"/"us"/"is", with a short list of exceptions such as "police" and "news"; see
      ``matching.fold_plural``) then equal when rapidfuzz ``token_set_ratio`` >= ``TEXT_THRESHOLD`` = 85.
      "Abu Ghraib"/"Abu Ghuraib" (95) and "the Iraqi army"/"Iraqi army" (100) match, and so do
      "jihadists"/"jihadist fighters" and "gunmen"/"a gunman" (100 after folding). token_set_ratio
      scores a value whose words are a subset of the other's as 100 ("army" = "Iraqi army"): the scorer
      is deliberately lenient about extra qualifiers. A value that normalizes to "" counts as null.
      Actor fields (perpetrator, claimed_by, attributed_to) first go through ``normalize_actor`` with the
      packaged alias table on both sides, as extraction does: "ISWAP fighters" = "Islamic State West Africa
      Province", "RSF fighters" = "Rapid Support Forces".
    * Derived views: ``date_pm1`` counts dates at most ``DATE_WINDOW_DAYS`` = 1 apart as equal;
      ``place_admin1`` is right when country and admin1 both are, ``place_locality`` when country,
      admin1 and locality all are (TN where all are null on both sides, FA/FN when one side has none).

ACLED actor coding (scored only where the gold incident carries the field; see gold.GoldIncident)
    actor1, assoc_actor_1, actor2, assoc_actor_2, inter1, inter2, interaction and civilian_targeting: the
    prediction's values are coded from its incident in its article's context by ``extractor.acled.code_incidents``,
    as the ACLED export codes them. Actor names compare by ``actor_key`` (its docstring states the rules): state
    forces by kind and country (regime period and unit not compared), named groups by their one ACLED name (so
    "Boko Haram" = "JAS (Boko Haram)"), anything else exactly after ``normalize_text``; codes and
    civilian_targeting compare exactly. A field no gold incident labels has n = 0 and the note "never labelled",
    not an accuracy of 0.

Per feature
    ``by_feature`` repeats record F1 and per-field accuracy over the articles whose gold lists a feature
    ("roundup", "live blog", "non-English", ...) or a language ("language:fr"), so a weakness on one kind of
    article is not averaged away.

Views and confidence intervals
    ``primary_only=True`` keeps only primary incidents on both sides before alignment (indices in the
    details still refer to the full incident lists). CIs are 95% percentile bootstrap intervals over
    articles (resampled with replacement, ``seed`` fixed) for per-field accuracy and record P/R/F1.
    Per-article outcome counts are kept in the report so ``compare`` can run a paired bootstrap later.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, Field, ValidationError

from ..acled import ActorCoding, code_actors, code_incidents, resolve_actor
from ..normalize.places import country_code
from ..schemas import ArticleExtraction, Incident
from .gold import ACLED_GOLD_FIELDS, GoldArticle, GoldIncident
from .matching import (
    DATE_WINDOW_DAYS,
    FIELDS,
    MIN_SIMILARITY,
    OUTCOMES,
    TEXT_THRESHOLD,
    Outcome,
    align,
    field_outcomes,
    normalize_text,
)

REPORT_FORMAT = "incident-extractor.score/1"
CONFIDENCE = 0.95
DIGITS = 4

CI = tuple[float, float] | None

#: The ACLED coding fields, scored after the schema fields where gold labels them.
ACLED_FIELDS: tuple[str, ...] = ACLED_GOLD_FIELDS
SCORED_FIELDS: tuple[str, ...] = FIELDS + ACLED_FIELDS
_ACLED_ACTORS = ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")
NEVER_LABELLED = "never labelled"


_STATE_FORCES = re.compile(
    r"^(?P<kind>Military|Police) Forces of (?:the )?(?P<country>.+?)"
    r"(?:\s*\(\d{4}-(?:\d{4})?\)(?P<unit>\s.*)?)?$",
    re.IGNORECASE,
)
_ACRONYM_FIRST = re.compile(r"^[^\s:]{2,12}:\s+(?P<name>\S.*)$")


def actor_key(name: str | None, country: str | None, date: dt.date | None) -> str | None:
    """An ACLED actor name as compared; two names are the same actor when their keys are equal. First rule wins:

    1. state forces, "Military|Police Forces of [the] <country> [(<period>) [<unit>]]": kind and country only
       (ACLED's regime period and a unit written after it, "(2023-) Federal Highway Police", are not compared;
       the country by its ISO code, so "Democratic Republic of Congo" never equals "Republic of Congo");
    2. a named group of the ACLED tables (extractor/data/acled_actors.csv and aliases, whatever the form:
       "JAS (Boko Haram)", "JAS: Jamaatu Ahli ...", "Boko Haram"): its one ACLED name;
    3. any other name as written, an unresolved "ACRONYM: Name" by its name ("RPP: Rastriya Prajatantra Party"
       = "Rastriya Prajatantra Party"); generic forms compare whole, so "Unidentified Gang (Ecuador)" is not
       "Unidentified Armed Group (Ecuador)".
    Every key is then ``normalize_text``-ed: case, accents, apostrophes and hyphens do not count ("Al Shabaab" =
    "al-Shabaab"); anything else does.
    """
    if not name or not name.strip():
        return None
    text = " ".join(name.split())
    if m := _STATE_FORCES.match(text):
        place = m["country"].strip()
        code = country_code(place) if len(place) >= 4 else None
        return normalize_text(f"{m['kind']} forces of {code or place}") or None
    actor = resolve_actor(text, country, date)
    if actor is not None and actor.kind == "named":
        return normalize_text(actor.name) or None
    if m := _ACRONYM_FIRST.match(text):
        text = m["name"]
    return normalize_text(text) or None


def _compare(gold: Any, pred: Any) -> Outcome:
    if gold is None:
        return "TN" if pred is None else "FA"
    if pred is None:
        return "FN"
    return "TP" if gold == pred else "FD"


def labelled_coding(incident: GoldIncident) -> ActorCoding:
    """A labeller's own ACLED coding of an incident, so a second labeller's gold is compared label for label
    (scripts/label_agreement.py) rather than re-coded from its spans by ``code_incidents``."""
    return ActorCoding(
        actor1=incident.actor1,
        assoc_actor_1=incident.assoc_actor_1,
        inter1=incident.inter1,
        actor2=incident.actor2,
        assoc_actor_2=incident.assoc_actor_2,
        inter2=incident.inter2,
        interaction=incident.interaction,
        civilian_targeting=bool(incident.civilian_targeting),
    )


def acled_outcomes(gold: Incident, pred: Incident, coding: ActorCoding | None = None) -> dict[str, Outcome]:
    """Outcomes of the ACLED fields the gold incident labels (none for a plain Incident); ``coding`` is the
    prediction's coding in its article's context (``code_incidents``), else it is coded alone. A prediction that
    is itself a labelled GoldIncident (a second labeller) is compared by its own labels."""
    if not isinstance(gold, GoldIncident) or not any(gold.labelled(name) for name in ACLED_FIELDS):
        return {}
    if isinstance(pred, GoldIncident) and any(pred.labelled(name) for name in ACLED_FIELDS):
        coding = labelled_coding(pred)
    coding = coding or code_actors(pred)
    out: dict[str, Outcome] = {}
    for name in ACLED_FIELDS:
        if not gold.labelled(name):
            continue
        if name in _ACLED_ACTORS:
            out[name] = _compare(
                actor_key(getattr(gold, name), gold.country, gold.date),
                actor_key(getattr(coding, name), pred.country, pred.date),
            )
        else:
            out[name] = _compare(getattr(gold, name), getattr(coding, name))
    return out


def round_metric(value: float | None) -> float | None:
    # "+ 0.0" turns -0.0 into 0.0, so a zero delta never prints as "-0.0" in a JSON report.
    return None if value is None else round(float(value), DIGITS) + 0.0


def _ratio(num: float, den: float) -> float | None:
    return round_metric(num / den) if den else None


class Counts(BaseModel):
    """Outcome counts of one field over some matched pairs."""

    TP: int = 0
    TN: int = 0
    FA: int = 0
    FN: int = 0
    FD: int = 0

    def as_list(self) -> list[int]:
        return [self.TP, self.TN, self.FA, self.FN, self.FD]


class FieldScore(Counts):
    n: int = 0
    note: str | None = Field(default=None, description='"never labelled": no matched gold incident carries it')
    accuracy: float | None = None
    precision: float | None = None
    recall: float | None = None
    accuracy_ci: CI = None


class RecordScore(BaseModel):
    """Incident (record) detection: did the system find the incidents at all?"""

    matched: int = 0
    false_positives: int = 0
    missed: int = 0
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None
    precision_ci: CI = None
    recall_ci: CI = None
    f1_ci: CI = None


class PairDetail(BaseModel):
    gold: int = Field(description="index into the gold article's incidents")
    pred: int = Field(description="index into the prediction's incidents")
    similarity: float
    outcomes: dict[str, Outcome]


class ArticleDetail(BaseModel):
    """Everything the scorer decided for one article; enough to recompute every metric."""

    has_prediction: bool
    n_gold: int
    n_predicted: int
    pairs: list[PairDetail] = Field(default_factory=list)
    missed: list[int] = Field(default_factory=list, description="unmatched gold indices")
    false_positives: list[int] = Field(default_factory=list, description="unmatched prediction indices")
    field_counts: dict[str, Counts] = Field(default_factory=dict)


class BootstrapInfo(BaseModel):
    resamples: int
    seed: int
    confidence: float = CONFIDENCE


class FeatureScore(BaseModel):
    """The scores of the articles that share one gold feature ("roundup", "non-English", "language:fr")."""

    n_articles: int
    records_f1: float | None = None
    accuracy: dict[str, float | None] = Field(default_factory=dict, description="per field, labelled fields only")


class ScoreReport(BaseModel):
    format: str = REPORT_FORMAT
    view: Literal["all", "primary"]
    thresholds: dict[str, float]
    bootstrap: BootstrapInfo
    n_articles: int
    n_gold_incidents: int
    n_predicted_incidents: int
    missing_predictions: list[str] = Field(description="gold articles with no prediction (all incidents missed)")
    unscored_predictions: list[str] = Field(description="predicted articles absent from the gold set")
    records: RecordScore
    fields: dict[str, FieldScore]
    by_feature: dict[str, FeatureScore] = Field(
        default_factory=dict, description="the same scores per gold article feature and language, where gold says"
    )
    articles: dict[str, ArticleDetail]


def load_predictions(path: str | Path) -> dict[str, ArticleExtraction]:
    """Read JSON Lines of ArticleExtraction; blank lines are skipped, a bad line raises ValueError."""
    result: dict[str, ArticleExtraction] = {}
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                extraction = ArticleExtraction.model_validate_json(line)
            except ValidationError as exc:
                raise ValueError(f"{path}: line {number}: not an ArticleExtraction: {exc}") from exc
            if extraction.article_id in result:
                raise ValueError(f"{path}: line {number}: duplicate article_id {extraction.article_id!r}")
            result[extraction.article_id] = extraction
    return result


def score_article(
    gold: Sequence[Incident], pred: Sequence[Incident] | None, *, primary_only: bool = False
) -> ArticleDetail:
    """Align and compare one article's incidents; ``pred=None`` means the tool produced nothing."""
    keep_g = [i for i, inc in enumerate(gold) if inc.primary or not primary_only]
    keep_p = [j for j, inc in enumerate(pred or []) if inc.primary or not primary_only]
    pairs, missed, fps = align([gold[i] for i in keep_g], [pred[j] for j in keep_p] if pred else [])
    counts = {name: Counts() for name in SCORED_FIELDS}
    details = []
    codings = code_incidents(pred) if pred and any(isinstance(g, GoldIncident) for g in gold) else []
    for gi, pj, sim in pairs:
        g, p = gold[keep_g[gi]], pred[keep_p[pj]]  # type: ignore[index]
        outcomes = field_outcomes(g, p) | acled_outcomes(g, p, codings[keep_p[pj]] if codings else None)
        for name, outcome in outcomes.items():
            setattr(counts[name], outcome, getattr(counts[name], outcome) + 1)
        details.append(
            PairDetail(gold=keep_g[gi], pred=keep_p[pj], similarity=round(float(sim), DIGITS) + 0.0, outcomes=outcomes)
        )
    return ArticleDetail(
        has_prediction=pred is not None,
        n_gold=len(keep_g),
        n_predicted=len(keep_p),
        pairs=details,
        missed=[keep_g[i] for i in missed],
        false_positives=[keep_p[j] for j in fps],
        field_counts=counts,
    )


def count_arrays(articles: Mapping[str, ArticleDetail], ids: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Per-article counts as arrays: fields (n, len(SCORED_FIELDS), 5; FIELDS first) and records (n, 3:
    matched, fp, missed)."""
    fields = np.array(
        [[articles[a].field_counts.get(f, Counts()).as_list() for f in SCORED_FIELDS] for a in ids], dtype=np.int64
    ).reshape(len(ids), len(SCORED_FIELDS), len(OUTCOMES))
    records = np.array(
        [[len(articles[a].pairs), len(articles[a].false_positives), len(articles[a].missed)] for a in ids],
        dtype=np.int64,
    ).reshape(len(ids), 3)
    return fields, records


def resample_weights(n: int, resamples: int, seed: int) -> np.ndarray:
    """How often each of n articles appears in each bootstrap resample: shape (resamples, n)."""
    if n == 0 or resamples <= 0:
        return np.zeros((0, n), dtype=np.int64)
    # A multinomial draw per resample is the same as drawing n article ids with replacement.
    return np.random.default_rng(seed).multinomial(n, np.full(n, 1.0 / n), size=resamples)


def accuracy_of(fields: np.ndarray) -> np.ndarray:
    """(TP+TN)/n along the last axis, NaN where n == 0."""
    total = fields.sum(axis=-1).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, (fields[..., 0] + fields[..., 1]) / total, np.nan)


def record_rates(records: np.ndarray) -> np.ndarray:
    """Precision, recall, F1 along the last axis (matched, fp, missed), NaN where undefined."""
    m, fp, fn = (records[..., k].astype(float) for k in range(3))
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.where(m + fp > 0, m / (m + fp), np.nan)
        r = np.where(m + fn > 0, m / (m + fn), np.nan)
        f1 = np.where(2 * m + fp + fn > 0, 2 * m / (2 * m + fp + fn), np.nan)
    return np.stack([p, r, f1], axis=-1)


def percentile_ci(samples: np.ndarray) -> list[CI]:
    """95% percentile intervals along axis 0 (one per column), ignoring NaN; None when nothing is left."""
    tail = (1 - CONFIDENCE) / 2 * 100
    out: list[CI] = []
    for column in samples.reshape(samples.shape[0], -1).T:
        finite = column[~np.isnan(column)]
        if finite.size == 0:
            out.append(None)
        else:
            lo, hi = np.percentile(finite, [tail, 100 - tail])
            out.append((round_metric(lo), round_metric(hi)))  # type: ignore[arg-type]
    return out


def score(
    predictions: Mapping[str, ArticleExtraction | None],
    gold: Mapping[str, tuple[GoldArticle, str]],
    *,
    primary_only: bool = False,
    bootstrap: int = 1000,
    seed: int = 0,
) -> ScoreReport:
    """Score every gold article against its prediction; see the module docstring for the rules."""
    ids = sorted(gold)
    articles: dict[str, ArticleDetail] = {}
    for article_id in ids:
        extraction = predictions.get(article_id)
        articles[article_id] = score_article(
            gold[article_id][0].incidents,
            extraction.incidents if extraction is not None else None,
            primary_only=primary_only,
        )
    field_arr, record_arr = count_arrays(articles, ids)
    weights = resample_weights(len(ids), bootstrap, seed)
    if weights.shape[0]:
        acc_ci = percentile_ci(accuracy_of(np.einsum("bn,nfk->bfk", weights, field_arr)))
        rec_ci = percentile_ci(record_rates(weights @ record_arr))
    else:
        acc_ci, rec_ci = [None] * len(SCORED_FIELDS), [None] * 3

    fields: dict[str, FieldScore] = {}
    for k, name in enumerate(SCORED_FIELDS):
        tp, tn, fa, fn, fd = (int(x) for x in field_arr[:, k, :].sum(axis=0))
        total = tp + tn + fa + fn + fd
        fields[name] = FieldScore(
            TP=tp, TN=tn, FA=fa, FN=fn, FD=fd, n=total,
            note=NEVER_LABELLED if name in ACLED_FIELDS and total == 0 else None,
            accuracy=_ratio(tp + tn, tp + tn + fa + fn + fd),
            precision=_ratio(tp, tp + fa + fd),
            recall=_ratio(tp, tp + fn + fd),
            accuracy_ci=acc_ci[k],
        )  # fmt: skip
    m, fp, fn = (int(x) for x in record_arr.sum(axis=0))
    records = RecordScore(
        matched=m, false_positives=fp, missed=fn,
        precision=_ratio(m, m + fp), recall=_ratio(m, m + fn), f1=_ratio(2 * m, 2 * m + fp + fn),
        precision_ci=rec_ci[0], recall_ci=rec_ci[1], f1_ci=rec_ci[2],
    )  # fmt: skip
    groups: dict[str, list[int]] = {}
    for k, article_id in enumerate(ids):
        article = gold[article_id][0]
        tags = [*article.features, *([f"language:{article.language}"] if article.language else [])]
        for tag in dict.fromkeys(tags):
            groups.setdefault(tag, []).append(k)
    by_feature = {}
    for tag in sorted(groups):
        rows = groups[tag]
        sub_fields, (m_, fp_, fn_) = field_arr[rows].sum(axis=0), record_arr[rows].sum(axis=0)
        by_feature[tag] = FeatureScore(
            n_articles=len(rows),
            records_f1=_ratio(2 * int(m_), 2 * int(m_) + int(fp_) + int(fn_)),
            accuracy={
                name: _ratio(int(sub_fields[k][0] + sub_fields[k][1]), int(sub_fields[k].sum()))
                for k, name in enumerate(SCORED_FIELDS)
                if sub_fields[k].sum()
            },
        )
    return ScoreReport(
        view="primary" if primary_only else "all",
        thresholds={
            "min_match_similarity": MIN_SIMILARITY,
            "text_token_set_ratio": TEXT_THRESHOLD,
            "date_window_days": DATE_WINDOW_DAYS,
        },
        bootstrap=BootstrapInfo(resamples=max(bootstrap, 0), seed=seed),
        n_articles=len(ids),
        n_gold_incidents=sum(a.n_gold for a in articles.values()),
        n_predicted_incidents=sum(a.n_predicted for a in articles.values()),
        missing_predictions=[a for a in ids if not articles[a].has_prediction],
        unscored_predictions=sorted(a for a in predictions if a not in gold),
        records=records,
        fields=fields,
        by_feature=by_feature,
        articles=articles,
    )


def write_report(report: ScoreReport, path: str | Path) -> None:
    """Write the JSON report (2-space indent, trailing newline): stable, so reports diff cleanly."""
    Path(path).write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8")

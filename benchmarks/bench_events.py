"""Merge 1,000,000 synthetic incidents into events; print wall time, peak memory and how well it merged.

    python benchmarks/bench_events.py              # 1,000,000 incidents (a few minutes on 2 cores)
    python benchmarks/bench_events.py --n 100000   # quicker

The generator is seeded (same figures for the same --n and --seed). It plans events first and then writes
their reports, the way coverage happens:
* 40 countries with Zipf-like weights (a few dominate, as in ACLED), 2 years of dates, 400 synthetic towns
  per country (Zipf-like too: the capital sees most events), coordinates and GeoNames-style ids given as
  the pipeline gives them, so nothing is geocoded here;
* per event 1 + a geometric number of reports (mean about 2.5), from different articles published 1-6 days
  later; reports disagree on tolls (+-30%), sometimes on the day (+-1), the sub-event type, the site
  wording and the actor (stated, claimed or blamed);
* 15% of reports are background mentions in a later article (day, week or month precision);
* look-alikes arise on their own: busy towns have several events of one type in a week.

Figures: wall time of ``iter_events`` over all incidents (events consumed one by one, as the CLI writes
them), peak RSS (``resource.getrusage``; the input records themselves are part of it: the line "after
generating" shows how much), events produced vs planned, and pairwise precision/recall against the plan.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import gc
import itertools
import random
import resource
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractor.events import iter_events  # noqa: E402
from extractor.schemas import ArticleExtraction, Incident, Provenance  # noqa: E402

COUNTRIES = [
    "UA",
    "SY",
    "MM",
    "NG",
    "SD",
    "YE",
    "CD",
    "ML",
    "BF",
    "SO",
    "IQ",
    "AF",
    "PK",
    "MX",
    "CO",
    "ET",
    "CM",
    "NE",
    "IN",
    "PS",
    "LB",
    "LY",
    "MZ",
    "CF",
    "SS",
    "TD",
    "KE",
    "BR",
    "PH",
    "HT",
    "TR",
    "IR",
    "EG",
    "DZ",
    "BI",
    "UG",
    "VE",
    "EC",
    "PE",
    "BD",
]
TYPES = [
    (
        "Explosions/Remote violence",
        ["Shelling/artillery/missile attack", "Air/drone strike", "Remote explosive/landmine/IED", "Suicide bomb"],
        0.45,
    ),
    ("Battles", ["Armed clash"], 0.25),
    ("Violence against civilians", ["Attack", "Abduction/forced disappearance"], 0.2),
    ("Protests", ["Peaceful protest", "Protest with intervention"], 0.07),
    ("Riots", ["Violent demonstration", "Mob violence"], 0.03),
]
WEAPONS = {
    "Shelling/artillery/missile attack": ["rocket", "artillery", "mortar", "missile"],
    "Air/drone strike": ["aircraft", "drone"],
    "Remote explosive/landmine/IED": ["ied", "vehicle bomb"],
    "Suicide bomb": ["suicide vest", "vehicle bomb"],
    "Armed clash": ["firearm", None],
    "Attack": ["firearm", "bladed weapon", None],
    "Abduction/forced disappearance": [None],
}
TARGETS = [
    "an army patrol",
    "a police checkpoint",
    "the central market",
    "villagers",
    "a mosque",
    "a military base",
    "government offices",
    "a bus",
    "farmers",
    "the airport",
    "a school",
    "displaced families",
]
ACTORS = [
    "Islamic State",
    "al-Shabaab",
    "JNIM",
    "Boko Haram",
    "ADF",
    "M23",
    "Houthis",
    "gunmen",
    "state forces",
    "unidentified attackers",
]
START = dt.date(2023, 1, 1)
DAYS = 730
FIELDS_SET = set(Incident.model_fields)  # every field is set; shared (model_copy copies it before changing it)
NO_NOTES: list[str] = []  # shared and never mutated: merging reads incidents, it does not change them
NO_EVIDENCE: dict = {}
PROVENANCE = Provenance(backend="synthetic", model="bench", prompt_hash="-", prompt_version="-")


def _towns(rng: random.Random) -> dict[str, list[tuple[int, float, float, str, str]]]:
    towns = {}
    for c, cc in enumerate(COUNTRIES):
        lat0, lon0 = rng.uniform(-10, 45), rng.uniform(-80, 100)
        towns[cc] = [
            (
                1_000_000 + c * 1000 + t,
                lat0 + rng.uniform(-4, 4),
                lon0 + rng.uniform(-4, 4),
                f"Region {t % 12}",
                f"Town {cc}-{t}",
            )
            for t in range(400)
        ]
    return towns


_TOWN_CUMULATIVE = list(itertools.accumulate(1 / (k + 1) ** 1.1 for k in range(400)))


def _town_index(rng: random.Random) -> int:
    """Zipf-like: the first towns (the capital) see most events."""
    return bisect.bisect(_TOWN_CUMULATIVE, rng.random() * _TOWN_CUMULATIVE[-1])


def synthesize(n_incidents: int, seed: int) -> tuple[list[ArticleExtraction], dict[tuple[str, int], int]]:
    """Articles holding about ``n_incidents`` incidents, and each incident's planned event."""
    rng = random.Random(seed)
    towns = _towns(rng)
    country_weights = list(itertools.accumulate(1 / (k + 1) ** 0.9 for k in range(len(COUNTRIES))))
    type_weights = list(itertools.accumulate(w for *_, w in TYPES))
    articles: dict[str, list[tuple[Incident, int]]] = defaultdict(list)
    published: dict[str, dt.date] = {}
    next_article = 0
    made = 0
    event = 0
    while made < n_incidents:
        cc = rng.choices(COUNTRIES, cum_weights=country_weights)[0]
        gid, lat, lon, region, town = towns[cc][_town_index(rng)]
        event_type, subs, _ = rng.choices(TYPES, cum_weights=type_weights)[0]
        sub = rng.choice(subs)
        day = START + dt.timedelta(days=rng.randrange(DAYS))
        killed = rng.choice([0, 0, 1, 2, 3, 5, 8, 12, 20])
        weapon = rng.choice(WEAPONS.get(sub, [None]))
        target = rng.choice(TARGETS)
        actor = rng.choice(ACTORS)
        n_reports = 1
        while rng.random() < 0.6 and n_reports < 12:
            n_reports += 1
        for r in range(n_reports):
            background = r > 0 and rng.random() < 0.15
            if background:
                pub = day + dt.timedelta(days=rng.randint(7, 120))
                precision = rng.choice(["day", "day", "week", "month"])
            else:
                pub = day + dt.timedelta(days=rng.randint(1, 6))
                precision = "day"
            date = day + dt.timedelta(days=rng.choice([0, 0, 0, 0, 0, 0, 0, 0, 1, -1])) if precision == "day" else day
            if precision == "week":
                date = date - dt.timedelta(days=date.weekday())
            elif precision == "month":
                date = date.replace(day=1)
            date = min(date, pub)
            fields = dict(
                primary=not background,
                event_type=event_type,
                sub_event_type=sub if rng.random() < 0.9 else rng.choice(subs),
                date=date,
                date_text="on Monday",
                date_precision=precision,
                country=cc,
                admin1=region,
                locality=town,
                site=None,
                latitude=lat,
                longitude=lon,
                geonameid=gid,
                geo_precision=1,
                perpetrator=None,
                claimed_by=None,
                attributed_to=None,
                target=target if rng.random() < 0.7 else None,
                weapon=weapon if rng.random() < 0.8 else None,
                killed=max(0, round(killed * rng.uniform(0.7, 1.3))) if rng.random() < 0.8 else None,
                injured=None,
                notes=NO_NOTES,
                evidence=NO_EVIDENCE,
            )
            fields[rng.choice(["perpetrator", "claimed_by", "attributed_to"])] = actor
            article = f"a{next_article:08d}"
            next_article += 1
            published[article] = pub
            # Built without validation (the values are valid by construction) and with one shared fields-set,
            # so the input costs what a compact store would, not what a million validated copies would.
            articles[article].append((Incident.model_construct(_fields_set=FIELDS_SET, **fields), event))
            made += 1
        event += 1
    truth: dict[tuple[str, int], int] = {}
    extractions = []
    for aid, items in articles.items():
        for index, (_, ev) in enumerate(items):
            truth[(aid, index)] = ev
        extractions.append(
            ArticleExtraction.model_construct(
                article_id=aid,
                published=published[aid],
                source=f"Outlet {int(aid[1:]) % 50}",
                incidents=[inc for inc, _ in items],
                provenance=PROVENANCE,
            )
        )
    return extractions, truth


def _pairs(sizes: Counter) -> int:
    return sum(n * (n - 1) // 2 for n in sizes.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="incidents to synthesize")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    started = time.perf_counter()
    extractions, truth = synthesize(args.n, args.seed)
    planned = len(set(truth.values()))
    rss_input = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"generated {len(truth):,} incidents in {len(extractions):,} articles, {planned:,} planned events "
        f"({time.perf_counter() - started:.1f} s); peak RSS after generating {rss_input:,.0f} MiB",
        flush=True,
    )

    gc.collect()
    gc.freeze()  # the input records live to the end: keep the cyclic GC from rescanning them
    started, cpu = time.perf_counter(), time.process_time()
    n_events = 0
    predicted: Counter = Counter()
    common: Counter = Counter()
    for event in iter_events(extractions, geocode=False):
        n_events += 1
        predicted[n_events] = len(event.reports)
        for report in event.reports:
            common[(n_events, truth[(report.article_id, report.incident_index)])] += 1
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    gold_pairs = _pairs(Counter(truth.values()))
    pred_pairs, common_pairs = _pairs(predicted), _pairs(common)
    precision = common_pairs / pred_pairs if pred_pairs else float("nan")
    recall = common_pairs / gold_pairs if gold_pairs else float("nan")
    print(
        f"merged {len(truth):,} incidents into {n_events:,} events (planned {planned:,}) in {elapsed:.1f} s "
        f"({len(truth) / elapsed:,.0f} incidents/s); CPU time {cpu:.1f} s "
        f"(wall time above CPU time means the shared machine was busy)"
    )
    print(f"peak RSS {rss:,.0f} MiB (of which {rss_input:,.0f} MiB before merging: the input records)")
    print(
        f"against the plan: pairwise precision {precision:.3f}, recall {recall:.3f} "
        f"({common_pairs:,} of {pred_pairs:,} predicted and {gold_pairs:,} planned pairs)"
    )


if __name__ == "__main__":
    main()

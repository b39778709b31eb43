"""A small job store to try the review app on, used by its tests and screenshots (articles written by us).

It holds what review is for: a record with a wrong field (the locality), an article with a missed incident,
a model error, two reports of one event that disagree on the casualties, and an article whose text
contains HTML and a script (which must render as text).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from ..grounding import Aligner
from ..schemas import ArticleExtraction, Evidence, Incident, Provenance
from ..store import JobStore

__all__ = ["ARTICLES", "build_demo_store"]

ARTICLES: list[dict[str, Any]] = [
    {
        "id": "demo-01",
        "published": "2020-06-23",
        "source": "Wire",
        "text": "BAGHDAD, June 23 (Wire) - Two rockets struck near a military base in Balad on Monday, wounding three "
        "soldiers, the security media cell said.\n\nNo group claimed the attack. Police said the rockets were "
        "fired from an orchard east of the town, about 80 km north of Baghdad.",
        "incidents": [
            dict(
                primary=True,
                sub_event_type="Shelling/artillery/missile attack",
                type_quote="rockets struck",
                date_text="on Monday",
                country="Iraqi",
                locality="Baghdad",
                target="a military base",
                weapon="rockets",
                injured="three soldiers",
            )
        ],
    },
    {
        "id": "demo-02",
        "published": "2021-03-08",
        "source": "Local press",
        "text": "KADUNA - Hundreds of traders marched peacefully through Kaduna on Saturday to protest new market "
        "levies, Nigerian police said.\n\nIn a separate incident, gunmen abducted a local radio journalist "
        "in Zaria on Sunday night. His family said no ransom had been demanded.",
        "incidents": [
            dict(
                primary=True,
                sub_event_type="Peaceful protest",
                type_quote="marched peacefully",
                date_text="on Saturday",
                country="Nigerian",
                locality="Kaduna",
                perpetrator="traders",
            )
        ],
    },
    {
        "id": "demo-03",
        "published": "2022-11-02",
        "source": "NGO update",
        "text": "Aid workers reported that shelling damaged a clinic in a village outside Kharkiv on Tuesday. "
        "Nobody was hurt, the organisation said.",
        "error": {"kind": "extraction_failed", "message": "no valid answer after 3 attempts", "attempts": 3},
    },
    {
        "id": "demo-04",
        "published": "2020-06-23",
        "source": "Regional daily",
        "text": "Rockets hit the outskirts of Balad on Monday, injuring five soldiers, officials told the Regional "
        "daily. The military did not confirm the number of wounded.",
        "incidents": [
            dict(
                primary=True,
                sub_event_type="Shelling/artillery/missile attack",
                type_quote="Rockets hit",
                date_text="on Monday",
                country="Iraq",
                locality="Balad",
                weapon="Rockets",
                injured="five soldiers",
            )
        ],
    },
    {
        "id": "demo-06",
        "published": "2021-09-30",
        "source": "Wire",
        "text": "Delegations from both sides met in Geneva on Thursday for a third round of ceasefire talks. A "
        "spokesperson said the atmosphere was constructive and a further meeting was planned.",
        "incidents": [],
    },
    {
        "id": "demo-05",
        "published": "2023-05-14",
        "source": "Live blog",
        "text": "Live updates: a site's comment box showed <script>alert(1)</script> and <b>bold</b> markup after "
        "hackers defaced it.\n\nMeanwhile, protesters in Dakar clashed with police on Saturday; "
        "officers fired tear gas, Senegalese media reported.",
        "incidents": [
            dict(
                primary=True,
                sub_event_type="Protest with intervention",
                type_quote="fired tear gas",
                date_text="on Saturday",
                country="Senegalese",
                locality="Dakar",
                target="protesters",
            )
        ],
    },
]

_PROVENANCE = Provenance(backend="openai", model="demo-model", prompt_hash="0" * 16, prompt_version="0" * 12)


def build_demo_store(path: str | Path) -> Path:
    """Write the demo articles and the model's (imperfect) records to a new job store at ``path``."""
    path = Path(path)
    with JobStore(path) as store:
        for ordinal, spec in enumerate(ARTICLES):
            text = spec["text"]
            article = {
                "id": spec["id"],
                "ordinal": ordinal,
                "published": spec["published"],
                "source": spec["source"],
                "url": None,
                "metadata": {"style": spec["source"].lower()},
                "text": text,
                "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
            }
            if "error" in spec:
                store.record(article, error=spec["error"])
                continue
            published = dt.date.fromisoformat(spec["published"])
            incidents = [_incident(text, published, **fields) for fields in spec["incidents"]]
            result = ArticleExtraction(
                article_id=spec["id"],
                published=published,
                source=spec["source"],
                incidents=incidents,
                provenance=_PROVENANCE,
            )
            store.record(article, result=result, usage=("demo-model", 400, 80, None, False))
    return path


def _incident(
    text: str, published: dt.date, *, primary: bool, sub_event_type: str, type_quote: str, **surface: str
) -> Incident:
    """A record as the pipeline would have made it from these words (normalization done by the edit code)."""
    from .edits import apply_edit, new_incident

    aligner = Aligner(text)
    incident = new_incident(sub_event_type, primary, _span(aligner, type_quote), published=published)
    for field in ("date", "country", "locality", "perpetrator", "target", "weapon", "injured"):
        words = surface.get("date_text" if field == "date" else field)
        if words:
            incident = apply_edit(incident, field, words, _span(aligner, words), text=text, published=published)
    return incident


def _span(aligner: Aligner, words: str) -> Evidence | None:
    return aligner.align(words)

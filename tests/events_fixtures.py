"""Invented reports for the events tests: a rocket attack on an airport told by two wires with different
tolls, a later article recalling it in a background sentence, and a second attack in the same city the
next day. Every sentence is ours."""

from __future__ import annotations

import datetime as dt

from extractor import ArticleExtraction, Incident, Provenance

PROVENANCE = Provenance(backend="test", model="fixture", prompt_hash="h", prompt_version="v")
ROCKETS = dict(event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack")


def incident(**fields) -> Incident:
    base = dict(primary=True, **ROCKETS, country="IQ", admin1="Baghdad", locality="Baghdad")
    base.update(fields)
    return Incident(**base)


def article(article_id: str, published: str | None, source: str | None, *incidents: Incident) -> ArticleExtraction:
    return ArticleExtraction(
        article_id=article_id,
        published=dt.date.fromisoformat(published) if published else None,
        source=source,
        incidents=list(incidents),
        provenance=PROVENANCE,
    )


def airport_story() -> list[ArticleExtraction]:
    """w1, w2: wires on the 2 March attack (3 and 5 killed); later: recalls it; next: a new attack on 3 March."""
    attack = dict(
        date=dt.date(2021, 3, 2),
        date_text="on Tuesday",
        date_precision="day",
        site="Baghdad airport",
        target="the airport",
        weapon="rocket",
    )
    return [
        article(
            "w1",
            "2021-03-03",
            "Meridian Wire",
            incident(**attack, killed=3, injured=4, attributed_to="Kataib Hezbollah"),
        ),
        article(
            "w2",
            "2021-03-03",
            "Northgate Press",
            incident(**attack, killed=5, injured=4, attributed_to="Iran-backed militias"),
        ),
        article(
            "next",
            "2021-03-04",
            "Meridian Wire",
            incident(
                date=dt.date(2021, 3, 3),
                date_text="on Wednesday",
                date_precision="day",
                site="Green Zone",
                target="the US embassy",
                weapon="rocket",
                killed=0,
            ),
            incident(
                primary=False,
                date=dt.date(2021, 3, 2),
                date_text="on Tuesday",
                date_precision="day",
                site="Baghdad airport",
                target="the airport",
                weapon="rocket",
                killed=3,
            ),
        ),
        article(
            "later",
            "2021-03-20",
            "Tigris Daily",
            incident(
                **{**ROCKETS, "event_type": "Explosions/Remote violence"},
                date=dt.date(2021, 3, 19),
                date_text="on Friday",
                date_precision="day",
                locality="Basra",
                admin1="Basra",
                target="an oil field",
                weapon="rocket",
            ),
            incident(
                primary=False,
                date=dt.date(2021, 3, 1),
                date_text="earlier this month",
                date_precision="month",
                site="the airport",
                target="Baghdad airport",
                weapon="rocket",
                killed=5,
            ),
        ),
    ]

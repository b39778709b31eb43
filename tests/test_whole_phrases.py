"""Targets, sites' neighbours and actors are whole noun phrases, never fragments (issue 17, item 2).

Every sentence here is invented for the test.
"""

from __future__ import annotations

import datetime as dt

import pytest

from extractor.article import Article
from extractor.decomposed import load_questions
from extractor.decomposed.mentions import find_mentions
from extractor.decomposed.phrases import whole_phrase
from extractor.decomposed.questions import build_questions
from extractor.decomposed.targets import object_phrases
from extractor.pipeline import ArticleContext

PUBLISHED = dt.date(2025, 4, 9)


def picks(text: str) -> dict[str, str | None]:
    """The heuristic's answer to every question about the article's first mention."""
    ctx, qs = ArticleContext(Article.create(text, published=PUBLISHED, article_id="w")), load_questions()
    mention = find_mentions(text, published=PUBLISHED, extra_cues=qs.cue_patterns, not_events=qs.not_event)[0]
    return {q.field: q.values[0] if q.values else None for q in build_questions(mention, ctx, qs)}


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("When Tarvo", "Tarvo"),  # a clause word at the head
        ("hamlet and shot", "hamlet"),  # a second verb after "and"
        ("a column of", "a column"),  # a preposition left dangling
        ("VELDOR Nearly 40 herders", "herders"),  # a dateline and the count (the count is killed/injured's)
        ("VELDOR, Marenland—The Granite Brigade", "The Granite Brigade"),
        ("KESTRA (Wire) - river militiamen", "river militiamen"),
        ("farmers and leaving 12 others", "farmers"),
        ("guards - 14", "guards"),  # a dash starts another clause
        ("On Salt Ridge two shepherds", "shepherds"),  # a place before the counted victims
        ("Granaries were torched and at least 30 herders", "Granaries"),  # a finite verb ends the phrase
        ("prisoners since", "prisoners"),
        ("gendarmes to help secure the ferry", "gendarmes"),
        ("a convoy of the Delta Front heading for Port Amsel", "a convoy of the Delta Front"),
        ("In my view, the raiders", "the raiders"),
        ("armed Reed Party members allegedly", "armed Reed Party members"),
        ("Lakeside Cartel directly", "Lakeside Cartel"),
        ("the mayor of delaying the vote", "the mayor"),
        ("the Sunrise Liberation Front (SLF", "the Sunrise Liberation Front"),
        ("the ferry terminal in Port Amsel.", "the ferry terminal in Port Amsel"),
        ("two trucks of grain and three", "trucks of grain"),
    ],
)
def test_a_fragment_is_cut_to_its_noun_phrase(fragment: str, expected: str) -> None:
    whole = whole_phrase(fragment)
    assert whole == expected
    assert whole in fragment  # still a span of the article, so it still grounds


@pytest.mark.parametrize(
    "fragment",
    [
        "there",
        "another",
        "they",
        "the pair",
        "by both sides",
        "next to two tractors and three",
        '"We were surrounded',
        "   ",
        None,
    ],
)
def test_what_names_nobody_is_no_phrase(fragment: str | None) -> None:
    assert whole_phrase(fragment) is None


@pytest.mark.parametrize(
    "phrase",
    [
        "the Sunrise Liberation Front (SLF)",
        "U.S. aircraft",
        "U.S. Army",
        "members of the Reed Party",
        "one soldier",
        "worshippers at a chapel",
        "an army patrol",
        "KRF",
        "the Granite Brigade",
    ],
)
def test_a_whole_phrase_is_kept_as_it_is(phrase: str) -> None:
    assert whole_phrase(phrase) == phrase


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            (
                "Gunmen raid hamlets near Tarvo\n\nAbout forty gunmen on Sunday invaded two hamlets near Tarvo, killing nine "
                "villagers and leaving 12 others with burns."
            ),
            "villagers",
        ),  # not "villagers and leaving 12 others"
        ("The Granite Brigade said its fighters had killed 20 guards - 14 in Tarvo and six in Kessel.", "guards"),
    ],
)
def test_the_target_of_an_event_sentence_is_a_whole_phrase(text: str, expected: str) -> None:
    assert picks(text)["target"] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Jets struck northern and western Chad on Monday.", []),  # a region with its compass words is where
        ("Police launched raids against cattle rustling and drug trafficking near the border.", []),  # a crime fought
        ("Troops fought against bandits in the forest.", ["bandits"]),
        ("Gunmen attacked a southern army base.", ["a southern army base"]),
        ("The bulletin counts attacks on health care, education and protection in the north.", []),  # sectors
        ("Gunmen attacked an aid convoy near the camp.", ["an aid convoy"]),
    ],
)
def test_a_region_or_a_crime_is_no_target(sentence: str, expected: list[str]) -> None:
    assert object_phrases(sentence) == expected

"""Where a target or a site phrase ends and which clause it belongs to (issue 17 item 2): a finite verb after the
object starts its predicate, a colon ends a clause, a clause anchored to another event gives no target, a description
in apposition names no second place, and an office a source speaks for, a place people come from or "an area" is no
site. Every sentence and name here is invented for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from extractor.article import Article
from extractor.decomposed.locations import site_options
from extractor.decomposed.mentions import find_mentions
from extractor.decomposed.questions import load_questions
from extractor.decomposed.targets import object_phrases
from extractor.pipeline import ArticleContext


def _sites(text: str) -> list[str]:
    """The site options of the article's first mention, with the packaged not-site and pointer patterns."""
    ctx = ArticleContext(Article.create(text, published=dt.date(2024, 5, 6), article_id="c"))
    qs = load_questions()
    mention = find_mentions(text, published=ctx.article.published, extra_cues=qs.cue_patterns, not_events=qs.not_event)[
        0
    ]
    return site_options(mention, qs.structure.pattern("not_sites"), qs.structure.pattern("pointer_sites"))


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the object of "on" is the subject of "killed": the phrase ends before the verb
        ("An air strike on the grain market killed 12 civilians.", ["grain market", "civilians"]),
        ("A rocket attack on the army base injured three soldiers.", ["army base"]),
        # what is left is a town: where, not what was attacked
        ("Israeli strikes on Kharkiv killed seven people, two children among them.", []),
        ("Drone strikes on Kharkiv kill five", []),  # a headline's present tense
        # a participle that names or describes the noun is no predicate
        ("Gunmen attacked a group called the Youth Front.", ["a group called the Youth Front"]),
    ],
)
def test_a_finite_verb_after_the_object_starts_its_predicate(sentence: str, expected: list[str]) -> None:
    assert object_phrases(sentence) == expected


def test_a_colon_ends_the_clause_a_passive_subject_is_read_in() -> None:
    sentence = "Le même lundi, un second accrochage a eu lieu à Kolvi : six assaillants y ont été tués."
    assert object_phrases(sentence, victims_first=True) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "A bomb wounded ten people in Varno on Friday, a day after a ranger was killed in a similar attack on a patrol "
        "near the lake, officials said.",
        "Gunmen shot dead two farmers on Sunday, two weeks after rebels stormed an army post in the hills.",
    ],
)
def test_a_clause_anchored_to_another_event_gives_no_target(sentence: str) -> None:
    objects = object_phrases(sentence, victims_first=True)
    assert not any(word in " ".join(objects) for word in ("patrol", "ranger", "army post"))


def test_a_sentence_that_only_dates_a_told_event_keeps_its_object() -> None:
    # "The ambush came weeks after X": the sentence tells X in full, often as a mention of its own
    sentence = "The ambush came weeks after insurgents stormed a police post in Kolvi, killing three officers."
    assert object_phrases(sentence)[0] == "a police post"


def test_a_description_in_apposition_is_no_second_place() -> None:
    text = (
        "Three shot dead\n\nGunmen shot dead three men in a tea shop in Barangay Kolvi, an upland village in Varno, "
        "on Friday night, police said."
    )
    assert "an upland village in Varno" not in _sites(text)
    text = (
        "Rangers killed\n\nGunmen killed two rangers on Sunday in the Kolvi nature reserve, a tourist spot some "
        "60 km from Varno, officials said."
    )
    assert not any("60 km" in site for site in _sites(text))
    # a described village with no name before it is still the site (GUIDE 6)
    text = "Herders killed\n\nGunmen killed four herders on Sunday in a village 20 km from Varno, officials said."
    assert _sites(text)[0] == "a village 20 km from Varno"


def test_the_office_a_source_heads_is_no_site() -> None:
    text = (
        "Blast in Varno\n\nA bomb went off at 5 p.m. as a patrol passed through Kolvi, according to Col. Arun Tesk, "
        "chief of the Kolvi-Na district police station."
    )
    assert not any("police station" in site for site in _sites(text))


def test_where_people_come_from_yields_to_where_it_happened() -> None:
    text = (
        "Fishermen killed\n\nFour fishermen from the village of Kolvi were hacked to death on Tuesday on the "
        "Varno-Kolvi road, residents said."
    )
    assert _sites(text)[0] == "the Varno-Kolvi road"


def test_an_area_alone_names_no_site() -> None:
    text = (
        'Bomb wounds ten\n\nA bomb wounded ten people in Varno on Wednesday. "They wanted to shake up an area that '
        'had been quiet," the officer said.'
    )
    assert "an area" not in _sites(text)


@pytest.mark.parametrize(
    "text",
    [
        "Market shelled\n\nMeanwhile, a market in Varno was shelled on Monday, killing two traders.",
        "Market shelled\n\nIn Kolvi district, a market in Varno was shelled on Monday, killing two traders.",
    ],
)
def test_a_sentence_lead_in_before_a_comma_is_no_apposition(text: str) -> None:
    assert _sites(text)[0] == "a market in Varno"


def test_an_item_of_a_list_of_places_is_no_apposition() -> None:
    text = (
        "Shelling in Varno\n\nShelling on Monday damaged a kindergarten, a clinic and a school in Varno, the governor "
        "said."
    )
    assert "a clinic" in _sites(text)

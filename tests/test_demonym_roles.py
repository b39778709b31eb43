"""A demonym that names who acted or a border is not the event's place (extractor.normalize.demonym_roles,
places.article_countries, pipeline.place_names; an unlisted name called a region: decomposed.locations), on invented sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from extractor.article import Article
from extractor.decomposed.locations import place_options
from extractor.decomposed.mentions import find_mentions
from extractor.decomposed.questions import load_questions
from extractor.normalize.demonym_roles import demonym_role
from extractor.normalize.places import article_countries, find_places, side_role
from extractor.pipeline import ArticleContext, place_names


def _role(text: str, word: str) -> str:
    start = text.index(word)
    return demonym_role(text, start, start + len(word))


@pytest.mark.parametrize(
    ("text", "word", "role"),
    [
        ("Russian troops fired on the market at dawn.", "Russian", "actor"),
        ("Israeli air strikes hit two houses overnight.", "Israeli", "actor"),
        ("Fighters of the Rwandan-backed rebel group took the hill.", "Rwandan", "actor"),
        ("A Saudi-led coalition jet bombed the bridge.", "Saudi", "actor"),
        ("The Russians shelled the suburb all night.", "Russians", "actor"),
        ("Des soldats de l'armée malienne ont été tués.", "malienne", "actor"),
        ("Los ataques de las fuerzas rusas siguieron.", "rusas", "actor"),
        ("Smugglers crossed near the Venezuelan border on foot.", "Venezuelan", "border"),
        ("Des hommes armés venus de la frontière nigérienne ont pillé le marché.", "nigérienne", "border"),
        ("Shells fell on the Ukrainian city of Dorovsk.", "Ukrainian", "place"),
        ("Nigerian villagers buried the dead on Monday.", "Nigerian", "place"),
        ("Syrian state media reported the blast.", "Syrian", ""),
        ("Two Britons were among the wounded.", "Britons", ""),
    ],
)
def test_the_words_a_demonym_modifies_decide_its_role(text: str, word: str, role: str) -> None:
    assert _role(text, word) == role


def test_only_side_demonyms_are_sides() -> None:
    text = "Russian forces shelled the Ukrainian city of Kherson."
    assert side_role(text, 0, len("Russian")) == "actor"
    start = text.index("Ukrainian")
    assert side_role(text, start, start + len("Ukrainian")) == ""
    start = text.index("Kherson")  # a town is no demonym at all
    assert side_role(text, start, start + len("Kherson")) == ""


def test_the_attackers_nationality_is_not_the_place() -> None:
    text = "Russian forces shelled Kherson on Sunday, killing a 69-year-old woman, officials said."
    assert article_countries(text, place_names(text)) == ("UA",)


def test_the_nation_as_one_side_is_not_the_place() -> None:
    text = "Overnight the Russians shelled Kherson again; a 50-year-old man was hurt."
    assert article_countries(text, place_names(text)) == ("UA",)


def test_a_demonym_for_a_place_still_names_the_country() -> None:
    text = "Residents of the Ukrainian city of Kherson counted four dead after the night's shelling."
    assert article_countries(text, place_names(text))[0] == "UA"


def test_without_any_place_the_side_is_all_there_is() -> None:
    text = "Russian forces fired on a convoy on Monday, killing two drivers."
    assert article_countries(text, place_names(text)) == ("RU",)


def test_a_town_of_a_side_beats_a_gazetteer_collision() -> None:
    # "CPC" (a rebel coalition) is a town in Argentina's gazetteer; Bangui is the capital of the country whose army
    # is named, and a side's own town is corroborated where a stray acronym is not
    text = (
        "CPC fighters repelled\n\nCPC fighters attacked a post near Bangui on Monday. The Central African Armed "
        "Forces said they repelled the CPC and that the CPC lost nine men; the CPC denied it."
    )
    assert article_countries(text, place_names(text)) == ("CF",)


def test_a_border_demonym_neither_names_nor_pulls_the_towns() -> None:
    text = (
        "Fighting near Arauquita\n\nGuerrillas clashed on Sunday outside Arauquita, in Arauca department, "
        "along the Venezuelan border, and three fighters died."
    )
    assert "Venezuelan" not in place_names(text)
    assert article_countries(text, place_names(text)) == ("CO",)


def test_a_demonym_used_both_ways_stays_in_the_context() -> None:
    text = "Venezuelan troops reached the Venezuelan town of Guasdualito, where two soldiers were shot."
    assert "Venezuelan" in place_names(text)


def _options(text: str) -> tuple[list[str], list[str]]:
    ctx = ArticleContext(Article.create(text, published=dt.date(2024, 5, 6)))
    qs = load_questions()
    mentions = find_mentions(text, published=ctx.article.published, extra_cues=qs.cue_patterns, not_events=qs.not_event)
    assert mentions, "the invented article must hold an event"
    return place_options(mentions[0], ctx)


def test_a_name_called_a_region_is_no_unlisted_town() -> None:
    places, _ = _options(
        "Drone strike kills two in Iraq's Zorvani region\n\nA drone strike hit a car near Qandoki, in Iraq's "
        "Zorvani region, on Tuesday, killing two people."
    )
    assert "Zorvani" not in places
    assert "Qandoki" in places


def test_a_sentence_opening_function_word_is_no_town() -> None:
    # "Des" is a town in Romania's gazetteer and "Las" one in Spain's: in French and Spanish they open sentences
    text = "Des hommes armés ont tué deux bergers. Las autoridades no dieron más detalles."
    assert [surface for _, _, surface in find_places(text)] == []


def test_a_states_forces_at_home_still_name_the_country() -> None:
    # no town of another country: the soldiers' own country is where they patrol
    text = (
        "Bomb wounds soldiers\n\nA roadside bomb wounded four Iraqi soldiers on patrol near Zorvaki village on "
        "Wednesday. The insurgency in Iran's Kurdistan Province has gone on for years.\n"
    )
    assert article_countries(text, place_names(text))[0] == "IQ"


def test_a_side_with_a_town_of_its_own_stays_a_candidate() -> None:
    text = "Ukrainian drones hit Belgorod overnight while Russian forces shelled Kherson, killing a woman."
    assert set(article_countries(text, place_names(text))) == {"UA", "RU"}


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Gunmen killed three in the Colombian border town of Tibú.", "Colombian"),
        ("Des tirs ont visé la ville frontalière nigérienne.", "nigérienne"),
    ],
)
def test_a_border_town_is_a_place(text: str, word: str) -> None:
    assert _role(text, word) in ("place", "")

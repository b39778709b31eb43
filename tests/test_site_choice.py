"""Which site the decomposed path's heuristic picks (extractor.decomposed.locations.site_options through
build_questions), on invented sentences: a site is a specific facility or spot; an administrative area or a
settlement is the locality or admin1 (GUIDE 6 and 15), never the site."""

from __future__ import annotations

import datetime as dt

import pytest

from extractor.article import Article
from extractor.decomposed.locations import site_is_locality
from extractor.decomposed.mentions import find_mentions
from extractor.decomposed.questions import build_questions, load_questions
from extractor.pipeline import ArticleContext


def _pick(text: str, field: str = "site") -> str | None:
    """The heuristic's answer (the option with prior 0) to one question about the article's first mention."""
    ctx = ArticleContext(Article.create(text, published=dt.date(2024, 5, 6), article_id="s"))
    qs = load_questions()
    mentions = find_mentions(text, published=ctx.article.published, extra_cues=qs.cue_patterns, not_events=qs.not_event)
    assert mentions, "the invented article must hold an event"
    question = next(q for q in build_questions(mentions[0], ctx, qs) if q.field == field)
    return question.values[0]


@pytest.mark.parametrize(
    "text",
    [
        # a named village is the locality, and so is each of a list of villages
        "Raid on villages\n\nGunmen raided Tolvaka, Kirvan and Usmet villages on Sunday, killing five people. "
        "Three of the dead were in Kirvan village.",
        "Gunmen kill four\n\nGunmen killed four farmers in Tolvaka village on Sunday, residents said.",
        "Raid on village\n\nRebels attacked the village of Kwendabari on Sunday, killing six civilians.",
        # a district named without a town is the locality (GUIDE 15)
        "Bomb kills two\n\nA roadside bomb killed two policemen in Bannu district on Monday, officials said.",
        # a local government area or a region is admin1 or locality, not a site
        "Bandits strike\n\nBandits killed nine people in Tsafe Local Government Area on Sunday, police said.",
        # a district placed in a region, or an unnamed one, is an administrative area
        "Bomb in Herat\n\nA roadside bomb killed two policemen in Tolvaka district of Herat province on Monday.",
        "Clash in Tarn\n\nSoldiers fought rebels on Monday in a mountainous district near Tarn.",
        # a word pointing back names nothing
        "Clash in Tarn\n\nSoldiers and rebels fought in Tarn on Monday. Four soldiers died in the area.",
        # where a claim was posted is no place of the event
        "Drone strike\n\nA drone struck a car near Tarn on Monday, killing two, according to a Telegram post.",
    ],
)
def test_a_settlement_an_admin_area_or_a_pointer_is_no_site(text: str) -> None:
    assert _pick(text) is None


@pytest.mark.parametrize(
    ("text", "site"),
    [
        (
            "Blast at market\n\nA bomb exploded at a busy market in Tarn on Monday, killing five people.",
            "a busy market in Tarn",
        ),
        (
            "Checkpoint attacked\n\nMilitants attacked an army checkpoint on the Kasese road on Friday.",
            "an army checkpoint on the Kasese road",
        ),
        (
            "Police post hit\n\nGunmen stormed the Sarband police post near Tarn on Friday, killing two officers.",
            "the Sarband police post near Tarn",
        ),
        # GUIDE 6 writes an unnamed village placed by a town or a region as the site
        (
            "Herders killed\n\nGunmen killed four herders on Sunday in a village 20 km from Tarn, officials said.",
            "a village 20 km from Tarn",
        ),
        # a road or an unnamed village placed by the words after it is a site, not a word pointing back
        (
            "Bus ambushed\n\nGunmen ambushed a bus on the road between Tarn and Kolvi on Monday, killing two.",
            "the road between Tarn and Kolvi",
        ),
        (
            "Herders killed\n\nGunmen killed four herders on Sunday in a village near Tarn, officials said.",
            "a village near Tarn",
        ),
        # GUIDE 2: a named district of a town is the site
        (
            "Car bomb in Iraq\n\nA car bomb exploded in the Al-Zuhoor district of Mosul on Monday, killing nine Iraqis.",
            "the Al-Zuhoor district of Mosul",
        ),
    ],
)
def test_a_facility_or_spot_is_the_site(text: str, site: str) -> None:
    assert _pick(text) == site


def test_a_district_is_no_site_only_when_it_names_the_locality() -> None:
    assert site_is_locality("Bannu district", "Bannu")
    assert site_is_locality("Kirvan's Tolvaka district", "Tolvaka")
    assert site_is_locality("the Tolvaka district of Kirvan province", "Tolvaka")
    assert not site_is_locality("the Al-Zuhoor district", "Mosul")
    assert not site_is_locality("a market in Bannu district", "Bannu")


def test_a_settlement_is_no_site_only_when_it_is_the_locality() -> None:
    assert site_is_locality("In Tolvaka village", "Tolvaka")
    assert site_is_locality("the remote village of Tolvaka in Kirvan district", "Tolvaka")
    assert site_is_locality("Tolvaka, a farming village", "Tolvaka")
    assert not site_is_locality("a market in Tolvaka village", "Tolvaka")
    assert not site_is_locality("the village of Tolvaka", "Uvira")  # a village placed by a town is the site


def test_the_district_a_village_lies_in_is_no_site() -> None:
    text = (
        "Two killed in Mozambique\n\nInsurgents murdered two residents of Tolvaka village in Nangade district, "
        "in northern Mozambique, on Friday."
    )
    assert _pick(text) is None
    assert _pick(text, "locality") == "Tolvaka"


@pytest.mark.parametrize(
    "text",
    [
        # a name the article calls a village, in an apposition, is the locality before the province that places it
        "Attaque au Burkina\n\nQuatre personnes ont été tuées mardi à Tolvaka, un village de la province du Bam, "
        "par des hommes armés.",
        "Gunmen kill four\n\nGunmen killed four people on Tuesday in Tolvaka, a village in Bam province.",
        # a name after the word for a region is the region, whatever town shares it
        "Police post attacked\n\nMilitants attacked a police post in Tolvaka in the province of Herat on Monday.",
    ],
)
def test_a_village_comes_before_the_region_that_places_it(text: str) -> None:
    assert _pick(text, "locality") == "Tolvaka"

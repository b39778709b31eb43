"""Subjects, targets and ACLED coding on real reporting's shapes (issues 17 item 2, 19): a time or place segment
before the subject, two sides named as one battle subject, verbs of dying in other languages, targets cut at a time
word or a bare count, civilians in a battle, and an unnamed battle side in a report
about one armed group. Every sentence and name here is invented for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from extractor import Incident
from extractor.acled import code_actors, code_incidents, resolve_actor
from extractor.article import Article
from extractor.decomposed.phrases import strip_lead_in, whole_phrase
from extractor.decomposed.subjects import subject_phrase
from extractor.pipeline import ArticleContext

PUBLISHED = dt.date(2024, 5, 6)


def context(text: str) -> ArticleContext:
    return ArticleContext(Article.create(text, published=PUBLISHED, article_id="s"))


def first_mention(text: str):
    """The article's first mention, found with the packaged question file's cues (as extraction finds it)."""
    from extractor.decomposed import load_questions
    from extractor.decomposed.mentions import find_mentions

    qs = load_questions()
    return find_mentions(text, published=PUBLISHED, extra_cues=qs.cue_patterns, not_events=qs.not_event)[0]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a place's region after the town is part of the lead-in, not the subject
        ("In Ostrava Vale, Kessler County, masked gunmen shot dead a farmer near his barn.", "masked gunmen"),
        # "near" opens a place lead-in as "in" does
        ("Near Tollin, in the river district, suspected rebels attacked a supply convoy.", "suspected rebels"),
        # a time segment with no lead-in word of its own ("Le même mardi soir,")
        ("Le même mardi soir, des hommes armés ont attaqué un camion près de Varne.", "hommes armés"),
        ("Gunmen on horses raided a hamlet outside Pellow on Sunday.", "Gunmen on horses"),
    ],
)
def test_the_subject_follows_a_time_or_place_segment(sentence: str, expected: str) -> None:
    assert subject_phrase(sentence, context(sentence)) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Le 3 mars dernier, au moins 12 gendarmes ont trouvé la mort lors d'une embuscade près de Varne.",
        "Seis policías perdieron la vida en el ataque contra el puesto de Lomas.",
        "Four soldiers died when their truck struck a mine near Pellow.",
    ],
)
def test_the_subject_of_a_verb_of_dying_is_a_victim_not_the_actor(sentence: str) -> None:
    assert subject_phrase(sentence, context(sentence)) is None


def test_a_lead_in_without_time_or_place_keeps_its_actor() -> None:
    # the first segment names an actor: it is the subject, not a lead-in
    assert strip_lead_in("Raiders from the hills, armed with rifles, burned a granary.").startswith("Raiders")


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("police posts the same night", "police posts"),  # a time phrase after the noun
        ("a ferry landing the previous evening", "a ferry landing"),
        ("two", None),  # a count whose noun was cut off names nobody
        ("dos", None),
        ("con drones", None),  # a Spanish preposition at the head: a means, not a target
        ("avec des machettes", None),
        ("con 20 jornaleros", "jornaleros"),  # the counted noun after the preposition stays
    ],
)
def test_targets_are_whole_noun_phrases(fragment: str, expected: str | None) -> None:
    assert whole_phrase(fragment) == expected


def test_two_sides_named_as_one_battle_subject_split_into_perpetrator_and_target() -> None:
    from extractor.decomposed.actors import actor_options

    text = "Marenland rebels and the army clashed near Tollin in Kessler on Monday, leaving three fighters dead."
    ctx = context(text)
    mention = first_mention(text)
    roles = actor_options(mention, ctx, "Armed clash")
    assert roles["perpetrator"][:1] == ["Marenland rebels"]
    assert "army" in roles["target"]


def test_two_state_forces_named_together_are_one_side() -> None:
    from extractor.decomposed.actors import actor_options

    text = "Soldiers and police clashed with raiders near Tollin in Kessler on Monday."
    mention = first_mention(text)
    roles = actor_options(mention, context(text), "Armed clash")
    assert roles["perpetrator"][:1] == ["Soldiers and police"]


def incident(**fields) -> Incident:
    base = dict(primary=True, date=dt.date(2024, 3, 18), date_precision="day", country="ML", admin1="Mopti")
    base.update(fields)
    return Incident(**base)


def test_civilians_are_never_a_side_of_a_battle() -> None:
    clash = incident(event_type="Battles", sub_event_type="Armed clash", perpetrator="soldiers", target="villagers")
    coding = code_actors(clash)
    assert coding.civilian_targeting is False
    assert coding.actor2 == "Unidentified Armed Group (Mali)"
    assert coding.interaction == 13


def test_an_unnamed_battle_side_in_a_report_about_one_group_is_that_group_against_the_state() -> None:
    claimed = incident(
        event_type="Violence against civilians", sub_event_type="Attack", perpetrator="JNIM", target="traders"
    )
    unnamed = incident(event_type="Battles", sub_event_type="Armed clash")
    codings = code_incidents([claimed, unnamed])
    assert resolve_actor("JNIM", "ML").name == codings[1].actor1
    assert (codings[1].actor2 or "").startswith("Military Forces of Mali")
    alone = code_incidents([unnamed])[0]  # no group in the report: two unidentified sides, the state not guessed
    assert alone.actor1 == alone.actor2 == "Unidentified Armed Group (Mali)"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a long time segment with no verb of its own is a lead-in
        (
            "Au cours de deux patrouilles menées dans le sud du pays mardi et mercredi, les militaires ont tué "
            "huit assaillants.",
            "militaires",
        ),
        # a relative clause's verb never opens the subject
        ("On 4 June, two armed bands that split from the old Delta Front fought near Pellow.", None),
        # a clause before the comma is no lead-in: its subject is a victim
        ("Three herders were killed on Monday, villagers said.", None),
    ],
)
def test_long_time_segments_and_relative_clauses(sentence: str, expected: str | None) -> None:
    assert subject_phrase(sentence, context(sentence)) == expected


def test_a_weapon_is_no_agent_whoever_fired_it_is() -> None:
    from extractor.decomposed.actors import actor_options

    text = "A trader was killed in Tollin on Monday after he was hit by two bullets fired by a Marenland sniper."
    mention = first_mention(text)
    roles = actor_options(mention, context(text), "Attack")
    assert roles["perpetrator"][:1] == ["Marenland sniper"]


def test_the_other_side_of_a_brawl_is_its_target() -> None:
    from extractor.decomposed.targets import object_phrases

    found = object_phrases("Some marchers came to blows with supporters of the mayor in Tollin.", victims_first=False)
    assert found[:1] == ["supporters of the mayor"]
    assert whole_phrase("armed groups such") == "armed groups"


def test_an_air_strike_blamed_on_unnamed_armed_groups_is_the_state_s() -> None:
    strike = incident(
        event_type="Explosions/Remote violence", sub_event_type="Air/drone strike", attributed_to="armed groups"
    )
    assert (code_actors(strike).actor1 or "").startswith("Military Forces of Mali")
    named = strike.model_copy(update={"attributed_to": "JNIM"})
    assert code_actors(named).actor1 == resolve_actor("JNIM", "ML").name


def test_men_suspected_of_belonging_to_a_group_make_the_group_the_suspect_and_stay_the_perpetrator() -> None:
    from extractor.decomposed.actors import actor_options
    from extractor.decomposed.claims import blamed_actor

    assert blamed_actor("Gunmen believed to be members of the Sand Front killed two traders.", []) == "Sand Front"
    assert blamed_actor("Two men accused of theft were beaten by a crowd.", []) is None
    text = (
        "On 2 May, police officers guarding a farm near Tollin came under fire from men suspected of belonging to "
        "the Coastal Liberation Front; two officers were wounded."
    )
    mention = first_mention(text)
    roles = actor_options(mention, context(text), "Armed clash")
    assert roles["perpetrator"][:1] == ["men"]  # the men are stated; their group is only suspected
    assert roles["attributed_to"][:1] == ["Coastal Liberation Front"]
    assert roles["target"][:1] == ["police officers"]  # the participle clause after them is cut


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Des assaillants ont tué les trois bergers jeudi dernier près de Varne.", "les trois bergers"),
        ("Unos sicarios asesinaron a dos comerciantes el pasado lunes en Lomas.", "comerciantes"),
        ("Homens armados mataram dois agricultores na segunda-feira em Pellow.", "agricultores"),
    ],
)
def test_a_date_after_the_object_ends_its_noun_phrase(sentence: str, expected: str) -> None:
    from extractor.decomposed.targets import object_phrases

    assert object_phrases(sentence, victims_first=True)[:1] == [expected]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("On 5 May, thousands of people marched in Tolva to demand the mayor's resignation.", "people"),
        ("On 2 June, guild leaders in Pellow called a strike and marched on the town hall.", "guild leaders"),
        (
            "The mood was different in Varne, where masked demonstrators set fire to a bus depot.",
            "masked demonstrators",
        ),
        (
            "Residents of Kessler township, south of Tolva, barricaded roads with burning tyres.",
            "Residents of Kessler township",
        ),
        ("Miles de personas marcharon en Lomas contra el alcalde.", "Miles de personas"),
        ("Police dispersed students who marched on the ministry.", None),  # the police are no crowd
        ("Residents said hundreds of youths blocked the highway.", None),  # a source's report, not the crowd
    ],
)
def test_the_crowd_is_the_subject_of_its_verb(sentence: str, expected: str | None) -> None:
    from extractor.decomposed.subjects import crowd_phrase

    assert crowd_phrase(sentence) == expected


def test_an_attack_whose_named_target_is_state_forces_does_not_target_civilians() -> None:
    attack = incident(
        event_type="Violence against civilians", sub_event_type="Attack", perpetrator="gunmen", target="police officers"
    )
    coding = code_actors(attack)
    assert (coding.actor2 or "").startswith("Police Forces of Mali")
    assert (coding.interaction, coding.civilian_targeting) == (13, False)
    on_traders = attack.model_copy(update={"target": "traders"})
    assert code_actors(on_traders).civilian_targeting is True


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("local sources said a herder named Amadou", "a herder named Amadou"),  # the source and its verb go
        ("Murieron dos jornaleros y un policía", "jornaleros y un policía"),  # a verb of dying at the head
        ("a depot shared", "a depot"),  # a participle whose agent was cut off
        ("the wounded", "the wounded"),  # a participle used as a noun stays
        ("miembro de una banda | Portada", "miembro de una banda"),  # a site's separator
        ("hombres que llegaron en motos", "hombres"),  # a relative clause in the cue languages
        ("soldiers carrying out a sweep near Pellow", "soldiers"),  # a participle clause with its object
        ("guards escorting the mayor of Tolva", "guards"),
        ("a ferry landing the previous evening", "a ferry landing"),  # after a singular noun, "-ing" may be a noun
        ("a residential building", "a residential building"),  # a noun in -ing stays
    ],
)
def test_more_fragments_are_cut_to_their_noun_phrase(fragment: str, expected: str) -> None:
    assert whole_phrase(fragment) == expected


def test_a_time_before_the_object_is_not_cut_into_an_object() -> None:
    from extractor.decomposed.targets import object_phrases

    found = object_phrases("Homens armados atacaram na madrugada desta segunda-feira uma base da polícia em Pellow.")
    assert not any(f.lower().startswith("na madrugada") for f in found)


def test_an_ongoing_state_of_affairs_names_no_actor_of_the_event() -> None:
    sentence = "Six herders died in drone strikes near Pellow, where the army is fighting a rebel insurgency."
    assert subject_phrase(sentence, context(sentence)) is None
    acted = "Three guards were killed as raiders stormed the depot near Pellow."
    assert subject_phrase(acted, context(acted)) == "raiders"


@pytest.mark.parametrize(
    ("phrase", "hedged"),
    [
        ("presuntos integrantes de la banda", True),  # Spanish hedge before the noun
        ("jihadistes présumés", True),  # French hedge after it
        ("suspected raiders", True),
        ("hommes armés", False),
        ("gunmen", False),
    ],
)
def test_hedges_in_every_cue_language_make_a_suspect(phrase: str, hedged: bool) -> None:
    from extractor.decomposed.phrases import HEDGE

    assert bool(HEDGE.match(phrase)) is hedged


def test_an_acronym_s_closing_bracket_survives_actor_normalization() -> None:
    from extractor.normalize.aliases import normalize_actor

    assert normalize_actor("Coastal Liberation Front (CLF)") == "Coastal Liberation Front (CLF)"
    assert normalize_actor("(the raiders") == "raiders"
    assert normalize_actor("(gunmen)") == "gunmen"

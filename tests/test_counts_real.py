"""Counts and weapons as real reporting tells them (issue 17 item 2, issue 18 item 4; GUIDE 9, 10 and 15).

A toll told for several places together is no place's count; the verb after a counted phrase says what befell
those counted; a count in a list whose verb is left out takes the casualty word before it; "nobody was injured" is
zero for both counts; a weapon found or seized was not used. Every sentence here is invented for the test.
"""

from __future__ import annotations

import datetime as dt

import pytest
from _decomposed_support import incidents
from _decomposed_support import mentions as mentions_of

from extractor.article import Article
from extractor.decomposed import load_questions
from extractor.decomposed.questions import build_questions
from extractor.normalize.aliases import normalize_weapon
from extractor.normalize.numbers import (
    SIDES_JOINER,
    battle_side,
    count_fate,
    find_count_expressions,
    gapped_counts,
    parse_count,
    revises_toll,
    sums_places,
)
from extractor.pipeline import ArticleContext, build_incidents
from extractor.schemas import ExtractionDraft, Incident, IncidentDraft

PUBLISHED = dt.date(2025, 4, 9)


def answers(text: str) -> list[dict[str, str | None]]:
    """The heuristic's answer to every question about each mention of the article."""
    ctx, qs = ArticleContext(Article.create(text, published=PUBLISHED, article_id="c")), load_questions()
    mentions = mentions_of(text, PUBLISHED)
    return [{q.field: q.values[0] if q.values else None for q in build_questions(m, ctx, qs)} for m in mentions]


def incidents_of(text: str) -> list[Incident]:
    """The records the rules backend builds for the article (the heuristic's pick for every question)."""
    return incidents(text, published=PUBLISHED)


@pytest.mark.parametrize(
    "sentence",
    [
        "Raiders stormed three villages in Marlow county on Sunday, killing nine people.",
        "Gunmen attacked two localities near the river, leaving 14 dead.",
        "At least 12 people were killed across the country during Monday's protests.",
        "Des hommes armés ont attaqué deux localités, faisant six morts.",
        "Nationwide rallies against the fuel price rise left at least five marchers dead on Tuesday.",
        "Countrywide strikes turned violent and three people died, the union said.",
        "Las protestas a nivel nacional dejaron cuatro muertos el lunes.",
    ],
)
def test_a_toll_told_for_several_places_is_an_aggregate(sentence: str) -> None:
    assert sums_places(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Raiders stormed the village of Tarvo on Sunday, killing nine people.",
        "A bomb killed three people in one district of the capital.",
        "Gunmen killed two herders near the river.",
        "Rival gangs fought in two neighbourhoods of Tarvo on Friday, where three gunmen were killed.",
        "O tiroteio deu-se na sexta-feira em dois bairros de Tarvo, onde morreram três pistoleiros.",
    ],
)
def test_a_toll_for_one_place_is_not_an_aggregate(sentence: str) -> None:
    assert not sums_places(sentence)


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        (
            "Rival gangs fought in two neighbourhoods of Tarvo on Friday, where three gunmen were killed.",
            "three gunmen",
        ),
        (
            "O tiroteio deu-se na sexta-feira em dois bairros de Tarvo, onde morreram três pistoleiros.",
            "três pistoleiros",
        ),
        ("Des affrontements ont éclaté dans deux quartiers de Tarvo, faisant quatre morts.", "quatre morts"),
    ],
)
def test_a_toll_over_parts_of_one_town_is_that_town_s(sentence: str, killed: str) -> None:
    """Neighbourhoods are sites of one locality (GUIDE 6), so their toll is the town's, and they count nobody."""
    assert answers(sentence)[0]["killed"] == killed


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Homens armados atacaram a aldeia de Tarvo na segunda-feira, onde morreram quatro.", 4),
        ("Un grupo armado atacó la aldea de Tarvo el lunes, donde fallecieron otros tres.", 3),
        ("Un grupo armado atacó la aldea de Tarvo el lunes; en el ataque falleció un campesino.", 1),
        ("Des hommes armés ont attaqué le village de Tarvo lundi, où meurent trois civils.", 3),
    ],
)
def test_a_romance_subject_after_its_verb_of_dying_is_the_toll(text: str, value: int) -> None:
    assert parse_count(answers(text)[0]["killed"]).value == value


def test_the_place_sum_and_its_headline_give_way_to_the_village_count() -> None:
    text = (
        "Marlow: nine dead as raiders storm three villages\n\n"
        "Armed raiders on Sunday stormed three villages in Marlow county, killing nine people. "
        "In Tarvo village five people were killed."
    )
    killed = [a["killed"] for a in answers(text)]
    assert "five people" in killed
    assert not any(k and "nine" in k for k in killed)  # the sum of three villages is no village's toll


@pytest.mark.parametrize(
    ("phrase", "rest", "verb", "harmed"),
    [
        ("Four of the herders", ", who had gone to the well at dawn, were killed in Oska", "killed", True),
        ("At least ten people", " were arrested after the march", "arrested", False),
        ("Five other drivers", ", one of them wounded, escaped into the forest", "escaped", False),
        ("Three passengers", " died on the way to the clinic", "died", True),
        ("Two guards", " were reportedly abducted", "abducted", False),
        ("Two guards", " at the gate said nothing", None, None),
        ("Six rangers", ", among them Dara Moll, head of the Tarvo post, were killed at dawn", "killed", True),
        ("Three clerks", ", all of them women, both from Oska, were later released", "released", False),
    ],
)
def test_the_verb_after_a_counted_phrase_says_what_befell_them(
    phrase: str, rest: str, verb: str | None, harmed: bool | None
) -> None:
    fate = count_fate(phrase + rest, len(phrase))
    assert fate == (None if verb is None else (verb, harmed))


def test_people_arrested_are_no_casualty_count() -> None:
    text = (
        "Riot police fired tear gas at marchers in Port Amsel on Tuesday. "
        "At least ten people were arrested and one officer was injured, police said."
    )
    first = answers(text)[0]
    assert first["injured"] == "one officer"
    assert first["killed"] is None


def test_the_verb_after_a_relative_clause_gives_the_kind() -> None:
    text = (
        "Militants on Tuesday killed herders near Oska, in Vell province. "
        "Four of the herders, who had taken their cattle to the river before dawn, were killed at the ford."
    )
    assert answers(text)[0]["killed"] == "Four of the herders"


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("Six were killed in Tarvo, two in Oska and one in Vell.", ["two", "one"]),
        ("while four died in Brenn and three in Kessel.", ["three"]),
        ("Police in Tarvo said nothing.", []),
        ("Officers in Oska and in Vell were deployed.", []),
    ],
)
def test_counts_whose_verb_is_left_out(text: str, counts: list[str]) -> None:
    assert [surface for *_, surface in gapped_counts(text)] == counts
    assert all(parse_count(c).value for c in counts)


def test_a_gapped_count_in_a_roundup_takes_the_verb_before_it() -> None:
    text = (
        "Gunmen on Friday attacked farming settlements in the Vell district of Marlow state. "
        "Six farmers were killed in Tarvo, two in Oska and one in Brenn, residents said."
    )
    killed = [a["killed"] for a in answers(text)]
    assert "two" in killed and "one" in killed


@pytest.mark.parametrize(
    "sentence",
    [
        "A drone was shot down over the Marlow region on Monday; nobody was injured.",
        "A rocket hit an empty warehouse in Tarvo on Monday and no one was injured, officials said.",
    ],
)
def test_nobody_injured_is_zero_for_both_counts(sentence: str) -> None:
    first = answers(sentence)[0]
    assert parse_count(first["killed"]).value == 0
    assert parse_count(first["injured"]).value == 0


@pytest.mark.parametrize(
    "sentence",
    [
        "Troops killed two militants in an ambush near Tarvo on Monday and recovered an AK-47 rifle.",
        "Soldiers clashed with rebels near Tarvo on Monday; explosives were seized after the fighting.",
        "Police killed a suspect near Tarvo on Monday and found a cache of grenades in his house.",
    ],
)
def test_a_weapon_found_or_seized_is_not_the_weapon_used(sentence: str) -> None:
    assert answers(sentence)[0]["weapon"] is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Two armed men carrying rifles stormed a school in Tarvo on Monday and took six teachers hostage.",
        "Militants brandishing knives abducted two aid workers in Tarvo on Monday, officials said.",
        "Des hommes portant des fusils ont enlevé trois commerçants à Tarvo lundi.",
    ],
)
def test_a_weapon_carried_or_shown_is_not_the_weapon_used(sentence: str) -> None:
    assert answers(sentence)[0]["weapon"] is None


def test_a_weapon_mounted_on_a_vehicle_is_not_the_weapon_used() -> None:
    text = "Rebels in pick-ups mounted with machine guns seized the town of Tarvo on Monday after troops withdrew."
    assert answers(text)[0]["weapon"] is None


@pytest.mark.parametrize(
    ("sentence", "weapon"),
    [
        ("A suicide bomber blew himself up at a checkpoint in Tarvo on Monday, killing six soldiers.", None),
        (
            "A suicide bomber wearing an explosive vest blew himself up at a checkpoint in Tarvo on Monday, "
            "killing six soldiers.",
            "suicide vest",
        ),
        (
            "A suicide bomber drove a car bomb into the gate of an army base in Tarvo on Monday, killing six soldiers.",
            "vehicle bomb",
        ),
    ],
)
def test_a_suicide_attack_codes_only_the_device_it_names(sentence: str, weapon: str | None) -> None:
    assert normalize_weapon(answers(sentence)[0]["weapon"]) == weapon


@pytest.mark.parametrize(
    ("sentence", "weapon"),
    [
        ("Militants carried out a shooting at a market in Tarvo on Monday, killing four people.", "firearm"),
        ("A truck carrying explosives blew up at a checkpoint in Tarvo on Monday, killing four soldiers.", "ied"),
    ],
)
def test_carrying_out_an_attack_or_carrying_a_bomb_is_still_its_weapon(sentence: str, weapon: str) -> None:
    assert normalize_weapon(answers(sentence)[0]["weapon"]) == weapon


def test_a_weapon_carried_and_then_used_is_found() -> None:
    text = "Gunmen carrying rifles opened fire on a bus near Tarvo on Monday, killing three passengers."
    assert answers(text)[0]["weapon"] == "opened fire"


@pytest.mark.parametrize(
    "sentence",
    [
        "A bomb planted by the roadside blew up a police truck near Tarvo on Monday, killing four officers.",
        "Militants hid a bomb in a vegetable cart at the market in Tarvo on Monday, killing four people.",
        "Une bombe posée au bord de la route a tué quatre policiers près de Tarvo lundi.",
    ],
)
def test_a_bomb_placed_in_advance_is_an_ied(sentence: str) -> None:
    assert normalize_weapon(answers(sentence)[0]["weapon"]) == "ied"


@pytest.mark.parametrize(
    "text",
    [
        "A bomb went off at the market in Tarvo on Monday, killing four people, police said.",
        "A bombing took place at the market in Tarvo on Monday, killing four people, police said.",
        "A bomb hit the power plant in Tarvo on Monday, killing four workers, police said.",
    ],
)
def test_a_bomb_with_no_device_named_stays_unset(text: str) -> None:
    assert answers(text)[0]["weapon"] is None


def test_a_weapon_used_is_still_found() -> None:
    text = "Gunmen shot dead two guards near Tarvo on Monday and seized their radios."
    assert answers(text)[0]["weapon"] == "shot dead"


def test_a_crowds_fire_bombs_are_not_coded() -> None:
    text = "Rioters threw Molotov cocktails at the town hall in Tarvo on Monday and burned two cars, police said."
    first = answers(text)[0]
    assert first["sub_event_type"] in ("Violent demonstration", "Mob violence")
    assert first["weapon"] is None


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        ("The death toll from the market blast rose to 12 on Monday.", 12),
        ("The toll has risen to nine, hospital staff said.", 9),
        ("The dead so far number about 30, children among them.", 30),
        ("The number of dead rose to 15 overnight.", 15),
    ],
)
def test_a_tolls_bare_figure_is_a_count(sentence: str, figure: int) -> None:
    found = find_count_expressions(sentence)
    assert [parse_count(surface).value for *_, surface in found] == [figure]


@pytest.mark.parametrize(
    "sentence",
    [
        "The toll in 2019 was lower.",  # a year
        "The death toll in the war has reached 50,000 since 2011.",  # a cumulative toll
        "Two days of air strikes on the valley have now killed 300 people, officials said.",  # days of strikes
    ],
)
def test_no_incident_count_in_a_year_a_war_or_days_of_strikes(sentence: str) -> None:
    assert find_count_expressions(sentence) == []


def test_the_weapon_told_with_the_casualties_comes_before_arson() -> None:
    text = (
        "A gang attacked the Tarvo quarter on Monday and set fire to houses. "
        "Some of the victims were killed with automatic rifles, residents said."
    )
    assert answers(text)[0]["weapon"] == "rifles"


def test_shots_told_beside_tear_gas_without_casualties_stay_behind_it() -> None:
    text = "Police fired tear gas and shot into the air to disperse rioters in Tarvo on Monday."
    assert answers(text)[0]["weapon"] == "tear gas"


def test_a_fight_after_a_seizure_is_still_a_weapon() -> None:
    text = "On Sunday, soldiers recovered explosives after a gunfight with rebels near Tarvo."
    assert answers(text)[0]["weapon"] == "gunfight"


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("All four worked for a trader in the port.", []),  # a verb after the number, not its noun
        ("Twelve killed in the raid on the market.", ["Twelve killed"]),
        ("The attackers shot dead three armed guards.", ["three armed guards"]),
    ],
)
def test_a_verb_after_a_number_is_not_its_noun(sentence: str, found: list[str]) -> None:
    assert [surface for *_, surface in find_count_expressions(sentence)] == found


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        (
            "Jets bombed a school in Tarvo on Monday, killing at least nine people, among them four children, "
            "and wounding 14, rescuers said.",
            "at least nine people",
            "14",
        ),
        (
            "Two shells hit a camp near Tarvo on Saturday, killing at least five people, three of them children, "
            "and wounding 12.",
            "at least five people",
            "12",
        ),
        (
            "Mortar fire hit a bus station in Tarvo on Friday, killing eleven people, three women among them, and "
            "wounding 20.",
            "eleven people",
            "20",
        ),
        ("Des tirs d'obus ont tué six civils, deux enfants parmi eux, lundi à Tarvo.", "six civils", None),
    ],
)
def test_a_part_of_a_toll_is_no_option_for_the_other_toll(text: str, killed: str, injured: str | None) -> None:
    first = answers(text)[0]
    assert (first["killed"], first["injured"]) == (killed, injured)


def test_a_precise_part_of_a_vague_or_uncounted_total_still_counts() -> None:
    text = "Five other drivers, one of them wounded, escaped to a post near Tarvo after the ambush on Monday."
    assert answers(text)[0]["injured"] == "one of them"


@pytest.mark.parametrize(
    "sentence",
    [
        "A shell hit the market in Tarvo on Monday; no one was killed or injured.",
        "A drone struck a car near Tarvo on Monday, killing its driver; no one else was killed or wounded.",
    ],
)
def test_no_one_killed_or_injured_gives_zero_injured(sentence: str) -> None:
    assert parse_count(answers(sentence)[0]["injured"]).value == 0


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("Two men on a motorcycle opened fire on the mayor outside his home.", []),
        ("Three men on Sunday shot dead a farmer near Tarvo.", ["a farmer"]),
        ("Three soldiers killed in ambush near Tarvo", ["Three soldiers"]),  # a headline's passive
        ("A roadside bomb hit a tanker, killing the driver and his assistant.", ["the driver and his assistant"]),
        ("He was hit by at least five bullets.", []),
    ],
)
def test_attackers_bullets_and_joined_victims(sentence: str, found: list[str]) -> None:
    assert [surface for *_, surface in find_count_expressions(sentence)] == found


@pytest.mark.parametrize(
    ("sentence", "count", "revised"),
    [
        ("By Friday two of them had died, bringing the toll to 11, a nurse said.", "11", True),
        ("By Friday two of them had died, bringing the toll to 11, a nurse said.", "two of them", False),
        ("The death toll rose to nine on Thursday.", "nine", True),
        ("Police raised the first toll of three, saying a fourth officer died later.", "three", False),
        ("Le bilan est passé à onze soldats tués.", "onze soldats", True),
        ("The toll was given as four.", "four", False),  # no revision told
    ],
)
def test_a_revised_tolls_figure(sentence: str, count: str, revised: bool) -> None:
    assert revises_toll(sentence, sentence.index(count)) is revised


def test_the_revised_toll_replaces_the_first() -> None:
    text = (
        "A landmine hit a minibus near Tarvo on Wednesday, killing nine people and wounding four. "
        "Two of the wounded died in hospital on Thursday, bringing the toll to 11."
    )
    assert parse_count(answers(text)[0]["killed"]).value == 11


@pytest.mark.parametrize(
    ("sentence", "weapon"),
    [
        ("A bomb exploded near a police post in Tarvo on Monday, wounding three officers.", None),
        ("A roadside bomb hit a patrol near Tarvo on Monday, wounding three soldiers.", "roadside bomb"),
        ("A car bomb exploded outside a hotel in Tarvo on Monday, killing four people.", "car bomb"),
        ("Gunmen attacked a police post in Tarvo on Monday, wounding two officers.", None),
    ],
)
def test_a_bare_bomb_names_no_device(sentence: str, weapon: str | None) -> None:
    assert answers(sentence)[0]["weapon"] == weapon


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("des tirs d'obus puis des tirs directs sur la base", "artillery"),
        ("des tirs de mortier ont visé le camp", "mortar"),
        ("des tirs nourris dans la zone", "firearm"),
    ],
)
def test_the_munition_after_fire_names_the_weapon(text: str, canonical: str) -> None:
    assert normalize_weapon(text) == canonical


@pytest.mark.parametrize(
    ("sentence", "summed"),
    [
        ("The attacks in Tarvo, Oska and Vell had killed five police officers and one civilian.", True),
        ("At least 17 people were killed in Brenn, Kessel, Orlo and Tarvo during the protests.", True),
        ("Troops killed two militants in Jammu and Kashmir on Monday.", False),  # a pair may be one place
        ("Gunmen killed five people in Tarvo, Marlow State, on Monday.", False),
    ],
)
def test_a_toll_told_for_a_list_of_places(sentence: str, summed: bool) -> None:
    assert sums_places(sentence) is summed


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        (
            "In Tarvo, a community leader who was a member of the river council, the body set up in 2016, "
            "was shot dead outside his home.",
            ["a community leader"],
        ),
        ("A trader who was known to the gang, the police said, was arrested on Monday.", []),
    ],
)
def test_a_single_victim_after_a_relative_clause(sentence: str, found: list[str]) -> None:
    assert [surface for *_, surface in find_count_expressions(sentence)] == found


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("A stray bullet has wounded another member of the observer mission.", ["another member"]),
        ("Another 15 were wounded.", ["15"]),
        ("Another raid hit the town on Monday.", []),
        (
            "Reports said a cameraman working for the state agency, the largest in the country, was hurt too.",
            ["a cameraman"],
        ),
        ("Police said a bomb was found near the market.", []),
    ],
)
def test_another_victim_and_a_victim_told_by_someone(sentence: str, found: list[str]) -> None:
    assert [surface for *_, surface in find_count_expressions(sentence)] == found


@pytest.mark.parametrize(
    "sentence",
    [
        "A rocket barrage on Dec. 27 against the air base wounded no soldier.",  # an abbreviated month
        "An F-16 crashed near the base.",  # a model name
        "Rockets hit the K-1 air base overnight.",
    ],
)
def test_a_number_in_a_date_or_a_name_is_no_count(sentence: str) -> None:
    assert not [s for *_, s in find_count_expressions(sentence) if any(c.isdigit() for c in s)]


def test_a_gapped_number_without_a_count_before_it_counts_nobody() -> None:
    text = "Shelling hit Tarvo on Monday and the wounded were taken to two hospitals, one in Oska and one in Vell."
    assert answers(text)[0]["injured"] is None


@pytest.mark.parametrize(
    "text, killed",
    [
        (
            "Gunmen raided a farm in Tarvo on Monday; police found the bodies of four men wounded by gunfire.",
            "four men",
        ),
        (
            "Hombres armados atacaron Tarvo el lunes y dejaron los cuerpos de tres hombres heridos de bala.",
            "tres hombres",
        ),
        (
            "Homens armados atacaram Tarvo na segunda-feira e deixaram os corpos de cinco homens feridos.",
            "cinco homens",
        ),
    ],
)
def test_a_count_hung_on_bodies_counts_the_dead(text: str, killed: str) -> None:
    """The noun a count hangs on through "of" says what it counts: the bodies of men shot are dead, not wounded."""
    first = answers(text)[0]
    assert first["killed"] == killed
    assert first["injured"] is None


def test_a_count_hung_on_another_noun_keeps_its_casualty_word() -> None:
    first = answers("Gunmen attacked the homes of two farmers in Tarvo on Monday; three guards were wounded.")[0]
    assert first["injured"] == "three guards"


# --- a battle's toll counts the dead of both sides (GUIDE 10, as ACLED's fatality count) ---------------------


@pytest.mark.parametrize(
    "surface, side",
    [
        ("three of the attackers", "armed_group"),
        ("22 rebel fighters", "armed_group"),
        ("dix-neuf terroristes", "armed_group"),
        ("five police officers", "state_forces"),
        ("quatre militaires", "state_forces"),
        ("12 people", "anyone"),
        ("two men", None),
    ],
)
def test_the_side_a_counted_noun_names(surface: str, side: str | None) -> None:
    assert battle_side(surface) == side


def test_the_sides_tolls_are_added() -> None:
    assert parse_count(f"four soldiers{SIDES_JOINER}at least nine militants").value == 13
    vague = parse_count(f"four soldiers{SIDES_JOINER}dozens of militants")
    assert vague.value == 4 and "not added" in (vague.note or "")  # a vague side adds nothing (GUIDE 10)
    assert parse_count(f"dozens of soldiers{SIDES_JOINER}nine militants").value is None


def test_french_teens_are_read_whole() -> None:
    assert parse_count("dix-neuf terroristes").value == 19
    assert parse_count("dix-sept soldats").value == 17
    assert parse_count("dix morts").value == 10


def test_a_battle_adds_the_other_sides_dead_told_later() -> None:
    text = (
        "Rebels attacked an army post in Tarvo on Monday, killing four soldiers. "
        "Troops fought back and killed nine of the attackers, the army said."
    )
    first = answers(text)[0]
    assert first["killed"] == f"four soldiers{SIDES_JOINER}nine of the attackers"
    records = incidents_of(text)
    assert records[0].killed == 13
    assert records[0].evidence["killed"].quote == "four soldiers"


@pytest.mark.parametrize(
    "text",
    [
        # a toll that may hold both sides is not added to
        "Rebels clashed with the army in Tarvo on Monday; 12 people were killed. Five rebels died in the fighting.",
        # one-sided violence: the attackers' dead are no victims (GUIDE 10)
        "Gunmen shot dead four villagers in Tarvo on Monday. Police later killed two of the gunmen.",
    ],
)
def test_no_sum_without_two_sides_of_a_battle(text: str) -> None:
    first = answers(text)[0]
    assert first["killed"] is None or SIDES_JOINER not in first["killed"]


def test_a_sides_toll_with_a_part_not_in_the_article_is_ungrounded() -> None:
    text = "Rebels attacked an army post in Tarvo on Monday, killing four soldiers."
    draft = IncidentDraft(
        primary=True,
        event_type="Battles",
        sub_event_type="Armed clash",
        type_quote="Rebels attacked an army post",
        killed=f"four soldiers{SIDES_JOINER}nine rebels",
    )
    ctx = ArticleContext(Article.create(text, published=PUBLISHED, article_id="c"))
    (record,) = build_incidents(ExtractionDraft(incidents=[draft]), ctx)
    assert record.killed is None
    assert any("ungrounded killed" in note for note in record.notes)


@pytest.mark.parametrize(
    "sentence",
    [
        "Lors de plusieurs opérations menées dans le nord, les soldats ont tué 30 assaillants.",
        "Varias emboscadas en la provincia dejaron 14 muertos durante la semana.",
        "Uma série de ataques contra aldeias deixou 22 mortos no distrito.",
        "A string of operations in the valley killed 40 militants, the army said.",
    ],
)
def test_a_toll_summed_over_several_operations_is_no_incidents_count(sentence: str) -> None:
    assert find_count_expressions(sentence) == []


@pytest.mark.parametrize(
    "sentence, found",
    [
        ("Trois gendarmes ont perdu la vie dans l'embuscade.", "Trois gendarmes"),
        ("Dos policías perdieron la vida en el ataque.", "Dos policías"),
        ("Quatro soldados perderam a vida no confronto.", "Quatro soldados"),
    ],
)
def test_losing_ones_life_is_a_death(sentence: str, found: str) -> None:
    text = f"Des hommes armés ont attaqué Tarvo lundi. {sentence}"
    assert answers(text)[0]["killed"] == found


def test_a_french_battle_adds_the_attackers_dead_to_the_soldiers() -> None:
    text = (
        "Des hommes armés ont attaqué un poste de l'armée à Tarvo lundi. Le bilan de l'accrochage est de dix-sept "
        "assaillants tués; trois militaires y ont aussi perdu la vie."
    )
    (record,) = incidents_of(text)
    assert record.killed == 20


def test_a_battles_wounded_count_both_sides_a_bare_toll_taking_its_clauses_side() -> None:
    text = (
        "Rebels attacked an army post in Tarvo on Monday; the army said six soldiers were wounded. "
        "Nine rebel fighters were killed and four wounded in the fighting."
    )
    first = answers(text)[0]
    assert first["injured"] == f"six soldiers{SIDES_JOINER}four wounded"  # "four wounded" are the fighters
    (record,) = incidents_of(text)
    assert record.injured == 10


def test_wounded_of_one_side_only_are_not_summed() -> None:
    text = "Rebels attacked an army post in Tarvo on Monday. Six soldiers were killed and four wounded."
    first = answers(text)[0]
    assert first["injured"] == "four wounded"  # the soldiers' own wounded: one side, nothing to add


def test_a_round_lower_bound_gives_way_to_the_exact_figure_of_the_same_toll() -> None:
    text = (
        "Clashes in Tarvo on Monday killed four people and wounded more than 40, the ministry said on Tuesday. "
        '"Four people were killed and 43 were injured in the clashes in Tarvo," the ministry wrote.'
    )
    first = answers(text)[0]
    assert parse_count(first["injured"]).value == 43
    assert parse_count(first["killed"]).value == 4


def test_a_toll_with_two_appositions_before_its_verb_is_still_the_toll() -> None:
    text = (
        "In Marlow province, six rangers, among them Dara Moll, commander of the ranger post on the river road, were "
        "killed on Monday in an attack by rebels near Tarvo. A spokesman said about 20 rebels were killed there."
    )
    assert answers(text)[0]["killed"] == "six rangers"  # not the other side's "about 20 rebels" alone

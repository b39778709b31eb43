"""Count phrases -> integers: the conservative rules of extractor.normalize.numbers, table-driven."""

from __future__ import annotations

import random

import pytest

from extractor.normalize.numbers import (
    CountResolution,
    cumulative_spans,
    definite_count,
    find_count_expressions,
    ordinal_victim,
    parse_count,
    refines,
)

# (phrase, expected value, a substring the note must contain; None = no note)
COUNTS = [
    # numbers in words and digits
    ("three", 3, None),
    ("three soldiers", 3, None),
    ("Twenty", 20, None),
    ("twenty-one", 21, None),
    ("ninety nine", 99, None),
    ("a dozen", 12, None),
    ("half a dozen", 6, None),
    ("2 dozen", 24, None),
    ("a hundred", 100, None),
    ("two hundred and five", 205, None),
    ("two thousand three hundred and forty-five", 2345, None),
    ("one hundred thousand", 100000, None),
    ("1,200", 1200, None),
    ("1.5 million", 1500000, None),
    ("one", 1, None),
    ("a soldier", 1, None),
    ("A policeman", 1, None),
    ("a total of 12", 12, None),
    ("the bodies of 14 people", 14, None),
    ("seven, police said", 7, None),
    # bounds and approximations
    ("at least 12 people", 12, 'lower bound "at least 12": 12'),
    ("At least 12 people", 12, 'lower bound "At least 12"'),
    ("more than 20", 20, "lower bound"),
    ("over 100 civilians", 100, "lower bound"),
    ("no fewer than 15", 15, "lower bound"),
    ("12 or more", 12, "lower bound"),
    ("20+", 20, "lower bound"),
    ("nearly 50", 50, 'approximate "nearly 50": 50'),
    ("almost forty", 40, "approximate"),
    ("about 30 people", 30, "approximate"),
    ("around 8", 8, "approximate"),
    ("some 30 people", 30, 'approximate "some 30"'),
    ("an estimated 40", 40, "approximate"),
    ("a dozen or so", 12, "approximate"),
    ("a couple of soldiers", 2, "approximate"),
    ("up to 10", None, 'upper bound "up to 10" left null'),
    ("as many as 30 people", None, "upper bound"),
    ("fewer than 10", None, "upper bound"),
    ("not more than 4", None, "upper bound"),
    # ranges: the low end
    ("5 to 7", 5, 'range "5 to 7": low end'),
    ("5-7", 5, "range"),
    ("5–7 civilians", 5, "range"),
    ("between 5 and 7", 5, 'range "between 5 and 7": low end'),
    ("five or six", 5, "range"),
    ("one or two", 1, "range"),
    # vague amounts: null, words kept
    ("dozens", None, 'vague amount "dozens" left null'),
    ("dozens of people", None, "vague amount"),
    ("several", None, 'vague amount "several"'),
    ("scores", None, "vague amount"),
    ("many", None, "vague amount"),
    ("a number of", None, 'vague amount "a number of"'),
    ("hundreds", None, "vague amount"),
    ("several dozen", None, 'vague amount "several dozen"'),
    ("tens of thousands", None, 'vague amount "tens of thousands"'),
    ("some people", None, "vague amount"),
    # explicit zero, and silence that is not zero
    ("no casualties", 0, None),
    ("no one was killed", 0, None),
    ("No-one", 0, None),
    ("nobody was hurt", 0, None),
    ("no deaths", 0, None),
    ("no injuries", 0, None),
    ("without casualties", 0, None),
    ("zero", 0, None),
    ("none", 0, None),
    ("escaped unhurt", 0, None),
    ("no immediate reports of casualties", None, "unknown count"),
    ("unknown", None, "unknown count"),
    ("the death toll is unclear", None, "unknown count"),
    ("an unknown number of people", None, "unknown count"),
    # years, ages, ordinals
    ("2020", None, 'year-like number "2020" left null'),
    ("in 2020", None, "year-like"),
    ("2019-2020", None, "year-like"),
    ("2020 people", 2020, None),
    ("a 12-year-old boy", 1, None),
    ("two 12-year-old boys", 2, None),
    ("the 3rd battalion", None, "no count found"),
    ("the driver", 1, None),  # one person named, as the gold counts "killing the driver and his assistant" (2)
    ("2.5", None, "unknown count"),
    # sums, subsets, mixed outcomes
    ("two soldiers and three civilians", 5, "sum of 2 counts: 2 + 3"),
    ("a soldier and two civilians", 3, "sum of 2 counts"),
    ("two soldiers, three civilians and a child", 6, "2 + 3 + 1"),
    ("several soldiers and two civilians", 2, 'vague amount "several" not counted'),
    ("five people, including two children", 5, None),
    ("at least 12 people, among them three children", 12, "lower bound"),
    ("eleven people, three women among them", 11, None),  # the marker after the part: still a part
    ("doce personas, cuatro niños entre ellos", 12, None),
    ("several people, two guards among them", 2, "lower bound from the subset"),
    ("3 soldiers (two officers)", 3, None),
    ("killed 5 people in 2 villages", 5, None),
    ("three killed and five wounded", 3, "mixes dead and wounded"),
    ("One soldier was killed and another wounded", 1, None),
    # nothing there
    ("", None, None),
    ("   ", None, None),
    (None, None, None),
    ("!!!", None, "no count found"),
]


@pytest.mark.parametrize(("text", "value", "note"), COUNTS)
def test_parse_count(text: str | None, value: int | None, note: str | None) -> None:
    result = parse_count(text)
    assert isinstance(result, CountResolution)
    assert result.value == value
    if note is None:
        assert result.note is None
    else:
        assert result.note is not None and note in result.note


def test_vague_note_keeps_the_words() -> None:
    assert parse_count("dozens").note == 'vague amount "dozens" left null'


def test_resolution_is_frozen() -> None:
    with pytest.raises(AttributeError):
        parse_count("three").value = 4  # type: ignore[misc]


WEIRD = [
    "\x00",
    "-",
    "--5",
    "a",
    "an",
    "and",
    "between",
    "between 5",
    "5 to",
    "no",
    "at least",
    "1,,2",
    "9" * 400,
    "the 1st and 2nd",
    "(",
    "— — —",
    "one-",
    "twenty-",
    "a hundred and",
    "𝟙𝟚",
    "٣ جنود",
    "十二人",
    "İ" * 5,
    "no no no",
    "as many as",
    "some",
    "%",
    "5%",
    "$5 million",
    "a a a a",
    "hundred",
    "dozen",
    "-1",
]


@pytest.mark.parametrize("text", WEIRD)
def test_parse_count_never_raises(text: str) -> None:
    result = parse_count(text)
    assert result.value is None or result.value >= 0


def test_never_raises_on_random_text() -> None:
    rng = random.Random(7)
    alphabet = list("abcdefghijklmnopqrstuvwxyz0123456789 ,.-–()+;'’") + ["and ", "to ", "no ", "at least ", "a "]
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        result = parse_count(text)
        assert result.value is None or result.value >= 0
        for start, end, surface in find_count_expressions(text):
            assert text[start:end] == surface


@pytest.mark.parametrize("text", WEIRD)
def test_find_count_expressions_never_raises(text: str) -> None:
    for start, end, surface in find_count_expressions(text + " people"):
        assert (text + " people")[start:end] == surface


ARTICLE = (
    "MAIDUGURI, Nigeria, March 5, 2024 (Reuters) - At least 12 people were killed and dozens wounded when gunmen "
    "attacked a village on Monday, police said. Three soldiers and two civilians died in the attack, which lasted "
    "3 hours. Between 5 and 7 civilians were abducted, including a 12-year-old boy. In a separate incident 10 km "
    "away, a roadside bomb exploded but no one was hurt. The army said there were no casualties among its troops. "
    "In 2020, more than 1,200 people were killed in the state; two of them were journalists. Some 30 people fled "
    "and up to 40 homes burned. The 3rd brigade arrived at 5 pm; twenty-one fighters were captured without "
    "casualties. There was no word on whether anyone was killed."
)


def test_find_count_expressions() -> None:
    found = find_count_expressions(ARTICLE)
    for start, end, surface in found:
        assert ARTICLE[start:end] == surface
    assert [surface for *_, surface in found] == [
        "At least 12 people",
        "Three soldiers and two civilians",  # one toll of all sides (GUIDE 10)
        "Between 5 and 7 civilians",
        "no one was hurt",
        "no casualties",
        "more than 1,200 people",
        "two of them",
        "Some 30 people",  # "up to 40 homes" counts houses, not people: no candidate
        "twenty-one fighters",
        "without casualties",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no injuries were reported", ["no injuries"]),
        ("Nobody was seriously injured.", ["Nobody was seriously injured"]),
        ("one soldier fled", ["one soldier"]),
        ("12 killed", ["12 killed"]),
        ("three armed men", ["three armed men"]),
        ("In 2021 militants returned", []),
        ("on 5 March", []),
        ("a 12-year-old boy", []),
        ("15%", []),
        ("", []),
    ],
)
def test_find_count_expressions_cases(text: str, expected: list[str]) -> None:
    assert [surface for *_, surface in find_count_expressions(text)] == expected


def test_found_expressions_parse() -> None:
    values = [parse_count(surface).value for *_, surface in find_count_expressions(ARTICLE)]
    assert values == [12, 5, 5, 0, 0, 1200, 2, 30, 21, 0]


# --- numbers that count no casualties (issue 18 item 4; extractor/data/count_context.csv) ---------------------


@pytest.mark.parametrize(
    "text, why",
    [
        ("more than 250 incidents", "incidents"),
        ("some 80 cows", "cows"),
        ("two sides", "sides"),
        ("national road 4", "road"),
        ("some 20 km", "km"),
        ("the September 9 bombing", "september"),
        ("aged 31", "aged"),
    ],
)
def test_a_tally_a_road_a_distance_a_date_or_an_age_is_no_count(text: str, why: str) -> None:
    result = parse_count(text)
    assert result.value is None
    assert why in result.note and "no casualty count" in result.note


@pytest.mark.parametrize(
    "text, head",
    [
        ("um veículo incendiado", "veículo"),  # Portuguese: the head noun comes first, its singular counts too
        ("deux maisons brûlées", "maisons"),
        ("tres casas quemadas", "casas"),
        ("uno de los ataques", None),  # "de" opens no tally: a part of a list, not a thing counted here
    ],
)
def test_a_romance_count_is_read_by_its_first_noun(text: str, head: str | None) -> None:
    result = parse_count(text)
    if head is None:
        assert result.note is None or "are counted, not people" not in result.note
    else:
        assert result.value is None
        assert f'"{head}" are counted, not people' in (result.note or "")


def test_a_singular_thing_noun_is_a_tally_like_its_plural() -> None:
    assert parse_count("un véhicule").value is None  # "véhicules" is listed; the singular by morphology
    assert parse_count("one checkpoint").value is None  # "checkpoints" is listed
    assert parse_count("three village elders").value == 3  # English: the head is last, "village" only modifies
    assert parse_count("cinco homens baleados").value == 5  # people, head first
    assert parse_count("dos soldados heridos").value == 2


def test_a_burned_vehicle_beside_the_dead_is_no_count() -> None:
    text = "Los agentes hallaron un vehículo quemado con los cuerpos de tres hombres en la carretera."
    assert [surface for *_, surface in find_count_expressions(text)] == ["tres hombres"]


def test_people_beside_a_tally_are_still_counted() -> None:
    assert parse_count("nine villagers and 40 huts").value == 9
    assert parse_count("killed 6 and injured 31").value == 6
    assert parse_count("four farmers").value == 4


def test_find_count_expressions_skips_tallies_roads_distances_and_dates() -> None:
    text = (
        "Monitors logged more than 310 incidents in the province in April. On national road 7, some 15 km "
        "from the border, raiders drove off 60 goats and killed 3 and wounded 11 herders after the June 2 raid."
    )
    assert [surface for *_, surface in find_count_expressions(text)] == ["3", "11 herders"]


def test_a_bare_number_after_a_harm_verb_is_a_count() -> None:
    found = find_count_expressions("The militia killed 9 and injured 14 at the ferry landing.")
    assert [surface for *_, surface in found] == ["9", "14"]


@pytest.mark.parametrize(
    "text",
    [
        "More than 90,000 people have died in the war since it began.",
        "At least 1,400 civilians have been killed so far this year, the monitor said.",
        "Militia raids have now killed 316 villagers across the country.",
    ],
)
def test_a_cumulative_toll_is_no_count(text: str) -> None:
    assert find_count_expressions(text) == []
    assert cumulative_spans(text) == [(0, len(text) - 1)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The ambush, the deadliest since 2017, has killed 14 rangers.", ["14 rangers"]),
        ("Gunmen killed 14 rangers on Sunday; more than 900 people have died in the insurgency.", ["14 rangers"]),
        ("Since dawn, shelling killed five people in the old town.", ["five people"]),
    ],
)
def test_one_event_s_toll_beside_a_span_word_is_kept(text: str, expected: list[str]) -> None:
    assert [surface for *_, surface in find_count_expressions(text)] == expected


def test_a_bare_number_after_one_verb_alone_is_left_out() -> None:
    assert find_count_expressions("Rebels overrun army post, killing 23") == []


def test_counts_joined_by_and_are_one_toll_unless_dead_and_wounded_mix() -> None:
    found = find_count_expressions("The raid killed four police officers and two herders near the well.")
    assert [(surface, parse_count(surface).value) for *_, surface in found] == [
        ("four police officers and two herders", 6)
    ]
    mixed = find_count_expressions("Six guards were killed and nine guards wounded.")
    assert [surface for *_, surface in mixed] == ["Six guards", "nine guards"]


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("En el ataque contra el puesto murieron otros tres, según la policía.", "tres"),
        ("Na aldeia vizinha morreram outras duas; os corpos foram levados.", "duas"),
        ("Dans l'incendie du dépôt meurent deux, dit le maire.", "deux"),
    ],
)
def test_a_bare_number_after_a_romance_verb_of_dying_is_its_subject(text: str, surface: str) -> None:
    assert [s for *_, s in find_count_expressions(text)] == [surface]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("A ranger and two herders died near the well.", [("A ranger and two herders", 3)]),
        ("A nurse and four patients were wounded in the shelling.", [("A nurse and four patients", 5)]),
        ("Raiders killed a trader and his three sons on the road.", [("a trader and his three sons", 4)]),
        ("A guard and two porters were arrested.", [("two porters", 2)]),  # nobody harmed: "a guard" no victim
    ],
)
def test_one_person_and_a_count_sharing_a_verb_of_harm_add_up(text: str, kept: list[tuple[str, int]]) -> None:
    assert _counts(text) == kept


def test_a_count_marked_as_a_part_after_it_is_not_joined_to_the_toll() -> None:
    found = find_count_expressions("The shelling killed nine villagers, four children among them, on Monday.")
    assert [surface for *_, surface in found] == ["nine villagers", "four children"]


# --- counts of those who acted and tolls summed over several incidents (issue 18 item 4; count_context.csv) -----


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("About forty raiders on Sunday invaded two hamlets near Orlo, killing nine herders.", ["nine herders"]),
        ("Some 200 protesters marched to the ministry.", []),
        ("Thirty gunmen stormed the depot and shot dead two guards.", ["two guards"]),
        # the count is of victims when the verb is passive or there is no acting verb
        ("Three soldiers attacked by gunmen died in the hospital.", ["Three soldiers"]),
        ("Five gunmen were killed in the raid on the depot.", ["Five gunmen"]),
    ],
)
def test_a_count_of_those_who_acted_is_no_casualty_count(text: str, expected: list[str]) -> None:
    assert [surface for *_, surface in find_count_expressions(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Raiders carried out separate attacks on posts in the east, killing at least 30, officials said.",
        "Hundreds of air strikes hit the valley on Monday, killing nearly 400 people and wounding 900.",
        "A string of bombings across the province killed 45 people last week.",
        "More than 9,000 civilians, including 2,000 children, have been killed in the province over five years.",
    ],
)
def test_a_toll_summed_over_several_incidents_is_no_count(text: str) -> None:
    assert find_count_expressions(text) == []


def test_one_incident_beside_an_aggregate_keeps_its_count() -> None:
    text = (
        "Raiders carried out separate attacks in the east, killing at least 30. "
        "In Orlo, an air strike hit a market, killing 12 traders."
    )
    assert [surface for *_, surface in find_count_expressions(text)] == ["12 traders"]
    assert [surface for *_, surface in find_count_expressions("An air strike hit the valley, killing 40 people.")] == [
        "40 people"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Two of the dead were found burned beside the trucks.", []),
        ("Four of the victims were herders from Tarn.", []),
        ("Troops fired back and killed three of the attackers.", ["three of the attackers"]),
    ],
)
def test_a_part_of_the_dead_is_no_toll_but_a_part_of_the_attackers_is(text: str, expected: list[str]) -> None:
    assert [surface for *_, surface in find_count_expressions(text)] == expected


# --- one named victim, approximate amounts in other languages, places and missing people (issue 17 item 2) ------


def _counts(sentence: str) -> list[tuple[str, int | None]]:
    return [(surface, parse_count(surface).value) for _, _, surface in find_count_expressions(sentence)]


@pytest.mark.parametrize(
    "sentence, surface",
    [
        ("In the port town, a fisherman was shot dead on Monday.", "a fisherman"),
        ("A girl was wounded by a stray bullet.", "A girl"),
        ("A border guard was reportedly killed overnight.", "A border guard"),
        ("Raiders entered the farm, killing a herder.", "a herder"),
        ("Two men on a motorbike shot dead a local trader in the market.", "a local trader"),
    ],
)
def test_one_victim_named_with_a_is_a_count_of_one(sentence: str, surface: str) -> None:
    assert (surface, 1) in _counts(sentence)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("A drone strike killed a local commander and an aide near the base.", [("a local commander and an aide", 2)]),
        ("Gunmen shot dead a farmer and a trader in Kelu.", [("a farmer and a trader", 2)]),
        ("Troops killed a fighter and wounded a soldier.", [("a fighter", 1), ("a soldier", 1)]),
        ("Rebels killed a guard and burned a truck.", [("a guard", 1)]),
    ],
)
def test_victims_named_with_a_and_joined_by_and_add_up(sentence: str, expected: list[tuple[str, int]]) -> None:
    assert _counts(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "A bomb went off near the bus station.",
        "A truck was stopped at the checkpoint.",
        "Police said a district was sealed off.",
        "Rebels attacked a camp on Friday.",
    ],
)
def test_an_a_noun_that_nobody_harmed_is_no_count(sentence: str) -> None:
    assert _counts(sentence) == []


@pytest.mark.parametrize(
    "phrase, value",
    [
        ("une vingtaine de soldats", 20),
        ("une dizaine de passagers", 10),
        ("una veintena de policías", 20),
        ("un centenar de personas", 100),
        ("uma dezena de moradores", 10),
    ],
)
def test_an_approximate_amount_noun_is_its_number_with_a_note(phrase: str, value: int) -> None:
    result = parse_count(phrase)
    assert result.value == value
    assert result.note is not None


@pytest.mark.parametrize(
    "sentence, kept",
    [
        ("Raids on one district of the city left 12 people dead.", [("12 people", 12)]),
        ("The attack left nine dead and four missing.", [("nine dead", 9)]),
        ("Les assaillants ont mené trois attaques contre l'armée.", []),
        ("Hubo dos ataques en la región.", []),
    ],
)
def test_places_attacks_and_missing_people_are_no_casualty_count(sentence: str, kept: list[tuple[str, int]]) -> None:
    assert _counts(sentence) == kept


def test_a_number_after_french_elision_is_read() -> None:
    assert _counts("Les habitants font état d'un gendarme tué et d'une dizaine de passants blessés.") == [
        ("un gendarme tué", 1),
        ("une dizaine de passants", 10),
    ]
    assert _counts("In Côte d'Ivoire, two soldiers were killed.") == [("two soldiers", 2)]


@pytest.mark.parametrize(
    "sentence, kept",
    [
        ("The imam of Tarvo mosque was murdered overnight.", [("The imam of Tarvo mosque", 1)]),
        ("Medics said three were killed in Dalo and four were wounded.", [("three", 3), ("four", 4)]),
        ("In 2021 were killed more than ever.", []),
        ("The roof of the school was damaged.", []),
        ("Two days later, a herder was found dead near the well.", [("a herder", 1)]),
        ("A shopkeeper was found beheaded behind the market.", [("A shopkeeper", 1)]),
        ("A pistol was found under the seat.", []),  # found, but nobody harmed
        ("A farmer was found in his field on Monday.", []),
        ("Nine were reported killed in the raid on Oska.", [("Nine", 9)]),
        ("A ferryman was confirmed dead on Monday.", [("A ferryman", 1)]),
        ("Two were reported missing after the raid.", []),  # told, but not harmed
    ],
)
def test_a_victim_or_a_bare_number_before_a_passive_verb_of_harm_is_counted(
    sentence: str, kept: list[tuple[str, int]]
) -> None:
    assert _counts(sentence) == kept


def test_a_daily_report_s_toll_is_no_cumulative_toll_but_a_week_s_is() -> None:
    daily = "Shelling over the past 24 hours had killed three people and wounded nine others, the governor said."
    assert _counts(daily) == [("three people", 3), ("nine others", 9)]
    weekly = "Shelling over the past week has killed 40 people in the province, the governor said."
    assert _counts(weekly) == []
    assert _counts("Air raids over the past two weeks have killed 60 people.") == []


@pytest.mark.parametrize(
    "sentence, kept",
    [
        ("Le 4 mars, au moins six gendarmes ont été tués.", [("au moins six gendarmes", 6)]),
        ("El 9 de octubre, tres soldados murieron.", [("tres soldados", 3)]),
        ("Em 21 de abril, duas pessoas morreram.", [("duas pessoas", 2)]),
    ],
)
def test_a_day_before_a_french_spanish_or_portuguese_month_is_no_count(
    sentence: str, kept: list[tuple[str, int]]
) -> None:
    assert _counts(sentence) == kept


@pytest.mark.parametrize(
    "text, value",
    [
        ("treinta y dos campesinos", 32),
        ("vinte e dois agricultores", 22),
        ("vingt et un soldats", 21),
        ("veintidós campesinos", 22),
        ("diecisiete policías", 17),
        ("dezesseis mortos", 16),
        ("dezasseis mortos", 16),
        ("ochenta civiles", 80),
    ],
)
def test_romance_number_words_are_read_whole(text: str, value: int) -> None:
    result = parse_count(text)
    assert result.value == value
    assert result.note is None  # one number, not a sum of two counts


def test_a_tens_and_unit_number_is_one_count_phrase() -> None:
    found = find_count_expressions("Homens armados mataram vinte e dois agricultores em Tarvo.")
    assert [surface for *_, surface in found] == ["vinte e dois agricultores"]


def test_counts_joined_by_and_are_still_two() -> None:
    assert parse_count("cinco mortos e dois feridos").value == 5  # dead and wounded: the first
    assert parse_count("two soldiers and three civilians").value == 5
    assert parse_count("troops seize three soldiers").value == 3  # English "seize" is no French 16


@pytest.mark.parametrize(
    ("bound", "exact", "refined"),
    [
        ("over 100 wounded", "106", True),
        ("more than 20 people", "23 people", True),
        ("at least 1,000 people", "1,450 people", True),
        ("above 27", "27 people", False),  # not a rounded figure
        ("more than 20 people", "31 people", False),  # past the rounding step: another figure
        ("over 100", "99", False),  # below the bound: a conflict, not a refinement
        ("around 100", "104", False),  # an approximation, not a lower bound
        ("at least 20 people", "about 23 people", False),  # the second is no plain figure
    ],
)
def test_an_exact_figure_refines_the_round_lower_bound_it_is_rounded_from(
    bound: str, exact: str, refined: bool
) -> None:
    assert refines(bound, exact) is refined


@pytest.mark.parametrize(
    ("surface", "rank"),
    [
        ("um sexto cadáver estava", 6),
        ("Un segundo agente murió", 2),
        ("une troisième victime", 3),
        ("a 4th soldier", 4),
        ("a fifth miner", 5),
        ("two soldiers", None),  # a cardinal: no rank
        ("um agente", None),  # one person, no ordinal
        ("sixth soldier", None),  # no article: not a phrase that tells a victim by rank
        ("a first victim", None),  # the first is the toll's own start, not one more
    ],
)
def test_an_ordinal_victim_gives_its_rank(surface: str, rank: int | None) -> None:
    assert ordinal_victim(surface) == rank


@pytest.mark.parametrize(
    ("text", "count", "definite"),
    [
        ("The four guards who died were on patrol.", "four guards", True),
        ("Los tres pastores muertos eran vecinos.", "tres pastores", True),
        ("Ces deux soldats rentraient chez eux.", "deux soldats", True),
        ("Gunmen killed four guards on patrol.", "four guards", False),
        ("A bomb wounded two herders.", "two herders", False),
    ],
)
def test_a_count_after_a_plural_definite_determiner_refers_back(text: str, count: str, definite: bool) -> None:
    assert definite_count(text, text.index(count)) is definite

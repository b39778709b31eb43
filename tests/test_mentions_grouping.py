"""Which sentences make up an incident's mention when an article tells several: a sentence that names an incident
told before by its day ("the attack on Tuesday", "l'attaque de mardi") tells that incident, not the one being told.
Every article here is invented; published on a Thursday (2024-03-14)."""

from __future__ import annotations

import pytest
from _decomposed_support import incidents, mentions

from extractor.decomposed.questions import count_options

TWO_DAYS = (
    "Gunmen attacked a market in Dalo on Tuesday, killing four traders.\n\n"
    "On Wednesday, a roadside bomb struck an army truck near Kelu, killing two soldiers.\n\n"
)


def _told(found, words: str) -> list[int]:
    """The indexes of the mentions one of whose sentences holds ``words``."""
    return [n for n, m in enumerate(found) if any(words.casefold() in s.text.casefold() for s in m.sentences)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Doctors said nine people wounded in the attack on Tuesday were still in hospital.",
        "Nine people wounded in Tuesday's attack were still in hospital, doctors said.",
    ],
)
def test_a_sentence_naming_an_earlier_incident_by_its_day_joins_that_incident(sentence: str):
    found = mentions(TWO_DAYS + sentence)
    assert len(found) == 2
    assert _told(found, "nine people wounded") == [0]
    _, injured, _ = count_options(found[0])
    assert [c.casefold() for c in injured[:1]] == ["nine people"]
    assert count_options(found[1])[1] == []


@pytest.mark.parametrize(
    "text",
    [
        "Des hommes armés ont attaqué un marché à Dalo mardi, tuant quatre commerçants.\n\n"
        "Mercredi, une mine a touché un camion de l'armée près de Kelu, tuant deux soldats.\n\n"
        "Selon l'hôpital, neuf blessés de l'attaque de mardi sont dans un état stable.",
        "Hombres armados atacaron un mercado en Dalo el martes y mataron a cuatro comerciantes.\n\n"
        "El miércoles, una mina alcanzó un camión del ejército cerca de Kelu y mató a dos soldados.\n\n"
        "Según el hospital, nueve heridos del ataque del martes siguen graves.",
        "Homens armados atacaram um mercado em Dalo na terça-feira e mataram quatro comerciantes.\n\n"
        "Na quarta-feira, uma mina atingiu um camião do exército perto de Kelu e matou dois soldados.\n\n"
        "Segundo o hospital, nove feridos do ataque de terça-feira continuam internados.",
    ],
    ids=["fr", "es", "pt"],
)
def test_a_day_reference_reads_in_french_spanish_and_portuguese(text: str):
    found = mentions(text)
    assert len(found) == 2
    assert _told(found, text.rsplit("\n\n", 1)[1]) == [0]


def test_a_sentence_naming_an_incident_by_its_day_becomes_part_of_its_record():
    text = TWO_DAYS + "Doctors said nine people wounded in the attack on Tuesday were still in hospital."
    found = incidents(text)
    tuesday = next(i for i in found if i.date is not None and i.date.isoformat() == "2024-03-12")
    wednesday = next(i for i in found if i.date is not None and i.date.isoformat() == "2024-03-13")
    assert tuesday.injured == 9
    assert wednesday.injured is None


def test_a_reference_to_a_day_no_incident_was_told_on_changes_nothing():
    # "the attack on Monday" names no incident told so far: the sentence is read as before, not sent to Tuesday's.
    base = mentions(TWO_DAYS + "Officials said nine people wounded in a blast on Monday were still in hospital.")
    referring = mentions(
        TWO_DAYS + "Officials said nine people wounded in the attack on Monday were still in hospital."
    )
    assert [len(m.sentences) for m in referring] == [len(m.sentences) for m in base]
    assert _told(referring, "nine people wounded") != [0]


@pytest.mark.parametrize(
    "text",
    [
        TWO_DAYS + "Doctors said five people wounded in the first attack were flown to the capital.",
        "Des hommes armés ont attaqué un marché à Dalo mardi, tuant quatre commerçants.\n\n"
        "Mercredi, une mine a touché un camion de l'armée près de Kelu, tuant deux soldats.\n\n"
        "Selon l'hôpital, cinq blessés de la première attaque ont été évacués.",
        "Hombres armados atacaron un mercado en Dalo el martes y mataron a cuatro comerciantes.\n\n"
        "El miércoles, una mina alcanzó un camión del ejército cerca de Kelu y mató a dos soldados.\n\n"
        "Según el hospital, cinco heridos del primer ataque fueron trasladados.",
        "Homens armados atacaram um mercado em Dalo na terça-feira e mataram quatro comerciantes.\n\n"
        "Na quarta-feira, uma mina atingiu um camião do exército perto de Kelu e matou dois soldados.\n\n"
        "Segundo o hospital, cinco feridos do primeiro ataque foram transferidos.",
        "Des hommes armés ont attaqué un marché à Dalo mardi, tuant quatre commerçants.\n\n"
        "Mercredi, une mine a touché un camion de l'armée près de Kelu, tuant deux soldats.\n\n"
        "Selon l'hôpital, cinq blessés de la premiere attaque ont été évacués.",  # scraped without its accent
    ],
    ids=["en", "fr", "es", "pt", "fr-unaccented"],
)
def test_a_definite_ordinal_names_the_incident_told_in_that_place(text: str):
    found = mentions(text)
    assert len(found) == 2
    assert _told(found, text.rsplit("\n\n", 1)[1]) == [0]


def test_an_ordinal_counts_the_incidents_not_the_sentence_that_sums_them():
    text = (
        "Gunmen killed six people in separate attacks in the north on Tuesday and Wednesday, officials said.\n\n"
        "On Tuesday, gunmen attacked a market in Dalo, killing four traders.\n\n"
        "On Wednesday, a roadside bomb struck an army truck near Kelu, killing two soldiers.\n\n"
        "Doctors said five people wounded in the first attack were flown to the capital."
    )
    found = mentions(text)
    assert _told(found, "wounded in the first attack") == _told(found, "attacked a market")


def test_an_indefinite_ordinal_tells_a_new_incident():
    # "A second attack" is news, not a reference: it is not sent to the second incident told.
    text = TWO_DAYS + "A second attack was reported in Pell on Tuesday, killing three."
    found = mentions(text)
    assert _told(found, "reported in Pell") not in ([0], [1])


# A time anchor ("hours after", "a day after") between two events: the words after it tell a second incident when
# they hold an event of their own, and refer back to the incident told when they name it with a definite article.
ANCHORED_LEDE = (
    "Soldiers ambushed a rebel column near Tarra on Wednesday, a day after a roadside bomb killed three "
    "villagers on the road to Mesu.\n\nThe army said six rebels died in the ambush.\n\n"
)


def test_an_event_after_a_time_anchor_in_an_opening_sentence_is_a_second_incident():
    found = mentions(ANCHORED_LEDE)
    assert len(found) == 2
    assert "roadside bomb" not in found[0].lead.text
    assert found[1].lead.text.startswith("a roadside bomb killed three villagers")
    assert _told(found, "six rebels died") == [0]  # the sentences after it go on telling the main incident


#: The lede the time-anchor tests continue: one shelling with its own day and place.
DALO_SHELLING = "Artillery shells hit the market of Dalo on Tuesday, killing four traders."


@pytest.mark.parametrize(
    "sentence",
    [
        "The shelling comes a day after rebels stormed a police post in Kiva, killing two officers.",
        "Le bombardement intervient au lendemain d'une embuscade contre une patrouille à Kiva.",
        "The shelling came hours after a bomb exploded in Kiva.",
    ],
)
def test_a_continuation_that_anchors_a_new_event_opens_it(sentence: str):
    found = mentions(DALO_SHELLING + "\n\n" + sentence)
    assert len(found) == 2
    assert "Kiva" not in found[0].text(DALO_SHELLING)
    assert _told(found, "Kiva") == [1]
    assert found[1].cues


@pytest.mark.parametrize(
    "sentence",
    [
        "Police arrived at the market hours after the attack, witnesses said.",
        "Troops sealed off Dalo a day after Tuesday's shelling.",
        "Traders reopened their stalls two days after the market was cleared.",
    ],
)
def test_a_time_anchor_that_refers_back_or_tells_no_event_opens_nothing(sentence: str):
    found = mentions(DALO_SHELLING + "\n\n" + sentence)
    assert len(found) == 1
    assert _told(found, sentence[:20]) == [0]


def test_a_sentence_whose_anchor_follows_a_reference_back_hands_the_next_sentences_to_the_anchored_event():
    text = (
        "A car bomb exploded outside the governor's office in Dalo on Sunday, killing nine people.\n\n"
        "The bombing came a day after a roadside bomb hit an army truck near Kelu on Saturday, killing two soldiers. "
        "Officials blamed the Dalo Front for that attack."
    )
    found = mentions(text)
    assert len(found) == 2
    assert _told(found, "The bombing came") == [0]
    assert found[1].lead.text.startswith("a roadside bomb hit an army truck")
    assert _told(found, "blamed the Dalo Front") == [1]


def test_the_words_before_an_anchor_keep_their_own_kind_and_day():
    text = (
        "Gunmen killed five traders at the market of Dalo on Sunday, two days after a roadside bomb killed three "
        "soldiers near Kelu on Friday.\n\nOn Friday, the bomb near Kelu struck an army truck on patrol, officials said."
    )
    found = mentions(text)
    assert found[0].cues == ["Attack"]  # the bomb is the anchored incident's, not the market attack's
    assert _told(found, "struck an army truck") != [0]
    assert found[1].lead.text.startswith("a roadside bomb")
    assert "Remote explosive/landmine/IED" in found[1].cues


def test_an_anchored_event_a_year_before_is_a_background_incident():
    text = (
        "Thousands of protesters marched through Dalo on Tuesday, chanting against the new tax.\n\n"
        "The march came a year after protesters stormed the assembly building in Dalo on 3 March last year."
    )
    found = mentions(text)
    assert len(found) == 2
    assert found[0].primary and not found[1].primary
    assert found[1].lead.text.startswith("protesters stormed the assembly building")

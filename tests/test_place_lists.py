"""A sentence that names several places tells one incident per place (GUIDE 2; issue 17, roundups): the list
splits into mentions, a later sentence led by one of the places tells that place's incident, the sentence's one
toll is no place's count (GUIDE 10) and its actors are each incident's. Every sentence here is written for these
tests; the patterns are the packaged ones (``prompts/questions.json``, ``structure``)."""

from __future__ import annotations

import datetime as dt

from _decomposed_support import incidents, mentions

from extractor.decomposed.mentions import Mention


def test_an_event_sentence_listing_towns_opens_one_mention_per_town():
    found = mentions("Missiles struck power plants in Kharkiv, Dnipro and Odesa overnight on Tuesday, officials said.")
    assert [m.place for m in found] == ["Kharkiv", "Dnipro", "Odesa"]
    assert all(m.shared is found[0].lead for m in found)
    assert found[0].primary and all(m.listed for m in found[1:])


def test_a_spanish_list_with_e_before_the_last_name_splits_too():
    found = mentions("Los disidentes atacaron con explosivos y fusiles en Popayán, Cali e Ibagué el lunes.")
    assert [m.place for m in found] == ["Popayán", "Cali", "Ibagué"]


def test_a_sentence_led_by_a_listed_town_tells_that_towns_incident():
    text = (
        "Missiles struck power plants in Kharkiv, Dnipro and Odesa on Tuesday morning, officials said.\n\n"
        "In Dnipro the missiles hit a power plant and killed two workers.\n\n"
        "In Odesa a port warehouse burned."
    )
    found = mentions(text)
    assert [m.place for m in found] == ["Kharkiv", "Dnipro", "Odesa"]
    dnipro, odesa = found[1], found[2]
    assert dnipro.lead.text == "In Dnipro the missiles hit a power plant and killed two workers."
    assert odesa.lead.text == "In Odesa a port warehouse burned."
    assert found[0].lead.text.startswith("Missiles struck")  # Kharkiv has no sentence of its own


def test_the_incidents_of_a_list_take_their_town_their_own_toll_and_the_shared_actors():
    text = (
        "Rebel fighters attacked army posts in Kharkiv, Dnipro and Odesa on Tuesday, killing nine soldiers.\n\n"
        "In Dnipro two soldiers died in the attack."
    )
    found = {i.locality: i for i in incidents(text)}
    assert set(found) == {"Kharkiv", "Dnipro", "Odesa"}
    assert found["Kharkiv"].killed is None and found["Odesa"].killed is None  # nine is the total, no town's
    assert found["Dnipro"].killed == 2
    assert all(i.date == dt.date(2024, 3, 12) for i in found.values())
    assert found["Dnipro"].perpetrator == "Rebel fighters"  # the shared sentence's actors carry


def test_a_toll_split_by_place_gives_each_share_the_sentences_actors():
    text = "Bandits killed four villagers in Tamsu, two in Baram and one in Shuwari on Monday."
    found = {i.locality: i for i in incidents(text)}
    assert set(found) == {"Tamsu", "Baram", "Shuwari"} and found["Tamsu"].killed == 4
    assert {found[name].perpetrator for name in ("Baram", "Shuwari")} == {"Bandits"}


def test_aggregates_that_list_places_are_not_split():
    for sentence in (
        "Protests last month left 30 dead, most of them in Kharkiv, Dnipro and Odesa.",  # a share of a total
        "By Tuesday the attacks in Kharkiv, Dnipro and Odesa had killed 40 people.",  # attacks already told
        "Shelling continued in Kharkiv and Dnipro on Tuesday.",  # a series
        "In mid-February gunmen burned lorries in Kharkiv, Dnipro and Odesa.",  # a month, not an occasion
        "Gunmen attacked villages in Mali and Niger on Tuesday.",  # countries are no incident places
    ):
        assert all(m.place is None for m in mentions(sentence)), sentence


def test_a_list_inside_a_told_incident_gives_the_incident_the_first_place_when_it_had_none():
    text = (
        "Explosions shook the east before dawn on Tuesday. "
        "Officials said missiles had struck targets in Kharkiv and Odesa, killing one man."
    )
    found = mentions(text)
    assert [m.place for m in found] == ["Kharkiv", "Odesa"]
    assert found[0].lead.text.startswith("Explosions shook")


def test_a_list_of_villages_after_a_counting_lede_tells_its_incidents_and_the_lede_is_none():
    text = (
        "Gunmen on Monday raided three villages in the Tsafe area, killing eight people.\n\n"
        "Witnesses said the gunmen struck Dalo, Kuro and Tamsu villages before dawn.\n\n"
        "In Dalo village four people were killed. Three died in Kuro while one person was shot dead in Tamsu."
    )
    found = mentions(text)
    assert [m.place for m in found] == ["Dalo", "Kuro", "Tamsu"]
    assert all(m.summed_by is not None and m.summed_by.text.startswith("Gunmen on Monday") for m in found)
    assert found[0].lead.text == "In Dalo village four people were killed."
    assert [told(m) for m in found[1:]] == ["Three died in Kuro", "while one person was shot dead in Tamsu."]
    assert all(m.shared is not None and m.shared.text.startswith("Witnesses said") for m in found)
    by_place = {i.locality: i for i in incidents(text)}
    assert {name: by_place[name].killed for name in ("Dalo", "Kuro", "Tamsu")} == {"Dalo": 4, "Kuro": 3, "Tamsu": 1}
    assert all(i.date == dt.date(2024, 3, 11) for i in by_place.values())


def test_a_road_between_two_places_and_a_town_of_its_own_keep_one_incident():
    assert all(
        m.place is None
        for m in mentions("A roadside bomb exploded between the Marka and Qoryooley districts on Monday.")
    )
    found = mentions("Protesters marched in Lima on Monday to condemn the deployment of troops in Cusco and Puno.")
    assert [m.place for m in found] == [None]


def test_a_list_without_an_event_of_its_own_does_not_split_the_incident():
    text = (
        "A bomb killed five police officers in Garissa on Thursday.\n\n"
        "Police said suspects had been picked up in Garissa, Wajir and Mandera."
    )
    assert [m.place for m in mentions(text)] == [None]


def told(mention: Mention) -> str:
    return " ".join(s.text for s in mention.sentences)


def test_places_each_with_a_place_word_form_a_list():
    found = mentions("Fighters attacked troops on Friday in Awdigle district and in Mubarak village, officials said.")
    assert [m.place for m in found] == ["Awdigle", "Mubarak"]


def test_a_sentence_giving_the_day_of_an_earlier_incident_goes_back_to_it():
    text = (
        "Six civilians were killed on Saturday in an assault by rebels on a village in the north-west. "
        "On Monday rebels had killed a soldier in an attack on Obo.\n\n"
        "The village targeted on Saturday, Mann, lies near the border."
    )
    found = mentions(text)
    assert len(found) == 2
    assert found[0].sentences[-1].text == "The village targeted on Saturday, Mann, lies near the border."
    assert found[1].lead.text.startswith("On Monday rebels")


def test_a_scraped_sentence_ending_on_an_accented_word_still_ends():
    from extractor.decomposed.mentions import split_sentences

    sentences = split_sentences("Los disidentes atacaron la Estación de Policía.En el Cauca hubo combates.")
    assert [s.text for s in sentences] == [
        "Los disidentes atacaron la Estación de Policía.",
        "En el Cauca hubo combates.",
    ]


def test_a_digests_key_trends_are_read_by_no_question():
    text = (
        "Weekly overview\n\n"
        "This overview covers the first week of March in the Sahel.\n\n"
        "KEY TRENDS\n\n"
        "- Chad: gunmen killed herders in several villages of the east.\n\n"
        "1. CHAD\n\n"
        "On 3 March, gunmen killed four herders near Abeche."
    )
    assert [m.lead.text for m in mentions(text)] == ["On 3 March, gunmen killed four herders near Abeche."]


def test_a_french_lede_summing_two_attacks_told_one_by_one_is_no_incident_of_its_own():
    text = (
        "Douze soldats ont été tués samedi et dimanche dans deux attaques dans le nord.\n\n"
        "Samedi, une attaque a visé le détachement de Djibo.\n\n"
        "Dimanche, une autre attaque a visé le détachement de Dori."
    )
    leads = [m.lead.text for m in mentions(text)]
    assert leads == [
        "Samedi, une attaque a visé le détachement de Djibo.",
        "Dimanche, une autre attaque a visé le détachement de Dori.",
    ]


def test_history_after_a_summing_sentence_is_not_one_of_its_incidents():
    text = (
        "Police said there were three attacks in the city on Tuesday.\n\n"
        "In September 2021 gunmen killed 100 inmates in the same prison."
    )
    leads = [m.lead.text for m in mentions(text)]
    assert leads[0] == "Police said there were three attacks in the city on Tuesday."


def test_earlier_incidents_summed_in_passing_after_the_lede_are_no_incident():
    text = (
        "Eleven soldiers were killed on Wednesday in an attack on the army post at Djibo.\n\n"
        "On Saturday, forty civilians had died in three separate attacks in the same regions."
    )
    assert [m.lead.text for m in mentions(text)] == [
        "Eleven soldiers were killed on Wednesday in an attack on the army post at Djibo."
    ]
    same_day = (
        "Gunmen killed two officers in Dori on Wednesday.\n\n"
        "In Djibo, officials spoke of three separate attacks on Wednesday."
    )
    assert len(mentions(same_day)) == 2  # several attacks on one town on the lede's day are that town's incident


def test_an_event_in_another_town_is_another_incident_unless_it_refers_back():
    text = (
        "Gunmen killed two traders in Kano on Monday. "
        "Hours later a man was shot dead in Kaduna.\n\n"
        "The group said it was responsible for the attacks in Kano and Kaduna."
    )
    assert [m.lead.text for m in mentions(text)] == [
        "Gunmen killed two traders in Kano on Monday.",
        "Hours later a man was shot dead in Kaduna.",
    ]
    region_first = "Rebels killed six civilians in eastern Congo on Monday. They were hacked to death in Beni."
    assert len(mentions(region_first)) == 1  # the town places the incident the region told


def test_a_list_of_towns_as_the_subject_opens_one_incident_per_town():
    text = (
        "Protesters blocked highways across the south on Wednesday, demanding early elections.\n\n"
        "Cusco, Arequipa and Tacna saw marchers carrying banners against the government."
    )
    found = mentions(text)
    assert [m.place for m in found] == [None, "Cusco", "Arequipa", "Tacna"]
    assert all(m.in_roundup and m.shared is found[1].lead for m in found[1:])


def test_a_subject_list_of_people_or_countries_opens_nothing():
    for second in (
        "Smith, Jones and Brown saw marchers carrying banners against the government.",
        "Chile, Peru and Bolivia saw marchers carrying banners against the government.",
    ):
        found = mentions("Protesters blocked highways across the south on Wednesday.\n\n" + second)
        assert len(found) == 1 and found[0].place is None, second


def test_a_town_named_in_passing_is_no_incident_told_there():
    text = (
        "Protesters blocked highways across the country on Wednesday. They cut the main road linking Cusco with "
        "Arequipa, residents said.\n\n"
        "In Cusco, hundreds of people marched to the main square and police fired tear gas to disperse them."
    )
    found = mentions(text)
    assert len(found) == 2 and found[1].lead.text.startswith("In Cusco") and found[1].in_roundup


def test_a_town_where_the_incident_was_placed_is_told_already():
    text = (
        "Hundreds of people marched in Cusco on Wednesday to demand early elections. Police fired tear gas.\n\n"
        "In Cusco, protesters later threw stones at the police."
    )
    assert len(mentions(text)) == 1


def test_a_portuguese_toll_split_by_village_opens_one_incident_per_village():
    text = (
        "Rebeldes atacaram aldeias do distrito na terça-feira: quatro pessoas foram mortas em Chiure; em Ocua "
        "morreram outras duas; e as três restantes, entre elas um idoso, foram mortas em Mazeze."
    )
    found = mentions(text)
    assert [m.lead.text for m in found[-3:]] == [
        "quatro pessoas foram mortas em Chiure",
        "em Ocua morreram outras duas",
        "e as três restantes, entre elas um idoso, foram mortas em Mazeze.",
    ]


def test_a_spanish_toll_split_by_town_opens_one_incident_per_town():
    text = "Sicarios atacaron tres bares el sábado: dos hombres murieron en Celaya, y en Irapuato murieron otros tres."
    found = mentions(text)
    assert [m.lead.text for m in found[-2:]] == ["dos hombres murieron en Celaya", "y en Irapuato murieron otros tres."]


def test_a_french_toll_split_by_town_opens_one_incident_per_town():
    text = (
        "Des hommes armés ont attaqué deux villages lundi : trois civils ont été tués à Djibo ; "
        "et à Arbinda, sont morts deux autres."
    )
    found = mentions(text)
    assert len(found) >= 2 and found[-1].lead.text.startswith("et à Arbinda")


def test_a_romance_toll_in_one_town_is_not_split():
    text = "Sicarios mataron a dos hombres en Celaya el sábado, y tres personas resultaron heridas, dijo la policía."
    assert len(mentions(text)) == 1


def test_a_list_before_its_place_word_after_a_preposition_splits():
    found = mentions(
        "Police said on Tuesday that a soldier was killed in a raid in Bannu district.\n\n"
        "Last week, troops killed six fighters in raids in the Tank and Lakki Marwat districts."
    )
    assert [m.place for m in found] == [None, "Tank", "Lakki Marwat"]


def test_a_list_of_places_tells_no_earlier_undated_incident_its_day():
    found = mentions(
        "Security forces killed two gunmen in an operation in Bannu district, the army said on Tuesday.\n\n"
        "Last week, troops killed six fighters in raids in the Tank and Lakki Marwat districts."
    )
    assert len(found) == 3 and found[0].sentences == [found[0].lead]

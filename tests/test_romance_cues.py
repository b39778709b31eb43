"""French, Spanish and Portuguese through the embedded engine's decomposed strategy (issue 18 item 3).

The cue files (extractor/data/cues_*.json) load and validate; the language gate lets exactly the languages with
cues through; on articles we wrote, the rules backend (the same heuristics as the embedded engine, without the
model) finds the incident and reads its type, date, place, perpetrator, target and counts; and the merged words
leave English text alone.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from _decomposed_support import mentions as mentions_of
from pydantic import ValidationError

from extractor import Config, Extractor, UnsupportedLanguage
from extractor.candidates import SUB_EVENT_CUE_PATTERNS
from extractor.decomposed import load_questions
from extractor.ingest import check_language, detect_language
from extractor.ingest.language import backend_languages
from extractor.language_cues import LanguageCues, cue_languages, language_cues, merged

ROOT = Path(__file__).resolve().parents[1]

# Invented articles (written for these tests): one incident each, long enough for the language to be told.
TINDAROU = """Mali : sept civils tués dans une attaque près de Mopti

Des hommes armés non identifiés ont attaqué mardi soir le village de Tindarou, dans la région de Mopti, tuant \
au moins sept civils et blessant trois autres, a indiqué un responsable local.

Selon des témoins, les assaillants sont arrivés à moto et ont incendié plusieurs greniers avant de repartir vers \
la frontière. Aucun groupe n'a revendiqué l'attaque pour le moment."""

DJIBO = """Burkina : une embuscade contre des soldats fait douze morts

Douze soldats ont été tués samedi dans une embuscade tendue par des jihadistes présumés près de Djibo, dans le \
nord du Burkina Faso, a annoncé l'armée dans un communiqué.

Selon la même source, une riposte appuyée par l'aviation militaire a permis de neutraliser une vingtaine \
d'assaillants. Les blessés ont été évacués vers Ouagadougou pour y être soignés."""

SUAREZ = """Cauca: cuatro policías muertos en ataque a una estación

Hombres armados atacaron el lunes una estación de policía en el municipio de Suárez, en el departamento del \
Cauca, en el suroeste de Colombia, y mataron a cuatro policías, informó el Ejército.

Según las autoridades, los atacantes usaron fusiles y explosivos durante más de una hora antes de huir hacia la \
zona rural. Otros dos uniformados resultaron heridos y fueron trasladados a un hospital de Popayán."""

LAS_PALMAS = """Sinaloa: asesinan a cinco personas en Culiacán

Cinco personas fueron asesinadas por sicarios el sábado en la colonia Las Palmas, en Culiacán, Sinaloa, informó \
la Fiscalía del estado.

De acuerdo con el reporte, los agresores llegaron en una camioneta y dispararon contra las víctimas frente a un \
taller mecánico antes de darse a la fuga. Ninguna persona ha sido detenida por el momento."""

PEDRA_BRANCA = """Ataque a base policial deixa dois mortos em Salvador

Criminosos armados atacaram na madrugada desta segunda-feira uma base da Polícia Militar no bairro de Pedra \
Branca, em Salvador, e mataram dois policiais, informou a Secretaria de Segurança Pública.

Segundo a secretaria, os atiradores chegaram em dois carros e dispararam contra a base por vários minutos. Um \
terceiro policial ficou ferido e foi levado ao Hospital Geral do Estado, onde passa bem."""

RUSSIAN = (ROOT / "tests" / "fixtures" / "ingest" / "rynok_ru.txt").read_text(encoding="utf-8")


def only_incident(text: str, published: str):
    with Extractor(Config(backend="rules")) as extractor:
        result = extractor.extract(text, published=published)
    primary = [i for i in result.incidents if i.primary]
    assert len(primary) == 1, [i.sub_event_type for i in result.incidents]
    return primary[0]


def folded(value: str | None) -> str:
    return (value or "").casefold()


# --- the data ---------------------------------------------------------------------------------------------------


def test_each_cue_file_loads_names_its_language_and_says_its_source():
    cues = language_cues()
    assert sorted(cues) == ["ar", "es", "fr", "pt"]
    for code, entry in cues.items():
        assert entry.language == code and "written by the project team" in entry.source.lower()
        assert entry.sub_event_cues and entry.actor_nouns and entry.killed_words


def test_a_broken_cue_entry_fails_naming_the_list_and_the_entry():
    raw = json.loads((ROOT / "extractor" / "data" / "cues_fr.json").read_text(encoding="utf-8"))
    with pytest.raises(ValidationError, match=r"unknown sub-event type 'Ambush'"):
        LanguageCues.model_validate({**raw, "sub_event_cues": [["embuscade", "Ambush"]]})
    with pytest.raises(ValidationError, match=r"killed_words: '\(tué' is not a valid pattern"):
        LanguageCues.model_validate({**raw, "killed_words": ["(tué"]})
    with pytest.raises(ValidationError, match="capturing group"):
        LanguageCues.model_validate({**raw, "agent_markers": ["(par)"]})
    with pytest.raises(ValidationError, match="source"):
        LanguageCues.model_validate({**raw, "source": ""})


def test_the_gate_table_lists_exactly_the_languages_with_cues():
    table = backend_languages()
    for backend in ("local", "rules"):
        assert table[backend].languages == cue_languages() == {"en", "fr", "es", "pt", "ar"}


def test_the_cue_words_reach_the_question_data_and_its_digest():
    questions = load_questions()
    assert "mataron" in questions.actor_words.subject_verbs and "killed" in questions.actor_words.subject_verbs
    assert "manifestants" in questions.actor_words.explicit_protesters
    assert any("otro" in p for p in questions.structure.new_incident)
    compiled = {(pattern.pattern, sub) for pattern, sub in SUB_EVENT_CUE_PATTERNS}
    assert all(tuple(cue) in compiled for cues in language_cues().values() for cue in cues.sub_event_cues)
    assert re.fullmatch(r"[0-9a-f]{12}", questions.digest)


ENGLISH = [
    "Gunmen on motorcycles attacked a livestock market near Menaka on Thursday, killing four traders.",
    "Police fired tear gas at protesters who marched on the parliament in Kathmandu on Monday.",
    "A roadside bomb hit an army convoy outside Kandahar, killing five soldiers, officials said.",
    "The Sinaloa cartel and Los Mayos have clashed repeatedly in Culiacan since September.",
    "Jets bombed the outskirts of the city; aviation fuel supplies to the junta were targeted by sanctions.",
    "Militants stormed a police post and took control of the district headquarters after a long battle.",
]


@pytest.mark.parametrize("sentence", ENGLISH)
def test_no_other_language_cue_fires_on_english(sentence):
    for code, cues in language_cues().items():
        for pattern, sub in cues.sub_event_cues:
            assert not re.search(pattern, sentence, re.IGNORECASE), (code, sub, pattern)


def test_words_english_shares_are_spelt_so_that_english_keeps_its_reading():
    # "marché" is a market, not a march; "capturado" an arrest, not a capture of ground
    from extractor.decomposed.mentions import cued_types

    assert "Peaceful protest" not in cued_types("Des hommes armés ont attaqué le marché de Gao.")
    assert "Peaceful protest" in cued_types("Hundreds marched to the ministry.")
    assert "Non-state actor overtakes territory" not in cued_types("La policía capturó a tres sospechosos.")
    assert "Non-state actor overtakes territory" in cued_types("Rebels captured the town.")
    assert "Attack" in cued_types("Quatre civils ont été tués.")
    assert "Attack" not in cued_types("The mortar was old.")  # "mortos" is spelt with its word bounds
    assert merged("determiners") and "Los" not in merged("determiners")  # "Los Mayos" keeps its article


# --- the gate ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, code", [(TINDAROU, "fr"), (SUAREZ, "es"), (PEDRA_BRANCA, "pt")])
def test_the_embedded_backends_read_french_spanish_and_portuguese(text, code):
    assert detect_language(text) == code
    for backend in ("local", "rules"):
        assert check_language(text, backend) == code


def test_a_language_without_cues_is_still_refused_naming_it_and_who_reads_it():
    for backend in ("local", "rules"):
        with pytest.raises(UnsupportedLanguage) as caught:
            check_language(RUSSIAN, backend)
        error = caught.value
        assert error.language == "ru" and error.backends == ("openai",)
        assert "Russian (ru)" in error.message and "ar, en, es, fr, pt only" in error.message
    with Extractor(Config(backend="rules")) as extractor, pytest.raises(UnsupportedLanguage, match="Russian"):
        extractor.extract(RUSSIAN, published="2024-03-14")


# --- articles ---------------------------------------------------------------------------------------------------


def test_french_attack_on_a_village_the_gazetteer_lacks():
    incident = only_incident(TINDAROU, "2024-05-15")  # a Wednesday: "mardi" is the day before
    assert incident.sub_event_type == "Attack"
    assert incident.date == dt.date(2024, 5, 14)
    assert (incident.country, incident.locality) == ("ML", "Tindarou")
    assert "hommes armés" in folded(incident.perpetrator)
    assert folded(incident.target) == "civils"
    assert (incident.killed, incident.injured) == (7, 3)


def test_french_passive_ambush_on_soldiers_is_a_battle_by_whom_it_says():
    incident = only_incident(DJIBO, "2024-02-11")
    assert incident.sub_event_type == "Armed clash"  # soldiers attacked: the codebook makes it a battle
    assert incident.date == dt.date(2024, 2, 10)
    assert (incident.country, incident.locality) == ("BF", "Djibo")
    assert folded(incident.perpetrator) == "jihadistes présumés"  # "par des jihadistes présumés"
    assert folded(incident.target) == "soldats"
    assert incident.killed == 12  # "une vingtaine d'assaillants" neutralised is the riposte, not this toll


def test_spanish_attack_on_a_police_station():
    incident = only_incident(SUAREZ, "2024-03-12")
    assert incident.sub_event_type == "Armed clash"
    assert incident.date == dt.date(2024, 3, 11)
    assert (incident.country, incident.admin1) == ("CO", "Cauca")
    assert folded(incident.locality).startswith("su")
    assert folded(incident.perpetrator) == "hombres armados"
    assert folded(incident.target) == "policías"
    assert (incident.killed, incident.injured) == (4, 2)


def test_spanish_passive_killing_names_the_killers_after_por():
    incident = only_incident(LAS_PALMAS, "2024-06-02")
    assert incident.sub_event_type == "Attack"
    assert incident.date == dt.date(2024, 6, 1)
    assert (incident.country, incident.admin1) == ("MX", "Sinaloa")
    assert folded(incident.perpetrator) == "sicarios"
    assert folded(incident.target) == "las víctimas"  # cut before "frente a un taller"
    assert incident.killed == 5


def test_portuguese_attack_on_a_police_base():
    incident = only_incident(PEDRA_BRANCA, "2024-08-20")
    assert incident.sub_event_type == "Armed clash"
    assert incident.date == dt.date(2024, 8, 19)
    assert (incident.country, incident.admin1, incident.locality) == ("BR", "Bahia", "Salvador")
    assert folded(incident.perpetrator) == "criminosos armados"
    assert folded(incident.target) == "policiais"
    assert (incident.killed, incident.injured) == (2, 1)


def test_a_roundup_in_spanish_opens_one_mention_per_place():
    text = (
        "Dos ataques en el Cauca\n\n"
        "En Toribío, el domingo, disidentes atacaron con explosivos una patrulla del Ejército y mataron a un "
        "soldado.\n\n"
        "En Jambaló, hombres armados dispararon contra una vivienda y asesinaron a dos campesinos."
    )
    mentions = mentions_of(text, dt.date(2024, 4, 8))
    assert [m.lead.text.split(",")[0] for m in mentions] == ["En Toribío", "En Jambaló"]


@pytest.mark.parametrize(
    "follow_up",
    [
        "Por estos hechos, la Fiscalía del estado abrió una carpeta de investigación el martes.",
        "Après ces attaques, le gouverneur a décrété un couvre-feu mardi.",
        "Sobre esses fatos, a Polícia Civil abriu um inquérito na terça-feira.",
    ],
)
def test_a_sentence_about_these_events_joins_the_incident_it_refers_to(follow_up):
    text = (
        "Hombres armados atacaron el lunes una comunidad de la sierra de Chilpancingo y mataron a tres campesinos.\n\n"
        + follow_up
    )
    mentions = mentions_of(text, dt.date(2024, 4, 10))
    assert len(mentions) == 1 and mentions[0].lead.text.startswith("Hombres armados")


def test_no_romance_actor_noun_is_an_english_word_read_in_any_case():
    # "Police said ..." opens an English sentence: the English table reads "police" in lower case only
    from extractor.candidates import ACTOR_PHRASE

    assert not ACTOR_PHRASE.search("Police said no one was hurt.")
    assert not ACTOR_PHRASE.search("Forces loyal to the governor withdrew.")
    assert ACTOR_PHRASE.search("Des militaires maliens ont riposté.").group(0) == "militaires maliens"
    assert ACTOR_PHRASE.search("los disidentes del frente Carlos Patiño").group(0) == "disidentes"
    assert ACTOR_PHRASE.search("des rebelles du M23 ont pris Kiringa").group(0) == "rebelles du M23"


@pytest.mark.parametrize("word", ["mortar", "mortality", "mortgage", "corporal", "corporate", "period", "battalion"])
def test_no_casualty_word_is_the_start_of_an_english_word(word):
    # counts find their casualty word in a window cut at a fixed width: a cut "mortar" must not read as "morta"
    for name in ("killed_words", "injured_words"):
        for pattern in merged(name):
            for end in range(3, len(word)):
                assert not re.fullmatch(pattern, word[:end], re.IGNORECASE), (name, pattern, word[:end])


def test_a_letterhead_in_capitals_names_no_actor():
    from extractor.candidates import ACTOR_PHRASE

    assert not ACTOR_PHRASE.search("POLICÍA METROPOLITANA DE CÚCUTA - PRENSA")
    assert ACTOR_PHRASE.search("Policías estatales repelieron el ataque.").group(0) == "Policías"


@pytest.mark.parametrize(
    "sentence",
    [
        "Un convoy militar fue emboscado por hombres armados cerca de la aldea Tzanjuyú.",
        "Los soldados fueron hostigados durante la noche por un grupo armado en la vereda El Palmar.",
        "Desconocidos emboscaron a un convoy militar en la carretera a Tibú.",
        "Um comboio do exército foi emboscado por rebeldes perto da aldeia de Muidumbe.",
        "Os insurgentes emboscaram um camião de soldados na estrada para Palma.",
    ],
)
def test_an_ambush_told_by_its_verb_is_a_battle(sentence):
    # the verb forms of a noun cue ("emboscada": emboscado, emboscaron, emboscou) cue the same sub-event type
    types = [sub for pattern, sub in SUB_EVENT_CUE_PATTERNS if pattern.search(sentence)]
    assert "Armed clash" in types

"""Sub-event types on sentences we wrote: who is armed on each side, and what the demonstrators did (GUIDE 4)."""

from __future__ import annotations

import datetime as dt

import pytest

from extractor.article import Article
from extractor.decomposed import load_questions
from extractor.decomposed.mentions import Mention, Sentence, find_mentions
from extractor.decomposed.questions import build_questions, type_options
from extractor.pipeline import ArticleContext

PUBLISHED = dt.date(2024, 3, 12)


def first_type(text: str) -> str | None:
    """The heuristic's sub-event type for the article's first mention."""
    ctx, qs = ArticleContext(Article.create(text, published=PUBLISHED, article_id="t")), load_questions()
    mention = find_mentions(text, published=PUBLISHED, extra_cues=qs.cue_patterns, not_events=qs.not_event)[0]
    question = next(q for q in build_questions(mention, ctx, qs) if q.field == "sub_event_type")
    return question.values[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # armed victims make a battle: police officers and soldiers are armed (the codebook)
        ("Post attacked\n\nIn the hills of Darra district six officers were killed on Monday.", "Armed clash"),
        ("Raid\n\nInsurgents on Monday killed nine more rural policemen in the Kesh valley.", "Armed clash"),
        (
            "Ambush\n\nThree police officials were among five people killed on Monday when gunmen attacked a car.",
            "Armed clash",
        ),
        (
            "Raid\n\nFour troopers, among them a captain, the unit's deputy, were shot dead on Monday at Kesh.",
            "Armed clash",
        ),
        ("Attaque\n\nLundi, à Toro, un terroriste a été abattu par une patrouille.", "Armed clash"),
        # civilian victims stay an attack, even beside a police post
        ("Raid\n\nGunmen killed two farmers near a police checkpoint on Monday.", "Attack"),
        ("Raid\n\nFive villagers were killed by gunmen near an army base on Monday.", "Attack"),
        # the dead of a protest, with no violence by the demonstrators: excessive force
        (
            "Protests\n\nDuring Monday's protests against fuel prices, three marchers were gunned down by troops.",
            "Excessive force against protesters",
        ),
        # a protest about a death is not force against the protesters
        (
            "Protest\n\nHundreds marched on Monday over a student who died in police custody.",
            "Peaceful protest",
        ),
        # the demonstrators' own violence makes a riot
        ("Rally\n\nOn Monday a rally for higher wages turned violent in the capital.", "Violent demonstration"),
        (
            "Strike\n\nStrikers and party supporters fought each other on Monday outside the depot.",
            "Violent demonstration",
        ),
        # two crowds fighting with no protest behind it: mob violence
        (
            "Brawl\n\nVillagers from two hamlets clashed with rival villagers on Monday over a grazing field.",
            "Mob violence",
        ),
        # people carried off are abducted
        (
            "School raid\n\nOn Monday gunmen stormed a school in Kesh and took away five of its teachers.",
            "Abduction/forced disappearance",
        ),
        # dead on both sides: two armed sides fought
        ("Toll\n\nEight men were killed on both sides on Monday near Kesh.", "Armed clash"),
        # an air attack is an air strike
        (
            "Market hit\n\nAir attacks on a market in Kesh killed six people on Monday.",
            "Air/drone strike",
        ),
    ],
)
def test_the_type_follows_who_is_armed_and_what_the_crowd_did(text, expected):
    assert first_type(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an ambush on unarmed travellers attacks civilians; on a military convoy, or with fighting, it is a battle
        ("Convoy hit\n\nA relief convoy bringing food to Kesh was ambushed by gunmen on Monday.", "Attack"),
        ("Bus ambushed\n\nGunmen ambushed a bus carrying passengers near Kesh on Monday.", "Attack"),
        ("Convoy hit\n\nRebels ambushed a military convoy near Kesh on Monday, killing four soldiers.", "Armed clash"),
        (
            "Convoy hit\n\nGunmen ambushed an aid convoy near Kesh on Monday and fought its police escort for an hour.",
            "Armed clash",
        ),
    ],
)
def test_an_ambush_is_a_battle_only_against_armed_men(text, expected):
    assert first_type(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an armed side as the passive subject, even after a report clause and a long aside
        (
            "Patrol hit\n\nThe brigade reports that on Monday, troops of Company No. 4 on patrol in the hills near "
            "Kesh were attacked with rifles by rebels.",
            "Armed clash",
        ),
        # an "encounter" between forces and armed men is a battle
        ("Encounter\n\nPolice killed three suspected robbers in an encounter near Kesh on Monday.", "Armed clash"),
        # a crowd beating a man to death is mob violence
        ("Lynching\n\nOn Monday a crowd beat a man they accused of theft in the Kesh market.", "Mob violence"),
        # a killing that the protest is about is no force against the protesters
        (
            "Sit-in\n\nElders staged a sit-in on Monday to demand justice for a farmer who was shot dead in May.",
            "Peaceful protest",
        ),
    ],
)
def test_battles_mobs_and_protests_about_a_death(text, expected):
    assert first_type(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ataque en Tame\n\nEl sábado un soldado fue asesinado en la vereda Caño Rojo, en Tame.",
        "Ataque em Itu\n\nNo sábado, dois soldados foram mortos a tiros numa estrada perto de Itu.",
    ],
)
def test_a_soldier_killed_is_a_battle_in_spanish_and_portuguese(text):
    assert first_type(text) == "Armed clash"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one soldier, gendarme or peacekeeper is as armed as several (the singular French forms)
        ("Attaque\n\nLundi, des rebelles ont tué un soldat à Toro.", "Armed clash"),
        ("Attaque\n\nLundi, un gendarme a été tué à Toro.", "Armed clash"),
        ("Attaque\n\nLundi, un Casque bleu a été tué à Toro.", "Armed clash"),
        # civilians killed near a military post stay an attack
        ("Attaque\n\nLundi, des hommes armés ont tué un villageois près d'un poste militaire à Toro.", "Attack"),
    ],
)
def test_a_single_soldier_killed_is_a_battle_in_french(text, expected):
    assert first_type(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a lead that tells only the toll takes the headline's remote means (GUIDE 4)
        (
            "Overnight shelling of Tarvo leaves civilians dead\n\n"
            "According to the regional governor, three civilians were killed and five wounded on Monday.",
            "Shelling/artillery/missile attack",
        ),
        (
            "Drone strike on Tarvo market\n\nFour people were killed and nine wounded on Monday, officials said.",
            "Air/drone strike",
        ),
        # a lead that says how people were attacked keeps its own type
        (
            "Overnight shelling of Tarvo leaves civilians dead\n\nGunmen shot dead three civilians in Tarvo on Monday.",
            "Attack",
        ),
    ],
)
def test_a_toll_only_lead_takes_the_headlines_remote_means(text, expected):
    assert first_type(text) == expected


def report_types(text: str) -> list[str | None]:
    """The heuristic's sub-event type for each mention, read with the article's primary as its report."""
    ctx, qs = ArticleContext(Article.create(text, published=PUBLISHED, article_id="t")), load_questions()
    mentions = find_mentions(text, published=PUBLISHED, extra_cues=qs.cue_patterns, not_events=qs.not_event)
    questions = [build_questions(m, ctx, qs, report=mentions[0]) for m in mentions]
    return [next(q for q in qs_ if q.field == "sub_event_type").values[0] for qs_ in questions]


SHELLING, AIR = "Shelling/artillery/missile attack", "Air/drone strike"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a report of a night's shelling: later entries told by their toll or an unqualified strike are shelling,
        # one that says how its victim was attacked keeps its own type
        (
            "Night shelling of the Varno region leaves civilians dead\n\n"
            "Shells hit the villages of the Varno region overnight into Monday, the regional governor said.\n\n"
            "In Lesovo a woman was killed and her husband was wounded on Monday.\n\n"
            "One man was killed on Monday by an enemy strike on the Dubki community.\n\n"
            "In Ostrov, gunmen shot dead a farmer on Monday.",
            [SHELLING, SHELLING, SHELLING, "Attack"],
        ),
        # a roundup of different attacks has no common means: each entry keeps its own type
        (
            "Attacks across the north kill nine\n\nGunmen killed three farmers in Tamsu on Monday.\n\n"
            "In Baram, a drone strike killed two people on Monday.\n\nIn Kesh, four people were killed on Monday.",
            ["Attack", AIR, "Attack"],
        ),
        # a headline naming shelling beside a raid by gunmen gives no common means
        (
            "Shelling and a raid by gunmen leave seven dead\n\nShells hit Tamsu on Monday, killing three people.\n\n"
            "In Kesh, four people were killed on Monday.",
            [SHELLING, "Attack"],
        ),
        # an unqualified strike is of the kind the article names elsewhere ("air strikes")
        (
            "Strikes on Tarvo kill seven\n\nStrikes on Tarvo killed seven people on Monday, health officials said.\n\n"
            "In Dosh, air strikes overnight hit a school, killing four people on Monday.",
            [AIR, AIR],
        ),
        # with no kind named anywhere the strike stays an attack
        ("Strike on Tarvo kills seven\n\nA strike on Tarvo killed seven people on Monday, officials said.", ["Attack"]),
    ],
)
def test_later_entries_take_the_reports_remote_means(text, expected):
    assert report_types(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the crowd that opens the sentence as its victims or its source did no violence: no riot
        ("Attack\n\nIn Kesh, four villagers were killed on Monday.", "Attack"),
        ("Attack\n\nResidents said four farmers were killed in Kesh on Monday.", "Attack"),
        ("Attack\n\nVillagers told reporters that four farmers were killed in Kesh on Monday.", "Attack"),
        # a crowd that attacks is mob violence
        ("Lynching\n\nOn Monday villagers attacked and killed two men accused of theft in Kesh.", "Mob violence"),
    ],
)
def test_a_crowd_of_victims_or_witnesses_is_no_riot(text, expected):
    assert first_type(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Mortes em Itu\n\nOs moradores contam que dois camponeses tinham saído de casa para buscar lenha na mata "
        "perto de Itu quando foram mortos no sábado.",
        "Muertes en Tame\n\nLos vecinos cuentan que dos campesinos habían salido de casa a buscar leña en el monte "
        "cerca de Tame cuando fueron asesinados el sábado.",
        "Morts à Toro\n\nLes habitants racontent que deux paysans étaient partis chercher du bois dans la brousse "
        "près de Toro quand ils ont été tués samedi.",
    ],
)
def test_residents_who_tell_in_the_present_are_no_crowd(text):
    """Present-tense telling verbs ("contam", "cuentan", "racontent") make the residents the source, not a mob."""
    assert first_type(text) == "Attack"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # in a report of a day of protests, an entry told by its toll is the protest's dead (GUIDE 4)
        (
            "Fuel protests: nine dead across three states on first day of marches\n\n"
            "Thousands marched in Tamsu on Monday against fuel prices.\n\n"
            "In Baram, two people were killed on Monday.\n\nIn Kesh, gunmen shot dead a trader on Monday.",
            ["Peaceful protest", "Excessive force against protesters", "Attack"],
        ),
        # a live blog headed by strikes whose first entry is a sit-in is no protest report
        (
            "LIVE: Strikes on the south, toll rises in Baram\n\n"
            "In Tamsu, hundreds of displaced residents held a sit-in on Monday to demand protection.\n\n"
            "In Baram, four people were killed on Monday, the health ministry said.",
            ["Peaceful protest", "Attack"],
        ),
    ],
)
def test_toll_entries_of_a_protest_report(text, expected):
    assert report_types(text) == expected


def test_a_listed_place_reads_the_toll_of_the_sentence_it_shares():
    """ "... two were killed in Baram and three in Kesh": Kesh's piece has no casualty word of its own."""
    qs = load_questions()
    headline = Sentence(0, 60, "Fuel protests: nine dead across three states on first day of marches", 0)
    lede = Sentence(70, 130, "Thousands marched in Tamsu on Monday against fuel prices.", 1)
    shared = Sentence(140, 195, "Two were killed in Baram and three in Kesh on Monday.", 2)
    report = Mention([lede], primary=True, cues=["Peaceful protest"], headline=headline)
    piece = Mention([Sentence(167, 195, "and three in Kesh on Monday.", 2)], cues=["Peaceful protest"], shared=shared)
    assert type_options(piece, qs, report)[0] == "Excessive force against protesters"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an armed side as the passive subject in French, Spanish and Portuguese, even inside a quote
        (
            'Attaque\n\nSamedi, "un détachement militaire a été la cible d\'une attaque par des hommes armés" près '
            "de Toro.",
            "Armed clash",
        ),
        (
            "Ataque\n\nEl sábado, una patrulla del ejército fue atacada por hombres armados cerca de Tame.",
            "Armed clash",
        ),
        ("Ataque\n\nNo sábado, uma viatura da polícia foi alvo de um ataque perto de Itu.", "Armed clash"),
        # a place near an armed post is no armed side
        (
            "Attaque\n\nSamedi, un village près d'un poste militaire a été attaqué par des hommes armés à Toro.",
            "Attack",
        ),
        ("Ataque\n\nEl sábado, una escuela cerca de un cuartel fue atacada por hombres armados en Tame.", "Attack"),
    ],
)
def test_an_armed_side_attacked_is_a_battle_in_french_spanish_and_portuguese(text, expected):
    assert first_type(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a combatant noun in the singular is an armed side as its plural is (English noun morphology)
        ("Operation\n\nTroops killed a militant in a raid on a hideout in Kesh on Monday.", "Armed clash"),
        ("Operation\n\nPolice shot dead an insurgent at a roadblock outside Darra on Monday.", "Armed clash"),
        # any noun the adjective "armed" qualifies is armed
        ("Reprisal\n\nOn Monday a village guard killed three armed robbers on the Kesh road.", "Armed clash"),
        # "armed with" qualifies nothing: the victims stay civilians
        ("Raid\n\nOn Monday gunmen killed two herders armed with sticks near Darra.", "Attack"),
        # armed men as the subject attack civilians
        ("Raid\n\nArmed men killed four traders at the Kesh market on Monday.", "Attack"),
    ],
)
def test_a_single_combatant_or_an_armed_noun_killed_is_a_battle(text, expected):
    assert first_type(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an armed side's aircraft brought down is what the verb acts on: a battle with that side, no air strike
        ("Fighting\n\nOn Monday rebels brought down a military helicopter over Kesh.", "Armed clash"),
        ("Fighting\n\nMilitiamen shot down an army drone near Darra on Monday.", "Armed clash"),
        # aircraft that act stay the means, even when a downing verb names another thing
        (
            "Raid\n\nOn Monday a helicopter gunship fired rockets at a village near Kesh, killing four.",
            "Air/drone strike",
        ),
        (
            "Raid\n\nRebels shot down a helicopter on Monday after warplanes bombed the Kesh market.",
            "Air/drone strike",
        ),
    ],
)
def test_an_aircraft_brought_down_is_a_target_not_the_means(text, expected):
    assert first_type(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # state forces that give up the ground they were attacked on leave it to the attackers (the codebook)
        (
            "Raid\n\nOn Monday insurgents attacked the Kesh district centre and government troops withdrew from it.",
            "Non-state actor overtakes territory",
        ),
        (
            "Raid\n\nMilitants stormed Darra on Monday, and the police had pulled out by nightfall.",
            "Non-state actor overtakes territory",
        ),
        # civilians who flee an attack leave no ground to anyone
        ("Raid\n\nGunmen attacked Darra on Monday and hundreds of villagers fled.", "Attack"),
        # a withdrawal in another sentence of the report does not retype the attack
        (
            "Raid\n\nOn Monday rebels ambushed a patrol near Kesh, killing four soldiers. Weeks later the army withdrew.",
            "Armed clash",
        ),
    ],
)
def test_state_forces_withdrawing_under_attack_leave_the_ground_to_the_attackers(text, expected):
    assert first_type(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a victim killed after being taken is coded by the harm: an attack (the codebook)
        (
            "Raid\n\nOn Monday gunmen abducted a teacher from his house in Kesh; he was later found dead.",
            "Attack",
        ),
        (
            "Rapto\n\nEl lunes hombres armados secuestraron a un comerciante en Kesh; fue hallado muerto el martes.",
            "Attack",
        ),
        # an abduction that harmed nobody stays an abduction, even when the sentence says so; its victims live
        ("Rapto\n\nEl lunes hombres armados secuestraron a dos víctimas en Kesh.", "Abduction/forced disappearance"),
        (
            "Raid\n\nGunmen kidnapped five traders near Kesh on Monday; no one was killed.",
            "Abduction/forced disappearance",
        ),
        ("Raid\n\nOn Monday gunmen kidnapped two nurses from a clinic in Kesh.", "Abduction/forced disappearance"),
        # a soldier captured in fighting between two armed sides is part of the battle
        (
            "Fighting\n\nA soldier was kidnapped on Monday during clashes between the army and rebels near Kesh.",
            "Armed clash",
        ),
        (
            "Combates\n\nEl lunes un policía fue secuestrado en combates entre el Ejército y una guerrilla en Kesh.",
            "Armed clash",
        ),
        # an ambush to take civilians is one-sided: the abduction stands
        (
            "Raid\n\nOn Monday gunmen ambushed a bus near Kesh and kidnapped twelve passengers.",
            "Abduction/forced disappearance",
        ),
    ],
)
def test_an_abduction_that_kills_is_an_attack_and_one_inside_a_battle_is_the_battle(text, expected):
    assert first_type(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the demonstrators' own violence makes the event a riot, coded once, however the police responded
        (
            "Protesters storming parliament shot\n\nPolice fired on crowds protesting in the capital on Monday, killing"
            " six people.",
            "Violent demonstration",
        ),
        (
            "Fuel protests\n\nOn Monday police used tear gas on demonstrators who looted shops in the capital.",
            "Violent demonstration",
        ),
        # demonstrators who are the object of the act stay victims: no riot
        (
            "Fuel protests\n\nOn Monday police fired on protesters in the capital, killing six people.",
            "Excessive force against protesters",
        ),
        (
            "Fuel protests\n\nOn Monday police fired tear gas at students marching in the capital.",
            "Protest with intervention",
        ),
    ],
)
def test_demonstrators_storming_or_looting_make_a_riot_whatever_force_met_them(text, expected):
    assert first_type(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "an attack" names no means: the headline's one means is the type (GUIDE 4)
        (
            "Four soldiers killed in roadside bombing\n\nFour soldiers were killed on Monday in an attack near Kesh.",
            "Remote explosive/landmine/IED",
        ),
        (
            "Villagers killed in drone strike\n\nOn Monday three villagers were killed in an attack on Kesh.",
            "Air/drone strike",
        ),
        # a sentence that names its own manner keeps it
        (
            "Four soldiers killed in roadside bombing\n\nGunmen shot dead four soldiers on Monday near Kesh.",
            "Armed clash",
        ),
        # a headline with no means, or with fighting beside the means, gives none
        (
            "Four soldiers killed near Kesh\n\nFour soldiers were killed on Monday in an attack near Kesh.",
            "Armed clash",
        ),
        (
            "Clashes and shelling near Kesh\n\nFour soldiers were killed on Monday in an attack near Kesh.",
            "Armed clash",
        ),
    ],
)
def test_an_attack_by_no_means_of_its_own_takes_the_headlines_means(text, expected):
    assert first_type(text) == expected

"""Which place a mention's locality question offers first (extractor.decomposed.locations.place_options), on
invented sentences: a named settlement the gazetteer lacks is kept as written, not swapped for a listed town."""

from __future__ import annotations

import datetime as dt

from _decomposed_support import THURSDAY, incidents, mentions

from extractor.article import Article
from extractor.decomposed.locations import named_region, place_options, region_before, resolve_place
from extractor.decomposed.mentions import Mention, find_mentions
from extractor.decomposed.questions import load_questions
from extractor.pipeline import ArticleContext


def _first_places(text: str) -> list[str]:
    ctx = ArticleContext(Article.create(text, published=dt.date(2024, 5, 6)))
    qs = load_questions()
    mentions = find_mentions(text, published=ctx.article.published, extra_cues=qs.cue_patterns, not_events=qs.not_event)
    assert mentions, "the invented article must hold an event"
    return place_options(mentions[0], ctx)[0]


def test_named_villages_come_before_the_town_they_lie_in() -> None:
    places = _first_places(
        "Gunmen kill five in Zamfara villages\n\n"
        "Gunmen on Sunday attacked Qorvelu and Tastamo villages, both in Birnin Magaji, killing five people.\n"
    )
    assert places[0] in ("Qorvelu", "Tastamo") and "Birnin Magaji" in places


def test_the_village_of_x_is_kept_as_written() -> None:
    places = _first_places(
        "Six killed in raid\n\nRebels killed six civilians in an attack on the village of Kwendabari in Beni "
        "territory on Sunday, officials said.\n"
    )
    assert places[0] == "Kwendabari"


def test_a_village_placed_near_a_listed_town_yields_to_the_town() -> None:
    places = _first_places(
        "Bomb wounds police\n\nA roadside bomb wounded three policemen on Sunday in the village of Qarvoni, "
        "west of Kirkuk, police said.\n"
    )
    assert places[0] == "Kirkuk" and "Qarvoni" in places


def test_a_district_comes_before_the_province_named_in_the_same_sentence() -> None:
    places = _first_places(
        "Bomb kills six\n\nA roadside bomb killed six guards on Sunday in Herat province's Zorvandi district, "
        "a spokesman said.\n"
    )
    assert places[0] == "Zorvandi" and "Herat province" in places


def test_the_article_context_knows_whether_the_article_is_english() -> None:
    english = (
        "Gunmen killed three people in a village near the river on Monday night, the police said on Tuesday. "
        "Residents said the attackers arrived on motorbikes shortly after dark, set fire to a dozen houses and "
        "drove off with cattle. A local official said the army had sent troops to the area after the raid."
    )
    french = (
        "Des hommes armés ont tué trois personnes dans un village près du fleuve lundi soir, a indiqué la police "
        "mardi. Selon les habitants, les assaillants sont arrivés à moto peu après la tombée de la nuit, ont "
        "incendié une dizaine de maisons et sont repartis avec du bétail. L'armée a envoyé des renforts dans la zone."
    )
    assert ArticleContext(Article.create(english, published=dt.date(2024, 5, 6))).english
    assert not ArticleContext(Article.create(french, published=dt.date(2024, 5, 6))).english
    # too short to tell: read as English, so the article's own spelling of a town is kept
    assert ArticleContext(Article.create("Gunmen killed three.", published=dt.date(2024, 5, 6))).english


def test_a_name_before_region_is_offered_as_the_region() -> None:
    places = _first_places(
        "Drones hit Ukraine\n\nRussian drones struck the Kherson region overnight on Sunday, killing two people, "
        "the regional governor said.\n"
    )
    assert places[0] == "Kherson region"


def test_a_village_named_like_a_town_abroad_is_kept() -> None:
    # "Mubarak" is a GeoNames town in other countries only: here it is a Somali village the gazetteer lacks
    places = _first_places(
        "Fighting in Somalia\n\nAl Shabaab fighters attacked government troops on Friday in Mubarak village in "
        "the Lower Shabelle region of Somalia, residents said.\n"
    )
    assert places[0] == "Mubarak"


def test_a_village_in_the_next_sentence_beats_the_province_of_the_lead() -> None:
    places = _first_places(
        "Bomb kills police\n\nA roadside bomb killed six policemen in Herat province on Sunday, officials said. "
        "The bomb went off in the village of Qorvandeh as their truck passed.\n"
    )
    assert places[0] == "Qorvandeh"


def test_the_region_of_an_unlisted_town_is_the_one_its_sentence_names() -> None:
    from extractor.decomposed.locations import named_region

    text = (
        "Attacks in Afghanistan\n\nThe Taliban killed 14 policemen in Samangan province's Zorvandi district on "
        "Sunday, a spokesman said. Fighting was also reported in Balkh province.\n"
    )
    ctx = ArticleContext(Article.create(text, published=dt.date(2024, 5, 6)))
    qs = load_questions()
    mention = find_mentions(text, published=ctx.article.published, extra_cues=qs.cue_patterns, not_events=qs.not_event)[
        0
    ]
    assert named_region(mention, ctx) == "Samangan province"


def _resolved(text: str, name: str) -> tuple[str, str] | None:
    return resolve_place(name, ArticleContext(Article.create(text, published=dt.date(2024, 5, 6))))


def test_a_capital_of_another_country_the_article_names_beats_a_small_namesake_at_home() -> None:
    text = (
        "Protests spread across South America\n\nIn Colombia, farmers blocked roads near Bogota on Monday. "
        "In Colombia's south, a bomb hit a police post. In Chile, thousands marched in Santiago on Tuesday.\n"
    )
    assert _resolved(text, "Santiago") == ("town", "CL")  # not the small Santiago in Colombia's Putumayo


def test_the_first_country_keeps_a_town_when_no_namesake_abroad_is_ten_times_bigger() -> None:
    text = (
        "Rebels attack base in Colombia\n\nIn Colombia, rebels attacked an army base in La Union on Monday, "
        "the army said. In Colombia's neighbour Chile, officials condemned the attack.\n"
    )
    assert _resolved(text, "La Union") == ("town", "CO")  # Chile has a La Union too, of about the same size


def test_an_unlisted_village_takes_the_region_the_article_names_by_acleds_name() -> None:
    text = (
        "Militants kill three in Somalia\n\nAl-Shabaab militants killed three farmers in Qorvelu village on "
        "Sunday, elders said. Qorvelu lies in the Lower Shabelle region, south of the capital.\n"
    )
    ctx = ArticleContext(Article.create(text, published=dt.date(2024, 5, 6)))
    qs = load_questions()
    mention = find_mentions(text, published=ctx.article.published, extra_cues=qs.cue_patterns, not_events=qs.not_event)[
        0
    ]
    assert named_region(mention, ctx) == "Lower Shabelle region"  # GeoNames has it only as Shabeellaha Hoose


def _region_for_first_mention(text: str) -> str | None:
    ctx = ArticleContext(Article.create(text, published=dt.date(2024, 5, 6)))
    qs = load_questions()
    mention = find_mentions(text, published=ctx.article.published, extra_cues=qs.cue_patterns, not_events=qs.not_event)[
        0
    ]
    return named_region(mention, ctx)


def _two_attacks(regions: str, country: str = "Thai") -> str:
    """An invented report whose first attack's sentences name no region; ``regions`` come with the second attack."""
    return (
        f"Bombs wound soldiers\n\nA roadside bomb wounded four {country} soldiers on Wednesday as their patrol "
        f"reached Qorvelu village, the army said.\n\nIn a separate attack on Thursday, a second bomb wounded two "
        f"rangers. The insurgency in {regions} has killed thousands since 2004.\n"
    )


def test_an_unlisted_village_takes_the_one_region_the_article_names_elsewhere() -> None:
    assert _region_for_first_mention(_two_attacks("Pattani province")) == "Pattani province"


def test_an_unlisted_village_takes_no_region_when_the_article_names_two_or_one_abroad() -> None:
    assert _region_for_first_mention(_two_attacks("Pattani province and Narathiwat province")) is None
    assert _region_for_first_mention(_two_attacks("Iran's Kurdistan Province", country="Iraqi")) is None


def test_a_village_followed_by_the_town_it_lies_in_comes_first() -> None:
    places = _first_places(
        "Two shot dead in Zorvaka camp; more killed in Cox's Bazar camps this year\n\nTwo Rohingya men were shot "
        "dead in a camp in Zorvaka, Cox's Bazar, on Monday, police said.\n"
    )
    assert places[0] == "Zorvaka" and "Cox's Bazar" in places


def test_a_village_the_incidents_next_sentence_names_beats_the_town_of_the_headline() -> None:
    # GUIDE 6: the most specific place where it happened; the headline and lead name only the town around it
    places = _first_places(
        "Gunmen kill four in Tonj South\n\n"
        "Gunmen killed four herders and drove off 60 cattle in Tonj South on Tuesday, officials said. "
        "The raid took place at dawn in the village of Marialdit, some 20 km from the county headquarters.\n"
    )
    assert places[0] == "Marialdit"


def test_a_spanish_community_in_the_next_sentence_beats_the_town_of_the_lead() -> None:
    places = _first_places(
        "Masacre en El Negrito\n\n"
        "Cuatro hombres fueron asesinados a machetazos el sábado en El Negrito, informó la policía. "
        "El crimen se cometió en la pequeña comunidad de Loma Verdosa, en una zona de difícil acceso.\n"
    )
    assert places[0] == "Loma Verdosa"


def test_a_district_or_area_of_the_town_in_the_next_sentence_stays_a_site() -> None:
    # GUIDE 2: "the Aguaruto district on the edge of the city" is a part of the town, not the locality
    places = _first_places(
        "Ten killed in Culiacan shooting\n\n"
        "Gunmen killed ten people in Culiacan on Monday, the state prosecutor said. "
        "Six died at the scene, in the Vandoral district on the western edge of the city.\n"
    )
    assert places[0] == "Culiacan"


def test_a_village_the_event_was_only_near_does_not_beat_the_town() -> None:
    places = _first_places(
        "Clashes near Manbij\n\n"
        "Fighters clashed with rival factions near Manbij on Sunday, a monitor said. "
        "The fighting began near the village of Qartaweel after an advance by the factions.\n"
    )
    assert places[0] == "Manbij"


def _mention_told_in(text: str, words: str) -> tuple[Mention, ArticleContext]:
    ctx = ArticleContext(Article.create(text, published=THURSDAY))
    return next(m for m in mentions(text) if words in m.lead.text), ctx


def test_an_unlisted_district_takes_the_region_its_paragraph_opened_with() -> None:
    text = (
        "Taliban attacks kill policemen\n\nThe Taliban attacked police posts in three provinces, officials said."
        "\n\nIn southern Zabul province, attacks that began on Sunday night killed at least 12 officers.\n\n"
        "Militants first overran a checkpoint in Qarvoni district, killing five officers. In another attack in "
        "Zorvandi district, seven officers were killed.\n\n"
        "In Baghlan province, two soldiers died when a bomb hit their vehicle on Monday.\n"
    )
    mention, ctx = _mention_told_in(text, "Zorvandi")
    assert named_region(mention, ctx) == "Zabul province"


def test_a_region_named_after_the_event_or_abroad_frames_nothing_before_it() -> None:
    text = (
        "Shelling kills two\n\nShelling killed two people in Qorvelu village in Afghanistan on Monday, officials said. "
        "Later that day a bomb went off in Zabul province.\n"
    )
    ctx = ArticleContext(Article.create(text, published=dt.date(2024, 5, 6)))
    assert region_before(text.index("Shelling killed"), ctx) is None  # Zabul is named only after the event
    assert region_before(len(text), ctx) == "Zabul province"
    abroad = (
        "Afghan border clash\n\nPakistan's Khyber Pakhtunkhwa province was calm, officials in Kabul said. "
        "Afghan police said gunmen killed three guards in Zorvandi district of Afghanistan on Monday.\n"
    )
    ctx = ArticleContext(Article.create(abroad, published=dt.date(2024, 5, 6)))
    assert ctx.countries[:1] == ("AF",)
    assert region_before(abroad.index("Afghan police"), ctx) is None


def test_a_gazetteer_village_takes_the_region_the_article_names_not_the_gazetteers() -> None:
    found = incidents(
        "Gunmen kill four in Zamfara\n\nGunmen on Saturday attacked Tudun Wada village in Zamfara State, killing "
        "four farmers, police said.\n"
    )
    assert found and (found[0].locality, found[0].admin1) == ("Tudun Wada", "Zamfara")
    assert found[0].geo_precision == 3  # the region's place: the gazetteer's Tudun Wada is a village in Kano


def test_a_name_that_is_town_and_region_follows_the_kind_of_the_list_it_is_in() -> None:
    from extractor.decomposed.locations import read_as_region

    ctx = ArticleContext(Article.create("Protests in Nigeria\n\nProtesters marched in Nigeria.\n", published=THURSDAY))
    states = "Police fired on marchers in Lagos, Kano, Borno, Jigawa and Yobe on Monday."
    assert read_as_region("Kano", states, "NG", ctx)  # Borno, Jigawa and Yobe are only states; Lagos is both
    towns = "Police fired on marchers in Maiduguri, Kano and Potiskum on Monday."
    assert not read_as_region("Kano", towns, "NG", ctx)  # Maiduguri and Potiskum are only towns
    assert not read_as_region("Maiduguri", states.replace("Lagos", "Maiduguri"), "NG", ctx)  # never a region


def test_a_state_in_a_list_of_states_is_the_incidents_admin1_not_its_town() -> None:
    found = incidents(
        "Protest deaths in Nigeria\n\nSecurity forces shot dead two protesters in Jigawa, four in Borno and three "
        "in Kano on Thursday, a rights group said.\n"
    )
    in_kano = [i for i in found if i.admin1 == "Kano"]
    assert in_kano and all(i.locality is None for i in in_kano)


def test_a_name_the_words_call_a_town_is_kept_but_a_district_residents_live_in_is_not() -> None:
    places = _first_places(
        "Insurgents kill three\n\nInsurgents raided an outlying neighbourhood of Qorvelu town on Friday, killing "
        "three people, residents said.\n"
    )
    assert places[:1] == ["Qorvelu"]
    assert "Zorvandi" not in _first_places(
        "Strikes hit port city\n\nAirstrikes killed four fighters near the port on Friday. Residents of Zorvandi "
        "district reported heavy explosions, officials said.\n"
    )


def test_a_region_abroad_named_only_around_the_event_does_not_place_an_unlisted_town() -> None:
    # the camp's town is unlisted; Rakhine (Myanmar) is named only in a background line of a report on Bangladesh
    text = (
        "Two shot dead in Qorvelu camp\n\nGunmen shot dead two refugees in Qorvelu camp in Bangladesh on Monday, "
        "police said. Most of the camp's residents fled Myanmar's Rakhine state years ago.\n"
    )
    mention, ctx = _mention_told_in(text, "Gunmen shot")
    assert ctx.countries[:1] == ("BD",)
    assert named_region(mention, ctx) != "Rakhine state"
    # named in the event's own sentence, the region abroad does place it
    told = (
        "Two shot dead in Qorvelu\n\nGunmen shot dead two people in Qorvelu village in Myanmar's Rakhine state on "
        "Monday, police in Bangladesh said. Bangladesh's police said the gunmen crossed into Bangladesh.\n"
    )
    mention, ctx = _mention_told_in(told, "Gunmen shot")
    assert named_region(mention, ctx) == "Rakhine state"


def test_a_country_is_supported_by_the_sentences_that_name_it() -> None:
    from extractor.decomposed.locations import country_supported

    text = "Bombing in Syria\n\nA car bomb killed four people in Syria on Monday, a monitor in Iran said.\n"
    ctx = ArticleContext(Article.create(text, published=THURSDAY))
    mention = next(iter(mentions(text)))
    assert country_supported(ctx.countries[0], [], ctx)  # the article's own country needs no support
    assert country_supported("IR", [mention.lead], ctx)  # the sentence names Iran
    assert not country_supported("IQ", [mention.lead], ctx)  # nothing names Iraq


def test_an_acronym_is_a_town_only_in_the_articles_own_country() -> None:
    # the gazetteer keeps airport codes among towns' names: "FSA" is Iran's Fasa, "LCC" Italy's Lecce
    syria = (
        "Shelling in Syria\n\nRegime shelling killed six people in Qorvelu in Syria on Monday. The FSA and the LCC "
        "said Iran sent advisers.\n"
    )
    assert not {"FSA", "LCC"} & set(_first_places(syria))
    nigeria = "Bomb in Nigeria\n\nA bomb killed four people in the FCT in Nigeria on Monday, police said.\n"
    assert "FCT" in _first_places(nigeria)


def test_the_dateline_town_comes_after_every_place_the_story_names() -> None:
    # the dateline is where the reporter files from; the region the lede names is where the bomb went off
    places = _first_places(
        "Roadside bomb kills five\n\nKABUL, May 5 (Wire) - A roadside bomb killed five Helmand police officers on "
        "Sunday, officials said.\n"
    )
    assert places[0] == "Helmand" and {"KABUL", "Kabul"} >= set(places[1:])
    # a press release that names no other place keeps its dateline town as the last resort
    alone = _first_places(
        "Grenade hits police post\n\nPeshawar, May 5, 2024: Unidentified men threw a grenade at a police post late "
        "on Sunday, wounding two officers.\n"
    )
    assert alone == ["Peshawar"]


def test_a_region_whose_namesake_town_is_a_village_is_the_region() -> None:
    from extractor.decomposed.locations import read_as_region

    ctx = ArticleContext(Article.create("Violence in Mexico\n\nGunmen struck in Mexico.\n", published=THURSDAY))
    # the gazetteer's town of Sinaloa is a village of about a thousand people in a state of millions
    assert read_as_region("Sinaloa", "Gunmen killed four people in Sinaloa on Sunday.", "MX", ctx)
    # a region's capital of its own name stays the town when nothing else says otherwise
    assert not read_as_region("Durango", "Gunmen killed four people in Durango on Sunday.", "MX", ctx)
    found = incidents("Four shot dead in Sinaloa\n\nGunmen shot dead four men in Sinaloa on Sunday, police said.\n")
    assert found and (found[0].admin1, found[0].locality) == ("Sinaloa", None)


def test_a_french_village_after_an_elided_pres_d_comes_before_the_town_it_is_measured_from() -> None:
    places = _first_places(
        "Burkina Faso : une attaque fait cinq morts\n\nDes hommes armés ont tué cinq soldats samedi près d'Orvantou, "
        "à une quinzaine de kilomètres de Ouahigouya, a indiqué l'armée.\n"
    )
    assert places[0] == "Orvantou" and "Ouahigouya" in places


def test_an_unlisted_village_takes_the_region_of_the_listed_town_its_sentence_places_it_by() -> None:
    text = (
        "Five soldiers killed in Burkina Faso\n\nGunmen killed five soldiers on Saturday in the village of "
        "Orvantou, about 15 km from Ouahigouya, the army said. The wounded were flown to a hospital in the "
        "Centre-Nord region.\n"
    )
    assert _region_for_first_mention(text) == "Nord"  # Ouahigouya's region in the gazetteer, not the hospital's


def _headline_names_the_unit(unit: str, word: str, country: str) -> str:
    """A headline that names a unit bare, a lead that calls it a unit, a next sentence naming the village."""
    return (
        f"Gunmen kill six farmers in {unit}\n\nGunmen on Sunday killed six farmers in the {unit} {word} of "
        f"{country}, officials said. The farmers were shot in Dorvalu as they worked in their fields.\n"
    )


def test_a_bare_name_the_article_calls_a_unit_yields_to_the_village_named_in_it() -> None:
    assert _first_places(_headline_names_the_unit("Mafa", "local government area", "Borno State"))[0] == "Dorvalu"


def test_a_city_that_shares_its_name_with_its_county_keeps_its_bare_name() -> None:
    assert _first_places(_headline_names_the_unit("Kisumu", "county", "Kenya"))[0] == "Kisumu"


def test_a_place_in_brackets_on_a_byline_is_the_publishers_seat_and_comes_last() -> None:
    places = _first_places(
        "Insurgents Strike Again\n\n12 May 2024 | Agencia de Noticias (Maputo)\n\nMaputo — Gunmen killed four "
        "fishermen on Sunday in Macomia district, police said. The four came from the village of Nacorvelo.\n"
    )
    assert places.index("Nacorvelo") < places.index("Maputo") == len(places) - 1


def test_the_ledes_place_comes_before_a_headline_that_sums_up_two_incidents() -> None:
    places = _first_places(
        "Six teachers abducted in Kars; two soldiers killed in Hakkari\n\nMilitants killed two soldiers overnight "
        "in a raid on an outpost in Hakkari, officials said.\n"
    )
    assert places[0] == "Hakkari" and "Kars" in places


def test_a_place_word_inside_an_actors_name_places_nothing() -> None:
    places = _first_places(
        "Police killed in Mexico\n\nGunmen of the Jalisco New Generation Cartel killed four police officers in "
        "Apatzingán on Monday, the state prosecutor said.\n"
    )
    assert places[0] == "Apatzingán" and "Jalisco" not in places


def test_a_sentences_first_word_the_article_also_writes_in_lower_case_is_no_town() -> None:
    places = _first_places(
        "Presidente lamenta morte de policial\n\nPresidente falou nesta quinta-feira sobre a operação que deixou "
        "18 mortos. O presidente disse que os policiais foram atacados.\n"
    )
    assert "Presidente" not in places


def test_a_town_written_mid_sentence_stays_a_town_though_a_word_shares_its_name() -> None:
    places = _first_places(
        "Six killed in Bar\n\nGunmen killed six people in Bar on Sunday, police said. The attackers also burned a "
        "bar near the market.\n"
    )
    assert places[:1] == ["Bar"]


def test_a_neighbourhood_named_like_a_town_elsewhere_yields_to_the_town_it_is_in() -> None:
    places = _first_places(
        "Police base attacked\n\nGunmen attacked a police base on Monday in the neighbourhood of Pedra Branca in "
        "Salvador, killing two officers, the state security office said.\n"
    )
    assert places[0] == "Salvador" and "Pedra Branca" in places

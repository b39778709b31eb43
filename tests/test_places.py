"""Country codes, geocoding and place spotting from the offline gazetteer (extractor.normalize.places)."""

from __future__ import annotations

import itertools
import socket

import pytest

from extractor.normalize import places
from extractor.normalize.places import (
    GeocodeResult,
    admin1_name,
    article_countries,
    country_code,
    find_places,
    fold,
    geocode,
    headline_region,
    is_lower_demonym,
    region_after,
    region_core,
)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Iraq", "IQ"),
        ("Iraqi", "IQ"),
        ("Iraqis", "IQ"),
        ("Nigerian", "NG"),
        ("Malian", "ML"),
        ("Democratic Republic of the Congo", "CD"),
        ("DRC", "CD"),
        ("Côte d'Ivoire", "CI"),
        ("Cote d’Ivoire", "CI"),
        ("Ivory Coast", "CI"),
        ("the U.S.", "US"),
        ("United States", "US"),
        ("American", "US"),
        ("UK", "GB"),
        ("Kosovo", "XK"),
        ("ng", "NG"),
        ("IRQ", "IQ"),
    ],
)
def test_country_code(text: str, code: str) -> None:
    assert country_code(text) == code


@pytest.mark.parametrize("text", [None, "", "Atlantis", "Korean"])
def test_country_code_unknown(text: str | None) -> None:
    assert country_code(text) is None


def test_admin1_name_ascii() -> None:
    assert admin1_name("IQ", "07") == "Baghdad"
    assert admin1_name("NG", "27") == "Borno"
    assert admin1_name("IQ", "99") is None


def test_geocode_baghdad() -> None:
    result = geocode("Baghdad")
    assert result.place is not None
    assert (result.place.country, result.place.admin1, result.place.feature) == ("IQ", "Baghdad", "city")
    assert result.place.latitude == pytest.approx(33.34, abs=0.1)
    assert result.place.longitude == pytest.approx(44.40, abs=0.1)
    assert result.place.geonameid == 98182
    assert result.geo_precision == 1


def test_geocode_mosul_and_maiduguri() -> None:
    mosul = geocode("Mosul", country="IQ").place
    assert mosul is not None and mosul.country == "IQ" and mosul.admin1 == "Ninewa"
    maiduguri = geocode("Maiduguri").place
    assert maiduguri is not None and (maiduguri.country, maiduguri.admin1) == ("NG", "Borno")


def test_geocode_ignores_accents_and_case() -> None:
    plain, accented = geocode("medellin"), geocode("Medellín")
    assert plain.place is not None and plain.place.country == "CO"
    assert plain.place == accented.place


def test_tripoli_is_ambiguous_without_country() -> None:
    result = geocode("Tripoli")
    assert result.place is None and result.geo_precision is None
    assert result.reason.startswith("ambiguous")
    assert {"LY", "LB"} <= {p.country for p in result.candidates}


@pytest.mark.parametrize("kwargs", [{"country": "LY"}, {"country": "Libya"}, {"context": ["Benghazi"]}])
def test_tripoli_resolved(kwargs: dict) -> None:
    result = geocode("Tripoli", **kwargs)
    assert result.place is not None and result.place.country == "LY"
    assert result.geo_precision == 1


def test_tripoli_context_lebanon() -> None:
    result = geocode("Tripoli", context=["Lebanese", "Beirut"])
    assert result.place is not None and result.place.country == "LB"


def test_unknown_place_unresolved() -> None:
    result = geocode("Xqzzyvillebad")
    assert result == GeocodeResult(None, None, (), result.reason)
    assert "not found" in result.reason


def test_near_and_sites_are_precision_2() -> None:
    for text in ("near Mosul", "outskirts of Mosul", "a village west of Mosul"):
        result = geocode(text)
        assert result.place is not None and result.place.name == "Mosul", text
        assert result.geo_precision == 2, text
    assert geocode("Baghdad airport").geo_precision == 2
    assert geocode("Baghdad", near=True).geo_precision == 2


def test_abu_ghraib_alternate_name() -> None:
    place = geocode("Abu Ghraib").place
    assert place is not None and (place.country, place.admin1) == ("IQ", "Baghdad")


def test_admin1_only_is_precision_3() -> None:
    result = geocode(None, admin1="Borno State")
    assert result.place is not None and result.geo_precision == 3
    assert (result.place.feature, result.place.country, result.place.name) == ("admin1", "NG", "Borno")
    # coordinates of its largest town, Maiduguri
    assert result.place.latitude == pytest.approx(11.85, abs=0.1)


def test_unknown_locality_falls_back_to_admin1() -> None:
    result = geocode("Xqzzyvillebad", admin1="Borno", country="NG")
    assert result.place is not None and result.place.feature == "admin1" and result.geo_precision == 3


def test_country_name_as_locality() -> None:
    result = geocode("Iraq")  # not Arak, Iran, whose alternate names include "Iraq"
    assert result.place is not None and result.place.feature == "country" and result.place.country == "IQ"
    mexico = geocode("Mexico").place  # the country, not the State of Mexico
    assert mexico is not None and mexico.feature == "country"


def test_a_country_name_is_the_country_unless_its_capital_bears_it() -> None:
    colombia = geocode("Colombia", context=("Colombia", "Cali"))  # not the town of Colombia in Huila
    assert colombia.place is not None and (colombia.place.feature, colombia.place.country) == ("country", "CO")
    djibouti = geocode("Djibouti").place  # the capital of Djibouti is Djibouti
    assert djibouti is not None and (djibouti.feature, djibouti.country) == ("city", "DJ")


def test_region_name_as_locality() -> None:
    # small towns named Borno/Borna abroad tie; the Nigerian state is the one region of that name
    result = geocode("Borno")
    assert result.place is not None and (result.place.feature, result.place.country) == ("admin1", "NG")
    assert result.geo_precision == 3


def test_comma_hints() -> None:
    place = geocode("Tripoli, Libya").place
    assert place is not None and place.country == "LY"


def test_find_places_offsets_slice_text() -> None:
    text = (
        "BAGHDAD (Reuters) - Police said on Monday a bomb hit Abu Ghraib, west of Baghdad. Of the dead, "
        "two were Iraqi soldiers. Fighting was also reported in the Democratic Republic of the Congo, "
        "the U.S. said, and in Medellín."
    )
    spans = find_places(text)
    for start, end, surface in spans:
        assert text[start:end] == surface
    surfaces = [s for _, _, s in spans]
    assert "Abu Ghraib" in surfaces and "Baghdad" in surfaces and "Iraqi" in surfaces
    assert "Democratic Republic of the Congo" in surfaces and "U.S." in surfaces and "Medellín" in surfaces
    assert not {"Police", "Monday", "Of", "Congo"} & set(surfaces)  # stopwords; longest match wins
    assert [s for s, _, _ in spans] == sorted(s for s, _, _ in spans)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))  # non-overlapping


def test_find_places_is_fast_after_load() -> None:
    import time

    text = "Gunmen attacked Maiduguri and Bama in Borno State on Tuesday, Nigerian police said. " * 70
    find_places(text)
    started = time.perf_counter()
    find_places(text)
    assert time.perf_counter() - started < 0.1  # ~1 ms on an idle machine; generous for loaded CI


def test_geocode_works_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    # drop the cached gazetteer so that loading it, not only looking up, happens with no network
    for value in vars(places).values():
        if hasattr(value, "cache_clear"):
            value.cache_clear()
    result = geocode("Kidal", country="Mali")
    assert result.place is not None and result.place.country == "ML"
    assert country_code("Malian") == "ML"


# --- places as analysts name them (issue 17, item 3) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "code", "name"),
    [
        ("UA", "07", "Kharkiv"),  # GeoNames: Kharkivska oblast
        ("SO", "14", "Lower Shabelle"),  # GeoNames: Shabeellaha Hoose
        ("SY", "13", "Damascus"),  # GeoNames: Dimashq
        ("SY", "09", "Aleppo"),  # GeoNames: Halab
        ("UA", "12", "Kyiv City"),
        ("KE", "05", "Nairobi"),  # GeoNames: Nairobi City; ACLED names Kenya's counties without "City"
    ],
)
def test_admin1_takes_acled_names(country: str, code: str, name: str) -> None:
    assert admin1_name(country, code) == name


def test_admin1_without_acled_row_takes_english_alias_by_rule() -> None:
    # "Nord-Ouest" has the alias "North-West Province" in GeoNames: the kind word is dropped
    assert places._english_admin1("Nord-Ouest", ["Province du Nord-Ouest", "North-West Province"]) == "North-West"
    assert places._english_admin1("Nīnawá", ["Nineveh"]) == "Ninawa"  # no alias with a kind word: ASCII name


def test_acled_admin1_names_resolve_as_regions() -> None:
    result = geocode(None, admin1="Lower Shabelle")
    assert result.place is not None and (result.place.country, result.place.admin1) == ("SO", "Lower Shabelle")
    kharkiv = geocode("Kharkiv").place
    assert kharkiv is not None and kharkiv.admin1 == "Kharkiv"


@pytest.mark.parametrize(
    ("locality", "country", "name"),
    [
        ("Fallujah", "IQ", "Fallujah"),  # GeoNames: Al Fallūjah (the Arabic article and marks go)
        ("Tartus", "SY", "Tartus"),  # GeoNames: Ţarţūs
        ("Herat", "AF", "Herat"),  # GeoNames: Herāt
        ("Aleppo", "SY", "Aleppo"),  # GeoNames' main name is already the English one
    ],
)
def test_town_name_is_plain_english_form(locality: str, country: str, name: str) -> None:
    place = geocode(locality, country=country).place
    assert place is not None and places.town_name(place) == name


def test_town_name_keeps_the_english_articles_spelling() -> None:
    jableh = geocode("Jableh", country="SY").place
    assert jableh is not None and jableh.name == "Jablah"
    assert places.town_name(jableh, "Jableh") == "Jableh"  # an English article's own spelling, a GeoNames name
    assert places.town_name(jableh, "Jableh", english=False) == "Jablah"
    assert places.town_name(jableh, "JABLEH") == "Jablah"  # a dateline's capitals are no spelling to keep
    assert places.town_name(jableh, "Latakia") == "Jablah"  # another town's name is never taken
    aleppo = geocode("Alep", country="SY").place
    assert aleppo is not None and places.town_name(aleppo, "Alep", english=False) == "Aleppo"


def test_ambiguous_country_name_follows_the_articles_other_places() -> None:
    assert country_code("Congo") == "CG"
    assert country_code("Congo", context=("Beni", "Congolese", "Congo")) == "CD"
    assert country_code("Congo", context=("Brazzaville",)) == "CG"
    assert country_code("Iraq", context=("Beni",)) == "IQ"  # an unambiguous name ignores the context


def test_country_name_among_another_countrys_places_is_its_region() -> None:
    among_nigerian = geocode("Niger", context=("Abuja", "Kano", "Niger", "Borno", "Kaduna"))
    assert among_nigerian.place is not None and (among_nigerian.place.feature, among_nigerian.place.country) == (
        "admin1",
        "NG",
    )
    alone = geocode("Niger")
    assert alone.place is not None and (alone.place.feature, alone.place.country) == ("country", "NE")


def test_a_region_the_article_names_picks_among_same_named_towns() -> None:
    in_named_state = geocode("Bijapur", context=("Chhattisgarh", "Bijapur"))
    assert in_named_state.place is not None and in_named_state.place.admin1 == "Chhattisgarh"
    largest = geocode("Bijapur")
    assert largest.place is not None and largest.place.admin1 == "Karnataka"


def test_a_hamlet_named_like_a_person_does_not_pin_the_country() -> None:
    # "Duque" and "Iván" match hamlets abroad; they must not move Medellín out of Colombia
    result = geocode("Medellín", context=("Cali", "Bogotá", "Iván", "Duque"))
    assert result.place is not None and result.place.country == "CO"
    assert geocode("Medellín", context=("Colombia",)).place.country == "CO"  # type: ignore[union-attr]


def test_regions_by_acleds_names_are_spotted_only_when_asked() -> None:
    text = "Militants attacked Qorvelu village in the Lower Shabelle region on Sunday."
    assert "Lower Shabelle" not in [s for *_, s in find_places(text)]  # the one-call candidate lists stay as they were
    assert "Lower Shabelle" in [s for *_, s in find_places(text, acled_regions=True)]


def test_arabic_names_fold_and_are_spotted_without_capitals() -> None:
    assert fold("الحُدَيْدَة") == fold("الحديدة") and fold("أبوظبي") == fold("ابوظبي")
    text = "قصفت الطائرات مدينة مأرب وبلدة حريب، ثم غارة على الحديدة يوم الأحد."
    found = [surface for *_, surface in find_places(text)]
    assert found == ["مأرب", "حريب", "الحديدة"]  # not "مدينة" (Medina), "على", "الأحد": common words
    marib = geocode("مأرب").place
    assert marib is not None and (marib.country, marib.admin1) == ("YE", "Marib")
    assert country_code("لبنان") == "LB" and country_code("Tchad") == "TD" and country_code("Siria") == "SY"


def test_an_attached_particle_is_not_part_of_the_name() -> None:
    text = "وقتل اثنان وبمأرب أصيب ثلاثة"
    ((start, end, surface),) = find_places(text)
    assert surface == "مأرب" and text[start - 2 : start] == "وب"


def test_a_possessive_inside_a_name() -> None:
    assert [s for *_, s in find_places("Refugees in Ukhiya, Cox's Bazar, said so.")] == ["Cox's Bazar"]


def test_a_town_abroad_is_not_taken_for_a_village_in_the_named_region() -> None:
    # "Muna" is a Mexican town; with admin1 Borno it is a village the gazetteer lacks, placed by its region
    result = geocode("Muna", admin1="Borno")
    assert result.place is not None and (result.place.country, result.place.feature) == ("NG", "admin1")
    assert result.geo_precision == 3


def test_a_town_named_so_beats_a_big_foreign_town_with_that_alternate_name() -> None:
    # Obihiro (Japan) has "Obo" among its alternate names and is ten times bigger than Obo (Central Africa)
    found = geocode("Obo", context=("Tchad", "Cameroun")).place
    assert found is not None and found.country == "CF"
    # a renamed city still wins where the article is about its country: Bijapur is Vijayapura in Karnataka
    renamed = geocode("Bijapur", context=("India",)).place
    assert renamed is not None and renamed.admin1 == "Karnataka"


def test_same_named_towns_of_one_region_give_the_region() -> None:
    result = geocode("Buenaventura", country="CO")
    assert len(result.candidates) > 1 and len({(p.country, p.admin1) for p in result.candidates}) == 1
    assert result.place is not None and result.place.admin1 == "Valle del Cauca"


def test_the_region_the_words_after_a_village_name() -> None:
    text = "Five civilians died at Zorvaka, dans le territoire de Rutshuru, and at Kelebo near Goma."
    assert region_after(text, "Zorvaka", (), "CD") == "North Kivu"
    assert region_after(text, "Kelebo", (), "CD") is None  # "near" a town does not put a village in its region


def test_countries_of_an_article_in_french_and_arabic() -> None:
    assert article_countries("Des rebelles ont attaqué un village près de la frontière du Tchad.") == ("TD",)
    assert article_countries("غارة إسرائيلية على بلدة في جنوب لبنان")[:1] == ("LB",)


def test_a_direction_after_a_village_does_not_place_it_in_a_region() -> None:
    text = (
        "Shells fell near the village of Zorvaka, north of Sinjar, on Kelebo, in the district of Sinjar, and on the "
        "Tarvesh area of Sinjar."
    )
    assert region_after(text, "Zorvaka", (), "IQ") is None
    assert region_after(text, "Kelebo", (), "IQ") == region_after(text, "Tarvesh", (), "IQ") == "Ninewa"


@pytest.mark.parametrize(
    ("written", "core"),
    [
        ("région de Ménaka", "Ménaka"),
        ("la province du Soum", "Soum"),
        ("région de l'Est", "Est"),
        ("departamento del Cauca", "Cauca"),
        ("departamento de La Paz", "La Paz"),  # the article inside the name stays
        ("estado do Pará", "Pará"),
        ("Provincia de Esmeraldas", "Esmeraldas"),
        ("the province of Helmand", "Helmand"),
        ("Borno State", "Borno"),
        ("Norte de Santander", "Norte de Santander"),  # no region word: unchanged
        ("Lower Shabelle", "Lower Shabelle"),
    ],
)
def test_region_core_drops_the_word_for_a_region(written: str, core: str) -> None:
    assert region_core(written) == core


def test_a_region_written_with_its_word_resolves_in_every_country_that_has_it() -> None:
    # "région de l'Est" is Cameroon's region as written, and Burkina Faso's "Est" by its name: the town decides
    result = geocode("Fada N'Gourma", admin1="région de l'Est")
    assert result.place is not None and (result.place.country, result.place.admin1) == ("BF", "Est")
    assert geocode(None, admin1="provincia de Esmeraldas", country="EC").place is not None


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("malienne", "ML"),
        ("centrafricain", "CF"),
        ("burkinabè", "BF"),
        ("nigérienne", "NE"),
        ("nigérian", "NG"),
        ("colombianos", "CO"),
        ("hondureña", "HN"),
        ("moçambicano", "MZ"),
        ("RCA", "CF"),
        ("Pérou", "PE"),
    ],
)
def test_french_spanish_and_portuguese_adjectives_of_nationality(word: str, code: str) -> None:
    assert country_code(word) == code


def test_a_lower_case_adjective_of_nationality_is_spotted_and_counts_as_a_demonym() -> None:
    text = "Des rebelles ont attaqué les positions de l'armée centrafricaine à Mann, lundi."
    spotted = [surface for _, _, surface in find_places(text)]
    assert "centrafricaine" in spotted and is_lower_demonym("centrafricaine") and not is_lower_demonym("Mali")
    assert article_countries(text)[0] == "CF"
    # in English a lower-case word is never a place: "french fries" names no country
    assert "french" not in [s for _, _, s in find_places("They ate french fries in Lyon.")]


@pytest.mark.parametrize(
    ("written", "town", "precision"),
    [
        ("d'Anderamboukane", "Andéranboukan", 1),  # the elided "de" goes
        ("l'axe Ménaka-Anderamboukane", "Ménaka", 2),  # a road between two towns: near the first
        ("Tillabéri-Niamey", "Tillabéri", 2),
        ("the Beni-Kasindi road", "Beni", 2),  # called a road: the first town, whatever the second
        ("L'Aquila", "L'Aquila", 1),  # a name that starts with an elision stays whole
        ("Bandar-e Abbas", "Bandar Abbas", 1),  # a hyphen inside one name
        ("près de Djibo", "Djibo", 2),  # French, Spanish and Portuguese words before a name (cues_*.json)
        ("à 20 km de Djibo", "Djibo", 2),
        ("la ville de Djibo", "Djibo", 1),
        ("en el municipio de Tumaco", "Tumaco", 1),
        ("a las afueras de Tumaco", "Tumaco", 2),
        ("perto de Altamira", "Altamira", 2),
        ("the town of Djibo", "Djibo", 1),  # and the same words in English
        ("in Djibo", "Djibo", 1),
        ("Djibo (Soum province)", "Djibo", 1),  # a bracketed hint, read like "Djibo, Soum province"
        ("Tumaco (Nariño)", "Tumaco", 1),
    ],
)
def test_a_locality_written_with_an_elision_or_as_a_road_names_its_town(
    written: str, town: str, precision: int
) -> None:
    country = {"Beni": "CD", "Djibo": "BF", "Tumaco": "CO", "Altamira": "BR"}.get(town)
    result = geocode(written, country=country)
    assert result.place is not None and (result.place.name, result.geo_precision) == (town, precision)


def test_federal_districts_take_acleds_admin1_name() -> None:
    assert admin1_name("AR", "07") == "Ciudad Autonoma de Buenos Aires"
    assert admin1_name("BR", "07") == "Distrito Federal"


@pytest.mark.parametrize(
    ("text", "village", "country", "region"),
    [
        (
            "The school is in Bulakbaşı, a village of Iğdır's Karakoyunlu district some 21 km from the city.",
            "Bulakbaşı",
            "TR",
            "Igdir",
        ),
        (
            "Quinze civils ont été tués à Nagraogo, une localité de la commune de Kaya, au Burkina Faso.",
            "Nagraogo",
            "BF",
            "Centre-Nord",
        ),
        (
            "Un líder social fue asesinado en la vereda La Balsa, zona rural del municipio de Tumaco, en Colombia.",
            "La Balsa",
            "CO",
            "Narino",
        ),
        ("Gunmen attacked Kalunga, a village near Beni, on Sunday.", "Kalunga", "CD", None),  # only near
    ],
)
def test_a_village_described_as_lying_in_a_town_takes_the_towns_region(
    text: str, village: str, country: str, region: str | None
) -> None:
    context = tuple(surface for _, _, surface in find_places(text))
    assert region_after(text, village, context, country) == region


@pytest.mark.parametrize(
    ("text", "countries"),
    [
        ("Violence across Latin America rose this year, with attacks in Colombia.", ("CO",)),
        ("Boko Haram fighters in the Lake Chad region attacked Monguno in Borno.", ("NG",)),
        ("Les jihadistes du lac Tchad ont attaqué Diffa, au Niger.", ("NE",)),
        ("Gunmen in Chad attacked a village near Abeche.", ("TD",)),  # the country itself still counts
    ],
)
def test_a_world_region_or_lake_named_after_a_country_is_no_place(text: str, countries: tuple[str, ...]) -> None:
    assert article_countries(text) == countries
    assert not {"America", "Chad", "Tchad"} & {s for _, _, s in find_places(text)} or countries == ("TD",)


@pytest.mark.parametrize(
    ("written", "country", "town", "admin1"),
    [
        ("Hodeidah", "YE", "Al Ḩudaydah", "Al Hudaydah"),  # no gazetteer name spells it so
        ("Fallouja", "IQ", "Al Fallūjah", "Al-Anbar"),
        ("Edleb", "SY", "Idlib", "Idleb"),
    ],
)
def test_a_model_spelling_of_an_arabic_town_is_found_by_its_consonants(
    written: str, country: str, town: str, admin1: str
) -> None:
    assert geocode(written, country=country).place is None  # spotted text keeps to the gazetteer's own names
    place = geocode(written, country=country, variants=True).place
    assert place is not None and (place.name, place.admin1) == (town, admin1)
    assert places.town_name(place, written, english=True) == written  # the English press's spelling is kept


def test_a_town_of_another_country_is_not_found_by_its_consonants() -> None:
    assert geocode("Gaziantep", country="SY", variants=True).place is None


@pytest.mark.parametrize(
    ("text", "country", "region"),
    [
        (
            "Radio Kivu\n\nRutshuru : cinq civils tués lors d'une traque à Kivuye\n\nLes rebelles ont tué cinq civils.",
            "CD",
            "North Kivu",
        ),
        ("Zamfara: seven dead as gunmen storm three villages\n\nGunmen invaded Makera village.", "NG", "Zamfara"),
        ("Gunmen storm three villages\n\nPosted: Monday\nGunmen invaded Makera village.", "NG", None),  # no place
        ("Beni : des civils tués\n\nDes rebelles ont tué trois civils à Kivuye.", "UG", None),  # another country's
        ("Grenade hurt three\n\nBANNU: Men threw a grenade in Jani Khel.", "PK", None),  # a dateline, not a label
    ],
)
def test_a_headlines_place_label_gives_the_region(text: str, country: str, region: str | None) -> None:
    context = tuple(surface for _, _, surface in find_places(text))
    assert headline_region(text, context, country) == region


def test_a_gazetteer_village_outside_the_named_region_is_another_village_placed_by_the_region() -> None:
    # the gazetteer's one Tudun Wada is a village (no population) in Kano; named in Zamfara it is another village
    result = geocode("Tudun Wada", admin1="Zamfara", country="NG")
    assert result.place is not None and (result.place.feature, result.place.admin1) == ("admin1", "Zamfara")
    assert result.geo_precision == 3
    inside = geocode("Tudun Wada", admin1="Kano", country="NG").place
    assert inside is not None and (inside.feature, inside.admin1) == ("city", "Kano")


def test_a_real_town_outside_the_named_region_keeps_its_own_region() -> None:
    # Dutsen Wai (Kaduna) has over 20,000 people: a wrong region guess does not unplace a town of that size
    place = geocode("Dutsen Wai", admin1="Zamfara", country="NG").place
    assert place is not None and (place.feature, place.admin1) == ("city", "Kaduna")

"""The pipeline's place step (extractor.pipeline.locate through build_incidents) names places as analysts do, on
invented articles: the English article's spelling, the English name otherwise, a town the gazetteer lacks as
written with the region the article names."""

from __future__ import annotations

from extractor.article import Article
from extractor.pipeline import ArticleContext, build_incidents
from extractor.schemas import ExtractionDraft

ATTACK = {"primary": True, "event_type": "Violence against civilians", "sub_event_type": "Attack"}


def _one(text: str, **draft: str):
    ctx = ArticleContext(Article.create(text, published="2024-05-06", article_id="t"))
    (incident,) = build_incidents(ExtractionDraft.model_validate({"incidents": [{**ATTACK, **draft}]}), ctx)
    return incident


def test_an_english_article_keeps_its_spelling_of_a_gazetteer_town() -> None:
    text = "Gunmen shot dead two men in Jableh on Sunday, police in the Syrian coastal town said."
    incident = _one(text, type_quote="Gunmen shot dead two men in Jableh", locality="Jableh", country="Syrian")
    assert (incident.country, incident.locality) == ("SY", "Jableh") and incident.geonameid is not None


def test_a_french_article_gets_the_english_names() -> None:
    text = (
        "Des hommes armés ont tué trois civils dimanche à Beni, dans la province du Nord-Kivu, selon "
        "les autorités locales de la ville. Les habitants ont raconté que les assaillants étaient arrivés "
        "peu après la tombée de la nuit et avaient incendié plusieurs maisons avant de fuir vers la forêt. "
        "L'armée a annoncé l'envoi de renforts dans la zone."
    )  # long enough for the language detector
    incident = _one(text, type_quote="Des hommes armés ont tué trois civils", locality="Beni", admin1="Nord-Kivu")
    assert (incident.country, incident.admin1, incident.locality) == ("CD", "North Kivu", "Beni")


def test_the_gazetteer_name_in_english_when_the_article_writes_no_town_name() -> None:
    text = "Shelling hit KHARKIV overnight, the governor of the Kharkiv region said on Monday."
    incident = _one(text, type_quote="Shelling hit KHARKIV overnight", locality="KHARKIV")
    assert (incident.locality, incident.admin1) == ("Kharkiv", "Kharkiv")  # not "Kharkivska oblast"


def test_an_unlisted_village_is_kept_as_written_with_the_region_the_article_names() -> None:
    text = "Bandits killed four people in Qorvelu village in Zamfara State on Saturday, residents said."
    incident = _one(
        text, type_quote="Bandits killed four people in Qorvelu village", locality="Qorvelu", admin1="Zamfara State"
    )
    assert (incident.country, incident.admin1, incident.locality) == ("NG", "Zamfara", "Qorvelu")
    assert incident.geo_precision == 3 and incident.geonameid is not None  # placed at the region, named as written


def test_an_arabic_article_names_its_town_in_english() -> None:
    # the model copies the Arabic words; the gazetteer's Arabic names give the town, its region and country
    text = (
        "قصفت جماعة مسلحة مدينة مأرب يوم الاثنين بصواريخ، ما أدى إلى مقتل ثلاثة مدنيين وإصابة آخرين، "
        "وقالت السلطات المحلية في المحافظة إن القصف استهدف حيا سكنيا قرب السوق."
    )
    incident = _one(text, type_quote="قصفت جماعة مسلحة مدينة مأرب", locality="مأرب")
    assert incident.country == "YE" and incident.admin1 == "Marib"
    assert incident.locality is not None and incident.locality.replace("'", "") == "Marib"


def test_a_village_the_gazetteer_lacks_takes_the_articles_country_and_the_region_written_after_it() -> None:
    text = (
        "Two traders were shot dead in Zorvaka, Cox's Bazar, on Monday, local officials said. "
        "Bangladesh police said they were hunting the attackers."
    )
    incident = _one(text, type_quote="Two traders were shot dead in Zorvaka", locality="Zorvaka")
    assert (incident.country, incident.admin1, incident.locality) == ("BD", "Chittagong", "Zorvaka")


def test_a_village_placed_only_near_a_town_gets_no_region_from_it() -> None:
    text = "Gunmen killed four herders in Zorvaka near Gao on Friday, a Malian army source said."
    incident = _one(text, type_quote="Gunmen killed four herders in Zorvaka", locality="Zorvaka")
    assert (incident.country, incident.admin1, incident.locality) == ("ML", None, "Zorvaka")


def test_a_town_the_model_names_is_not_moved_to_another_country_the_article_names() -> None:
    # the only country named is Venezuela, but Arauquita in Arauca is the Colombian town
    text = "Fighting near Arauquita in Arauca forced families to flee towards the border with Venezuela on Monday."
    incident = _one(text, type_quote="Fighting near Arauquita", locality="Arauquita", admin1="Arauca")
    assert (incident.country, incident.admin1) == ("CO", "Arauca")


# French and Spanish place names as a capable model copies them from the article (issue 18): the region word, the
# elided article, a road between two towns, a province below the first level, a country named only by its adjective.
_FR_TAIL = (
    " Les habitants ont raconté que les assaillants étaient arrivés peu après la tombée de la nuit et avaient "
    "incendié plusieurs maisons avant de fuir vers la brousse. Les autorités locales ont annoncé l'envoi de renforts "
    "dans la zone et l'ouverture d'une enquête sur les circonstances de l'attaque."
)  # long enough for the language detector


def test_a_french_region_word_is_dropped_and_the_region_named_in_english() -> None:
    text = "Des hommes armés ont tué douze civils lundi à Ménaka, dans la région de Ménaka, au Mali." + _FR_TAIL
    incident = _one(
        text, type_quote="Des hommes armés ont tué douze civils", locality="Ménaka", admin1="région de Ménaka"
    )
    assert (incident.country, incident.admin1, incident.locality) == ("ML", "Menaka", "Ménaka")


def test_a_french_village_after_an_elision_keeps_the_articles_spelling() -> None:
    text = "Des jihadistes ont attaqué le village d'Anderamboukane, au Mali, dimanche soir." + _FR_TAIL
    incident = _one(text, type_quote="Des jihadistes ont attaqué le village", locality="d'Anderamboukane")
    assert (incident.country, incident.admin1, incident.locality) == ("ML", "Menaka", "Anderamboukane")
    assert incident.geonameid is not None


def test_a_road_between_two_towns_is_placed_near_the_first() -> None:
    text = "Douze civils ont été tués sur l'axe Ménaka-Anderamboukane, dans le nord-est du Mali." + _FR_TAIL
    incident = _one(text, type_quote="Douze civils ont été tués", locality="l'axe Ménaka-Anderamboukane")
    assert (incident.country, incident.locality, incident.geo_precision) == ("ML", "Ménaka", 2)


def test_a_province_below_the_first_level_gives_way_to_the_towns_region() -> None:
    text = "Un convoi a été attaqué mardi près de Djibo, dans la province du Soum, au Burkina Faso." + _FR_TAIL
    incident = _one(text, type_quote="Un convoi a été attaqué", locality="Djibo", admin1="province du Soum")
    assert (incident.country, incident.admin1, incident.locality) == ("BF", "Sahel", "Djibo")


def test_a_region_word_does_not_send_a_town_to_another_country() -> None:
    # Cameroon has a "Région de l'Est" too; the town of the Burkinabè East region decides
    text = "L'attaque s'est produite jeudi à Fada N'Gourma, dans la région de l'Est." + _FR_TAIL
    incident = _one(text, type_quote="L'attaque s'est produite", locality="Fada N'Gourma", admin1="région de l'Est")
    assert (incident.country, incident.admin1) == ("BF", "Est")


def test_a_spanish_department_word_is_dropped() -> None:
    text = (
        "Cinco policías murieron el martes en una emboscada en el municipio de El Tarra, departamento de Norte de "
        "Santander, informaron las autoridades. Los agentes patrullaban una vía rural cuando fueron atacados con "
        "fusiles y explosivos por un grupo armado que huyó hacia la frontera."
    )
    incident = _one(
        text,
        type_quote="Cinco policías murieron",
        locality="El Tarra",
        admin1="departamento de Norte de Santander",
    )
    assert (incident.country, incident.admin1, incident.locality) == ("CO", "Norte de Santander", "El Tarra")


def test_a_spanish_article_keeps_its_accented_town_name() -> None:
    text = (
        "Un enfrentamiento armado en Ciudad Juárez, Chihuahua, dejó dos muertos el domingo, según la fiscalía del "
        "estado. Los hombres armados dispararon contra una patrulla y huyeron en una camioneta hacia el sur."
    )
    incident = _one(text, type_quote="Un enfrentamiento armado", locality="Ciudad Juárez", admin1="Chihuahua")
    assert (incident.country, incident.admin1, incident.locality) == ("MX", "Chihuahua", "Ciudad Juárez")


def test_a_spanish_article_on_its_own_country_keeps_the_towns_common_name() -> None:
    # GeoNames' main name for Durán is the official "Eloy Alfaro"; a Spanish report and analysts write Durán
    text = (
        "Cuatro personas murieron la madrugada de este sábado en un ataque armado en Durán, en la provincia del "
        "Guayas, según la Policía Nacional. Los agresores dispararon desde una motocicleta contra un grupo reunido "
        "frente a una vivienda y huyeron por una avenida cercana."
    )
    incident = _one(text, type_quote="Cuatro personas murieron", locality="Durán", admin1="provincia del Guayas")
    assert (incident.country, incident.admin1, incident.locality) == ("EC", "Guayas", "Durán")


def test_a_french_article_names_timbuktu_in_english() -> None:
    text = "Des tirs ont visé dimanche le camp militaire de Tombouctou, dans le nord du Mali." + _FR_TAIL
    incident = _one(text, type_quote="Des tirs ont visé", locality="Tombouctou")
    assert (incident.country, incident.locality) == ("ML", "Timbuktu")  # GeoNames' English name, as ACLED writes it


def test_an_english_province_of_phrase_keeps_the_name_as_written() -> None:
    text = "A roadside bomb killed four soldiers in Nawa district in the province of Helmand on Monday."
    incident = _one(
        text, type_quote="A roadside bomb killed four soldiers", locality="Nawa", admin1="the province of Helmand"
    )
    assert (incident.country, incident.admin1) == ("AF", "Helmand")


def test_an_unlisted_village_takes_the_region_of_the_headlines_place_label() -> None:
    text = (
        "Rutshuru : cinq civils tués lors d'une traque à Kivuye\n\n"
        "Au moins cinq civils ont été tués samedi au village de Kivuye, dans le groupement de Bweza, par des rebelles "
        "qui traquaient des combattants locaux, selon des sources de la société civile. Les habitants ont fui vers "
        "les localités voisines et les autorités locales ont demandé l'envoi de renforts dans la zone."
    )
    incident = _one(text, type_quote="cinq civils ont été tués", locality="Kivuye")
    assert (incident.country, incident.admin1, incident.locality) == ("CD", "North Kivu", "Kivuye")

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

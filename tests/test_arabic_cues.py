"""Arabic through the embedded engine's decomposed strategy (issue 18 item 3): data/cues_ar.json.

Arabic writes the article and the particles (و ف ب ل ك) onto the next word, has no capital letters and may write
its digits as Arabic-Indic ones, and puts the verb before its subject; these tests read articles we wrote with the
rules backend (the embedded engine's heuristics without the model): a mention is found, with its type, date,
place, counts and perpetrator, a roundup entry opens its own incident, evidence offsets are code points of the
stored text, and a passive written like an active ("قتل سبعة مدنيين") names no perpetrator.
"""

from __future__ import annotations

import datetime as dt

import pytest
from _decomposed_support import mentions as mentions_of
from pydantic import ValidationError

from extractor import Config, Extractor
from extractor.article import Article
from extractor.decomposed.mentions import cued_types, split_sentences
from extractor.decomposed.verb_first import verb_first_subject
from extractor.ingest import check_language, detect_language
from extractor.language_cues import LanguageCues, language_cues
from extractor.normalize.numbers import find_count_expressions, parse_count
from extractor.pipeline import ArticleContext

# Invented articles (written for these tests, no sentence taken from elsewhere).
GAO = """مسلحون يهاجمون سوقا للماشية في شمال مالي

قتل مسلحون مجهولون أربعة تجار يوم الخميس في هجوم على سوق للماشية في مدينة غاو بشمال مالي، بحسب ما أفاد مسؤول \
محلي.

وقال المسؤول إن المهاجمين وصلوا على دراجات نارية وأطلقوا النار على الحشد قبل أن يفروا باتجاه الحدود."""

IDLIB = """غارات بطائرات مسيرة تقتل مدنيين في شمال سوريا

قتل سبعة مدنيين يوم الثلاثاء في ضربة بطائرة مسيّرة على بلدة سرمدا في محافظة إدلب، وفق ما أفاد الدفاع المدني.

وفي بلدة الأتارب، أصيب ثلاثة أشخاص في غارة أخرى استهدفت سوقا شعبيا.

ولم تعلق وزارة الدفاع على الغارتين."""

BAIDOA = """انفجار عبوة ناسفة يستهدف دورية للجيش في الصومال

أصيب ١٢ جنديا يوم السبت ١٤ سبتمبر ٢٠٢٤ في انفجار عبوة ناسفة استهدفت دورية للجيش قرب مدينة بيدوا، بحسب مصادر \
أمنية.

وأفادت المصادر بأن الدورية كانت في طريقها إلى قاعدة عسكرية عند وقوع الانفجار."""


def extract(text: str, published: str):
    with Extractor(Config(backend="rules")) as extractor:
        result = extractor.extract(text, published=published)
    for incident in result.incidents:  # grounding: every quote is the stored text at its code-point offsets
        for field, evidence in incident.evidence.items():
            if evidence.start is not None:
                assert text[evidence.start : evidence.end] == evidence.quote, field
    return result.incidents


def test_the_arabic_cue_file_loads_and_the_embedded_backends_read_arabic():
    cues = language_cues()["ar"]
    assert "written by the project team" in cues.source.lower() and cues.sub_event_cues
    assert detect_language(GAO) == "ar"
    for backend in ("local", "rules"):
        assert check_language(GAO, backend) == "ar"


def test_arabic_sentences_split_without_capitals():
    text = "قتل ثلاثة جنود في هجوم. وأصيب اثنان آخران بجروح.وفر المهاجمون إلى الغابة؟ ثم عادوا."
    assert [s.text for s in split_sentences(text)] == [
        "قتل ثلاثة جنود في هجوم.",
        "وأصيب اثنان آخران بجروح.",
        "وفر المهاجمون إلى الغابة؟",
        "ثم عادوا.",
    ]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("استهدفت غارة بطائرة مسيرة سيارة على الطريق.", "Air/drone strike"),  # ب attached: بطائرة
        ("سقطت قذائف هاون على الحي الشرقي.", "Shelling/artillery/missile attack"),
        ("انفجرت عبوة ناسفة بدورية للشرطة.", "Remote explosive/landmine/IED"),
        ("اندلعت اشتباكات عنيفة بين الجيش والمتمردين.", "Armed clash"),
        ("اختطف مسلحون خمسة عمال من موقع البناء.", "Abduction/forced disappearance"),
        ("فرقت الشرطة المتظاهرين بالغاز المسيل للدموع.", "Protest with intervention"),
    ],
)
def test_arabic_cues_type_sentences_with_attached_particles(sentence, expected):
    assert expected in cued_types(sentence)


def test_a_march_is_not_a_drone_without_its_aircraft_or_shadda():
    assert "Air/drone strike" not in cued_types("نظم الطلاب مسيرة سلمية أمام الوزارة للمطالبة بالإفراج عن زملائهم.")
    assert "Air/drone strike" in cued_types("أصابت مسيّرة سيارة عند مدخل البلدة.")


def test_arabic_number_words_digits_and_months():
    assert parse_count("خمسة أشخاص").value == 5
    assert parse_count("١٢ جنديا").value == 12  # Arabic-Indic digits
    assert parse_count("أكثر من 30 مدنيا").value == 30
    # a count's noun phrase ends before "and" written onto the next word, and before a preposition or a day
    surfaces = [surface for *_, surface in find_count_expressions("أسفرت عن مقتل أكثر من 30 مدنيا وإصابة 50 آخرين.")]
    assert surfaces == ["أكثر من 30 مدنيا", "50 آخرين"]
    assert [s for *_, s in find_count_expressions("قتل مسلحون أربعة تجار وأصيب ستة آخرون يوم الخميس")] == [
        "أربعة تجار",
        "ستة آخرون",
    ]
    # "17 يونيو" is a date, not a count of seventeen
    assert not any("يونيو" in surface for *_, surface in find_count_expressions("قتل شخص يوم 17 يونيو في غارة."))


def test_an_arabic_attack_on_a_market():
    (incident,) = extract(GAO, "2024-03-15")
    assert incident.primary and incident.sub_event_type == "Attack"
    assert incident.date == dt.date(2024, 3, 14)  # Thursday before publication
    assert (incident.country, incident.admin1, incident.locality) == ("ML", "Gao", "Gao")
    assert incident.killed == 4
    assert incident.perpetrator == "مسلحون مجهولون"  # the subject after its verb: "قتل مسلحون مجهولون"


def test_an_arabic_roundup_gives_one_record_per_town_and_keeps_an_unlisted_town_as_written():
    first, second = extract(IDLIB, "2024-05-22")
    assert first.sub_event_type == second.sub_event_type == "Air/drone strike"
    assert first.date == second.date == dt.date(2024, 5, 21)  # the roundup entry takes the day before it
    assert (first.country, first.admin1, first.locality) == ("SY", "Idleb", "سرمدا")  # not in the gazetteer: as written
    assert (second.locality, second.admin1) == ("Atarib", "Aleppo")
    assert (first.killed, second.injured) == (7, 3)


def test_arabic_indic_digits_date_count_and_place():
    (incident,) = extract(BAIDOA, "2024-09-15")
    assert incident.sub_event_type == "Remote explosive/landmine/IED" and incident.weapon == "ied"
    assert incident.date == dt.date(2024, 9, 14)
    assert (incident.country, incident.locality) == ("SO", "Baidoa")
    assert incident.injured == 12


def test_no_comment_and_cumulative_toll_sentences_open_no_incident():
    text = (
        "قتل جندي في هجوم على حاجز للجيش يوم الاثنين.\n\n"
        "ولم يتبن أي فصيل الهجوم يوم الاثنين.\n\n"
        "ووثق تقرير أممي أكثر من 200 قتيل في النزاع منذ يوليو."
    )
    mentions = mentions_of(text, dt.date(2024, 7, 30))
    assert len(mentions) == 1 and mentions[0].lead.text.startswith("قتل جندي")
    assert all("200" not in s.text for s in mentions[0].sentences)


@pytest.mark.parametrize(
    "sentence, subject",
    [
        ("قتل مسلحون مجهولون أربعة تجار في السوق.", "مسلحون مجهولون"),
        ("أصابت مسيّرة إسرائيلية سيارة عند مدخل البلدة.", "مسيّرة إسرائيلية"),
        ("وأطلق الحوثيون صاروخا على المدينة.", "الحوثيون"),
        ("قتل سبعة مدنيين في غارة على السوق.", None),  # a passive: the victims follow the verb
        ("Gunmen killed four traders at the market.", None),  # English keeps its own subject finder
    ],
)
def test_the_subject_after_its_verb_is_the_perpetrator_only_when_it_names_an_actor(sentence, subject):
    ctx = ArticleContext(Article(text=sentence))
    assert verb_first_subject(sentence, ctx) == subject


def test_an_unlisted_arabic_village_keeps_its_two_word_name_and_the_district_that_places_it():
    text = (
        "غارة إسرائيلية على جنوب لبنان\n\n"
        "أطلقت غارة إسرائيلية يوم الأحد صاروخين على أطراف بلدة ميس الجبل في قضاء مرجعيون، بحسب الوكالة الوطنية.\n\n"
        "ولم تسجل إصابات في صفوف المدنيين بحسب المصادر المحلية، فيما واصلت فرق الدفاع المدني عملها في المكان."
    )
    (incident,) = extract(text, "2024-06-18")
    assert (incident.country, incident.locality, incident.admin1) == ("LB", "ميس الجبل", "Nabatieh")
    assert incident.perpetrator == "غارة إسرائيلية" and incident.date == dt.date(2024, 6, 16)


def test_one_sentence_naming_two_villages_in_two_clauses_gives_one_incident_each():
    text = (
        "قصف على قرى حدودية\n\n"
        "وبحسب مصادر محلية، أصابت قذائف مدفعية منازل في بلدة عيترون يوم الأحد، كما طال القصف أطراف قرية يارون "
        "في القضاء نفسه.\n\n"
        "ولم تسجل إصابات بين السكان بحسب المصادر، فيما واصلت فرق الإسعاف تفقد الأضرار في المكان."
    )
    mentions = mentions_of(text, dt.date(2024, 6, 18))
    assert [m.lead.text for m in mentions] == [
        "وبحسب مصادر محلية، أصابت قذائف مدفعية منازل في بلدة عيترون يوم الأحد",
        "كما طال القصف أطراف قرية يارون في القضاء نفسه.",
    ]


def test_only_the_enumerated_clause_list_may_capture_its_place():
    raw = language_cues()["ar"].model_dump()
    structure = {**raw["structure"], "enumerated_clause": [r"(?:بلدة)\s+([\u0621-\u064a]+)"]}
    assert LanguageCues.model_validate({**raw, "structure": structure}).structure["enumerated_clause"]
    with pytest.raises(ValidationError, match="capturing group"):
        LanguageCues.model_validate({**raw, "structure": {**raw["structure"], "context": ["(منذ) بداية"]}})


def test_a_sentence_that_fires_it_names_who_fired_what_the_event_sentence_told():
    ctx = ArticleContext(Article(text="x"))
    event = "لقي خمسة أشخاص حتفهم إثر سقوط صاروخ على السوق."
    assert verb_first_subject(event, ctx, ("أطلقه الحوثيون من مواقعهم شرق المدينة.",)) == "الحوثيون"
    assert verb_first_subject(event, ctx, ("أطلق الحوثيون صاروخا آخر في اليوم التالي.",)) is None  # another act
    assert verb_first_subject(event, ctx) is None


AZAZ = """مقتل مدنيين في انفجار سيارة مفخخة بسوق شعبي

قتل ستة مدنيين وأصيب أكثر من عشرين آخرين، مساء الجمعة، في انفجار سيارة مفخخة داخل سوق شعبي في مدينة اعزاز \
شمالي حلب، بحسب الدفاع المدني.

ولم تتبن أي جهة التفجير حتى الآن، فيما واصلت فرق الإنقاذ البحث عن مفقودين تحت الأنقاض."""


def test_the_verb_of_harm_before_an_arabic_count_says_whom_it_counts():
    (incident,) = extract(AZAZ, "2024-09-14")
    assert (incident.sub_event_type, incident.weapon) == ("Remote explosive/landmine/IED", "vehicle bomb")
    assert (incident.killed, incident.injured) == (6, 20)  # "قتل ستة ... وأصيب أكثر من عشرين"
    assert (incident.country, incident.admin1, incident.date) == ("SY", "Aleppo", dt.date(2024, 9, 13))


KHARTOUM = """الشرطة تفرق محتجين على غلاء الأسعار في الخرطوم

فرقت قوات الشرطة السودانية يوم الخميس مئات المتظاهرين في وسط الخرطوم باستخدام الغاز المسيل للدموع، بعد أن \
خرجوا احتجاجا على ارتفاع أسعار الخبز والوقود.

وقال شهود عيان إن المحتجين رددوا هتافات تطالب بخفض الأسعار قبل أن يتفرقوا في الشوارع الجانبية."""


def test_an_arabic_protest_dispersed_with_tear_gas_is_a_protest_with_intervention():
    (incident,) = extract(KHARTOUM, "2024-05-24")
    assert incident.sub_event_type == "Protest with intervention"
    assert (incident.country, incident.admin1, incident.date) == ("SD", "Khartoum", dt.date(2024, 5, 23))
    assert incident.killed is None and incident.injured is None

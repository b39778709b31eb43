"""How the mention finder reads an article's structure (issue 17): scraped sentence boundaries, site furniture,
live-blog stamps, context and cumulative tolls, roundups, follow-ups and headline counts. Every sentence here is
written for these tests; the patterns are the packaged ones (``prompts/questions.json``, ``structure``)."""

from __future__ import annotations

import datetime as dt

import pytest
from _decomposed_support import incidents, mentions

from extractor.article import Article
from extractor.decomposed import load_questions
from extractor.decomposed.assemble import merge_mentions
from extractor.decomposed.mentions import (
    Mention,
    dateline_end,
    find_mentions,
    periodic_report,
    split_sentences,
)
from extractor.decomposed.question_file import ArticleStructure
from extractor.decomposed.questions import count_options, date_options, type_options
from extractor.normalize.numbers import SIDES_JOINER, parse_count
from extractor.pipeline import ArticleContext, build_incidents
from extractor.schemas import ExtractionDraft, IncidentDraft

PUBLISHED = dt.date(2024, 3, 14)  # a Thursday


def told(mention: Mention) -> str:
    return " ".join(s.text for s in mention.sentences)


def test_scraped_sentences_without_a_space_are_split():
    text = "Gunmen raided the market in Dalo on Friday.Local media said six traders died. U.S. envoys left at 3.5 km."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Gunmen raided the market in Dalo on Friday.",
        "Local media said six traders died.",
        "U.S. envoys left at 3.5 km.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_site_furniture_is_read_by_nothing():
    text = (
        "Home | News | World | Sport\n\n"
        "Subscribe to our newsletter\n\n"
        "By Staff Reporter\n\n"
        "Riot police watch a crowd in the capital last year. (Jane Roe/AFP via Getty Images)\n\n"
        "Gunmen killed four traders at a market in Dalo on Tuesday, police said.\n\n"
        "Related: Bomb blast kills five at a bus stop\n\n"
        "Tags: Security | Attacks | Dalo\n\n"
        "We use cookies to improve your experience."
    )
    found = mentions(text)
    assert len(found) == 1
    lede = found[0]
    assert lede.lead.text.startswith("Gunmen killed four traders")
    read = told(lede) + " ".join(s.text for s in lede.asides)
    for furniture in ("Subscribe", "Staff Reporter", "Getty", "Related", "Tags", "cookies", "Home |"):
        assert furniture not in read


def test_a_live_blog_stamp_opens_an_entry_and_is_not_read():
    text = (
        "Live: unrest in the capital\n\n"
        "14:20 GMT - Police fired tear gas at protesters near the stadium on Thursday.\n\n"
        "15:05 GMT - Two people were shot dead by police outside the market on Thursday."
    )
    found = mentions(text)
    assert [m.lead.text[:10] for m in found] == ["Police fir", "Two people"]
    for mention in found:
        assert text[mention.lead.start : mention.lead.end] == mention.lead.text
        assert "GMT" not in told(mention)


def test_context_history_and_cumulative_tolls_open_no_mention_and_fill_nothing():
    text = (
        "Gunmen killed three farmers in the village of Tarvo on Wednesday, police said.\n\n"
        "More than 250,000 people have died in the war since 2011.\n\n"
        "Peace talks in Minsk resumed on Monday, officials said.\n\n"
        "Roadside bombings have escalated this year. So far about 300 people have been killed in the clashes.\n\n"
        "Such attacks are frequent in the region, and militants regularly ambush convoys on the main road."
    )
    found = mentions(text)
    assert len(found) == 1
    assert told(found[0]) == "Gunmen killed three farmers in the village of Tarvo on Wednesday, police said."
    records = incidents(text)
    assert len(records) == 1 and records[0].killed == 3


@pytest.mark.parametrize(
    "toll",
    [
        "- Eleven months of fighting have killed at least 12,400 people in the province, the health office says.",
        "The insurgency has killed more than 40,000 people since it began, according to the United Nations.",
        "Nine years of war have left some 230,000 dead across the country.",
    ],
)
def test_a_war_or_a_span_of_it_as_the_agent_of_a_toll_is_a_cumulative_toll(toll):
    """GUIDE 2: casualty totals for a whole war are no incident; the war, or months of it, killed them."""
    text = f"Gunmen killed three farmers in the village of Tarvo on Wednesday, police said.\n\n{toll}"
    found = mentions(text)
    assert [told(m) for m in found] == [
        "Gunmen killed three farmers in the village of Tarvo on Wednesday, police said."
    ]


def test_an_event_that_ends_a_span_of_war_still_opens():
    text = (
        "Gunmen killed three farmers in the village of Tarvo on Wednesday, police said.\n\n"
        "On Tuesday, after months of fighting, troops killed six militants in Kelu, the army said."
    )
    assert len(mentions(text)) == 2


def test_a_roundup_opens_one_mention_per_incident():
    text = (
        "Insurgents attacked an army base in Damboa on Tuesday, killing four soldiers.\n\n"
        "In other violence, gunmen shot dead a trader in Kelu.\n\n"
        "In Gwoza, two farmers were abducted by militants.\n\n"
        "In the second incident, a roadside bomb wounded two police officers near Kelu.\n\n"
        "- 11 March 2024 - Baro district: armed men looted a clinic.\n"
        "- 12 March 2024 - Baro district: a health worker was shot dead at a checkpoint."
    )
    found = mentions(text)
    assert [m.lead.text[:12] for m in found] == [
        "Insurgents a",
        "In other vio",
        "In Gwoza, tw",
        "In the secon",
        "- 11 March 2",
        "- 12 March 2",
    ]
    assert [m.listed for m in found] == [False, True, False, True, True, True]
    assert all(m.in_roundup for m in found[1:])


def test_roundup_entries_are_primary_and_take_the_day_told_before():
    text = (
        "Insurgents attacked an army base in Damboa on Tuesday, killing four soldiers.\n\n"
        "In other violence, gunmen shot dead a trader in Kelu."
    )
    records = incidents(text)
    assert len(records) == 2
    assert all(r.primary for r in records)
    assert {r.date for r in records} == {dt.date(2024, 3, 12)}


def test_a_list_entry_opens_when_its_event_comes_a_sentence_later():
    text = (
        "- 08 May 2023 - Kuro district: armed men stopped a bus on the main road. "
        "The driver was later found dead.\n"
        "- 09 May 2023 - Kuro district: a food distribution went ahead as planned."
    )
    found = mentions(text)
    assert len(found) == 1
    assert found[0].cues == ["Attack"] and "found dead" in told(found[0])


def test_a_follow_up_joins_the_incident_it_refers_to():
    text = (
        "A car bomb exploded outside a police station in Dalo on Tuesday, killing five people.\n\n"
        "The bombing happened shortly after 7 p.m. on Tuesday, residents said.\n\n"
        "The attackers fled on motorbikes toward Kano on Tuesday, witnesses said.\n\n"
        "Police in Kano said Tuesday's blast was the work of a local cell."
    )
    found = mentions(text)
    assert len(found) == 1 and len(found[0].sentences) == 4
    # Without the words that refer back, the same day in a new place is a new incident.
    assert len(mentions(text.replace("The attackers fled", "Gunmen killed two guards"))) == 2


def test_a_follow_up_with_a_new_day_still_opens_when_nothing_refers_back():
    text = (
        "A car bomb exploded outside a police station in Dalo on Tuesday, killing five people.\n\n"
        "Gunmen shot dead two guards at a bank in Kelu on Wednesday."
    )
    assert len(mentions(text)) == 2


@pytest.mark.parametrize(
    ("text", "first", "value"),
    [  # one more victim told by its rank: summed with a toll one short of it, a restatement of a larger toll
        (
            "Gunmen shot dead four miners near Tarvo on Monday; a fifth miner died in hospital.",
            "four miners + a fifth miner",
            5,
        ),
        (
            "Pistoleiros mataram três agricultores em Tarvo na segunda-feira; um quarto agricultor morreu no hospital.",
            "três agricultores + um quarto agricultor",
            4,
        ),
        (
            "Gunmen shot dead six miners near Tarvo on Monday; a second miner was killed at the gate.",
            "six miners",
            6,
        ),
    ],
)
def test_a_victim_told_by_its_rank_adds_to_a_toll_one_short(text: str, first: str, value: int):
    killed, _, _ = count_options(mentions(text)[0])
    assert killed[0].startswith(first)
    assert parse_count(killed[0]).value == value
    assert not any("second" in c for c in killed[1:])


@pytest.mark.parametrize(
    ("text", "killed"),
    [  # each toll with its own verb of dying, clauses joined by "and": separate victims of one event, one toll
        (
            "Gunmen attacked Tarvo on Monday. A guard was killed at the gate and a herder was killed by a stray bullet.",
            ["A guard + a herder"],
        ),
        (
            "Gunmen attacked Tarvo on Monday. Two soldiers were killed and three civilians died.",
            ["Two soldiers + three civilians"],
        ),
        (
            "Según la policía, en el ataque de Tarvo murió un guardia, y también falleció un pastor.",
            ["un guardia + un pastor"],
        ),
        # told in two sentences: the clause test does not hold, nothing is joined
        (
            "Gunmen attacked Tarvo on Monday. Two soldiers were killed. Three civilians died.",
            ["Two soldiers", "Three civilians"],
        ),
        # a part after the toll has no verb of dying of its own: nothing is added to the toll
        ("Gunmen attacked Tarvo on Monday and killed two soldiers; the dead included a herder.", ["two soldiers"]),
    ],
)
def test_separate_victims_each_with_a_verb_of_dying_add_up(text: str, killed: list[str]):
    assert count_options(mentions(text)[0])[0][: len(killed)] == killed


def test_a_second_toll_naming_another_place_is_not_added():
    text = "Gunmen attacked villages on Monday. Two soldiers were killed in Tarvo and three civilians died in Oska."
    assert all(SIDES_JOINER not in c for m in mentions(text) for c in count_options(m)[0])


def test_a_definite_count_after_the_first_sentence_comes_after_the_mention_s_own_toll():
    text = (
        "A bomb hit a police truck near Tarvo on Tuesday.\n\n"
        '"The six officers who died were heading to Tarvo," the governor said. Three guards died in the blast.'
    )
    killed, _, _ = count_options(mentions(text)[0])
    assert killed[:2] == ["Three guards", "six officers"]


def test_a_definite_count_in_the_mention_s_first_sentence_keeps_its_place():
    text = "A bomb killed the six occupants of a police truck near Tarvo on Tuesday. Three guards died later."
    killed, _, _ = count_options(mentions(text)[0])
    assert killed[:2] == ["six occupants", "Three guards"]


def test_a_headline_count_comes_after_the_body_counts():
    text = "Raiders burn down 500 homes\n\nRaiders killed three villagers in Tarvo on Monday and burned homes."
    lede = mentions(text)[0]
    assert lede.headline is not None and "500" in lede.headline.text
    killed, _, other = count_options(lede)
    assert killed and killed[0] == "three villagers"
    every = killed + other
    assert all(every.index(c) > every.index("three villagers") for c in every if "500" in c)


@pytest.mark.parametrize(
    "text, killed, injured",
    [
        ("Gunmen murdered two farmers in Tarvo on Monday.", "two farmers", None),
        ("Insurgents attacked Tarvo on Monday and gunned down four herders.", "four herders", None),
        ("In Tarvo on Monday, a teacher was shot dead and a pupil was wounded.", "a teacher", "a pupil"),
    ],
)
def test_a_count_goes_to_murdered_and_gunned_down_as_to_killed(text: str, killed: str, injured: str | None):
    dead, hurt, _ = count_options(mentions(text)[0])
    assert dead[:1] == [killed]
    assert hurt[:1] == ([injured] if injured else [])


def test_a_count_takes_the_casualty_word_of_its_own_sentence_and_a_part_before_among_comes_last():
    lede = mentions(
        "Gunmen attacked a bus near Tarvo on Monday; eight passengers were wounded. Nine guards died in the fight."
    )[0]
    dead, hurt, _ = count_options(lede)
    assert hurt[:1] == ["eight passengers"] and dead[:1] == ["Nine guards"]
    lede = mentions("Two teachers were among five people killed when gunmen attacked a school in Tarvo on Monday.")[0]
    dead, _, other = count_options(lede)
    assert dead[:1] == ["five people"] and "Two teachers" in other


def test_a_dateline_town_is_not_the_event_place():
    text = (
        "KABUL, March 13 (Wire) - Gunmen killed three farmers in the village of Tarvo in Helmand province on "
        "Wednesday, police said."
    )
    records = incidents(text)
    assert len(records) == 1
    assert records[0].locality != "Kabul" and records[0].admin1 == "Helmand"


def _incident(ctx: ArticleContext, **fields):
    base = {"primary": True, "type_quote": "Gunmen killed four people", "sub_event_type": "Attack"}
    return build_incidents(ExtractionDraft(incidents=[IncidentDraft(**{**base, **fields})]), ctx)


def test_an_undated_retelling_in_the_same_town_joins_the_dated_record():
    ctx = ArticleContext(
        Article.create(
            "Gunmen killed four people in Kandahar on Monday. Herat was quiet.", published=PUBLISHED, article_id="m"
        )
    )
    dated = _incident(ctx, date_text="on Monday", locality="Kandahar")
    again = _incident(ctx, locality="Kandahar", killed="four people")
    elsewhere = _incident(ctx, locality="Herat")
    merged, count = merge_mentions(dated + again + elsewhere)
    assert count == 1 and len(merged) == 2
    assert merged[0].date == dt.date(2024, 3, 11) and merged[0].killed == 4
    assert merged[1].locality != merged[0].locality


def test_a_record_with_neither_date_nor_place_joins_the_one_record_of_its_kind():
    ctx = ArticleContext(
        Article.create(
            "Armed men seized twelve travellers near Kosa on Monday, and four more in Dalo. The kidnappers later"
            " phoned the families.",
            published=PUBLISHED,
            article_id="b",
        )
    )
    kidnap = {"type_quote": "Armed men seized twelve travellers", "sub_event_type": "Abduction/forced disappearance"}
    seized = _incident(ctx, **kidnap, date_text="on Monday", locality="Kosa")
    phoned = _incident(ctx, **kidnap, perpetrator="The kidnappers")
    merged, count = merge_mentions(phoned + seized)
    assert count == 1 and len(merged) == 1
    assert (merged[0].locality, merged[0].date, merged[0].perpetrator) == ("Kosa", dt.date(2024, 3, 11), "kidnappers")
    # with two records of its kind it may be either: it stays, and so does a record of another kind
    elsewhere = _incident(ctx, **kidnap, date_text="on Monday", locality="Dalo")
    assert merge_mentions(seized + phoned + elsewhere)[1] == 0
    shot = _incident(ctx, date_text="on Monday", locality="Kosa")
    assert merge_mentions(shot + phoned) == (shot + phoned, 0)


def test_an_undated_record_joins_the_one_record_of_its_event_type_in_its_place():
    ctx = ArticleContext(
        Article.create(
            "Rebels clashed with troops in Tamsu on Monday. The rebels overran the army post at Tamsu. A bomb went"
            " off in Tamsu.",
            published=PUBLISHED,
            article_id="u",
        )
    )
    clash = _incident(
        ctx, type_quote="Rebels clashed", sub_event_type="Armed clash", date_text="on Monday", locality="Tamsu"
    )
    overran = _incident(
        ctx,
        type_quote="The rebels overran the army post",
        sub_event_type="Non-state actor overtakes territory",
        locality="Tamsu",
        site="the army post",
    )
    merged, count = merge_mentions(overran + clash)
    assert count == 1 and len(merged) == 1
    # the dated record's reading stands, filled from the undated one
    assert (merged[0].sub_event_type, merged[0].date, merged[0].site) == (
        "Armed clash",
        dt.date(2024, 3, 11),
        "the army post",
    )
    # another event type in the same place, or a second record it could be, keeps it apart
    bomb = _incident(
        ctx, type_quote="A bomb went off", sub_event_type="Remote explosive/landmine/IED", locality="Tamsu"
    )
    assert merge_mentions(bomb + clash) == (bomb + clash, 0)
    next_day = clash[0].model_copy(update={"date": dt.date(2024, 3, 12)})
    assert merge_mentions(overran + clash + [next_day]) == (overran + clash + [next_day], 0)


def test_structure_patterns_are_validated():
    with pytest.raises(ValueError, match="structure.context"):
        ArticleStructure(context=["(unclosed"])
    assert ArticleStructure().pattern("boilerplate") is None


def test_a_periodic_report_makes_every_incident_of_its_period_primary():
    text = (
        "Home | Reports | Contact\n\n"
        "Weekly security overview: Lake region\n\n"
        "This overview covers the week to 12 March 2024.\n\n"
        "On 11 March, gunmen killed two fishermen in Kelu.\n\n"
        "On 5 March, militants shot dead a teacher in Baro.\n\n"
        "On 2 December 2023, a bomb killed nine people in Dalo."
    )
    qs = load_questions()
    assert periodic_report(text, qs.structure)
    assert not periodic_report("Gunmen kill two\n\nGunmen killed two fishermen in Kelu on Monday.", qs.structure)
    records = incidents(text)
    assert {(r.date, r.primary) for r in records} == {
        (dt.date(2024, 3, 11), True),
        (dt.date(2024, 3, 5), True),
        (dt.date(2023, 12, 2), False),  # outside the window, not yet history
    }


def test_a_later_sentence_of_the_same_kind_dates_an_undated_lede():
    text = (
        "Police fired tear gas to break up a rally of teachers demanding unpaid wages.\n\n"
        "The teachers had gathered outside the ministry on Tuesday, and police fired tear gas when they refused "
        "to leave."
    )
    found = mentions(text)
    assert len(found) == 1 and len(found[0].sentences) == 2
    records = incidents(text)
    assert len(records) == 1 and records[0].date == dt.date(2024, 3, 12)
    # An event of another kind on that day is its own mention.
    other = text.split("\n\n")[0] + "\n\nA roadside bomb killed two guards outside the ministry on Tuesday."
    assert len(mentions(other)) == 2


def test_the_telling_date_is_not_the_event_date():
    text = (
        "Rebels hacked five farmers to death in the east of the country, local officials said on Tuesday.\n\n"
        "The fighters raided a small village in Kuro district on Monday, an administrator told reporters."
    )
    found = mentions(text)
    assert len(found) == 1 and len(found[0].sentences) == 2  # the detail dates the lede instead of opening
    qs = load_questions()
    # the report day is never offered for the event (GUIDE 15: only the report day -> no date)
    assert date_options(found[0], qs.structure.pattern("telling_dates")) == ["on Monday"]
    assert date_options(found[0]) == ["on Tuesday", "on Monday"]
    assert incidents(text)[0].date == dt.date(2024, 3, 11)


def test_a_village_the_gazetteer_lacks_is_a_new_place():
    text = (
        "In Talvo village three people were killed early on Thursday.\n\n"
        "The chief of Merdani village was murdered overnight into Thursday, the same sources said."
    )
    assert [m.lead.text[:10] for m in mentions(text)] == ["In Talvo v", "The chief "]
    assert load_questions().structure.named_place_pattern().search("the village of Tarvo").group(2) == "Tarvo"


def test_a_raid_on_a_village_and_a_separate_operation_are_events():
    text = (
        "Militants raided two villages near the border on Monday, killing four people.\n\n"
        "Troops killed six militants near Kelu on Monday.A separate operation near Baro killed one more militant."
    )
    found = mentions(text)
    assert found[0].cues[0] == "Attack"
    assert [m.lead.text[:10] for m in found] == ["Militants ", "A separate"]
    assert found[1].listed and "Troops killed" in told(found[0])


def test_history_claims_and_testimony_open_no_second_mention():
    text = (
        "A bomb exploded at a bus station in Dalo on Sunday, killing seven people, police said.\n\n"
        "The Dalo Front claimed the bombing in a message it posted on Telegram on Monday.\n\n"
        '"They were firing at each other all night," a resident said of the shooting on Monday.\n\n'
        "Residents said the fighting went on until Monday morning.\n\n"
        "It is the third such attack since the group's leader died in May. The group began staging attacks in "
        "2009 and has stepped up its attacks on buses since the election."
    )
    found = mentions(text)
    assert len(found) == 1 and "Dalo Front claimed" in told(found[0])
    for later in ("third such attack", "began staging", "stepped up"):
        assert later not in told(found[0])


def test_a_toll_split_by_village_gives_one_mention_per_village():
    text = (
        "Militants killed eight herders in three villages on Thursday.\n\n"
        "Five of the herders, who had taken cattle to the river, were killed in Kalvo, two in Merdani and one "
        "in Tusu, residents said."
    )
    found = mentions(text)
    assert [m.lead.text for m in found][1:] == ["two in Merdani", "and one in Tusu, residents said."]
    assert "Five of the herders" in told(found[0])
    assert all(m.in_roundup and text[m.lead.start : m.lead.end] == m.lead.text for m in found[1:])
    records = incidents(text)
    assert len(records) == 3 and {r.date for r in records} == {dt.date(2024, 3, 14)}
    # A tally across the country is an aggregate: it is not split.
    tally = (
        "Troops killed 40 people across the country on Thursday: 9 in Kalvo, 8 in Merdani, 7 in Tusu, 6 in Baro "
        "and 10 in Dalo, monitors said."
    )
    assert len(mentions(tally)) == 1
    # A day's toll told place by place, each place its own share, is one incident per place (up to six).
    by_state = (
        "Gunmen killed 17 people on Thursday.\n\n"
        "One man was shot dead in Kalvo, two were killed in Merdani, six others in Tusu, while four died in Baro "
        "and three in Dalo."
    )
    assert len(mentions(by_state)) == 5


def test_standing_conditions_and_yearly_counts_open_no_mention():
    text = (
        "Gunmen shot dead a mayor outside his home in Kelu on Monday, police said.\n\n"
        "There have been 12 fatal attacks on mayors so far in 2024.\n\n"
        "Two gangs have been fighting for control of the port for years.\n\n"
        "The clashes forced about 40 families out of their homes.\n\n"
        "The Kelu Front announced a ceasefire on Tuesday to mark the holiday, and it has a long history of "
        "attacking officials."
    )
    found = mentions(text)
    assert len(found) == 1 and told(found[0]) == text.split("\n\n")[0]


def test_when_the_lede_is_undated_the_incidents_of_the_last_day_are_the_news():
    text = (
        "Protests against fuel prices spread across the province as violence flares, officials say.\n\n"
        "Gunmen killed five policemen at a checkpoint in Kelu on Wednesday.\n\n"
        "A roadside bomb killed four policemen near Baro on Thursday.\n\n"
        "In December 2023, a bomb killed twelve policemen at a base in Dalo."
    )
    records = incidents(text)
    dated = {r.date: r.primary for r in records if r.date is not None}
    assert dated == {dt.date(2024, 3, 13): True, dt.date(2024, 3, 14): True, dt.date(2023, 12, 1): False}


def test_displacement_aid_and_methodology_sections_open_no_incident():
    text = (
        "1. Security\n\n"
        "On 11 March, gunmen killed two traders at a market in Kelu.\n\n"
        "2. Displacement\n\n"
        "On 12 March, about 300 people arrived in Baro after gunmen burned their village.\n\n"
        "Humanitarian access\n\n"
        "An aid convoy was attacked near Dalo on 10 March, and partners suspended deliveries.\n\n"
        "3. Politics\n\n"
        "On 13 March, police fired tear gas at protesters in Tusu.\n\n"
        "Methodology note\n\n"
        "We count a bombing as one attack. Correction: an earlier edition said a bombing killed five."
    )
    assert [m.lead.text[:13] for m in mentions(text)] == ["On 11 March, ", "On 13 March, "]


def test_a_span_end_and_an_event_tally_open_no_mention():
    text = (
        "Rival militias clashed in Kelu on Friday, killing six fighters.\n\n"
        "Residents said the clashes went on until Saturday morning.\n\n"
        "By Sunday police had cleared more than 1,200 roadblocks, and supporters continued to march in towns "
        "across the country."
    )
    found = mentions(text)
    assert len(found) == 1 and len(found[0].sentences) == 2
    assert date_options(found[0], load_questions().structure.pattern("telling_dates"))[0] == "on Friday"


def test_a_telling_date_after_the_event_sentence_is_no_date_option():
    text = (
        "Gunmen killed seven herders in three villages on Thursday.\n\n"
        "Four were killed in Kalvo, two in Merdani and one in Tusu.\n\n"
        '"They tied their hands first," a survivor told journalists on Friday.'
    )
    found = mentions(text)
    assert len(found) == 3 and "told journalists" in told(found[-1])
    telling = load_questions().structure.pattern("telling_dates")
    assert date_options(found[-1], telling) == []  # the roundup's day is carried over instead
    # Even without the telling words: a roundup entry's later sentence that tells no event dates nothing.
    assert date_options(found[-1]) == []
    assert {r.date for r in incidents(text)} == {dt.date(2024, 3, 14)}


def test_an_event_sentence_that_splits_its_toll_by_village_opens_one_mention_per_village():
    text = "Gunmen killed four herders in Kalvo, two in Merdani and one in Tusu on Thursday."
    found = mentions(text)
    assert [m.lead.text for m in found] == [
        "Gunmen killed four herders in Kalvo",
        "two in Merdani",
        "and one in Tusu on Thursday.",
    ]
    assert found[0].primary and all(m.in_roundup for m in found[1:])


def test_a_standfirst_between_headline_and_byline_is_no_lede():
    text = (
        "Police fire on marchers in Dalo\n\n"
        "Curfew declared after young demonstrators break through police lines around the assembly.\n\n"
        "Wire Staff | 14 March 2024\n\n"
        "Police shot dead four marchers in Dalo on Wednesday, hospital staff said."
    )
    found = mentions(text)
    assert len(found) == 1
    assert found[0].lead.text.startswith("Police shot dead four marchers")
    assert found[0].headline is not None and found[0].headline.text == "Police fire on marchers in Dalo"


def test_an_embed_and_a_photo_credit_part_no_paragraphs():
    text = (
        "Rebels killed three soldiers in raids on two outposts near Kelu on Wednesday.\n\n"
        '[video id="x1" autoplay="no"]\n\n'
        "Troops guard a road near Kelu. (Jane Roe/ Daily Photo)\n\n"
        "Officials said the rebels used mortars and rifles. Troops fired back and killed two of them."
    )
    found = mentions(text)
    assert len(found) == 1
    assert "Troops fired back" in told(found[0]) and "Jane Roe" not in told(found[0])


def test_a_summing_lede_is_told_incident_by_incident():
    text = (
        "Troops killed seven militants in two operations in the Kuro district, the army said on Tuesday.\n\n"
        "Soldiers raiding a hideout in Tamsu exchanged fire with the militants and killed six of them. "
        "A separate operation in Baram killed one more militant."
    )
    found = mentions(text)
    assert [m.lead.text[:20] for m in found] == ["Soldiers raiding a h", "A separate operation"]
    assert found[0].primary and found[0].summed_by is not None
    # The army's telling day is no event date (GUIDE 15): the summing sentence lends only the event's own day.
    assert date_options(found[0], load_questions().structure.pattern("telling_dates")) == []
    # A summing sentence that nothing details stays the article's incident.
    alone = mentions("Troops killed seven militants in two operations in the Kuro district on Monday.")
    assert len(alone) == 1 and alone[0].sums


def test_also_with_a_new_place_or_kind_of_event_is_another_incident():
    text = (
        "Rebels killed eight policemen at a checkpoint in Tamsu on Monday, officials said. "
        "The rebels also killed 14 militiamen in Baram district, a spokesman said."
    )
    assert len(mentions(text)) == 2
    same = (
        "Rebels killed eight policemen at a checkpoint in Tamsu on Monday, officials said. "
        "The rebels also killed two guards at the checkpoint."
    )
    assert len(mentions(same)) == 1


def test_later_the_same_day_opens_a_new_incident():
    text = (
        "Last Friday insurgents killed two farmers in Machava village.\n\n"
        "Later the same Friday an armed group raided an outlying district of Nangade town, killing three people."
    )
    assert len(mentions(text)) == 2


def test_a_follow_up_dated_within_or_after_the_incident_joins_it():
    text = (
        "A soldier was hurt when a pressure IED exploded in Dalo district last week.\n\n"
        "That blast took place on Thursday afternoon in a forest near Kelu, officials said.\n\n"
        "The attackers stayed near the site until troops arrived on Saturday."
    )
    found = mentions(text)
    assert len(found) == 1 and len(found[0].sentences) == 3


def test_an_undated_background_mention_with_only_a_country_is_no_record():
    text = (
        "A roadside bomb killed six policemen in Herat on Monday, officials said.\n\n"
        "Afghan forces now lead most of the fighting against the insurgents."
    )
    found = incidents(text)
    assert len(found) == 1 and found[0].locality == "Herat"


def test_a_history_paragraph_months_before_the_report_opens_no_incident_when_the_window_is_set():
    # Published 2024-03-14: "In September" is six months back, told after the lede as background. GUIDE 3 labels
    # such a background incident, so the packaged window is 0 (off); an analyst who drops history sets it.
    text = (
        "A rocket struck open ground near Dalo airport on Wednesday, officials said, adding that nobody was hurt.\n\n"
        "In September, a drone strike near the same airport killed two militia commanders, a killing that "
        "raised tensions in the region."
    )
    assert len(mentions(text)) == 2  # the packaged default keeps the background incident
    qs = load_questions()
    windowed = qs.structure.model_copy(update={"history_window_days": 120})
    found = find_mentions(
        text, published=PUBLISHED, extra_cues=qs.cue_patterns, not_events=qs.not_event, structure=windowed
    )
    assert len(found) == 1 and "rocket" in found[0].lead.text
    # A month back is recent news, not history: it still opens its own (background) mention.
    recent = text.replace("In September", "In February")
    assert (
        len(
            find_mentions(
                recent, published=PUBLISHED, extra_cues=qs.cue_patterns, not_events=qs.not_event, structure=windowed
            )
        )
        == 2
    )


def test_aggregate_waves_and_found_explosives_open_no_mention():
    text = (
        "Gunmen killed two guards at a bank in Kelu on Wednesday.\n\n"
        "At least 60 people died in the wave of anti-government protests last year.\n\n"
        "In a separate operation, troops found and removed a 10 kg IED planted on a road near Dalo."
    )
    found = mentions(text)
    assert len(found) == 1 and found[0].lead.text.startswith("Gunmen")


def test_a_month_named_this_year_is_a_date_not_a_yearly_tally():
    text = (
        "Police fired on marchers in Dalo on Wednesday, killing four.\n\n"
        "In January this year, two people died in Kelu when a rally turned violent."
    )
    assert len(mentions(text)) == 2


def test_assaults_and_a_toll_left_dead_cue_an_attack():
    text = (
        "KELU (Wire) - A gang's repeated assaults on residents of Dalo have left 30 people dead, a rights group said."
    )
    found = mentions(text)
    assert len(found) == 1 and found[0].cues[0] == "Attack"


def test_a_context_paragraph_parts_no_mention_from_its_next_sentence():
    text = (
        "Gunmen killed 30 people in Dalo on Tuesday, a rights group said.\n\n"
        "Thousands of people have fled the district since Tuesday.\n\n"
        "The gang behind the killings looted and set fire to houses. Some of the victims were shot dead."
    )
    found = mentions(text)
    assert len(found) == 1 and "Some of the victims" in told(found[0])


def test_words_of_a_statement_before_the_event_make_it_a_statement_not_after():
    statement = "Police warned on Monday that gunmen would attack villages near Kelu."
    assert mentions(statement) == []
    aftermath = (
        "Gunmen killed five traders in Kelu on Tuesday.\n\n"
        "In Dalo, the police chief said rebels attacked the district from several directions, and troops pulled "
        "out of the district office so that civilians would not be hurt."
    )
    assert len(mentions(aftermath)) == 2


def test_an_armed_group_named_for_workers_is_no_crowd():
    qs = load_questions()
    lede = "Kelu Workers' Party (KWP) militants killed three soldiers overnight in raids on army outposts in Dalo."
    found = mentions(lede, PUBLISHED)
    assert type_options(found[0], qs)[0] == "Armed clash"


def test_a_telling_phrase_with_a_long_agency_name_dates_nothing():
    text = (
        "Gunmen killed ten police officers at checkpoints in Dalo late Sunday.\n\n"
        "A council head told The Associated Press news agency on Monday that rebels had attacked checkpoints "
        "across the province."
    )
    found = mentions(text)
    assert len(found) == 1


def test_a_dash_inside_a_sentence_is_no_dateline():
    assert dateline_end("BAGHDAD - A rocket struck") == len("BAGHDAD - ")
    assert dateline_end("The attacks on Sunday and Monday in three provinces - Kuro, Baram and Dalo - show") == 0


def test_the_incidents_of_the_days_a_summing_lede_covers_are_its_news():
    text = (
        "Rebel attacks on Tuesday and Wednesday in three provinces - Kuro, Baram and Dalo - killed 30 soldiers.\n\n"
        "In Kuro province, rebels overran a checkpoint on Tuesday night, killing 17 soldiers.\n\n"
        "In Baram province, five soldiers were killed in an ambush on Wednesday morning near Tamsu.\n\n"
        "In 2019, a bomb killed nine people at a base in Dalo."
    )
    found = mentions(text)
    assert [m.lead.text[:16] for m in found] == ["In Kuro province", "In Baram provinc", "In 2019, a bomb "]
    assert found[0].primary and found[1].listed
    assert not found[2].primary  # history (GUIDE 3: a dated background incident, primary false)


def test_a_wire_caption_ending_on_its_date_is_furniture():
    text = (
        "Gunmen killed 30 people in Dalo on Tuesday, a rights group said.\n\n"
        "Families displaced by the recent gang attacks in the Kelu district of Dalo, March 10, 2024.\n\n"
        "Thousands fled on foot."
    )
    found = mentions(text)
    assert len(found) == 1 and "Families displaced" not in told(found[0])


def test_a_sentence_striking_another_town_opens_that_towns_incident():
    text = (
        "Artillery shelled Kherson overnight on Wednesday, killing a man near the market. "
        "A school was hit in Bilozerka, where a guard was wounded."
    )
    found = mentions(text)
    assert len(found) == 2
    assert found[1].lead.text.startswith("A school was hit in Bilozerka") and found[1].in_roundup
    assert "Shelling/artillery/missile attack" in found[1].cues


def test_a_sentence_striking_the_same_town_continues_its_incident():
    text = (
        "Artillery shelled Kherson overnight on Wednesday, killing a man near the market. "
        "A school was also hit in Kherson, officials said."
    )
    assert len(mentions(text)) == 1


@pytest.mark.parametrize(
    "text, second",
    [
        (
            "Gunmen killed four farmers in Dalo on Wednesday, residents said.\n\n"
            "In another village, two herders were shot dead by the same group.",
            "In another village",
        ),
        (  # an Arabic turn to another front
            "قتل خمسة مدنيين في قصف مدفعي على مدينة الفاشر يوم الثلاثاء.\n\n"
            "من جهة أخرى، نصبت قوة من الجيش كميناً لمسلحين قرب بلدة أخرى.",
            "من جهة أخرى",
        ),
    ],
    ids=["another-village", "arabic-another-front"],
)
def test_another_village_or_front_opens_another_incident(text: str, second: str):
    found = mentions(text)
    assert len(found) == 2 and found[1].lead.text.startswith(second)


def test_an_event_near_a_village_the_incident_has_not_named_opens_another():
    # the gazetteer lacks both villages; their place word says they are settlements, never a part of Pemba
    text = (
        "Insurgents killed four fishermen near Pemba on Tuesday, police said.\n\n"
        "They were attacked as they walked home along the coast road.\n\n"
        "A fifth man was seized by the attackers near Kitundawe village and beheaded. He was cutting grass."
    )
    found = mentions(text)
    assert [m.lead.text[:12] for m in found] == ["Insurgents k", "A fifth man "]
    assert told(found[1]).endswith("He was cutting grass.")


def test_a_district_of_the_town_told_opens_no_other_incident():
    # a district or a neighbourhood may lie inside the town told: the same incident, placed more finely
    text = (
        "Gunmen shot dead six guests at a party in Pemba on Saturday, police said.\n\n"
        "Two more guests were shot dead in the Ngalawezi district of the city as they fled."
    )
    assert [m.lead.text[:12] for m in mentions(text)] == ["Gunmen shot "]

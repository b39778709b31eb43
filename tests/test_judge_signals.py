"""The judge's signals read from the article's words (extractor.judge.field_signals with a Layout): competing type
cues, several weapon words, a count by a tally word, a phrase cut mid-way or one bare word, the chosen option.
Articles here are invented."""

from __future__ import annotations

from _judge_support import attack_record, span_in

from extractor.judge import JUDGED_FIELDS, Layout, Weights, field_signals, judge
from extractor.schemas import Evidence, Incident

TEXT = (
    "Militia raid leaves farmers dead\n\n"
    "Armed men stormed the hamlet of Orveld on Friday and opened fire with rifles and threw grenades at farmers, "
    "killing three, while protesters later marched through the square.\n\n"
    "The toll from the fighting this year has risen to 210, officials said.\n"
)


def span(quote: str) -> Evidence:
    return span_in(TEXT, quote)


def record(**changes) -> Incident:
    values = {
        "locality": "Orveld",
        "perpetrator": "Armed men",
        "target": "farmers",
        "weapon": "grenade",
        "killed": 3,
        "evidence": {
            "sub_event_type": span("stormed"),
            "date": span("on Friday"),
            "locality": span("Orveld"),
            "perpetrator": span("Armed men"),
            "target": span("farmers,"),
            "weapon": span("grenades"),
            "killed": span("killing three"),
        },
    }
    return attack_record(values, changes)


def signals(incident: Incident, layout: Layout | None = None) -> dict[str, dict[str, float]]:
    return field_signals(incident, {}, article=[incident], layout=layout if layout is not None else Layout(TEXT))


def test_without_the_text_no_word_signal_is_read():
    words = ("type:", "weapon:", "count:", "phrase:")
    found = field_signals(record(), {}, article=[record()])
    assert not [s for f in found.values() for s in f if s.startswith(words)]


def test_other_types_cued_in_the_incidents_sentence_compete():
    found = signals(record())
    # "opened fire" and "marched" cue types other than the chosen one
    assert found["sub_event_type"]["type:competing"] >= 1
    assert found["event_type"]["type:competing"] == found["sub_event_type"]["type:competing"]
    assert "type:uncued" not in found["sub_event_type"]


def test_a_type_its_sentence_does_not_cue_is_a_signal():
    found = signals(record(sub_event_type="Sexual violence"))
    assert found["sub_event_type"]["type:uncued"] == 1.0


def test_several_weapon_words_and_an_unread_weapon():
    assert signals(record())["weapon"]["weapon:several"] >= 1  # rifles besides the grenade
    assert signals(record(weapon=None))["weapon"]["unread:sentence"] == 1.0
    calm = "Armed men stormed the hamlet of Orveld on Friday."
    layout = Layout(calm)
    incident = record(evidence={"sub_event_type": Evidence(quote="stormed", start=10, end=17, alignment="exact")})
    assert "weapon:several" not in field_signals(incident, {}, article=[incident], layout=layout)["weapon"]


def test_a_count_by_a_tally_word_is_a_running_toll():
    toll = record(killed=210, evidence={**record().evidence, "killed": span("risen to 210")})
    assert signals(toll)["killed"]["count:tally"] == 1.0
    assert "count:tally" not in signals(record())["killed"]


def test_a_count_its_size_and_the_other_counts_beside_it():
    toll = record(killed=210, evidence={**record().evidence, "killed": span("risen to 210")})
    assert signals(toll)["killed"]["count:size"] > signals(record())["killed"]["count:size"] > 0
    assert "count:several" not in signals(toll)["killed"]  # one number in that sentence
    assert "count:size" not in signals(record(killed=0))["killed"]


def test_a_sentence_of_dying_with_no_count_is_a_count_left_unread():
    assert signals(record(killed=None))["killed"]["unread:sentence"] == 1.0  # "killing three"
    assert "unread:sentence" not in signals(record())["killed"]  # the record has its count
    assert "unread:sentence" not in signals(record(injured=None))["injured"]  # nobody is said to be hurt
    hurt = "Armed men stormed the hamlet of Orveld on Friday.\n\nNine villagers were wounded."
    layout = Layout(hurt)
    incident = record(
        injured=None, evidence={"sub_event_type": Evidence(quote="stormed", start=10, end=17, alignment="exact")}
    )
    found = field_signals(incident, {}, article=[incident], layout=layout)
    assert "unread:paragraph" not in found["injured"]  # another paragraph
    same = Layout(hurt.replace("\n\n", " "))
    assert field_signals(incident, {}, article=[incident], layout=same)["injured"]["unread:paragraph"] == 1.0


def test_a_phrase_cut_mid_way_and_a_bare_word():
    assert signals(record(target="a convoy of"))["target"]["phrase:fragment"] == 1.0
    assert signals(record(target="farmers and"))["target"]["phrase:fragment"] == 1.0
    assert "phrase:fragment" not in signals(record(target="a group of farmers"))["target"]
    assert signals(record())["target"]["phrase:bare"] == 1.0
    assert "phrase:bare" not in signals(record(target="local farmers"))["target"]


def test_the_chosen_option_is_a_signal_of_its_fields():
    found = signals(record(date_precision="month"))
    assert found["date_precision"]["option:month"] == 1.0
    assert found["sub_event_type"]["option:Attack"] == 1.0
    assert "option:Attack" not in found["killed"]


def test_judge_reads_the_word_signals_from_its_text():
    weights = {"intercepts": {f: {"value": -5.0, "null": -5.0} for f in JUDGED_FIELDS}, "threshold": 0.5}
    plain = Weights.from_dict({**weights, "weights": {}})
    doubt = Weights.from_dict({**weights, "weights": {"weapon:several": 10.0}})
    assert "weapon" not in judge([record()], TEXT, weights=plain)[0].review_fields
    assert "weapon" in judge([record()], TEXT, weights=doubt)[0].review_fields


def test_a_close_call_between_options_is_its_own_signal():
    close = signals(record(choice_probability={"target": 0.6}))["target"]
    sure = signals(record(choice_probability={"target": 0.9}))["target"]
    assert close["choice:close"] == 1.0 and "choice:close" not in sure
    assert close["choice:doubt"] > sure["choice:doubt"] > 0

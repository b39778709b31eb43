"""The judge's role signal (extractor.judge.field_signals with a Layout): how far a place or actor value stands
from the cue word of the record's type in the same sentence. Articles here are invented."""

from __future__ import annotations

import math

from _judge_support import attack_record, span_in

from extractor.judge import Layout, field_signals
from extractor.schemas import Evidence, Incident

TEXT = (
    "Raiders strike Varna province\n\n"
    "Raiders attacked the market of Orveld on Friday, while officials in the distant town of Kessin, who had "
    "warned of the danger for many weeks, met the governor.\n\n"
    "Residents of Orveld said the attackers carried rifles.\n"
)
SENTENCE = TEXT[TEXT.index("Raiders attacked") : TEXT.index("governor.") + len("governor.")]


def span(quote: str, after: str = "") -> Evidence:
    return span_in(TEXT, quote, after=after)


def record(**changes) -> Incident:
    values = {
        "date_text": "on Friday",
        "admin1": "Varna",
        "locality": "Orveld",
        "site": "the market of Orveld",
        "perpetrator": "Raiders",
        "target": "officials",
        "evidence": {
            "sub_event_type": span(SENTENCE),  # the type quote is the whole sentence: the cue word is inside
            "date": span("on Friday"),
            "locality": span("Kessin"),
            "site": span("the market of Orveld"),
            "perpetrator": span("Raiders", after="\n\n"),
            "target": span("officials"),
        },
    }
    return attack_record(values, changes)


def signals(incident: Incident) -> dict[str, dict[str, float]]:
    return field_signals(incident, {}, article=[incident], layout=Layout(TEXT))


def test_distance_is_counted_from_the_cue_word_not_the_type_quote():
    found = signals(record())
    cue_end = TEXT.index("attacked") + len("attacked")
    assert math.isclose(found["perpetrator"]["role:distance"], math.log10(2))  # "Raiders attacked": one space
    assert found["site"]["role:distance"] <= math.log10(1 + 4)  # "attacked the market": beside the verb
    far = TEXT.index("Kessin") - cue_end  # the whole type quote would give 0: it covers the value
    assert math.isclose(
        found["locality"]["role:distance"], math.log10(1 + far), abs_tol=0.02
    )  # the cue may be "attack"
    assert found["locality"]["role:distance"] > found["target"]["role:distance"] > found["site"]["role:distance"]


def test_no_distance_for_a_value_in_another_sentence_an_empty_field_or_no_cue_word():
    other = record(evidence={**record().evidence, "locality": span("Orveld", after="Residents")})
    assert "role:distance" not in signals(other)["locality"]  # another sentence: its source says so already
    assert "role:distance" not in signals(record(target=None))["target"]
    headline = span("Raiders strike Varna province")  # no cue word of an attack in it
    uncued = record(evidence={**record().evidence, "sub_event_type": headline})
    assert not any("role:distance" in uncued_signals for uncued_signals in signals(uncued).values())


def test_only_place_and_actor_fields_take_the_distance():
    found = signals(record())
    assert {name for name, present in found.items() if "role:distance" in present} == {
        "locality",
        "site",
        "perpetrator",
        "target",
    }

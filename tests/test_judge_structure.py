"""The judge's structural signals (extractor.judge.field_signals with a Layout): a field left empty in a type of
event that usually names it, a locality that is its region's namesake or the headline's place. Articles here are
invented."""

from __future__ import annotations

from _judge_support import attack_record, span_in

from extractor.judge import Layout, field_signals
from extractor.schemas import Evidence, Incident

TEXT = (
    "Raiders strike Varna province\n\n"
    "VARNA, May 3 - Raiders attacked the hamlets of Orveld and Kessin on Friday, killing two in Orveld and one in "
    "Kessin.\n\n"
    "Residents said the attackers carried rifles.\n"
)


def span(quote: str) -> Evidence:
    return span_in(TEXT, quote)


def record(**changes) -> Incident:
    values = {
        "date_text": "on Friday",
        "admin1": "Varna",
        "locality": "Orveld",
        "perpetrator": "Raiders",
        "killed": 2,
        "evidence": {
            "sub_event_type": span("attacked"),
            "date": span("on Friday"),
            "locality": span("Orveld"),
            "perpetrator": span("Raiders attacked"),
            "killed": span("killing two"),
        },
    }
    return attack_record(values, changes)


def signals(incident: Incident, article: list[Incident] | None = None) -> dict[str, dict[str, float]]:
    return field_signals(incident, {}, article=article or [incident], layout=Layout(TEXT))


def test_an_empty_field_is_marked_with_its_event_type():
    found = signals(record(target=None, weapon=None))
    assert found["target"]["empty:Violence against civilians"] == 1.0
    assert found["weapon"]["empty:Violence against civilians"] == 1.0
    assert not [s for s in found["locality"] if s.startswith("empty:")]  # it holds a value
    assert not [s for name in ("event_type", "sub_event_type", "primary") for s in found[name] if "empty:" in s]


def test_a_locality_named_like_its_region_or_in_the_headline():
    found = signals(record(locality="Varna", evidence={**record().evidence, "locality": span("VARNA")}))
    assert found["locality"]["place:admin1_namesake"] == 1.0
    assert found["locality"]["place:in_preamble"] == 1.0  # the headline and the dateline name it
    village = signals(record())["locality"]
    assert "place:admin1_namesake" not in village and "place:in_preamble" not in village
    assert not [s for s in signals(record(locality=None))["locality"] if s.startswith("place:")]

"""From a draft to typed incidents, without a model: grounding, normalization, plausibility checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from extractor.article import Article
from extractor.pipeline import ArticleContext, build_incidents
from extractor.schemas import JUDGE_FIELDS, ExtractionDraft

TEXT = (Path(__file__).resolve().parents[1] / "examples" / "airport_rocket.txt").read_text(encoding="utf-8")
MAIN = {
    "primary": True,
    "event_type": "Explosions/Remote violence",
    "sub_event_type": "Shelling/artillery/missile attack",
    "type_quote": "A Katyusha rocket struck open ground close to Baghdad airport",
    "date_text": "on Monday",
    "country": "Iraqi",
    "locality": "Baghdad",
    "site": "Baghdad airport",
    "attributed_to": "Iran-backed militia groups",
    "weapon": "Katyusha rocket",
    "killed": "no casualties",
    "injured": "no casualties",
}


def context(text: str = TEXT, published: str | None = "2020-06-23", **kwargs) -> ArticleContext:
    return ArticleContext(Article.create(text, published=published, article_id="t"), **kwargs)


def build(*incidents: dict, ctx: ArticleContext | None = None):
    return build_incidents(ExtractionDraft.model_validate({"incidents": list(incidents)}), ctx or context())


def test_the_typical_wire_report_becomes_one_normalized_record():
    (incident,) = build(MAIN)
    assert incident.sub_event_type == "Shelling/artillery/missile attack"
    assert incident.date == dt.date(2020, 6, 22) and incident.date_precision == "day"
    assert (incident.country, incident.locality, incident.admin1) == ("IQ", "Baghdad", "Baghdad")
    assert incident.site == "Baghdad airport" and incident.weapon == "rocket"
    assert (incident.killed, incident.injured) == (0, 0)
    assert incident.attributed_to == "Iran-backed militia groups"
    assert incident.latitude == pytest.approx(33.34, abs=0.1) and incident.geonameid is not None


def test_every_non_null_field_has_evidence_that_slices_the_text():
    (incident,) = build(MAIN)
    for name, value in incident.model_dump(exclude={"evidence", "notes", *JUDGE_FIELDS}).items():
        if value is not None and name != "date_precision":
            assert name in incident.evidence, name
    for name, evidence in incident.evidence.items():
        assert TEXT[evidence.start : evidence.end] == evidence.quote, name
    assert incident.evidence["date"].derived and incident.evidence["date"].quote == "on Monday"
    assert incident.evidence["weapon"].quote == "Katyusha rocket"


def test_country_derived_from_the_locality_points_at_the_locality():
    (incident,) = build({**MAIN, "country": None})
    assert incident.country == "IQ"
    assert incident.evidence["country"].derived and incident.evidence["country"].quote == "Baghdad"


def test_relative_dates_stay_unresolved_without_a_publication_date():
    (incident,) = build(MAIN, ctx=context(published=None))
    assert incident.date is None and incident.date_precision == "unknown"
    assert incident.date_text == "on Monday"
    assert any("publication date" in note for note in incident.notes)


def test_ungrounded_values_are_dropped_by_default():
    (incident,) = build({**MAIN, "site": "Baghdad central prison"})
    assert incident.site is None and "site" not in incident.evidence
    assert any("ungrounded site" in note for note in incident.notes)


def test_ungrounded_values_can_be_kept_flagged():
    (incident,) = build({**MAIN, "site": "Baghdad central prison"}, ctx=context(ungrounded="flag"))
    assert incident.site == "Baghdad central prison" and "site" not in incident.evidence
    assert any(note.startswith("ungrounded site") for note in incident.notes)


def test_ungrounded_values_can_be_reasked_then_dropped_when_reasks_are_spent():
    ctx = context(ungrounded="reask", reasks_allowed=1)
    with pytest.raises(ValueError, match="does not occur in the article"):
        build({**MAIN, "site": "Baghdad central prison"}, ctx=ctx)
    (incident,) = build({**MAIN, "site": "Baghdad central prison"}, ctx=ctx)
    assert incident.site is None


def test_a_main_event_without_date_or_place_is_reasked_then_kept_with_a_note():
    bare = {
        "primary": True,
        "sub_event_type": "Shelling/artillery/missile attack",
        "type_quote": "A Katyusha rocket struck open ground",
    }
    ctx = context(reasks_allowed=1)
    with pytest.raises(ValueError, match="neither a date nor a place"):
        build(bare, ctx=ctx)
    (incident,) = build(bare, ctx=ctx)
    assert any("neither a date nor a place" in note for note in incident.notes)


def test_background_incidents_may_lack_date_and_place():
    (incident,) = build(
        {
            "primary": False,
            "sub_event_type": "Air/drone strike",
            "type_quote": "a U.S. drone strike near the same airport killed a senior Iranian commander",
        }
    )
    assert incident.primary is False and incident.notes == []


def test_without_a_type_quote_the_weapon_words_support_the_type():
    (incident,) = build({**MAIN, "type_quote": None})
    assert incident.evidence["sub_event_type"].quote == "Katyusha rocket"
    assert incident.evidence["sub_event_type"].derived


def test_a_type_resting_on_nothing_in_the_text_is_reasked_then_noted():
    bare = {"primary": False, "sub_event_type": "Attack"}
    ctx = context(reasks_allowed=1)
    with pytest.raises(ValueError, match="type_quote is missing"):
        build(bare, ctx=ctx)
    (incident,) = build(bare, ctx=ctx)
    assert any("type_quote is missing" in note for note in incident.notes)


def test_vague_counts_become_null_with_the_words_kept():
    text = "Dozens of people were wounded when shells hit a market in Kharkiv on Friday."
    draft = {
        "primary": True,
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "date_text": "on Friday",
        "locality": "Kharkiv",
        "injured": "Dozens of people",
        "weapon": "shells",
    }
    (incident,) = build(draft, ctx=context(text, published="2022-05-09"))
    assert incident.injured is None and any("Dozens" in note for note in incident.notes)
    assert incident.country == "UA" and incident.date == dt.date(2022, 5, 6)


def test_offsets_are_character_offsets_in_non_ascii_text():
    text = (
        "Des hommes armés ont tué trois civils à Ségou, au Mali, lundi. Three civilians were killed in Ségou on Monday."
    )
    draft = {
        "primary": True,
        "event_type": "Violence against civilians",
        "sub_event_type": "Attack",
        "locality": "Ségou",
        "date_text": "on Monday",
        "killed": "Three civilians",
    }
    (incident,) = build(draft, ctx=context(text, published="2021-04-14"))
    evidence = incident.evidence["locality"]
    assert text[evidence.start : evidence.end] == "Ségou" and incident.country == "ML"
    assert incident.killed == 3 and incident.date == dt.date(2021, 4, 12)

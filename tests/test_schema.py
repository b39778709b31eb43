from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from extractor.schemas import (
    EVENT_TYPES,
    ArticleExtraction,
    Evidence,
    ExtractionDraft,
    Incident,
    IncidentDraft,
    Provenance,
)

BASE = {
    "primary": True,
    "event_type": "Explosions/Remote violence",
    "sub_event_type": "Shelling/artillery/missile attack",
}


@pytest.mark.parametrize("event_type, sub_event_type", [(e, s) for e, subs in EVENT_TYPES.items() for s in subs])
def test_every_sub_event_type_is_accepted_under_its_event_type(event_type, sub_event_type):
    assert Incident(primary=True, event_type=event_type, sub_event_type=sub_event_type).sub_event_type == sub_event_type


def test_sub_event_type_outside_its_event_type_is_rejected():
    with pytest.raises(ValidationError, match="Armed clash"):
        Incident(primary=True, event_type="Battles", sub_event_type="Grenade")


def test_drafts_ask_only_for_the_sub_event_type_so_the_pair_cannot_disagree():
    draft = IncidentDraft(primary=True, sub_event_type="Grenade")
    assert draft.event_type == "Explosions/Remote violence"
    assert "event_type" not in IncidentDraft.model_json_schema()["properties"]


def test_unknown_vocabulary_is_rejected():
    with pytest.raises(ValidationError):
        Incident(**{**BASE, "sub_event_type": "Rocket attack"})
    with pytest.raises(ValidationError):
        Incident(**BASE, weapon="katyusha")


@pytest.mark.parametrize("field", ["killed", "injured"])
def test_negative_counts_are_rejected(field):
    with pytest.raises(ValidationError):
        Incident(**BASE, **{field: -1})


def test_zero_and_null_are_different_values():
    assert Incident(**BASE, killed=0).killed == 0
    assert Incident(**BASE).killed is None


@pytest.mark.parametrize("code, ok", [("IQ", True), ("XK", True), ("iq", False), ("Iraq", False), ("ZZ", False)])
def test_country_must_be_iso_alpha2(code, ok):
    if ok:
        assert Incident(**BASE, country=code).country == code
    else:
        with pytest.raises(ValidationError, match="ISO 3166-1"):
            Incident(**BASE, country=code)


def test_date_after_publication_is_rejected_with_context_and_in_the_article():
    with pytest.raises(ValidationError, match="after the publication date"):
        Incident.model_validate({**BASE, "date": "2020-06-24"}, context={"published": dt.date(2020, 6, 23)})
    incident = Incident(**BASE, date=dt.date(2020, 6, 24))
    provenance = Provenance(backend="local", model="m", prompt_hash="h", prompt_version="v")
    with pytest.raises(ValidationError, match="after the publication date"):
        ArticleExtraction(article_id="a", published=dt.date(2020, 6, 23), incidents=[incident], provenance=provenance)


def test_evidence_offsets_must_be_ordered():
    with pytest.raises(ValidationError):
        Evidence(quote="x", start=5, end=2, alignment="exact")


def test_round_trip_through_json():
    provenance = Provenance(backend="local", model="m", prompt_hash="h", prompt_version="v")
    record = ArticleExtraction(
        article_id="a",
        published=dt.date(2020, 6, 23),
        provenance=provenance,
        incidents=[Incident(**BASE, date=dt.date(2020, 6, 22), killed=0, country="IQ")],
    )
    assert ArticleExtraction.model_validate_json(record.model_dump_json()) == record


def test_public_field_names_are_stable():
    # A contract: evaluations and exports read these names. Adding is fine; renaming breaks users.
    assert {"article_id", "published", "source", "incidents", "provenance"} <= set(ArticleExtraction.model_fields)
    assert {
        "primary",
        "event_type",
        "sub_event_type",
        "date",
        "date_text",
        "date_precision",
        "country",
        "admin1",
        "locality",
        "site",
        "perpetrator",
        "claimed_by",
        "attributed_to",
        "target",
        "weapon",
        "killed",
        "injured",
    } <= set(Incident.model_fields)
    assert {"backend", "model", "prompt_hash", "schema_version", "usage", "attempts", "duration_s"} <= set(
        Provenance.model_fields
    )


def test_draft_caps_nothing_but_validates_types():
    draft = ExtractionDraft.model_validate({"incidents": [{**BASE, "killed": "no casualties"}]})
    assert draft.incidents[0].event_type == BASE["event_type"]
    assert draft.incidents[0].killed == "no casualties"

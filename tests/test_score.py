"""Scorer tests: hand-computed metrics on small constructed cases, plus hypothesis properties."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.evals.gold import GoldArticle
from extractor.evals.matching import (
    align,
    field_outcomes,
    fold_plural,
    normalize_text,
    similarity,
    text_equal,
)
from extractor.evals.score import SCORED_FIELDS, load_predictions, score
from extractor.schemas import EVENT_TYPES, ArticleExtraction, Incident, Provenance

PROV = Provenance(backend="test", model="m", prompt_hash="0" * 16, prompt_version="0" * 12)


def inc(**kw) -> Incident:
    base = dict(
        primary=True,
        event_type="Battles",
        sub_event_type="Armed clash",
        date=dt.date(2021, 3, 4),
        country="IQ",
        admin1="Baghdad",
        locality="Abu Ghraib",
    )
    base.update(kw)
    return Incident(**base)


def gold_set(articles: dict[str, list[Incident]]) -> dict[str, tuple[GoldArticle, str]]:
    return {
        aid: (GoldArticle(article_id=aid, style="wire", split="dev", incidents=incs), f"text of {aid}")
        for aid, incs in articles.items()
    }


def preds(articles: dict[str, list[Incident]]) -> dict[str, ArticleExtraction]:
    return {aid: ArticleExtraction(article_id=aid, incidents=incs, provenance=PROV) for aid, incs in articles.items()}


A = inc(perpetrator="the Iraqi army", killed=3)
B = inc(
    primary=False,
    event_type="Explosions/Remote violence",
    sub_event_type="Air/drone strike",
    date=dt.date(2021, 2, 1),
    admin1="Nineveh",
    locality="Mosul",
    weapon="aircraft",
)
C = inc(
    event_type="Protests",
    sub_event_type="Peaceful protest",
    date=dt.date(2021, 1, 10),
    locality="Basra",
    admin1="Basra",
)
D = inc(
    event_type="Riots",
    sub_event_type="Mob violence",
    date=dt.date(2020, 6, 1),
    country="SY",
    admin1="Aleppo",
    locality="Aleppo",
)


# --- normalization and field rules ---------------------------------------------------------------


def test_normalize_text():
    assert normalize_text("The  Iraqi-Army.") == "iraqi army"
    assert normalize_text("Hénin-Beaumont") == "henin beaumont"
    assert normalize_text("Ta'izz") == normalize_text("Taizz") == "taizz"
    assert normalize_text("an Nasiriyah") == "nasiriyah"
    assert normalize_text("Theodore") == "theodore"  # only a whole leading word is an article
    assert normalize_text("the") == "the"
    assert normalize_text("Iğdır") == normalize_text("Igdir") == "igdir"  # dotless i: a letter NFKD keeps whole
    assert normalize_text("Łódź") == "lodz"


def test_near_miss_names_match_and_different_names_do_not():
    assert text_equal(normalize_text("Abu Ghraib"), normalize_text("Abu Ghuraib"))
    assert text_equal(normalize_text("the Iraqi army"), normalize_text("Iraqi army"))
    assert not text_equal(normalize_text("Fallujah"), normalize_text("Ramadi"))
    outcomes = field_outcomes(
        inc(locality="Abu Ghraib", perpetrator="the Iraqi army", target="Fallujah"),
        inc(locality="Abu Ghuraib", perpetrator="Iraqi army", target="Ramadi"),
    )
    assert outcomes["locality"] == "TP" and outcomes["perpetrator"] == "TP" and outcomes["target"] == "FD"


def test_actors_are_compared_by_the_name_extraction_gives_them():
    outcomes = field_outcomes(
        inc(perpetrator="ISWAP fighters", claimed_by="RSF fighters", attributed_to="ISWAP"),
        inc(perpetrator="Islamic State West Africa Province", claimed_by="Rapid Support Forces", attributed_to="Hamas"),
    )
    assert (outcomes["perpetrator"], outcomes["claimed_by"], outcomes["attributed_to"]) == ("TP", "TP", "FD")


def test_null_versus_zero_is_fa_or_fn():
    gold = [inc(killed=0, injured=None), inc(locality="Mosul", killed=5, injured=2)]
    pred = [inc(killed=None, injured=0), inc(locality="Mosul", killed=5, injured=2)]
    report = score(preds({"x": pred}), gold_set({"x": gold}), bootstrap=0)
    killed, injured = report.fields["killed"], report.fields["injured"]
    assert (killed.TP, killed.TN, killed.FA, killed.FN, killed.FD) == (1, 0, 0, 1, 0)
    assert (killed.accuracy, killed.precision, killed.recall) == (0.5, 1.0, 0.5)  # 1/2, 1/(1+0+0), 1/(1+1+0)
    assert (injured.TP, injured.FA, injured.FN) == (1, 1, 0)
    assert (injured.accuracy, injured.precision, injured.recall) == (0.5, 0.5, 1.0)


def test_off_by_one_date_wrong_but_within_a_day():
    one_off = field_outcomes(inc(date=dt.date(2021, 3, 4)), inc(date=dt.date(2021, 3, 5)))
    assert one_off["date"] == "FD" and one_off["date_pm1"] == "TP"
    two_off = field_outcomes(inc(date=dt.date(2021, 3, 4)), inc(date=dt.date(2021, 3, 6)))
    assert two_off["date"] == "FD" and two_off["date_pm1"] == "FD"
    report = score(preds({"x": [inc(date=dt.date(2021, 3, 3))]}), gold_set({"x": [inc()]}), bootstrap=0)
    assert report.records.matched == 1
    assert report.fields["date"].accuracy == 0.0 and report.fields["date_pm1"].accuracy == 1.0


def test_place_levels_are_hierarchical():
    out = field_outcomes(inc(locality="Sadr City"), inc(locality=None))
    assert (out["country"], out["admin1"], out["locality"]) == ("TP", "TP", "FN")
    assert out["place_admin1"] == "TP" and out["place_locality"] == "FD"
    out = field_outcomes(inc(country=None, admin1=None, locality=None), inc(country=None, admin1=None, locality=None))
    assert out["place_locality"] == "TN"
    out = field_outcomes(inc(country=None, admin1=None, locality=None), inc())
    assert out["place_admin1"] == "FA"


def test_singular_and_plural_actor_forms_compare_alike():
    assert text_equal(normalize_text("jihadists"), normalize_text("jihadist fighters"))
    assert text_equal(normalize_text("gunmen"), normalize_text("a gunman"))
    assert text_equal(normalize_text("Iran-backed militias"), normalize_text("Iran-backed militia groups"))
    assert normalize_text("the security forces") == normalize_text("security force") == "security force"
    outcomes = field_outcomes(
        inc(perpetrator="jihadists", target="army posts", attributed_to="suspected militants"),
        inc(perpetrator="jihadist fighters", target="an army post", attributed_to="suspected militant"),
    )
    assert outcomes["perpetrator"] == outcomes["target"] == outcomes["attributed_to"] == "TP"
    # Folding makes number irrelevant, not meaning: different actors still differ.
    assert not text_equal(normalize_text("jihadists"), normalize_text("soldiers"))
    assert field_outcomes(inc(perpetrator="rebels"), inc(perpetrator="soldiers"))["perpetrator"] == "FD"


def test_fold_plural_rules_and_exceptions():
    folded = {w: fold_plural(w) for w in (
        "fighters", "militaries", "clashes", "churches", "boxes", "men", "policemen", "women", "houses",
        "police", "news", "series", "press", "campus", "tunis", "hamas", "yemen", "gas", "army",
    )}  # fmt: skip
    assert folded == {
        "fighters": "fighter", "militaries": "military", "clashes": "clash", "churches": "church",
        "boxes": "box", "men": "man", "policemen": "policeman", "women": "woman", "houses": "house",
        "police": "police", "news": "news", "series": "series", "press": "press", "campus": "campus",
        "tunis": "tunis", "hamas": "hamas", "yemen": "yemen", "gas": "gas", "army": "army",
    }  # fmt: skip
    # Place names pass through the same folding on both sides, so equal names stay equal.
    assert text_equal(normalize_text("Homs"), normalize_text("Homs"))
    assert not text_equal(normalize_text("Homs"), normalize_text("Hama"))


# --- alignment and record detection ---------------------------------------------------------------


def test_swapped_incident_order_scores_the_same():
    gold = gold_set({"x": [A, B]})
    straight = score(preds({"x": [A, B]}), gold, bootstrap=50)
    swapped = score(preds({"x": [B, A]}), gold, bootstrap=50)
    assert straight.fields == swapped.fields and straight.records == swapped.records
    assert swapped.records.f1 == 1.0
    assert [(p.gold, p.pred) for p in swapped.articles["x"].pairs] == [(0, 1), (1, 0)]


def test_missing_and_extra_incident_by_hand():
    # x: gold A B C, predicted A B D -> 2 matched, C missed, D a false positive.
    # y: gold A, no prediction at all -> 1 more missed.
    report = score(preds({"x": [A, B, D]}), gold_set({"x": [A, B, C], "y": [A]}), bootstrap=0)
    r = report.records
    assert (r.matched, r.false_positives, r.missed) == (2, 1, 2)
    assert r.precision == round(2 / 3, 4) and r.recall == 0.5
    assert r.f1 == round(2 * 2 / (2 * 2 + 1 + 2), 4)  # 0.5714
    assert report.missing_predictions == ["y"]
    assert report.articles["x"].missed == [2] and report.articles["x"].false_positives == [2]
    assert report.articles["y"].missed == [0] and not report.articles["y"].has_prediction
    assert report.fields["event_type"].n == 2  # field metrics are over matched pairs only


def test_below_minimum_similarity_is_not_matched():
    far = inc(date=dt.date(2020, 1, 1), country="SY", admin1="Idlib", locality="Idlib")  # same sub-event type only
    assert similarity(A, far) == pytest.approx(0.4)
    assert align([A], [far]) == ([], [0], [0])
    wrong_type = inc(event_type="Violence against civilians", sub_event_type="Attack")  # same date and place
    assert similarity(A, wrong_type) == pytest.approx(0.6)
    assert [p[:2] for p in align([A], [wrong_type])[0]] == [(0, 0)]


def test_primary_only_view_filters_both_sides_and_keeps_original_indices():
    gold = gold_set({"x": [B, A]})  # B is background, A primary
    both = score(preds({"x": [A]}), gold, bootstrap=0)
    assert (both.records.matched, both.records.missed) == (1, 1)
    primary = score(preds({"x": [B, A]}), gold, primary_only=True, bootstrap=0)
    assert primary.view == "primary"
    assert (primary.records.matched, primary.records.missed, primary.records.false_positives) == (1, 0, 0)
    assert [(p.gold, p.pred) for p in primary.articles["x"].pairs] == [(1, 1)]


def test_report_is_deterministic_rounded_and_json_serializable():
    gold = gold_set({f"a{i}": [A, B] if i % 2 else [C] for i in range(6)})
    pred = preds({f"a{i}": [A] if i % 3 else [C, D] for i in range(6)})
    first, second = score(pred, gold, seed=7), score(pred, gold, seed=7)
    assert first.model_dump_json() == second.model_dump_json()
    dumped = json.loads(first.model_dump_json())
    assert set(dumped) >= {"records", "fields", "articles", "thresholds", "bootstrap", "missing_predictions"}
    assert list(dumped["fields"]) == list(SCORED_FIELDS)  # schema fields, then the ACLED coding fields
    lo, hi = dumped["records"]["f1_ci"]
    assert 0 <= lo <= dumped["records"]["f1"] <= hi <= 1
    for value in (dumped["records"]["precision"], *dumped["fields"]["date"]["accuracy_ci"]):
        assert value == round(value, 4)
    assert first.articles["a1"].field_counts["date"].TP == 1


def test_load_predictions(tmp_path):
    path = tmp_path / "p.jsonl"
    good = preds({"x": [A]})["x"].model_dump_json()
    path.write_text(good + "\n\n" + preds({"y": []})["y"].model_dump_json() + "\n")
    loaded = load_predictions(path)
    assert list(loaded) == ["x", "y"] and loaded["x"].incidents[0] == A
    path.write_text(good + '\n{"article_id": "z"}\n')
    with pytest.raises(ValueError, match="line 2"):
        load_predictions(path)
    path.write_text(good + "\nnot json\n")
    with pytest.raises(ValueError, match="line 2"):
        load_predictions(path)
    path.write_text(good + "\n" + good + "\n")
    with pytest.raises(ValueError, match="duplicate"):
        load_predictions(path)


# --- properties -------------------------------------------------------------------------------------

_texts = st.sampled_from([None, "Baghdad", "the Iraqi army", "Abu Ghraib", "Mosul", "ISIS", "civilians", "—"])


@st.composite
def incidents(draw) -> Incident:
    event_type = draw(st.sampled_from(sorted(EVENT_TYPES)))
    return Incident(
        primary=draw(st.booleans()),
        event_type=event_type,
        sub_event_type=draw(st.sampled_from(EVENT_TYPES[event_type])),
        date=draw(st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2020, 1, 8)))),
        date_precision=draw(st.sampled_from(["day", "week", "unknown"])),
        country=draw(st.sampled_from([None, "IQ", "SY"])),
        **{
            f: draw(_texts)
            for f in ("admin1", "locality", "site", "perpetrator", "claimed_by", "attributed_to", "target")
        },
        weapon=draw(st.sampled_from([None, "rocket", "ied"])),
        killed=draw(st.one_of(st.none(), st.integers(0, 3))),
        injured=draw(st.one_of(st.none(), st.integers(0, 3))),
    )


article_sets = st.dictionaries(st.sampled_from(["a", "b", "c", "d"]), st.lists(incidents(), max_size=4), min_size=1)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article_sets, st.booleans())
def test_gold_against_itself_is_perfect(articles, primary_only):
    report = score(preds(articles), gold_set(articles), primary_only=primary_only, bootstrap=20)
    assert report.records.false_positives == 0 and report.records.missed == 0
    if report.n_gold_incidents:
        assert report.records.f1 == 1.0 and report.records.f1_ci == (1.0, 1.0)
    for name, fs in report.fields.items():
        assert fs.FA == fs.FN == fs.FD == 0, name
        assert fs.accuracy == (1.0 if fs.n else None), name


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article_sets, article_sets, st.randoms(use_true_random=False))
def test_permuting_incidents_changes_nothing(gold_articles, pred_articles, rnd):
    def shuffled(articles):
        return {aid: rnd.sample(incs, len(incs)) for aid, incs in articles.items()}

    base = score(preds(pred_articles), gold_set(gold_articles), bootstrap=20)
    permuted = score(preds(shuffled(pred_articles)), gold_set(shuffled(gold_articles)), bootstrap=20)
    assert permuted.fields == base.fields
    assert permuted.records == base.records


# --- ACLED actor coding (optional gold fields) ---------------------------------------------------------------


def _vac(**kw) -> dict:
    return dict(
        primary=True,
        event_type="Violence against civilians",
        sub_event_type="Attack",
        date=dt.date(2023, 9, 2),
        country="NG",
        admin1="Borno",
        locality="Konduga",
        **kw,
    )


def _one_article(incident: dict) -> dict:
    """A gold set of one dev wire article "w" holding ``incident``, as score() takes it (no text)."""
    article = {"article_id": "w", "style": "wire", "split": "dev", "incidents": [incident]}
    return {"w": (GoldArticle.model_validate(article), "")}


def test_acled_fields_are_scored_where_gold_labels_them():
    from extractor.evals.score import ACLED_FIELDS

    gold = {
        "n1": (
            GoldArticle.model_validate(
                {
                    "article_id": "n1",
                    "style": "wire",
                    "split": "test",
                    "based_on": "https://example.org/story",
                    "language": "fr",
                    "features": ["non-English", "context"],
                    "incidents": [
                        _vac(
                            perpetrator="Boko Haram",
                            target="villagers",
                            actor1="Boko Haram",
                            actor2="Civilians (Nigeria)",
                            assoc_actor_2=None,
                            inter1=2,
                            inter2=7,
                            interaction=27,
                            civilian_targeting=True,
                        )
                    ],
                }
            ),
            "",
        ),
        "n2": (
            GoldArticle(
                article_id="n2",
                style="wire",
                split="test",
                incidents=[Incident(**_vac(perpetrator="gunmen", target="farmers"))],
            ),
            "",
        ),
    }
    assert gold["n1"][0].language == "fr" and gold["n1"][0].features == ["non-English", "context"]
    predicted = preds(
        {
            "n1": [Incident(**_vac(perpetrator="suspected Boko Haram fighters", target="residents"))],
            "n2": [Incident(**_vac(perpetrator="gunmen", target="farmers"))],
        }
    )
    report = score(predicted, gold, bootstrap=0)
    for name in ("actor1", "actor2", "inter1", "inter2", "interaction", "civilian_targeting"):
        assert (report.fields[name].n, report.fields[name].TP, report.fields[name].note) == (1, 1, None), name
    assert report.fields["assoc_actor_2"].TN == 1  # labelled null, predicted none
    assert report.fields["assoc_actor_1"].n == 0 and report.fields["assoc_actor_1"].note == "never labelled"
    assert list(report.fields)[-len(ACLED_FIELDS) :] == list(ACLED_FIELDS)


def test_acled_fields_never_labelled_are_not_zero():
    report = score(preds({"a": [A]}), gold_set({"a": [A]}), bootstrap=0)
    for name in ("actor1", "inter1", "interaction", "civilian_targeting"):
        assert report.fields[name].n == 0 and report.fields[name].accuracy is None
        assert report.fields[name].note == "never labelled"
    assert report.fields["perpetrator"].note is None


def test_a_wrong_acled_actor_is_a_disagreement():
    gold = _one_article(_vac(perpetrator="ISWAP", actor1="ISWAP", inter1=2, interaction=27))
    report = score(preds({"w": [Incident(**_vac(perpetrator="Nigerian soldiers"))]}), gold, bootstrap=0)
    assert report.fields["actor1"].FD == 1 and report.fields["inter1"].FD == 1 and report.fields["interaction"].FD == 1


def test_a_second_labeller_is_compared_by_its_own_acled_labels():
    """scripts/label_agreement.py scores one labeller's gold against another's: the ACLED fields compare the two
    labellers' own codes, not our coder's reading of the second labeller's spans."""
    from extractor.evals.gold import GoldIncident

    labels = dict(actor1="ISWAP", actor2="Military Forces of Nigeria (2023-)", inter1=2, inter2=1, interaction=12)
    gold = _one_article(_vac(perpetrator="gunmen", **labels))
    # Spans that our coder would read as an unidentified group attacking civilians, but labelled as ISWAP vs army.
    second = GoldIncident.model_validate(_vac(perpetrator="gunmen", target="villagers", **labels))
    report = score(preds({"w": [second]}), gold, bootstrap=0)
    for name in ("actor1", "actor2", "inter1", "inter2", "interaction"):
        assert report.fields[name].TP == 1, name
    recoded = score(preds({"w": [Incident(**_vac(perpetrator="gunmen", target="villagers"))]}), gold, bootstrap=0)
    assert recoded.fields["actor1"].FD == 1


def test_gold_rejects_an_impossible_interaction_code():
    with pytest.raises(ValueError, match="not an ACLED code"):
        GoldArticle.model_validate(
            {"article_id": "x", "style": "wire", "split": "dev", "incidents": [_vac(interaction=71)]}
        )


def test_scores_are_broken_down_by_gold_feature_and_language():
    gold = {
        "r": (
            GoldArticle(article_id="r", style="wire", split="dev", features=["roundup"], language="en", incidents=[A]),
            "",
        ),
        "f": (
            GoldArticle(
                article_id="f", style="wire", split="dev", features=["non-English"], language="fr", incidents=[C]
            ),
            "",
        ),
    }
    report = score(preds({"r": [A], "f": [inc(**{**C.model_dump(), "locality": "Nasiriyah"})]}), gold, bootstrap=0)
    assert set(report.by_feature) == {"roundup", "non-English", "language:en", "language:fr"}
    assert report.by_feature["roundup"].n_articles == 1 and report.by_feature["roundup"].accuracy["locality"] == 1.0
    assert report.by_feature["non-English"].accuracy["locality"] == 0.0
    assert "actor1" not in report.by_feature["roundup"].accuracy  # never labelled: not shown as 0


@pytest.mark.parametrize(
    "gold_name, predicted, country, same",
    [
        ("Police Forces of Iraq", "Police Forces of Iraq (2022-)", "IQ", True),  # the regime period is not compared
        (
            "Military Forces of the Democratic Republic of Congo",
            "Military Forces of Democratic Republic of Congo",
            "CD",
            True,
        ),
        ("JAS (Boko Haram)", "Boko Haram", "NG", True),
        ("ISWAP", "Islamic State West Africa Province", "NG", True),
        ("Houthis (Ansar Allah)", "Ansar Allah", "YE", True),
        ("Civilians (Syria)", "Civilians (Syria)", "SY", True),
        ("Civilians (Nigeria)", "Civilians (Niger)", "NG", False),
        ("Police Forces of Kenya (2022-)", "Military Forces of Kenya (2022-)", "KE", False),
        (
            "Military Forces of the Democratic Republic of Congo",
            "Military Forces of the Republic of Congo",
            "CD",
            False,
        ),
        ("Fulani Ethnic Militia (Nigeria)", "Hausa Ethnic Militia (Nigeria)", "NG", False),
    ],
)
def test_acled_actor_names_compare_by_what_they_name(gold_name, predicted, country, same):
    from extractor.evals.score import actor_key

    day = dt.date(2024, 5, 1)
    assert (actor_key(gold_name, country, day) == actor_key(predicted, country, day)) is same


def test_a_written_gold_file_keeps_labelled_apart_from_not_labelled():
    article = GoldArticle.model_validate(
        {"article_id": "g", "style": "wire", "split": "dev", "incidents": [_vac(actor2=None, inter2=0), _vac()]}
    )
    again = GoldArticle.model_validate_json(article.model_dump_json())
    first, second = again.incidents
    assert first.labelled("actor2") and first.labelled("inter2") and first.inter2 is None
    assert not first.labelled("actor1") and not any(second.labelled(name) for name in ("actor1", "actor2", "inter1"))

"""ACLED's format: actor mentions -> ACLED names and types, the codebook's actor coding, the 31-column rows and
their writer (CSV read back with ACLED's dtypes, typed parquet, stable event_id_cnty, provenance and problems).
Every fixture sentence and name phrase is ours."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys

import pytest

from extractor import ArticleExtraction, Incident, Provenance
from extractor.acled import (
    ACLED_COLUMNS,
    ACLED_DTYPES,
    acled_row,
    code_actors,
    event_id_cnty,
    fatalities,
    interaction_code,
    is_noun_phrase,
    resolve_actor,
    source_scale,
)
from extractor.batch import JobStore
from extractor.export import export_acled

DAY = dt.date(2024, 3, 5)
PROVENANCE = Provenance(backend="test", model="fixture", prompt_hash="h", prompt_version="v")


def incident(**fields) -> Incident:
    base = dict(primary=True, event_type="Explosions/Remote violence", sub_event_type="Remote explosive/landmine/IED",
                date=DAY, date_precision="day", country="SO", admin1="Banaadir", locality="Mogadishu")
    base.update(fields)
    return Incident(**base)


@pytest.mark.parametrize("phrase, country, name, inter", [
    ("suspected Boko Haram militants", "NG", "JAS (Boko Haram)", 2),
    ("ISWAP fighters", "NG", "ISWAP", 2),
    ("al-Shabab", "SO", "al-Shabaab", 2),
    ("Houthi rebels", "YE", "Houthis (Ansar Allah)", 2),
    ("M23 rebels", "CD", "M23", 2),
    ("the Taliban", "AF", "Taliban", 2),
    ("JAS (Boko Haram)", "NG", "JAS (Boko Haram)", 2),  # an ACLED name resolves to itself
    ("Nigerian soldiers", "NG", "Military Forces of Nigeria (2023-)", 1),
    ("Russian troops", "UA", "Military Forces of Russia (2000-)", 1),  # the demonym names the state, not the place
    ("police", "IQ", "Police Forces of Iraq (2022-)", 1),
    ("unknown gunmen", "MX", "Unidentified Armed Group (Mexico)", 3),
    ("residents", "SY", "Civilians (Syria)", 7),
    ("protesters", "SD", "Protesters (Sudan)", 6),
    ("rioters", "KE", "Rioters (Kenya)", 5),
    ("armed herders", "NG", "Unidentified Communal Militia (Nigeria)", 4),
    # French, Spanish, Arabic transliteration
    ("des hommes armés", "ML", "Unidentified Armed Group (Mali)", 3),
    ("l'État islamique au Grand Sahara", "NE", "Islamic State Sahel Province", 2),
    ("soldados", "CO", "Military Forces of Colombia (2022-)", 1),
    ("manifestantes", "CL", "Protesters (Chile)", 6),
    ("Cártel de Sinaloa", "MX", "Sinaloa Cartel", 3),
    ("musallahin", "IQ", "Unidentified Armed Group (Iraq)", 3),
    ("Tsahal", "PS", "Military Forces of Israel", 1),
    # a name no table knows, kept as written
    ("Mai-Mai Kifuafua", "CD", "Mai-Mai Kifuafua", 3),
])
def test_mentions_resolve_to_acled_names_and_types(phrase, country, name, inter):
    actor = resolve_actor(phrase, country, DAY)
    assert actor is not None and (actor.name, actor.inter) == (name, inter)
    assert actor.written == phrase


def test_a_regime_period_follows_the_event_date():
    assert resolve_actor("soldiers", "NG", dt.date(2021, 1, 1)).name == "Military Forces of Nigeria (2015-2023)"
    assert resolve_actor("soldiers", "NG", dt.date(2010, 1, 1)).name == "Military Forces of Nigeria"


@pytest.mark.parametrize("phrase", ["a convoy of", "BAGHDAD Nearly 120 people", "the airport", "and then", "", "  ",
                                    "killed by", "The gunmen fled. Police said"])
def test_fragments_and_descriptions_are_no_actor(phrase):
    assert resolve_actor(phrase, "IQ", DAY) is None


def test_noun_phrase_check():
    assert is_noun_phrase("Mai-Mai Kifuafua") and is_noun_phrase("FARC Dissidents")
    assert not is_noun_phrase("a convoy of") and not is_noun_phrase("BAGHDAD Nearly 120 people")


def test_associates_name_the_civilians_and_the_protesters():
    students = resolve_actor("students", "KE", DAY)
    assert (students.name, students.associate) == ("Civilians (Kenya)", "Students (Kenya)")
    coding = code_actors(incident(event_type="Protests", sub_event_type="Peaceful protest", country="KE",
                                  perpetrator="teachers"))
    assert (coding.actor1, coding.assoc_actor_1, coding.inter1, coding.interaction) == (
        "Protesters (Kenya)", "Teachers (Kenya)", 6, 60)


def test_a_claimant_acts_where_the_perpetrator_is_unnamed():
    coding = code_actors(incident(perpetrator="gunmen", claimed_by="al-Shabaab", target="soldiers"))
    assert (coding.actor1, coding.inter1, coding.actor2, coding.inter2, coding.interaction) == (
        "al-Shabaab", 2, "Military Forces of Somalia (2022-)", 1, 12)
    assert coding.mentions["perpetrator"].name == "Unidentified Armed Group (Somalia)"  # kept for the companion


def test_civilians_are_never_actor1_and_a_suspect_is_not_promoted():
    coding = code_actors(incident(perpetrator="residents", attributed_to="al-Shabaab", target="a market"))
    assert coding.actor1 == "Unidentified Armed Group (Somalia)" and coding.inter1 == 3
    assert (coding.actor2, coding.inter2, coding.interaction, coding.civilian_targeting) == (
        "Civilians (Somalia)", 7, 37, True)


def test_violence_against_civilians_always_targets_civilians():
    coding = code_actors(incident(event_type="Violence against civilians",
                                  sub_event_type="Abduction/forced disappearance", country="NG", perpetrator="bandits",
                                  target="Christian worshippers"))
    assert (coding.actor1, coding.actor2, coding.assoc_actor_2) == (
        "Unidentified Armed Group (Nigeria)", "Civilians (Nigeria)", "Christian Group (Nigeria)")
    assert coding.interaction == 37 and coding.civilian_targeting


def test_protest_codes():
    force = code_actors(incident(event_type="Protests", sub_event_type="Excessive force against protesters",
                                 country="KE", perpetrator="riot police"))
    assert (force.actor1, force.actor2, force.interaction, force.civilian_targeting) == (
        "Police Forces of Kenya (2022-)", "Protesters (Kenya)", 16, False)
    riot = code_actors(incident(event_type="Riots", sub_event_type="Mob violence", country="KE", perpetrator="a mob",
                                target="a suspected thief"))
    assert (riot.actor1, riot.actor2, riot.interaction, riot.civilian_targeting) == (
        "Rioters (Kenya)", "Civilians (Kenya)", 57, True)


def test_interaction_codes():
    assert interaction_code(7, 1) == 17 and interaction_code(2, 2) == 22 and interaction_code(6, None) == 60
    assert interaction_code(None, None) is None


def test_unknown_fatalities_are_coded_as_the_codebook_codes_them():
    assert fatalities(incident(killed=4)) == 4
    assert fatalities(incident()) == 0
    assert fatalities(incident(notes=['killed: vague amount "several" left null'])) == 10
    assert fatalities(incident(notes=['killed: vague amount "dozens" left null'])) == 12
    assert fatalities(incident(notes=['killed: vague amount "hundreds" left null'])) == 100


def test_source_scale_from_the_table_or_the_fallback():
    assert source_scale("Reuters", None) == "International"
    assert source_scale(None, "https://www.premiumtimesng.com/news/1") == "National"
    assert source_scale("Some Paper", "https://edition.cnn.com/x") == "International"
    assert source_scale("A Local Paper", "https://paper.example.co.ke/x") == "National"  # a country-code domain
    assert source_scale("A Blog", "https://blog.example.com/x") == "Other"
    assert source_scale(None, None) is None


def test_event_id_is_a_hash_of_the_key():
    assert event_id_cnty("SOM", "a|b") == event_id_cnty("SOM", "a|b") != event_id_cnty("SOM", "a|c")


def test_a_row_is_written_from_the_fields_not_from_model_text():
    inc = incident(perpetrator="al-Shabaab militants", target="a busy market", killed=None, injured=6,
                   notes=['killed: vague amount "several" left null'],
                   evidence={"event_type": {"quote": "A blast tore through", "start": 0, "end": 20,
                                            "alignment": "exact"}})
    row = acled_row(inc, key="k", source="Garowe Online", url=None, timestamp=5).row
    assert row["notes"] == ("On 5 March 2024, al-Shabaab detonated an explosive device targeting Civilians (Somalia) "
                            "in Mogadishu (Banaadir, Somalia). 10 fatalities (coded: the number is not reported); "
                            "6 injured.")
    assert row["fatalities"] == 10 and row["region"] == "Eastern Africa" and row["source_scale"] == "National"
    assert row["civilian_targeting"] == "Civilian targeting" and row["interaction"] == 27


def _job(tmp_path, name: str, order: list[int]):
    """A job store whose one article holds three incidents (in ``order``) and a second with an undated one."""
    incidents = [
        incident(perpetrator="al-Shabaab", target="soldiers", killed=2),
        incident(event_type="Protests", sub_event_type="Peaceful protest", perpetrator="traders", locality="Baidoa",
                 admin1="Bay", date_precision="week"),
        incident(event_type="Battles", sub_event_type="Armed clash", perpetrator="Somali troops",
                 target="al-Shabaab fighters", latitude=2.04, longitude=45.34, geo_precision=1, killed=None),
    ]
    store = JobStore(tmp_path / name)
    store.record({"id": "s1", "ordinal": 1, "text_sha256": "a", "published": "2024-03-06", "source": "Reuters",
                  "url": "https://www.reuters.com/x", "metadata": {}},
                 result=ArticleExtraction(article_id="s1", published=dt.date(2024, 3, 6), source="Reuters",
                                          incidents=[incidents[i] for i in order], provenance=PROVENANCE))
    store.record({"id": "s2", "ordinal": 2, "text_sha256": "b", "published": "2024-03-06", "source": None,
                  "url": None, "metadata": {}},
                 result=ArticleExtraction(article_id="s2", published=dt.date(2024, 3, 6), incidents=[
                     Incident(primary=True, event_type="Battles", sub_event_type="Armed clash", country="SO")],
                     provenance=PROVENANCE))
    return store


def _pandas_dtypes() -> dict[str, str]:
    return {name: {"int": "int64", "float": "float64", "str": "string", "date": "string"}[kind]
            for name, kind in ACLED_DTYPES.items()}


def test_the_csv_loads_with_acled_dtypes_and_round_trips(tmp_path):
    pd = pytest.importorskip("pandas")
    out, problems, side = tmp_path / "acled.csv", io.StringIO(), io.StringIO()
    result = export_acled(_job(tmp_path, "job.db", [0, 1, 2]), out, problems=problems, provenance=side, timestamp=7)
    assert result.written == 3 and len(result.problems) == 1 and result.problems[0].reason == "no event date"
    frame = pd.read_csv(out, dtype=_pandas_dtypes(), keep_default_na=False, na_values=[""],
                        parse_dates=["event_date"])
    assert tuple(frame.columns) == ACLED_COLUMNS
    assert str(frame["event_date"].dtype).startswith("datetime64") and str(frame["inter2"].dtype) == "int64"
    again = tmp_path / "again.csv"
    frame.assign(event_date=frame["event_date"].dt.strftime("%Y-%m-%d")).to_csv(again, index=False)
    assert again.read_text() == out.read_text()  # nothing lost or retyped on the way through pandas
    battle = frame[frame["event_type"] == "Battles"].iloc[0]
    assert (battle["actor1"], battle["actor2"], battle["interaction"]) == (
        "Military Forces of Somalia (2022-)", "al-Shabaab", 12)
    protest = frame[frame["event_type"] == "Protests"].iloc[0]
    assert protest["time_precision"] == 2 and protest["tags"] == "crowd size=no report"
    assert (protest["inter1"], protest["inter2"], protest["interaction"]) == (6, 0, 60)  # no actor2: inter2 is 0
    assert protest["assoc_actor_1"] == "Traders (Somalia)"
    joined = [json.loads(line) for line in side.getvalue().splitlines()]
    assert [j["event_id_cnty"] for j in joined] == list(frame["event_id_cnty"])
    assert {j["article_id"] for j in joined} == {"s1"} and joined[0]["url"] == "https://www.reuters.com/x"
    assert joined[0]["actors"]["perpetrator"] == {"written": "al-Shabaab", "evidence": None, "name": "al-Shabaab",
                                                  "inter": 2, "type": "Rebel groups"}


def test_event_ids_are_unique_and_stable_across_exports_and_reruns(tmp_path):
    def ids(store) -> list[str]:
        out = io.StringIO()
        export_acled(store, out, timestamp=1)
        return [row["event_id_cnty"] for row in csv.DictReader(io.StringIO(out.getvalue()))]

    store = _job(tmp_path, "job.db", [0, 1, 2])
    first = ids(store)
    assert len(first) == len(set(first)) == 3 and all(i.startswith("SOM") for i in first)
    assert ids(store) == first  # a second export
    rerun = ids(_job(tmp_path, "rerun.db", [2, 0, 1]))  # a re-run whose model listed the incidents in another order
    assert sorted(rerun) == sorted(first)


def test_parquet_has_the_same_columns_typed(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "acled.parquet"
    assert export_acled(_job(tmp_path, "job.db", [0, 1, 2]), path, fmt="parquet", timestamp=1).written == 3
    table = pq.read_table(path)
    assert table.column_names == list(ACLED_COLUMNS)
    types = {f.name: str(f.type) for f in table.schema}
    assert types["event_date"] == "date32[day]" and types["fatalities"] == "int64" and types["latitude"] == "double"
    assert types["inter2"] == "int64" and types["actor1"] == "string"


def test_cli_writes_the_companion_files_and_counts_problems(tmp_path):
    _job(tmp_path, "job.db", [0, 1, 2]).close()
    out = tmp_path / "acled.csv"
    done = subprocess.run([sys.executable, "-m", "extractor", "export", str(tmp_path / "job.db"), "--format", "acled",
                           "--out", str(out), "--with-provenance"], check=False, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert "3 row(s) written" in done.stderr and "1 record(s) left out" in done.stderr
    assert len((tmp_path / "acled.provenance.jsonl").read_text().splitlines()) == 3
    assert json.loads((tmp_path / "acled.problems.jsonl").read_text())["article_id"] == "s2"

"""Review state in the job store: edits normalized like the model's answers, the audit trail, the reviewed
view of results(), the gold export and the CLI."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3

import pytest
from typer.testing import CliRunner

from extractor.batch import JobStore
from extractor.cli import app as cli
from extractor.evals.gold import load_gold_set
from extractor.export import export
from extractor.grounding import Aligner
from extractor.review import EditError, ReviewStore, StaleVersion, apply_edit, export_gold
from extractor.review.demo import ARTICLES
from extractor.review.edits import new_incident
from extractor.review.highlight import segments

TEXT = ARTICLES[0]["text"]
PUBLISHED = dt.date(2020, 6, 23)


@pytest.fixture
def job(tmp_path, demo_store):
    path = tmp_path / "job.db"
    shutil.copyfile(demo_store, path)
    with JobStore(path) as store:
        yield store


@pytest.fixture
def review(job):
    return ReviewStore(job, "ana")


def incident():
    return new_incident(
        "Shelling/artillery/missile attack", True, Aligner(TEXT).align("rockets struck"), published=PUBLISHED
    )


def span(words):
    return Aligner(TEXT).align(words)


def test_edits_go_through_the_same_normalization_as_model_answers():
    edited = apply_edit(incident(), "date", "on Monday", span("on Monday"), text=TEXT, published=PUBLISHED)
    assert (edited.date, edited.date_precision, edited.date_text) == (dt.date(2020, 6, 22), "day", "on Monday")
    assert edited.evidence["date"].derived and edited.evidence["date_text"].quote == "on Monday"
    iso = apply_edit(incident(), "date", "2020-06-21", None, text=TEXT, published=PUBLISHED)
    assert (iso.date, iso.date_precision, iso.date_text) == (dt.date(2020, 6, 21), "day", None)
    assert apply_edit(incident(), "country", "Iraq", None, text=TEXT, published=PUBLISHED).country == "IQ"
    assert apply_edit(incident(), "country", "iq", None, text=TEXT, published=PUBLISHED).country == "IQ"
    place = apply_edit(incident(), "locality", "Balad", None, text=TEXT, published=PUBLISHED)
    assert (place.locality, place.country, place.admin1, place.geo_precision) == ("Balad", "IQ", "Salah al-Din", 1)
    assert place.evidence["locality"].quote == "Balad"  # typed words found in the text become the evidence
    assert apply_edit(incident(), "injured", "three soldiers", None, text=TEXT, published=PUBLISHED).injured == 3
    assert apply_edit(incident(), "injured", "0", None, text=TEXT, published=PUBLISHED).injured == 0
    assert apply_edit(incident(), "weapon", "Katyusha rockets", None, text=TEXT, published=PUBLISHED).weapon == "rocket"
    typed = apply_edit(
        incident(),
        "sub_event_type",
        "Explosions/Remote violence / Air/drone strike",
        None,
        text=TEXT,
        published=PUBLISHED,
    )
    assert (typed.event_type, typed.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")
    cleared = apply_edit(place, "locality", "", None, text=TEXT, published=PUBLISHED)
    assert cleared.locality is None and cleared.latitude is None and "locality" not in cleared.evidence


def test_a_new_locality_replaces_the_region_derived_from_the_old_one():
    baghdad = apply_edit(incident(), "locality", "Baghdad", span("Baghdad"), text=TEXT, published=PUBLISHED)
    assert baghdad.admin1 == "Baghdad"
    balad = apply_edit(baghdad, "locality", "Balad", span("Balad"), text=TEXT, published=PUBLISHED)
    assert balad.admin1 == "Salah al-Din"


def test_highlight_segments_cover_the_text_exactly():
    cuts = segments("abcdefgh", [(1, 4, "m0:a"), (2, 6, "m0:b"), (5, 50, "m1:c")])
    assert "".join(s.text for s in cuts) == "abcdefgh"
    assert [(s.start, s.labels) for s in cuts] == [
        (0, ()),
        (1, ("m0:a",)),
        (2, ("m0:a", "m0:b")),
        (4, ("m0:b",)),
        (5, ("m0:b", "m1:c")),
        (6, ("m1:c",)),
    ]


def test_the_audit_trail_is_append_only_and_the_model_rows_are_untouched(job, review):
    before = job.db.execute("SELECT extraction FROM results ORDER BY article_id").fetchall()
    review.edit(
        "demo-01", "m0", 0, "locality", "Balad", start=TEXT.index("Balad"), end=TEXT.index("Balad") + 5, quote="Balad"
    )
    review.mark_reviewed("demo-01")
    assert job.db.execute("SELECT extraction FROM results ORDER BY article_id").fetchall() == before
    rows = job.db.execute(
        "SELECT reviewer, article_id, incident, action, field, before, after, evidence FROM review_log ORDER BY id"
    ).fetchall()
    assert [r[3] for r in rows] == ["edit", "reviewed"]
    reviewer, article, key, _, field, old, new, evidence = rows[0]
    assert (reviewer, article, key, field) == ("ana", "demo-01", "m0", "locality")
    assert json.loads(old)["locality"] == "Baghdad" and json.loads(new)["locality"] == "Balad"
    assert json.loads(evidence)["quote"] == "Balad"
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        job.db.execute("UPDATE review_log SET reviewer = 'mallory'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        job.db.execute("DELETE FROM review_log")


def test_results_give_reviewed_records_and_the_model_original_on_request(job, review):
    review.reject("demo-05", "m0", 0)
    review.add("demo-05", "Protest with intervention", True, quote="clashed with police")
    review.mark_reviewed("demo-05")
    review.add("demo-03", "Shelling/artillery/missile attack", True, quote="shelling damaged a clinic")
    review.mark_reviewed("demo-03")  # the model failed here; the analyst's record is what exports use
    reviewed = {a["id"]: r for a, r in job.results()}
    original = {a["id"]: r for a, r in job.results(reviewed=False)}
    assert [i.evidence["event_type"].quote for i in reviewed["demo-05"].incidents] == ["clashed with police"]
    assert reviewed["demo-05"].provenance.reviewed_by == "ana" and reviewed["demo-05"].provenance.model == "demo-model"
    assert original["demo-05"].incidents[0].evidence["event_type"].quote == "fired tear gas"
    assert reviewed["demo-03"].provenance.backend == "review" and "demo-03" not in original
    assert reviewed["demo-01"] == original["demo-01"]  # unreviewed: the model's
    lines = []

    class Sink:
        write = lines.append

    export(job, "jsonl", Sink())
    exported = {json.loads(line)["article_id"]: json.loads(line) for line in lines}
    assert exported["demo-05"]["provenance"]["reviewed_by"] == "ana"


def test_a_stale_version_writes_nothing(review, job):
    review.accept("demo-04", "m0", 0)
    with pytest.raises(StaleVersion, match="version 1"):
        review.edit("demo-04", "m0", 0, "injured", "4")
    assert job.db.execute("SELECT COUNT(*) FROM review_log").fetchone()[0] == 1


def test_a_rejected_incident_is_not_edited_until_restored(review):
    review.reject("demo-04", "m0", 0)
    with pytest.raises(EditError, match="accept it again"):
        review.edit("demo-04", "m0", 1, "injured", "4")
    review.accept("demo-04", "m0", 1)
    review.edit("demo-04", "m0", 2, "injured", "4")
    assert review.article("demo-04").incidents[0].incident.injured == 4


def test_gold_export_writes_the_eval_format_and_guards_hand_labels(job, review, tmp_path):
    review.edit("demo-01", "m0", 0, "locality", "Balad")
    review.mark_reviewed("demo-01")
    review.mark_reviewed("demo-06")
    root = tmp_path / "gold"
    result = export_gold(job, root, split="dev")
    assert result.written == ["demo-01", "demo-06"] and result.skipped == []
    gold = load_gold_set(root, "dev")
    assert gold["demo-01"][0].incidents[0].locality == "Balad" and gold["demo-06"][0].incidents == []
    assert gold["demo-01"][0].style == "wire" and gold["demo-01"][1] == TEXT
    assert export_gold(job, root, split="dev").written == ["demo-01", "demo-06"]  # same labels: rewritten
    (root / "gold" / "demo-01.json").write_text((root / "gold" / "demo-01.json").read_text().replace("Balad", "Tikrit"))
    again = export_gold(job, root, split="dev")
    assert again.written == ["demo-06"] and "use --overwrite" in again.skipped[0]
    assert export_gold(job, root, split="dev", overwrite=True).written == ["demo-01", "demo-06"]


def test_cli_review_export_and_score(job, review, tmp_path):
    review.edit("demo-01", "m0", 0, "locality", "Balad")
    review.mark_reviewed("demo-01")
    root = tmp_path / "gold"
    runner = CliRunner()
    outcome = runner.invoke(cli, ["review", "export", job.path, "--gold", str(root)])
    assert outcome.exit_code == 0, outcome.output
    assert "1 reviewed article(s)" in outcome.output
    scored = runner.invoke(cli, ["eval", "score", "--pred", str(root / "model_predictions.jsonl"), "--gold", str(root)])
    assert scored.exit_code == 0, scored.output
    assert "locality" in scored.output


def test_cli_review_errors_are_one_line(tmp_path):
    import subprocess
    import sys

    from extractor.errors import InputError

    missing = str(tmp_path / "missing.db")
    done = subprocess.run(
        [sys.executable, "-m", "extractor", "review", missing], capture_output=True, text=True, timeout=300
    )  # `review JOB.db` is `review serve JOB.db`
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip() == f"error: {missing}: no such job store"
    for args in (["review", "serve", missing], ["review", "export", missing, "--gold", str(tmp_path / "g")]):
        outcome = CliRunner().invoke(cli, args)
        assert isinstance(outcome.exception, InputError) and "no such job store" in str(outcome.exception)


def test_a_new_model_outcome_must_be_reviewed_again(job, review):
    review.edit("demo-01", "m0", 0, "locality", "Balad")
    review.mark_reviewed("demo-01")
    article = job.db.execute(
        "SELECT id, ordinal, text_sha256, published, source, url, text FROM articles WHERE id = 'demo-01'"
    ).fetchone()
    row = dict(zip(("id", "ordinal", "text_sha256", "published", "source", "url", "text"), article))
    original = next(r for a, r in job.results(reviewed=False) if a["id"] == "demo-01")
    job.record(row, result=original)  # same text, new outcome (a re-run): the mark goes, the edits stay
    assert review.article("demo-01").reviewed_at is None
    assert review.article("demo-01").incidents[0].incident.locality == "Balad"
    job.record({**row, "text": row["text"] + " Updated.", "text_sha256": "changed"}, result=original)
    assert review.article("demo-01").incidents[0].decision == "pending"  # another text: decide again
    assert job.db.execute("SELECT COUNT(*) FROM review_log WHERE article_id = 'demo-01'").fetchone()[0] == 2


def test_review_is_a_top_layer():
    """Nothing below the CLI imports the review package, and the job store does not import the web stack."""
    import ast
    from pathlib import Path

    package = Path(__file__).resolve().parents[1] / "extractor"

    def imported(path):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                yield from (alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                yield "." * node.level + (node.module or "")

    for path in package.rglob("*.py"):
        if path.relative_to(package).parts[0] in ("review", "cli"):
            continue
        assert not [m for m in imported(path) if "review" in m.split(".")], path
    for path in (package / "store").rglob("*.py"):
        assert not [m for m in imported(path) if m.split(".")[0] in ("starlette", "uvicorn")], path


def test_queue_puts_the_least_confident_first_and_marks_needs_review(job, review):
    from extractor.review.store import QueueFilters

    def judged(article_id, confidence, needs_review):
        job.db.execute(
            "UPDATE incidents SET incident = json_set(incident, '$.confidence', ?, '$.needs_review', "
            "json(?)) WHERE article_id = ?",
            (confidence, "true" if needs_review else "false", article_id),
        )

    judged("demo-01", 0.9, False)
    judged("demo-02", 0.2, True)
    judged("demo-04", 0.6, False)
    judged("demo-05", 0.4, True)
    job.db.commit()
    rows, _ = review.queue(QueueFilters(view="all"))
    order = [r["id"] for r in rows]
    judged_order = [i for i in order if i in ("demo-01", "demo-02", "demo-04", "demo-05")]
    assert judged_order == ["demo-02", "demo-05", "demo-04", "demo-01"]
    # nothing judged (an error, no incident): nothing shown trustworthy, so it comes before every judged article
    assert set(order[:2]) == {"demo-03", "demo-06"}
    marks = {r["id"]: (r["confidence"], r["needs_review"]) for r in rows}
    assert marks["demo-02"] == (0.2, 1) and marks["demo-01"] == (0.9, 0)
    assert review.next_article("demo-05", QueueFilters(view="all")) == "demo-04"


def test_an_edited_field_is_no_longer_flagged():
    flagged = incident().model_copy(
        update={
            "review_fields": ["locality", "date", "date_precision"],
            "needs_review": True,
            "field_sources": {"locality": "dateline"},
            "confidence": 0.5,
        }
    )
    edited = apply_edit(flagged, "locality", "Balad", None, text=TEXT, published=PUBLISHED)
    assert edited.review_fields == ["date", "date_precision"] and edited.needs_review
    assert "locality" not in edited.field_sources
    dated = apply_edit(edited, "date", "on Monday", span("on Monday"), text=TEXT, published=PUBLISHED)
    assert dated.review_fields == [] and not dated.needs_review

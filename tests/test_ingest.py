"""extractor.ingest: formats from the content, the reference date's source in order, language and its gate."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from extractor import Config, InputError, UnsupportedLanguage
from extractor.batch.inputs import count_inputs, read_inputs
from extractor.ingest import (
    Manifest,
    annotate,
    check_language,
    detect_language,
    read_document,
    read_path,
    sniff_format,
    split_front_matter,
)

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
PAGE = FIXTURES / "plateau_raid.html"
REPORT_PDF = FIXTURES / "two_page_report.pdf"
KANDAHAR = "A roadside bomb hit a bus near Kandahar on Sunday, killing five passengers, officials said."


# --- formats ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, name, kind",
    [
        (b"%PDF-1.7\n...", "report.txt", "pdf"),  # the magic number wins over the suffix
        (b"\xef\xbb\xbf<!DOCTYPE html><html><body><p>x</p></body></html>", "saved.txt", "html"),
        (b"<!-- saved page -->\n<html lang='fr'><head></head>", "page", "html"),
        (b"<h1>Title</h1><p>Text.</p>", "stdin", "html"),  # a fragment opening with markup
        (b"Title\n<p>Text.</p>", "fragment.htm", "html"),  # markup after some text: the suffix settles it
        (b"Title\n<p>Text.</p>", "notes.txt", "text"),  # ...and only for .html/.htm
        (b"Gunmen attacked a market <3 times> this year.", "a.html", "text"),
        (KANDAHAR.encode(), "a.txt", "text"),
    ],
)
def test_the_format_is_read_from_the_content(data, name, kind):
    assert sniff_format(data, name) == kind


def test_an_html_page_gives_its_main_text_and_metadata():
    document = read_path(PAGE)
    assert document.format == "html"
    assert document.title == "Gunmen kill seven farmers in Plateau village"
    assert document.text.startswith(document.title + "\n\nGunmen killed seven farmers in the village of Kwall")
    for boilerplate in ("<", "Share this story", "Most read", "Subscribe", "Copyright", "analytics", "Sport"):
        assert boilerplate not in document.text, boilerplate
    assert (document.published, document.published_from) == ("2023-05-18", "metadata")
    assert document.source == "Jos Evening Courier"
    assert document.url == "https://courier.example/news/2023/05/plateau-farmers"
    assert document.author == "Ruth Danladi"


def test_a_page_in_its_own_declared_encoding_is_decoded():
    page = (
        '<html><head><meta charset="iso-8859-1"><title>Attaque à Ségou</title></head><body><article>'
        "<p>Des hommes armés ont attaqué un poste de gendarmerie à Ségou dans la nuit de lundi à mardi.</p>"
        "<p>Deux gendarmes ont été blessés lors de cette attaque, selon une source sécuritaire.</p>"
        "</article></body></html>"
    ).encode("latin-1")
    document = read_document(page, "segou.html")
    assert document.text.startswith("Attaque à Ségou\n\nDes hommes armés ont attaqué un poste")


def test_a_page_saved_as_txt_is_read_as_html(tmp_path):
    saved = tmp_path / "saved.txt"
    shutil.copy(PAGE, saved)
    assert read_path(saved).text == read_path(PAGE).text


def test_an_html_fragment_without_metadata_has_no_date():
    document = read_path(FIXTURES / "fragment.htm")
    assert document.text.startswith("Market fire in Maiduguri\n\nFire destroyed dozens of stalls")
    assert (document.published, document.published_from) == (None, "none")


def test_a_pdf_gives_paragraphs_per_page_and_a_page_table():
    document = read_path(REPORT_PDF)
    assert document.format == "pdf" and document.title == "Southern Province security brief, week 12"
    assert len(document.page_starts) == 2 and document.page_starts[0] == 0
    page_two = document.text[document.page_starts[1] :]
    assert page_two.startswith("Incidents\n\n" + KANDAHAR)  # lines of a paragraph rejoined, "ﬁve" -> "five"
    assert "partner organisations in four districts." in document.text  # a line break inside a sentence
    start = document.text.index("Kandahar")
    assert document.page_at(start) == 2 and document.page_at(0) == 1 and document.page_at(start - 300) == 1


@pytest.mark.parametrize(
    "data, message",
    [
        (b"%PDF-1.4\nthis is no PDF at all", "cannot read the PDF"),
        (b"<html><head><title>x</title></head><body></body></html>", "the page has no main text"),
        (b"\x00\x01\x02binary", "binary file"),
        (b"  \n ", "the file is empty"),
    ],
)
def test_an_unreadable_file_is_an_input_error_naming_it(data, message):
    with pytest.raises(InputError) as caught:
        read_document(data, "inbox/broken.bin")
    assert caught.value.message.startswith("inbox/broken.bin: ") and message in caught.value.message


# --- front matter, manifest, default: the reference date in order ----------------------------------------------


def test_front_matter_is_metadata_not_article_text():
    document = read_path(FIXTURES / "front_matter.txt")
    assert document.text.startswith(KANDAHAR)
    assert "published:" not in document.text
    assert (document.published, document.published_from) == ("2021-05-04", "front_matter")
    assert (document.source, document.url) == ("Kandahar Wire", "https://wire.example/kandahar-bus")


@pytest.mark.parametrize(
    "text",
    [
        "Source: the provincial police said gunmen attacked\n\nMore text.",  # "Source:" in a headline is article text
        "published: 2021-05-04\nGunmen attack market\n\nMore text.",  # any other line in the block: no front matter
        "published: 2021-05-04",  # no blank line: no block
    ],
)
def test_a_first_paragraph_that_is_not_front_matter_is_left_alone(text):
    assert split_front_matter(text) == ({}, text)


def test_front_matter_dates_with_a_time_and_windows_line_ends():
    fields, body = split_front_matter("published: 2021-05-04T10:00:00Z\r\nurl: https://u.example/a\r\n\r\nText.\r\n")
    assert fields == {"published": "2021-05-04", "url": "https://u.example/a"} and body == "Text.\r\n"


def test_a_bad_date_in_front_matter_names_the_file():
    with pytest.raises(InputError, match=r"a\.txt: front matter: publication date must be YYYY-MM-DD"):
        split_front_matter("published: last Tuesday\n\nText.", "a.txt")


@pytest.fixture
def folder(tmp_path):
    """Articles of every kind and a manifest naming some of them."""
    root = tmp_path / "inbox"
    (root / "sub").mkdir(parents=True)
    (root / "plain.txt").write_text(KANDAHAR, encoding="utf-8")  # date from the manifest
    shutil.copy(FIXTURES / "front_matter.txt", root / "with_front_matter.txt")  # front matter beats the manifest
    shutil.copy(PAGE, root / "sub" / "page.html")  # page metadata beats the manifest
    shutil.copy(REPORT_PDF, root / "report.pdf")  # manifest
    (root / "undated.txt").write_text("Police dispersed a march in Jos on Monday.", encoding="utf-8")  # default
    (root / "broken.pdf").write_bytes(b"%PDF-1.4\nnot a pdf")
    (root / "notes.md").write_text("not an article", encoding="utf-8")
    (root / "manifest.csv").write_text(
        "path,published,source,url\n"
        "plain.txt,2021-05-04,Manifest Wire,https://m.example/plain\n"
        "with_front_matter.txt,1999-01-01,Manifest Wire,\n"
        "sub/page.html,1999-01-01,,\n"
        "report.pdf,2024-03-25,Partners Network,\n",
        encoding="utf-8",
    )
    return root


def test_a_folder_of_mixed_files_with_its_manifest(folder):
    records = {r.article_id: r for r in read_inputs(folder, published="2024-01-31")}
    assert sorted(records) == ["broken.pdf", "plain", "report.pdf", "sub/page.html", "undated", "with_front_matter"]
    assert count_inputs(folder) == 6
    dated = {k: (r.published, r.published_from, r.input_format) for k, r in records.items() if r.error is None}
    assert dated == {
        "plain": ("2021-05-04", "manifest", "text"),
        "with_front_matter": ("2021-05-04", "front_matter", "text"),
        "sub/page.html": ("2023-05-18", "metadata", "html"),
        "report.pdf": ("2024-03-25", "manifest", "pdf"),
        "undated": ("2024-01-31", "option", "text"),
    }
    assert records["plain"].source == "Manifest Wire" and records["plain"].url == "https://m.example/plain"
    assert records["with_front_matter"].source == "Kandahar Wire"  # the file's own word first, field by field
    assert records["sub/page.html"].text == read_path(PAGE).text and "<p>" not in records["sub/page.html"].text
    assert records["report.pdf"].page_starts == read_path(REPORT_PDF).page_starts
    assert records["report.pdf"].metadata["page_starts"] == list(records["report.pdf"].page_starts)
    broken = records["broken.pdf"]
    assert broken.text is None and "broken.pdf" in broken.error and "cannot read the PDF" in broken.error


def test_a_manifest_given_as_jsonl_and_without_default(folder, tmp_path):
    (folder / "manifest.csv").unlink()
    elsewhere = tmp_path / "dates.jsonl"
    elsewhere.write_text(
        json.dumps({"path": str(folder / "undated.txt"), "published": "2024-02-02"}) + "\n", encoding="utf-8"
    )
    records = {r.article_id: r for r in read_inputs(folder, manifest=elsewhere)}
    assert (records["undated"].published, records["undated"].published_from) == ("2024-02-02", "manifest")
    assert (records["plain"].published, records["plain"].published_from) == (None, "none")


@pytest.mark.parametrize(
    "manifest, message",
    [
        ("path,published\nplain.txt,04/05/2021\n", "manifest.csv line 2 (plain.txt): publication date must be"),
        ("file,published\nplain.txt,2021-05-04\n", "must name a 'path' column"),
    ],
)
def test_a_bad_manifest_stops_the_run_naming_its_line(folder, manifest, message):
    (folder / "manifest.csv").write_text(manifest, encoding="utf-8")
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_inputs(folder)


def test_rows_say_whether_their_date_is_their_own(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text(
        json.dumps({"id": "a", "text": KANDAHAR, "published": "2021-05-04"})
        + "\n"
        + json.dumps({"id": "b", "text": KANDAHAR})
        + "\n",
        encoding="utf-8",
    )
    own, default = read_inputs(path, published="2021-06-01")
    assert (own.published, own.published_from, own.input_format) == ("2021-05-04", "record", "record")
    assert (default.published, default.published_from) == ("2021-06-01", "option")
    assert [r.published_from for r in read_inputs(path)] == ["record", "none"]
    with pytest.raises(InputError, match="--published"):
        read_inputs(path, published="June")


def test_a_manifest_looks_paths_up_resolved(tmp_path):
    (tmp_path / "m.csv").write_text("path,published\n./a/../b.txt,2020-01-02\n", encoding="utf-8")
    manifest = Manifest.load(tmp_path / "m.csv")
    assert manifest.lookup(tmp_path / "b.txt").published == "2020-01-02"
    assert manifest.lookup(tmp_path / "c.txt") is None


# --- language --------------------------------------------------------------------------------------------------

SAMPLES = [
    json.loads(line)
    for line in (Path(__file__).parents[1] / "benchmarks" / "data" / "language_samples.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()
]


@pytest.mark.parametrize("language", ["en", "fr", "es", "pt", "ar"])
def test_the_language_of_paragraphs_is_detected(language):
    for sample in SAMPLES:
        if sample["language"] == language and sample["length"] == "long":
            assert detect_language(sample["text"]) == language, sample["text"][:60]


def test_no_language_is_claimed_for_text_too_short_to_tell_or_without_letters():
    assert detect_language("Jets bombed the outskirts of the city on Friday.") is None  # low accuracy: "tn"
    assert detect_language("12 - 14 / 2023 ... 7 " * 30) is None
    assert detect_language(read_path(PAGE).text) == "en"
    # a script of its own: a short line is enough
    assert detect_language("مسلحون يقتلون أربعة تجار على طريق السوق") == "ar"


def test_the_embedded_backends_refuse_a_language_they_have_no_cues_for():
    russian = (FIXTURES / "rynok_ru.txt").read_text(encoding="utf-8")
    for backend in ("local", "rules"):
        with pytest.raises(UnsupportedLanguage) as caught:
            check_language(russian, backend)
        error = caught.value
        assert error.language == "ru" and error.backends == ("openai",) and error.kind == "unsupported_language"
        assert "Russian (ru)" in error.message and "--backend openai" in error.message
        assert isinstance(error, InputError)
    assert check_language(russian, "openai") is None  # not gated: the one-call path reads it
    assert check_language(read_path(PAGE).text, "rules") == "en"
    assert check_language("Des hommes armés ont tué quatre commerçants.", "rules") is None  # too short to tell


def test_the_extractor_reads_french_and_gives_an_error_not_a_guessed_record_for_russian():
    from extractor import Extractor

    french = (FIXTURES / "marche_betail.txt").read_text(encoding="utf-8")
    russian = (FIXTURES / "rynok_ru.txt").read_text(encoding="utf-8")
    with Extractor(Config(backend="rules")) as extractor:
        with pytest.raises(UnsupportedLanguage, match="Russian"):
            extractor.extract(russian, published="2024-03-14")
        incident = extractor.extract(french, published="2024-03-15").incidents[0]  # French has its cues
        assert (incident.sub_event_type, incident.country, incident.killed) == ("Attack", "ML", 4)
        assert extractor.extract(KANDAHAR, published="2021-05-04").incidents  # English still goes through


# --- what a result records -------------------------------------------------------------------------------------


def test_a_pdf_result_names_the_page_of_each_evidence_span():
    from extractor import Extractor

    document = read_path(REPORT_PDF, published="2024-03-25")
    with Extractor(Config(backend="rules")) as extractor:
        result = extractor.extract(document.text, published=document.published, article_id="report")
    result = annotate(
        result,
        document.text,
        published_from=document.published_from,
        input_format=document.format,
        url="https://partners.example/brief-12",
        page_starts=document.page_starts,
    )
    assert result.url == "https://partners.example/brief-12"
    provenance = result.provenance
    assert (provenance.published_from, provenance.language, provenance.input_format) == ("option", "en", "pdf")
    incident = next(i for i in result.incidents if i.killed == 5)
    for span in incident.evidence.values():
        assert document.text[span.start : span.end] == span.quote
        assert span.page == 2
    assert '"page": 2' in result.model_dump_json(indent=1).replace('"page":2', '"page": 2')


def test_evidence_of_other_inputs_carries_no_page_field():
    from extractor import Extractor

    with Extractor(Config(backend="rules")) as extractor:
        result = extractor.extract(KANDAHAR, published="2021-05-04")
    result = annotate(result, KANDAHAR, published_from="option")
    assert result.incidents and '"page"' not in result.model_dump_json()


# --- the command line ------------------------------------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith(("EXTRACTOR_", "OPENAI_"))}
    return subprocess.run(
        [sys.executable, "-m", "extractor", *args], check=False, capture_output=True, text=True, env=env, timeout=300
    )


def test_extract_gives_each_file_its_own_date_source_and_url(tmp_path):
    shutil.copy(FIXTURES / "front_matter.txt", tmp_path / "a.txt")
    shutil.copy(PAGE, tmp_path / "b.html")
    (tmp_path / "c.txt").write_text(KANDAHAR, encoding="utf-8")
    (tmp_path / "d.txt").write_text(KANDAHAR, encoding="utf-8")
    shutil.copy(FIXTURES / "rynok_ru.txt", tmp_path / "e.txt")
    (tmp_path / "dates.csv").write_text("path,published,source\nc.txt,2022-02-02,Manifest Wire\n", encoding="utf-8")
    result = run(
        "extract",
        *(str(tmp_path / n) for n in ("a.txt", "b.html", "c.txt", "d.txt", "e.txt")),
        "--manifest",
        str(tmp_path / "dates.csv"),
        "--published",
        "2023-03-03",
        "--backend",
        "rules",
    )
    assert result.returncode == 3  # e.txt is Russian: an error line (some failed), the others are printed
    assert "Traceback" not in result.stderr
    assert "e.txt: the article is in Russian (ru)" in result.stderr and "openai" in result.stderr
    records = {r["article_id"]: r for r in map(json.loads, result.stdout.splitlines())}
    seen = {k: (r["published"], r["provenance"]["published_from"], r["source"]) for k, r in records.items()}
    assert seen == {
        "a": ("2021-05-04", "front_matter", "Kandahar Wire"),
        "b": ("2023-05-18", "metadata", "Jos Evening Courier"),
        "c": ("2022-02-02", "manifest", "Manifest Wire"),
        "d": ("2023-03-03", "option", None),
    }
    assert records["a"]["incidents"][0]["date"] == "2021-05-02"  # "on Sunday" against the front matter's date
    assert records["b"]["url"] == "https://courier.example/news/2023/05/plateau-farmers"
    assert records["b"]["provenance"]["language"] == "en"
    assert records["c"]["provenance"]["language"] is None  # one sentence: too short to tell


def test_without_a_date_relative_dates_stay_null_and_the_record_says_why(tmp_path):
    (tmp_path / "a.txt").write_text(KANDAHAR, encoding="utf-8")
    result = run("extract", str(tmp_path / "a.txt"), "--backend", "rules")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["provenance"]["published_from"] == "none"
    incident = record["incidents"][0]
    assert incident["date"] is None and incident["date_text"] == "on Sunday"
    assert any("without a publication date" in note for note in incident["notes"])


def test_batch_stores_the_extracted_text_and_gives_unreadable_files_error_records(folder, tmp_path):
    (folder / "russian.txt").write_text((FIXTURES / "rynok_ru.txt").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "job.db"
    result = run("batch", str(folder), "--out", str(out), "--backend", "rules", "--quiet", "--no-cache")
    assert result.returncode == 3, result.stderr  # some articles became error records
    assert "extractor errors" in result.stderr
    db = sqlite3.connect(out)
    texts = dict(db.execute("SELECT id, text FROM articles"))
    assert texts["sub/page.html"].startswith("Gunmen kill seven farmers in Plateau village\n\n")
    assert texts["report.pdf"] == read_path(REPORT_PDF).text
    errors = dict(db.execute("SELECT article_id, kind || ': ' || message FROM errors"))
    assert errors["broken.pdf"].startswith("input: ") and "cannot read the PDF" in errors["broken.pdf"]
    assert errors["russian"].startswith("unsupported_language: ") and "Russian (ru)" in errors["russian"]
    results = {
        aid: json.loads(extraction)
        for aid, extraction in db.execute("SELECT article_id, extraction FROM results WHERE status = 'ok'")
    }
    assert results["report.pdf"]["provenance"]["input_format"] == "pdf"
    assert results["report.pdf"]["provenance"]["published_from"] == "manifest"
    pages = {span["page"] for incident in results["report.pdf"]["incidents"] for span in incident["evidence"].values()}
    assert pages == {2}
    assert results["plain"]["provenance"]["published_from"] == "manifest"
    assert results["undated"]["provenance"]["published_from"] == "none"


def test_importing_ingest_loads_no_reader_until_one_is_needed():
    code = (
        "import sys, extractor.ingest, extractor.api;"
        "print(','.join(m for m in ('trafilatura', 'pypdf', 'lingua') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_a_ray_worker_records_whether_a_row_had_its_own_date():
    """The Ray path reads rows only; its worker (called here without Ray) says which rows carried a date."""
    pytest.importorskip("pyarrow")
    import asyncio

    from extractor.batch.ray_job import ArticleWorker

    worker = ArticleWorker(Config(backend="rules"), 1, False, None, None, ())
    row = {
        "article_id": "a",
        "where": "rows.jsonl line 1",
        "text": KANDAHAR,
        "text_sha256": None,
        "published": "2021-05-04",
        "source": None,
        "url": None,
        "metadata": "{}",
        "error": None,
    }
    dated = json.loads(asyncio.run(worker.process(row))["extraction"])
    undated = json.loads(asyncio.run(worker.process({**row, "published": None}))["extraction"])
    assert (dated["provenance"]["published_from"], dated["provenance"]["input_format"]) == ("record", "record")
    assert undated["provenance"]["published_from"] == "none"


def test_a_provider_batch_result_records_its_date_source(fault_server, tmp_path):
    """Answers collected hours later still say where the article's date came from."""
    import time

    from _batch_support import ANSWER, make_extractor, write_jsonl

    from extractor.batch import JobStore
    from extractor.batch.provider import ProviderBatchJob, ProviderBatchOptions

    server = fault_server(lambda body: ANSWER)
    source = tmp_path / "in.jsonl"
    write_jsonl(source, 2)
    extractor = make_extractor(server)
    with JobStore(tmp_path / "job.db") as store:
        job = ProviderBatchJob(
            extractor, store, ProviderBatchOptions(poll_interval_s=0.0), sleep=lambda s: time.sleep(0.01)
        )
        try:
            job.run(read_inputs(source))
        finally:
            job.close()
            extractor.close()
    rows = sqlite3.connect(tmp_path / "job.db").execute("SELECT extraction FROM results WHERE status = 'ok'")
    provenances = [json.loads(extraction)["provenance"] for (extraction,) in rows]
    assert len(provenances) == 2
    assert {(p["published_from"], p["input_format"]) for p in provenances} == {("record", "record")}

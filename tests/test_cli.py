"""The CLI turns bad input into one clear line on stderr and a non-zero exit, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from extractor.testing import FaultInjectingServer

ANSWER = json.dumps(
    {
        "incidents": [
            {
                "primary": True,
                "sub_event_type": "Remote explosive/landmine/IED",
                "type_quote": "A roadside bomb hit a bus",
                "date_text": "on Sunday",
                "locality": "Kandahar",
                "weapon": "roadside bomb",
                "killed": "five passengers",
            }
        ]
    }
)
ARTICLE = "A roadside bomb hit a bus near Kandahar on Sunday, killing five passengers, officials said.\n"


def run(*args: str, stdin: bytes | None = None, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith(("EXTRACTOR_", "OPENAI_"))}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "extractor", *args], input=stdin, capture_output=True, env=env, timeout=120
    )


@pytest.fixture
def server():
    with FaultInjectingServer(lambda body: ANSWER) as s:
        yield s


def openai_args(server) -> list[str]:
    return ["--backend", "openai", "--base-url", server.base_url, "--no-candidates"]


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "no such file"),
        (b"", "the file is empty"),
        (b"   \n\t", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("Attaque à Ségou".encode("latin-1"), "not UTF-8"),
    ],
)
def test_bad_input_is_one_clear_line(tmp_path, content, message):
    path = tmp_path / "article.txt"
    if content is not None:
        path.write_bytes(content)
    result = run("extract", str(path), "--backend", "openai", "--base-url", "http://127.0.0.1:9/v1")
    assert result.returncode == 2
    stderr = result.stderr.decode()
    assert message in stderr and str(path) in stderr
    assert "Traceback" not in stderr
    assert result.stdout == b""


def test_bad_publication_date_is_named(tmp_path, server):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    result = run("extract", str(path), "--published", "23/06/2020", *openai_args(server))
    assert result.returncode == 2
    assert "publication date must be YYYY-MM-DD" in result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()


def test_unknown_backend_is_a_configuration_error(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    result = run("extract", str(path), "--backend", "anthropic")
    assert result.returncode == 2 and "backend must be one of" in result.stderr.decode()


def test_one_article_prints_one_json_document(tmp_path, server):
    path = tmp_path / "kandahar.txt"
    path.write_text(ARTICLE)
    result = run("extract", str(path), "--published", "2021-05-04", "--source", "Test wire", *openai_args(server))
    assert result.returncode == 0, result.stderr.decode()
    record = json.loads(result.stdout)
    assert record["article_id"] == "kandahar" and record["source"] == "Test wire"
    incident = record["incidents"][0]
    assert incident["date"] == "2021-05-02" and incident["killed"] == 5 and incident["weapon"] == "ied"


def test_stdin_and_several_files_give_json_lines_and_a_bad_file_does_not_stop_the_rest(tmp_path, server):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE)
    result = run("extract", "-", str(tmp_path / "missing.txt"), str(good), *openai_args(server), stdin=ARTICLE.encode())
    assert result.returncode == 3  # some articles ok, some failed: neither 0 nor the code of a run that did nothing
    lines = result.stdout.decode().splitlines()
    assert [json.loads(line)["article_id"] for line in lines] == ["stdin", "good"]
    assert "missing.txt: no such file" in result.stderr.decode()


def test_table_format(tmp_path, server):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    result = run(
        "extract",
        str(path),
        "--format",
        "table",
        "--published",
        "2021-05-04",
        *openai_args(server),
        env_extra={"COLUMNS": "200"},
    )
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert "Remote explosive/landmine/IED" in out and "2021-05-02" in out


def test_provider_failure_exits_1_without_traceback(tmp_path):
    with FaultInjectingServer(lambda body: ANSWER, script=["500"] * 20) as failing:
        path = tmp_path / "a.txt"
        path.write_text(ARTICLE)
        result = run(
            "extract", str(path), *openai_args(failing), env_extra={"OPENAI_API_KEY": "canary-key-never-printed"}
        )
    stderr = result.stderr.decode()
    assert result.returncode == 1 and "model service failed" in stderr
    assert "Traceback" not in stderr and "canary-key-never-printed" not in stderr


def test_batch_rate_reads_well_for_fast_and_slow_backends():
    from extractor.cli.batch import _rate

    assert _rate(295.74) == "295.7 art/s"
    assert _rate(0.04) == "25.0 s/art"  # a local model: 0.0 art/s would say nothing
    assert _rate(0.0) == "0.0 art/s"

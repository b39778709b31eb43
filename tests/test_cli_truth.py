"""What the CLI says is true: exit codes of runs over many articles, error records listed, messages in the
user's words naming the input once, a dead server named, tables readable at 80 columns, one set of model flags."""

# No `from __future__ import annotations`: the option-group tests define commands inside test functions,
# whose annotations must be objects, not names to look up in this module.
import json
import os
import socket
import subprocess
import sys

import pytest
import typer
from _batch_support import ANSWER, write_jsonl
from typer.testing import CliRunner

from extractor.batch import JobStore
from extractor.cli import app

ARTICLE = "Gunmen attacked a village near Kano on Monday, police said.\n"
# The documented exit codes (extractor --help), written out: a script relies on the numbers themselves.
EXIT_OK, EXIT_USER, EXIT_PARTIAL = 0, 2, 3


def run(
    *args: str, env_extra: dict[str, str] | None = None, stdin: bytes | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    """The CLI as a user runs it: its own process, the real stderr, no developer settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EXTRACTOR_", "OPENAI_"))}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "extractor", *args], capture_output=True, env=env, input=stdin, timeout=timeout
    )


def batch_args(server, source, job, *extra: str) -> list[str]:
    return [
        "batch",
        str(source),
        "--out",
        str(job),
        "--backend",
        "openai",
        "--model",
        "gpt-4o-mini",
        "--base-url",
        server.base_url,
        "--no-candidates",
        "-q",
        *extra,
    ]


def dead_url() -> str:
    """A loopback URL with nothing listening (a port just released by the kernel)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


# -- exit codes ----------------------------------------------------------------------------------------------
def test_outcome_code_tells_all_ok_from_some_failed_from_all_failed():
    from extractor.cli import outcome_code

    assert outcome_code(ok=5, failed=0) == EXIT_OK
    assert outcome_code(ok=4, failed=1) == EXIT_PARTIAL
    assert outcome_code(ok=0, failed=2, worst=EXIT_USER) == EXIT_USER


def test_a_batch_with_bad_records_exits_3_and_a_clean_one_exits_0(fault_server, tmp_path):
    server = fault_server(lambda body: ANSWER)
    clean, dirty = tmp_path / "clean.jsonl", tmp_path / "dirty.jsonl"
    write_jsonl(clean, 2)
    write_jsonl(dirty, 2, extra=["{broken"])
    ok = CliRunner().invoke(app, batch_args(server, clean, tmp_path / "clean.db"))
    assert ok.exit_code == EXIT_OK, ok.output
    partial = CliRunner().invoke(app, batch_args(server, dirty, tmp_path / "dirty.db"))
    assert partial.exit_code == EXIT_PARTIAL, partial.output
    assert f"extractor errors {tmp_path / 'dirty.db'}" in " ".join(partial.output.split())


def test_a_missing_batch_input_exits_2_before_any_call(fault_server, tmp_path):
    server = fault_server(lambda body: ANSWER)
    result = run(*batch_args(server, tmp_path / "none.jsonl", tmp_path / "job.db"))
    assert result.returncode == EXIT_USER and server.requests == []


def test_extract_over_files_that_all_fail_keeps_their_own_code(tmp_path):
    missing = [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    result = run("extract", *missing, "--backend", "openai", "--base-url", "http://127.0.0.1:9/v1")
    assert result.returncode == EXIT_USER  # nothing was extracted: not a partial success


# -- extractor errors JOB ----------------------------------------------------------------------------------
@pytest.fixture
def job_with_errors(fault_server, tmp_path):
    server = fault_server(lambda body: ANSWER)
    source, job = tmp_path / "in.jsonl", tmp_path / "job.db"
    long_id = "an-article-with-a-long-identifier-" + "x" * 30
    write_jsonl(
        source,
        2,
        extra=[
            "{broken",
            json.dumps({"id": "late", "text": ARTICLE, "published": "the 4th of May"}),
            json.dumps({"id": long_id, "text": "", "source": "wire"}),
        ],
    )
    assert CliRunner().invoke(app, batch_args(server, source, job)).exit_code == EXIT_PARTIAL
    return job


def test_errors_lists_every_error_record_as_json_lines(job_with_errors):
    result = CliRunner().invoke(app, ["errors", str(job_with_errors), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    with JobStore(job_with_errors) as store:
        stored = list(store.errors())
    assert [r["article_id"] for r in records] == [e["article_id"] for e in stored] and len(records) == 3
    assert {r["kind"] for r in records} == {"input"}
    late = next(r for r in records if r["article_id"] == "late")
    assert late["message"] == "in.jsonl line 4: publication date must be YYYY-MM-DD, got 'the 4th of May'"
    assert "3 error record(s)" in result.stderr and "--retry-errors" in result.stderr


def test_errors_table_is_whole_at_80_columns(job_with_errors):
    result = run("errors", str(job_with_errors), env_extra={"COLUMNS": "80"})
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert "…" not in out and max(len(line) for line in out.splitlines()) <= 80
    rows = table_rows(out)
    expected = [
        ["late", "input", "0", "in.jsonl line 4: publication date must be YYYY-MM-DD, got 'the 4th of May'"],
        ["an-article-with-a-long-identifier-" + "x" * 30, "input", "0", "in.jsonl line 5: the article text is empty"],
    ]
    for row in expected:
        assert [cell.replace(" ", "") for cell in row] in rows, rows


def table_rows(out: str) -> list[list[str]]:
    """The cells of a rich table with row lines, each cell's wrapped or folded lines joined, without spaces
    (wrapping drops the space at a break, folding a long word adds none)."""
    rows, current = [], None
    for line in out.splitlines():
        if line.startswith("│"):
            cells = [cell.strip() for cell in line.strip("│").split("│")]
            current = [[] for _ in cells] if current is None else current
            for parts, cell in zip(current, cells):
                if cell:
                    parts.append(cell)
        elif current is not None:
            rows.append(["".join(parts).replace(" ", "") for parts in current])
            current = None
    return rows


def test_errors_of_a_clean_job_and_of_a_missing_one(fault_server, tmp_path):
    server = fault_server(lambda body: ANSWER)
    write_jsonl(tmp_path / "in.jsonl", 1)
    CliRunner().invoke(app, batch_args(server, tmp_path / "in.jsonl", tmp_path / "job.db"))
    clean = CliRunner().invoke(app, ["errors", str(tmp_path / "job.db")])
    assert clean.exit_code == 0 and clean.stdout == "" and "no error records" in clean.stderr
    missing = run("errors", str(tmp_path / "none.db"))
    assert missing.returncode == EXIT_USER
    assert missing.stderr.decode() == f"error: {tmp_path / 'none.db'}: no such job store or results directory\n"


def test_errors_filters_by_kind(job_with_errors):
    result = CliRunner().invoke(app, ["errors", str(job_with_errors), "--format", "jsonl", "--kind", "provider"])
    assert result.exit_code == 0 and result.stdout == "" and "no error records of kind provider" in result.stderr


# -- messages ----------------------------------------------------------------------------------------------
def test_an_input_error_names_its_input_once():
    from extractor.errors import InputError, ProviderError, message_at

    error = InputError("publication date must be YYYY-MM-DD, got 'x'", input="002")
    assert str(error) == "002: publication date must be YYYY-MM-DD, got 'x'"
    assert message_at(error, "in.jsonl line 4") == "in.jsonl line 4: publication date must be YYYY-MM-DD, got 'x'"
    assert message_at(ProviderError("model service failed"), "a.txt") == "a.txt: model service failed"


def test_a_bad_date_in_a_cached_batch_names_the_line_not_an_internal_label(fault_server, tmp_path):
    # The response cache computes a fingerprint first: its stand-in article name must not reach the record.
    server = fault_server(lambda body: ANSWER)
    source = tmp_path / "in.jsonl"
    write_jsonl(source, 1, extra=[json.dumps({"id": "002", "text": ARTICLE, "published": "04/05/2021"})])
    result = CliRunner().invoke(
        app, batch_args(server, source, tmp_path / "job.db", "--cache", str(tmp_path / "cache.db"))
    )
    assert result.exit_code == EXIT_PARTIAL
    with JobStore(tmp_path / "job.db") as store:
        (error,) = store.errors()
    assert error["message"] == "in.jsonl line 2: publication date must be YYYY-MM-DD, got '04/05/2021'"


def test_extract_names_a_bad_file_once(tmp_path):
    path = tmp_path / "002.txt"
    path.write_bytes(b"Gunmen attacked a village. " * 400 + b"\x00")  # a NUL past the binary sniffing window
    result = run("extract", str(path), "--backend", "rules")
    stderr = result.stderr.decode()
    assert result.returncode == EXIT_USER
    assert stderr.count("002") == 1 and f"error: {path}: the text contains NUL bytes" in stderr


def test_a_dead_base_url_is_one_line_naming_the_url(tmp_path):
    url = dead_url()
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    result = run("extract", str(path), "--backend", "openai", "--base-url", url, "--no-candidates")
    lines = result.stderr.decode().splitlines()
    assert result.returncode == 1
    assert len(lines) == 1 and f"cannot reach the model service at {url}/chat/completions" in lines[0], lines
    assert "Connection refused" in lines[0] and "attempt 1" not in lines[0] and "Total attempts" not in lines[0]


def test_a_bad_published_flag_stops_before_any_work(fault_server, tmp_path):
    server = fault_server(lambda body: ANSWER)
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE)
    result = run(
        "extract",
        str(good),
        str(tmp_path / "missing.txt"),
        "--published",
        "23/06/2020",
        "--backend",
        "openai",
        "--base-url",
        server.base_url,
        "--no-candidates",
    )
    lines = result.stderr.decode().splitlines()
    assert result.returncode == EXIT_USER and result.stdout == b""
    assert lines == ["error: --published: publication date must be YYYY-MM-DD, got '23/06/2020'"]
    assert server.requests == []


# -- tables at 80 columns ------------------------------------------------------------------------------------
BOMB = "A roadside bomb hit a bus near Kandahar on Sunday, killing five passengers, officials said.\n"
BOMB_ANSWER = json.dumps(
    {
        "incidents": [
            {
                "primary": True,
                "sub_event_type": "Remote explosive/landmine/IED",
                "type_quote": "A roadside bomb hit a bus",
                "date_text": "on Sunday",
                "locality": "Kandahar",
                "target": "a bus",
                "weapon": "roadside bomb",
                "killed": "five passengers",
            }
        ]
    }
)


def extract_table(server, tmp_path, columns: int) -> str:
    path = tmp_path / "kandahar.txt"
    path.write_text(BOMB)
    result = run(
        "extract",
        str(path),
        "--format",
        "table",
        "--published",
        "2021-05-04",
        "--backend",
        "openai",
        "--base-url",
        server.base_url,
        "--no-candidates",
        env_extra={"COLUMNS": str(columns)},
    )
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout.decode()


def test_the_incident_table_is_readable_at_80_columns(fault_server, tmp_path):
    out = extract_table(fault_server(lambda body: BOMB_ANSWER), tmp_path, 80)
    assert "…" not in out and max(len(line) for line in out.splitlines()) <= 80
    assert "kandahar #1 (main event)" in out
    for value in ("Remote explosive/landmine/IED", "2021-05-02 (day)", "on a bus", "ied"):
        assert any(value in line for line in out.splitlines()), value  # each value whole, on one line


def test_a_wide_terminal_keeps_one_row_per_incident(fault_server, tmp_path):
    out = extract_table(fault_server(lambda body: BOMB_ANSWER), tmp_path, 200)
    row = next(line for line in out.splitlines() if line.startswith("│ kandahar"))
    assert "Remote explosive/landmine/IED" in row and "2021-05-02 (day)" in row and "on a bus" in row


# -- one definition of the model flags -----------------------------------------------------------------------
def _click_options(*path: str) -> dict:
    command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    return {p.name: p for p in command.params if p.param_type_name == "option"}


def test_every_model_command_takes_the_same_model_flags():
    fields = ["backend", "model", "base_url", "local_model", "structured_output", "candidates", "strategy"]
    commands = [("extract",), ("batch",), ("eval", "run")]
    seen = {path: _click_options(*path) for path in commands}
    for path, params in seen.items():
        assert set(fields) <= set(params), path
    for name in fields:
        shapes = {
            (tuple(seen[p][name].opts), tuple(seen[p][name].secondary_opts), seen[p][name].help) for p in commands
        }
        assert len(shapes) == 1, (name, shapes)


def test_help_shows_the_bracketed_notes():
    # Typer renders help as rich markup, where an unescaped "[env: X]" is a tag and vanishes.
    out = run("batch", "--help", env_extra={"COLUMNS": "250"}).stdout.decode()
    for note in (
        "[env: EXTRACTOR_BACKEND]",
        "[default: on for local]",
        "[default: $EXTRACTOR_HOME/cache.db]",
        "[default: RAY_ADDRESS or a local Ray]",
    ):
        assert note in out, note


def test_an_option_group_arrives_as_one_object():
    from extractor.cli.options import ModelOptions, options

    seen = []
    sub = typer.Typer()

    @sub.command()
    @options(ModelOptions)
    def show(name: str, *, model: ModelOptions) -> None:
        seen.append((name, model))

    @sub.command("other")
    def other() -> None:  # a second command, so Typer keeps the command names
        pass

    result = CliRunner().invoke(sub, ["show", "x", "--backend", "rules", "--no-candidates"])
    assert result.exit_code == 0, result.output
    assert seen == [("x", ModelOptions(backend="rules", candidates=False))]


def test_an_option_group_refuses_a_command_without_its_slot_or_with_a_clash():
    from extractor.cli.options import ModelOptions, options

    with pytest.raises(TypeError, match="no parameter annotated with ModelOptions"):
        options(ModelOptions)(lambda name: None)

    def clash(backend: str, *, model: ModelOptions) -> None: ...

    with pytest.raises(TypeError, match="used twice: backend"):
        options(ModelOptions)(clash)


# -- the review server's address -----------------------------------------------------------------------------
def test_a_wildcard_host_gives_urls_a_colleague_can_open():
    from extractor.cli.review import share_urls

    urls = share_urls("0.0.0.0", 8765, "tok", hostname="lab-7", addresses=("10.1.2.3", "127.0.1.1"))
    assert urls == [
        "http://lab-7:8765/?token=tok",
        "http://10.1.2.3:8765/?token=tok",
        "http://localhost:8765/?token=tok",
    ]
    assert share_urls("::", 80, None, hostname="lab-7", addresses=("fd00::5",)) == [
        "http://lab-7:80/",
        "http://[fd00::5]:80/",
        "http://localhost:80/",
    ]
    assert share_urls("127.0.0.1", 8765, None) == ["http://127.0.0.1:8765/"]
    assert share_urls("[::1]", 8765, None) == share_urls("::1", 8765, None) == ["http://[::1]:8765/"]
    assert share_urls("192.168.1.4", 9000, "t") == ["http://192.168.1.4:9000/?token=t"]


def test_serving_on_all_interfaces_says_so_and_prints_no_wildcard_url(tmp_path):
    import subprocess
    import threading

    job = tmp_path / "job.db"
    JobStore(job).close()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EXTRACTOR_", "OPENAI_"))}
    server = subprocess.Popen(
        [sys.executable, "-m", "extractor", "review", str(job), "--host", "0.0.0.0", "--port", "0", "--no-browser"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    watchdog = threading.Timer(60, server.kill)  # a server that never prints must not hang the test run
    watchdog.start()
    lines = []
    try:
        for line in server.stderr:
            lines.append(line.rstrip("\n"))
            if "Ctrl-C stops" in line:
                break
    finally:
        watchdog.cancel()
        server.terminate()
        server.wait(timeout=30)
    text = "\n".join(lines)
    assert "bound to all interfaces" in text and "http://0.0.0.0" not in text, text
    urls = [line.strip() for line in lines if line.strip().startswith("http://")]
    assert urls[-1].startswith("http://localhost:") and "?token=" in urls[-1] and len(urls) >= 2, urls


@pytest.mark.parametrize("content", [b"", b"not a database", None])
def test_errors_refuses_a_file_that_is_not_a_job_store_and_leaves_it_untouched(tmp_path, content):
    import sqlite3

    path = tmp_path / "other.db"
    if content is None:
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE notes (body TEXT)")
    else:
        path.write_bytes(content)
    before = path.read_bytes()
    result = run("errors", str(path))
    assert result.returncode == EXIT_USER and "not a job store" in result.stderr.decode()
    assert path.read_bytes() == before


def test_the_event_merging_table_is_whole_at_80_columns():
    from pathlib import Path

    merge_set = Path(__file__).resolve().parent.parent / "evals" / "merge"
    result = run("eval", "events", "--split", "dev", "--evals-dir", str(merge_set), env_extra={"COLUMNS": "80"})
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert "…" not in out and max(len(line) for line in out.splitlines()) <= 80
    assert any(line.startswith("│ B-cubed F1") for line in out.splitlines()), out

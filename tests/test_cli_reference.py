"""docs/cli.md is exactly what scripts/cli_reference.py generates from the Typer app (no drift)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
import typer.main

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "cli_reference.py"
REFERENCE = ROOT / "docs" / "cli.md"
REGENERATE = "run python scripts/cli_reference.py and commit docs/cli.md"


@pytest.fixture(scope="module")
def cli_reference():
    spec = importlib.util.spec_from_file_location("cli_reference", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated(cli_reference) -> str:
    return cli_reference.render()


def test_committed_reference_matches_the_cli(generated):
    assert REFERENCE.is_file(), f"docs/cli.md is missing: {REGENERATE}"
    committed = REFERENCE.read_text(encoding="utf-8")
    assert committed == generated, f"docs/cli.md differs from the CLI: {REGENERATE}"


def test_every_command_and_option_is_in_the_reference(generated):
    from extractor.cli import app

    root = typer.main.get_command(app)
    sections = {part.split("\n", 1)[0]: part for part in generated.split("\n## ")[1:]}
    visited = []

    def visit(command, ctx) -> None:
        path = ctx.command_path
        visited.append(path)
        assert path in sections, f"{path} has no section"
        for param in command.params:
            if param.param_type_name == "option" and not param.hidden and param.name != "help":
                assert f"| `{param.opts[0]}" in sections[path], f"{path} {param.opts[0]} is not documented"
        if hasattr(command, "list_commands"):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                visit(sub, typer.Context(sub, info_name=name, parent=ctx))

    visit(root, typer.Context(root, info_name="extractor"))
    assert len(visited) >= 12, visited
    assert "## extractor eval run\n" in generated and "## extractor review export\n" in generated


def test_the_reference_does_not_depend_on_the_terminal(cli_reference, generated):
    # Rich and Click wrap help to the terminal's width; the reference must come out the same at any width.
    env = {**os.environ, "COLUMNS": "40", "TERM": "dumb", "PYTHONPATH": str(ROOT)}
    narrow = subprocess.run(
        [
            sys.executable,
            "-c",
            "import runpy, sys; m = runpy.run_path(sys.argv[1]); sys.stdout.write(m['render']())",
            str(SCRIPT),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    assert narrow == generated


def test_check_reports_drift_and_names_the_fix(cli_reference, generated, tmp_path, capsys):
    out = tmp_path / "cli.md"
    assert cli_reference.main(["--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == generated
    assert cli_reference.main(["--check", "--out", str(out)]) == 0

    out.write_text(generated.replace("## extractor batch\n", "## extractor batch (stale)\n"), encoding="utf-8")
    assert cli_reference.main(["--check", "--out", str(out)]) == 1
    assert "run python scripts/cli_reference.py" in capsys.readouterr().err
    assert cli_reference.main(["--check", "--out", str(tmp_path / "missing.md")]) == 1

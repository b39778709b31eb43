"""Write docs/cli.md, the CLI reference, from the Typer app itself, so the reference cannot drift from the code.

    python scripts/cli_reference.py            # (re)write docs/cli.md
    python scripts/cli_reference.py --check    # exit 1 if docs/cli.md differs from what the app would give

The Click command tree behind ``extractor.cli.app`` is walked in the order ``--help`` lists it; each command gets
its usage line, its help text and a table of its arguments and options. Nothing depends on the terminal: no
wrapping, no colours, no rich panels, so the same code always gives the same bytes.
"""

from __future__ import annotations

import argparse
import enum
import sys
from pathlib import Path

import click
import typer.main

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "docs" / "cli.md"
PROGRAM = "extractor"
HEADER = """\
# Command-line reference

Generated from the Typer app by `python scripts/cli_reference.py`; do not edit by hand. After changing a
command, run the script again (`tests/test_cli_reference.py` fails until you do). The same text is printed by
`extractor COMMAND --help`.
"""


def root_command() -> click.Command:
    """The Click command behind ``extractor.cli.app`` (importing the CLI registers every command)."""
    sys.path.insert(0, str(ROOT))
    from extractor.cli import app

    return typer.main.get_command(app)


def walk(command: click.Command, ctx: click.Context) -> list[tuple[click.Command, click.Context]]:
    """Every visible command under ``command``, depth first, groups before their subcommands."""
    found = [(command, ctx)]
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is None or sub.hidden:
                continue
            found += walk(sub, click.Context(sub, info_name=name, parent=ctx))
    return found


def render(command: click.Command | None = None) -> str:
    """The whole reference as Markdown."""
    command = command or root_command()
    root_ctx = click.Context(command, info_name=PROGRAM)
    entries = walk(command, root_ctx)
    parts = [HEADER, _index(entries)]
    for cmd, ctx in entries:
        parts.append(_section(cmd, ctx))
    return "\n".join(parts).rstrip("\n") + "\n"


def _index(entries: list[tuple[click.Command, click.Context]]) -> str:
    lines = ["| command | what it does |", "| --- | --- |"]
    for cmd, ctx in entries[1:]:
        path = ctx.command_path
        lines.append(f"| [`{path}`](#{_anchor(path)}) | {_cell(_summary(cmd))} |")
    return "\n".join(lines) + "\n"


def _section(cmd: click.Command, ctx: click.Context) -> str:
    path = ctx.command_path
    lines = [f"## {path}", "", "```", " ".join([path, *cmd.collect_usage_pieces(ctx)]), "```", ""]
    text = _help(cmd)
    if text:
        lines += [text, ""]
    if isinstance(cmd, click.Group):
        subs = [(name, cmd.get_command(ctx, name)) for name in cmd.list_commands(ctx)]
        lines += ["| command | what it does |", "| --- | --- |"]
        lines += [f"| `{path} {name}` | {_cell(_summary(sub))} |" for name, sub in subs if sub and not sub.hidden]
        lines.append("")
    params = [p for p in cmd.get_params(ctx) if not getattr(p, "hidden", False) and p.name != "help"]
    if params:
        lines += ["| argument or option | value | default | meaning |", "| --- | --- | --- | --- |"]
        lines += [_param_row(p, ctx) for p in params]
        lines.append("")
    return "\n".join(lines)


def _param_row(param: click.Parameter, ctx: click.Context) -> str:
    if isinstance(param, click.Option):
        names = " / ".join(", ".join(group) for group in (param.opts, param.secondary_opts) if group)
        value = "" if param.is_flag else _metavar(param, ctx)
        default = _default(param)
    else:
        names = _metavar(param, ctx)
        value = "one or more" if param.nargs == -1 else ""
        default = ""
    if param.required:
        default = "required"
    help_text = getattr(param, "help", None) or ""
    return f"| `{_cell(names)}` | {_code(value)} | {_code(default)} | {_cell(help_text)} |"


def _metavar(param: click.Parameter, ctx: click.Context) -> str:
    try:
        metavar = param.make_metavar(ctx)  # click >= 8.2 takes the context
    except TypeError:
        metavar = param.make_metavar()
    return metavar.replace("...", "").strip()


def _default(param: click.Option) -> str:
    default = param.default
    if default is None or (param.is_flag and default is False and not param.secondary_opts):
        return ""
    if param.is_flag and param.secondary_opts:
        return param.opts[0] if default else param.secondary_opts[0]
    if isinstance(default, enum.Enum):
        default = default.value
    if isinstance(default, (list, tuple)):
        return ", ".join(str(item) for item in default)
    return str(default)


def _help(cmd: click.Command) -> str:
    """The command's help text, with its paragraphs kept and their lines joined (Markdown re-flows them)."""
    text = (cmd.help or "").strip()
    paragraphs = [" ".join(block.split()) for block in text.split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


def _summary(cmd: click.Command) -> str:
    return (cmd.help or cmd.short_help or "").strip().split("\n\n")[0].replace("\n", " ").strip()


def _anchor(heading: str) -> str:
    # GitHub's anchors: lower case, spaces to hyphens, punctuation other than hyphens and underscores dropped.
    return "".join(c for c in heading.lower().replace(" ", "-") if c.isalnum() or c in "-_")


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _code(text: str) -> str:
    return f"`{_cell(text)}`" if text else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the CLI reference (docs/cli.md) from the Typer app.")
    parser.add_argument("--check", action="store_true", help="exit 1 if the file differs; write nothing")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where the reference goes [docs/cli.md]")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.is_file() else None
        if current != text:
            print(f"{args.out} is out of date with the CLI: run python scripts/cli_reference.py", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Write docs/cli.md, the CLI reference, from the Typer app itself, so the reference cannot drift from the code.

    python scripts/cli_reference.py            # (re)write docs/cli.md
    python scripts/cli_reference.py --check    # exit 1 if docs/cli.md differs from what the app would give

The Click command tree behind ``extractor.cli.app`` is walked in the order ``--help`` lists it; each command gets
its usage line, its help text and a table of its arguments and options. Nothing depends on the terminal: no
wrapping, no colours, no rich panels, so the same code always gives the same bytes. Typer may ship its own copy
of Click, so commands and parameters are told apart by Click's public attributes (``list_commands``,
``param_type_name``), never by ``isinstance`` against the ``click`` package.
"""

from __future__ import annotations

import argparse
import enum
import sys
from pathlib import Path
from typing import Any

import typer
import typer.main

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "docs" / "cli.md"
PROGRAM = "extractor"
HEADER = """\
# Command-line reference

Generated from the Typer app by `python scripts/cli_reference.py`; do not edit by hand. After changing a
command, run the script again (`tests/test_cli_reference.py` fails until you do). `extractor COMMAND --help`
prints the same options.
"""


def root_command() -> Any:
    """The Click command behind ``extractor.cli.app`` (importing the CLI registers every command)."""
    sys.path.insert(0, str(ROOT))
    from extractor.cli import app

    return typer.main.get_command(app)


def is_group(command: Any) -> bool:
    return hasattr(command, "list_commands")


def subcommands(command: Any, ctx: Any) -> list[tuple[str, Any]]:
    """(name, command) of a group's visible subcommands, in the order ``--help`` lists them."""
    found = [(name, command.get_command(ctx, name)) for name in command.list_commands(ctx)]
    return [(name, sub) for name, sub in found if sub is not None and not sub.hidden]


def walk(command: Any, ctx: Any) -> list[tuple[Any, Any]]:
    """(command, context) of every visible command under ``command``, depth first, groups before their members."""
    found = [(command, ctx)]
    if is_group(command):
        for name, sub in subcommands(command, ctx):
            found += walk(sub, typer.Context(sub, info_name=name, parent=ctx))
    return found


def render(command: Any = None) -> str:
    """The whole reference as Markdown."""
    command = command or root_command()
    root_ctx = typer.Context(command, info_name=PROGRAM)
    entries = walk(command, root_ctx)
    parts = [HEADER, _index(entries)]
    for cmd, ctx in entries:
        parts.append(_section(cmd, ctx))
    return "\n".join(parts).rstrip("\n") + "\n"


def _index(entries: list[tuple[Any, Any]]) -> str:
    lines = ["| command | what it does |", "| --- | --- |"]
    for cmd, ctx in entries[1:]:
        path = ctx.command_path
        lines.append(f"| [`{path}`](#{_anchor(path)}) | {_cell(_summary(cmd))} |")
    return "\n".join(lines) + "\n"


def _section(cmd: Any, ctx: Any) -> str:
    path = ctx.command_path
    lines = [f"## {path}", "", "```", _usage(cmd, ctx), "```", ""]
    text = _help(cmd)
    if text:
        lines += [text, ""]
    if is_group(cmd):
        lines += ["| command | what it does |", "| --- | --- |"]
        lines += [f"| `{path} {name}` | {_cell(_summary(sub))} |" for name, sub in subcommands(cmd, ctx)]
        lines.append("")
    params = _visible(cmd, ctx)
    if params:
        lines += ["| argument or option | value | default | meaning |", "| --- | --- | --- | --- |"]
        lines += [_param_row(p, ctx) for p in params]
        lines.append("")
    return "\n".join(lines)


def _usage(cmd: Any, ctx: Any) -> str:
    """``extractor batch [OPTIONS] INPUT``, built from the parameters (Typer's own usage style varies by version)."""
    pieces = [ctx.command_path]
    params = _visible(cmd, ctx)
    if any(_is_option(p) for p in params):
        pieces.append("[OPTIONS]")
    for param in params:
        if not _is_option(param):
            name = _argument_name(param) + ("..." if param.nargs == -1 else "")
            pieces.append(name if param.required else f"[{name}]")
    if is_group(cmd):
        pieces.append("COMMAND [ARGS]...")
    return " ".join(pieces)


def _visible(cmd: Any, ctx: Any) -> list[Any]:
    return [p for p in cmd.get_params(ctx) if not getattr(p, "hidden", False) and p.name != "help"]


def _is_option(param: Any) -> bool:
    return param.param_type_name == "option"


def _argument_name(param: Any) -> str:
    return param.metavar or param.name.upper()


def _param_row(param: Any, ctx: Any) -> str:
    if _is_option(param):
        names = " / ".join(", ".join(group) for group in (param.opts, param.secondary_opts) if group)
        value = "" if param.is_flag else _value_type(param, ctx)
        default = _default(param)
    else:
        names = _argument_name(param)
        value = _value_type(param, ctx) + (", one or more" if param.nargs == -1 else "")
        default = ""
    if param.required:
        default = "required"
    help_text = getattr(param, "help", None) or ""
    return f"| `{_cell(names)}` | {_code(value)} | {_code(default)} | {_cell(help_text)} |"


def _value_type(param: Any, ctx: Any) -> str:
    """The value's kind as ``--help`` shows it (``str``, ``json|table``, ``USD``), with its bounds."""
    display = getattr(param, "display_type", None)
    if param.metavar and _is_option(param):
        kind = param.metavar
    elif callable(display):
        kind = display(ctx)
    else:  # Click's own parameters: the type's name, or its choices
        kind = "|".join(getattr(param.type, "choices", ())) or param.type.name
    kind = kind.strip().strip("<>")
    if kind.endswith(" range"):
        kind = kind[: -len(" range")]
    if kind.startswith("list[") and kind.endswith("]"):
        kind = kind[len("list[") : -1].lower()  # list[Path] -> path, as a single path shows
    bounds = [
        f">= {param.min}" if getattr(param, "min", None) is not None else "",
        f"<= {param.max}" if getattr(param, "max", None) is not None else "",
    ]
    repeat = "repeatable" if getattr(param, "multiple", False) else ""
    return ", ".join(part for part in (kind, *bounds, repeat) if part)


def _default(param: Any) -> str:
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


def _help(cmd: Any) -> str:
    """The command's help text, with its paragraphs kept and their lines joined (Markdown re-flows them)."""
    text = (cmd.help or "").strip()
    paragraphs = [" ".join(block.split()) for block in text.split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


def _summary(cmd: Any) -> str:
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

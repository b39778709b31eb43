"""The command line: the only place that prints, exits or draws progress bars.

Library errors become one clean line on stderr and an exit code (EXIT_CODES, shown by ``extractor --help``).
No traceback reaches the user.
"""

from __future__ import annotations

import logging
import os
import sys

import typer

from .. import errors

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USER = 2
EXIT_PARTIAL = 3
EXIT_INTERRUPTED = 130

#: What each exit code means, for scripts; ``extractor --help`` shows this table.
EXIT_CODES = (
    (EXIT_OK, "every article ended ok"),
    (EXIT_FAILED, "the model or the model service failed (nothing, or nothing more, could be extracted)"),
    (EXIT_USER, "fix the command line, the configuration or the input; no article was extracted"),
    (EXIT_PARTIAL, "finished, but some articles became error records (`extractor errors JOB` lists a job's)"),
    (EXIT_INTERRUPTED, "interrupted (Ctrl-C); a batch resumes where it stopped"),
)

app = typer.Typer(
    name="extractor",
    help="Extract typed, grounded incident records from news articles.",
    epilog="Exit codes: " + "; ".join(f"{code} {meaning}" for code, meaning in EXIT_CODES) + ".",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """Extract typed, grounded incident records from news articles."""
    # The CLI reports every failure itself, once, naming the input. instructor logs each failed try too
    # ("API call failed on attempt 1 ... Total attempts: 1"), without the input or the server: silenced here.
    logging.getLogger("instructor").setLevel(logging.CRITICAL)


def exit_code_for(error: errors.ExtractorError) -> int:
    return EXIT_USER if isinstance(error, (errors.InputError, errors.ConfigurationError)) else EXIT_FAILED


def outcome_code(ok: int, failed: int, worst: int = EXIT_FAILED) -> int:
    """The exit code of a run over many articles: 0 when all ended ok, EXIT_PARTIAL when some failed and
    others did not, and ``worst`` (the failures' own code) when every article failed."""
    if not failed:
        return EXIT_OK
    return EXIT_PARTIAL if ok else worst


def report_error(error: BaseException, prefix: str = "") -> None:
    """One unwrapped line on stderr: terminals and log collectors must see the whole message on one line."""
    message = " ".join(str(error).split())
    typer.echo(f"error: {prefix}{message}", err=True)


def _register() -> None:
    # Each command lives in its own module; importing it adds it to ``app``.
    from . import (
        batch,  # noqa: F401
        error_records,  # noqa: F401
        eval,  # noqa: F401
        events,  # noqa: F401
        export,  # noqa: F401
        extract,  # noqa: F401
        review,  # noqa: F401
    )


_register()


def main() -> None:
    # The CLI owns its process, so it may set process-wide state the library must not: llama.cpp's OpenMP
    # threads spin while idle by default, and on a small machine shared with other work (a batch's own I/O,
    # a second job) spinning threads halve throughput. A value the user set wins.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    try:
        app()
    except errors.ExtractorError as error:
        report_error(error)
        sys.exit(exit_code_for(error))
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)

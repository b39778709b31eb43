"""Where the editable data lives: ``prompts/`` (templates, worked examples) and ``schemas/`` (JSON Schemas), and
how the package's own tables in ``extractor/data/`` are read (comment lines start with ``#``).

Both sit at the repository's top level, beside ``extractor/``, so users find and edit them there. A wheel
carries copies inside the package (``extractor/_resources/``, placed by setup.py's build step); a source
checkout or an editable install reads the top-level directories themselves.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from .errors import ConfigurationError

__all__ = ["RESOURCE_DIRS", "data_lines", "data_rows", "resource_dir"]

#: The top-level data directories shipped in the wheel.
RESOURCE_DIRS = ("prompts", "schemas")


@cache
def resource_dir(name: str) -> Traversable:
    """The ``prompts`` or ``schemas`` directory: the packaged copy in a wheel, else the checkout's own."""
    if name not in RESOURCE_DIRS:
        raise ValueError(f"unknown resource directory {name!r}")
    packaged = files("extractor") / "_resources" / name
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / name
    if checkout.is_dir():
        return checkout
    raise ConfigurationError(f"the {name}/ directory is missing: reinstall incident-extractor")


def data_lines(name: str) -> list[str]:
    """The lines of the packaged table ``extractor/data/<name>``, without blank lines and ``#`` comments."""
    text = (files("extractor") / "data" / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def data_rows(name: str) -> list[dict[str, str]]:
    """The rows of the packaged CSV table ``extractor/data/<name>`` (header first), values as written."""
    return list(csv.DictReader(io.StringIO("\n".join(data_lines(name)))))

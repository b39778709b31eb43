"""Where the editable data lives: ``prompts/`` (templates, worked examples) and ``schemas/`` (JSON Schemas).

Both sit at the repository's top level, beside ``extractor/``, so users find and edit them there. A wheel
carries copies inside the package (``extractor/_resources/``, placed by setup.py's build step); a source
checkout or an editable install reads the top-level directories themselves.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from .errors import ConfigurationError

__all__ = ["RESOURCE_DIRS", "resource_dir"]

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

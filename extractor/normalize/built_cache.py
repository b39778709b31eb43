"""Data structures that are slow to build and never change for given inputs, kept on disk between processes.

The town index takes 3-5 s of CPU to build from GeoNames' JSON and 0.3 s to read back with marshal, so
every ``extractor extract`` and the start of every batch would otherwise pay seconds before the first
article. Files live under the user directory ($EXTRACTOR_HOME/cache, see config.user_dir) and are named
by a key that covers everything the structure depends on (data versions, build code format, Python
version, since marshal's format follows it). A missing, unreadable or corrupt file is rebuilt; a
directory that cannot be written only costs the rebuild.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ..config import user_dir

T = TypeVar("T")


def cache_path(name: str, key: str) -> Path:
    digest = hashlib.sha256(f"{key}|py{sys.version_info[0]}.{sys.version_info[1]}".encode()).hexdigest()[:16]
    return user_dir() / "cache" / f"{name}-{digest}.marshal"


def load_or_build(name: str, key: str, build: Callable[[], T]) -> T:
    """The value stored for (name, key), else ``build()`` stored for next time. Values must be marshal-able
    (tuples, lists, dicts, sets, strings, numbers)."""
    path = cache_path(name, key)
    try:
        # loads(read()): marshal.load on a file object reads in small pieces, 4x slower here
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass  # absent, unreadable or truncated by a crash mid-write (writes are atomic, but be safe)
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(marshal.dumps(value))  # type: ignore[arg-type]  # T is marshal-able by contract
            os.replace(tmp, path)  # readers see the whole file or none
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass  # read-only or full disk: next process builds again
    return value

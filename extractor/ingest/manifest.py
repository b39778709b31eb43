"""A manifest: one row per article file with its publication date, source and URL (``manifest.csv`` or
``manifest.jsonl`` beside the articles, or a file given with ``--manifest``).

Columns: ``path`` (relative to the manifest's folder, or absolute), ``published`` (YYYY-MM-DD), ``source``,
``url``; other columns are ignored. A manifest that cannot be read, or a row with a bad date, is an InputError
naming the manifest and its line: it would give wrong dates to every article it lists, so it stops the run.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..article import parse_published
from ..errors import InputError

#: The names a manifest found in an input folder may have, in the order they are looked for.
MANIFEST_NAMES = ("manifest.csv", "manifest.jsonl")
COLUMNS = ("path", "published", "source", "url")


@dataclass(frozen=True)
class ManifestEntry:
    published: str | None = None
    source: str | None = None
    url: str | None = None


class Manifest:
    """The rows of a manifest, looked up by the article file they name."""

    def __init__(self, entries: dict[str, ManifestEntry], name: str = "manifest") -> None:
        self._entries = entries
        self.name = name

    def __len__(self) -> int:
        return len(self._entries)

    def lookup(self, path: str | Path) -> ManifestEntry | None:
        """The row naming ``path`` (compared as resolved absolute paths), or None."""
        return self._entries.get(_key(Path(path)))

    @classmethod
    def load(cls, path: str | Path) -> Manifest:
        """Read a .csv or .jsonl manifest; paths in it are taken relative to the manifest's own folder."""
        path = Path(path)
        try:
            rows = list(_rows(path))
        except OSError as exc:
            raise InputError(f"{path}: cannot read the manifest: {exc.strerror or exc}") from None
        except (UnicodeDecodeError, csv.Error) as exc:
            raise InputError(f"{path}: cannot read the manifest: {exc}") from None
        entries: dict[str, ManifestEntry] = {}
        for line, row in rows:
            where = f"{path.name} line {line}"
            target = str(row.get("path") or "").strip()
            if not target:
                raise InputError(f"{where}: the manifest row has no 'path'")
            published = _text(row.get("published"))
            if published:
                published = parse_published(published, f"{where} ({target})").isoformat()  # type: ignore[union-attr]
            entries[_key(path.parent / target)] = ManifestEntry(
                published, _text(row.get("source")), _text(row.get("url"))
            )
        return cls(entries, str(path))

    @classmethod
    def in_folder(cls, folder: str | Path) -> Manifest | None:
        """The manifest lying in ``folder`` (manifest.csv, else manifest.jsonl), or None."""
        for name in MANIFEST_NAMES:
            candidate = Path(folder) / name
            if candidate.is_file():
                return cls.load(candidate)
        return None


def _rows(path: Path):
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        with path.open(encoding="utf-8-sig") as handle:
            for line, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                try:
                    item = json.loads(raw)
                except ValueError as exc:
                    raise InputError(f"{path.name} line {line}: not valid JSON ({exc})") from None
                if not isinstance(item, dict):
                    raise InputError(f"{path.name} line {line}: expected a JSON object")
                yield line, item
        return
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or "path" not in reader.fieldnames:
            raise InputError(f"{path}: the manifest's header must name a 'path' column (and published, source, url)")
        for row in reader:
            if any((value or "").strip() for value in row.values() if isinstance(value, str)):
                yield reader.line_num, row


def _text(value: object) -> str | None:
    text = "" if value is None else str(value).strip()
    return text or None


def _key(path: Path) -> str:
    return os.path.normcase(str(path.expanduser().resolve()))

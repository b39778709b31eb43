"""Batch inputs, streamed one record at a time: a directory of articles (.txt, .html, .pdf), JSON Lines, or CSV.

A directory's files go through extractor.ingest (format from the content, main text, front matter, the folder's
manifest.csv / manifest.jsonl or ``manifest``, then the ``published`` default); a row's own ``published`` field
comes first, then the default.

Nothing is read ahead, so memory stays flat however large the input. A record that cannot be used (bad JSON,
no text, unreadable file) comes out as an InputRecord with ``error`` set, naming the file and the line: the
job stores it as an error record and goes on.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..article import Article, parse_published
from ..errors import InputError
from ..ingest import ARTICLE_SUFFIXES, Manifest, read_path

#: Fields with a meaning; any other field of a JSONL or CSV record is kept as metadata.
KNOWN_FIELDS = ("id", "text", "published", "source", "url")
_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
_FIELD_LIMIT = min(sys.maxsize, 2**31 - 1)


@dataclass(frozen=True)
class InputRecord:
    """One article as read, or the reason it could not be read (``error``)."""

    ordinal: int  # position in the input, from 1: a line number for JSONL and CSV, a file index for a directory
    #: the record's id; a JSONL or CSV record without one is named by its text's hash (a malformed line, which
    #: has no text, by "file:line")
    article_id: str
    where: str  # "articles.jsonl line 7": how messages name this record
    text: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    #: where ``published`` came from (extractor.ingest.PublishedFrom); None for records built by the Python API
    published_from: str | None = None
    input_format: str | None = None  # text, html, pdf (a file) or record (a JSONL/CSV row)
    page_starts: tuple[int, ...] = ()  # a PDF's page-offset table: where each page starts in ``text``


def read_inputs(
    path: str | Path, *, manifest: str | Path | None = None, published: str | None = None
) -> Iterator[InputRecord]:
    """The records of a directory (.txt/.html/.pdf files, recursively, in name order), a JSONL file or a CSV file.

    ``manifest``: a manifest file for a directory's articles (default: the directory's own manifest.csv or
    manifest.jsonl); ``published``: the date of every article that has none of its own. A bad manifest or
    default date is an InputError before any record is read."""
    path = Path(path)
    if published:
        parse_published(published, "--published")  # a bad default is one error before anything runs
    if path.is_dir():
        found = Manifest.load(manifest) if manifest else Manifest.in_folder(path)
        return _read_directory(path, found, published)
    if not path.exists():
        raise InputError(f"{path}: no such file or directory")
    if manifest:
        raise InputError(f"{manifest}: a manifest names the files of a directory; {path} is not one")
    suffix = path.suffix.lower()
    if suffix in _JSONL_SUFFIXES:
        return _with_default(_read_jsonl(path), published)
    if suffix in (".csv", ".tsv"):
        return _with_default(_read_csv(path, delimiter="\t" if suffix == ".tsv" else ","), published)
    raise InputError(
        f"{path}: unknown input kind; give a directory of articles (.txt, .html, .pdf), a .jsonl file or a .csv file"
    )


def count_inputs(path: str | Path) -> int | None:
    """How many records ``read_inputs`` will yield (a fast pass for progress bars); None if unknown."""
    path = Path(path)
    try:
        if path.is_dir():
            return sum(1 for _ in _walk_articles(path))
        if path.suffix.lower() in _JSONL_SUFFIXES:
            with path.open("rb") as handle:
                return sum(1 for line in handle if line.strip())
        with path.open(encoding="utf-8-sig", newline="") as handle:
            with _wide_csv_fields():  # a counting pass, consumed here: nothing escapes while the limit is raised
                return max(sum(1 for _ in csv.reader(handle)) - 1, 0)
    except (OSError, UnicodeDecodeError, csv.Error):
        return None


def records_from_objects(items: Iterable[Any], name: str = "articles") -> Iterator[InputRecord]:
    """Records for the Python API: strings, Articles, or mappings with the JSONL fields."""
    for ordinal, item in enumerate(items, start=1):
        where = f"{name} item {ordinal}"
        if isinstance(item, str):
            yield InputRecord(ordinal, f"{name}:{ordinal}", where, text=item)
        elif isinstance(item, Article):
            published = item.published.isoformat() if item.published else None
            yield InputRecord(
                ordinal,
                item.article_id or f"{name}:{ordinal}",
                where,
                text=item.text,
                published=published,
                source=item.source,
            )
        elif isinstance(item, Mapping):
            yield record_from_mapping(item, ordinal, f"{name}:{ordinal}", where)
        else:
            yield InputRecord(
                ordinal,
                f"{name}:{ordinal}",
                where,
                error=f"{where}: expected a string, an Article or a mapping, got {type(item).__name__}",
            )


def _walk_articles(root: Path) -> Iterator[Path]:
    # os.walk with sorted names streams a deterministic order without listing the whole tree first.
    for directory, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for filename in sorted(filenames):
            if filename.lower().endswith(ARTICLE_SUFFIXES):
                yield Path(directory, filename)


def _read_directory(root: Path, manifest: Manifest | None, published: str | None) -> Iterator[InputRecord]:
    for ordinal, file in enumerate(_walk_articles(root), start=1):
        relative = file.relative_to(root)
        # A .txt is named without its suffix (as before: resumed jobs keep their ids); a page or a PDF keeps it,
        # so report.txt and report.pdf side by side stay two articles.
        article_id = (relative.with_suffix("") if file.suffix.lower() == ".txt" else relative).as_posix()
        where = str(file)
        try:
            document = read_path(file, manifest=manifest, published=published)
        except InputError as exc:
            yield InputRecord(ordinal, article_id, where, error=exc.message)
            continue
        yield InputRecord(
            ordinal,
            article_id,
            where,
            text=document.text,
            published=document.published,
            source=document.source,
            url=document.url,
            metadata=document.metadata(),
            published_from=document.published_from,
            input_format=document.format,
            page_starts=document.page_starts,
        )


def _with_default(records: Iterator[InputRecord], published: str | None) -> Iterator[InputRecord]:
    """A row's own date first, then the default: each record says which it got."""
    for record in records:
        if record.error is not None:
            yield record
        elif record.published:
            yield replace(record, published_from="record", input_format="record")
        else:
            yield replace(
                record,
                published=published or None,
                published_from="option" if published else "none",
                input_format="record",
            )


def _read_jsonl(path: Path) -> Iterator[InputRecord]:
    with path.open("rb") as handle:
        for line_no, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            where = f"{path.name} line {line_no}"
            fallback_id = f"{path.name}:{line_no}"
            try:
                item = json.loads(raw)
            except (UnicodeDecodeError, ValueError) as exc:
                yield InputRecord(line_no, fallback_id, where, error=f"{where}: not valid JSON ({_brief(exc)})")
                continue
            if not isinstance(item, dict):
                yield InputRecord(
                    line_no, fallback_id, where, error=f"{where}: expected a JSON object, got {type(item).__name__}"
                )
                continue
            yield record_from_mapping(item, line_no, fallback_id, where, id_from_text=True)


@contextmanager
def _wide_csv_fields() -> Iterator[None]:
    """csv's field limit (128 KiB) is process-wide; articles can be longer. It is raised only while one row is
    parsed and restored before control returns to the caller, so the library leaves the process as it found it."""
    previous = csv.field_size_limit(_FIELD_LIMIT)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _next_row(reader: Any) -> list[str]:
    with _wide_csv_fields():
        return next(reader)


def _read_csv(path: Path, delimiter: str) -> Iterator[InputRecord]:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    with handle:
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            header = _next_row(reader)
        except StopIteration:
            header = None
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError(f"{path.name} line 1: unreadable CSV header ({_brief(exc)})") from None
        if not header or "text" not in header:
            raise InputError(
                f"{path.name}: the CSV header must name a 'text' column (and optionally id, published, source, url)"
            )
        while True:
            line_no = reader.line_num + 1  # where the next record starts
            where = f"{path.name} line {line_no}"
            try:
                row = _next_row(reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as exc:
                yield InputRecord(line_no, f"{path.name}:{line_no}", where, error=f"{where}: {_brief(exc)}")
                continue
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                yield InputRecord(
                    line_no,
                    f"{path.name}:{line_no}",
                    where,
                    error=f"{where}: {len(row)} fields, the header has {len(header)}",
                )
                continue
            yield record_from_mapping(
                dict(zip(header, row)), line_no, f"{path.name}:{line_no}", where, id_from_text=True
            )


def record_from_mapping(
    item: Mapping[str, Any], ordinal: int, fallback_id: str, where: str, *, id_from_text: bool = False
) -> InputRecord:
    """One input record from a JSON object, CSV row or Ray row (shared by the file readers and the Ray job).

    ``id_from_text``: a record without an id gets ``sha256:<text hash>`` (files: stable when lines are inserted
    or reordered, so a resumed job does not re-run them); otherwise ``fallback_id``."""
    raw_id = item.get("id")
    text = item.get("text")
    if raw_id is not None and raw_id != "":
        article_id = str(raw_id)
    elif id_from_text and isinstance(text, str):
        article_id = "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    else:
        article_id = fallback_id
    if not isinstance(text, str):
        problem = "has no 'text' field" if text is None else f"'text' must be a string, got {type(text).__name__}"
        return InputRecord(ordinal, article_id, where, error=f"{where}: {problem}")
    optional: dict[str, Any] = {}
    for name in ("published", "source", "url"):
        value = item.get(name)
        optional[name] = None if value is None or value == "" else str(value)
    metadata = {k: v for k, v in item.items() if k not in KNOWN_FIELDS}
    return InputRecord(ordinal, article_id, where, text=text, metadata=metadata, **optional)


def _brief(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]

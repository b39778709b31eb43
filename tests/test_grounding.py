from __future__ import annotations

import pytest

from extractor.grounding import Aligner, align

TEXT = "Le 3 mars, à Ségou, une roquette Katyusha\u2019s   hit  the  AIRPORT of Baghdad. Straße closed."


@pytest.mark.parametrize("quote, alignment", [
    ("Ségou", "exact"),
    ("katyusha's hit the airport", "normalized"),  # case, curly apostrophe, runs of spaces
    ("Strasse", "normalized"),  # casefold lengthens ß: offsets must still slice the original
    ("the airport of Bagdad", "fuzzy"),
])
def test_alignment_kinds_and_offsets_slice_the_original(quote, alignment):
    evidence = align(quote, TEXT)
    assert evidence is not None and evidence.alignment == alignment
    assert TEXT[evidence.start:evidence.end] == evidence.quote


def test_fuzzy_spans_are_widened_to_whole_words():
    evidence = align("the airport of Bagdad", TEXT)
    assert evidence.quote == "the  AIRPORT of Baghdad"


@pytest.mark.parametrize("quote", [None, "", "   ", "Mosul", "an entirely different sentence"])
def test_unalignable_quotes_are_none(quote):
    assert align(quote, TEXT) is None


def test_short_quotes_are_never_fuzzy():
    assert Aligner("Attack in Kano").align("Kane") is None

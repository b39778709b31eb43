"""Slow-to-build data kept on disk between processes: built once, read back, rebuilt when damaged."""

from __future__ import annotations

import os

from extractor.normalize import places
from extractor.normalize.built_cache import cache_path, load_or_build


def counting_builder(value):
    calls = []

    def build():
        calls.append(1)
        return value

    return build, calls


def test_builds_once_then_reads_back(tmp_path):
    value = ([("Kano", "NG", 1.5, 7)], {"kano": (0,)}, frozenset({"a"}))
    build, calls = counting_builder(value)
    assert load_or_build("demo", "k1", build) == value
    assert load_or_build("demo", "k1", build) == value
    assert len(calls) == 1
    assert cache_path("demo", "k1").parent == tmp_path / "extractor-home" / "cache"  # under $EXTRACTOR_HOME


def test_a_different_key_is_a_different_file():
    build, calls = counting_builder({"x": 1})
    load_or_build("demo", "v1", build)
    load_or_build("demo", "v2", build)
    assert len(calls) == 2 and cache_path("demo", "v1") != cache_path("demo", "v2")


def test_a_damaged_file_is_rebuilt_and_replaced():
    build, calls = counting_builder({"x": (1, 2)})
    load_or_build("demo", "k", build)
    path = cache_path("demo", "k")
    path.write_bytes(path.read_bytes()[:3])  # as if cut off
    assert load_or_build("demo", "k", build) == {"x": (1, 2)}
    assert len(calls) == 2
    assert load_or_build("demo", "k", build) == {"x": (1, 2)} and len(calls) == 2


def test_an_unwritable_home_still_returns_the_value(tmp_path, monkeypatch):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the directory should be")
    monkeypatch.setenv("EXTRACTOR_HOME", str(blocked))
    build, calls = counting_builder([1, 2, 3])
    assert load_or_build("demo", "k", build) == [1, 2, 3]
    assert load_or_build("demo", "k", build) == [1, 2, 3]
    assert len(calls) == 2
    assert not any(name.endswith(".tmp") for name in os.listdir(tmp_path))


def test_the_town_index_is_stored_and_read_back_identically(tmp_path):
    places._towns.cache_clear()
    built = places._towns()
    stored = list((tmp_path / "extractor-home" / "cache").glob("towns-*.marshal"))
    assert len(stored) == 1
    places._towns.cache_clear()
    read_back = places._towns()
    assert read_back == built and read_back[1]["baghdad"] == built[1]["baghdad"]
    assert places.geocode("Baghdad").place.country == "IQ"

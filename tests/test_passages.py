"""Long documents: passages on paragraph boundaries, every passage answered, offsets on the whole text, shared
incidents merged once (issue 18, item 4). The 30,000-word report is generated here from invented paragraphs."""

from __future__ import annotations

import asyncio
import json
import os
import random
import subprocess
import sys
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import pytest

from extractor import Config, ConfigurationError, Extractor, InputError, ProviderError
from extractor.config import load_config
from extractor.passages import (
    CHARS_PER_TOKEN,
    PROMPT_TOKENS,
    merge_passages,
    passage_chars,
    shift,
    split_passages,
)
from extractor.schemas import Evidence, Incident
from extractor.testing import FaultInjectingServer, article_text, passage_responder

PUBLISHED = "2024-06-30"
STATES = ("Zamfara", "Katsina", "Sokoto", "Kebbi", "Niger", "Kaduna")
MONTHS = ("March", "April", "May")
NUMBERS = ("two", "three", "four", "five", "six", "seven", "eight", "nine")
SYLLABLES = ("ka", "ru", "ma", "tse", "bo", "di", "gal", "wan", "zu", "ri", "dan", "yo")
# Invented filler: background, aid and method sentences that name no incident.
FILLER = (
    "Aid agencies in the region reported that access to several districts remained difficult during the period.",
    "Markets in the larger towns reopened gradually, although traders said prices for grain had risen sharply.",
    "The monitoring team relies on a network of local contacts, whose accounts are checked against each other.",
    "Farmers in the valley delayed planting because many fields lie far from the settlements.",
    "Local radio stations broadcast appeals for calm and urged residents to report suspicious movements.",
    "Health workers described shortages of basic medicine at the district clinic and at two mobile posts.",
    "Community leaders met with officials to discuss patrols along the roads that link the weekly markets.",
    "Figures in this section are provisional and may change as further accounts reach the team.",
    "School attendance fell in the affected areas, according to teachers who spoke to the monitors.",
    "Rainfall was below the seasonal average, which added to the pressure on water points.",
)


@dataclass
class Told:
    """One incident paragraph of the generated report: where it is and what the model answers for it."""

    start: int
    end: int
    draft: dict[str, Any]


def village(n: int) -> str:
    """An invented village name, different for every n below 144."""
    k = len(SYLLABLES)
    return (SYLLABLES[n % k] + SYLLABLES[(n // k) % k] + SYLLABLES[(7 * n + 3) % k]).capitalize()


def long_report(words: int = 30_000, every: int = 6, seed: int = 18) -> tuple[str, list[Told], Told]:
    """A situation report of about ``words`` words: filler paragraphs, an incident paragraph every ``every``
    paragraphs (each in its own village, on its own day), and at the end a recap of the first incident in other
    words (the same event, which the events matcher must merge)."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    told: list[tuple[int, dict[str, Any]]] = []
    count = 0
    while count < words:
        if len(paragraphs) % every == every - 1:
            n = len(told)
            name, state = village(n), STATES[n % len(STATES)]
            day, month = 1 + n % 28, MONTHS[(n // 28) % len(MONTHS)]
            killed = f"{NUMBERS[n % len(NUMBERS)]} farmers"
            quote = f"gunmen stormed {name}"
            text = (
                f"On {day} {month}, {quote} in {state} State, Nigeria, and shot dead {killed}, residents said. "
                + " ".join(rng.sample(FILLER, 2))
            )
            draft = {
                "primary": True,
                "type_quote": quote,
                "sub_event_type": "Attack",
                "date_text": f"On {day} {month}",
                "country": "Nigeria",
                "admin1": state,
                "locality": name,
                "perpetrator": "gunmen",
                "target": None,
                "weapon": None,
                "killed": killed,
            }
            told.append((len(paragraphs), draft))
        else:
            text = " ".join(rng.sample(FILLER, rng.randint(3, 6)))
        paragraphs.append(text)
        count += len(text.split())
    first = told[0][1]
    recap_quote = f"the raid on {first['locality']}"
    recap_text = (
        f"Looking back, {recap_quote} on {first['date_text'][3:]} remains the deadliest single event "
        f"of the period in {first['admin1']} State, Nigeria."
    )
    recap = {
        "primary": False,
        "type_quote": recap_quote,
        "sub_event_type": "Attack",
        "date_text": f"on {first['date_text'][3:]}",
        "country": "Nigeria",
        "admin1": first["admin1"],
        "locality": first["locality"],
    }
    paragraphs.append(recap_text)
    text = "\n\n".join(paragraphs)
    starts, offset = [], 0
    for paragraph in paragraphs:
        starts.append(offset)
        offset += len(paragraph) + 2
    incidents = [Told(starts[i], starts[i] + len(paragraphs[i]), draft) for i, draft in told]
    return text, incidents, Told(starts[-1], starts[-1] + len(recap_text), recap)


def one_call(server: FaultInjectingServer, **changes: Any) -> Config:
    return Config(backend="openai", model="m", base_url=server.base_url, api_key="k", transport_retries=0, **changes)


async def extract_async(extractor: Extractor, text: str) -> Any:
    """``aextract`` in a loop of its own, closing the loop's connections before it ends."""
    try:
        return await extractor.aextract(text, published=PUBLISHED, article_id="report")
    finally:
        await extractor.engine.aclose_async()


def check_offsets(text: str, incidents: list[Incident]) -> None:
    for incident in incidents:
        for name, span in incident.evidence.items():
            assert text[span.start : span.end] == span.quote, (name, span)


# -- splitting -----------------------------------------------------------------------------------------------


def test_a_text_that_fits_is_one_passage_and_the_default_size_is_what_the_context_holds():
    assert [(p.start, p.end) for p in split_passages("Short text.\n\nTwo paragraphs.", 1000)] == [(0, 28)]
    assert passage_chars(Config()) == (8192 - PROMPT_TOKENS - 1536) * CHARS_PER_TOKEN
    assert passage_chars(Config(n_ctx=16384, max_tokens=1000)) == (16384 - PROMPT_TOKENS - 1000) * CHARS_PER_TOKEN
    assert passage_chars(Config(max_passage_tokens=500)) == 500 * CHARS_PER_TOKEN
    with pytest.raises(ConfigurationError, match="max_passage_tokens must be positive"):
        Config(max_passage_tokens=0)


def test_passages_cut_between_paragraphs_stay_within_size_and_overlap_by_whole_paragraphs():
    text, _, _ = long_report(words=3000)
    bounds = {0} | {i + 2 for i in range(len(text)) if text.startswith("\n\n", i)}
    ends = {i for i in range(len(text)) if text.startswith("\n\n", i)} | {len(text)}
    passages = split_passages(text, 2000)
    assert len(passages) > 5
    for before, after in pairwise(passages):
        assert after.start in bounds and before.end in ends
        assert before.start < after.start < before.end < after.end  # overlaps and moves on
    assert all(p.text == text[p.start : p.end] and len(p.text) <= 2000 for p in passages)
    assert (passages[0].start, passages[-1].end) == (0, len(text))


def test_a_paragraph_longer_than_a_passage_is_cut_at_sentence_ends_then_spaces():
    sentences = " ".join(f"Sentence number {n} of a very long paragraph ends here." for n in range(60))
    text = "Intro paragraph.\n\n" + sentences + "\n\n" + "x" * 50 + " " + "y" * 400
    passages = split_passages(text, 300)
    assert all(len(p.text) <= 300 and p.text == text[p.start : p.end] for p in passages)
    assert all(p.text.endswith((".", "x", "y")) for p in passages)
    covered = set().union(*(range(p.start, p.end) for p in passages))
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())


def test_merging_keeps_one_passages_incidents_apart_and_shared_words_once():
    def incident(start: int, locality: str | None) -> Incident:
        span = Evidence(quote="x" * 5, start=start, end=start + 5, alignment="exact")
        return Incident(
            primary=True,
            event_type="Violence against civilians",
            sub_event_type="Attack",
            locality=locality,
            evidence={"event_type": span},
        )

    from extractor.passages import Passage

    first, second = Passage(0, 0, 100, "x" * 100), Passage(1, 80, 180, "x" * 100)
    # Two undated, unplaced incidents of one passage stay two; the same words read by both passages are one.
    readings = [(first, [incident(10, None), incident(85, None)]), (second, [shift(incident(5, "Kaura"), second)])]
    merged = merge_passages(readings)
    assert [(i.evidence["event_type"].start, i.locality) for i in merged] == [(10, None), (85, "Kaura")]
    assert merged[1].notes[-1] == "read in passages 1, 2 of the text; merged into one incident"


# -- the one-call path on a 30,000-word report -----------------------------------------------------------------


def test_a_30000_word_report_is_read_in_passages_every_one_answered_and_every_offset_right():
    text, told, recap = long_report()
    assert len(text.split()) >= 30_000
    drafts = [t.draft for t in told] + [recap.draft]
    with (
        FaultInjectingServer(passage_responder(drafts)) as server,
        Extractor(one_call(server, candidate_mode=False)) as extractor,
    ):
        result = extractor.extract(text, published=PUBLISHED, article_id="report")
        expected = split_passages(text, passage_chars(extractor.config))
    sent = [article_text(r.body) for r in server.requests]
    assert len(expected) > 5 and sent == [p.text for p in expected]  # every passage asked once, in order
    assert all(r.fault == "ok" for r in server.requests)
    provenance = result.provenance
    assert provenance.passages == len(expected) and provenance.attempts == len(expected)
    assert provenance.usage.prompt_tokens == 100 * len(expected)
    assert provenance.outcomes == [f"passage {n}: ok" for n in range(1, len(expected) + 1)]

    # Incidents told in an overlap were answered twice; each incident comes out once, the recap merged into
    # the incident it recalls (the events matcher: the same village, day and type).
    answered_twice = [t for t in told if sum(t.draft["type_quote"] in s for s in sent) == 2]
    assert answered_twice
    assert len(result.incidents) == len(told)
    check_offsets(text, result.incidents)
    for incident, t in zip(result.incidents, told, strict=True):
        span = incident.evidence["event_type"]
        assert span.quote == t.draft["type_quote"] and t.start <= span.start < span.end <= t.end
        assert incident.locality == t.draft["locality"] and incident.date is not None
    # The first incident is told only in passage 1; the recap at the end (last passage) is the same event.
    first = result.incidents[0]
    assert first.primary
    assert first.notes[-1] == f"read in passages 1, {len(expected)} of the text; merged into one incident"
    twice = {t.draft["locality"] for t in answered_twice}
    assert all(i.notes[-1].endswith("merged into one incident") for i in result.incidents if i.locality in twice)


def test_the_async_path_reads_passages_concurrently_and_gives_the_same_incidents():
    text, told, recap = long_report(words=8000)
    drafts = [t.draft for t in told] + [recap.draft]
    with FaultInjectingServer(passage_responder(drafts), latency_s=0.2) as server:
        config = one_call(server, candidate_mode=False, max_passage_tokens=1000, max_connections=4)
        with Extractor(config) as extractor:
            sync = extractor.extract(text, published=PUBLISHED, article_id="report")
            server.requests.clear()
            result = asyncio.run(extract_async(extractor, text))
    times = sorted(r.at for r in server.requests)
    assert result.provenance.passages == len(times) > 4
    # at most four in flight: the fifth request waits for one of the first four to be answered
    assert times[3] - times[0] < 0.15 and times[4] - times[0] >= 0.15
    assert [i.model_dump() for i in result.incidents] == [i.model_dump() for i in sync.incidents]
    check_offsets(text, result.incidents)


def test_a_failed_passage_names_itself_and_keeps_the_cost_of_those_before_it():
    text, told, _ = long_report(words=3000)
    with (
        FaultInjectingServer(passage_responder([t.draft for t in told]), script=["ok", "500"]) as server,
        Extractor(one_call(server, candidate_mode=False, max_passage_tokens=1000)) as extractor,
        pytest.raises(ProviderError, match=r"^passage 2 of \d+ \(characters \d+-\d+\): ") as caught,
    ):
        extractor.extract(text, published=PUBLISHED)
    assert caught.value.attempts == 2 and caught.value.usage.prompt_tokens >= 100


def test_a_failed_passage_on_the_async_path_stops_the_others_and_names_itself():
    text, told, _ = long_report(words=3000)
    with (
        FaultInjectingServer(passage_responder([t.draft for t in told]), script=["ok", "500"]) as server,
        Extractor(one_call(server, candidate_mode=False, max_passage_tokens=1000, max_connections=1)) as extractor,
    ):
        total = len(split_passages(text, passage_chars(extractor.config)))
        assert total > 4
        with pytest.raises(ProviderError, match=r"^passage 2 of \d+ \(characters \d+-\d+\): ") as caught:
            asyncio.run(extract_async(extractor, text))
        # one at a time: the third passage may have been sent as the second failed; the rest were cancelled
        assert [r.fault for r in server.requests][:2] == ["ok", "500"] and len(server.requests) <= 3
    assert caught.value.attempts == 2 and caught.value.usage.prompt_tokens >= 100


def test_the_provider_batch_path_refuses_a_text_that_needs_passages_by_name():
    text, _, _ = long_report(words=3000)
    with FaultInjectingServer() as server, Extractor(one_call(server, max_passage_tokens=1000)) as extractor:
        with pytest.raises(InputError, match="long: the text is .* characters, more than one request holds"):
            extractor.request_body(text, article_id="long")
        assert extractor.request_body("A short article.", article_id="short")["messages"]
    assert server.requests == []


# -- the embedded engine on the same report ---------------------------------------------------------------------


def test_the_embedded_engine_reads_the_long_report_with_offsets_on_the_whole_text():
    text, told, _ = long_report()
    with Extractor(Config(backend="rules")) as extractor:
        result = extractor.extract(text, published=PUBLISHED, article_id="report")
    check_offsets(text, result.incidents)
    # one incident per incident paragraph, dated and counted
    for t in told:
        inside = [i for i in result.incidents if t.start <= i.evidence["event_type"].start < t.end]
        assert len(inside) == 1, t.draft["type_quote"]
        incident = inside[0]
        assert incident.date is not None and incident.date.day == int(t.draft["date_text"].split()[1])
        assert incident.killed == NUMBERS.index(t.draft["killed"].split()[0]) + 2


# -- the size from the environment and the command line ---------------------------------------------------------


def test_the_passage_size_comes_from_the_environment_or_the_command_line(tmp_path):
    assert load_config({"EXTRACTOR_MAX_PASSAGE_TOKENS": "500"}).max_passage_tokens == 500
    with pytest.raises(ConfigurationError, match="EXTRACTOR_MAX_PASSAGE_TOKENS must be a whole number; got 'lots'"):
        load_config({"EXTRACTOR_MAX_PASSAGE_TOKENS": "lots"})

    text, told, _ = long_report(words=3000)
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EXTRACTOR_", "OPENAI_"))}
    env.update(OPENAI_API_KEY="k", EXTRACTOR_HOME=str(tmp_path / "home"))
    with FaultInjectingServer(passage_responder([t.draft for t in told])) as server:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "extractor",
                "extract",
                str(path),
                "--backend",
                "openai",
                "--base-url",
                server.base_url,
                "--no-candidates",
                "--max-passage-tokens",
                "1000",
                "--published",
                PUBLISHED,
            ],
            capture_output=True,
            env=env,
            timeout=120,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        asked = len(server.requests)
    result = json.loads(done.stdout)
    assert asked == result["provenance"]["passages"] == len(split_passages(text, 1000 * CHARS_PER_TOKEN)) > 1
    assert [i["evidence"]["event_type"]["quote"] for i in result["incidents"]] == [t.draft["type_quote"] for t in told]

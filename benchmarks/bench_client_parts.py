"""Where a request's client CPU goes outside our code: prints figures for upstream proposals, asserts nothing.

    python benchmarks/bench_client_parts.py [--requests 300]

Runs async extractions against the loopback fault-injecting server in this process under cProfile to count, per
request, the calls of instructor's ``reject_async_validators`` (a walk over the response model that instructor
repeats on every call) and of the openai SDK's request building and response construction; then times one
``reject_async_validators`` walk on our response model without the profiler. The walk's result cannot change
for a model class, so caching it per class upstream would save calls x time per request.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import logging
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fake_server import ANSWER  # noqa: E402

from extractor import Config, Extractor  # noqa: E402
from extractor.testing import FaultInjectingServer  # noqa: E402

WATCHED = {
    "reject_async_validators": "instructor: async-validator walk of the response model",
    "_build_request": "openai SDK: building the HTTP request",
    "_process_response": "openai SDK: constructing the ChatCompletion",
    "parse_response": "instructor: parsing and validating the answer",
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    logging.getLogger("instructor").setLevel(logging.CRITICAL)
    text = "Gunmen attacked a village near Kano on Monday, killing two people, police said."
    with FaultInjectingServer(lambda body: ANSWER) as server:
        config = Config(
            backend="openai", model="m", api_key="bench-key", base_url=server.base_url, candidate_mode=False
        )
        extractor = Extractor(config)

        async def run(n: int) -> None:
            for i in range(n):
                await extractor.aextract(f"{text} Report {i}.", published="2021-03-09")
            await extractor.aclose()

        asyncio.run(run(20))  # warm-up: imports, gazetteer, the prepared response model
        profile = cProfile.Profile()
        profile.enable()
        asyncio.run(run(args.requests))
        profile.disable()
    stats = pstats.Stats(profile).stats  # {(file, line, name): (primitive calls, calls, tottime, cumtime, callers)}
    for name, label in WATCHED.items():
        calls = sum(row[1] for key, row in stats.items() if key[2] == name)
        print(f"{label}: {calls / args.requests:.1f} calls per request")

    from instructor.v2.validation.async_validators import reject_async_validators

    from extractor.engines.base import prepared_model
    from extractor.schemas import ExtractionDraft

    model = prepared_model(ExtractionDraft)
    for _ in range(200):
        reject_async_validators(model)
    repeats = 3000
    started = time.process_time()
    for _ in range(repeats):
        reject_async_validators(model)
    per_call = 1000 * (time.process_time() - started) / repeats
    walks = sum(row[1] for key, row in stats.items() if key[2] == "reject_async_validators") / args.requests
    print(
        f"one reject_async_validators walk of our response model: {per_call:.3f} ms of CPU "
        f"-> {per_call * walks:.2f} ms per request that a per-class cache upstream would save"
    )


if __name__ == "__main__":
    main()

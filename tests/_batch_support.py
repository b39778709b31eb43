"""Shared by the batch tests: a grounded answer for generated articles and an Extractor on the fault server."""

from __future__ import annotations

import json

from extractor import Config, Extractor
from extractor.engines.openai import OpenAIEngine
from extractor.retry import TransportRetry

ANSWER = json.dumps(
    {
        "incidents": [
            {
                "primary": True,
                "event_type": "Violence against civilians",
                "sub_event_type": "Attack",
                "type_quote": "Gunmen attacked a village",
                "date_text": "on Monday",
                "locality": "Kano",
                "perpetrator": "Gunmen",
                "target": "a village",
            }
        ]
    }
)


def article_text(i: int) -> str:
    return f"Gunmen attacked a village near Kano on Monday, police said. Report number {i}."


def write_jsonl(path, n: int, *, extra: list[str] = ()) -> None:
    lines = [
        json.dumps({"id": f"a{i}", "text": article_text(i), "published": "2021-03-09", "source": "wire"})
        for i in range(n)
    ]
    path.write_text("\n".join([*lines, *extra]) + "\n", encoding="utf-8")


async def _no_wait(seconds: float) -> None:
    return None


def make_extractor(server, *, model: str = "gpt-4o-mini", retries: int = 2, max_reasks: int = 1) -> Extractor:
    """Transport retries without real waiting, so fault tests stay fast and deterministic."""
    config = Config(
        backend="openai",
        model=model,
        api_key="test-key",
        base_url=server.base_url,
        candidate_mode=False,
        timeout_s=5.0,
        max_reasks=max_reasks,
    )
    retry = TransportRetry(retries=retries, max_wait_s=1, sleep=lambda s: None, asleep=_no_wait)
    return Extractor(config, engine=OpenAIEngine(config, retry=retry))

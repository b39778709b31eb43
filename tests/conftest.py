"""Shared fixtures: an isolated environment, cassette settings, and the fault-injecting server."""

from __future__ import annotations

import os

import pytest

from extractor.testing import FaultInjectingServer

_ENV = (
    "EXTRACTOR_BACKEND",
    "EXTRACTOR_MODEL",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "EXTRACTOR_LOCAL_MODEL",
    "EXTRACTOR_STRUCTURED_OUTPUT",
    "EXTRACTOR_CANDIDATES",
    "EXTRACTOR_HOME",
    "EXTRACTOR_STRATEGY",
    "EXTRACTOR_MAX_PASSAGE_TOKENS",
)


def pytest_configure(config):
    # As the CLI does (extractor/cli): llama.cpp's OpenMP threads would otherwise spin while idle, and on a busy
    # two-core machine the embedded tests then burn several times the CPU. Set before llama.cpp is loaded.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch, tmp_path):
    """No test sees the developer's keys or settings; user state goes to a temporary directory."""
    for name in _ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("EXTRACTOR_HOME", str(tmp_path / "extractor-home"))


@pytest.fixture(scope="module")
def vcr_config():
    # Match on the body too: a changed prompt or schema must fail loudly, not replay a stale answer.
    return {
        "filter_headers": ["authorization", "api-key", "x-api-key", "openai-organization", "openai-project"],
        "match_on": ["method", "path", "body"],
        "decode_compressed_response": True,
    }


@pytest.fixture
def fault_server():
    """Factory: ``fault_server(responder, script=[...], ...)`` started on loopback, stopped after the test."""
    servers: list[FaultInjectingServer] = []

    def start(*args, **kwargs) -> FaultInjectingServer:
        server = FaultInjectingServer(*args, **kwargs).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory):
    """The review app's demo job store, built once per run (its first geocoding loads the gazetteer); tests
    copy it before writing to it."""
    from extractor.review.demo import build_demo_store

    root = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("EXTRACTOR_HOME", str(root / "extractor-home"))
        return build_demo_store(root / "job.db")

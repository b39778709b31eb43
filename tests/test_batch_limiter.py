"""Limiter arithmetic on a fake clock: bursts, refill, per-minute windows, token debt and corrections."""

from __future__ import annotations

import pytest

from extractor.batch.limiter import Limiter, TokenBucket, TokenEstimator
from extractor.batch.prices import PriceTable


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_bucket_burst_then_refill_rate():
    clock = FakeClock()
    bucket = TokenBucket(600, clock=clock)  # 10 per second
    assert bucket.burst == 10 and bucket.rate == pytest.approx((600 - 10) / 60)
    for _ in range(10):
        assert bucket.wait_time(1) == 0
        bucket.take(1)
    assert bucket.wait_time(1) == pytest.approx(1 / bucket.rate)
    clock.now += 1.0
    assert bucket.wait_time(1) == 0


async def test_no_sixty_second_window_exceeds_the_limit():
    clock = FakeClock()
    limiter = Limiter(rpm=120, clock=clock, sleep=clock.sleep)
    grants = []
    for _ in range(400):
        await limiter.acquire(0)
        grants.append(clock.now)
    for i, start in enumerate(grants):
        in_window = sum(1 for t in grants[i:] if t < start + 60)
        assert in_window <= 120
    # and the limit is used: 400 grants take about 400 / 118 minutes, not more
    assert grants[-1] / 60 == pytest.approx((400 - 2) / 118, rel=0.02)


async def test_token_bucket_goes_into_debt_for_a_big_request_and_is_corrected():
    clock = FakeClock()
    limiter = Limiter(tpm=6000, clock=clock, sleep=clock.sleep)  # burst 100 tokens, ~98.3 per second
    await limiter.acquire(1000)  # larger than the burst: allowed on a full bucket, leaves a debt
    assert clock.now == 0
    assert limiter.tokens.level == pytest.approx(100 - 1000)
    limiter.settle(1000, 400)  # it used fewer tokens than estimated: the difference comes back
    assert limiter.tokens.level == pytest.approx(100 - 400)
    await limiter.acquire(50)
    assert clock.now == pytest.approx((400 - 100 + 50) / limiter.tokens.rate, rel=1e-6)


async def test_both_limits_apply_and_none_means_unlimited():
    clock = FakeClock()
    unlimited = Limiter(clock=clock, sleep=clock.sleep)
    for _ in range(1000):
        await unlimited.acquire(10**6)
    assert clock.now == 0
    both = Limiter(rpm=6000, tpm=600, clock=clock, sleep=clock.sleep)  # tokens bind: 10 per request
    for _ in range(20):
        await both.acquire(10)
    assert clock.now == pytest.approx(19 * 10 / both.tokens.rate, rel=0.01)


def test_estimator_learns_the_prompt_overhead():
    estimator = TokenEstimator(overhead=1000)
    text = "x" * 400
    assert estimator.estimate(text) == 1100
    for _ in range(100):
        estimator.observe(text, 2100)
    assert estimator.estimate(text) == pytest.approx(2100, abs=2)


def test_price_table_matches_model_families_and_user_overrides(tmp_path, monkeypatch):
    table = PriceTable()
    assert table.cost("openai", "gpt-4o-mini-2024-07-18", 1_000_000, 1_000_000) == pytest.approx(0.75)
    assert table.cost("openai", "gpt-4o", 1_000_000, 0) == pytest.approx(2.5)  # not gpt-4o-mini's price
    assert table.cost("openai", "some-unknown-model", 10, 10) is None
    assert table.cost("local", "SmolLM2.gguf", 10, 10) == 0
    extra = tmp_path / "mine.csv"
    extra.write_text("model,input_per_mtok,output_per_mtok\nsome-unknown-model,1,2\n", encoding="utf-8")
    assert PriceTable((extra,)).cost("openai", "some-unknown-model", 1_000_000, 1_000_000) == pytest.approx(3)

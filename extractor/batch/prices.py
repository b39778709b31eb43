"""What tokens cost: a packaged price table (data/prices.csv) that users extend with their own file.

Prices are USD per million tokens. A model matches the longest table name that begins its name, so dated
variants (gpt-4o-mini-2024-07-18) find their family. Unknown models cost None (shown as unknown, never 0);
the local backend costs 0. Provider Batch API calls cost ``batch_discount`` of the list price (OpenAI: half),
unless a row gives its own ``batch_input_per_mtok`` and ``batch_output_per_mtok``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from importlib.resources import files
from pathlib import Path

from ..config import user_dir
from ..errors import ConfigurationError


@dataclass(frozen=True)
class Price:
    input_per_mtok: float
    output_per_mtok: float
    #: Prices of the provider's Batch API when they are not a plain discount of the list price.
    batch_input_per_mtok: float | None = None
    batch_output_per_mtok: float | None = None

    def cost(self, prompt_tokens: int, completion_tokens: float) -> float:
        return (prompt_tokens * self.input_per_mtok + completion_tokens * self.output_per_mtok) / 1_000_000


def _parse(text: str, name: str) -> dict[str, Price]:
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    table: dict[str, Price] = {}
    for n, row in enumerate(csv.DictReader(io.StringIO("\n".join(lines))), start=2):
        try:
            batch_in, batch_out = (row.get(k) for k in ("batch_input_per_mtok", "batch_output_per_mtok"))
            table[row["model"].strip().lower()] = Price(
                float(row["input_per_mtok"]),
                float(row["output_per_mtok"]),
                float(batch_in) if batch_in and batch_in.strip() else None,
                float(batch_out) if batch_out and batch_out.strip() else None,
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            raise ConfigurationError(
                f"{name}: row {n} needs model,input_per_mtok,output_per_mtok (USD per million tokens)"
            ) from None
    return table


class PriceTable:
    """The packaged prices, overridden by $EXTRACTOR_HOME/prices.csv, overridden by ``extra`` files."""

    def __init__(self, extra: tuple[str | Path, ...] = (), *, batch_discount: float = 0.5) -> None:
        self.batch_discount = batch_discount
        self.prices = _parse((files("extractor") / "data" / "prices.csv").read_text(encoding="utf-8"), "prices.csv")
        user_file = user_dir() / "prices.csv"
        for path in ((user_file,) if user_file.is_file() else ()) + tuple(Path(p) for p in extra):
            try:
                self.prices.update(_parse(path.read_text(encoding="utf-8"), str(path)))
            except OSError as exc:
                raise ConfigurationError(f"{path}: cannot read the price table ({exc.strerror or exc})") from None

    def price(self, backend: str, model: str) -> Price | None:
        if backend == "local":
            return Price(0.0, 0.0)  # in process: no per-token bill
        name = model.lower().rsplit("/", 1)[-1]  # "openai/gpt-4o-mini" as routers spell it
        matches = [known for known in self.prices if name.startswith(known)]
        return self.prices[max(matches, key=len)] if matches else None

    def batch_price(self, backend: str, model: str) -> Price | None:
        """What a call through the provider's Batch API costs: the row's batch prices, else the discount."""
        price = self.price(backend, model)
        if price is None:
            return None
        return replace(
            price,
            input_per_mtok=_or(price.batch_input_per_mtok, price.input_per_mtok * self.batch_discount),
            output_per_mtok=_or(price.batch_output_per_mtok, price.output_per_mtok * self.batch_discount),
        )

    def cost(self, backend: str, model: str, prompt_tokens: int, completion_tokens: int) -> float | None:
        price = self.price(backend, model)
        return None if price is None else price.cost(prompt_tokens, completion_tokens)


def _or(value: float | None, default: float) -> float:
    return default if value is None else value

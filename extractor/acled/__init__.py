"""ACLED's format: actor mentions resolved to ACLED-style names and types, the codebook's derived columns, and a
writer for ACLED's 31 columns with a companion provenance file.

Modules: ``tables`` (the data tables of extractor/data), ``actors`` (mention -> ACLED actor), ``coding``
(actor1/actor2, inter codes, interaction, civilian targeting), ``rows`` (one incident -> one row), ``writer``
(CSV/parquet, provenance and problems files).
"""

from __future__ import annotations

from .actors import INTER_NAMES, Actor, is_noun_phrase, resolve_actor, state_forces
from .coding import ActorCoding, code_actors, interaction_code
from .rows import (
    ACLED_COLUMNS,
    AcledRow,
    Incomplete,
    acled_row,
    event_id_cnty,
    fatalities,
    incident_key,
    source_scale,
)
from .writer import ACLED_DTYPES, AcledExport, Problem, write_acled

__all__ = [
    "ACLED_COLUMNS",
    "ACLED_DTYPES",
    "INTER_NAMES",
    "AcledExport",
    "AcledRow",
    "Actor",
    "ActorCoding",
    "Incomplete",
    "Problem",
    "acled_row",
    "code_actors",
    "event_id_cnty",
    "fatalities",
    "incident_key",
    "interaction_code",
    "is_noun_phrase",
    "resolve_actor",
    "source_scale",
    "state_forces",
    "write_acled",
]

"""The wheel carries the top-level prompts/ and schemas/ and the data inside the package, and works installed
outside the repo."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (path,) = out.glob("incident_extractor-*.whl")
    return path


def test_wheel_ships_prompts_schemas_and_data_under_the_package(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"extractor/_resources/prompts/{p.name}" for p in (ROOT / "prompts").iterdir() if p.is_file()}
    shipped |= {f"extractor/_resources/schemas/{p.name}" for p in (ROOT / "schemas").iterdir() if p.is_file()}
    assert (
        "extractor/_resources/prompts/system.j2" in shipped
        and "extractor/_resources/schemas/incident.schema.json" in shipped
    )
    for required in (
        *sorted(shipped),
        "extractor/schemas/incident.py",
        "extractor/data/weapons.csv",
        "extractor/data/actors.csv",
        "extractor/data/acled_actors.csv",
        "extractor/data/acled_generic_actors.csv",
        "extractor/data/acled_regions.csv",
        "extractor/data/acled_regimes.csv",
        "extractor/data/acled_sources.csv",
        "extractor/data/acled_actor_aliases.csv",
        "extractor/data/cues_fr.json",
        "extractor/data/cues_es.json",
        "extractor/data/cues_pt.json",
        "extractor/acled/actors.py",
        "extractor/review/templates/_workspace.html",
        "extractor/review/static/review.js",
    ):
        assert required in names, required
    top_level = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert top_level == {"extractor"}  # no generic top-level "schemas" or "prompts" in users' environments


def test_installed_wheel_renders_prompts_and_normalizes_outside_the_repo(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    code = (
        "import extractor, datetime as d;"
        "from extractor.prompting import render_prompt;"
        "from extractor.normalize.aliases import normalize_weapon;"
        "assert 'site' in extractor.__file__, extractor.__file__;"
        "from extractor.resources import resource_dir;"
        "assert '_resources' in str(resource_dir('prompts')), resource_dir('prompts');"
        "p = render_prompt('A rocket hit Baghdad on Monday.', d.date(2020, 6, 23));"
        "assert p.messages[-1]['content'].endswith('</article>');"
        "assert normalize_weapon('a Katyusha rocket') == 'rocket';"
        "print('ok')"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"

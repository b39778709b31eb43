"""Which GeoNames town list the gazetteer should read: load time, memory and dev accuracy with each (prints figures,
asserts nothing; never part of the test run).

    PYTHONPATH=$PWD python benchmarks/town_lists.py                  # cities500, cities1000, cities5000
    PYTHONPATH=$PWD python benchmarks/town_lists.py cities500 cities1000

For each list, in fresh processes with an empty user directory (so nothing is read back from a previous build):
- cold: seconds to build the town index (the first run on a machine) and the process's peak RSS after it;
- warm: seconds to read the built index back (every later process) and peak RSS;
- accuracy: the rules backend's locality, admin1 and place_locality on the dev split of evals/real and evals/.
The list is switched by setting ``extractor.normalize.places._CITIES`` inside the child process before first use.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LISTS = sys.argv[1:] or ["cities500", "cities1000", "cities5000"]

LOAD = """
import resource, time, sys
import extractor.normalize.places as p
p._CITIES = sys.argv[1]
t = time.perf_counter(); p.load(); took = time.perf_counter() - t
print(took, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, len(p._towns()[0]))
"""

EVAL = """
import sys
import extractor.normalize.places as p
p._CITIES = sys.argv[1]
from extractor.cli import app
app(sys.argv[2:], standalone_mode=False)
"""


def _run(code: str, *args: str, home: str) -> str:
    env = {"EXTRACTOR_HOME": home, "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return out.stdout.strip().splitlines()[-1]


def main() -> None:
    print(
        f"{'list':<11} {'towns':>7} {'cold s':>7} {'cold MB':>8} {'warm s':>7} {'warm MB':>8}   "
        f"{'real: loc  adm1  p_loc':<24} {'old: loc  adm1  p_loc':<24}"
    )
    for name in LISTS:
        with tempfile.TemporaryDirectory() as home:
            cold_s, cold_mb, towns = _run(LOAD, name, home=home).split()
            warm_s, warm_mb, _ = _run(LOAD, name, home=home).split()
            figures = []
            for evals in ("evals/real", "evals"):
                out = Path(home) / ("out-" + evals.replace("/", "-"))
                _run(
                    EVAL,
                    name,
                    "eval",
                    "run",
                    "--split",
                    "dev",
                    "--evals-dir",
                    evals,
                    "--backend",
                    "rules",
                    "--out",
                    str(out),
                    home=home,
                )
                fields = json.loads((out / "score.json").read_text())["fields"]
                names = ("locality", "admin1", "place_locality")
                figures.append(" ".join(f"{fields[f]['accuracy']:.3f}" for f in names))
        print(
            f"{name:<11} {int(towns):>7} {float(cold_s):>7.2f} {float(cold_mb):>8.0f} {float(warm_s):>7.2f} "
            f"{float(warm_mb):>8.0f}   {figures[0]:<24} {figures[1]:<24}",
            flush=True,
        )


if __name__ == "__main__":
    main()

"""Run extractor.testing.FaultInjectingServer in its own process (so it does not share the benchmark's core).

    python benchmarks/fake_server.py --latency 0.2 --fault-rate 0.2 --rpm 6000
Prints the base URL on the first line of stdout, then serves until killed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractor.testing import FaultInjectingServer  # noqa: E402

#: One incident grounded in every generated article (see bench_batch.article).
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
                "killed": "two people",
            }
        ]
    }
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--fault-rate", type=float, default=0.0)
    parser.add_argument("--rpm", type=int, default=None)
    parser.add_argument("--stall", type=float, default=3.0)
    parser.add_argument("--empty", action="store_true", help='answer {"incidents": []}')
    parser.add_argument("--cpu", type=int, default=None, help="pin the server to this CPU")
    parser.add_argument("--batch-delay", type=float, default=0.0, help="seconds a Batch API batch takes")
    args = parser.parse_args()
    if args.cpu is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.cpu})
    answer = '{"incidents": []}' if args.empty else ANSWER
    server = FaultInjectingServer(
        lambda body: answer,
        latency_s=args.latency,
        fault_rate=args.fault_rate,
        rpm=args.rpm,
        stall_s=args.stall,
        keep_requests=False,
        seed=1,
        batch_delay_s=args.batch_delay,
    )
    server.start()
    print(server.base_url, flush=True)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()

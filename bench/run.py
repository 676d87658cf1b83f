"""`make bench`: every benchmark in its own process (so peak memory is its own)."""

from __future__ import annotations

import subprocess
import sys

from bench.common import ROOT

BENCHES = ["bench.ingest", "bench.search", "bench.search_quality", "bench.amend", "bench.citations",
           "bench.conflict_precision", "bench.cleanup", "bench.search_costs", "bench.answers_at_once"]


def main() -> int:
    failed = []
    for name in BENCHES:
        if not (ROOT / (name.replace(".", "/") + ".py")).is_file():
            print(f"== {name}: not present")
            continue
        print(f"== {name}", flush=True)
        if subprocess.run([sys.executable, "-m", name], cwd=ROOT).returncode != 0:
            failed.append(name)
    if failed:
        print("failed:", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

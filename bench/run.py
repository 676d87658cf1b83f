"""`make bench`: every benchmark in its own process (so peak memory is its own), then issue 12's
acceptance figures gathered in one table (bench.acceptance).

The benchmarks that read the whole-corpus store (search quality, search costs, answers at once)
share one: it is ingested and given its citation pass once, in a temporary folder removed at the
end, instead of once per benchmark. Whoosh with an OR group takes about a second a long question,
so the generated development split is scored on an even spread of DEV_QUESTIONS of its questions
(`--max-queries`); the frozen test split and the hand-written sets are scored whole.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import ROOT

DEV_QUESTIONS = 400  # at most this many questions per query set; every set but the dev split is smaller
# the timed search benchmarks first, on a machine not yet warmed by the others' stores
BENCHES = ["bench.ingest", "bench.search", "bench.search_quality", "bench.search_costs", "bench.answers_at_once",
           "bench.amend", "bench.citations", "bench.conflict_precision", "bench.cleanup"]
SHARED_STORE = {"bench.search_quality": ["--max-queries", str(DEV_QUESTIONS)], "bench.search_costs": [],
                "bench.answers_at_once": []}


def main() -> int:
    failed = []
    shared = Path(tempfile.mkdtemp(prefix="lexreg-bench-"))
    try:
        for name in BENCHES:
            if not (ROOT / (name.replace(".", "/") + ".py")).is_file():
                print(f"== {name}: not present")
                continue
            print(f"== {name}", flush=True)
            args = [*SHARED_STORE[name], "--keep", str(shared)] if name in SHARED_STORE else []
            if subprocess.run([sys.executable, "-m", name, *args], cwd=ROOT).returncode != 0:
                failed.append(name)
    finally:
        shutil.rmtree(shared, ignore_errors=True)
    print("== bench.acceptance", flush=True)
    subprocess.run([sys.executable, "-m", "bench.acceptance"], cwd=ROOT)
    if failed:
        print("failed:", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

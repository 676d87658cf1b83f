"""Today's ranked search as issue 12 found it, timed in the same run as the current one.

Issue 12 bounds ranked p95 at top 100 by "today's at top 10 on the same machine in the same
run": the code the issue measured, not the code that answers it. That code is THEN, main
when the issue's first ranking work was still on a branch (its ranked search unchanged since
the issue was filed: BM25 over jieba words, every word required, no question weights, no
memory-mapped index). `measure` extracts THEN with `git archive` into a temporary folder,
and runs bench/then_probe.py there in its own process, the way bench.search_costs runs
today's: it ingests the same corpus with THEN's own ingest into a store of THEN's own
schema, builds THEN's index, and asks the same questions after the same warm-up.

It needs the repository's history (a shallow clone may lack THEN): then it says so and
measures nothing.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from datetime import date
from pathlib import Path

from bench.common import ROOT

THEN = "cc01fd6"  # main at the end of stop 16: issue 12 open, its ranking work not yet merged


def measure(work: Path, corpus: Path, questions: list[str], day: date) -> dict:
    """{"commit", "top10": {p50_ms, p95_ms, mean_ms}, "top100": ..., ...} of THEN, or
    {"commit", "missing": why} when THEN cannot be had from this checkout."""
    try:
        got = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", THEN], capture_output=True)
    except OSError as e:  # no git on this machine
        return {"commit": THEN, "missing": f"git archive {THEN} could not run: {e}"}
    if got.returncode != 0:
        return {"commit": THEN, "missing": f"git archive {THEN} failed: {got.stderr.decode(errors='replace').strip()}"}
    tree = work / "then-src"
    shutil.rmtree(tree, ignore_errors=True)
    tree.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(got.stdout)) as tar:
        tar.extractall(tree, filter="data")
    shutil.copy(ROOT / "bench" / "then_probe.py", tree / "then_probe.py")
    asked = work / "then-questions.json"
    asked.write_text(json.dumps({"day": day.isoformat(), "questions": questions}, ensure_ascii=False), encoding="utf-8")
    out = work / "then-latency.json"
    store = work / "then-store"
    shutil.rmtree(store, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(tree), "LEXREG_DATA_DIR": str(store)}
    env.pop("LEXREG_DATABASE_URL", None)
    env.pop("LEXREG_INDEX_DIR", None)
    try:
        run = subprocess.run([sys.executable, "-m", "then_probe", str(store), str(corpus), str(asked), str(out)],
                             cwd=tree, env=env, capture_output=True, text=True)
        if run.returncode != 0:
            tail = (run.stderr or run.stdout).strip().splitlines()[-3:]
            return {"commit": THEN, "missing": f"{THEN} did not run: {' | '.join(tail)}"}
        return {"commit": THEN, **json.loads(out.read_text(encoding="utf-8"))}
    finally:
        for p in (tree, store, asked, out):
            if p.is_dir():
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink(missing_ok=True)

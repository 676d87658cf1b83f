"""Time a 定期清理 campaign over the whole corpus against the conflict checks in the same run:
`python -m bench.cleanup [--db STORE.db]`.

Builds the shared corpus into a temporary SQLite store (ingest with the manifest, then the
citation pass), records the nine laws the 民法典 repealed (as the clean-up tests do, until
repeal clauses reach the store), then times (1) every conflict check (`registry.review.run`)
and (2) a campaign over every norm in force today, all levels (create, run, show). Issue 10's
bar: the campaign within 2x the checks. `--db` copies an existing store instead of building one.
Figures go to bench/results/cleanup.json; the temporary store is removed afterwards.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

from bench.common import peak_rss_mb, shared_corpus, write_result


def build(db: Path) -> dict[str, float]:
    from api.services import citation_pass
    from api.services.ingest_batch import ingest_paths
    from ingest.manifest import load_sidecar
    from registry.schema import make_engine

    corpus = shared_corpus()
    eng = make_engine(f"sqlite:///{db}")
    start = time.perf_counter()
    report = ingest_paths(eng, [corpus / "laws", corpus / "chains"], load_sidecar(corpus / "manifest.csv"))
    ingest_s = time.perf_counter() - start
    start = time.perf_counter()
    citation_pass.rebuild(eng)
    eng.dispose()
    return {"ingest_s": round(ingest_s, 1), "citation_pass_s": round(time.perf_counter() - start, 1),
            "versions": len(report.ingested)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, help="copy this store instead of building the corpus")
    args = ap.parse_args(argv)
    from registry import audit
    from registry import review as conflicts
    from registry.cleanup import campaigns
    from registry.cleanup.context import Scope
    from registry.core.db import session_scope
    from registry.schema import make_engine
    from tests.cleanup_store import record_civil_code_repeals

    tmp = Path(tempfile.mkdtemp(prefix="lexreg-bench-cleanup-"))
    try:
        db = tmp / "lexreg.db"
        built = {}
        if args.db:
            shutil.copy(args.db, db)
        else:
            built = build(db)
        eng = make_engine(f"sqlite:///{db}")
        record_civil_code_repeals(eng)
        today = date.today()
        with audit.acting_as("bench"), session_scope(eng) as s:
            start = time.perf_counter()
            checks = conflicts.run(s, today=today)
            checks_s = time.perf_counter() - start
        with audit.acting_as("bench"), session_scope(eng) as s:
            start = time.perf_counter()
            campaigns.create(s, "全库清理", today, Scope())
            summary = campaigns.run(s, "全库清理")
            shown = campaigns.show_json(s, "全库清理")
            campaign_s = time.perf_counter() - start
        eng.dispose()
        ratio = campaign_s / checks_s if checks_s else float("inf")
        result = {"data_set": "shared corpus (laws + chains, manifest), whole store, as of " + today.isoformat(),
                  **built, "conflict_checks_s": round(checks_s, 2), "conflict_findings": sum(checks.found.values()),
                  "campaign_s": round(campaign_s, 2), "ratio": round(ratio, 2), "bar": 2.0, "ok": ratio <= 2.0,
                  "proposals": summary.proposals, "opinions": summary.opinions, "reasons": summary.reasons,
                  "states": dict(Counter(p["state"] for p in shown["proposals"])),
                  "peak_rss_mb": round(peak_rss_mb())}
        out = write_result("cleanup", result)
        print(f"conflict checks {checks_s:.1f} s ({result['conflict_findings']} findings); whole-corpus campaign "
              f"{campaign_s:.1f} s ({summary.proposals} norms): {ratio:.2f}x (bar 2x) -> {out}")
        print("  opinions: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.opinions.items())))
        print("  reasons: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.reasons.items())))
        return 0 if result["ok"] else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

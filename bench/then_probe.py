"""Ranked latency of an earlier lexreg, run inside that lexreg's own source tree (bench.then).

    cd OLD_TREE && PYTHONPATH=OLD_TREE python -m then_probe WORK CORPUS QUESTIONS.json OUT.json

bench.then copies this file into a `git archive` of the earlier commit and runs it there,
so every name below is that commit's (it must only use what the commit had: the
ingest of a corpus, `rebuild`, `SearchService`). It ingests CORPUS into WORK/lexreg.db,
builds WORK/index, asks each question at top 10 and at top 100 after one warm-up (as
bench.search_costs asks today's code), and writes p50/p95 in ms to OUT.json.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path


def _p(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return round(xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))] * 1000, 1) if xs else 0.0


def main(argv: list[str]) -> int:
    work, corpus, questions_file, out_file = (Path(a) for a in argv)
    import registry

    here = Path(__file__).resolve().parent
    if Path(registry.__file__).resolve().parent.parent != here:  # the installed lexreg answered instead
        raise SystemExit(f"then_probe: registry imported from {registry.__file__}, not from {here}")
    from api.services.ingest_batch import ingest_files
    from registry.audit import acting_as
    from ingest.manifest import load_sidecar
    from ingest.readers import iter_paths
    from registry.schema import make_engine
    from registry.search import Filters, SearchRequest, SearchService, rebuild

    questions = json.loads(questions_file.read_text(encoding="utf-8"))
    day = date.fromisoformat(questions["day"])
    work.mkdir(parents=True, exist_ok=True)
    engine = make_engine(f"sqlite:///{work / 'lexreg.db'}")
    t = time.perf_counter()
    with acting_as("bench"):
        report = ingest_files(engine, iter_paths([corpus / "laws", corpus / "chains"]),
                              load_sidecar(corpus / "manifest.csv"))
    ingest_s = time.perf_counter() - t
    if not report.ingested:
        raise SystemExit(f"then_probe: nothing ingested ({report.summary()}): {report.failed[:1]}")
    t = time.perf_counter()
    rebuild(engine, work / "index")
    out = {"ingested": len(report.ingested), "ingest_s": round(ingest_s, 1),
           "index_s": round(time.perf_counter() - t, 1), "questions": len(questions["questions"])}
    errors = 0
    for limit in (10, 100):
        svc = SearchService(engine, work / "index")
        svc.search(SearchRequest("征收土地的补偿", Filters(day=day), limit=100))  # the same warm-up as today's
        lat = []
        for q in questions["questions"]:
            t = time.perf_counter()
            try:
                svc.search(SearchRequest(q, Filters(day=day), limit=limit))
            except Exception:  # noqa: BLE001 - that lexreg's own refusal of a question (BadQuery), timed as today's is
                errors += 1
            lat.append(time.perf_counter() - t)
        out[f"top{limit}"] = {"p50_ms": _p(lat, .5), "p95_ms": _p(lat, .95),
                              "mean_ms": round(statistics.mean(lat) * 1000, 1)}
    out["refused"] = errors
    out_file.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

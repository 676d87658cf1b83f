"""Issue 12's acceptance lines, read from the results `make bench` just wrote, each beside its bound.

    .venv/bin/python -m bench.acceptance

Reads bench/results/{search_quality,search_costs,answers_at_once}.json; writes
bench/results/acceptance.json. Every figure names the set or store it comes from; a
result file that is missing (its benchmark failed or was not run) is said, not skipped.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bench.common import RESULTS, write_result

QUALITY_X = 1.25  # recall@10 and MRR@10 at least this multiple of plain BM25's
RECALL_100 = 0.80
BUILD_X = 1.5
SHOW_S, SEARCH_S = 0.5, 1.0
LOAD_RPS, LOAD_P95_MS = 400.0, 100.0


def _read(name: str, folder: Path) -> dict | None:
    path = folder / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _span(interval) -> str:
    """A ratio's 95% interval (bench.intervals), said beside it; the bound is on the ratio itself."""
    return f", 95% {interval[0]:.2f}-{interval[1]:.2f}" if interval else ""


def lines(folder: Path = RESULTS) -> list[dict]:
    out: list[dict] = []
    quality = _read("search_quality", folder)
    if quality is None:
        out.append({"line": "1 quality", "what": "search_quality.json missing", "met": False})
    else:
        for set_name, row in quality["sets"].items():
            lx, bm = row["lexreg"], row["bm25"]
            r10 = lx["recall_at_10"] / max(bm["recall_at_10"], 1e-9)
            mrr = lx["mrr_at_10"] / max(bm["mrr_at_10"], 1e-9)
            ci = lx.get("x_bm25_ci95") or {}
            out.append({"line": "1 quality", "set": set_name, "queries": row["queries"],
                        "what": f"R@10 {lx['recall_at_10']:.3f} (x{r10:.2f}{_span(ci.get('recall_at_10'))} of BM25 "
                                f"{bm['recall_at_10']:.3f}), MRR@10 {lx['mrr_at_10']:.3f} "
                                f"(x{mrr:.2f}{_span(ci.get('mrr_at_10'))} of {bm['mrr_at_10']:.3f}), "
                                f"R@100 {lx['recall_at_100']:.3f}; Whoosh OR R@10 {row['whoosh_or']['recall_at_10']:.3f}; "
                                f"without thesaurus R@10 {row['lexreg_no_thesaurus']['recall_at_10']:.3f}",
                        "met": r10 >= QUALITY_X and mrr >= QUALITY_X and lx["recall_at_100"] >= RECALL_100})
    costs = _read("search_costs", folder)
    if costs is None:
        out.append({"line": "2 costs", "what": "search_costs.json missing", "met": False})
    else:
        lat, build = costs["latency"], costs["build"]
        # the bound is "today's" top 10: the code the issue measured (bench.then), run in this same run
        then = lat.get("then") or {"missing": "not measured"}
        then_10 = then.get("top10", {}).get("p95_ms")
        against = (f"{then['commit']}'s top 10 {then_10} ms" if then_10 is not None
                   else f"the issue's code not measured ({then['missing']})")
        out.append({"line": "2 latency", "set": f"{lat['split']} ({lat['questions']} questions)",
                    "what": f"p95 top 100 {lat['top100']['p95_ms']} ms on a served worker vs {against}; "
                            f"this code's own top 10 {lat['top10']['p95_ms']} ms"
                            + (f"; a cold service's top 100 {lat['cold']['top100']['p95_ms']} ms, top 10 "
                               f"{lat['cold']['top10']['p95_ms']} ms" if "cold" in lat else ""),
                    "met": then_10 is not None and lat["top100"]["p95_ms"] <= then_10})
        out.append({"line": "2 build", "set": f"{build['entries']} entries ({build['distinct_texts']} distinct texts)",
                    "what": f"lexreg {build['lexreg_s']} s vs plain BM25 {build['bm25_s']} s "
                            f"(x{build['lexreg_x_bm25']}), Whoosh OR {build['whoosh_or_s']} s",
                    "met": build["lexreg_x_bm25"] <= BUILD_X})
    answers = _read("answers_at_once", folder)
    if answers is None:
        out.append({"line": "3/4 answers", "what": "answers_at_once.json missing", "met": False})
    else:
        bare = next((r["median_s"] for n, r in answers["cli"].items() if n.startswith("python")), None)
        for name, r in answers["cli"].items():
            bound = SHOW_S if " show " in name else SEARCH_S if " search " in name else None
            if bound is not None:
                out.append({"line": "3 CLI", "set": answers["store"], "what": f"{name}: median {r['median_s']} s "
                            f"(bound {bound} s; python -c pass {bare} s)", "met": r["median_s"] <= bound})
        ld = answers["load"]
        out.append({"line": "4 load", "set": answers["store"],
                    "what": f"{ld['requests']} requests, {ld['clients']} clients: {ld['requests_per_s']} req/s, "
                            f"p95 {ld['p95_ms']} ms, {ld['errors']} errors, server CPU "
                            f"{ld['server_cpu_ms_per_request']} ms a request",
                    "met": ld["requests_per_s"] >= LOAD_RPS and ld["p95_ms"] <= LOAD_P95_MS and not ld["errors"]})
    return out


def main() -> int:
    rows = lines()
    for r in rows:
        where = f" [{r['set']}]" if r.get("set") else ""
        print(f"{'met    ' if r['met'] else 'NOT met'}  {r['line']}{where}: {r['what']}")
    print(f"written to {write_result('acceptance', {'lines': rows})}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Search benchmark: lexreg's index against three baselines on the whole corpus.

    .venv/bin/python -m bench.search [--corpus ../shared/corpus] [--queries 300]

Loads the corpus into a fresh temporary store, builds a brute-force scan, a
SQLite FTS5 trigram table, a plain Whoosh index with jieba's ChineseAnalyzer
and lexreg's index over the same article-level entries, runs the same seeded
phrase queries (2-8 characters sampled from the texts), prints build time,
recall and precision against the scan and p50/p95 latency, checks the
issue's acceptance ratios, scores the golden ranking set
(tests/golden/search_queries.jsonl) and writes bench/results/search.json.
The baselines import whoosh and jieba directly: they are what we measure
against, not part of lexreg.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "search_queries.jsonl"
# Query sets written by someone who never saw the ranking code nor its results. The first
# one's failures were studied after it was measured (it is a development set now); the
# second has only ever been measured: its figures are the honest ones.
QUERY_SETS = (("tuning", GOLDEN), ("development", ROOT / "tests" / "golden" / "search_queries_heldout.jsonl"),
              ("held-out", ROOT / "tests" / "golden" / "search_queries_heldout2.jsonl"))


def sample_queries(texts: list[str], n: int, seed: int = 20240601) -> list[str]:
    rng = random.Random(seed)
    out: list[str] = []
    while len(out) < n:
        t = rng.choice(texts)
        size = rng.randint(2, 8)
        if len(t) < size:
            continue
        i = rng.randrange(len(t) - size + 1)
        q = t[i:i + size]
        if any(c.isspace() or c in '"“”「」()|' for c in q):
            continue
        out.append(q)
    return out


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p * (len(xs) - 1))))] * 1000


def timed(fn, queries):
    lat, res = [], []
    for q in queries:
        t = time.perf_counter()
        r = fn(q)
        lat.append(time.perf_counter() - t)
        res.append(r)
    return lat, res


def recall_precision(got: list[set], truth: list[set]) -> tuple[float, float, int]:
    tp = sum(len(g & t) for g, t in zip(got, truth))
    n_truth = sum(len(t) for t in truth)
    n_got = sum(len(g) for g in got)
    perfect = sum(1 for g, t in zip(got, truth) if g == t)
    return (tp / n_truth if n_truth else 1.0), (tp / n_got if n_got else 1.0), perfect


def load_golden(path: Path = GOLDEN) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def golden_match(expected: list[dict], title: str, version_date: str, label: str) -> bool:
    return any(e["title"] == title and e["version_date"] == version_date and e["label"] == label for e in expected)


def ranking_scores(ranked_lists: list[list[tuple[str, str, str]]], golden: list[dict]) -> dict:
    """recall@10 over expected provisions and MRR of the first expected one."""
    found = total = 0
    rr = []
    for hits, g in zip(ranked_lists, golden):
        exp = g["expected"]
        total += len(exp)
        top = hits[:10]
        found += sum(1 for e in exp if any(h == (e["title"], e["version_date"], e["label"]) for h in top))
        rank = next((i for i, h in enumerate(hits[:100], 1) if golden_match(exp, *h)), None)
        rr.append(1.0 / rank if rank else 0.0)
    return {"recall_at_10": round(found / total, 3) if total else 0.0, "mrr": round(statistics.mean(rr), 3),
            "queries": len(golden)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--keep", type=Path, default=None, help="Reuse/keep the store and index in this folder.")
    args = ap.parse_args(argv)

    import jieba
    from jieba.analyse import ChineseAnalyzer
    from sqlmodel import Session
    from whoosh import fields
    from whoosh import index as windex
    from whoosh.qparser import QueryParser

    from bench.common import ingested_store
    from registry.search import ANY_STATUS, Filters, SearchRequest, SearchService, rebuild
    from registry.search.catalog import load_catalog
    from registry.search.entries import load_entries

    jieba.setLogLevel(logging.WARNING)
    work = args.keep or Path(tempfile.mkdtemp(prefix="lexreg-bench-"))
    engine = ingested_store(work, args.corpus)
    with Session(engine) as s:
        entries = load_entries(s)
        catalog = load_catalog(s)
    entries = [e for e in entries if e.version_id in catalog.versions]
    texts = [e.text for e in entries]
    keys = [(e.version_id, e.pid) for e in entries]
    print(f"{len(entries)} entries, {sum(map(len, texts))} characters, "
          f"{len(catalog.versions)} versions", file=sys.stderr)
    queries = sample_queries(texts, args.queries)
    rows: dict[str, dict] = {}

    # --- brute-force scan (the truth)
    lat, truth = timed(lambda q: {i for i, t in enumerate(texts) if q in t}, queries)
    rows["scan"] = {"build_s": 0.0, "recall": 1.0, "precision": 1.0, "p50_ms": pct(lat, .5), "p95_ms": pct(lat, .95)}

    # --- SQLite FTS5 trigram
    t = time.perf_counter()
    con = sqlite3.connect(":memory:")
    con.execute("CREATE VIRTUAL TABLE fts USING fts5(body, tokenize='trigram')")
    con.executemany("INSERT INTO fts(rowid, body) VALUES (?, ?)", enumerate(texts))
    con.commit()
    build = time.perf_counter() - t

    def fts(q: str) -> set[int]:
        if len(q) >= 3:
            sql, arg = "SELECT rowid FROM fts WHERE fts MATCH ?", '"' + q.replace('"', '""') + '"'
        else:
            sql, arg = "SELECT rowid FROM fts WHERE body LIKE ?", "%" + q.replace("%", "\\%").replace("_", "\\_") + "%"
            sql += " ESCAPE '\\'"
        return {r[0] for r in con.execute(sql, (arg,))}

    lat, got = timed(fts, queries)
    r, p, _ = recall_precision(got, truth)
    rows["fts5_trigram"] = {"build_s": build, "recall": r, "precision": p, "p50_ms": pct(lat, .5), "p95_ms": pct(lat, .95)}

    # --- jieba alone: the time to segment the corpus in one process
    jieba.initialize()
    t = time.perf_counter()
    for x in texts:
        jieba.lcut(x)
    jieba_s = time.perf_counter() - t

    # --- plain Whoosh + ChineseAnalyzer
    wdir = work / "plain-whoosh"
    shutil.rmtree(wdir, ignore_errors=True)
    wdir.mkdir()
    t = time.perf_counter()
    ix = windex.create_in(str(wdir), fields.Schema(n=fields.NUMERIC(stored=True),
                                                  content=fields.TEXT(analyzer=ChineseAnalyzer())))
    w = ix.writer(limitmb=256)
    for i, x in enumerate(texts):
        w.add_document(n=i, content=x)
    w.commit()
    build = time.perf_counter() - t
    ws = ix.searcher()
    parser = QueryParser("content", ix.schema)

    def plain(q: str, limit=None) -> list[int]:
        return [h["n"] for h in ws.search(parser.parse(q), limit=limit)]

    lat, got = timed(lambda q: set(plain(q)), queries)
    r, p, _ = recall_precision(got, truth)
    rows["whoosh_jieba_plain"] = {"build_s": build, "recall": r, "precision": p,
                                  "p50_ms": pct(lat, .5), "p95_ms": pct(lat, .95)}

    # --- lexreg: index build from the loaded store, then both modes
    index_dir = work / "index"
    shutil.rmtree(index_dir, ignore_errors=True)
    t = time.perf_counter()
    rebuild(engine, index_dir)
    lex_build = time.perf_counter() - t
    svc = SearchService(engine, index_dir)
    everything = Filters(day=date.today(), status=ANY_STATUS)
    svc.search(SearchRequest("土地", everything))  # load indexes and catalog once, as a server would
    pos = {k: i for i, k in enumerate(keys)}

    def lex(q: str, exact: bool) -> set[int]:
        return {pos[k] for k in svc.all_keys(SearchRequest(q, everything, exact=exact, limit=10))}

    lat, _ = timed(lambda q: svc.search(SearchRequest(q, everything, exact=True, limit=10)), queries)
    got = [lex(q, True) for q in queries]
    r, p, perfect = recall_precision(got, truth)
    rows["lexreg_exact"] = {"build_s": lex_build, "recall": r, "precision": p, "p50_ms": pct(lat, .5),
                            "p95_ms": pct(lat, .95), "queries_exact": perfect}
    lat, _ = timed(lambda q: svc.search(SearchRequest(q, everything, limit=10)), queries)
    got = [lex(q, False) for q in queries]
    r, p, _ = recall_precision(got, truth)
    rows["lexreg_ranked"] = {"build_s": lex_build, "recall": r, "precision": p,
                             "p50_ms": pct(lat, .5), "p95_ms": pct(lat, .95)}

    # --- ranking on the golden sets (current law, as a user searches)
    today = Filters(day=date.today())
    meta = {e_key: catalog.versions[e_key[0]] for e_key in keys}
    labels = {k: e.label for k, e in zip(keys, entries)}
    in_force = catalog.allowed(today)

    def rank_both(golden: list[dict]) -> dict:
        def on(g: dict) -> Filters:  # a query about an older text says on which day ("at")
            return Filters(day=date.fromisoformat(g["at"])) if g.get("at") else today

        lex_lists = [[(h.title, h.version_date, h.label)
                      for h in svc.search(SearchRequest(g["query"], on(g), limit=100)).hits] for g in golden]
        plain_lists = []
        for g in golden:
            allowed = catalog.allowed(on(g))
            hits = [keys[n] for n in plain(g["query"], limit=1000)]
            hits = [k for k in hits if k[0] in allowed][:100]
            plain_lists.append([(meta[k].title, meta[k].version_date.isoformat(), labels[k]) for k in hits])
        return {"queries": len(golden), "lexreg": ranking_scores(lex_lists, golden),
                "whoosh_jieba_plain": ranking_scores(plain_lists, golden)}

    golden = load_golden()
    ranking = rank_both(golden)
    ranking_sets = {name: rank_both(load_golden(path)) for name, path in QUERY_SETS[1:] if path.exists()}

    checks = {
        "exact_recall_1": rows["lexreg_exact"]["recall"] == 1.0 and rows["lexreg_exact"]["precision"] == 1.0
        and perfect == len(queries),
        "exact_p95_le_half_scan": rows["lexreg_exact"]["p95_ms"] <= 0.5 * rows["scan"]["p95_ms"],
        "ranked_p95_le_half_plain": rows["lexreg_ranked"]["p95_ms"] <= 0.5 * rows["whoosh_jieba_plain"]["p95_ms"],
        "build_le_1_5_jieba": lex_build <= 1.5 * jieba_s,
        "ranking_beats_plain": ranking["lexreg"]["recall_at_10"] > ranking["whoosh_jieba_plain"]["recall_at_10"]
        and ranking["lexreg"]["mrr"] > ranking["whoosh_jieba_plain"]["mrr"],
    }
    print(f"\n{len(queries)} phrase queries (2-8 chars), {len(entries)} entries; jieba segmentation {jieba_s:.1f} s; "
          f"cores {os.cpu_count()}; load {os.getloadavg()[0]:.1f}")
    print(f"{'engine':<20}{'build s':>9}{'recall':>9}{'precision':>11}{'p50 ms':>9}{'p95 ms':>9}")
    for name, row in rows.items():
        print(f"{name:<20}{row['build_s']:>9.1f}{row['recall']:>9.3f}{row['precision']:>11.3f}"
              f"{row['p50_ms']:>9.2f}{row['p95_ms']:>9.2f}")
    print(f"ratios: exact p95 / scan p95 = {rows['lexreg_exact']['p95_ms'] / rows['scan']['p95_ms']:.3f}; "
          f"ranked p95 / plain p95 = {rows['lexreg_ranked']['p95_ms'] / rows['whoosh_jieba_plain']['p95_ms']:.3f}; "
          f"build / jieba = {lex_build / jieba_s:.2f}")
    print(f"ranking ({len(golden)} queries): lexreg recall@10 {ranking['lexreg']['recall_at_10']} "
          f"MRR {ranking['lexreg']['mrr']}; plain Whoosh recall@10 {ranking['whoosh_jieba_plain']['recall_at_10']} "
          f"MRR {ranking['whoosh_jieba_plain']['mrr']}  (weights were chosen on this set)")
    for name, r in ranking_sets.items():
        print(f"ranking, {name} set ({r['queries']} queries): lexreg recall@10 {r['lexreg']['recall_at_10']} "
              f"MRR {r['lexreg']['mrr']}; plain Whoosh recall@10 {r['whoosh_jieba_plain']['recall_at_10']} "
              f"MRR {r['whoosh_jieba_plain']['mrr']}")
    for k, v in checks.items():
        print(f"  {'PASS' if v else 'FAIL'}  {k}")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "search.json").write_text(json.dumps(
        {"rows": rows, "jieba_segment_s": jieba_s, "lexreg_build_s": lex_build, "ranking": ranking,
         "ranking_sets": ranking_sets,
         "checks": checks, "queries": len(queries), "entries": len(entries), "load": os.getloadavg()[0]},
        ensure_ascii=False, indent=2), encoding="utf-8")
    ws.close()
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())

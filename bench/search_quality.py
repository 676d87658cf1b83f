"""Search quality in one run: lexreg ranked (with and without its thesaurus) beside plain baselines.

    .venv/bin/python -m bench.search_quality [--keep DIR] [--corpus ../shared/corpus] [--max-queries N]
                                             [--sets generated-dev,golden-tuning,...]

Reads the whole shared corpus into a store (or reuses `--keep DIR`), and the
query sets: the generated dev and test splits (bench/queries/generated, made by
bench/questions.py; the test split is frozen and only ever measured here) and the
repository's hand-written sets (tests/golden/search_queries*.jsonl), all of which
are development sets now. Writes bench/results/search_quality.json and prints,
per set and engine, recall@10, recall@100, MRR@10, build seconds and p50/p95
query latency at top 100 (lexreg's also at top 10). `--sets` scores only the sets named (tuning runs leave the
frozen test split out); the default, what `make bench` runs, scores every set. The
collection is the same either way: source articles of every split are removed.

Fairness: every engine answers over the articles in force on QUERY_DAY (the
baselines index each distinct text once and a hit stands for every article with
that text, in document order), returns 100 results, runs in this one process
after one warm-up query, with jieba's HMM off. A question is given to every
engine in the same form: the query language's syntax characters (quotes,
brackets, |) become spaces. The article a generated question was cut from is
removed from the collection before anything is built: the store is copied and
every article whose text is that of a source article (in any version) is deleted
from the copy, so no engine can find the question's own words verbatim (every
engine would otherwise find just that article); their rows in the citation table
are deleted from the copy as well, and so is every citation of a question's answer by
its source's norm (any version), so the citation prior lexreg computes from the copy
knows nothing of the links the questions were cut from. Hand-written queries that ask about an older text (`at`) are left out.
Recall is over all expected articles of a set (micro), as in bench/search.py. Each engine's
ratio to plain BM25 is printed with its 95% interval (`x_bm25_ci95`, bench.intervals: the
questions resampled by source norm, both engines on the same draw).
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.questions import OUT as GENERATED
from bench.questions import QUERY_DAY, load_set

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 100
ENGINES = ("bm25", "whoosh_or", "lexreg", "lexreg_no_thesaurus")
_SYNTAX = re.compile(r"[\"“”「」『』()（）|]")


def query_sets() -> dict[str, list[dict]]:
    from bench.search import QUERY_SETS

    sets = {"generated-dev": load_set(GENERATED / "dev.jsonl"), "generated-test": load_set(GENERATED / "test.jsonl")}
    for name, path in QUERY_SETS:
        if path.exists():
            sets[f"golden-{name}"] = load_set(path)
    return sets


def natural(q: str) -> str:
    """The question without query-language syntax: the same text for every engine."""
    return re.sub(r"\s+", " ", _SYNTAX.sub(" ", q)).strip()


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return round(xs[min(len(xs) - 1, int(round(p * (len(xs) - 1))))] * 1000, 2) if xs else 0.0


class Corpus:
    """The articles in force on QUERY_DAY, their distinct texts and how answers name them."""

    def __init__(self, session):
        from registry.search.catalog import Filters, load_catalog
        from registry.search.entries import load_entries

        self.catalog = load_catalog(session)
        allowed = self.catalog.allowed(Filters(day=QUERY_DAY))
        self.entries = [e for e in load_entries(session) if e.version_id in allowed]
        slot: dict[str, int] = {}
        self.keys_of: list[list[tuple[str, str]]] = []
        self.group: dict[tuple[str, str], int] = {}
        for e in self.entries:
            n = slot.setdefault(e.text, len(slot))
            if n == len(self.keys_of):
                self.keys_of.append([])
            self.keys_of[n].append((e.version_id, e.pid))
            self.group[(e.version_id, e.pid)] = n
        self.texts = list(slot)
        self.by_label: dict[tuple[str, str, str], set] = {}
        for e in self.entries:
            info = self.catalog.versions[e.version_id]
            self.by_label.setdefault((info.title, info.version_date.isoformat(), e.label), set()).add(
                (e.version_id, e.pid))

    def expand(self, docs: list[int]) -> list[tuple[str, str]]:
        return [k for d in docs for k in self.keys_of[d]]

    def excluded(self, q: dict) -> set[tuple[str, str]]:
        """The source article of a generated question (and every article with its text)."""
        src = q.get("source")
        if not src:
            return set()
        parts = src["pid"].split("__")
        for n in range(len(parts), 0, -1):
            key = (src["version_id"], "__".join(parts[:n]))
            if key in self.group:
                return set(self.keys_of[self.group[key]])
        return set()

    def expected(self, q: dict) -> set[tuple[str, str]]:
        if "answers" in q:
            return {(a["version_id"], a["pid"]) for a in q["answers"]}
        out = set()
        for e in q["expected"]:
            out |= self.by_label.get((e["title"], e["version_date"], e["label"]), {("?", repr(e))})
        return out


def score(lists: list[list[tuple[str, str]]], expected: list[set]) -> dict:
    found10 = found100 = total = 0
    rr = []
    for hits, exp in zip(lists, expected):
        total += len(exp)
        found10 += len(exp & set(hits[:10]))
        found100 += len(exp & set(hits[:LIMIT]))
        rank = next((i for i, h in enumerate(hits[:10], 1) if h in exp), None)
        rr.append(1.0 / rank if rank else 0.0)
    return {"recall_at_10": round(found10 / total, 3) if total else 0.0,
            "recall_at_100": round(found100 / total, 3) if total else 0.0,
            "mrr_at_10": round(statistics.mean(rr), 3) if rr else 0.0}


def store(args) -> tuple[object, Path]:
    from bench.common import ingested_store

    work = args.keep or Path(tempfile.mkdtemp(prefix="lexreg-quality-"))
    engine = ingested_store(work, args.corpus)
    with engine.connect() as c:
        cited = c.exec_driver_sql("SELECT COUNT(*) FROM citation").scalar()
    if not cited:  # ranked search reads how often an article is cited (registry.search.priors)
        from api.services import citation_pass

        t = time.perf_counter()
        print(f"citations: {citation_pass.rebuild(engine).summary()} in {time.perf_counter() - t:.1f} s",
              file=sys.stderr)
    return engine, work


def without_sources(engine, work: Path, sets: dict[str, list[dict]]):
    """A copy of the store without the articles the generated questions were cut from (all splits)."""
    import sqlite3

    from sqlmodel import Session

    from registry.schema import make_engine
    from registry.search.entries import load_entries

    copy = work / "quality.db"
    copy.unlink(missing_ok=True)
    src = sqlite3.connect(str(work / "lexreg.db"))
    dst = sqlite3.connect(str(copy))
    src.backup(dst)
    src.close()
    with Session(engine) as s:
        entries = load_entries(s)
    by_key = {(e.version_id, e.pid): e.text for e in entries}
    texts = set()
    for rows in sets.values():
        for q in rows:
            if "source" in q:
                parts = q["source"]["pid"].split("__")
                unit = next((k for k in (("__".join(parts[:n])) for n in range(len(parts), 0, -1))
                             if (q["source"]["version_id"], k) in by_key), None)
                if unit:
                    texts.add(by_key[(q["source"]["version_id"], unit)])
    doomed = [(e.version_id, e.pid) for e in entries if e.text in texts]
    params = [(v, p, p.replace("_", "\\_") + "\\_\\_%") for v, p in doomed]
    dst.executemany("DELETE FROM provision WHERE version_id = ? AND (pid = ? OR pid LIKE ? ESCAPE '\\')", params)
    # their citations too: a citation-derived signal (how often an article is cited) would
    # otherwise still carry the removed question's own link to its answer
    before = dst.total_changes
    dst.executemany("DELETE FROM citation WHERE version_id = ? AND (source_pid = ? OR source_pid LIKE ? "
                    "ESCAPE '\\')", params)
    # and, stricter, every citation by the source's norm (any version, any article) of an answer
    # of its question: an older text of that norm, worded a little differently, still links them
    links = {(q["source"]["work_id"], a["work_id"], a["pid"].split("__", 1)[0])
             for rows in sets.values() for q in rows if "source" in q for a in q.get("answers", ())}
    dst.executemany("DELETE FROM citation WHERE work_id = ? AND resolved_work_id = ? AND (resolved_pid = ? OR "
                    "resolved_pid LIKE ? ESCAPE '\\')",
                    [(w, t, p, p.replace("_", "\\_") + "\\_\\_%") for w, t, p in links])
    cites = dst.total_changes - before
    dst.commit()
    dst.close()
    print(f"collection: {len(doomed)} articles with a source text removed ({len(texts)} source texts), "
          f"{cites} of their citations removed", file=sys.stderr)
    return make_engine(f"sqlite:///{copy}"), len(doomed)


def run(args) -> dict:
    from sqlmodel import Session

    from bench import baselines, intervals
    from registry.core.errors import BadQuery
    from registry.search import Filters, SearchRequest, SearchService, rebuild

    engine, work = store(args)
    sets = query_sets()
    chosen = [n for n in args.sets.split(",") if n] if getattr(args, "sets", "") else list(sets)
    unknown = [n for n in chosen if n not in sets]
    if unknown:
        raise SystemExit(f"unknown set(s) {', '.join(unknown)}: choose from {', '.join(sets)}")
    engine, removed = without_sources(engine, work, sets)
    with Session(engine) as s:
        corpus = Corpus(s)
    print(f"{len(corpus.entries)} articles in force on {QUERY_DAY}, {len(corpus.texts)} distinct texts",
          file=sys.stderr)
    builds, bm25, whoosh = baselines.build_both(corpus.texts, work / "quality-whoosh")
    index_dir = work / "quality-index"
    shutil.rmtree(index_dir, ignore_errors=True)
    t = time.perf_counter()
    rebuild(engine, index_dir)
    lex_build = time.perf_counter() - t
    services = {"lexreg": SearchService(engine, index_dir), "lexreg_no_thesaurus": SearchService(engine, index_dir,
                                                                                                thesaurus=False)}
    day = Filters(day=QUERY_DAY)

    def lexreg(name, limit=LIMIT):
        svc = services[name]

        def search(q: str) -> list[tuple[str, str]]:
            try:
                return [(h.version_id, h.provision_id) for h in svc.search(SearchRequest(q, day, limit=limit)).hits]
            except BadQuery:
                return []
        return search

    engines = {
        "lexreg": lexreg("lexreg"), "lexreg_no_thesaurus": lexreg("lexreg_no_thesaurus"),
        "bm25": lambda q: corpus.expand(bm25.search(baselines.tokens(q), LIMIT)),
        "whoosh_or": lambda q: corpus.expand(whoosh.search(baselines.tokens(q), LIMIT)),
    }
    build_s = {"bm25": builds["bm25_s"], "whoosh_or": builds["whoosh_s"], "lexreg": lex_build,
               "lexreg_no_thesaurus": lex_build}
    for fn in engines.values():
        fn("征收土地的补偿")  # warm-up: indexes, catalog and jieba loaded, as a server would have them
    out = {"day": QUERY_DAY.isoformat(), "limit": LIMIT, "articles": len(corpus.entries),
           "distinct_texts": len(corpus.texts), "source_articles_removed": removed, "segment_s": round(builds["segment_s"], 2),
           "build_s": {k: round(v, 2) for k, v in build_s.items()},
           "notes": {"lexreg build": "rebuild() of lexreg's index over every stored version (all dates); "
                                     "the baselines index only the distinct texts in force on the day"},
           "sets": {}}
    for set_name in chosen:
        rows = sets[set_name]
        skipped = [q for q in rows if q.get("at") and "answers" not in q]
        rows = [q for q in rows if q not in skipped]
        if args.max_queries and len(rows) > args.max_queries:  # an even spread over the set, not its head
            rows = [rows[i * len(rows) // args.max_queries] for i in range(args.max_queries)]
        expected = [corpus.expected(q) for q in rows]
        excluded = [corpus.excluded(q) for q in rows]
        texts = [natural(q.get("question") or q["query"]) for q in rows]
        row = {"queries": len(rows), "of": len(sets[set_name]), "skipped_at": len(skipped),
               "unreachable": sum(1 for e in expected for k in e if k not in corpus.group)}
        kept: dict[str, list] = {}
        for name, fn in engines.items():
            lat, lists = [], []
            for text, drop in zip(texts, excluded):
                t = time.perf_counter()
                hits = fn(text)
                lat.append(time.perf_counter() - t)
                lists.append([h for h in hits if h not in drop])
            kept[name] = lists
            row[name] = {**score(lists, expected), "build_s": round(build_s[name], 2),
                         "p50_ms": pct(lat, .5), "p95_ms": pct(lat, .95)}
            if name == "lexreg":  # the same questions at top 10 (the page), timed in the same run
                at10 = lexreg("lexreg", 10)
                lat10 = []
                for text in texts:
                    t = time.perf_counter()
                    at10(text)
                    lat10.append(time.perf_counter() - t)
                row[name]["p95_ms_at_10"] = pct(lat10, .95)
            print(f"  {set_name} {name}: {row[name]}", file=sys.stderr, flush=True)
        clusters = [intervals.cluster_of(q) for q in rows]
        base = intervals.per_question(kept["bm25"], expected)
        for name in ENGINES[1:]:  # each ratio to plain BM25 with its 95% interval, the questions drawn by source
            row[name]["x_bm25_ci95"] = intervals.ratio_interval(intervals.per_question(kept[name], expected),
                                                                base, clusters)
        out["sets"][set_name] = row
    whoosh.close()
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return out


def _span(interval) -> str:
    return f" [{interval[0]:.2f}-{interval[1]:.2f}]" if interval else ""


def table(result: dict) -> str:
    lines = [f"search quality over {result['articles']} articles in force on {result['day']} "
             f"({result['distinct_texts']} distinct texts), top {result['limit']}",
             f"{'set':<22}{'engine':<22}{'R@10':>7}{'R@100':>7}{'MRR@10':>8}{'build s':>9}{'p50 ms':>9}{'p95 ms':>9}"]
    for set_name, row in result["sets"].items():
        for name in ENGINES:
            r = row[name]
            b = row["bm25"]
            ci = r.get("x_bm25_ci95") or {}
            vs = "" if name == "bm25" else (
                f"  x{r['recall_at_10'] / max(b['recall_at_10'], 1e-9):.2f}{_span(ci.get('recall_at_10'))} R@10, "
                f"x{r['mrr_at_10'] / max(b['mrr_at_10'], 1e-9):.2f}{_span(ci.get('mrr_at_10'))} MRR@10 of bm25")
            lines.append(f"{set_name:<22}{name:<22}{r['recall_at_10']:>7.3f}{r['recall_at_100']:>7.3f}"
                         f"{r['mrr_at_10']:>8.3f}{r['build_s']:>9.1f}{r['p50_ms']:>9.1f}{r['p95_ms']:>9.1f}{vs}")
        lines.append(f"{'':<22}({row['queries']} of {row['of']} queries, {row['skipped_at']} left out for `at`, "
                     f"{row['unreachable']} expected articles not in the collection; lexreg p95 at top 10: "
                     f"{row['lexreg'].get('p95_ms_at_10', 0):.1f} ms)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from bench.common import write_result

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--keep", type=Path, default=None, help="Reuse/keep the store and indexes in this folder.")
    ap.add_argument("--max-queries", type=int, default=0, help="At most this many queries per set (0: all).")
    ap.add_argument("--sets", default="", help="Comma-separated set names to score (default: every set), "
                                               "e.g. generated-dev,golden-tuning,golden-development,golden-held-out.")
    args = ap.parse_args(argv)
    result = run(args)
    path = write_result("search_quality", result)
    print(table(result))
    print(f"written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

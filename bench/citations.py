"""Time the citation pass over the whole corpus: `python -m bench.citations [corpus_dir]`.

Parsing is timed apart from extraction, since the citation pass will run on
drafts the ingest already built; the figure that matters here is extraction
time per article and per MB of provision text.

Then the store-level figures for issue 5: the full citation pass (extract,
resolve, store) and every conflict check on the corpus ingested once (1x) and
twice, the second time under altered titles (2x). The acceptance bar is
2x <= 2.5 x 1x; the figures go to bench/results/citations.json.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from sqlalchemy.engine import Engine

from api.services import citation_pass
from bench.common import shared_corpus, write_result
from ingest.citations import extract_document
from ingest.manifest import load_sidecar
from ingest.pipeline import parse_path
from ingest.readers import iter_paths
from registry import review as conflicts
from registry.core.db import session_scope
from registry.core.errors import IngestError, LexregError
from registry.core.settings import shared_corpus_dir
from registry.norms import store
from registry.norms.drafts import DocumentDraft
from registry.schema import make_engine

DEFAULT_CORPUS = shared_corpus_dir() / "laws"


def load(corpus: Path) -> tuple[list[DocumentDraft], float, int]:
    drafts, failed = [], 0
    start = time.perf_counter()
    for path in sorted(p for p in corpus.rglob("*") if p.suffix in (".md", ".txt") and p.name != "README.md"):
        try:
            drafts.append(parse_path(path))
        except IngestError:  # a broken source file is the parser's report, not this benchmark's
            failed += 1
    return drafts, time.perf_counter() - start, failed


def _copy(draft: DocumentDraft) -> DocumentDraft:
    """The same document as another norm: altered title, its own source identity."""
    title = draft.title + "（乙）"
    source = replace(draft.source, sha256=draft.source.sha256 + "-copy", path=draft.source.path + "#copy")
    return replace(draft, title=title, short_title=title.removeprefix("中华人民共和国"), source=source)


def _store(drafts: list[DocumentDraft], copies: bool) -> tuple[Engine, float]:
    db = Path(tempfile.mkdtemp(prefix="lexreg-bench-")) / "lexreg.db"
    engine = make_engine(f"sqlite:///{db}")
    batch = drafts + ([_copy(d) for d in drafts] if copies else [])
    batch.sort(key=lambda d: (d.version_date, d.source.path))
    start = time.perf_counter()
    for d in batch:
        try:
            with session_scope(engine) as session:
                store.add_document(session, d)
        except LexregError:  # a clash the ingest would report; not this benchmark's concern
            continue
    return engine, time.perf_counter() - start


def store_pass(drafts: list[DocumentDraft], copies: bool) -> dict[str, object]:
    engine, ingest_s = _store(drafts, copies)
    start = time.perf_counter()
    report = citation_pass.rebuild(engine)
    pass_s = time.perf_counter() - start
    start = time.perf_counter()
    with session_scope(engine) as session:
        run = conflicts.run(session)
    checks_s = time.perf_counter() - start
    with session_scope(engine) as session:
        n = store.counts(session)
    return {"works": n["works"], "versions": n["versions"], "provisions": n["provisions"], "ingest_s": round(ingest_s, 1),
            "citations": report.citations, "citation_pass_s": round(pass_s, 2), "conflict_checks_s": round(checks_s, 2),
            "total_s": round(pass_s + checks_s, 2), "findings": run.found, "check_seconds": run.seconds}


def scaling(corpus_root: Path) -> dict[str, object]:
    sidecar = load_sidecar(corpus_root / "manifest.csv")
    drafts = []
    for path in iter_paths([corpus_root / "laws", corpus_root / "chains"]):
        try:
            drafts.append(parse_path(path, sidecar.get(path)))
        except IngestError:
            continue
    once = store_pass(drafts, copies=False)
    twice = store_pass(drafts, copies=True)
    ratio = twice["total_s"] / max(once["total_s"], 1e-9)
    return {"1x": once, "2x": twice, "ratio_2x_over_1x": round(ratio, 2), "bar": 2.5, "within_bar": ratio <= 2.5}


def main(argv: list[str]) -> None:
    corpus = Path(argv[0]) if argv else DEFAULT_CORPUS
    drafts, parse_s, failed = load(corpus)
    articles = sum(len(d.articles) for d in drafts)
    chars = sum(len(d.preamble) + sum(len(a.text) for a in d.articles) for d in drafts)
    kinds: Counter[str] = Counter()
    start = time.perf_counter()
    for draft in drafts:
        kinds.update(c.kind for c in extract_document(draft))
    extract_s = time.perf_counter() - start
    print(f"{len(drafts)} documents ({failed} failed to parse without the manifest), {articles} articles, {chars / 1e6:.1f} M chars")
    print(f"parse {parse_s:.1f} s; citation extraction {extract_s:.2f} s "
          f"({extract_s / max(1, articles) * 1e6:.0f} µs/article, {chars / 1e6 / extract_s:.1f} M chars/s)")
    print(f"{sum(kinds.values())} citations: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    result = scaling(shared_corpus())
    for size in ("1x", "2x"):
        r = result[size]
        print(f"{size}: {r['works']} works, {r['provisions']} provisions; citation pass {r['citation_pass_s']} s "
              f"({r['citations']} citations), conflict checks {r['conflict_checks_s']} s; findings {r['findings']}")
    print(f"2x / 1x = {result['ratio_2x_over_1x']} (bar 2.5) -> {write_result('citations', result)}")


if __name__ == "__main__":
    main(sys.argv[1:])

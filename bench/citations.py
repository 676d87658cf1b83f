"""Time the citation pass over the whole corpus: `python -m bench.citations [corpus_dir]`.

Parsing is timed apart from extraction, since the citation pass will run on
drafts the ingest already built; the figure that matters here is extraction
time per article and per MB of provision text.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from ingest.citations import extract_document
from ingest.pipeline import parse_path
from registry.drafts import DocumentDraft
from registry.errors import IngestError

DEFAULT_CORPUS = Path("/work/shared/corpus/laws")


def load(corpus: Path) -> tuple[list[DocumentDraft], float, int]:
    drafts, failed = [], 0
    start = time.perf_counter()
    for path in sorted(p for p in corpus.rglob("*") if p.suffix in (".md", ".txt")):
        try:
            drafts.append(parse_path(path))
        except IngestError:  # a broken source file is the parser's report, not this benchmark's
            failed += 1
    return drafts, time.perf_counter() - start, failed


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
    print(f"{len(drafts)} documents ({failed} failed to parse), {articles} articles, {chars / 1e6:.1f} M chars")
    print(f"parse {parse_s:.1f} s; citation extraction {extract_s:.2f} s "
          f"({extract_s / max(1, articles) * 1e6:.0f} µs/article, {chars / 1e6 / extract_s:.1f} M chars/s)")
    print(f"{sum(kinds.values())} citations: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))


if __name__ == "__main__":
    main(sys.argv[1:])

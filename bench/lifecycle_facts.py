"""Scan the shared corpus with the lifecycle-fact readers and count what they find.

Reads every text under laws/ (one file per document; chains/ holds other versions
of the same norms and is counted apart) with its manifest row; writes
bench/results/lifecycle_facts.json and, with --list, prints every finding so a
person can read them. Run: `.venv/bin/python -m bench.lifecycle_facts [--list]`.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from datetime import date

from bench.common import shared_corpus, write_result
from ingest.basis import basis_citations
from ingest.issuance import read_issuance
from ingest.manifest import load_sidecar
from ingest.pipeline import parse_path
from ingest.repeals import read_repeals
from ingest.validity import read_validity
from registry.core.errors import IngestError
from registry.norms.organs import find_stale_organs


def scan(folder: str = "laws", show: bool = False) -> dict:
    corpus = shared_corpus()
    sidecar = load_sidecar(corpus / "manifest.csv")
    files = sorted(p for p in (corpus / folder).rglob("*") if p.suffix in (".md", ".txt", ".docx"))
    counts: Counter[str] = Counter()
    organs: Counter[str] = Counter()
    t0 = time.perf_counter()
    for path in files:
        try:
            draft = parse_path(path, sidecar.get(path))
        except IngestError:
            counts["unparsed"] += 1
            continue
        counts["texts"] += 1
        rel = path.relative_to(corpus)
        validity = read_validity(draft)
        if validity:
            counts["texts_with_validity"] += 1
            for v in validity:
                _show(show, "有效期", rel, v.pid, v.wording, v.last_day)
        notice = read_issuance(draft.source.text if draft.source else "")
        if notice:
            counts["issuance_notices"] += 1
            _show(show, "印发", rel, "", notice.issued_title, notice.issued_on)
        repeals = read_repeals(draft)
        if repeals:
            counts["texts_with_repeal_clauses"] += 1
            counts["repeal_clauses"] += len({(r.pid, r.clause) for r in repeals})
            counts["repealed_norms_named"] += len(repeals)
            for r in repeals:
                _show(show, "废止", rel, r.pid, f"{r.title} {r.doc_number}", r.effective)
        basis = basis_citations(draft)
        if basis:
            counts["texts_with_basis"] += 1
            counts["basis_citations"] += len(basis)
        stale = find_stale_organs(draft.provisions, draft.preamble, date(2024, 1, 1))
        if stale:
            counts["texts_naming_gone_organs_2024"] += 1
            for m in stale:
                organs[m.change.old if m.change.match == "exact" else "地方:" + m.change.old] += 1
    counts["seconds"] = round(time.perf_counter() - t0, 1)
    return {"folder": folder, "files": len(files), **counts, "gone_organs_2024": dict(organs.most_common())}


def _show(show: bool, what: str, rel, pid: str, text: str, when: date | None) -> None:
    if show:
        print(f"{what}\t{rel}\t{pid}\t{text}\t{when.isoformat() if when else ''}")


if __name__ == "__main__":
    result = {"laws": scan("laws", "--list" in sys.argv), "chains": scan("chains")}
    print(write_result("lifecycle_facts", result))
    print(result)

"""Corpus triples (before text, amendment decision, official after text), applied and checked.

Reads chains/triples.csv of the corpus (LEXREG_CORPUS_DIR when it holds the
chains, else the shared corpus: registry.core.settings.shared_corpus_dir), parses the three files, applies the
decision's operations for the norm to the before text and checks the result
against the official after text. Shared by `bench.amend` (prints the table)
and tests/test_triples.py (holds it to the acceptance figures).
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ingest.decisions.compiler import compile_decision_path
from ingest.pipeline import parse_path
from registry.amendments.engine import AmendResult, apply_operations
from registry.amendments.official import OfficialCheck, check_against_official
from registry.amendments.operations import AmendmentDecision
from registry.core.settings import shared_corpus_dir


def corpus_dir() -> Path:
    configured = Path(os.environ.get("LEXREG_CORPUS_DIR", "corpus"))
    return configured if (configured / "chains" / "triples.csv").exists() else shared_corpus_dir()


@dataclass
class TripleRun:
    norm: str
    before: int
    after: int
    result: AmendResult
    check: OfficialCheck
    unparsed: int

    @property
    def identical_pct(self) -> float:
        return 100.0 * self.check.ratio


def complete_triples(corpus: Path | None = None) -> list[dict[str, str]]:
    corpus = corpus or corpus_dir()
    with open(corpus / "chains" / "triples.csv", encoding="utf-8") as f:
        return [row for row in csv.DictReader(f) if row["kind"] == "complete"]


@lru_cache(maxsize=16)
def _decision(path: str) -> AmendmentDecision:
    return compile_decision_path(path)


def run_triple(row: dict[str, str], corpus: Path | None = None) -> TripleRun:
    corpus = corpus or corpus_dir()
    before = parse_path(corpus / row["before_path"])
    after = parse_path(corpus / row["after_path"])
    decision = _decision(str(corpus / row["decision_path"]))
    amendment = decision.for_norm(row["norm"])
    if amendment is None:
        raise LookupError(f"{row['decision_path']} has no instructions for {row['norm']}")
    result = apply_operations(before.provisions, amendment.operations, renumber=amendment.renumber)
    check = check_against_official(result.provisions, after.provisions)
    return TripleRun(row["norm"], len(before.articles), len(after.articles), result, check,
                     len(amendment.unparsed))


def run_all(corpus: Path | None = None) -> list[TripleRun]:
    return [run_triple(row, corpus) for row in complete_triples(corpus)]


def table(runs: list[TripleRun]) -> str:
    lines = [f"{'norm':<34} {'before':>6} {'after':>6} {'identical':>9} {'%':>7} {'ops':>4} {'failed':>6} "
             f"{'unparsed':>8}"]
    for r in runs:
        lines.append(f"{r.norm[:34]:<34} {r.before:>6} {r.after:>6} {r.check.identical:>9} "
                     f"{r.identical_pct:>6.1f}% {len(r.result.states):>4} {len(r.result.failed):>6} {r.unparsed:>8}")
    total = sum(r.check.official_count for r in runs)
    same = sum(r.check.identical for r in runs)
    perfect = sum(1 for r in runs if r.check.ratio == 1.0)
    lines.append(f"overall: {same}/{total} articles identical ({100.0 * same / max(total, 1):.2f}%), "
                 f"{perfect}/{len(runs)} triples at 100%")
    return "\n".join(lines)


def details(runs: list[TripleRun]) -> str:
    out = []
    for r in runs:
        if r.check.ratio == 1.0 and not r.result.failed and not r.check.headings:
            continue
        out.append(f"== {r.norm}")
        for s in r.result.failed:
            out.append(f"  FAILED {s.operation.name}: {s.reason} | {s.operation.source[:100]}")
        for w in r.result.warnings:
            out.append(f"  WARNING {w}")
        for a in r.check.differences:
            out.append(f"  {a.status.upper()} {a.pid}")
            if a.status == "different":
                for c in a.changes[:6]:
                    out.append(f"      [{c.op}] official {c.old[:60]!r} / applied {c.new[:60]!r}")
            else:
                out.append(f"      {(a.official or a.applied)[:100]!r}")
        for pid, official, applied in r.check.headings:
            out.append(f"  HEADING {pid}: official {official!r} / applied {applied!r}")
    return "\n".join(out)

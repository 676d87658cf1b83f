"""Out-of-sample triples (issue 15): decisions the engine was not built on, applied and checked per split.

Reads bench/outofsample/triples.csv (frozen: bench/outofsample/SHA256SUMS, held by
tests/test_outofsample_frozen.py). A row with before and after texts is applied to the
before text and checked against the official after text; a row with only a decision
(norm `*`) counts the instructions the grammar could not read, per norm. Writes nothing;
`bench.amend` prints and stores the figures.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ingest.decisions.compiler import compile_decision_path
from ingest.pipeline import parse_path
from registry.amendments.engine import apply_operations
from registry.amendments.official import check_against_official
from registry.core.settings import shared_corpus_dir

HERE = Path(__file__).resolve().parent / "outofsample"


def resolve(ref: str) -> Path:
    """`corpus:chains/…` (the shared corpus) or `local:decisions/…` (this folder)."""
    kind, _, rel = ref.partition(":")
    return (shared_corpus_dir() if kind == "corpus" else HERE) / rel


def rows() -> list[dict[str, str]]:
    with open(HERE / "triples.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def checksum_mismatches() -> list[str]:
    """Files of SHA256SUMS whose content changed (empty when the split is as frozen)."""
    bad = []
    for line in (HERE / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, _, ref = line.partition("  ")
        path = HERE / ref if ":" not in ref else resolve(ref)
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            bad.append(ref)
    return bad


@dataclass
class SplitFigures:
    split: str
    norms: int = 0
    perfect: int = 0
    articles: int = 0
    identical: int = 0
    instructions_unread: int = 0
    operations_failed: int = 0
    unread: list[str] = field(default_factory=list)
    rows: list[dict[str, object]] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {"split": self.split, "norms": self.norms, "perfect": self.perfect, "articles": self.articles,
                "identical": self.identical, "instructions_unread": self.instructions_unread,
                "operations_failed": self.operations_failed, "unread": self.unread, "rows": self.rows}


def run_split(split: str) -> SplitFigures:
    figures = SplitFigures(split)
    for row in (r for r in rows() if r["split"] == split):
        decision = compile_decision_path(resolve(row["decision_path"]))
        if row["norm"] == "*":
            unread = [u for n in decision.norms for u in n.unparsed] + list(decision.unparsed)
            figures.instructions_unread += len(unread)
            figures.unread.extend(f"{u.norm or '?'}: {u.text[:80]} — {u.reason}" for u in unread)
            figures.rows.append({"decision": row["decision_path"], "unread": len(unread)})
            continue
        before, after = parse_path(resolve(row["before_path"])), parse_path(resolve(row["after_path"]))
        amendment = decision.for_norm(row["norm"])
        if amendment is None:
            raise LookupError(f"{row['decision_path']} has no instructions for {row['norm']}")
        result = apply_operations(before.provisions, amendment.operations, renumber=amendment.renumber)
        check = check_against_official(result.provisions, after.provisions)
        figures.norms += 1
        figures.perfect += check.ratio == 1.0
        figures.articles += check.official_count
        figures.identical += check.identical
        figures.instructions_unread += len(amendment.unparsed)
        figures.operations_failed += len(result.failed)
        figures.unread.extend(f"{row['norm']}: {u.text[:80]} — {u.reason}" for u in amendment.unparsed)
        figures.rows.append({"norm": row["norm"], "articles": check.official_count, "identical": check.identical,
                             "unread": len(amendment.unparsed), "failed": len(result.failed),
                             "differences": [a.pid for a in check.differences]})
    return figures


def table(figures: list[SplitFigures]) -> str:
    lines = [f"{'split':<6} {'norms':>5} {'perfect':>7} {'articles':>8} {'identical':>9} {'%':>7} "
             f"{'unread':>6} {'failed':>6}"]
    for f in figures:
        pct = 100.0 * f.identical / f.articles if f.articles else 0.0
        lines.append(f"{f.split:<6} {f.norms:>5} {f.perfect:>7} {f.articles:>8} {f.identical:>9} {pct:>6.1f}% "
                     f"{f.instructions_unread:>6} {f.operations_failed:>6}")
    return "\n".join(lines)

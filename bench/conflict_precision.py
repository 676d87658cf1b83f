"""Precision of the conflict checks on a hand-labelled sample (issue 14).

Reads tests/golden/conflicts/sample.jsonl (findings judged as a 备案审查 reviewer
would: label true = worth the list, false = false alarm, with a reason and the
false-alarm pattern 1-7 of issue 14), builds a whole-corpus store (or reads the
one at --db), runs every check and matches today's findings to the labelled
ones by (kind, norm, provision, other norm; norms by title) — never by finding id, which
changes. Writes bench/results/conflict_precision.json with, per kind: findings,
labelled, labelled still found, precision on those, labelled false alarms gone,
labelled true findings kept; and the findings per kind before (baseline.json, main
before issue 14) and now.

    python -m bench.conflict_precision [--db PATH] [--sample F]...  # score (both samples by default)
    python -m bench.conflict_precision --draw SEED --out F  # draw a fresh unlabelled sample
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from bench.common import ROOT, shared_corpus, write_result

SAMPLE = ROOT / "tests" / "golden" / "conflicts" / "sample.jsonl"
AFTER = ROOT / "tests" / "golden" / "conflicts" / "sample-after.jsonl"  # drawn after issue 14's fixes, seed 1414
SAMPLES = [p for p in (SAMPLE, AFTER) if p.is_file()]
BASELINE = ROOT / "tests" / "golden" / "conflicts" / "baseline.json"  # main before issue 14: counts and precision
PER_KIND = 12


def build_store(db: Path):
    """An engine on `db` if it holds a store, else a whole-corpus store built there."""
    from api.services import citation_pass
    from api.services.ingest_batch import ingest_paths
    from ingest.manifest import load_sidecar
    from registry.schema import make_engine

    if db.is_file():
        return make_engine(f"sqlite:///{db}")
    from registry import audit

    corpus = shared_corpus()
    engine = make_engine(f"sqlite:///{db}")
    with audit.acting_as("bench"):
        ingest_paths(engine, [corpus / "laws", corpus / "chains"], load_sidecar(corpus / "manifest.csv"))
    citation_pass.rebuild(engine)
    return engine


def current_findings(engine) -> list[dict]:
    """Run every check and return each active finding as a sample line (label empty)."""
    from sqlmodel import select

    from registry import review as conflicts
    from registry.core.db import session_scope
    from registry.norms import models as m

    with session_scope(engine) as s:
        conflicts.run(s)
        titles = {w.id: w.title for w in s.exec(select(m.Work)).all()}
        rows = [conflicts.finding_json(f) for f in conflicts.findings(s)]
    return [as_line(f, titles) for f in rows]


def as_line(f: dict, titles: dict[str, str]) -> dict:
    ev = f["evidence"]
    return {"kind": f["kind"], "work": titles.get(f["work_id"], f["work_id"]), "work_id": f["work_id"],
            "provision": f["pid"], "other_work": titles.get(f["other_work_id"], f["other_work_id"]),
            "other_work_id": f["other_work_id"], "other_provision": f["other_pid"], "raw": ev.get("raw", ""),
            "detail": _detail(f["kind"], ev), "label": None, "reason": "", "pattern": None}


def _detail(kind: str, ev: dict) -> str:
    """What tells apart two findings on the same pair of provisions: the numbers compared, the signal."""
    if kind == "number_mismatch":
        return f"{ev.get('text', '')[:60]} | {ev.get('other_text', '')[:60]}"
    if kind == "beyond_competence":
        return ev.get("signal", "")
    return ev.get("raw", "")


def key(line: dict, exact: bool = True) -> tuple:
    """What a finding is about, stable across runs and renumbered finding ids: kind, norm, provision,
    other norm (and, exactly, the other provision and the cited words, numbers or signal).
    number_mismatch orders the two norms by id, so the pair is taken either way round."""
    # norms by title: an id can change (a norm known only by title gets its level's code), a title does not
    work, other = line.get("work") or line["work_id"], line.get("other_work") or line["other_work_id"]
    a = (work, line["provision"]) + ((line["other_provision"],) if exact else ())
    b = (other,) + ((line["other_provision"],) if exact else ())
    if line["kind"] == "number_mismatch":
        a, b = sorted(((work, line["provision"]), (other, line["other_provision"])))
        if not exact:
            a, b = (a[0],), (b[0],)
    detail = (line.get("detail", ""),) if exact and line["kind"] != "number_mismatch" else ()
    return (line["kind"],) + tuple(a) + tuple(b) + detail


def matched(findings: list[dict], labelled: list[dict]) -> list[bool]:
    """For each labelled line, whether a current finding is about the same thing: an exact match
    first, else one on (kind, norm, provision, other norm); each current finding used once."""
    exact = Counter(key(f) for f in findings)
    loose = Counter(key(f, exact=False) for f in findings)
    out = [False] * len(labelled)
    for i, x in enumerate(labelled):
        if exact[key(x)]:
            exact[key(x)] -= 1
            loose[key(x, exact=False)] -= 1
            out[i] = True
    for i, x in enumerate(labelled):
        if not out[i] and loose[key(x, exact=False)] > 0:
            loose[key(x, exact=False)] -= 1
            out[i] = True
    return out


def draw(findings: list[dict], seed: int, per_kind: int = PER_KIND) -> list[dict]:
    """Up to `per_kind` findings of each kind, drawn with `seed` from a fixed order."""
    rng = random.Random(seed)
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for f in sorted(findings, key=lambda f: (f["kind"], f["work_id"], f["provision"], f["other_work_id"],
                                                f["other_provision"], f["raw"], f["detail"])):
        by_kind[f["kind"]].append(f)
    out = []
    for kind in sorted(by_kind):
        pool = by_kind[kind]
        out.extend(sorted(rng.sample(pool, min(per_kind, len(pool))), key=lambda f: (f["work"], f["provision"])))
    for line in out:
        line["seed"] = seed
    return out


def load(path: Path = SAMPLE) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def score(findings: list[dict], labelled: list[dict]) -> dict:
    counts = Counter(f["kind"] for f in findings)
    here = matched(findings, labelled)
    per_kind: dict[str, dict] = {}
    for kind in sorted(set(counts) | {x["kind"] for x in labelled}):
        mine = [(x, h) for x, h in zip(labelled, here) if x["kind"] == kind and x.get("label") is not None]
        true_present = sum(1 for x, h in mine if h and x["label"])
        present = sum(1 for _, h in mine if h)
        per_kind[kind] = {
            "findings": counts.get(kind, 0), "labelled": len(mine), "labelled_true": sum(1 for x, _ in mine if x["label"]),
            "matched": present, "true_matched": true_present,
            "precision": round(true_present / present, 3) if present else None,
            "false_alarms_gone": sum(1 for x, h in mine if not x["label"] and not h),
            "true_kept": true_present, "true_lost": sum(1 for x, h in mine if x["label"] and not h),
            "undecided": sum(1 for x in labelled if x["kind"] == kind and x.get("label") is None)}
    patterns = Counter(str(x.get("pattern")) for x in labelled if x.get("label") is False)
    return {"per_kind": per_kind, "false_alarm_patterns": dict(sorted(patterns.items())),
            "findings_total": sum(counts.values()), "labelled": len(labelled)}


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, help="SQLite store to read (built there if missing)")
    ap.add_argument("--draw", type=int, metavar="SEED", help="write a fresh unlabelled sample instead of scoring")
    ap.add_argument("--out", type=Path, help="where --draw writes (JSON lines)")
    ap.add_argument("--sample", type=Path, action="append",
                    help="labelled sample(s) to score (default: every one under tests/golden/conflicts)")
    args = ap.parse_args(argv)
    start = time.perf_counter()
    if args.db:
        findings = current_findings(build_store(args.db))
    else:
        with tempfile.TemporaryDirectory(prefix="lexreg-precision-") as tmp:
            engine = build_store(Path(tmp) / "lexreg.db")
            findings = current_findings(engine)
            engine.dispose()
    if args.draw is not None:
        out = args.out or Path(f"sample-{args.draw}.jsonl")
        out.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in draw(findings, args.draw)),
                       encoding="utf-8")
        print(f"{len(findings)} findings; sample -> {out}")
        return 0
    samples = args.sample or SAMPLES
    before = json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.is_file() else {}
    result = {"samples": {}, "findings": dict(sorted(Counter(f["kind"] for f in findings).items())),
              "findings_before": before.get("findings", {})}
    kinds = sorted(set(result["findings"]) | set(result["findings_before"]))
    print("findings on the whole corpus, before -> now: " + ", ".join(
        f"{k} {result['findings_before'].get(k, '?')} -> {result['findings'].get(k, 0)}" for k in kinds))
    for path in samples:
        scored = score(findings, load(path))
        result["samples"][path.name] = scored
        print(f"-- {path.name}")
        for kind, r in scored["per_kind"].items():
            p = "n/a" if r["precision"] is None else f"{r['true_matched']}/{r['matched']} = {r['precision']:.0%}"
            was = before.get("sample_precision", {}).get(kind) if path == SAMPLE else None
            then = f" (before {was['true']}/{was['matched']})" if was else ""
            print(f"{kind:18} findings {r['findings']:4}  labelled {r['labelled']:2}  still found {r['matched']:2}  "
                  f"precision {p}{then}  false alarms gone {r['false_alarms_gone']}  true kept {r['true_kept']}"
                  f" (lost {r['true_lost']})")
        print(f"false alarms by pattern: {scored['false_alarm_patterns']}")
    result["seconds"] = round(time.perf_counter() - start, 1)
    print(f"-> {write_result('conflict_precision', result)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Apply each real amendment decision to the text before it and check the official text after it.

Run from the repository root: `.venv/bin/python -m bench.amend [--verbose]`.
Prints one row per `complete` triple of chains/triples.csv (articles
before/after, identical %, operations, failed operations, unread
instructions) and, with --verbose, every differing article and failed
operation with its reason. Then the frozen out-of-sample set of issue 15
(bench/outofsample: the test and dev splits, and the decisions read without
before texts, e.g. the 2009 omnibus decision), beside the figures the engine
had before issue 15 (bench/outofsample/before.json, measured at commit ac692b3
with the same harness). Writes bench/results/amend.json. The work is done by
`bench.triples` and `bench.outofsample_runs`; tests/test_triples.py holds the
17 triples to the acceptance bar.
"""

from __future__ import annotations

import argparse
import json
import sys

from bench.common import write_result
from bench.outofsample_runs import HERE, checksum_mismatches, run_split
from bench.outofsample_runs import table as split_table
from bench.triples import details, run_all, table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", "-v", action="store_true", help="list every difference and failure")
    args = parser.parse_args(argv)
    runs = run_all()
    print(table(runs))
    if args.verbose:
        print(details(runs))
    changed = checksum_mismatches()
    if changed:
        print(f"out-of-sample split NOT as frozen (SHA256SUMS): {', '.join(changed)}")
        return 1
    splits = [run_split("test"), run_split("dev")]
    before = json.loads((HERE / "before.json").read_text(encoding="utf-8"))
    print("\nout of sample (bench/outofsample, frozen) — after issue 15:")
    print(split_table(splits))
    print(f"before issue 15 (commit {before['commit']}):")
    for name, f in before["splits"].items():
        print(f"  {name}: {f['identical']}/{f['articles']} articles identical, {f['perfect']}/{f['norms']} norms "
              f"perfect, {f['instructions_unread']} instructions unread")
    for f in splits:
        for line in f.unread:
            print(f"  still unread ({f.split}): {line}")
    total = sum(r.check.official_count for r in runs)
    same = sum(r.check.identical for r in runs)
    out = write_result("amend", {
        "triples": {"norms": len(runs), "articles": total, "identical": same,
                    "identical_pct": round(100.0 * same / max(total, 1), 2),
                    "perfect": sum(1 for r in runs if r.check.ratio == 1.0),
                    "unread": sum(r.unparsed for r in runs), "failed": sum(len(r.result.failed) for r in runs)},
        "out_of_sample": {f.split: f.to_json() for f in splits},
        "before": before,
    })
    print(f"written {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Apply each real amendment decision to the text before it and check the official text after it.

Run from the repository root: `.venv/bin/python -m bench.amend [--verbose]`.
Prints one row per `complete` triple of chains/triples.csv (articles
before/after, identical %, operations, failed operations, unread
instructions) and, with --verbose, every differing article and failed
operation with its reason. The work is done by `bench.triples`;
tests/test_triples.py holds the same figures to the acceptance bar.
"""

from __future__ import annotations

import argparse
import sys

from bench.triples import details, run_all, table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", "-v", action="store_true", help="list every difference and failure")
    args = parser.parse_args(argv)
    runs = run_all()
    print(table(runs))
    if args.verbose:
        print(details(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())

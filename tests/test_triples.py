"""Acceptance: every complete corpus triple (before, decision, official after) reproduced.

Holds the figures of issue 4: at least 97% of articles identical overall and at
least 12 of the 17 triples at 100%. Prints the per-triple table (pytest -s).
"""

from __future__ import annotations

import pytest

from bench.triples import details, run_all, table


@pytest.fixture(scope="module")
def runs():
    return run_all()


def test_all_complete_triples_run(runs):
    assert len(runs) == 17


def test_acceptance_figures(runs):
    print("\n" + table(runs) + "\n" + details(runs))
    total = sum(r.check.official_count for r in runs)
    identical = sum(r.check.identical for r in runs)
    perfect = sum(1 for r in runs if r.check.ratio == 1.0)
    assert identical / total >= 0.97, table(runs)
    assert perfect >= 12, table(runs)


def test_no_instruction_unread_or_failed(runs):
    """The triples' decisions are read completely and every operation applies."""
    assert [r.norm for r in runs if r.unparsed] == []
    assert [(r.norm, s.reason) for r in runs for s in r.result.failed] == []

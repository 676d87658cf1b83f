"""The out-of-sample split of issue 15 is frozen: its list of triples and every file it names.

Fails when bench/outofsample/triples.csv, a decision text stored beside it or a
corpus text it names changes (bench/outofsample/SHA256SUMS), so figures on the
test split stay comparable before and after a change to the grammar.
"""

from __future__ import annotations

from bench.outofsample_runs import checksum_mismatches, rows


def test_split_files_match_their_frozen_checksums():
    assert checksum_mismatches() == []


def test_the_test_split_has_a_complete_triple():
    test_rows = [r for r in rows() if r["split"] == "test"]
    assert test_rows and all(r["before_path"] and r["after_path"] for r in test_rows)

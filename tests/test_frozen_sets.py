"""The generated question set (bench/questions.py) is frozen: its test split may never change.

The hash below was committed with the split, before any baseline or ranking was
run on it. If this test fails, the test split was regenerated or edited: restore
it from git; a new split is only honest before tuning starts, in its own commit.
"""

from __future__ import annotations

import csv
import hashlib
import re

import pytest

from bench.questions import OUT, load_set, split_of

TEST_SHA256 = "b43b61511f871efd4f3de73b213d71922535f8c1569e892a7860cf067187a41f"
_ARTICLE = re.compile(r"第[零〇一二三四五六七八九十百千两]+条")


@pytest.fixture(scope="module")
def sets():
    return {name: load_set(OUT / f"{name}.jsonl") for name in ("dev", "test")}


def test_test_split_hash_is_frozen():
    assert hashlib.sha256((OUT / "test.jsonl").read_bytes()).hexdigest() == TEST_SHA256


def test_sha256sums_match_the_files():
    for line in (OUT / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split()
        assert hashlib.sha256((OUT / name).read_bytes()).hexdigest() == digest, name


def test_splits_follow_the_seeded_hash_and_do_not_overlap(sets):
    assert len(sets["dev"]) + len(sets["test"]) >= 1500
    for name, rows in sets.items():
        assert all(r["split"] == name == split_of(r["source"]["work_id"], r["source"]["pid"]) for r in rows)
    dev_q = {r["question"] for r in sets["dev"]}
    assert not dev_q & {r["question"] for r in sets["test"]}
    dev_src = {(r["source"]["work_id"], r["source"]["pid"]) for r in sets["dev"]}
    assert not dev_src & {(r["source"]["work_id"], r["source"]["pid"]) for r in sets["test"]}


def test_questions_name_neither_the_cited_norm_nor_an_article(sets):
    for r in sets["dev"]:  # the test split is measured, never read: only dev is inspected here
        q = r["question"]
        assert not _ARTICLE.search(q), q
        assert "《" not in q or not any(a["title"] in q for a in r["answers"]), q
        for a in r["answers"]:
            short = a["title"].removeprefix("中华人民共和国")
            assert short not in q, (short, q)
            assert a["work_id"] != r["source"]["work_id"], "a norm citing itself is no question"


def test_answers_and_sources_are_real_corpus_norms(sets, shared_corpus):
    titles = {row["title"] for row in csv.DictReader((shared_corpus / "manifest.csv").open(encoding="utf-8"))}
    for r in sets["dev"]:
        assert r["source"]["title"] in titles
        assert r["answers"] and all(a["title"] in titles and re.match(r"第.+条|[一二三四五六七八九十百]+、", a["label"]) for a in r["answers"])

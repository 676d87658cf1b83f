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


def _sentence(path, start: str) -> str:
    text = path.read_text(encoding="utf-8")
    i = text.index(start)
    return text[i:text.index("。", i) + 1]


@pytest.mark.parametrize("file, start, question", [
    ("司法解释/最高人民法院关于审理破坏森林资源刑事案件适用法律若干问题的解释(2023-08-13).md", "伪造、变造、买卖采伐许可证",
     "伪造、变造、买卖采伐许可证，森林、林地、林木权属证书以及占用或者征用林地审核同意书等国家机关批准的林业证件、"
     "文件构成犯罪的，以伪造、变造、买卖国家机关公文、证件罪定罪处罚。"),
    ("行政法规/企业所得税法实施条例(2019-04-23).md", "企业所得税法第九条所称公益性捐赠",
     "所称公益性捐赠，是指企业通过公益性社会组织或者县级以上人民政府及其部门，用于符合规定的慈善活动、公益事业的捐赠。"),  # 法律规定: a generic citation, removed too
])
def test_a_real_sentence_loses_its_citation_and_frame_words(shared_corpus, file, start, question):
    from bench.questions import content_chars, question_from
    from ingest.citations import extract

    sentence = _sentence(shared_corpus / "laws" / file, start)
    spans = [(d.start, d.end) for d in extract(sentence)]
    assert spans, "the extractor finds the citation in the real text"
    got = question_from(sentence, spans, {"中华人民共和国刑法", "刑法", "中华人民共和国企业所得税法", "企业所得税法"})
    assert got == question
    assert content_chars(got) >= 8


def test_boilerplate_alone_is_no_question():
    from bench.questions import MIN_CONTENT, content_chars, question_from

    sentence = "人民法院应当依照民事诉讼法第一百一十一条的规定处理。"
    got = question_from(sentence, [(6, 20)], {"民事诉讼法"})
    assert content_chars(got) < MIN_CONTENT

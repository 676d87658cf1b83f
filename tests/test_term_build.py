"""The word postings `build_fields` writes equal the plain count of each entry's words.

The build segments each distinct text once, in a pool of processes, then expands texts back
to entries and counts (word, entry) pairs with one `np.unique`; here the same arrays are
recounted entry by entry with `index_tokens` and a Counter, on real articles (versions that
repeat a text, several chunks, both fields).
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from search_store import cited_small_store
from sqlmodel import Session

from registry.search import terms
from registry.search.analysis import index_tokens, tokenizer
from registry.search.anchors import anchor_texts
from registry.search.entries import load_entries


@pytest.fixture(scope="module")
def fields(tmp_path_factory, shared_corpus):
    root = tmp_path_factory.mktemp("termbuild")
    engine = cited_small_store(shared_corpus, root)  # its rebuild loaded the index's dictionary here
    with Session(engine) as s:
        entries = load_entries(s)
        anchors = anchor_texts(s, entries)
    texts = [e.text for e in entries]
    return texts + texts[:300], anchors + anchors[:300]  # entries that repeat a text, as versions do


def _plain(texts: list[str]) -> tuple[dict[str, list[tuple[int, int]]], list[int], Counter, int]:
    """word -> [(entry, tf)], words per entry, distinct texts per word, words of the distinct texts."""
    tk = tokenizer()
    postings: dict[str, list[tuple[int, int]]] = {}
    lengths, udf, seen, total = [], Counter(), set(), 0
    for e, text in enumerate(texts):
        toks = list(index_tokens(text, tk))
        length = toks[-1][1] + 1 if toks else 0
        lengths.append(length)
        for w, tf in Counter(w for w, _ in toks).items():
            postings.setdefault(w, []).append((e, tf))
        if text not in seen:
            seen.add(text)
            udf.update({w for w, _ in toks})
            total += length
    return postings, lengths, udf, total


def _check(seg: terms.TermSegment, texts: list[str]) -> None:
    postings, lengths, udf, total = _plain(texts)
    assert set(seg.vocab) == set(postings)
    for w, want in postings.items():
        docs, tf = seg.postings(w)
        assert list(zip(docs.tolist(), tf.tolist())) == want, w
        assert seg.udf[seg.lookup[w]] == udf[w], w
    assert seg.doclen.tolist() == lengths
    assert seg.texts.tolist() == [len(set(texts)), total]


@pytest.mark.parametrize("processes", [1, 2])
def test_postings_of_both_fields_equal_a_plain_count(fields, processes, monkeypatch):
    texts, anchors = fields
    monkeypatch.setattr(terms, "CHUNK", 100)  # several chunks, so the pool and the remapping run
    built = []
    seg_text, seg_anchor = terms.build_fields([texts, anchors], processes=processes,
                                              while_waiting=lambda: built.append(True))
    assert built == [True]  # the caller's work ran while the pool segmented
    assert sum(1 for a in anchors if a) > 20 and len(set(texts)) > 3 * 100
    _check(seg_text, texts)
    _check(seg_anchor, anchors)
    assert np.all(np.diff(seg_text.starts) >= 0)

"""The plain baselines lexreg's ranking is measured against: BM25 and Whoosh over jieba words.

Both read the same deduplicated texts (one per distinct article text in force on
the query day) and the same tokens: jieba's own dictionary in precise mode with
HMM off (as lexreg's index and queries), lower-cased, words only, and the
stopwords-iso Chinese list (794 words, the `stopwordsiso` package) removed.
Segmentation runs in a fork pool of min(cores, 4) processes, as lexreg's index
build does. Nothing here knows lexreg's dictionary, thesaurus or weights.

- `BM25`: Okapi BM25 with k1 1.3, b 0.75 and Lucene's idf, postings in numpy arrays.
- `WhooshOr`: Whoosh (whoosh-reloaded) BM25F with its defaults, each query parsed
  with `OrGroup.factory(0.9)`: any word may match, articles with more of them first.
"""

from __future__ import annotations

import logging
import math
import multiprocessing as mp
import os
import re
import shutil
import time
from collections import Counter
from pathlib import Path

import numpy as np

K1, B = 1.3, 0.75
CHUNK = 2000
_WORD = re.compile(r"\w+")
_tk = None
_stop: frozenset[str] = frozenset()


def _init() -> None:
    global _tk, _stop
    if _tk is None:
        import jieba
        import stopwordsiso

        jieba.setLogLevel(logging.WARNING)
        _tk = jieba.Tokenizer()
        _tk.initialize()
        _stop = frozenset(stopwordsiso.stopwords("zh"))


def tokens(text: str) -> list[str]:
    """Words of `text` as both baselines index and query them."""
    _init()
    out = []
    for w in _tk.cut(text, HMM=False):
        w = w.lower()
        if w not in _stop and _WORD.fullmatch(w):
            out.append(w)
    return out


def _chunk(texts: list[str]) -> list[list[str]]:
    return [tokens(t) for t in texts]


def segment(texts: list[str]) -> list[list[str]]:
    """Tokens of every text, in a fork pool of the size lexreg's build uses (the dictionary loads first)."""
    _init()
    chunks = [texts[i:i + CHUNK] for i in range(0, len(texts), CHUNK)]
    procs = min(os.cpu_count() or 1, 4)
    if procs > 1 and len(chunks) > 1 and "fork" in mp.get_all_start_methods():
        with mp.get_context("fork").Pool(procs) as pool:
            parts = pool.map(_chunk, chunks, chunksize=1)
    else:
        parts = [_chunk(c) for c in chunks]
    return [t for part in parts for t in part]


class BM25:
    """Okapi BM25 over token lists; `search` returns (doc, score) best first."""

    def __init__(self, docs: list[list[str]]):
        vocab: dict[str, int] = {}
        ids, doc_of = [], []
        for d, toks in enumerate(docs):
            for t in toks:
                ids.append(vocab.setdefault(t, len(vocab)))
            doc_of.append(len(toks))
        lengths = np.asarray(doc_of, dtype=np.int64)
        words = np.asarray(ids, dtype=np.int64)
        docs_col = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)
        composite, tf = np.unique(words * len(docs) + docs_col, return_counts=True)
        word_of = composite // len(docs)
        self.docs = (composite % len(docs)).astype(np.int32)
        self.tf = tf.astype(np.float64)
        self.starts = np.searchsorted(word_of, np.arange(len(vocab) + 1))
        self.vocab, self.n = vocab, len(docs)
        self.norm = K1 * (1 - B + B * lengths / max(1.0, lengths.mean()))

    def search(self, query: list[str], limit: int) -> list[int]:
        scores = np.zeros(self.n)
        for word, qtf in Counter(query).items():
            i = self.vocab.get(word)
            if i is None:
                continue
            a, b = self.starts[i], self.starts[i + 1]
            docs, tf = self.docs[a:b], self.tf[a:b]
            idf = math.log(1 + (self.n - len(docs) + 0.5) / (len(docs) + 0.5))
            scores[docs] += qtf * idf * tf * (K1 + 1) / (tf + self.norm[docs])
        hit = np.nonzero(scores)[0]
        if len(hit) > limit:
            hit = hit[np.argpartition(-scores[hit], limit - 1)[:limit]]
        return hit[np.lexsort((hit, -scores[hit]))].tolist()


class WhooshOr:
    """A Whoosh index of the pre-segmented texts (space-separated words) in `folder`."""

    def __init__(self, docs: list[list[str]], folder: Path):
        from whoosh import fields, index
        from whoosh.analysis import SpaceSeparatedTokenizer
        from whoosh.qparser import OrGroup, QueryParser

        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        schema = fields.Schema(n=fields.NUMERIC(stored=True),
                               content=fields.TEXT(analyzer=SpaceSeparatedTokenizer()))
        self.ix = index.create_in(str(folder), schema)
        w = self.ix.writer(limitmb=256)
        for n, toks in enumerate(docs):
            w.add_document(n=n, content=" ".join(toks))
        w.commit()
        self.searcher = self.ix.searcher()
        self.parser = QueryParser("content", schema, group=OrGroup.factory(0.9))

    def search(self, query: list[str], limit: int) -> list[int]:
        if not query:
            return []
        q = self.parser.parse(" ".join(query))
        return [h["n"] for h in self.searcher.search(q, limit=limit)]

    def close(self) -> None:
        self.searcher.close()


def build_both(texts: list[str], folder: Path) -> tuple[dict, BM25, WhooshOr]:
    """Segment once (timed), then build each index (timed); build s = segmentation + own index."""
    t = time.perf_counter()
    docs = segment(texts)
    seg_s = time.perf_counter() - t
    t = time.perf_counter()
    bm25 = BM25(docs)
    bm25_s = time.perf_counter() - t
    t = time.perf_counter()
    whoosh = WhooshOr(docs, folder)
    whoosh_s = time.perf_counter() - t
    return {"segment_s": seg_s, "bm25_s": seg_s + bm25_s, "whoosh_s": seg_s + whoosh_s}, bm25, whoosh

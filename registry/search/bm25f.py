"""A word's BM25F over an entry's own fields: its text, its anchors and its headings.

`field_scores` is the definition, computed per word on first use (a command from the
shell asks one question). A served worker asks thousands, and a long question brings dozens
of words it has not seen, each costing three BM25 passes and two unions: `FieldTable` computes
every word of the loaded index at once, in a few array passes when the worker starts
(`SearchService.warm`), and gives the same floats (tests/test_search_fast_paths.py).

Reads a loaded `TermIndex` (and its anchor and heading fields); writes nothing.
"""

from __future__ import annotations

import numpy as np

from registry.search import boolean
from registry.search.terms import TermIndex, bm25_weights

_NONE = np.zeros(0, dtype=np.int32)


def _fields(terms: TermIndex, anchor_weight: float, heading_weight: float) -> list[tuple[TermIndex, float]]:
    """The fields beside the text that score, with their weights (an older index lacks them)."""
    return [(f, w) for f, w in ((terms.anchors, anchor_weight), (terms.headings, heading_weight))
            if f is not None and w]


def field_scores(terms: TermIndex, word: str, anchor_weight: float, heading_weight: float
                 ) -> tuple[np.ndarray, np.ndarray]:
    """(entries, score): the word's BM25 in the text, plus each other field's at the text's idf
    (BM25F) times its weight, summed in that order."""
    docs, sc = terms.bm25(word)
    idf = terms.idf(word, len(docs))
    for field, weight in _fields(terms, anchor_weight, heading_weight):
        f_docs, f_sc = field.bm25(word, idf=idf)
        if len(f_docs):
            docs, sc = boolean.union([(docs, sc), (f_docs, weight * f_sc)])
    return docs, sc


class FieldTable:
    """`field_scores` of every word the index holds, as one array of postings sliced per word.

    Built with the weights it was asked for, and used only while they are the weights asked
    (a benchmark that tries other weights computes per word again)."""

    def __init__(self, terms: TermIndex, anchor_weight: float, heading_weight: float):
        self.weights = (anchor_weight, heading_weight)
        fields = [(terms, 1.0)] + _fields(terms, anchor_weight, heading_weight)
        words = sorted({w for f, _ in fields for seg in f.segments for w in seg.vocab})
        self.number = {w: i for i, w in enumerate(words)}
        # the text's idf of each word, by the text field's own rule (entries, or distinct texts)
        entries = np.zeros(len(words), dtype=np.int64)
        for seg in terms.segments:
            entries[[self.number[w] for w in seg.vocab]] += np.diff(seg.starts)
        idf = np.array([terms.idf(w, int(n)) for w, n in zip(words, entries.tolist())], dtype=np.float64)
        size = max(terms.size, 1)
        keyed = []
        for field, weight in fields:
            keys, scores = [], []
            for seg, base in zip(field.segments, field.bases):
                if not len(seg.docs):
                    continue
                local = np.array([self.number[w] for w in seg.vocab], dtype=np.int64)
                word = np.repeat(local, np.diff(seg.starts))
                docs = seg.docs.astype(np.int64) + base
                sc = bm25_weights(idf[word], seg.tf.astype(np.int32), field.doclen[docs], field.avg_len)
                keys.append(word * size + docs)
                scores.append(sc if weight == 1.0 else weight * sc)
            if keys:
                keyed.append((np.concatenate(keys), np.concatenate(scores)))
        every, inverse = np.unique(np.concatenate([k for k, _ in keyed]) if keyed else np.zeros(0, np.int64),
                                   return_inverse=True)
        total = np.zeros(len(every))
        at = 0
        for keys, scores in keyed:  # text, then anchors, then headings: the order field_scores adds
            total[inverse[at:at + len(keys)]] += scores  # a word stands once per entry per field
            at += len(keys)
        self.docs = (every % size).astype(np.int32)
        self.starts = np.searchsorted(every // size, np.arange(len(words) + 1))
        self.scores = total
        self.docs.setflags(write=False)
        self.scores.setflags(write=False)

    @property
    def postings(self) -> int:
        return len(self.docs)

    def get(self, word: str) -> tuple[np.ndarray, np.ndarray]:
        i = self.number.get(word)
        if i is None:
            return _NONE, np.zeros(0)
        a, b = self.starts[i], self.starts[i + 1]
        return self.docs[a:b], self.scores[a:b]

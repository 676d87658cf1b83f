"""Word segmentation for ranked search: jieba with the legal dictionary.

Index side: jieba's precise mode (no HMM: new-word guessing is slow and makes
the same string segment differently in different contexts), plus the
dictionary sub-words of long words at the same position, so 基本农田 finds
永久基本农田. Query side: precise mode without sub-words, punctuation and
stopwords dropped. The tokenizer is one per process and per dictionary, set
with `use_dictionary` before any build runs; the segmentation pool forks, so
its children inherit it.
"""

from __future__ import annotations

import logging
import marshal
import os
import re
from pathlib import Path
from typing import Iterator

import jieba

from registry.core.errors import LexregError

jieba.setLogLevel(logging.WARNING)

_WORDY = re.compile(r"[\w\u3400-\u9fff]")
STOPWORDS = frozenset("的 了 和 与 及 或 是 在 对 为 由 等 其 之 以 于 而 并 或者 以及 应当 可以 有关 按照 依照 "
                      "规定 如何 怎么 什么 哪些 是否 吗 呢 问题".split())

_current: jieba.Tokenizer | None = None
_current_key: tuple | None = None


def use_dictionary(words: list[tuple[str, int]], cache: Path | None = None) -> jieba.Tokenizer:
    """Make `words` the process's legal dictionary (idempotent for the same words).

    `cache`: a file holding jieba's word table with `words` already added (marshal, as
    jieba caches its own), read instead of rebuilding it, written when missing; a
    command-line search then starts without re-adding thousands of words."""
    global _current, _current_key
    key = (len(words), hash(tuple(words)))
    if _current is not None and _current_key == key:
        if cache is not None and not cache.exists():
            _write_cache(_current, cache)
        return _current
    tk = jieba.Tokenizer()
    if cache is not None and cache.exists():
        with open(cache, "rb") as fh:
            tk.FREQ, tk.total = marshal.load(fh)
        tk.initialized = True
    else:
        tk.initialize()
        for w, f in words:
            tk.add_word(w, f)
        if cache is not None:
            _write_cache(tk, cache)
    _current, _current_key = tk, key
    return tk


def _write_cache(tk: jieba.Tokenizer, cache: Path) -> None:
    """Written under a temporary name and renamed: a reader never sees half a table."""
    tmp = cache.with_name(f".{cache.name}.{os.getpid()}")
    try:
        with open(tmp, "wb") as fh:
            marshal.dump((tk.FREQ, tk.total), fh)
        os.replace(tmp, cache)
    except OSError:  # a read-only index folder: the next process builds the table again
        tmp.unlink(missing_ok=True)


def tokenizer() -> jieba.Tokenizer:
    if _current is None:
        raise LexregError("search analysis used before its dictionary was loaded (open the index first)")
    return _current


def index_tokens(text: str, tk: jieba.Tokenizer | None = None) -> Iterator[tuple[str, int]]:
    """(word, position) for indexing; dictionary sub-words share the position of their word."""
    tk = tk or tokenizer()
    freq = tk.FREQ
    pos = -1
    for w in tk.cut(text, HMM=False):
        if not _WORDY.search(w):
            continue
        pos += 1
        if w in STOPWORDS:
            continue  # never looked up by a ranked query (query_tokens drops them)
        yield w, pos
        n = len(w)
        if n > 2:
            for size in range(2, n):
                for i in range(n - size + 1):
                    g = w[i:i + size]
                    if freq.get(g):
                        yield g, pos


def query_tokens(text: str, tk: jieba.Tokenizer | None = None) -> list[str]:
    """The words a ranked query looks for (stopwords are not indexed; a query of only
    stopwords has no ranked terms and is answered by exact search)."""
    tk = tk or tokenizer()
    return [w for w in tk.cut(text, HMM=False) if _WORDY.search(w) and w not in STOPWORDS]

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
import re
import sqlite3
import sys
from pathlib import Path
from typing import Iterator

from registry.core.errors import LexregError
from registry.search.wordtable import WordTable, write_table


def _import_jieba():
    """jieba imports pkg_resources (half a second, more than a whole command-line search may
    take) only to find its own data files, and opens them beside its module when that import
    fails: the import is refused for jieba's own import alone."""
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    refuse = "pkg_resources" not in sys.modules
    if refuse:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # `import pkg_resources` raises ImportError
    try:
        import jieba
    finally:
        if refuse and sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]
    return jieba


jieba = _import_jieba()
jieba.setLogLevel(logging.WARNING)

_WORDY = re.compile(r"[\w\u3400-\u9fff]")
STOPWORDS = frozenset("的 了 和 与 及 或 是 在 对 为 由 等 其 之 以 于 而 并 或者 以及 应当 可以 有关 按照 依照 "
                      "规定 如何 怎么 什么 哪些 是否 吗 呢 问题".split())

_current: jieba.Tokenizer | None = None
_current_key: tuple | None = None
_current_lazy = False


def use_dictionary(words: list[tuple[str, int]], cache: Path | None = None, lazy: bool = False) -> jieba.Tokenizer:
    """Make `words` the process's legal dictionary (idempotent for the same words).

    `cache`: the word table file beside the index's dictionary (`registry.search.wordtable`),
    written from the full table when missing. `lazy`: segment from that file on demand
    instead of loading the full table (a command-line search segments one query)."""
    global _current, _current_key, _current_lazy
    key = (len(words), hash(tuple(words)))
    if _current is not None and _current_key == key and (lazy or not _current_lazy):
        if cache is not None and not _current_lazy and not cache.exists():
            write_table(_current.FREQ, _current.total, cache)
        return _current
    tk = jieba.Tokenizer()
    table = None
    if lazy and cache is not None and cache.exists():
        try:
            table = WordTable(cache)
        except sqlite3.Error:  # unreadable (an older cache format): load the full table
            table = None
    if table is not None:
        tk.FREQ, tk.total, tk.initialized = table, table.total, True
    else:
        tk.initialize()
        for w, f in words:
            tk.add_word(w, f)
        if cache is not None and not cache.exists():
            write_table(tk.FREQ, tk.total, cache)
    _current, _current_key, _current_lazy = tk, key, bool(lazy and isinstance(tk.FREQ, WordTable))
    return tk


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
    # one search segments each leaf of its question two or three times (plan, match, NOT):
    # the last few segmentations are kept, per tokenizer (a new dictionary is a new tokenizer)
    key = (id(tk), text)
    hit = _segmented.get(key)
    if hit is None or hit[0] is not tk:
        if len(_segmented) > 512:
            _segmented.clear()
        hit = _segmented[key] = (tk, [w for w in tk.cut(text, HMM=False) if _WORDY.search(w) and w not in STOPWORDS])
    return list(hit[1])


_segmented: dict[tuple[int, str], tuple[jieba.Tokenizer, list[str]]] = {}

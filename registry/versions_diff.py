"""What happened to each article between two versions: unchanged, changed, moved (renumbered) or deleted.

Impact analysis and the stale-citation check both need to know whether the
article a citation points at still says the same thing under the same number.
A renumbering (土地管理法 2019: old 第四十七条 is now 第四十八条) is found by
text, not by number: an old article whose words reappear under another number
has moved, even if the old number now holds something else.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache

from sqlmodel import Session

from registry import store
from registry.compare import normalise

UNCHANGED, CHANGED, MOVED, DELETED = "unchanged", "changed", "moved", "deleted"
_MOVE_MIN = 0.5  # an article that moved keeps at least half its words
_SHORTLIST = 4


@dataclass(frozen=True)
class ArticleChange:
    pid: str  # in the old version
    status: str
    new_pid: str = ""  # where its text is now (same pid when changed in place)
    old_text: str = ""
    new_text: str = ""
    similarity: float = 1.0

    def to_json(self) -> dict[str, object]:
        return {"pid": self.pid, "status": self.status, "new_pid": self.new_pid, "old_text": self.old_text,
                "new_text": self.new_text, "similarity": round(self.similarity, 3)}


def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i:i + 2] for i in range(len(text) - 1))


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def article_changes(old: dict[str, str], new: dict[str, str]) -> dict[str, ArticleChange]:
    """Per old article pid, what became of it. `old`/`new` map article pids to their texts.

    >>> ch = article_changes({"art_1": "甲乙丙丁戊己庚", "art_2": "子丑寅卯辰巳午", "art_3": "天地玄黄"},
    ...                      {"art_1": "甲乙丙丁戊己庚", "art_2": "新的条文内容", "art_3": "子丑寅卯辰巳午"})
    >>> [(p, c.status, c.new_pid) for p, c in sorted(ch.items())]
    [('art_1', 'unchanged', 'art_1'), ('art_2', 'moved', 'art_3'), ('art_3', 'changed', 'art_3')]
    """
    norm_new = {pid: normalise(t) for pid, t in new.items()}
    grams_new = {pid: _bigrams(t) for pid, t in norm_new.items()}
    by_text = {t: pid for pid, t in norm_new.items()}
    out: dict[str, ArticleChange] = {}
    for pid, text in old.items():
        n = normalise(text)
        if norm_new.get(pid) == n:
            out[pid] = ArticleChange(pid, UNCHANGED, pid, text, new[pid])
            continue
        same = _ratio(n, norm_new[pid]) if pid in norm_new else 0.0
        best_pid, best = (by_text[n], 1.0) if n in by_text else _best_match(n, grams_new, norm_new)
        if best_pid and best_pid != pid and best >= _MOVE_MIN and best > same + 0.2:
            out[pid] = ArticleChange(pid, MOVED, best_pid, text, new[best_pid], best)
        elif pid in new:
            out[pid] = ArticleChange(pid, CHANGED, pid, text, new[pid], same)
        else:
            out[pid] = ArticleChange(pid, DELETED, "", text, "", best)
    return out


def _best_match(text: str, grams_new: dict[str, frozenset[str]], norm_new: dict[str, str]) -> tuple[str, float]:
    """Best new article for an old text: bigram overlap picks a shortlist, difflib decides."""
    grams = _bigrams(text)
    if not grams:
        return "", 0.0
    scored = sorted(((len(grams & g) / len(grams | g), pid) for pid, g in grams_new.items() if g), reverse=True)
    best_pid, best = "", 0.0
    for _, pid in scored[:_SHORTLIST]:
        r = _ratio(text, norm_new[pid])
        if r > best:
            best_pid, best = pid, r
    return best_pid, best


def article_texts(session: Session, version_id: str) -> dict[str, str]:
    return {p.pid: p.text for p in store.provisions_of(session, version_id, ("article",))}


class ChangeCache:
    """article_changes per (old version, new version), computed once per run."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._texts = lru_cache(maxsize=256)(lambda vid: article_texts(session, vid))
        self._changes: dict[tuple[str, str], dict[str, ArticleChange]] = {}

    def texts(self, version_id: str) -> dict[str, str]:
        return self._texts(version_id)

    def changes(self, old_version: str, new_version: str) -> dict[str, ArticleChange]:
        key = (old_version, new_version)
        if key not in self._changes:
            self._changes[key] = article_changes(self.texts(old_version), self.texts(new_version))
        return self._changes[key]

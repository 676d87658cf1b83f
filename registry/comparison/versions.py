"""What happened to each article between two versions: unchanged, changed, moved (renumbered) or deleted.

Impact analysis and the stale-citation check both need to know whether the
article a citation points at still says the same thing under the same number.
A renumbering (土地管理法 2019: old 第四十七条 is now 第四十八条) is found by
text, not by number: an old article whose words reappear under another number
has moved, even if the old number now holds something else.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sqlmodel import Session

from registry.comparison.align import align_articles, bigrams, similarity
from registry.core.text import normalise
from registry.norms import store

UNCHANGED, CHANGED, MOVED, DELETED = "unchanged", "changed", "moved", "deleted"


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


def article_changes(old: dict[str, str], new: dict[str, str]) -> dict[str, ArticleChange]:
    """Per old article pid, what became of it. `old`/`new` map article pids to their texts.

    The pairing is `registry.comparison.align.align_articles`, the one the 新旧对照 shows, so
    a citation check and a diff never disagree about where an article went.

    >>> ch = article_changes({"art_1": "甲乙丙丁戊己庚", "art_2": "子丑寅卯辰巳午", "art_3": "天地玄黄"},
    ...                      {"art_1": "甲乙丙丁戊己庚", "art_2": "新的条文内容", "art_3": "子丑寅卯辰巳午"})
    >>> [(p, c.status, c.new_pid) for p, c in sorted(ch.items())]
    [('art_1', 'unchanged', 'art_1'), ('art_2', 'moved', 'art_3'), ('art_3', 'changed', 'art_3')]
    """
    olds = [_Article(pid, text) for pid, text in old.items()]
    news = [_Article(pid, text) for pid, text in new.items()]
    continued = {old_pid: new_pid for new_pid, old_pid in align_articles(olds, news).items()}
    out: dict[str, ArticleChange] = {}
    for pid, text in old.items():
        target = continued.get(pid)
        if target is None:
            if pid in new:  # the number survives with other words: changed in place
                out[pid] = ArticleChange(pid, CHANGED, pid, text, new[pid], _similarity(text, new[pid]))
            else:
                out[pid] = ArticleChange(pid, DELETED, "", text, "", 0.0)
        elif normalise(new[target]) == normalise(text):
            out[pid] = ArticleChange(pid, UNCHANGED if target == pid else MOVED, target, text, new[target])
        else:
            out[pid] = ArticleChange(pid, CHANGED if target == pid else MOVED, target, text, new[target],
                                     _similarity(text, new[target]))
    return out


@dataclass(frozen=True)
class _Article:
    pid: str
    text: str


def _similarity(a: str, b: str) -> float:
    return similarity(bigrams(normalise(a)), bigrams(normalise(b)))


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

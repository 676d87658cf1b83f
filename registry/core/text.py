"""How two legal texts are compared: one normal form, and word- and character-level changes.

Why one home: the 新旧对照, the check of an applied decision against the official
text and the citation checks must agree on what typesetting changes without
changing the law (whitespace, full/half-width punctuation, straight/curly quotes).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": '"', "’": '"', "'": '"', "〔": "[", "〕": "]",
                         "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None})


def normalise(text: str) -> str:
    """Text as compared: no whitespace (zero-width too), punctuation width and quote style unified.

    >>> normalise("第一款（一） 规定：“X”") == normalise("第一款(一)规定:\\"X\\"")
    True
    """
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).translate(_QUOTES)


@dataclass
class WordChange:
    """One change inside a provision: op is insert | delete | replace."""

    op: str
    old: str
    new: str

    def to_json(self) -> dict[str, str]:
        return {"op": self.op, "old": self.old, "new": self.new}


def word_changes(old: str, new: str) -> list[WordChange]:
    """Word-level changes between two texts (jieba words, difflib alignment)."""
    a, b = words(old), words(new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal" and normalise("".join(a[i1:i2])) != normalise("".join(b[j1:j2])):
            out.append(WordChange(op, "".join(a[i1:i2]), "".join(b[j1:j2])))  # width-only changes are typesetting
    return out


def words(text: str) -> list[str]:
    import logging

    import jieba  # loaded lazily: it builds its dictionary on first use

    jieba.setLogLevel(logging.WARNING)  # its "Building prefix dict" lines are not the user's business
    return jieba.lcut(text, HMM=False)


def char_changes(old: str, new: str) -> list[WordChange]:
    """Differences on normalised text, character-aligned: what a reviewer must look at."""
    a, b = normalise(old), normalise(new)
    return [WordChange(op, a[i1:i2], b[j1:j2])
            for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
            if op != "equal"]

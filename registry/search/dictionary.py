"""The legal user dictionary for jieba, built from the store.

Why: jieba's general dictionary cuts 永久基本农田 into 永久/基本农田 and
集体经营性建设用地 into four words, so a ranked search for the term matches
articles that merely mention its parts. Titles (full and short) and terms the
norms define themselves (本法所称X，是指…, X是指…) are added as whole words;
jieba still indexes their dictionary sub-words (see `analysis.index_tokens`),
so 基本农田 keeps finding 永久基本农田.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel import Session

# Terms of the land and resources field that the texts use without a 所称
# definition; they are words of the domain, not expected search results.
SEED_TERMS = (
    "永久基本农田", "集体经营性建设用地", "矿业权", "探矿权", "采矿权", "宅基地", "土地承包经营权",
    "建设用地使用权", "土地使用权", "国有土地使用权", "农用地转用", "土地利用总体规划", "国土空间规划",
    "不动产登记", "不动产权属", "征收补偿", "土地补偿费", "安置补助费", "耕地占补平衡", "临时用地",
    "闲置土地", "土地出让金", "划拨", "出让", "地上附着物", "青苗补偿", "地质灾害", "矿产资源补偿费",
    "行政复议", "行政诉讼", "行政许可", "行政处罚", "罚款", "没收违法所得", "责令改正", "责令限期",
    "直接负责的主管人员", "其他直接责任人员", "县级以上地方人民政府", "国务院自然资源主管部门",
)

_DEFINED = [
    re.compile(r"本(?:法|条例|规定|办法|细则|解释|决定|条|章)(?:中)?所称(?:的)?([\u4e00-\u9fff、“”]{2,30}?)[，,]?(?:是指|指|包括|系指)"),
    re.compile(r"^([\u4e00-\u9fff]{2,12})(?:是指|系指)"),
]
_SPLIT = re.compile(r"[、和及与“”]")
_TITLE_FREQ, _TERM_FREQ = 50_000, 20_000


def defined_terms(texts: Iterable[str]) -> set[str]:
    """Terms defined in the texts: 本法所称永久基本农田，是指… gives 永久基本农田.

    >>> sorted(defined_terms(["本法所称农用地和建设用地，是指……", "矿业权是指探矿权、采矿权。"]))
    ['农用地', '建设用地', '矿业权']
    """
    out: set[str] = set()
    for t in texts:
        for line in t.split("\n"):
            for rx in _DEFINED:
                for m in rx.finditer(line):
                    for part in _SPLIT.split(m.group(1)):
                        if 2 <= len(part) <= 12:
                            out.add(part)
    return out


def title_words(title: str, short_title: str) -> set[str]:
    """A title and its short form; 《》 and editions are not part of the word."""
    out = set()
    for t in (title, short_title):
        t = re.sub(r"[（(][^）)]*[）)]$", "", t or "").strip()
        t = re.sub(r"[《》〈〉\s]", "", t)
        if 2 <= len(t) <= 40:
            out.add(t)
        if t.startswith("中华人民共和国") and len(t) > 9:
            out.add(t.removeprefix("中华人民共和国"))
    return out


_DEFINITION_ROWS = "SELECT text FROM provision WHERE text LIKE '%所称%' OR text LIKE '%是指%'"
_TITLE_ROWS = "SELECT title, short_title FROM work"


def build_dictionary(session: "Session") -> list[tuple[str, int]]:
    """(word, frequency) for jieba: titles weigh more than defined terms so both stay whole."""
    from sqlalchemy import text

    conn = session.connection()
    words: dict[str, int] = {}
    for term in defined_terms(r[0] for r in conn.execute(text(_DEFINITION_ROWS))):
        words[term] = _TERM_FREQ
    for term in SEED_TERMS:
        words.setdefault(term, _TERM_FREQ)
    for title, short in conn.execute(text(_TITLE_ROWS)):
        for w in title_words(title, short):
            words[w] = _TITLE_FREQ
    return sorted(words.items())


def write_dictionary(words: list[tuple[str, int]], path: Path) -> None:
    path.write_text("".join(f"{w} {f} nz\n" for w, f in words if " " not in w), encoding="utf-8")


def read_dictionary(path: Path) -> list[tuple[str, int]]:
    out = []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split(" ")
            if len(parts) >= 2 and parts[1].isdigit():
                out.append((parts[0], int(parts[1])))
    return out

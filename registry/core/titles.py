"""Title resolution: which work a cited title names, by text alone (pure, no store).

Citations name norms as written: full (《中华人民共和国土地管理法》), short
(《土地管理法》), with an edition mark (（2019修正）), with 〈〉 or pandoc's \\<\\>
for nested titles, or without the issuing organ (国务院《关于…的决定》). The
store's resolver feeds `TitleIndex` with every work's full and short title and
asks it for keys; picking the version in force on a date is the store's job.
An ambiguous title is reported with all its candidates, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

PRC_PREFIX = "中华人民共和国"
_SPACES = re.compile(r"\s+")
# An organ before 关于 (国务院关于…, 全国人民代表大会常务委员会关于…): cited titles often drop it.
_ORGAN_THEN_ABOUT = re.compile(r"^[^关《》]{2,40}?(?=关于)")


def normalise_title(cited: str) -> str:
    """The title as the registry stores it: 《》 stripped, nested titles in 《》, no edition mark.

    >>> normalise_title("《关于修改\\\\<中华人民共和国土地管理法\\\\>的决定》")
    '关于修改《中华人民共和国土地管理法》的决定'
    >>> normalise_title("《中华人民共和国土地管理法（2019修正）》")
    '中华人民共和国土地管理法'
    >>> normalise_title("国土资源管理系统全面推进依法行政规划（2006年—2010年）")
    '国土资源管理系统全面推进依法行政规划（2006年—2010年）'
    """
    t = _SPACES.sub("", cited.strip())
    if t.startswith("《") and t.endswith("》"):
        t = t[1:-1]
    t = t.replace("\\<", "《").replace("\\>", "》").replace("〈", "《").replace("〉", "》")
    return EDITION_MARK.sub("", t)


# An edition mark sources add after a title: （2019修正）, (2004年修订), （2019年版）, or a bare (2019).
# A year written as part of the title stays: 宪法修正案（1988年）, …规划（2006年—2010年）.
EDITION_MARK = re.compile(r"[（(](?:19|20)\d{2}(?:年?(?:修正|修订|修改|版|文本)|)[）)]$")
_KEY_DROP = re.compile(r"[\s\u3000、]")  # 最高人民法院 最高人民检察院 / 最高人民法院、最高人民检察院
_KEY_BRACKETS = str.maketrans({"（": "(", "）": ")", "\\": None})


def title_key(title: str) -> str:
    """The key that recognises the same work across sources and versions.

    >>> title_key("中华人民共和国 土地管理法（2019修正）") == title_key("中华人民共和国土地管理法")
    True
    >>> title_key("关于执行〈中华人民共和国刑法〉的规定") == title_key("关于执行《中华人民共和国刑法》的规定")
    True
    >>> title_key("国有土地规划（2010年）") == title_key("国有土地规划")
    False
    """
    return _KEY_DROP.sub("", normalise_title(title.replace("<", "《").replace(">", "》"))).translate(_KEY_BRACKETS)


def match_key(cited: str) -> str:
    """What two spellings of one title share: no 中华人民共和国 prefix (outer or nested).

    >>> match_key("《中华人民共和国土地管理法》") == match_key("土地管理法")
    True
    >>> match_key("关于修改〈中华人民共和国土地管理法〉的决定")
    '关于修改《土地管理法》的决定'
    """
    return normalise_title(cited).replace(PRC_PREFIX, "")


def about_key(title: str) -> str:
    """The title from 关于 on, for citations that leave out the organ; "" if none.

    >>> about_key("国务院关于加强市县政府依法行政的决定")
    '关于加强市县政府依法行政的决定'
    >>> about_key("中华人民共和国土地管理法")
    ''
    """
    key = match_key(title)
    m = _ORGAN_THEN_ABOUT.match(key)
    return key[m.end():] if m else (key if key.startswith("关于") else "")


@dataclass(frozen=True)
class TitleMatch:
    """The answer to "which work is this?": none, one, or several (ambiguous)."""

    cited: str
    keys: tuple[Hashable, ...]
    via: str = ""  # "title" | "about" (matched without the issuing organ)

    @property
    def status(self) -> str:
        return "none" if not self.keys else ("unique" if len(self.keys) == 1 else "ambiguous")

    @property
    def key(self) -> Hashable | None:
        return self.keys[0] if len(self.keys) == 1 else None


class TitleIndex:
    """Lookup from (full title, short title) to work keys.

    >>> idx = TitleIndex([("中华人民共和国土地管理法", "土地管理法", "/cn/law/1986/土地管理法"),
    ...                   ("中华人民共和国土地管理法实施条例", "", "/cn/admin-reg/1991/土地管理法实施条例"),
    ...                   ("国务院关于加强市县政府依法行政的决定", "", "/cn/normative/2008/x"),
    ...                   ("北京市实施《中华人民共和国土地管理法》办法", "", "a"),
    ...                   ("上海市实施《中华人民共和国土地管理法》办法", "", "b")])
    >>> idx.lookup("《土地管理法》").key, idx.lookup("中华人民共和国土地管理法（2019修正）").key
    ('/cn/law/1986/土地管理法', '/cn/law/1986/土地管理法')
    >>> idx.lookup("关于加强市县政府依法行政的决定").via
    'about'
    >>> idx.lookup("实施〈土地管理法〉办法").status
    'none'
    >>> idx.lookup("森林法").status
    'none'
    """

    def __init__(self, works: Iterable[tuple[str, str, Hashable]] = ()) -> None:
        self._by_title: dict[str, list[Hashable]] = {}
        self._by_about: dict[str, list[Hashable]] = {}
        for full, short, key in works:
            self.add(full, short, key)

    def add(self, full: str, short: str, key: Hashable) -> None:
        for title in {t for t in (full, short) if t}:
            _append(self._by_title, match_key(title), key)
        about = about_key(full)
        if about:
            _append(self._by_about, about, key)

    def lookup(self, cited: str) -> TitleMatch:
        k = match_key(cited)
        if k in self._by_title:
            return TitleMatch(cited, tuple(self._by_title[k]), "title")
        about = about_key(cited)
        if about and about in self._by_about:
            return TitleMatch(cited, tuple(self._by_about[about]), "about")
        return TitleMatch(cited, ())


def _append(table: dict[str, list[Hashable]], k: str, key: Hashable) -> None:
    bucket = table.setdefault(k, [])
    if key not in bucket:
        bucket.append(key)


_AMENDMENT_OF = ((re.compile(r"^(中华人民共和国)?刑法修正案"), "中华人民共和国刑法"),
                 (re.compile(r"^(中华人民共和国)?宪法修正案"), "中华人民共和国宪法"))
_AMENDS = re.compile(r"关于修改((?:《[^《》]+》[、和及]?)+)的决定$")
_NAMED = re.compile(r"《([^《》]+)》")


def amended_norms(title: str) -> list[str]:
    """The norms an amending act's title names: 刑法修正案 -> 刑法, 关于修改《A》、《B》的决定 -> A, B.

    A decision amending many norms without naming them (关于修改部分法律的决定,
    关于修改《A》等十件法律的决定) names them in its body, not here: [].

    >>> amended_norms("全国人民代表大会常务委员会关于修改《中华人民共和国农业技术推广法》、《中华人民共和国生物安全法》的决定")
    ['中华人民共和国农业技术推广法', '中华人民共和国生物安全法']
    >>> amended_norms("中华人民共和国刑法修正案（十二）")
    ['中华人民共和国刑法']
    >>> amended_norms("全国人民代表大会常务委员会关于修改部分法律的决定")
    []
    """
    title = normalise_title(title)
    for pattern, norm in _AMENDMENT_OF:
        if pattern.search(title):
            return [norm]
    mm = _AMENDS.search(title)
    return _NAMED.findall(mm.group(1)) if mm else []


_CHANGES = re.compile(r"修改|废止|》等")


def norm_about(title: str) -> str:
    """The one norm a title is about, when it is not an act changing norms.

    >>> norm_about("最高人民法院、最高人民检察院关于执行《中华人民共和国刑法》确定罪名的补充规定（三）")
    '中华人民共和国刑法'
    >>> norm_about("最高人民法院关于修改《关于审理专利纠纷案件的解释》等十八件司法解释的决定")
    ''
    """
    if _CHANGES.search(title):  # each part of 关于修改《A》等二十七件…的决定 names its own norm
        return ""
    named = set(_NAMED.findall(title))
    return normalise_title(named.pop()) if len(named) == 1 else ""

"""Identity of works, versions and provisions, as value objects with parse().

Work ids follow the Akoma Ntoso / cobalt pattern adapted to Chinese norms:
``/cn/{kind}/{year}/{short title}``; a version adds ``@{version date}``.
Provision ids are ``art_47__para_2__item_3``, ``art_10-1`` (第十条之一),
``chp_5``, ``sec_2__sub_1``; they never depend on position, so an inserted
article does not shift the ids of the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote, unquote

from registry.core.numerals import CN_NUMERAL_CHARS, cn_to_int, int_to_cn

# 效力位阶 -> the path segment used in work ids
LEVEL_CODES = {
    "宪法": "constitution",
    "法律": "law",
    "有关法律问题和重大问题的决定": "law-decision",
    "修改、废止的决定": "amending-decision",
    "行政法规": "admin-reg",
    "监察法规": "supervisory-reg",
    "司法解释": "judicial-interp",
    "地方性法规": "local-reg",
    "自治条例和单行条例": "autonomous-reg",
    "部门规章": "dept-rule",
    "地方政府规章": "local-rule",
    "规范性文件": "normative",
}


@dataclass(frozen=True)
class WorkId:
    """``/cn/law/1986/土地管理法``.

    >>> w = WorkId.parse("/cn/law/1986/土地管理法")
    >>> w.kind, w.year, w.name
    ('law', 1986, '土地管理法')
    >>> str(w)
    '/cn/law/1986/土地管理法'
    >>> WorkId.parse("/cn/law/1986/%E5%9C%9F%E5%9C%B0%E7%AE%A1%E7%90%86%E6%B3%95").name
    '土地管理法'
    """

    kind: str
    year: int
    name: str

    @classmethod
    def parse(cls, text: str) -> "WorkId":
        m = re.fullmatch(r"/cn/([a-z-]+)/(\d{4})/(.+)", unquote(text.strip()))
        if not m:
            raise ValueError(f"not a work id: {text!r}")
        return cls(m.group(1), int(m.group(2)), m.group(3))

    def __str__(self) -> str:
        return f"/cn/{self.kind}/{self.year}/{self.name}"

    def url(self) -> str:
        return quote(str(self))


@dataclass(frozen=True)
class VersionId:
    """``/cn/law/1986/土地管理法@2019-08-26``.

    >>> v = VersionId.parse("/cn/law/1986/土地管理法@2019-08-26")
    >>> str(v.work), v.date.isoformat()
    ('/cn/law/1986/土地管理法', '2019-08-26')
    """

    work: WorkId
    date: date

    @classmethod
    def parse(cls, text: str) -> "VersionId":
        work, _, day = unquote(text).rpartition("@")
        if not work:
            raise ValueError(f"not a version id: {text!r}")
        return cls(WorkId.parse(work), date.fromisoformat(day))

    def __str__(self) -> str:
        return f"{self.work}@{self.date.isoformat()}"


_ARTICLE_LABEL = re.compile(rf"^第([{CN_NUMERAL_CHARS}\d]+)条(?:之([{CN_NUMERAL_CHARS}\d]+))?$")


def article_pid(num: int, sub: int | None = None) -> str:
    """
    >>> article_pid(47), article_pid(10, 1)
    ('art_47', 'art_10-1')
    """
    return f"art_{num}" + (f"-{sub}" if sub else "")


def article_num(num: int, sub: int | None = None) -> str:
    return f"{num}" + (f"-{sub}" if sub else "")


def article_label(num: int, sub: int | None = None) -> str:
    """
    >>> article_label(123), article_label(10, 1)
    ('第一百二十三条', '第十条之一')
    """
    return f"第{int_to_cn(num)}条" + (f"之{int_to_cn(sub)}" if sub else "")


def parse_article_ref(text: str) -> tuple[int, int | None]:
    """An article given as a label, a number or a pid.

    >>> parse_article_ref("第四十七条"), parse_article_ref("47"), parse_article_ref("第十条之一")
    ((47, None), (47, None), (10, 1))
    >>> parse_article_ref("art_10-1"), parse_article_ref("10-1"), parse_article_ref("四十七")
    ((10, 1), (10, 1), (47, None))
    """
    t = text.strip().removeprefix("art_")
    m = re.fullmatch(r"(\d+)(?:-(\d+))?", t)
    if m:
        return int(m.group(1)), int(m.group(2)) if m.group(2) else None
    if not t.startswith("第"):
        t = f"第{t}" if t.endswith("条") or "条之" in t else f"第{t}条"
    m = _ARTICLE_LABEL.match(t)
    if not m:
        raise ValueError(f"not an article: {text!r}")
    return cn_to_int(m.group(1)), cn_to_int(m.group(2)) if m.group(2) else None


def sort_key(pid: str) -> tuple:
    """Order provision ids numerically segment by segment: art_10-1 after art_10.

    >>> sorted(["art_10-1", "art_2", "art_10", "art_11"], key=sort_key)
    ['art_2', 'art_10', 'art_10-1', 'art_11']
    """
    key = []
    for seg in pid.split("__"):
        kind, _, num = seg.partition("_")
        main, _, sub = num.partition("-")
        key.append((kind, int(main) if main.isdigit() else 0, int(sub) if sub.isdigit() else 0))
    return tuple(key)


def normalise_doc_number(text: str) -> str:
    """Brackets of 文号 to 〔〕 and no spaces: 国土资发[2008]248号 -> 国土资发〔2008〕248号.

    >>> normalise_doc_number("国土资发[2008] 248号"), normalise_doc_number("国务院令（第743号）")
    ('国土资发〔2008〕248号', '国务院令第743号')
    """
    t = re.sub(r"\s+", "", text)
    t = re.sub(r"[\[（(【](\d{4})[\]）)】]", r"〔\1〕", t)
    t = re.sub(r"令[（(](第.+?号)[)）]", r"令\1", t)
    return t


_PART_UNIT = {"para": "款", "item": "项", "subitem": "目", "point": "目"}


def pid_label(pid: str) -> str:
    """A provision id as staff read it: art_47__para_2 -> 第四十七条第二款; "" (the whole norm) -> 全文.

    A notice's numbered parts read as printed: sec_2__sub_3 -> 二、（三）, with 段 for its paragraphs.

    >>> pid_label("art_47__para_2"), pid_label("art_10-1"), pid_label(""), pid_label("sec_2__sub_3__para_1")
    ('第四十七条第二款', '第十条之一', '全文', '二、（三）第一段')
    """
    if not pid:
        return "全文"
    out = []
    in_article = pid.startswith("art_")
    for part in pid.split("__"):
        kind, _, num = part.partition("_")
        n, _, sub = num.partition("-")
        if not n.isdigit():
            out.append(part)
        elif kind == "art":
            out.append(article_label(int(n), int(sub) if sub else None))
        elif kind == "sec":
            out.append(f"{int_to_cn(int(n))}、")
        elif kind == "sub":
            out.append(f"（{int_to_cn(int(n))}）")
        elif kind == "para" and not in_article:
            out.append(f"第{int_to_cn(int(n))}段")
        elif kind in _PART_UNIT:
            out.append(f"第{int_to_cn(int(n))}{_PART_UNIT[kind]}")
        else:
            out.append(part)
    return "".join(out)


def article_of(pid: str) -> str:
    """The article a provision id sits in (art_47__para_2 -> art_47), for anchors on the text page."""
    return pid.split("__", 1)[0]

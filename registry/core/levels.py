"""效力位阶: the kinds of norm, how to infer one, and how they rank (立法法 art. 98-102).

Rank is a relation between kinds (and organs), not one integer: 部门规章 and
地方政府规章 have equal rank (art. 102) yet neither binds the other's issuer;
a 地方性法规 outranks the same and lower local governments' rules only.
"""

from __future__ import annotations

import re

LEVELS = ("宪法", "法律", "有关法律问题和重大问题的决定", "修改、废止的决定", "行政法规", "监察法规",
          "司法解释", "地方性法规", "自治条例和单行条例", "部门规章", "地方政府规章", "规范性文件")

# Which kinds are higher than which (transitive closure computed below).
_ABOVE = {
    "宪法": {"法律", "有关法律问题和重大问题的决定"},
    "法律": {"行政法规", "监察法规", "司法解释", "地方性法规", "部门规章", "地方政府规章", "规范性文件"},
    "有关法律问题和重大问题的决定": {"行政法规", "监察法规", "地方性法规", "部门规章", "地方政府规章", "规范性文件"},
    "行政法规": {"地方性法规", "部门规章", "地方政府规章", "规范性文件"},
    "地方性法规": {"地方政府规章", "规范性文件"},
    "部门规章": {"规范性文件"},
    "地方政府规章": {"规范性文件"},
    "司法解释": set(),
    "监察法规": {"规范性文件"},
}


def _closure() -> dict[str, set[str]]:
    out = {k: set(v) for k, v in _ABOVE.items()}
    changed = True
    while changed:
        changed = False
        for k, below in out.items():
            extra = set().union(*(out.get(b, set()) for b in below)) - below
            if extra:
                below |= extra
                changed = True
    return out


_OUTRANKS = _closure()


def outranks(higher: str, lower: str) -> bool:
    """
    >>> outranks("法律", "部门规章"), outranks("部门规章", "地方政府规章"), outranks("宪法", "规范性文件")
    (True, False, True)
    """
    return lower in _OUTRANKS.get(higher, set())


def infer_level(title: str, organ: str = "", doc_number: str = "") -> str:
    """Guess 效力位阶 from title, organ and 文号 where no source states it.

    >>> infer_level("中华人民共和国土地管理法", "全国人民代表大会常务委员会")
    '法律'
    >>> infer_level("中华人民共和国土地管理法实施条例", "国务院")
    '行政法规'
    >>> infer_level("国土资源部关于深入持续推进依法行政构建保障和促进科学发展新机制的通知", "国土资源部", "国土资发〔2008〕248号")
    '规范性文件'
    >>> infer_level("上海市不动产登记若干规定", "上海市人民代表大会常务委员会")
    '地方性法规'
    >>> infer_level("最高人民法院关于审理矿业权纠纷案件适用法律若干问题的解释", "")
    '司法解释'
    """
    t, o = title, organ
    if t.startswith("中华人民共和国宪法") or "宪法修正案" in t:
        return "宪法"
    if re.search(r"关于(修改|废止|修改和废止)", t) and t.endswith("决定"):
        return "修改、废止的决定"
    if re.match(r"^(最高人民法院|最高人民检察院)", t) or re.match(r"^(最高人民法院|最高人民检察院)", o):
        return "司法解释"
    if re.search(r"〔\d{4}〕\d+号", doc_number) or re.search(r"(通知|意见|通告|公告|批复|函)$", t):
        return "规范性文件"
    if "全国人民代表大会" in o and not re.search(r"(省|市|自治区|州|县)人民代表大会", o):
        return "有关法律问题和重大问题的决定" if t.endswith("决定") else "法律"
    if re.search(r"人民代表大会", o):
        return "自治条例和单行条例" if re.search(r"(自治条例|单行条例)$", t) else "地方性法规"
    if o in ("国务院", "中华人民共和国国务院") or "国务院令" in doc_number:
        return "行政法规"
    if re.search(r"人民政府", o) or re.search(r"(省|市|自治区)人民政府令", doc_number):
        return "地方政府规章"
    if re.search(r"(部|委员会|总局|署|局|银行)令", doc_number) or re.search(r"(部|委员会|总局|署|银行)$", o):
        return "部门规章"
    if t.startswith("中华人民共和国") and t.endswith("法"):
        return "法律"
    if re.match(r"^[\u4e00-\u9fff]{2,4}(省|市|自治区)", t):
        return "地方性法规"
    return "规范性文件"


def organ_family(organ: str) -> str:
    """Organs that are one law-maker for work identity: NPC and its Standing Committee.

    >>> organ_family("全国人民代表大会常务委员会"), organ_family("中华人民共和国国务院")
    ('全国人民代表大会', '国务院')
    >>> organ_family("日全国人民代表大会常务委员会"), organ_family("日照市人民代表大会常务委员会")
    ('全国人民代表大会', '日照市人民代表大会')
    """
    for national in ("全国人民代表大会", "国务院", "最高人民法院", "最高人民检察院"):
        if organ.startswith(national) or organ.startswith("中华人民共和国" + national) or \
                re.match(rf"^\d*日{national}", organ):  # "日全国人民代表大会…": a date's tail left by a source
            return national
    return organ.replace("常务委员会", "")

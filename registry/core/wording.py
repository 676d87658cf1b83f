"""Chinese wording for the codes the library returns, shared by the CLI, the web pages and Word.

JSON keeps the codes (`modified`, `later_version_only`, `art_37__para_2`); whatever a
person reads says 修改, 仅有较新版本, 第三十七条第二款. One table per code family, and
`change_line` turns a word change ({op, old, new}) into the sentence a 对照 would print.
"""

from __future__ import annotations

from typing import Any, Mapping

CHANGE_LABEL = {"modified": "修改", "added": "新增", "removed": "删除", "unchanged": "未改",
                "present": "原文", "moved": "条序调整", "moved+modified": "条序调整并修改", "absent": "—"}

# what became of a cited article between two versions (registry.comparison.versions)
ARTICLE_FATE_LABEL = {"unchanged": "未改", "changed": "已修改", "moved": "条序调整", "deleted": "已删除"}

# one citation as staff read it (registry.citations.listing.status)
CITE_STATUS_LABEL = {"resolved": "已对应", "later_version_only": "仅有较新版本", "not_in_store": "库中未收录",
                     "ambiguous": "名称对应多部规范", "no_such_article": "所引条文不存在",
                     "no_version": "库中无当时版本", "no_anchor": "无法确定所指条文", "generic": "泛指"}

FINDING_STATE_LABEL = {"open": "待处理", "confirmed": "已确认", "dismissed": "已排除"}
FINDING_KIND_LABEL = {"repealed_target": "引用已废止/失效规范", "dangling_article": "引用的条文不存在",
                      "stale_article": "引用的条文已变动", "basis_changed": "制定依据已修改或废止",
                      "number_mismatch": "同一事项数值不一致", "beyond_competence": "可能超越权限"}
SEVERITY_LABEL = {"high": "高", "medium": "中", "low": "低"}


def change_line(change: Mapping[str, Any]) -> str:
    """A word change as a sentence: replace / insert / delete.

    >>> change_line({"op": "replace", "old": "二", "new": "三"})
    '将“二”修改为“三”'
    >>> change_line({"op": "insert", "old": "", "new": "以上"}), change_line({"op": "delete", "old": "县级", "new": ""})
    ('增加“以上”', '删去“县级”')
    """
    op, old, new = change.get("op", ""), change.get("old", ""), change.get("new", "")
    if op == "insert" or (not old and new):
        return f"增加“{new}”"
    if op == "delete" or (old and not new):
        return f"删去“{old}”"
    return f"将“{old}”修改为“{new}”"


def book_title(title: str) -> str:
    """A title in 书名号, with 《》 inside it turned into 〈〉 as printed.

    >>> book_title("上海市实施《中华人民共和国土地管理法》办法")
    '《上海市实施〈中华人民共和国土地管理法〉办法》'
    >>> book_title("《土地管理法》")
    '《土地管理法》'
    """
    inner = title.strip()
    if inner.startswith("《") and inner.endswith("》") and inner.count("《") == 1:
        inner = inner[1:-1]
    return "《" + inner.replace("《", "〈").replace("》", "〉") + "》"


def nested_marks(text: str) -> str:
    """Text that already carries its outer 书名号, with nested ones (《…《…》…》) turned into 〈〉.

    >>> nested_marks("关于修改《中华人民共和国土地管理法》的决定")
    '关于修改《中华人民共和国土地管理法》的决定'
    >>> nested_marks("依据《关于修改《土地管理法》的决定》")
    '依据《关于修改〈土地管理法〉的决定》'
    """
    out, depth = [], 0
    for ch in text:
        if ch == "《":
            out.append("《" if depth == 0 else "〈")
            depth += 1
        elif ch == "》" and depth:
            depth -= 1
            out.append("》" if depth == 0 else "〉")
        else:
            out.append(ch)
    return "".join(out)

"""Chinese labels for the codes the library returns (finding kinds and states, change kinds,
citation states): staff read words, never codes."""

from __future__ import annotations

from registry.core.wording import CITE_STATUS_LABEL, book_title, change_line, nested_marks

STATE_LABEL = {"open": "待处理", "confirmed": "已确认", "dismissed": "已排除"}
KIND_LABEL = {"repealed_target": "引用已废止/失效规范", "dangling_article": "引用的条文不存在",
              "stale_article": "引用的条文已变动", "basis_changed": "制定依据已修改或废止",
              "number_mismatch": "同一事项数值不一致", "beyond_competence": "可能超越权限"}
CHANGE_LABEL = {"modified": "修改", "added": "新增", "removed": "删除", "unchanged": "未改",
                "present": "原文", "moved": "条序调整", "moved+modified": "条序调整并修改", "absent": "—"}
SEVERITY_LABEL = {"high": "高", "medium": "中", "low": "低"}
CITE_STATE_LABEL = {"resolved": "已对应", "partial": "条文未找到", "unresolved": "未找到规范", "generic": "泛指"}
# readings the resolver inferred rather than read off the text: staff should see them as such
CITE_VIA_LABEL = {"carried": "按前文所引条文推定", "amended_text": "按修改后的条文序号"}

GLOBALS = {"STATE_LABEL": STATE_LABEL, "KIND_LABEL": KIND_LABEL, "CHANGE_LABEL": CHANGE_LABEL,
           "SEVERITY_LABEL": SEVERITY_LABEL, "CITE_STATE_LABEL": CITE_STATE_LABEL, "CITE_VIA_LABEL": CITE_VIA_LABEL,
           "CITE_STATUS_LABEL": CITE_STATUS_LABEL, "book_title": book_title, "nested_marks": nested_marks,
           "change_line": change_line}

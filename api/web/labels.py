"""Chinese labels for the codes the library returns (finding kinds and states, change kinds,
citation states): staff read words, never codes."""

from __future__ import annotations

from registry.core.wording import CHANGE_LABEL as _CHANGE
from registry.core.wording import (
                    CITE_STATUS_LABEL,
                    FINDING_KIND_LABEL,
                    FINDING_STATE_LABEL,
                    book_title,
                    change_line,
                    nested_marks,
)
from registry.core.wording import SEVERITY_LABEL as _SEVERITY

STATE_LABEL = FINDING_STATE_LABEL
KIND_LABEL = FINDING_KIND_LABEL
CHANGE_LABEL = _CHANGE
SEVERITY_LABEL = _SEVERITY
CITE_STATE_LABEL = {"resolved": "已对应", "partial": "条文未找到", "unresolved": "未找到规范", "generic": "泛指"}
# readings the resolver inferred rather than read off the text: staff should see them as such
CITE_VIA_LABEL = {"carried": "按前文所引条文推定", "amended_text": "按修改后的条文序号"}

AUDIT_KIND_LABEL = {"ingest": "入库", "metadata": "元数据更正", "amend": "依修改决定生成新版本", "supersede": "正式文本取代推算文本",
                    "repeal": "废止", "partial_repeal": "部分失效", "expire": "失效", "effective_date": "施行日期更正",
                    "finding_state": "冲突标记处理", "conflicts_run": "运行冲突检查", "token_create": "创建令牌",
                    "token_revoke": "吊销令牌"}

GLOBALS = {"AUDIT_KIND_LABEL": AUDIT_KIND_LABEL, "STATE_LABEL": STATE_LABEL, "KIND_LABEL": KIND_LABEL, "CHANGE_LABEL": CHANGE_LABEL,
           "SEVERITY_LABEL": SEVERITY_LABEL, "CITE_STATE_LABEL": CITE_STATE_LABEL, "CITE_VIA_LABEL": CITE_VIA_LABEL,
           "CITE_STATUS_LABEL": CITE_STATUS_LABEL, "book_title": book_title, "nested_marks": nested_marks,
           "change_line": change_line}

"""事前合法性审核: a draft 规范性文件 (or rule) checked before it is issued, against the store.

Reads a parsed draft that is NOT stored (`DraftUnderReview`: the document, its citations and its
有效期 as the readers found them) and the store on an as-of date; writes nothing. `review`
returns `ReviewFinding`s grouped 主体 / 权限 / 依据 / 内容 / 形式, each with the rule it applies,
the provision involved, its evidence and a suggested wording where one is obvious.
Modules: `findings` (kinds, groups, rules), `authority` (organ and competence), `basis`
(citations resolved on the as-of date), `content` (what a 规范性文件 may not set; ranges
beyond the higher norm's), `form` (施行日期, 有效期, numbering, internal references), `review`.
"""

from registry.legality.findings import GROUPS, KINDS, ReviewFinding
from registry.legality.review import DraftUnderReview, ReviewReport, review

__all__ = ["GROUPS", "KINDS", "DraftUnderReview", "ReviewFinding", "ReviewReport", "review"]

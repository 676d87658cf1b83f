"""The job behind `lexreg review` and POST /review/draft: a draft file -> the legality review.

Reads the draft's bytes with the ingest readers and parser (`ingest.pipeline`), extracts its
citations (`ingest.citations`) and its 有效期 (`ingest.validity`), and hands them to
`registry.legality.review` with a read-only Session. Nothing is stored and nothing is audited:
the draft never enters the registry.
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session

from ingest.citations import extract_document
from ingest.manifest import SidecarRow
from ingest.pipeline import parse_bytes
from ingest.validity import read_validity
from registry.core.errors import IngestError, TooLarge
from registry.core.levels import LEVELS, infer_level
from registry.legality import DraftUnderReview, ReviewReport, review

MAX_DRAFT_BYTES = 5 * 1024 * 1024
SUFFIXES = (".docx", ".txt", ".md")


def read_draft(name: str, data: bytes, organ: str, as_of: date, level: str = "") -> DraftUnderReview:
    """Parse a draft without storing it; the organ given is its 制定机关. A draft often has no
    date yet: it is then placed on the as-of date."""
    if len(data) > MAX_DRAFT_BYTES:
        raise TooLarge(f"{name}: 草案文件超过 {MAX_DRAFT_BYTES // 1024 // 1024} MB")
    if not name.lower().endswith(SUFFIXES):
        raise IngestError(name, None, f"草案应为 {' / '.join(SUFFIXES)} 文件")
    if level and level not in LEVELS:
        raise IngestError(name, None, f"未知的文件类别“{level}”（可用：{'、'.join(LEVELS)}）")
    try:
        draft = parse_bytes(data, name, SidecarRow(path=name, organ=organ))
    except IngestError as exc:
        if "no date" not in str(exc):
            raise
        draft = parse_bytes(data, name, SidecarRow(path=name, organ=organ, promulgated=as_of))
    kind = level or (draft.level if draft.level_source == "text" else draft_level(draft.title, organ, draft.doc_number))
    return DraftUnderReview(draft, extract_document(draft), read_validity(draft), kind, name)


_LAWMAKER = re.compile(r"人民代表大会|^(?:中华人民共和国)?国务院$|人民政府$")
_NATIONAL_RULE_MAKER = re.compile(r"^(?!.*(?:省|自治区|市|县)).{2,20}(?:部|委员会|银行|审计署|总局|署)$")


def draft_level(title: str, organ: str, doc_number: str) -> str:
    """The kind of document a draft would be: a 厅, 局 or other office that makes no law, regulation
    or rule issues a 规范性文件 whatever its title says (浙江省临时用地管理办法 by 浙江省自然资源厅).

    >>> draft_level("浙江省临时用地管理办法", "浙江省自然资源厅", ""), draft_level("浙江省土地管理条例", "浙江省人民代表大会常务委员会", "")
    ('规范性文件', '地方性法规')
    """
    if not _LAWMAKER.search(organ) and not (_NATIONAL_RULE_MAKER.search(organ) and "令" in doc_number):
        return "规范性文件"
    return infer_level(title, organ, doc_number)


def review_draft(engine: Engine, name: str, data: bytes, organ: str, as_of: date | None = None,
                 level: str = "") -> ReviewReport:
    day = as_of or date.today()
    d = read_draft(name, data, organ, day, level)
    with Session(engine) as s:
        return review(s, d, organ, day)

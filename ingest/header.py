"""Header: the part of a document before its body.

Reads the normalised text of one document and splits it into YAML front
matter (whthomas/flk files), the title, the header block (LawRefBook dated lines
up to `<!-- INFO END -->`, or the 题注 in parentheses, the 文号 and 主送机关 of a
notice), a 目录 to skip, the body lines and a trailer (signing organ and date).
It also turns the 题注 chain (通过, 第N次修正, 修订, 公布, 施行) into events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import yaml

from ingest.dates import DATE_RE, find_dates, parse_date
from ingest.structure import ARTICLE_RE, HEADING_RE, SECTION_RE, clean_line, squeeze_cjk_spaces
from registry.core.errors import IngestError
from registry.core.ids import normalise_doc_number
from registry.core.numerals import CN_NUM, NUM
from registry.norms.drafts import EventDraft

INFO_END = "<!-- INFO END -->"

# 文号: 主席令第二十八号, 国务院令第743号, 国土资源部令第39号, 国土资发〔2008〕248号 (〔〕 [] () 【】 variants)
DOC_NUMBER_RE = re.compile(
    rf"(?:中华人民共和国)?(?:主席令|国务院令|[\u4e00-\u9fff]{{1,12}}?令)[（(]?第\s*{NUM}\s*号[)）]?"
    r"|[\u4e00-\u9fff]{1,10}[〔\[（(【][0-9]{4}[〕\]）)】]\s*[0-9]+\s*号"
)
ORGAN_RE = re.compile(
    r"((?:[\u4e00-\u9fff]{0,12}?)人民代表大会(?:常务委员会)?)"
    r"|(中华人民共和国国务院|国务院)"
    r"|(最高人民法院|最高人民检察院)"
    r"|((?:中华人民共和国)?[\u4e00-\u9fff]{2,14}?(?:部|委员会|总局|总署|局|署|银行|办公厅))(?:令|部务会议|委务会议|局务会议|主任会议|常务会议|第)"
    r"|([\u4e00-\u9fff]{2,8}?(?:省|市|自治区)人民政府)"
)
_ORDINAL_SESSION = re.compile(rf"第{NUM}届")

EVENT_KEYWORDS = (
    ("修正", "修正"), ("修改", "修正"), ("修订", "修订"), ("废止", "废止"), ("失效", "失效"), ("施行", "施行"),
    ("通过", "通过"), ("批准", "通过"), ("公布", "公布"), ("发布", "公布"), ("印发", "公布"),
)


@dataclass
class Layout:
    front: dict = field(default_factory=dict)
    title: str = ""
    title_line: int | None = None
    header: list[tuple[int, str]] = field(default_factory=list)
    body: list[tuple[int, str]] = field(default_factory=list)
    trailer: list[tuple[int, str]] = field(default_factory=list)
    addressees: str = ""
    part_title: str = ""  # 总则 / 物权编 when one file holds one part of a norm


def split_document(text: str, path: str) -> Layout:
    lines = text.split("\n")
    layout = Layout()
    start = 0
    if lines and lines[0].strip() == "---":
        for i in range(1, min(len(lines), 200)):
            if lines[i].strip() == "---":
                try:
                    front = yaml.safe_load("\n".join(lines[1:i])) or {}
                except yaml.YAMLError as exc:
                    mark = getattr(exc, "problem_mark", None)
                    raise IngestError(path, (mark.line + 2) if mark else 1, f"malformed YAML front matter: {exc}") from None
                if not isinstance(front, dict):
                    raise IngestError(path, 1, "malformed YAML front matter: not a mapping")
                layout.front = front
                start = i + 1
                break
        else:
            raise IngestError(path, 1, "YAML front matter is not closed by a '---' line (truncated file?)")
    numbered = [(i + 1, clean_line(lines[i])) for i in range(start, len(lines))]
    numbered = [(n, l) for n, l in numbered if l]
    if not numbered:
        raise IngestError(path, None, "no text after the front matter")

    # title: the first line (markdown '# ' heading or plain), unless it is already a provision
    first_no, first = numbered[0]
    if ARTICLE_RE.match(first) or HEADING_RE.match(first):
        layout.title = str(layout.front.get("title", "")).strip()
        rest = numbered
    else:
        layout.title, layout.title_line = squeeze_title(first), first_no
        rest = numbered[1:]
    front_title = str(layout.front.get("title", "")).strip()
    if front_title and not layout.title:
        layout.title = front_title
    rest = _drop_repeated_title(rest, layout.title)
    # a second '# ' heading right under the title names a part of a norm split across files
    if rest and layout.title_line is not None:
        raw = lines[rest[0][0] - 1].lstrip()
        if raw.startswith("# ") and not HEADING_RE.match(rest[0][1]) and not find_dates(rest[0][1]):
            layout.part_title = squeeze_title(rest[0][1])
            rest = rest[1:]

    raw_has_info_end = any(l.strip() == INFO_END for l in lines[start:])
    if raw_has_info_end:
        idx = next(k for k, (_, l) in enumerate(rest) if l == INFO_END)
        layout.header, rest = rest[:idx], rest[idx + 1:]
    else:
        layout.header, rest = _take_header(rest)
    rest = _drop_repeated_title(rest, layout.title)
    while rest and DOC_NUMBER_RE.fullmatch(rest[0][1].strip("（）() ")):  # 法释〔2022〕9号 under the title
        layout.header.append(rest[0])
        rest = rest[1:]
    rest = _skip_toc(rest)
    if rest and rest[0][1].endswith(("：", ":")) and _looks_like_addressees(rest[0][1]):
        layout.addressees = rest[0][1].rstrip("：:")
        layout.header.append(rest[0])
        rest = rest[1:]
    layout.body, layout.trailer = _take_trailer(rest)
    return layout


def _drop_repeated_title(rest: list[tuple[int, str]], title: str) -> list[tuple[int, str]]:
    """flk files and 司法解释 repeat the title under it, sometimes broken over up to four lines."""
    joined = ""
    for k, (_, line) in enumerate(rest[:4]):
        joined += squeeze_title(line)
        if joined == title:
            return rest[k + 1:]
        if not title.startswith(joined):
            break
    return rest


def squeeze_title(line: str) -> str:
    return squeeze_cjk_spaces(line.strip().strip("#").strip())


def _take_header(rest: list[tuple[int, str]]) -> tuple[list, list]:
    """Leading 题注 / dated lines / 文号 lines, as long as they look like header."""
    header: list[tuple[int, str]] = []
    i = 0
    in_paren = False
    while i < len(rest):
        no, line = rest[i]
        if in_paren:
            header.append((no, line))
            in_paren = not line.rstrip().endswith(("）", ")"))
            i += 1
            continue
        if line.startswith(("（", "(")) and (DATE_RE.search(line) or len(line) < 4) and not _is_item(line):
            header.append((no, line))
            in_paren = not line.rstrip().endswith(("）", ")"))
            i += 1
            continue
        if _is_header_line(line):
            header.append((no, line))
            i += 1
            continue
        break
    return header, rest[i:]


def _is_item(line: str) -> bool:
    return bool(re.match(rf"^[（(]{CN_NUM}[)）]", line))


def _is_header_line(line: str) -> bool:
    if ARTICLE_RE.match(line) or HEADING_RE.match(line) or SECTION_RE.match(line):
        return False
    if len(line) > 200:
        return False
    if DOC_NUMBER_RE.fullmatch(line.strip("（）() ")):
        return True
    dates = find_dates(line)
    if dates and dates[0][1] <= 2 and any(k in line for k, _ in EVENT_KEYWORDS):
        return True
    return False


def _skip_toc(rest: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Drop a 目录: from the 目录 line to where its first entry appears again."""
    for k, (_, line) in enumerate(rest[:40]):
        if re.sub(r"\s", "", line) in ("目录", "目次"):
            if k + 1 >= len(rest):
                return rest[:k]
            first_entry = squeeze_cjk_spaces(rest[k + 1][1])
            for j in range(k + 2, len(rest)):
                if squeeze_cjk_spaces(rest[j][1]) == first_entry:
                    return rest[:k] + rest[j:]
            return rest[:k] + rest[k + 1:]
    return rest


def _looks_like_addressees(line: str) -> bool:
    if "《" in line or re.match(r"^(根据|依据|按照|为|现|经|关于)", line):
        return False
    return len(line) < 400 and bool(re.search(r"(厅|局|委|部|政府|院|机关|单位|办公室|兵团)", line)) and "。" not in line


def _take_trailer(body: list[tuple[int, str]]) -> tuple[list, list]:
    """Trailing signature lines of a notice: an organ line and/or a date line."""
    trailer: list[tuple[int, str]] = []
    while body:
        no, line = body[-1]
        only_date = find_dates(line) and len(DATE_RE.sub("", line).strip(" （）()")) == 0
        organ_line = len(line) <= 30 and re.fullmatch(r"[\u4e00-\u9fff、（）()]+(部|委员会|局|厅|院|政府|办公厅|总局)", line)
        if only_date or (organ_line and trailer):
            trailer.insert(0, body.pop())
            continue
        if organ_line and len(body) > 1 and find_dates(body[-1][1]) is None:
            break
        break
    if trailer and not body:
        return trailer, []
    return body, trailer


def parse_events(header: list[tuple[int, str]]) -> list[EventDraft]:
    """The 题注 chain as events: each date opens a clause ending in an event keyword.

    A wrapped LawRefBook line (the second half of a decision title) is joined to
    the clause before it.
    """
    text_parts: list[tuple[int, str]] = []
    for no, line in header:
        if line == INFO_END:
            continue
        text_parts.append((no, line.strip("（）() ")))
    joined = ""
    offsets: list[tuple[int, int]] = []  # (offset in joined, line number)
    for no, line in text_parts:
        offsets.append((len(joined), no))
        joined += line + " "
    dates = find_dates(joined)
    events: list[EventDraft] = []
    for k, (day, s, e) in enumerate(dates):
        end = dates[k + 1][1] if k + 1 < len(dates) else len(joined)
        clause = joined[s:end].strip()
        clause = re.sub(r"(根据|依据)\s*$", "", clause).strip(" ，,；;\u3000")
        clause = clause.replace("\\<", "〈").replace("\\>", "〉")
        kind = _clause_kind(clause)
        if kind is None:
            continue
        decision = re.search(r"《([^》]+)》", clause)
        by = decision.group(1).replace("\\<", "〈").replace("\\>", "〉") if decision else organ_of(clause)
        line = max((no for off, no in offsets if off <= s), default=None)
        events.append(EventDraft(kind=kind, date=day, text=clause, by=by, line=line))
    return events


def _clause_kind(clause: str) -> str | None:
    # the keyword is what the clause says happened, not a word inside a cited title:
    # "《…关于修改和废止有关规章的决定》修改" is an amendment, not a repeal
    tail = re.sub(r"《[^》]*》", "《》", clause)[-24:]
    best, best_pos = None, -1
    for word, kind in EVENT_KEYWORDS:
        pos = tail.rfind(word)
        if pos > best_pos:
            best, best_pos = kind, pos
    if best is None:
        # "2020年1月1日 施行" style is caught above; a bare date is not an event
        return None
    if best == "施行" and "起施行" not in clause and "施行" not in tail:
        return None
    return best


def organ_of(text: str) -> str:
    """The organ named in a clause: 第十届全国人民代表大会常务委员会第十一次会议 -> 全国人民代表大会常务委员会."""
    m = ORGAN_RE.search(_ORDINAL_SESSION.sub("", DATE_RE.sub(" ", text)))
    if not m:
        return ""
    organ = next(g for g in m.groups() if g)
    organ = re.sub(r"^\d+年\d+月\d+日", "", organ)
    organ = organ.removeprefix("中华人民共和国") if organ.startswith("中华人民共和国国务院") else organ
    return organ


def organ_from_title(title: str) -> str:
    """国土资源部关于…的通知 -> 国土资源部; 最高人民法院关于… -> 最高人民法院."""
    m = re.match(r"^([\u4e00-\u9fff、]{2,40}?)关于", title)
    if not m:
        return ""
    organ = m.group(1)
    if re.search(r"(部|委员会|总局|局|署|院|政府|银行|办公厅|办公室|检察院|法院)$", organ):
        return organ
    return ""


def find_doc_number(lines: list[tuple[int, str]]) -> str:
    for _, line in lines:
        m = DOC_NUMBER_RE.search(DATE_RE.sub(" ", line))
        if m:
            return normalise_doc_number(m.group(0))
    return ""


def first_date(lines: list[tuple[int, str]]) -> date | None:
    for _, line in lines:
        d = parse_date(line)
        if d:
            return d
    return None

"""Repeal clauses: the norms a new norm repeals, read from its own provisions.

Reads a parsed document (each article or paragraph, and the preamble) and writes
one `RepealedNorm` per norm a repeal sentence names: 本法自2021年1月1日起施行。
《中华人民共和国婚姻法》……同时废止 (民法典 第一千二百六十条: nine laws),
…《…》（…号）同时废止, 原《…》同时废止, …予以废止, …自本办法施行之日起废止.
A sentence counts only when its verb is the repeal (同时废止, 予以废止, 即行废止,
一并废止, 起废止, 同时停止执行) and it names the repealed norm by 《title》 or 文号;
"规章…应当予以废止" with no name, or 停止执行死刑, is no repeal. The date is the one
the sentence (or the 施行 sentence just before it) gives, else the repealing norm's
施行日期, and `effective_basis` says which.
"""

from __future__ import annotations

import re
from datetime import date

from ingest.dates import find_dates
from registry.core.ids import normalise_doc_number
from registry.norms.drafts import DocumentDraft
from registry.norms.lifecycle_facts import RepealedNorm

_VERB = re.compile(r"(?:同时|一并|即行|予以|相应)?(?:废止|停止执行|停止施行)(?=[。；，,]|$)|(?<=起)废止(?=[。；，,]|$)")
_BASIS = re.compile(r"依照|根据|依据|按照|参照")
_ACTS_UNDER = re.compile(r"^(?:第[^，。《]{1,15}?条)?(?:的)?(?:有关)?规定")
_VERB_FIRST = re.compile(r"^(?:[一二三四五六七八九十]+、)?(?:决定)?(?:予以)?废止(?=《)")
_TITLE = re.compile(r"《((?:[^《》\n]|《[^《》\n]*》)+)》")
_DOCNUM = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［(（]\d{4}[〕\]］)）]第?\d+号|[\u4e00-\u9fff]{1,16}?令第?[\d一二三四五六七八九十百零〇]+号")
_ARTICLES = re.compile(r"^(?:中的|的)?((?:第[一二三四五六七八九十百千零〇\d]+条(?:之[一二三四五六七八九十]+)?"
                       r"(?:第[一二三四五六七八九十\d]+款)?[、和及]?)+)")
_ISSUER = re.compile(r"(最高人民法院|最高人民检察院|国务院办公厅|国务院|[\u4e00-\u9fff]{2,12}?(?:部|委员会|总局|局|人民政府))"
                     r"(?:、(?:最高人民法院|最高人民检察院|[\u4e00-\u9fff]{2,12}?(?:部|委员会|总局|局)))*"
                     r"(?:于?\d{4}年\d{1,2}月\d{1,2}日)?(?:发布|公布|印发|制定|颁布)?(?:的|施行的)?$")
_IN_FORCE = re.compile(r"自(?P<d>[^。；，]{6,16}?日|公布之日|发布之日|印发之日|颁布之日)起(?:施行|实施|执行|生效)")
_REPEAL_DATE = re.compile(r"自(?P<d>[^。；，]{6,16}?日)起(?:废止|停止执行)")
_SENTENCES = re.compile(r"[^。；]+[。；]?")
# A norm's title ends in a norm word; 《采矿许可证》 or 《申请表》 are documents of another kind
_NORM_END = re.compile(r"(?:法|法典|条例|规定|办法|细则|决定|决议|解释|通知|意见|规则|纲要|规划|批复|答复|复函|"
                       r"章程|准则|标准|规范|规程|则|目录|公告|方案|纪要|安排|若干问题|试行|修正案|报告|命令|令)$")
_EDITION_TAIL = re.compile(r"(?:[（(][^（）()]*[）)])+$")


def normalise_title(title: str) -> str:
    """〈〉 (and pandoc's \\<\\>) inside a title become 《》; spaces go.

    >>> normalise_title("关于适用〈中华人民共和国民事诉讼法〉的意见")
    '关于适用《中华人民共和国民事诉讼法》的意见'
    """
    t = title.replace("\\<", "〈").replace("\\>", "〉").replace("<", "〈").replace(">", "〉")
    return t.replace("〈", "《").replace("〉", "》").replace(" ", "").replace("\u3000", "")


def _date_of(text: str, draft: DocumentDraft | None) -> date | None:
    if text in ("公布之日", "发布之日", "印发之日", "颁布之日"):
        return draft.promulgated if draft else None
    found = find_dates(text)
    return found[0][0] if found else None


def _repeal_sentences(text: str) -> list[tuple[str, str, str]]:
    """(sentence, the sentence before it, the part naming what is repealed) for each repeal sentence.

    The verb ends the sentence (《X》同时废止) or, in a 废止决定's items, opens it (一、废止《X》（…通过）).
    """
    sentences = [m.group(0) for m in _SENTENCES.finditer(text)]
    out = []
    for i, s in enumerate(sentences):
        body = s.strip().rstrip("。；")
        if not (_TITLE.search(body) or _DOCNUM.search(body)):
            continue
        before = sentences[i - 1] if i else ""
        first = _VERB_FIRST.match(body)
        if first:
            out.append((s, before, body[first.end():]))
            continue
        verbs = list(_VERB.finditer(body))
        if verbs:
            out.append((s, before, body[: verbs[-1].start()]))
    return out


def read_clause(text: str, pid: str = "", draft: DocumentDraft | None = None) -> list[RepealedNorm]:
    """The norms repealed by the repeal sentences of one provision's text.

    >>> [r.title for r in read_clause("本条例自2024年5月1日起施行。《煤矿安全监察条例》和《国务院关于预防煤矿生产安全事故的特别规定》同时废止。")]
    ['煤矿安全监察条例', '国务院关于预防煤矿生产安全事故的特别规定']
    """
    out: list[RepealedNorm] = []
    for sentence, before, named in _repeal_sentences(text):
        when, basis = _when(sentence, before, draft)
        titles = list(_TITLE.finditer(named))
        for m in titles:
            cited = m.group(1)
            title = normalise_title(cited)
            if not _NORM_END.search(_EDITION_TAIL.sub("", title)):
                continue
            clause_start = max(named.rfind("，", 0, m.start()), named.rfind("》", 0, m.start())) + 1
            if _BASIS.search(named, clause_start, m.start()) and _ACTS_UNDER.match(named[m.end():]):
                continue  # 依照《X》第七十条规定，对…予以废止: the law it acts under, not what it repeals
            issuer = _ISSUER.search(named[: m.start()])
            if title.startswith("关于") and issuer:
                title = issuer.group(1) + title
            rest = named[m.end():]
            doc = _DOCNUM.match(rest.lstrip("（(［[")) if rest[:1] in "（(［[" else None
            arts = _ARTICLES.match(rest)
            if re.match(r"^[^《]{0,12}(?:修改|修正|制定|规定|实施|中)(?:的|了)", rest) and not arts:
                continue  # 根据《X》制定的… / 《关于修改…》: a qualifier of what is repealed, not itself repealed
            out.append(RepealedNorm(title=title, cited_as=m.group(0), pid=pid, clause=sentence.strip(),
                                    doc_number=normalise_doc_number(doc.group(0)) if doc else "",
                                    effective=when, effective_basis=basis,
                                    articles=tuple(re.findall(r"第[^、和及第]+条(?:之[一二三四五六七八九十]+)?",
                                                              arts.group(1))) if arts else ()))
        if not titles:
            for m in _DOCNUM.finditer(named):
                out.append(RepealedNorm(title="", cited_as=m.group(0), pid=pid, clause=sentence.strip(),
                                        doc_number=normalise_doc_number(m.group(0)), effective=when,
                                        effective_basis=basis))
    return out


def _when(sentence: str, before: str, draft: DocumentDraft | None) -> tuple[date | None, str]:
    m = _REPEAL_DATE.search(sentence) or _IN_FORCE.search(sentence) or _IN_FORCE.search(before)
    if m:
        d = _date_of(m.group("d"), draft)
        if d:
            return d, "条款所述日期"
    if draft and draft.effective:
        return draft.effective, "本规范施行日期"
    return None, ""


def read_repeals(draft: DocumentDraft) -> list[RepealedNorm]:
    """Every norm the document's own provisions repeal, in document order.

    Each provision's own words are read once (a parent without its children's text), so
    the pid is the 款 where an article has them; structure headings never.
    """
    out: list[RepealedNorm] = []
    if draft.preamble:
        out.extend(read_clause(draft.preamble, "", draft))
    children: dict[str, list[str]] = {}
    for prov in draft.provisions:
        if prov.parent:
            children.setdefault(prov.parent, []).append(prov.text)
    for prov in draft.provisions:
        if prov.kind in ("book", "subbook", "chapter", "section"):
            continue
        text = prov.text
        for child in children.get(prov.pid, ()):
            text = text.replace(child, "\n", 1)  # a parent's own words only: its children are read apart
        if text.strip():
            out.extend(read_clause(text, prov.pid, draft))
    return out

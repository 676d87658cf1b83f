"""Decision compiler: the text of a 修改决定 -> typed amendment operations.

Reads a decision as published (全国人大常委会关于修改《X》的决定, a decision
amending several laws, 国务院关于修改和废止部分行政法规的决定, a ministry order)
and writes an `AmendmentDecision`: per target norm the operations of
`registry.amendments.operations` in the decision's order, the norms it repeals, its 施行日期
and whether it renumbers (条文顺序作相应调整). Each instruction is read clause
by clause with a small grammar; a clause the grammar does not know is kept as
`Unparsed` with its words, so nothing in a decision is silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from ingest.dates import parse_date
from ingest.decisions.handlers import _expand_range, _Handlers, _lines, _quoted, _sentence_end
from ingest.decisions.patterns import Pattern, described_pattern, wildcard_pattern
from ingest.decisions.references import (
    CONTEXT,
    NEWART,
    QS,
    REFS,
    SEPARATORS,
    WHOLE,
    N,
    Q,
    parse_refs,
)
from ingest.decisions.text import (
    OPEN,
    Unit,
    clean_lines,
    curl_quotes,
    group_units,
    labelled_blocks,
    split_quotes,
    strip_front_matter,
)
from registry.amendments.operations import (
    AmendmentDecision,
    DeleteProvision,
    InsertArticle,
    MoveProvision,
    NewArticle,
    NormAmendment,
    Operation,
    Ref,
    RepealNorm,
    ReplacePattern,
    ReplaceWords,
    Unparsed,
)


class _Compiler(_Handlers):
    """One pass over the units of a decision, keeping the context decisions rely on.

    Context: the norm being amended (《X》 is named once, then implied), the
    article last named (第二款修改为 means 第二款 of it) and the provisions last
    named (其中的 / 该条中的).
    """

    def __init__(self, title: str):
        self.decision = AmendmentDecision(title=title)
        self.norm: NormAmendment | None = None
        self.article: Ref | None = None
        self.targets: tuple[Ref, ...] = ()
        self.started = False
        self.repeal_mode = False
        self.line = 0
        self.blocks: list[tuple[str, str, tuple[str, ...]]] = []
        self.new_structure: tuple[int, ...] | None = None
        self.new_article: NewArticle | None = None
        self.clause = ""
        self.moved_to: NewArticle | None = None  # 将第X条改为第Y条，增加一款: the 款 goes to new article Y
        self.list_op: tuple[list[str], str, str] | None = None
        self.patterns: list[tuple[re.Pattern[str], Callable[[re.Match[str]], None]]] = [
            (re.compile(r"对《(?P<t>[^》]+)》作(?:出|如下)?修改"), self._norm_switch),
            (re.compile(r"对部分条文(?:中的有关表述)?作(?:以下|如下)修改|内容如下"), lambda m: None),
            (re.compile(rf"将第(?P<c>{N})章(?:第(?P<s>{N})节)?的?(?:章名|节名|名称|标题)修改为(?P<q>{Q})"),
             self._retitle),
            (re.compile(rf"将第(?P<a>{N})章并入第(?P<b>{N})章"), self._merge_chapter),
            (re.compile(rf"在第(?P<c>{N})章(?:第(?P<s>{N})节)?后增加一(?P<k>[章节])[，,]?作为第(?P<n>{N})[章节]"
                        rf"[：:]?\s*(?P<q>{Q})?"), self._insert_structure),
            (re.compile(rf"增加一(?P<k>章)[，,]?作为第(?P<n>{N})章[：:]?\s*(?P<q>{Q})?"), self._append_structure),
            (re.compile(rf"对(?P<ref>{REFS})进行修改[，,]?作为(?P<to>{NEWART})"), self._modify_as),
            (re.compile(rf"将(?P<refs>{REFS})合并[，,]?作为(?:第(?P<chp>{N})章)?(?P<to>{NEWART})[，,]?"
                        rf"修改为[：:]?\s*(?P<qs>{QS})"), self._merge),
            (re.compile(rf"将(?P<ref>{REFS})改为(?:两|二|三|四)条[，,]?(?:分别)?作为(?P<tos>{NEWART}(?:、{NEWART})+)"
                        rf"[，,]?修改为[：:]?\s*(?P<qs>{QS})"), self._split),
            (re.compile(rf"将(?P<ref>{REFS})改为(?:两|二|三|四)条"), self._split_marker),
            (re.compile(rf"将(?P<ref>{REFS})单列一条[，,]?作为(?P<to>{NEWART})[，,]?修改为[：:]?\s*(?P<qs>{QS})"),
             self._detach),
            (re.compile(rf"将(?P<ref>{REFS})修改后作为本条第(?P<p>{N})款[：:]?\s*(?P<qs>{QS})"), self._into_new),
            (re.compile(rf"(?:将)?(?P<src>{REFS})(?:分别)?(?:改为|作为|修改为)(?:第(?P<chp>{N})章)?(?P<dst>{REFS})"
                        rf"(?![中的])"), self._move),
            (re.compile(rf"在(?:(?P<refs>{REFS})|(?P<other>{CONTEXT}))?(?:中的)?(?P<anchor>{Q})之?(?P<where>后|前)"
                        rf"增加(?P<new>{Q})"), self._insert_words),
            (re.compile(rf"在(?P<refs>{REFS})?的?最后增加(?P<new>{Q})"), self._append_words),
            (re.compile(rf"将(?P<groups>{REFS}中的{Q}(?:[、和]{Q})*(?:[，,、]{REFS}中的{Q}(?:[、和]{Q})*)+)[，,]?"
                        rf"(?:统一|均|分别)?修改为(?P<new>{Q})"), self._replace_groups),
            (re.compile(rf"(?:将)?(?:(?P<refs>{REFS})|(?P<other>{WHOLE}|{CONTEXT}))中的(?P<old>{Q})(?:统一|均)?"
                        rf"修改为(?P<new>{Q})"), self._replace_words),
            (re.compile(rf"(?:将)?(?P<old>{Q})(?:统一|均)?修改为(?P<new>{Q})"), self._replace_words),
            (re.compile(rf"删去(?:(?P<refs>{REFS})|(?P<other>{WHOLE}|{CONTEXT}))中的(?P<qs>{Q}(?:[和、及]{Q})*)"),
             self._delete_words),
            (re.compile(rf"删去(?P<qs>{Q}(?:[和、及]{Q})*)"), self._delete_words),
            (re.compile(rf"(?:将)?(?P<refs>{REFS})?(?:分为(?:{N})[款项][，,]?)?修改为[：:]?\s*(?P<qs>{QS})"),
             self._replace_text),
            (re.compile(rf"(?:在(?P<after>{REFS})后)?(?P<refs>{REFS})?增加(?P<n>{N})款[，,]?(?:分别)?作为(?P<pos>{REFS})"
                        rf"[：:]?\s*(?P<qs>{QS})"), self._insert_paragraph),
            (re.compile(rf"(?P<refs>{REFS})?增加(?P<n>{N})项[，,]?(?:分别)?作为(?P<pos>{REFS})[：:]?\s*(?P<qs>{QS})"),
             self._insert_item),
            (re.compile(rf"(?:在(?P<after>{REFS})之?后)?增加(?P<n>{N})条[，,]?(?:(?:分别)?作为(?:第(?P<chp>{N})章)?"
                        rf"(?P<pos>{NEWART}(?:(?:、|至){NEWART})*))?[：:]?\s*(?P<qs>{QS})?"), self._insert_article),
            (re.compile(rf"删去(?P<refs>{REFS})"), self._delete_provision),
        ]

    # -- units -----------------------------------------------------------------------------------
    def unit(self, unit: Unit) -> None:
        self.line = unit.line
        text = unit.text
        if unit.level == "top":
            self.article, self.targets, self.moved_to = None, (), None
        if self._boilerplate(unit):
            return
        if self.repeal_mode and unit.level:
            title, _, note = text.partition("（")
            self.decision.repeals.append(RepealNorm(title.strip(), note.rstrip("）"), source=text))
            return
        if self._list_header(text) or self._list_item(text):
            return
        m = re.match(r"(将|删去|在)《([^》]+)》", text)
        if m:
            self._set_norm(m.group(2))
            text = m.group(1) + text[m.end():]
        if not self._looks_like_instruction(text):
            if self.started:
                self.decision.notes.append(text)
            return
        self.started = True
        self.blocks, self.new_structure, self.new_article = [], None, None
        head, sep, tail = text.partition("内容如下")
        if sep:
            self.blocks = labelled_blocks(_lines(tail))
            text = head
        self._clauses(text)

    def _clauses(self, text: str) -> None:
        pos = 0
        while pos < len(text):
            m = SEPARATORS.match(text, pos)
            if m:
                pos = m.end()
                if pos >= len(text):
                    break
            for rx, handler in self.patterns:
                m = rx.match(text, pos)
                if m and m.end() > pos:
                    self.clause = m.group(0)
                    handler(m)
                    pos = m.end()
                    break
            else:
                end = _sentence_end(text, pos)
                self._unparsed(text[pos:end], "no grammar rule matches this clause")
                pos = end

    def _boilerplate(self, unit: Unit) -> bool:
        text = unit.text
        m = re.search(r"本决定自(.+?)起施行", text)
        if m and len(text) < 60:
            if "公布之日" in m.group(1):
                self.decision.effective_on_publication = True
                self.decision.effective = self.decision.adopted
            else:
                self.decision.effective = parse_date(m.group(1))
            return True
        if re.search(r"条文(?:顺序|序号)作相应调整", text) and len(text) < 120:
            self.decision.renumber = True
            for norm in self.decision.norms:
                norm.renumber = True
            return True
        if "根据本决定作相应修改" in text or "重新公布" in text:
            return True
        if re.match(r"^附件", text) or re.fullmatch(r".{0,30}决定修改的.{0,10}", text):
            self.repeal_mode = False
            return True
        if re.fullmatch(r".{0,30}决定废止的.{0,10}", text):
            self.repeal_mode = True
            return True
        if re.match(r"^[（(]\d{4}年", text) and ("通过" in text or "公布" in text or "发布" in text):
            self.decision.adopted = self.decision.adopted or parse_date(text)
            return True
        m = re.search(r"决定对《([^》]+)》作(?:如下|以下)?修改", text)
        if m and not self.started:
            self._set_norm(m.group(1))
            return True
        if re.search(r"予以(?:修改|废止)[。.]?[（(]附件", text):
            return True
        return False

    def _list_header(self, text: str) -> bool:
        """将下列法律中的"X"修改为"Y" / 对下列法律……作出修改: the provisions follow as a list."""
        if "下列" not in text[:12]:
            return False
        self.started = True
        self.norm, self.article, self.targets = None, None, ()
        m = re.fullmatch(rf"将下列[^“]*?中(?:引用)?的(?P<olds>{Q}(?:、{Q})*)(?:统一)?修改为(?P<new>{Q})[。；]?", text)
        general = re.fullmatch(rf"将下列[^“]*?中引用(?P<what>[^“]+?)的规定修改为(?P<new>{Q})[。；]?", text)
        if m and "×" in m.group("olds"):
            olds = [wildcard_pattern(_quoted(q)) for q in split_quotes(m.group("olds"))]
            self.list_op = (olds, _quoted(m.group("new")), text)
        elif m:
            self.list_op = ([_quoted(q) for q in split_quotes(m.group("olds"))], _quoted(m.group("new")), text)
        elif general and described_pattern(general.group("what")):
            self.list_op = ([described_pattern(general.group("what"))], _quoted(general.group("new")), text)
        elif text.startswith("对下列"):
            self.list_op = None  # the items carry their own instructions
        else:
            self.list_op = ([], "", text)  # a change stated in general terms
        return True

    def _list_item(self, text: str) -> bool:
        """《X》第N条、第M条 under a 下列 header: the header's change applied to them."""
        m = re.fullmatch(rf"(?:《(?P<t>[^》]+)》|(?P<t2>全国人民代表大会常务委员会关于.+?的(?:解释|决定)))"
                         rf"(?P<refs>(?:{REFS}|至)*)[。；]?", text)
        if not m or self.list_op is None:
            return False
        self._set_norm(m.group("t") or m.group("t2"))
        olds, new, header = self.list_op
        refs = parse_refs(re.sub(rf"第({N})条至第({N})条", _expand_range, m.group("refs")))
        self.clause = text
        if not olds:
            self._unparsed(text, f"listed under a change stated in general terms: {header}")
        patterns = [old for old in olds if isinstance(old, Pattern)]
        if patterns:  # "依照刑法第×条的规定"、"比照刑法第×条的规定": each provision has one form or the other
            regex = "|".join(f"(?:{p.regex})" for p in patterns)
            self._emit(ReplacePattern(refs, regex, new, "、".join(p.described for p in patterns),
                                      source=f"{header} {text}"))
        for old in olds:
            if not isinstance(old, Pattern):
                self._emit(ReplaceWords(refs, old, new, source=f"{header} {text}"))
        return True

    @staticmethod
    def _looks_like_instruction(text: str) -> bool:
        return bool(re.match(rf"(?:将|删去|增加|在|对《|对第|对部分|第{N}[条款项章]|原第{N}[条款项]|其中|并将|{OPEN})",
                             text))

    # -- state helpers ---------------------------------------------------------------------------
    def _set_norm(self, title: str) -> None:
        self.norm = self.decision.for_norm(title)
        if self.norm is None:
            self.norm = NormAmendment(title, renumber=self.decision.renumber)
            self.decision.norms.append(self.norm)
        self.article, self.targets = None, ()

    def _norm_switch(self, m: re.Match[str]) -> None:
        self._set_norm(m.group("t"))

    def _emit(self, op: Operation) -> None:
        if self.norm is None:
            self._set_norm(_norm_from_title(self.decision.title))
        assert self.norm is not None
        self.norm.operations.append(op)

    def _unparsed(self, text: str, reason: str) -> None:
        bare = re.sub(Q, "", text)  # provisions named inside quoted new text are not the ones amended
        refs = tuple(r for r in parse_refs(bare, self.article) if r.article is not None)
        if not refs and self.article is not None and re.match(rf"(?:原)?第{N}[款项]|其中|该条|本条", bare):
            refs = (self.article,)
        item = Unparsed(text, reason, self.norm.norm if self.norm else "", self.line, refs)
        if self.norm is not None:
            self.norm.unparsed.append(item)
        else:
            self.decision.unparsed.append(item)

    def _refs(self, text: str | None, other: str | None = None) -> tuple[Ref, ...]:
        """Refs of a clause, or the context ones (其中 / 该条); sets the context."""
        if text:
            refs = parse_refs(text, self.article)
            self.moved_to = None
        elif other and re.fullmatch(WHOLE, other):
            return ()
        else:
            refs = self.targets or ((self.article,) if self.article else ())
        if refs:
            self.targets = refs
            if refs[0].article is not None:
                self.article = Ref(refs[0].article, refs[0].sub)
        return refs

    def _missing_article(self, refs: tuple[Ref, ...]) -> bool:
        if not refs or any(r.article is None for r in refs):
            self._unparsed(self.clause, "the provision it amends is not named and not clear from context")
            return True
        return False

    def _article_lines(self, label: str) -> tuple[str, ...]:
        for kind, blabel, lines in self.blocks:
            if kind == "article" and blabel == label:
                return lines
        return ()

    # -- handlers --------------------------------------------------------------------------------
def _norm_from_title(title: str) -> str:
    m = re.search(r"关于修改《([^》]+)》", title)
    return m.group(1) if m else ""


def compile_decision(text: str, title: str = "") -> AmendmentDecision:
    """Compile the text of a decision into operations per norm (see module docstring)."""
    meta, body = strip_front_matter(text)
    lines = clean_lines(body)
    headings = [line[1:].strip() for _, line in lines if line.startswith("#")]
    lines = [(n, line) for n, line in lines if not line.startswith("#")]
    title = title or (headings[0] if headings else meta.get("title", ""))
    compiler = _Compiler(title)
    compiler.decision.organ = meta.get("office", "")
    if meta.get("publish"):
        compiler.decision.adopted = date.fromisoformat(meta["publish"].split()[0])
    for unit in group_units(curl_quotes(lines)):
        if unit.level == "" and _is_title_fragment(unit.text, title):
            continue
        compiler.unit(unit)
    decision = compiler.decision
    if not decision.effective and decision.effective_on_publication:
        decision.effective = decision.adopted
    for norm in decision.norms:
        norm.renumber = norm.renumber or decision.renumber or _implies_renumbering(norm)
    return decision


def compile_decision_path(path: str | Path) -> AmendmentDecision:
    """Read a decision file (txt/md/docx) and compile it."""
    from ingest.readers import read_path

    return compile_decision(read_path(path).text)


def _is_title_fragment(text: str, title: str) -> bool:
    """Lines of the title as typeset over several lines (关于修改 / 《X》的决定)."""
    bare = re.sub(r"\s", "", text)
    return bool(bare) and bare in re.sub(r"\s", "", title)


def _implies_renumbering(norm: NormAmendment) -> bool:
    """Plain-numbered inserts (作为第三十条) and deletions shift the articles after them."""
    for op in norm.operations:
        if isinstance(op, InsertArticle) and op.at is not None and op.at.sub is None:
            return True
        if isinstance(op, DeleteProvision) and op.ref.para is None and op.ref.item is None:
            return True
        if isinstance(op, MoveProvision) and op.to is not None:
            return True
    return False

"""Same matter? Which two provisions a number comparison may pair (issue 14, pattern 5).

Reads the 款 or 项 a numbered sentence stands in and the citation edges of the
norms in force; writes nothing. A sentence alone ("拒不改正或者导致危害网络安全等
后果的，处…罚款") has lost its subject and conduct: those are in the 款 (网络运营者
不履行…义务的 / 关键信息基础设施的运营者不履行…义务的) or, for a 项, in the lead-in
of its 款. Two provisions are about the same matter when the shorter 款 (numbers
masked) has most of its content words in the other, their opening sentences (where
the matter is stated) agree, their subjects and conditions (……的，) agree, and their norms are related: one
cites the other, or the sentence names the other's subject (a 缴纳罚款 period and
the 行政处罚法), or one's title names the other's (森林防火条例, 重庆市森林防火条例).
A 环境保护税 rule and an 耕地占用税 rule worded alike are two matters.
"""

from __future__ import annotations

import re
from functools import cached_property

from registry.review.context import CheckContext

SAME_MATTER = 0.6  # share of the shorter 款's content bigrams (numbers masked) the other has
LEAD = 0.5  # Jaccard of their opening sentences
_LEAD = re.compile(r"[。；\n]")
CONDUCT = 0.3  # Jaccard of the content bigrams of their conditions (……的，), where both state one
_NUMBER = re.compile(r"[\d一二三四五六七八九十百千万零〇两.]+")
_PRC = "中华人民共和国"
_REGION = re.compile(r"^[\u4e00-\u9fff]{2,8}?(?:省|自治区|市|自治州|州|盟|县|区)")
_IMPLEMENTING = re.compile(r"^实施《([^》]+)》(?:办法|细则|条例|若干规定)$|^《([^》]+)》实施(?:办法|细则)$")
_SUFFIX = re.compile(r"(?:实施细则|实施办法|实施条例|若干规定|若干问题的规定|暂行条例|暂行规定|暂行办法|管理条例|管理办法|"
                     r"法|条例|规定|办法|细则|规则|决定|解释)(?:（试行）)?$")


def context(text: str, parent: str = "") -> str:
    """The text a number stands in: the 款, or a 项 with the lead-in of its 款 (what it lists)."""
    if not parent:
        return text
    at = parent.find(text)
    lead = parent[:at] if at > 0 else parent.split("\n", 1)[0]
    return lead.split("（一）")[0].strip() + "\n" + text


def grams(text: str) -> set[str]:
    t = _NUMBER.sub("#", text)
    return {t[i:i + 2] for i in range(len(t) - 1) if "#" not in t[i:i + 2] and not t[i:i + 2].isspace()}


def same_matter(a: str, b: str, threshold: float = SAME_MATTER) -> bool:
    """Do two 款 regulate the same conduct of the same subject?

    >>> same_matter("网络运营者不履行网络安全保护义务的，由有关主管部门责令改正，给予警告；拒不改正的，处一万元以上十万元以下罚款。",
    ...             "网络运营者不履行网络安全保护义务的，由主管部门责令改正，给予警告；拒不改正的，处一万元以上五万元以下罚款。")
    True
    >>> same_matter("网络运营者不履行网络安全保护义务的，由有关主管部门责令改正，给予警告；拒不改正的，处一万元以上十万元以下罚款。",
    ...             "关键信息基础设施的运营者不履行网络安全保护义务的，由有关主管部门责令改正，给予警告；拒不改正的，处十万元以上一百万元以下罚款。")
    False
    >>> same_matter("适用简易程序审理的案件，应当在立案之日起三个月内审结。", "刑事自诉案件的审理期限，被告人被羁押的，适用前款规定。")
    False
    >>> same_matter("审理对民事判决的上诉案件，审理期限为三个月；有特殊情况需要延长的，经本院院长批准，可以延长三个月。",
    ...             "人民法院适用简易程序审理案件，应当在立案之日起三个月内审结。有特殊情况需要延长的，经本院院长批准，可以延长一个月。")
    False
    """
    x, y = grams(a), grams(b)
    if not x or not y:
        return False
    sa, sb = subject_of(a), subject_of(b)
    if sa and sb and sa not in sb and sb not in sa:
        return False  # 网络运营者 / 关键信息基础设施的运营者: two subjects, two matters
    ca, cb = grams(conduct_of(a)), grams(conduct_of(b))
    if ca and cb and len(ca & cb) / len(ca | cb) < CONDUCT:
        return False  # 对…信息未停止传输的 / 向境外提供重要数据的: the same sanctions for two conducts
    if len(x & y) / min(len(x), len(y)) < threshold:  # one 款 may say more (权利人超过二年起诉的…)
        return False
    # the opening sentence states the matter: 审理对民事判决的上诉案件 / 适用简易程序审理案件
    la, lb = grams(_LEAD.split(a.strip(), 1)[0]), grams(_LEAD.split(b.strip(), 1)[0])
    return bool(la and lb) and len(la & lb) / len(la | lb) >= LEAD


_CONDITION = re.compile(r"^(?:违反本(?:法|条例|规定|办法)第[^，。；]{1,20}?条(?:第[^，。；]{1,6}款)?(?:的)?规定，)?([^。；]{4,80}?)的，")


def conduct_of(text: str) -> str:
    """The conduct a 款 attaches its consequence to: the condition before 的，(without 违反本法第X条规定).

    >>> conduct_of("违反本法第三十一条规定，向境外提供重要数据的，由有关主管部门责令改正")
    '向境外提供重要数据'
    """
    m = _CONDITION.match(text.strip())
    return m.group(1) if m else ""


_SUBJECT = re.compile(r"^([\u4e00-\u9fff、]{2,20}?)(?:违反|未经|未按|未依|未|不按|不履行|不得|不|拒不|擅自|有下列|应当|可以|必须|"
                      r"对|在|从事|经|以|每届|申请|自)")


def subject_of(text: str) -> str:
    """Who a 款 is about, where it opens with its subject.

    >>> subject_of("关键信息基础设施的运营者违反本法第二十七条第一款规定，未按照要求使用商用密码的"), subject_of("在饮用水水源保护区内设置排污口的")
    ('关键信息基础设施的运营者', '')
    """
    m = _SUBJECT.match(text.strip())
    return m.group(1) if m else ""


_ROLE = re.compile(r"#(?:个工作日|个月|日|天|年|小时)?(前|内|后|以内|以上|以下)?")  # the masked text has lost its units
_CAP = re.compile(r"(?:不超过|不得超过|最长|延长)[^#]{0,4}$")


def period_roles(sentence: str) -> set[str]:
    """What a period does in a sentence: a deadline before (届满三十日前), within (十五日内), a cap (不得超过十二个月).

    >>> sorted(period_roles("应当在有效期届满#前申请")), sorted(period_roles("延长期限不得超过#")), period_roles("#内缴纳")
    (['前'], ['cap'], {'内'})
    """
    out = set()
    for m in _ROLE.finditer(sentence):
        out.add("cap" if _CAP.search(sentence[:m.start()]) else (m.group(1) or "").replace("以内", "内"))
    return out


def same_organ_special(title_a: str, title_b: str) -> bool:
    """A norm and its 补充规定 (or a later norm of the same title stem) by one organ: 立法法 第一百零三条
    (特别规定优于一般规定，新的规定优于旧的规定) settles which applies.

    >>> same_organ_special("最高人民法院关于办理减刑、假释案件具体应用法律的规定", "最高人民法院关于办理减刑、假释案件具体应用法律的补充规定")
    True
    """
    if "补充" in title_a + title_b:
        stem_a, stem_b = title_a.replace("补充", ""), title_b.replace("补充", "")
        return stem_a[:12] == stem_b[:12]
    return False


def subject(title: str) -> str:
    """What a norm is about, as its title names it.

    >>> subject("中华人民共和国行政处罚法"), subject("重庆市森林防火条例"), subject("北京市实施《中华人民共和国水法》办法")
    ('行政处罚', '森林防火', '水')
    """
    t = title.replace(_PRC, "")
    t = _REGION.sub("", t) if not t.startswith("实施") else t
    m = _IMPLEMENTING.match(t)
    if m:
        t = m.group(1) or m.group(2)
    return _SUFFIX.sub("", t) or t


class Relations:
    """Which pairs of norms a number comparison may pair: cited, or one naming the other's subject."""

    def __init__(self, ctx: CheckContext) -> None:
        self.ctx = ctx

    @cached_property
    def edges(self) -> set[frozenset[str]]:
        return {frozenset((c.work_id, c.resolved_work_id)) for c in self.ctx.live_citations}

    @cached_property
    def _subjects(self) -> dict[str, str]:
        return {wid: subject(w.title) for wid, w in self.ctx.works.items()}

    def related(self, wa: str, wb: str, text_a: str, text_b: str) -> bool:
        if frozenset((wa, wb)) in self.edges:
            return True
        sa, sb = self._subjects.get(wa, ""), self._subjects.get(wb, "")
        ta, tb = self.ctx.title(wa), self.ctx.title(wb)
        return (len(sb) >= 2 and (sb in text_a or sb in ta)) or (len(sa) >= 2 and (sa in text_b or sa in tb))

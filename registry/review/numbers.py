"""Same matter, different numbers: 期限, 罚款数额, 面积, 比例 in provisions of different norms.

Comparing every sentence with every other is quadratic; instead each sentence
with a number is reduced to its words with the numbers masked, and candidate
pairs come from a similarity join with prefix filtering: with tokens ordered
rarest first, two sets with Jaccard >= t must share one of the first
|x| - ceil(t|x|) + 1 tokens of either, so only those go into the inverted index.
Identical (masked text, numbers) sentences are grouped first, so a norm copied
twice adds members to groups, not pairs to compare. Norms of two different
regions never conflict (each applies on its own territory).

A lower norm may specify within the range a higher one sets (立法法 第八十二条:
地方性法规 may 作具体规定 to carry out a law): 百分之五以上百分之十以下 under a
law's 百分之十以下 is not a conflict, 二十万元 under a 十万元以下 is. And each
sentence is compared with its closest counterpart in the other norm only (one
to one), not with every similar sentence there.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sqlmodel import col, select

from registry.core.levels import organ_family, outranks
from registry.core.numerals import CN_NUMERAL_CHARS, cn_to_int
from registry.norms import models as m
from registry.review import matter
from registry.review.context import CheckContext
from registry.review.drafts import FindingDraft

THRESHOLD = 0.6  # Jaccard of content bigrams: the same sentence with other numbers
MIN_SHARED = 8  # content bigrams two sentences must share to be about the same matter
COMMON_SHARE, COMMON_MIN = 0.005, 30  # a bigram in more sentences than this is boilerplate
_CN = CN_NUMERAL_CHARS + "万"  # amounts count in 万 too
_NUM = rf"(\d+(?:\.\d+)?|[{_CN}]+)"
_QUANTITIES = (
    ("罚款数额", re.compile(rf"{_NUM}(万)?元"), lambda v, u: v * (10000 if u else 1)),
    ("期限", re.compile(rf"{_NUM}(个工作日|个月|日|天|年|小时)"),
     lambda v, u: v * {"个工作日": 1, "日": 1, "天": 1, "个月": 30, "年": 365, "小时": 1 / 24}[u]),
    ("面积", re.compile(rf"{_NUM}(亩|公顷|平方米|平方公里)"),
     lambda v, u: v * {"亩": 666.67, "公顷": 10000, "平方米": 1, "平方公里": 1e6}[u]),
    ("比例", re.compile(rf"百分之{_NUM}()"), lambda v, u: v),
)
_ANY_NUMBER = re.compile(rf"百分之{_NUM}|{_NUM}(?:万)?(?:元|个工作日|个月|日|天|年|小时|亩|公顷|平方米|平方公里)")
_SPLIT = re.compile(r"(?<=[。；])")
_REGION = re.compile(r"^(北京市|上海市|天津市|重庆市|[\u4e00-\u9fff]{2,3}?(?:省|自治区))")
_CITY = re.compile(r"^([\u4e00-\u9fff]{2,8}?(?:市|自治州|自治县|州|盟))")
_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日|\d{1,2}月\d{1,2}日")
LOCAL = ("地方性法规", "地方政府规章", "自治条例和单行条例")


@dataclass
class _Sentence:
    text: str
    masked: str
    values: tuple[tuple[str, float], ...]
    members: list[tuple[str, str, str, str]]  # (work_id, version_id, pid, the 款 or 项 it is in, for its matter)


_YEARS_MONTHS = re.compile(rf"{_NUM}年零?{_NUM}个月")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


def _clean(sentence: str) -> str:
    """Dates and quoted terms out (本规定所称“一日”“三日”是指工作日 defines words, it sets no
    period); 一年六个月 is one period of 545 days, not two.

    >>> _clean("一次减刑不超过一年六个月有期徒刑")
    '一次减刑不超过545日有期徒刑'
    """
    return _YEARS_MONTHS.sub(_in_days, _QUOTED.sub("", _DATE.sub("", sentence)))


def _in_days(mm: re.Match[str]) -> str:
    years, months = _value(mm.group(1)), _value(mm.group(2))
    return mm.group() if years is None or months is None else f"{years * 365 + months * 30:.0f}日"


def _value(raw: str) -> float | None:
    try:
        return float(raw) if raw[0].isdigit() else float(cn_to_int(raw))
    except (ValueError, KeyError, IndexError):
        return None


def quantities(sentence: str) -> tuple[tuple[str, float], ...]:
    """
    >>> quantities("处五千元以上五万元以下的罚款；逾期十五日")
    (('期限', 15.0), ('罚款数额', 5000.0), ('罚款数额', 50000.0))
    """
    out = []
    clean = _clean(sentence)
    for name, pattern, scale in _QUANTITIES:
        if name == "罚款数额" and "罚款" not in clean:
            continue
        for mm in pattern.finditer(clean):
            v = _value(mm.group(1))
            if v is not None:
                out.append((name, round(scale(v, mm.group(2)), 2)))
    return tuple(sorted(out))


_CEILING = re.compile(r"^(?:以下|以内|内|之内)")
_FLOOR = re.compile(r"^以上")
_CAP_BEFORE = re.compile(r"(?:不超过|不得超过|最高|最长|最多)$")
_MIN_BEFORE = re.compile(r"(?:不少于|不低于|最低|至少)$")


def bounds(sentence: str, kind: str) -> tuple[float, float] | None:
    """The range a sentence allows for one kind of quantity, None if it names none.

    >>> bounds("处建设工程造价百分之十以下的罚款", "比例")
    (0.0, 10.0)
    >>> bounds("处五千元以上四万元以下的罚款", "罚款数额")
    (5000.0, 40000.0)
    >>> bounds("逾期十五日", "期限")
    (15.0, 15.0)
    """
    clean = _clean(sentence)
    pattern, scale = next((p, f) for name, p, f in _QUANTITIES if name == kind)
    floors, ceilings, exact = [], [], []
    for mm in pattern.finditer(clean):
        v = _value(mm.group(1))
        if v is None:
            continue
        v = scale(v, mm.group(2))
        after, before = clean[mm.end():mm.end() + 2], clean[max(0, mm.start() - 4):mm.start()]
        if _CEILING.match(after) or _CAP_BEFORE.search(before):
            ceilings.append(v)
        elif _FLOOR.match(after) or _MIN_BEFORE.search(before):
            floors.append(v)
        else:
            exact.append(v)
    if not (floors or ceilings or exact):
        return None
    lo = min(floors + exact) if floors or exact else 0.0
    hi = max(ceilings + exact) if ceilings or exact else math.inf
    return round(lo, 2), round(hi, 2)


def within(lower: str, higher: str, kinds: list[str]) -> bool:
    """Every range of the lower norm's sentence lies inside the higher norm's for these kinds."""
    for kind in kinds:
        inner, outer = bounds(lower, kind), bounds(higher, kind)
        if inner is None or outer is None or inner[0] < outer[0] or inner[1] > outer[1]:
            return False
    return True


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def region(work: m.Work, events: Sequence[m.Event] = ()) -> tuple[str, str]:
    """The territory of a local norm as (province, city); ('', '') for a national one.

    A city's regulation is approved by its province (河南省…常务委员会…批准), which is
    how 洛阳市城乡规划条例 is known to apply inside 河南省.

    >>> region(m.Work(id="x", title="洛阳市城乡规划条例", level="地方性法规", title_key="x"),
    ...        [m.Event(work_id="x", kind="通过", text="河南省…常务委员会…批准", by="河南省人民代表大会常务委员会")])
    ('河南省', '洛阳市')
    >>> region(m.Work(id="y", title="浙江省土地管理条例", level="地方性法规", title_key="y"))
    ('浙江省', '')
    """
    if work.level not in LOCAL:
        return "", ""
    mm = _REGION.match(work.title) or _REGION.match(work.organ)
    if mm:
        return mm.group(1), ""
    city = _CITY.match(work.title) or _CITY.match(work.organ)
    approved = next((_REGION.match(e.by) for e in events if "批准" in e.text and _REGION.match(e.by)), None)
    return (approved.group(1) if approved else ""), (city.group(1) if city else work.organ or work.title)


def _sentences(ctx: CheckContext) -> list[_Sentence]:
    groups: dict[tuple[str, tuple], _Sentence] = {}
    ids = [vid for vid, v in ctx.live_versions.items() if not ctx.is_decision(v.work_id)]
    for chunk in range(0, len(ids), 400):
        part = ids[chunk:chunk + 400]
        rows = ctx.session.exec(select(m.Provision.version_id, m.Provision.pid, m.Provision.text).where(
            col(m.Provision.version_id).in_(part), col(m.Provision.kind).in_(("paragraph", "item")))).all()
        parents = {(vid, pid.rsplit("__", 1)[0]) for vid, pid, _ in rows if "__item_" in pid}
        texts = {(vid, pid): text for vid, pid, text in rows if (vid, pid) in parents}
        for vid, pid, text in rows:
            if (vid, pid) in parents or not _ANY_NUMBER.search(text):  # a 款 repeats its 项: take the 项
                continue
            context = matter.context(text, texts.get((vid, pid.rsplit("__", 1)[0]), "") if "__item_" in pid else "")
            for s in _SPLIT.split(text):
                values = quantities(s)
                if not values:
                    continue
                masked = _ANY_NUMBER.sub("#", _clean(s))
                key = (masked, values)
                g = groups.get(key)
                if g is None:
                    g = groups[key] = _Sentence(s, masked, values, [])
                g.members.append((ctx.live_versions[vid].work_id, vid, pid, context))
    return list(groups.values())


def content_grams(texts: list[str]) -> list[set[str]]:
    """Bigrams that say what a sentence is about: the drafting boilerplate every penalty or
    deadline clause shares (处…以上…以下的罚款, 责令改正, 之日起…内) is what is common, so it is dropped."""
    sets = [_bigrams(t.replace("#", "")) for t in texts]
    df = Counter(g for s in sets for g in s)
    common = max(COMMON_MIN, int(COMMON_SHARE * len(sets)))
    return [{g for g in s if df[g] <= common} for s in sets]


def candidate_pairs(sets: list[set[str]], threshold: float = THRESHOLD) -> Iterator[tuple[int, int, float]]:
    """Index pairs with Jaccard >= threshold, by prefix filtering (no all-pairs comparison)."""
    df = Counter(t for s in sets for t in s)
    ordered = [sorted(s, key=lambda t: (df[t], t)) for s in sets]
    index: dict[str, list[int]] = defaultdict(list)
    for i, toks in enumerate(ordered):
        n = len(toks)
        if n == 0:
            continue
        prefix = n - math.ceil(threshold * n) + 1
        seen: set[int] = set()
        for t in toks[:prefix]:
            for j in index[t]:
                if j in seen:
                    continue
                seen.add(j)
                small, big = sorted((n, len(ordered[j])))
                if small < threshold * big:
                    continue  # size filter: too different in length
                inter = len(sets[i] & sets[j])
                sim = inter / (len(sets[i]) + len(sets[j]) - inter)
                if sim >= threshold:
                    yield j, i, sim
            index[t].append(i)


def number_mismatches(ctx: CheckContext) -> Iterator[FindingDraft]:
    sentences = _sentences(ctx)
    grams = content_grams([s.masked for s in sentences])
    pairs: list[tuple[float, int, int, list[str]]] = []
    for i, j, sim in candidate_pairs(grams):
        if len(grams[i] & grams[j]) < MIN_SHARED:
            continue
        a, b = sentences[i], sentences[j]
        shared = {k for k, _ in a.values} & {k for k, _ in b.values}
        diff = sorted(k for k in shared if _differ([v for n, v in a.values if n == k], [v for n, v in b.values if n == k]))
        if diff:
            pairs.append((sim, i, j, diff))
    # one to one per pair of norms: the closest counterparts first, each sentence used once
    used: set[tuple[int, str]] = set()
    related = matter.Relations(ctx)
    for sim, i, j, diff in sorted(pairs, key=lambda p: -p[0]):
        a, b = sentences[i], sentences[j]
        works_a, works_b = {w for w, *_ in a.members}, {w for w, *_ in b.members}
        for wa, va, pa, xa in a.members:
            for wb, vb, pb, xb in b.members:
                if wa == wb or not _same_territory(ctx, wa, wb) or (i, wb) in used or (j, wa) in used:
                    continue
                if wb in works_a or wa in works_b:
                    continue  # the other norm says the same, with the same numbers, elsewhere: that is its counterpart
                if not related.related(wa, wb, xa, xb) or not matter.same_matter(xa, xb):
                    continue
                if "期限" in diff and not matter.period_roles(a.masked) & matter.period_roles(b.masked):
                    continue  # 届满三十日前 (a deadline before) and 不得超过十二个月 (a cap) are different periods
                same_organ = organ_family(ctx.works[wa].organ) == organ_family(ctx.works[wb].organ) != ""
                if same_organ and matter.same_organ_special(ctx.title(wa), ctx.title(wb)):
                    continue
                if _specifies_within(ctx, (wa, a), (wb, b), diff):
                    continue
                used.update({(i, wb), (j, wa)})
                yield _finding(ctx, (wa, va, pa, a), (wb, vb, pb, b), diff, sim)


def _differ(xs: list[float], ys: list[float]) -> bool:
    """Same number of values, not the same values: a sentence with an extra period or amount
    says something more, not something else."""
    return len(xs) == len(ys) and sorted(xs) != sorted(ys)


_PARTY = re.compile(r"当事人|申请人|被申请人|被处罚人|纳税人|缴费人|相对人|权利人|利害关系人|起诉人|上诉人")


def fixed_for_a_party(sentence: str) -> bool:
    """A period the higher norm grants a party (当事人…十五日内缴纳罚款) is fixed: a lower norm that
    shortens it takes away what the law gives, unlike a tighter deadline for the administration.

    >>> fixed_for_a_party("当事人应当自收到行政处罚决定书之日起十五日内，到指定的银行缴纳罚款。")
    True
    >>> fixed_for_a_party("行政机关应当自受理申请之日起二十日内作出决定。")
    False
    """
    first = _ANY_NUMBER.search(_clean(sentence))
    return bool(first and _PARTY.search(_clean(sentence)[:first.start()]))


def _specifies_within(ctx: CheckContext, a: tuple[str, _Sentence], b: tuple[str, _Sentence], diff: list[str]) -> bool:
    (wa, sa), (wb, sb) = a, b
    if _higher(ctx, wa, wb):
        hi, lo = sa, sb
    elif _higher(ctx, wb, wa):
        hi, lo = sb, sa
    else:
        return False
    if "期限" in diff and fixed_for_a_party(hi.text):
        return False
    return within(lo.text, hi.text, diff)


def _higher(ctx: CheckContext, wa: str, wb: str) -> bool:
    """`wa` prevails by rank: a higher 位阶, or a province's 地方性法规 over its cities' (立法法 第八十一条)."""
    A, B = ctx.works[wa], ctx.works[wb]
    if outranks(A.level, B.level):
        return True
    (pa, ca), (pb, cb) = region(A, ctx.events.get(wa, ())), region(B, ctx.events.get(wb, ()))
    return A.level == B.level == "地方性法规" and bool(pa) and pa == pb and not ca and bool(cb)


def _same_territory(ctx: CheckContext, wa: str, wb: str) -> bool:
    """National norms apply everywhere; a province's apply in its cities; two cities never meet."""
    (pa, ca), (pb, cb) = (region(ctx.works[w], ctx.events.get(w, ())) for w in (wa, wb))
    if not (pa or ca) or not (pb or cb):
        return True
    if ca and cb:
        return ca == cb
    return bool(pa) and pa == pb


def decide(ctx: CheckContext, wa: str, va: str, wb: str, vb: str) -> tuple[str, str, str]:
    """Which norm prevails and under which rule, or which body must decide: (rule, explanation, severity)."""
    A, B = ctx.works[wa], ctx.works[wb]
    if A.level == B.level == "地方性法规" and (_higher(ctx, wa, wb) or _higher(ctx, wb, wa)):
        hi, lo = (A, B) if _higher(ctx, wa, wb) else (B, A)
        return ("立法法第八十一条（设区的市的地方性法规不得同本省、自治区的地方性法规相抵触）",
                f"《{lo.title}》须经省级人大常委会批准，批准时应审查其与《{hi.title}》是否抵触；"
                f"不一致的，应当适用《{hi.title}》，并由批准机关处理。", "medium")
    if outranks(A.level, B.level) or outranks(B.level, A.level):
        hi, lo = (A, B) if outranks(A.level, B.level) else (B, A)
        return ("立法法第九十九条、第一百条（上位法优于下位法）",
                f"《{hi.title}》（{hi.level}）效力高于《{lo.title}》（{lo.level}），应当适用上位法；下位法与之不一致的，"
                f"依立法法第一百零七条、第一百零八条由有权机关改变或者撤销（自治条例、经济特区法规依第一百零一条可以变通）。",
                "medium")
    fa, fb = organ_family(A.organ), organ_family(B.organ)
    if fa and fa == fb:
        newer = A if ctx.live_versions[va].version_date >= ctx.live_versions[vb].version_date else B
        return ("立法法第一百零三条（同一机关制定：特别规定优于一般规定，新的规定优于旧的规定）",
                f"两者均由{fa}制定，特别规定优先；同为一般规定时适用较新的《{newer.title}》。"
                f"新的一般规定与旧的特别规定不一致、不能确定如何适用的，依第一百零五条由制定机关裁决。", "low")
    levels = {A.level, B.level}
    if levels <= {"部门规章", "地方政府规章"}:
        body = "依立法法第一百零六条第一款第三项，由国务院裁决"
    elif levels == {"地方性法规", "部门规章"}:
        body = ("依立法法第一百零六条第一款第二项，由国务院提出意见：认为应当适用地方性法规的，决定在该地方适用；"
                "认为应当适用部门规章的，提请全国人民代表大会常务委员会裁决")
    elif levels == {"法律"}:
        body = "依立法法第一百零五条第一款，由全国人民代表大会常务委员会裁决"
    elif levels == {"行政法规"}:
        body = "依立法法第一百零五条第二款，由国务院裁决"
    else:
        body = "没有明确的适用规则，应当报请共同的上级机关或者全国人民代表大会常务委员会依备案审查程序处理"
    return ("立法法第一百零五条、第一百零六条（不能确定如何适用时的裁决）",
            f"《{A.title}》（{A.organ or A.level}）与《{B.title}》（{B.organ or B.level}）不是同一机关制定，位阶上也无高下之分；{body}。",
            "low")


def _finding(ctx: CheckContext, a: tuple, b: tuple, diff: list[str], sim: float) -> FindingDraft:
    (wa, va, pa, sa), (wb, vb, pb, sb) = sorted((a, b), key=lambda x: x[0])
    rule, why, severity = decide(ctx, wa, va, wb, vb)
    fmt = lambda s: "、".join(f"{v:.10g}" for k, v in s.values if k in diff)  # noqa: E731
    return FindingDraft(
        kind="number_mismatch", severity="medium" if "罚款数额" in diff and severity == "medium" else severity,
        work_id=wa, version_id=va, pid=pa, other_work_id=wb, other_version_id=vb, other_pid=pb, rule=rule,
        explanation=(f"《{ctx.title(wa)}》{pa}与《{ctx.title(wb)}》{pb}对同一事项的规定（文字相似度{sim:.2f}）"
                     f"数值不一致：{'、'.join(diff)}分别为{fmt(sa)}与{fmt(sb)}。{why}"),
        evidence={"text": sa.text, "other_text": sb.text, "quantities": list(sa.values),
                  "other_quantities": list(sb.values), "similarity": round(sim, 3), "differs_in": diff},
        key=f"{sa.masked}|{sb.masked}")

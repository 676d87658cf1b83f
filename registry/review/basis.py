"""basis_changed: the 制定依据 of a norm was repealed, or amended where the dependant relies on it.

Reads the resolved ``basis`` citations of norms in force, the versions of the
basis since the dependant was made and the article comparison between them
(`registry.comparison`); writes findings that name the changed provisions.

An amendment of the basis matters to a dependant when it changed an article
the dependant cites, when it changed so much of the basis (a third of its
articles or more: a 修订 in substance) that the whole must be re-read, or when a
changed article governs the dependant's own matter: its distinctive words (the
two-character terms few other articles of the basis use) recur in the
dependant's text. 城市房地产管理法 2019 changed only 第九条 (集体土地 征收后出让):
a 房地产开发经营 条例, which regulates 土地使用权出让, is concerned; a
人民法院 rule on 人身安全保护令 is not concerned by the 2023 民事诉讼法 amendment of
its 涉外 procedure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from registry.citations.records import Citation
from registry.comparison.versions import CHANGED, DELETED, MOVED
from registry.review.context import CheckContext
from registry.review.drafts import FindingDraft

WHOLE_SHARE = 1 / 3  # changed share of the basis's articles that makes it a new text in substance
DISTINCTIVE_SHARE = 0.02  # a term in at most this share of the basis's articles is distinctive
MIN_SHARED_TERMS = 5  # distinctive terms of a changed article the dependant must use ...
MIN_SHARED_SHARE = 0.2  # ... and this share of them (measured on the 12 labelled basis_changed findings)
_STOP = set("的了和与及或在对由为是有其本该应当可以规定依照按照根据有关人民国家部门机关单位组织个人进行以上以下"
            "不得不予予以情况办法法律法规行政条例第条款项")


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)
            if "\u4e00" <= text[i] <= "\u9fff" and "\u4e00" <= text[i + 1] <= "\u9fff"
            and not (text[i] in _STOP and text[i + 1] in _STOP)}


def _label(pid: str) -> str:
    from registry.review.citation_checks import _label as label

    return label(pid)


def basis_changed(ctx: CheckContext) -> Iterator[FindingDraft]:
    """The 制定依据 of a norm was amended or repealed after the norm (需要审查是否与上位法一致)."""
    seen: set[tuple[str, str]] = set()
    cited = _cited_articles(ctx)
    for c in ctx.live_citations:
        if c.kind != "basis" or (c.work_id, c.resolved_work_id) in seen or c.reason == "later_version_only":
            continue
        made = ctx.live_versions[c.version_id].version_date
        st = ctx.status[c.resolved_work_id]
        later = [v for v in ctx.versions.get(c.resolved_work_id, []) if v.version_date > made]
        if st.status in ("已废止", "已失效"):
            seen.add((c.work_id, c.resolved_work_id))
            yield _repealed(ctx, c, made, st)
            continue
        if not later or not c.resolved_version_id:
            continue
        seen.add((c.work_id, c.resolved_work_id))
        relevant, changed, why = _relevance(ctx, c, later[-1].id, cited.get((c.version_id, c.resolved_work_id), set()))
        if not relevant:
            continue
        when = "、".join(v.version_date.isoformat() for v in later)
        names = "、".join(_label(p) for p in relevant[:12]) + ("等" if len(relevant) > 12 else "")
        title = ctx.title(c.resolved_work_id)
        yield FindingDraft(
            kind="basis_changed", severity="medium", work_id=c.work_id, version_id=c.version_id, pid=c.source_pid,
            other_work_id=c.resolved_work_id, other_version_id=later[-1].id, other_pid="",
            rule="立法法第九十九条至第一百零一条（上位法优于下位法）、第一百零七条；法规规章备案审查条例",
            explanation=(f"《{ctx.title(c.work_id)}》（{made.isoformat()}）以《{title}》为制定依据，该依据于{when}"
                         f"修改或修订，晚于本规范的制定；{why}涉及{names}。需要审查本规范是否与修改后的上位法一致。"),
            evidence={"citing_text": ctx.text(c.version_id, c.source_pid), "raw": c.raw,
                      "basis_version_then": c.resolved_version_id, "basis_versions_since": [v.id for v in later],
                      "basis_status": st.status, "changed_provisions": relevant, "changed_count": changed,
                      "why": why},
            key="basis")


def _repealed(ctx: CheckContext, c: Citation, made, st) -> FindingDraft:
    cited = ctx.title(c.resolved_work_id)
    day = st.event.date.isoformat() if st.event and st.event.date else "日期不详"
    return FindingDraft(
        kind="basis_changed", severity="high", work_id=c.work_id, version_id=c.version_id, pid=c.source_pid,
        other_work_id=c.resolved_work_id, other_version_id=c.resolved_version_id, other_pid="",
        rule="立法法第一百零七条、第一百零八条；法规规章备案审查条例",
        explanation=(f"《{ctx.title(c.work_id)}》（{made.isoformat()}）以《{cited}》为制定依据，该依据已{st.status[1:]}"
                     f"（{day}）。需要审查本规范是否仍有上位法依据、是否应当修改或者废止。"),
        evidence={"citing_text": ctx.text(c.version_id, c.source_pid), "raw": c.raw,
                  "basis_version_then": c.resolved_version_id, "basis_status": st.status},
        key="basis")


def _cited_articles(ctx: CheckContext) -> dict[tuple[str, str], set[str]]:
    """The articles of each work each citing version cites: {(version, work): {art_9, ...}}."""
    out: dict[tuple[str, str], set[str]] = {}
    for c in ctx.live_citations:
        if c.resolved_pid.startswith(("art_", "sec_")):
            out.setdefault((c.version_id, c.resolved_work_id), set()).add(c.resolved_pid.split("__")[0])
    return out


def _relevance(ctx: CheckContext, c: Citation, now_id: str, cites: set[str]) -> tuple[list[str], int, str]:
    """(the changed provisions that concern the dependant, how many changed, which test found them)."""
    changes = ctx.changes.changes(c.resolved_version_id, now_id)
    changed = {pid: ch for pid, ch in changes.items()
               if ch.status in (CHANGED, DELETED) or (ch.status == MOVED and ch.similarity < 0.9)}
    if not changed:
        return [], 0, ""
    hit = sorted(p for p in changed if p in cites)
    if hit:
        return hit, len(changed), "修改的条文中有本规范引用的条文："
    if changes and len(changed) >= WHOLE_SHARE * len(changes):
        return sorted(changed), len(changed), f"上位法{len(changed)}条（共{len(changes)}条）被修改，"
    grams = {pid: _bigrams(ch.old_text) | _bigrams(ch.new_text) for pid, ch in changes.items()}
    df = Counter(g for s in grams.values() for g in s)
    limit = max(2, DISTINCTIVE_SHARE * len(changes))
    own = _bigrams(_dependant_text(ctx, c.version_id))
    matter = []
    for pid in sorted(changed):
        shared = {g for g in grams[pid] if df[g] <= limit} & own
        distinctive = sum(1 for g in grams[pid] if df[g] <= limit)
        if len(shared) >= MIN_SHARED_TERMS and len(shared) >= MIN_SHARED_SHARE * distinctive:
            matter.append(pid)
    return matter, len(changed), "修改的条文与本规范调整同一事项，" if matter else ""


def _dependant_text(ctx: CheckContext, version_id: str) -> str:
    from sqlmodel import select

    from registry.norms import models as m

    v = ctx.session.get(m.Version, version_id)
    rows = ctx.session.exec(select(m.Provision.text).where(m.Provision.version_id == version_id,
                                                           m.Provision.kind.in_(("article", "sec")))).all()
    return (v.title if v else "") + "\n" + "\n".join(rows)

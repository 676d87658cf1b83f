"""Which articles of an amended text the unapplied instructions touch: they are marked 待核对.

Reads the result of the pure engine (the state of each operation and the old pid each
new article came from) and the norm's unread instructions (`Unparsed.refs`, the
provisions the compiler could still tell); writes pid -> [(instruction, reason)] in the
NEW numbering, for `registry.norms.flags`. An instruction whose provisions cannot be
told marks the whole text (`WHOLE_NORM`): the reviewer must not be told less than is known.
"""

from __future__ import annotations

from registry.amendments.engine import AmendResult
from registry.amendments.operations import NewArticle, NormAmendment, Operation, Ref
from registry.core.ids import article_pid
from registry.norms.flags import WHOLE_NORM


def _old_refs(op: Operation) -> tuple[list[Ref], list[NewArticle]]:
    """The provisions an operation names in the old numbering, and the new articles it makes."""
    refs: list[Ref] = []
    new: list[NewArticle] = []
    for name in ("ref", "refs", "paragraph", "article", "after"):
        value = getattr(op, name, None)
        if isinstance(value, Ref):
            refs.append(value)
        elif isinstance(value, tuple):
            refs.extend(v for v in value if isinstance(v, Ref))
    for name in ("at", "to", "new_article"):
        value = getattr(op, name, None)
        if isinstance(value, NewArticle):
            new.append(value)
    for part in getattr(op, "parts", ()) or ():
        if part and isinstance(part[0], NewArticle):
            new.append(part[0])
    return refs, new


def _new_pids(refs: list[Ref], new: list[NewArticle], old_to_new: dict[str, str], existing: set[str]) -> list[str]:
    pids: list[str] = []
    for ref in refs:
        if ref.article is None:
            continue
        old = article_pid(ref.article, ref.sub)
        pids.append(old_to_new.get(old, old if old in existing else ""))
    for at in new:
        pid = article_pid(at.num, at.sub)
        pids.append(pid if pid in existing else "")
    return [p for p in dict.fromkeys(pids) if p]


def touched_articles(result: AmendResult, amendment: NormAmendment) -> dict[str, list[tuple[str, str]]]:
    """pid (new numbering) -> [(instruction, reason)] for every failed or unread instruction."""
    old_to_new = {old: new for new, old in result.sources.items() if old}
    existing = {p.pid for p in result.provisions if p.kind == "article"}
    out: dict[str, list[tuple[str, str]]] = {}

    def mark(pids: list[str], text: str, reason: str) -> None:
        for pid in pids or [WHOLE_NORM]:
            out.setdefault(pid, []).append((text, reason))

    for state in result.failed:
        refs, new = _old_refs(state.operation)
        mark(_new_pids(refs, new, old_to_new, existing), state.operation.source, f"未能执行：{state.reason}")
    for u in amendment.unparsed:
        mark(_new_pids(list(u.refs), [], old_to_new, existing), u.text, f"未能识读：{u.reason}")
    return out

"""新旧对照 of two provision lists (the check against the official text is
`registry.amendments.official`; both compare in `registry.core.text`'s normal form).

`diff_versions` is the 新旧对照 between any two provision lists: articles are
aligned by the source mapping an amendment returns, then by id, then (when
asked) by best textual match, and changes inside an article are given word by
word so a JSON/text/Word 对照表 can be written from them.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from registry.core.text import WordChange, normalise, word_changes
from registry.core.text import words as _words
from registry.core.wording import change_line
from registry.norms.drafts import ProvisionDraft


@dataclass
class ProvisionChange:
    """One row of a 新旧对照: status is unchanged | modified | added | removed."""

    status: str
    old_pid: str = ""
    new_pid: str = ""
    old_label: str = ""
    new_label: str = ""
    old_text: str = ""
    new_text: str = ""
    changes: list[WordChange] = field(default_factory=list)

    @property
    def renumbered(self) -> bool:
        return bool(self.old_pid and self.new_pid and self.old_pid != self.new_pid)

    def to_json(self) -> dict[str, object]:
        return {"status": self.status, "old_pid": self.old_pid, "new_pid": self.new_pid,
                "old_label": self.old_label, "new_label": self.new_label, "old_text": self.old_text,
                "new_text": self.new_text, "renumbered": self.renumbered,
                "changes": [c.to_json() for c in self.changes]}


def word_segments(old: str, new: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """Both texts cut into (words, changed) runs: what a 对照表 strikes out on the left and marks on the right.

    >>> old, new = word_segments("县级人民政府负责", "县级以上人民政府负责")
    >>> "".join(t for t, _ in old), "".join(t for t, _ in new)
    ('县级人民政府负责', '县级以上人民政府负责')
    >>> [t for t, changed in new if changed]
    ['以上']
    """
    a, b = _words(old), _words(new)
    left: list[tuple[str, bool]] = []
    right: list[tuple[str, bool]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        changed = op != "equal" and normalise("".join(a[i1:i2])) != normalise("".join(b[j1:j2]))
        if i2 > i1:
            left.append(("".join(a[i1:i2]), changed))
        if j2 > j1:
            right.append(("".join(b[j1:j2]), changed))
    return left, right


def _articles(provisions: list[ProvisionDraft]) -> list[ProvisionDraft]:
    return [p for p in provisions if p.kind == "article"]


def diff_versions(old: list[ProvisionDraft], new: list[ProvisionDraft], sources: dict[str, str] | None = None,
                  match: bool = True, threshold: float = 0.5, words: bool = True) -> list[ProvisionChange]:
    """新旧对照 of the articles of two versions, in the new version's order; a removed
    article stands where it stood in the old version (before the next old article kept).

    `sources` (new pid -> old pid, as `AmendResult.sources`) aligns moved
    articles; without it articles align by pid; `match` then pairs the
    leftovers by textual similarity (at least `threshold`).
    """
    old_arts, new_arts = _articles(old), _articles(new)
    old_by_pid = {p.pid: p for p in old_arts}
    pairs: dict[str, str] = {}
    used: set[str] = set()
    if sources is not None:
        for n in new_arts:
            src = sources.get(n.pid, "").split("__")[0]
            if src in old_by_pid and src not in used and "__" not in sources.get(n.pid, ""):
                pairs[n.pid], _ = src, used.add(src)
    else:
        for n in new_arts:
            if n.pid in old_by_pid:
                pairs[n.pid], _ = n.pid, used.add(n.pid)
    if match:
        left_new = [n for n in new_arts if n.pid not in pairs]
        left_old = [o for o in old_arts if o.pid not in used]
        for n in left_new:
            best, score = None, threshold
            for o in left_old:
                if o.pid in used:
                    continue
                ratio = difflib.SequenceMatcher(None, normalise(o.text), normalise(n.text), autojunk=False).ratio()
                if ratio >= score:
                    best, score = o, ratio
            if best is not None:
                pairs[n.pid], _ = best.pid, used.add(best.pid)
    rows = []
    old_index = {p.pid: i for i, p in enumerate(old_arts)}
    pending = [o for o in old_arts if o.pid not in used]  # removed: each shown at its old place
    for n in new_arts:
        o = old_by_pid.get(pairs.get(n.pid, ""))
        while pending and o is not None and old_index[pending[0].pid] < old_index[o.pid]:
            gone = pending.pop(0)
            rows.append(ProvisionChange("removed", old_pid=gone.pid, old_label=gone.label, old_text=gone.text))
        if o is None:
            rows.append(ProvisionChange("added", new_pid=n.pid, new_label=n.label, new_text=n.text))
            continue
        same = normalise(o.text) == normalise(n.text)
        rows.append(ProvisionChange("unchanged" if same else "modified", o.pid, n.pid, o.label, n.label, o.text,
                                    n.text, [] if same or not words else word_changes(o.text, n.text)))
    for gone in pending:
        rows.append(ProvisionChange("removed", old_pid=gone.pid, old_label=gone.label, old_text=gone.text))
    return rows


def render_text(rows: list[ProvisionChange]) -> str:
    """A plain-text 对照表: changed rows only, with the words that changed."""
    out = []
    for r in rows:
        if r.status == "unchanged" and not r.renumbered:
            continue
        head = {"added": f"增加 {r.new_label}", "removed": f"删去 {r.old_label}"}.get(
            r.status, f"{r.old_label} -> {r.new_label}（条文序号调整）" if r.renumbered else f"修改 {r.new_label}")
        out.append(head)
        if r.status == "added":
            out.append(f"  + {r.new_text}")
        elif r.status == "removed":
            out.append(f"  - {r.old_text}")
        for c in r.changes:
            out.append(f"  {change_line(c.to_json())}")
    return "\n".join(out)

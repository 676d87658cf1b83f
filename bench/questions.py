"""A search question set generated from the corpus itself: nobody wrote it to fit the ranking.

    .venv/bin/python -m bench.questions [--out bench/queries/generated]   (LEXREG_DATA_DIR = a whole-corpus store)

Reads a store built from the shared corpus, with its citation pass done (the
`citation` table). A provision that describes a situation and cites the article
that governs it ("……的，依照民事诉讼法第一百一十一条规定处理") gives one pair:

- question: the sentence holding the citation, with every citation in it, the
  cited norm's names, article numbers and the frame words (依照……的规定) removed;
- answers: the cited articles, as lexreg's citation pass resolved them (the
  version in force on the citing version's date), then taken to the version in
  force on `QUERY_DAY` when that version has the same article with the same text
  (otherwise the pair is dropped: the article the citing norm meant is gone).

Dropped: citations to the citing norm itself (本法/本条例: `self`, `relative`),
citations resolved only to a later text than the citing norm saw, ranges over more
than `MAX_RANGE` articles, questions shorter than `MIN_CHARS` or with fewer than
`MIN_CONTENT` characters outside boilerplate words, exact and near duplicates
(same answers, character-bigram Jaccard >= `NEAR_DUP`). Sources are every level
except amending decisions and the constitution's amendments.

Writes dev.jsonl and test.jsonl (a seeded hash of the source provision, work id +
provision id, puts `TEST_SHARE` of them in test) and SHA256SUMS. The test split is
frozen: tests/test_frozen_sets.py fails if it changes; it is measured, never studied.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

from sqlalchemy import text as sql
from sqlmodel import Session

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "queries" / "generated"
QUERY_DAY = date(2026, 12, 1)  # the day the sets were frozen: "current articles" are the ones in force then
SEED = "lexreg-questions-v1"
TEST_SHARE = 20  # percent
EXCLUDED_LEVELS = frozenset({"修改、废止的决定", "有关法律问题和重大问题的决定", "宪法"})
MIN_CHARS, MIN_CONTENT, MAX_CHARS = 12, 8, 200
MAX_RANGE = 5
# 刑法 since its 1997 revision is amended by 修正案 that rewrite articles in place or insert 之一 articles,
# never renumbering: a citation of it made on or after 1997-10-01 names the same article in any later text,
# so "only a later text is stored" does not make such an answer doubtful.
STABLE_NUMBERING = {"中华人民共和国刑法": date(1997, 10, 1)}
NEAR_DUP = 0.7

MARK = "\u25c6"
_NUM = "零〇一二三四五六七八九十百千两\\d"
_ARTICLE_REF = re.compile(rf"(?:本法|本条例|本办法|本规定|本解释|本细则|本决定|本规则)?第[{_NUM}]+条(?:之[{_NUM}]+)?"
                          rf"(?:第[{_NUM}]+款)?(?:第?[（(]?[{_NUM}]+[)）]?项)?"
                          rf"|第[{_NUM}]+款(?:第?[（(]?[{_NUM}]+[)）]?项)?|第[（(][{_NUM}]+[)）]项")
_NORM_TITLE = re.compile(r"《[^《》]{2,60}(?:法|条例|规定|办法|细则|解释|决定|规则|通则|意见|纪要)(?:（[^）]*）)?》")
_JOIN = re.compile(rf"{MARK}(?:[、，,和及与或至\s]|或者|以及|规定的|的规定和)*{MARK}")
_VIOLATE = re.compile(rf"(违反|不符合|符合){MARK}(?:的)?(?:有关|相关)?规定")
_FRAME = re.compile(rf"(?:依照|依据|根据|按照|参照|比照|适用|对照)?{MARK}(?:中)?(?:所(?!称))?(?:的)?(?:有关|相关)?(?:规定)?(?:的)?")
_PUNCT_RUN = re.compile(r"([，、；：])[，、；：\s]*")
_BOILER = re.compile("依照|依据|根据|按照|参照|适用|违反|规定|处理|处罚|予以|给予|执行|办理|有关|相关|应当|可以|依法|人民法院|"
                     "人民检察院|当事人|本条例|本办法|本规定|本解释|本细则|本法|法律|行政法规|追究|刑事责任|责任|情形|审查|"
                     "下列|之一|的|和|或者|及|等|其|条|款|项")
_CJK = re.compile(r"[\u3400-\u9fff]")
_NORMALISE = re.compile(r"[^\u3400-\u9fff0-9A-Za-z]")

_CITATIONS = sql("SELECT version_id, source_pid, start, \"end\", kind, state, reason, raw, target_title, "
                 "resolved_work_id, resolved_version_id, resolved_pid, resolved_end_pid, work_id FROM citation "
                 "WHERE source_pid != '' ORDER BY version_id, source_pid, start")
_PROVISION = sql("SELECT text FROM provision WHERE version_id = :v AND pid = :p")


def split_of(work_id: str, pid: str) -> str:
    """'test' for TEST_SHARE percent of source provisions, by a seeded hash (stable across versions).

    >>> split_of("/cn/judicial/2015/x", "art_1") in ("dev", "test")
    True
    """
    h = int(hashlib.sha256(f"{SEED}|{work_id}|{pid}".encode("utf-8")).hexdigest()[:8], 16)
    return "test" if h % 100 < TEST_SHARE else "dev"


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences ended by 。 (items of a list stay with the lead sentence they complete)."""
    out, start = [], 0
    for m in re.finditer("。", text):
        out.append((start, m.end()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def question_from(sentence: str, spans: list[tuple[int, int]], names: set[str]) -> str:
    """The sentence without its citations (spans relative to it), the cited norms' names and frame words."""
    s = sentence
    for a, b in sorted(spans, reverse=True):
        s = s[:a] + MARK + s[b:]
    s = _NORM_TITLE.sub(MARK, s)
    for name in sorted(names, key=lambda n: (-len(n), n)):
        if len(name) >= 2:
            s = s.replace(name, MARK)
    s = _ARTICLE_REF.sub(MARK, s)
    prev = None
    while prev != s:
        prev, s = s, _JOIN.sub(MARK, s)
    s = _VIOLATE.sub(r"\1规定", s)
    s = _FRAME.sub("", s)
    s = s.replace(MARK, "")
    s = _PUNCT_RUN.sub(r"\1", s)
    s = re.sub(r"[ \t\u3000]+", "", s).strip("，、；： \n")
    if len(s) > MAX_CHARS:  # a long list: keep whole clauses up to the bound
        cut = max(s.rfind(c, 0, MAX_CHARS) for c in "；，\n")
        s = s[:cut if cut > MIN_CHARS else MAX_CHARS].rstrip("，、；： \n")
    return s


def content_chars(question: str) -> int:
    """CJK characters outside boilerplate words: what a question says beyond 依照……规定处理."""
    return len(_CJK.findall(_BOILER.sub("", question)))


def _bigrams(s: str) -> set[str]:
    return {s[i:i + 2] for i in range(len(s) - 1)}


class Articles:
    """Article-level entries of every version, and which versions are in force on QUERY_DAY."""

    def __init__(self, session: Session):
        from registry.search.catalog import Filters, load_catalog
        from registry.search.entries import load_entries

        self.catalog = load_catalog(session)
        self.current = self.catalog.allowed(Filters(day=QUERY_DAY))
        self.order: dict[str, list[str]] = defaultdict(list)
        self.text: dict[tuple[str, str], str] = {}
        self.label: dict[tuple[str, str], str] = {}
        for e in load_entries(session):
            self.order[e.version_id].append(e.pid)
            self.text[(e.version_id, e.pid)] = e.text
            self.label[(e.version_id, e.pid)] = e.label
        self.current_of: dict[str, list[str]] = defaultdict(list)
        for vid in sorted(self.current):
            info = self.catalog.versions.get(vid)
            if info:
                self.current_of[info.work_id].append(vid)

    def unit(self, vid: str, pid: str) -> str | None:
        """The article-level entry holding provision `pid` (art_585__para_2 -> art_585)."""
        parts = pid.split("__")
        for n in range(len(parts), 0, -1):
            cand = "__".join(parts[:n])
            if (vid, cand) in self.text:
                return cand
        return None

    def cited_units(self, vid: str, pid: str, end_pid: str) -> list[str] | None:
        first = self.unit(vid, pid)
        if first is None:
            return None
        if not end_pid:
            return [first]
        last = self.unit(vid, end_pid)
        pids = self.order[vid]
        if last is None or pids.index(last) < pids.index(first):
            return None
        run = pids[pids.index(first):pids.index(last) + 1]
        return run if len(run) <= MAX_RANGE else None

    def in_force(self, vid: str, pid: str) -> str | None:
        """The version in force on QUERY_DAY with the same article text (the cited one itself if current)."""
        if vid in self.current:
            return vid
        info = self.catalog.versions.get(vid)
        old = _NORMALISE.sub("", self.text.get((vid, pid), ""))
        for cur in self.current_of.get(info.work_id if info else "", []):
            if old and _NORMALISE.sub("", self.text.get((cur, pid), "")) == old:
                return cur
        return None

    def answer(self, vid: str, pid: str) -> dict:
        info = self.catalog.versions[vid]
        return {"work_id": info.work_id, "version_id": vid, "pid": pid, "title": info.title,
                "version_date": info.version_date.isoformat(), "label": self.label[(vid, pid)]}


def generate(session: Session) -> tuple[list[dict], dict[str, int]]:
    """All pairs, deduplicated, in source order, and counts of what was dropped and why."""
    arts = Articles(session)
    cat = arts.catalog
    by_provision: dict[tuple[str, str], list] = defaultdict(list)
    for row in session.connection().execute(_CITATIONS):
        by_provision[(row[0], row[1])].append(row)
    dropped: dict[str, int] = defaultdict(int)
    pairs: list[dict] = []
    for (vid, pid), rows in by_provision.items():
        info = cat.versions.get(vid)
        if info is None or info.level in EXCLUDED_LEVELS:
            continue
        wanted = [r for r in rows if r[4] in ("cites", "docnum") and r[5] == "resolved" and r[11]
                  and r[9] != r[13]]
        if not wanted:
            continue
        text = session.connection().execute(_PROVISION, {"v": vid, "p": pid}).scalar() or ""
        for a, b in sentence_spans(text):
            inside = [r for r in rows if a <= r[2] and r[3] <= b]
            cited = [r for r in wanted if a <= r[2] and r[3] <= b]
            if not cited:
                continue
            pair = _pair(arts, info, pid, text[a:b], [(r[2] - a, r[3] - a) for r in inside], cited, dropped)
            if pair:
                pairs.append(pair)
    return _deduplicate(pairs, dropped), dict(dropped)


def _pair(arts: Articles, info, pid: str, sentence: str, spans, cited, dropped) -> dict | None:
    answers, names, raw = [], set(), []
    for r in cited:
        cinfo = arts.catalog.versions.get(r[10])
        since = STABLE_NUMBERING.get(cinfo.title if cinfo else "")
        if r[6] == "later_version_only" and not (since and info.version_date >= since):
            dropped["cited text later than the citing norm"] += 1
            return None
        units = arts.cited_units(r[10], r[11], r[12])
        if units is None:
            dropped["range too long or article not found"] += 1
            return None
        for u in units:
            cur = arts.in_force(r[10], u)
            if cur is None:
                dropped["cited article changed or not in force"] += 1
                return None
            answers.append(arts.answer(cur, u))
        if cinfo:
            names |= {cinfo.title, cinfo.short_title, cinfo.title.removeprefix("中华人民共和国")}
        names.add(r[8])
        raw.append({"version_id": r[10], "pid": r[11], "end_pid": r[12], "raw": r[7]})
    question = question_from(sentence, spans, names - {""})
    if len(question) < MIN_CHARS or content_chars(question) < MIN_CONTENT:
        dropped["question too short or boilerplate"] += 1
        return None
    unique = {(x["version_id"], x["pid"]): x for x in answers}
    return {"question": question, "at": QUERY_DAY.isoformat(), "answers": list(unique.values()), "cited": raw,
            "source": {"work_id": info.work_id, "version_id": info.version_id, "pid": pid, "title": info.title,
                       "level": info.level, "text": sentence.strip()}}


def _deduplicate(pairs: list[dict], dropped) -> list[dict]:
    seen: set[str] = set()
    by_answers: dict[frozenset, list[set[str]]] = defaultdict(list)
    out = []
    for p in pairs:
        norm = _NORMALISE.sub("", p["question"])
        if norm in seen:
            dropped["exact duplicate"] += 1
            continue
        key = frozenset((a["version_id"], a["pid"]) for a in p["answers"])
        grams = _bigrams(norm)
        if any(len(grams & g) / max(1, len(grams | g)) >= NEAR_DUP for g in by_answers[key]):
            dropped["near duplicate"] += 1
            continue
        seen.add(norm)
        by_answers[key].append(grams)
        p["id"] = "g" + hashlib.sha256(f"{p['source']['version_id']}|{p['source']['pid']}|{norm}".encode()).hexdigest()[:12]
        p["split"] = split_of(p["source"]["work_id"], p["source"]["pid"])
        out.append(p)
    return out


def write_sets(pairs: list[dict], out: Path) -> dict[str, int]:
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    sums = []
    for split in ("dev", "test"):
        rows = [p for p in pairs if p["split"] == split]
        body = "".join(json.dumps(p, ensure_ascii=False, sort_keys=True) + "\n" for p in rows)
        (out / f"{split}.jsonl").write_text(body, encoding="utf-8")
        sums.append(f"{hashlib.sha256(body.encode('utf-8')).hexdigest()}  {split}.jsonl\n")
        counts[split] = len(rows)
    (out / "SHA256SUMS").write_text("".join(sums), encoding="utf-8")
    return counts


def load_set(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--force", action="store_true", help="Overwrite a frozen test split (never after tuning began).")
    args = ap.parse_args(argv)
    from registry.core.settings import Settings
    from registry.schema import make_engine

    if (args.out / "test.jsonl").exists() and not args.force:
        raise SystemExit(f"{args.out / 'test.jsonl'} is frozen: pass --force only to regenerate before any tuning")
    engine = make_engine(Settings.from_env().database_url)
    with Session(engine) as session:
        pairs, dropped = generate(session)
    counts = write_sets(pairs, args.out)
    print(f"{len(pairs)} pairs: {counts}; dropped: {dropped}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

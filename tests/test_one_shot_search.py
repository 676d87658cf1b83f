"""A search from the shell reads on demand what a server loads whole, with the same answers.

`lexreg search` decodes only the texts it verifies and shows (`exact.TextTable`)
and scans the titles for its few words instead of tabling every substring
(`ranked.TitleIndex`); these tests prove both give what the loaded forms give,
on real texts of the shared corpus.
"""

from __future__ import annotations

import numpy as np

from registry.search import exact, ranked
from registry.search.entries import Entry
from registry.search.exact import TextTable, build_segment, load_segment, save_segment


def _entries(shared_corpus) -> list[Entry]:
    text = (shared_corpus / "chains" / "中华人民共和国土地管理法").glob("*.md")
    body = next(iter(sorted(text))).read_text(encoding="utf-8")
    lines = [ln for ln in body.splitlines() if ln.strip()]
    return [Entry("/cn/law/1986/土地管理法@2004-08-28", f"art_{i + 1}", f"第{i + 1}条", ln, i)
            for i, ln in enumerate(lines)] + [Entry("v2", "art_1", "第一条", "含𠀀扩展汉字与emoji😀的条文", 0)]


def test_texts_read_on_demand_are_the_texts(shared_corpus, tmp_path):
    seg = build_segment("seg-1-0", _entries(shared_corpus))
    save_segment(seg, tmp_path)
    folder = tmp_path / "seg-1-0"
    whole, lazy = load_segment(folder), load_segment(folder, lazy_texts=True)
    assert isinstance(lazy.texts, TextTable) and len(lazy.texts) == len(whole.texts) > 50
    assert [lazy.texts[i] for i in range(len(whole.texts))] == whole.texts == seg.texts
    assert lazy.texts[3:7] == whole.texts[3:7]
    (folder / "text_ends.npy").unlink()  # a segment written before the offsets: scanned for SEP
    assert list(TextTable(folder / "texts.txt")) == whole.texts
    phrase = whole.texts[10][5:12]
    assert [a.tolist() for a in lazy.find(phrase)] == [a.tolist() for a in whole.find(phrase)]


def test_scanned_titles_name_the_works_the_tables_name():
    class Cat:  # the catalog's versions as TitleIndex reads them
        def __init__(self, titles):
            self.versions = {f"v{i}": type("V", (), {"work_id": f"w{i}", "title": t, "short_title": s})
                             for i, (t, s) in enumerate(titles)}

    titles = [("中华人民共和国土地管理法", "土地管理法"), ("中华人民共和国土地管理法实施条例", "土地管理法实施条例"),
              ("上海市土地登记条例", "上海市土地登记条例"), ("浙江省矿产资源管理条例", "浙江省矿产资源管理条例"),
              ("最高人民法院关于审理矿业权纠纷案件适用法律若干问题的解释", "矿业权纠纷解释")]
    cat = Cat(titles)
    entry_work = np.arange(len(titles), dtype=np.int32)
    numbers = {f"w{i}": i for i in range(len(titles))}
    words = ["土地", "土地管理法", "上海", "浙江省", "矿产资源", "最高人民法院", "实施条例", "条例", "管理",
             "矿业权纠纷案件适用法律", "不在标题里的词"]
    scanning = ranked.TitleIndex(cat, entry_work, numbers)
    tabled = ranked.TitleIndex(cat, entry_work, numbers)
    tabled._scans = ranked.TABLE_AFTER  # builds its tables at the first word
    for w in words:
        a, b = scanning.entries(w), tabled.entries(w)
        assert [x.tolist() for x in a] == [x.tolist() for x in b], w
    assert scanning._tables is None and tabled._tables is not None
    assert exact.SEP == "\x00"

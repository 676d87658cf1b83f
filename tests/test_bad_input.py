"""Bad input gets a clear error naming the file (and line), and leaves the store as it was."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from api.services.ingest_batch import ingest_paths
from ingest.pipeline import parse_path
from ingest.readers import MAX_BYTES
from registry.core.db import session_scope
from registry.core.errors import IngestError
from registry.norms import store

LOCAL_REG = "laws/地方性法规/上海/上海市不动产登记若干规定(2020-11-27).md"


def counts(engine) -> dict:
    with session_scope(engine) as s:
        return store.counts(s)


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    p = tmp_path / name
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return p


def real_text(shared_corpus: Path) -> str:
    return (shared_corpus / LOCAL_REG).read_text(encoding="utf-8")


def test_empty_file(tmp_path):
    p = write(tmp_path, "空.md", b"  \n\n")
    with pytest.raises(IngestError, match="empty file") as exc:
        parse_path(p)
    assert str(p) in str(exc.value)


def test_binary_file(tmp_path):
    p = write(tmp_path, "image.txt", bytes(range(256)) * 10)
    with pytest.raises(IngestError, match="binary|not valid"):
        parse_path(p)


def test_broken_docx(tmp_path):
    p = write(tmp_path, "broken.docx", b"PK\x03\x04 this is not really a zip")
    with pytest.raises(IngestError, match="broken .docx"):
        parse_path(p)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "no word document here")
    p2 = write(tmp_path, "zip-but-not-word.docx", buf.getvalue())
    with pytest.raises(IngestError, match="broken .docx"):
        parse_path(p2)


def test_truncated_text_names_the_line(tmp_path, shared_corpus):
    text = real_text(shared_corpus)
    start = text.index("\n第十条 ") + 1
    end = start + 40
    while not "\u4e00" <= text[end - 1] <= "\u9fff":  # cut mid-sentence, after a Han character
        end += 1
    cut = text[:end]
    p = write(tmp_path, "cut.md", cut)
    with pytest.raises(IngestError, match="truncated") as exc:
        parse_path(p)
    assert exc.value.line == cut.count("\n") + 1


def test_truncated_front_matter(tmp_path):
    p = write(tmp_path, "flk.md", "---\ntitle: \"中华人民共和国土地管理法\"\noffice: \"全国人民代表大会常务委员会\"\n")
    with pytest.raises(IngestError, match="front matter"):
        parse_path(p)


def test_no_recognisable_structure(tmp_path):
    p = write(tmp_path, "notes.txt", "购物清单\n苹果 三斤\n白菜 两棵\n")
    with pytest.raises(IngestError, match="no recognisable structure"):
        parse_path(p)


def test_duplicate_article_numbers_name_both_lines(tmp_path, shared_corpus):
    text = real_text(shared_corpus).replace("第四条 ", "第三条 ", 1)
    p = write(tmp_path, "dup.md", text)
    with pytest.raises(IngestError, match="duplicate article number 第三条") as exc:
        parse_path(p)
    starts = [i + 1 for i, line in enumerate(text.split("\n")) if line.startswith("第三条 ")]
    assert exc.value.line == starts[1]
    assert "first at line" in str(exc.value)


def test_file_over_20_mb(tmp_path):
    p = tmp_path / "huge.txt"
    with p.open("wb") as fh:
        fh.truncate(MAX_BYTES + 1)
    with pytest.raises(IngestError, match="20 MB"):
        parse_path(p)


def test_wrong_encoding_is_named(tmp_path):
    # Shift-JIS bytes are neither UTF-8 nor Chinese: GB18030 decodes them into mojibake
    text = "規則の題名\n第一条　この規則は、土地の管理について定めるものとする。\n第二条　市長は、必要な措置を講ずる。\n"
    p = write(tmp_path, "sjis.txt", text.encode("shift_jis"))
    with pytest.raises(IngestError) as exc:
        parse_path(p)
    assert "sjis.txt" in str(exc.value) and ("UTF-8" in str(exc.value) or "structure" in str(exc.value))


def test_batch_goes_on_and_store_is_untouched_by_failures(tmp_path, engine, shared_corpus):
    good = write(tmp_path, "good.md", real_text(shared_corpus))
    write(tmp_path, "empty.md", b"")
    write(tmp_path, "broken.docx", b"PK\x03\x04garbage")
    dup = real_text(shared_corpus).replace("# 上海市不动产登记若干规定", "# 上海市另一个规定").replace("第四条 ", "第三条 ", 1)
    write(tmp_path, "dup.md", dup)
    before = counts(engine)
    report = ingest_paths(engine, [tmp_path])
    assert len(report.ingested) == 1 and len(report.failed) == 3
    assert all(":" in f and str(tmp_path) in f for f in report.failed)
    after = counts(engine)
    # the good text, and the 上海市房地产登记条例 its 第四十二条 repeals, known only by its title (issue 14)
    assert after["works"] == before["works"] + 2 and after["versions"] == before["versions"] + 1
    assert after["sources"] == before["sources"] + 1
    with session_scope(engine) as s:
        assert store.get_work(s, "上海市不动产登记若干规定")
        with pytest.raises(Exception):
            store.get_work(s, "上海市另一个规定")
    # identical text again: a no-op
    again = ingest_paths(engine, [good])
    assert again.summary() == "0 ingested, 1 unchanged, 0 failed"
    assert counts(engine) == after


def test_database_failure_mid_document_rolls_back(engine, shared_corpus, monkeypatch):
    """A failure after the version row is written leaves no partial version behind."""
    from registry.norms import store as store_mod

    def boom(*_a, **_k):
        raise store_mod.LexregError("simulated failure while writing events")

    monkeypatch.setattr(store_mod, "add_events", boom)
    report = ingest_paths(engine, [shared_corpus / LOCAL_REG])
    assert report.failed and "simulated failure" in report.failed[0]
    assert counts(engine) == {"works": 0, "versions": 0, "provisions": 0, "events": 0, "sources": 0}

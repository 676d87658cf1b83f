"""Readers: files on disk -> decoded, normalised text (or a clear IngestError).

Reads .txt/.md (UTF-8, UTF-8 with BOM, GB18030/GBK) and .docx (python-docx:
paragraphs and tables in body order, list numbering kept as text). Output text
has LF line endings and no BOM; full-width spaces are kept (the parser needs
them to tell 题注 from body in some sources) and normalised later.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from registry.core.errors import IngestError

MAX_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
DOCX_SUFFIXES = {".docx"}
SUFFIXES = TEXT_SUFFIXES | DOCX_SUFFIXES


@dataclass
class RawText:
    path: str
    format: str
    encoding: str
    sha256: str
    size: int
    text: str


def iter_paths(paths: list[str | Path]) -> list[Path]:
    """Files to ingest, folders walked recursively in a stable order.

    A path given explicitly is kept even with an unknown suffix, so the user
    gets an error for it instead of silence; files found in folders are
    filtered by suffix.
    """
    found: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES
                                and not f.name.startswith(("~$", "."))))
        else:
            found.append(p)
    return found


def read_path(path: str | Path) -> RawText:
    p = Path(path)
    if not p.exists():
        raise IngestError(str(p), None, "no such file")
    if not p.is_file():
        raise IngestError(str(p), None, "not a file")
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise IngestError(str(p), None, f"file is {size / 1048576:.1f} MB, over the 20 MB limit")
    data = p.read_bytes()
    return read_bytes(data, str(p))


def read_bytes(data: bytes, path: str) -> RawText:
    suffix = Path(path).suffix.lower()
    if len(data) > MAX_BYTES:
        raise IngestError(path, None, f"file is {len(data) / 1048576:.1f} MB, over the 20 MB limit")
    if not data.strip():
        raise IngestError(path, None, "empty file")
    sha = hashlib.sha256(data).hexdigest()
    if suffix in DOCX_SUFFIXES:
        text = docx_text(data, path)
        fmt, encoding = "docx", "docx"
    elif suffix in TEXT_SUFFIXES or suffix == "":
        text, encoding = decode(data, path)
        fmt = "md" if suffix in {".md", ".markdown"} else "txt"
    else:
        raise IngestError(path, None, f"unsupported file type {suffix!r} (expected .txt, .md or .docx)")
    return RawText(path, fmt, encoding, sha, len(data), normalise_newlines(text))


def decode(data: bytes, path: str) -> tuple[str, str]:
    """UTF-8 (with or without BOM) first, then GB18030 (a superset of GBK/GB2312).

    Chinese legal texts come in exactly these encodings; guessing among dozens
    (chardet) mislabels short GBK files, so we try the two and reject binaries.
    """
    if data.startswith(b"PK\x03\x04"):
        raise IngestError(path, None, "this is a zip/.docx file with a text suffix; rename it to .docx")
    if b"\x00" in data[:4096]:
        utf16 = _try_utf16(data)
        if utf16 is not None:
            return utf16, "utf-16"
        raise IngestError(path, None, "binary file (NUL bytes), not a text document")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        try:
            return data.decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise IngestError(path, _line_of(data, exc.start), f"invalid UTF-8 after BOM at byte {exc.start}") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise IngestError(path, _line_of(data, utf8_error.start),
                              "not valid UTF-8 nor GB18030/GBK text") from None
        if not _looks_chinese(text):
            raise IngestError(path, _line_of(data, utf8_error.start),
                              "not valid UTF-8, and as GB18030 it is not Chinese text (binary file?)")
        return text, "gb18030"


def _try_utf16(data: bytes) -> str | None:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    return None


# The most frequent characters of Chinese legal prose: real text has a large share
# of them; bytes of another encoding decoded as GB18030 (mojibake) have almost none.
_COMMON_HAN = set("的一是在不了有和人中大为上个国以要时来用们生到作地于出就分对成会可主发年动同工也能下"
                  "过子产种面而方后多定行法所民得经十三之进着等部度家力里如水化高自二理起小物现实加量都"
                  "两体制机当使点从业本去把性应开合还因由其些然前外政四日社义事平形相全表间样与关各重新"
                  "内数正心反明看原又利比或但质第向此变条只没结解问意建月公无系者最立代已通并提直题程展"
                  "五果员位入常文总次品式活设及管特件长求基资边流路级少图统接知较将组见计别手期根论运农"
                  "指区强放决西被做必战先回则任取据处队南给色门即保治北造百规领七海口东导器压志世金增争"
                  "济阶权收证改清己美再采转更单风切打教带安场身车例真务具万每目至达走积示议声报完类八离"
                  "名确才科张信马节话整空元况今集温传土许步群广石记需段研界拉林律且究观越织装影算低持音"
                  "众书布复容须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往历市何除"
                  "消构府称太准值号率族维划选标写存候亲快效院查型按格养易置派层片始却专状育厂识适属包县"
                  "局照参红细引听该价严罚款依照规定国务院人民政府违反责令")


def _looks_chinese(text: str) -> bool:
    sample = text[:4000]
    han = [ch for ch in sample if "\u4e00" <= ch <= "\u9fff"]
    if len(han) < max(1, len(sample.strip()) // 5):
        return False
    return sum(1 for ch in han if ch in _COMMON_HAN) >= 0.2 * len(han)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def normalise_newlines(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return text.lstrip("\ufeff")


MAX_DOCX_UNCOMPRESSED = 200 * 1024 * 1024  # what a .docx may inflate to in all
MAX_DOCX_RATIO = 100  # compression ratio beyond which a member is a zip bomb, not a document


def check_docx_size(data: bytes, path: str) -> None:
    """Refuse a .docx whose members inflate beyond the limits, before anything inflates them
    (the sizes are read from the zip directory; a lying directory fails python-docx's own
    reads, which stop at the declared size)."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except zipfile.BadZipFile as exc:
        raise IngestError(path, None, f"broken .docx: {exc}") from None
    total = sum(i.file_size for i in infos)
    if total > MAX_DOCX_UNCOMPRESSED:
        raise IngestError(path, None, f".docx inflates to {total / 1048576:.0f} MB, over the "
                                      f"{MAX_DOCX_UNCOMPRESSED // 1048576} MB limit")
    for i in infos:
        if i.compress_size and i.file_size > 1024 * 1024 and i.file_size / i.compress_size > MAX_DOCX_RATIO:
            raise IngestError(path, None, f".docx member {i.filename} is compressed {i.file_size // i.compress_size}:1, "
                                          f"beyond the {MAX_DOCX_RATIO}:1 limit (a zip bomb, not a document)")


def docx_text(data: bytes, path: str) -> str:
    """Paragraphs and table rows in body order; numbering that Word generates is lost
    by python-docx, so list paragraphs whose numbering is automatic get none; legal
    texts almost always type 第X条 and （一） by hand, which survives."""
    from docx import Document  # heavy import, only when a .docx is read
    from docx.opc.exceptions import PackageNotFoundError

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise IngestError(path, None, "broken .docx: not a zip archive")
    check_docx_size(data, path)
    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise IngestError(path, None, f"broken .docx: {exc}") from None
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para = Paragraph(child, document)
            text = para.text
            if para.style is not None and para.style.name and para.style.name.startswith("Heading") and text:
                level = para.style.name.removeprefix("Heading").strip()
                if level.isdigit() and text.strip().startswith("第"):
                    text = text.strip()
            lines.append(text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells = []
                for cell in row.cells:
                    t = cell.text.strip()
                    if not cells or cells[-1] != t:  # merged cells repeat
                        cells.append(t)
                lines.append("\t".join(cells))
    text = "\n".join(lines)
    if not text.strip():
        raise IngestError(path, None, "the .docx has no text")
    return text

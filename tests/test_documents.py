"""The corpus loader on tmp corpora written by the tests, and on the real corpus/ (no model, no index)."""

import datetime as dt
import random
import re
import unicodedata
from pathlib import Path

import docx
import pytest

from assistant.documents import DocumentMeta, corpus_fingerprint, load_corpus, read_text
from assistant.errors import CorpusError

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def entry(doc_id: str, file: str | None = None, date: str = "2021-06-04", **extra: str) -> str:
    lines = [
        "[[document]]",
        f'id = "{doc_id}"',
        'kind = "Kế hoạch"',
        f'title = "Kế hoạch {doc_id}"',
        'issuer = "UBND tỉnh Quảng Ngãi"',
        f"date = {date}",
    ]
    if file:
        lines.append(f'file = "{file}"')
    lines += [f'{key} = "{value}"' for key, value in extra.items()]
    return "\n".join(lines) + "\n\n"


def write_manifest(corpus: Path, *entries: str) -> None:
    (corpus / "manifest.toml").write_text("".join(entries), encoding="utf-8")


def random_bytes(n: int) -> bytes:
    return random.Random(83).randbytes(n)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Four formats of the same kind of text, plus an entry known by its metadata only."""
    (tmp_path / "a.txt").write_bytes("I. MỤC ĐÍCH, YÊU CẦU\r\n\r\n1. Mục đích\r\n".encode("utf-8"))
    (tmp_path / "b.md").write_bytes(unicodedata.normalize("NFD", "# Kế hoạch\n\n**Sở Tài chính** bố trí kinh phí.")
                                    .encode("utf-8"))
    document = docx.Document()
    document.add_paragraph("II. NỘI DUNG THỰC HIỆN")
    document.add_paragraph("- Đơn vị chủ trì: Sở Khoa học và Công nghệ.")
    document.save(str(tmp_path / "c.docx"))
    (tmp_path / "d.html").write_text(
        "<html><head><title>Kế hoạch</title><style>p { color: red }</style>"
        "<script>var agency = 'Sở Nội vụ';</script></head>"
        "<body><h1>III. KINH PHÍ THỰC HIỆN</h1><p>Sở Tài chính tham mưu UBND tỉnh.</p></body></html>",
        encoding="utf-8",
    )
    write_manifest(
        tmp_path,
        entry("1/KH-UBND", "a.txt", signer="Trần Phước Hiền"),
        entry("2/KH-UBND", "b.md", date="2021-01-26"),
        entry("3/KH-UBND", "c.docx", date="2020-12-21"),
        entry("4/KH-UBND", "d.html"),
        entry("127/QĐ-TTg", date="2021-01-26"),
    )
    return tmp_path


def test_load_corpus_reads_every_format(corpus):
    documents = {doc.meta.id: doc for doc in load_corpus(corpus)}
    assert list(documents) == ["1/KH-UBND", "2/KH-UBND", "3/KH-UBND", "4/KH-UBND", "127/QĐ-TTg"]
    assert documents["1/KH-UBND"].text == "I. MỤC ĐÍCH, YÊU CẦU\n\n1. Mục đích\n"
    assert documents["2/KH-UBND"].text == "# Kế hoạch\n\nSở Tài chính bố trí kinh phí."
    assert documents["3/KH-UBND"].text == "II. NỘI DUNG THỰC HIỆN\n\n- Đơn vị chủ trì: Sở Khoa học và Công nghệ."
    html = documents["4/KH-UBND"].text
    assert "III. KINH PHÍ THỰC HIỆN" in html and "Sở Tài chính tham mưu UBND tỉnh." in html
    assert "Sở Nội vụ" not in html and "color" not in html  # script and style are gone
    assert documents["127/QĐ-TTg"].text is None
    assert [doc.loaded for doc in documents.values()] == [True, True, True, True, False]


def test_nfd_file_is_read_as_nfc(corpus):
    text = read_text(corpus / "b.md")
    assert unicodedata.is_normalized("NFC", text)
    assert "Sở Tài chính" in text


def test_metadata_from_the_manifest(corpus):
    meta = load_corpus(corpus)[0].meta
    assert meta == DocumentMeta(id="1/KH-UBND", kind="Kế hoạch", title="Kế hoạch 1/KH-UBND",
                                issuer="UBND tỉnh Quảng Ngãi", date=dt.date(2021, 6, 4), signer="Trần Phước Hiền",
                                file="a.txt")


@pytest.mark.parametrize(("date", "expected"), [
    (dt.date(2021, 6, 4), "04/6/2021"),
    (dt.date(2021, 1, 26), "26/01/2021"),
    (dt.date(2020, 12, 21), "21/12/2020"),
    (dt.date(2020, 2, 9), "09/02/2020"),
    (dt.date(2020, 3, 1), "01/3/2020"),
])
def test_date_vn(date, expected):
    meta = DocumentMeta(id="x", kind="Kế hoạch", title="x", issuer="UBND tỉnh", date=date)
    assert meta.date_vn == expected


# --- errors: one CorpusError naming the file -------------------------------------------------------------------

def test_missing_file(tmp_path):
    write_manifest(tmp_path, entry("1/KH-UBND", "khong-co.txt"))
    with pytest.raises(CorpusError, match=r"khong-co\.txt: file listed in manifest\.toml is missing"):
        load_corpus(tmp_path)


def test_non_utf8_file(tmp_path):
    (tmp_path / "cu.txt").write_bytes("Sở Y tế chủ trì".encode("utf-16"))  # Notepad's "Unicode"
    write_manifest(tmp_path, entry("1/KH-UBND", "cu.txt"))
    with pytest.raises(CorpusError, match=r"cu\.txt is not UTF-8 text"):
        load_corpus(tmp_path)


def test_duplicate_ids(tmp_path):
    write_manifest(tmp_path, entry("83/KH-UBND"), entry("74/KH-UBND"), entry("83/KH-UBND"))
    with pytest.raises(CorpusError, match=r"manifest\.toml: duplicate document id\(s\) 83/KH-UBND$"):
        load_corpus(tmp_path)


def test_missing_field(tmp_path):
    (tmp_path / "manifest.toml").write_text(
        entry("83/KH-UBND") + '[[document]]\nid = "74/KH-UBND"\nkind = "Kế hoạch"\ntitle = "T"\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"^manifest\.toml: document #2 lacks issuer, date$"):
        load_corpus(tmp_path)


@pytest.mark.parametrize("date", ['"04/6/2021"', '"2021-06-04"', "2021"])
def test_bad_date(tmp_path, date):
    write_manifest(tmp_path, entry("83/KH-UBND", date=date))
    with pytest.raises(CorpusError, match=r"^manifest\.toml: 83/KH-UBND: date .* must be YYYY-MM-DD$"):
        load_corpus(tmp_path)


def test_invalid_toml(tmp_path):
    (tmp_path / "manifest.toml").write_text('[[document]]\nid = "83/KH-UBND\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"manifest\.toml: invalid TOML"):
        load_corpus(tmp_path)


def test_missing_manifest(tmp_path):
    with pytest.raises(CorpusError, match=r"manifest\.toml is missing"):
        load_corpus(tmp_path)


def test_unsupported_extension(tmp_path):
    (tmp_path / "ke-hoach.rtf").write_text(r"{\rtf1 Ke hoach}", encoding="utf-8")
    write_manifest(tmp_path, entry("83/KH-UBND", "ke-hoach.rtf"))
    with pytest.raises(CorpusError, match=re.escape("ke-hoach.rtf: unsupported file type '.rtf'")):
        load_corpus(tmp_path)


@pytest.mark.parametrize("name", ["hong.docx", "hong.pdf"])
def test_corrupt_binary_file(tmp_path, name):
    (tmp_path / name).write_bytes(random_bytes(2048))
    write_manifest(tmp_path, entry("83/KH-UBND", name))
    with pytest.raises(CorpusError, match=rf"^{re.escape(name)}: cannot read it \("):
        load_corpus(tmp_path)


def test_file_without_text(tmp_path):
    (tmp_path / "trong.txt").write_text(" \n\n\t\n", encoding="utf-8")
    write_manifest(tmp_path, entry("83/KH-UBND", "trong.txt"))
    with pytest.raises(CorpusError, match=r"^trong\.txt: no text could be extracted"):
        load_corpus(tmp_path)


def test_errors_are_one_line(tmp_path):
    (tmp_path / "hong.pdf").write_bytes(random_bytes(2048))
    write_manifest(tmp_path, entry("83/KH-UBND", "hong.pdf"))
    with pytest.raises(CorpusError) as info:
        load_corpus(tmp_path)
    assert "\n" not in str(info.value)


# --- fingerprint ------------------------------------------------------------------------------------------------

def test_fingerprint_is_stable(corpus):
    assert corpus_fingerprint(corpus) == corpus_fingerprint(corpus)


@pytest.mark.parametrize(("name", "content"), [
    ("a.txt", "I. MỤC ĐÍCH, YÊU CẦU\n\n1. Mục đích (sửa đổi)\n"),
    ("b.md", "# Kế hoạch\n\nSở Tài chính bố trí kinh phí hằng năm."),
    ("manifest.toml", None),
])
def test_fingerprint_changes_when_a_file_changes(corpus, name, content):
    before = corpus_fingerprint(corpus)
    path = corpus / name
    if content is None:
        content = path.read_text(encoding="utf-8") + entry("151/KH-UBND", date="2020-12-21")
    path.write_text(content, encoding="utf-8")
    assert corpus_fingerprint(corpus) != before


def test_fingerprint_ignores_files_not_in_the_manifest(corpus):
    before = corpus_fingerprint(corpus)
    (corpus / "ghi-chu.txt").write_text("Ghi chú nội bộ", encoding="utf-8")
    assert corpus_fingerprint(corpus) == before


# --- the real corpus --------------------------------------------------------------------------------------------

def test_real_corpus():
    documents = load_corpus(CORPUS)
    assert [doc.meta.id for doc in documents] == ["83/KH-UBND", "127/QĐ-TTg", "74/KH-UBND", "151/KH-UBND", "50-NQ/TW"]
    assert [doc.meta.id for doc in documents if doc.loaded] == ["83/KH-UBND"]
    plan = documents[0]
    assert plan.meta.date_vn == "04/6/2021"
    assert plan.meta.issuer == "UBND tỉnh Quảng Ngãi"
    assert unicodedata.is_normalized("NFC", plan.text)
    assert "\r" not in plan.text and "**" not in plan.text
    assert "Quảng Ngãi, ngày 04 tháng 6 năm 2021" in plan.text
    assert [doc.meta.date_vn for doc in documents[1:]] == ["26/01/2021", "12/6/2020", "21/12/2020", "20/8/2019"]
    assert [doc.meta.number for doc in documents] == ["83", "127", "74", "151", "50"]

"""The 2025 reorganization data (corpus/agencies.toml): literal name → successor tables, and malformed files."""

from datetime import date
from pathlib import Path

import pytest

from assistant.agencies import AGENCIES, find_agencies
from assistant.errors import CorpusError
from assistant.successors import SUCCESSORS_FILE, Successor, Successors, load_successors

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
MERGERS, TWO_LEVEL = date(2025, 3, 1), date(2025, 7, 1)


@pytest.fixture(scope="module")
def successors() -> Successors:
    return load_successors(CORPUS)


@pytest.mark.parametrize(("name", "new", "effective"), [
    ("Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ", MERGERS),
    ("Sở TT&TT", "Sở Khoa học và Công nghệ", MERGERS),  # any way of writing the old name
    ("so thong tin va truyen thong", "Sở Khoa học và Công nghệ", MERGERS),
    ("Sở Kế hoạch và Đầu tư", "Sở Tài chính", MERGERS),
    ("Sở KH&ĐT", "Sở Tài chính", MERGERS),
    ("Sở Nông nghiệp và Phát triển nông thôn", "Sở Nông nghiệp và Môi trường", MERGERS),
    ("Sở NN&PTNT", "Sở Nông nghiệp và Môi trường", MERGERS),
    ("Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Môi trường", MERGERS),
    ("Sở Giao thông vận tải", "Sở Xây dựng", MERGERS),
    ("Sở GTVT", "Sở Xây dựng", MERGERS),
    ("Sở Lao động – Thương binh và Xã hội", "Sở Nội vụ", MERGERS),
    ("Sở LĐ-TB&XH", "Sở Nội vụ", MERGERS),
    ("UBND các huyện, thị xã, thành phố", "UBND các xã, phường, đặc khu", TWO_LEVEL),
    ("UBND cấp huyện", "UBND các xã, phường, đặc khu", TWO_LEVEL),
])
def test_successor_of(successors, name, new, effective):
    entry = successors.successor_of(name)
    assert (entry.new, entry.effective) == (new, effective)


@pytest.mark.parametrize("name", [
    "Sở Y tế", "Sở Khoa học và Công nghệ", "Sở Nông nghiệp và Môi trường", "Sở Tài chính", "Sở Xây dựng",
    "Công an tỉnh", "UBND tỉnh", "Các tổ chức, đơn vị liên quan", "UBND các xã, phường, đặc khu", "",
])
def test_agencies_that_were_not_replaced_have_no_successor(successors, name):
    assert successors.successor_of(name) is None
    assert successors.note_for(name) is None


@pytest.mark.parametrize(("name", "olds"), [
    ("Sở Nông nghiệp và Môi trường", ["Sở Nông nghiệp và Phát triển nông thôn", "Sở Tài nguyên và Môi trường"]),
    ("Sở Khoa học và Công nghệ", ["Sở Thông tin và Truyền thông"]),
    ("Sở KH&CN", ["Sở Thông tin và Truyền thông"]),
    ("Sở Tài chính", ["Sở Kế hoạch và Đầu tư"]),
    ("Sở Xây dựng", ["Sở Giao thông vận tải"]),
    ("Sở Nội vụ", ["Sở Lao động – Thương binh và Xã hội"]),
    ("UBND các xã, phường, đặc khu", ["UBND các huyện, thị xã, thành phố"]),
    ("ubnd cac xa, phuong, dac khu", ["UBND các huyện, thị xã, thành phố"]),
    ("Sở Y tế", []),
    ("Sở Thông tin và Truyền thông", []),
])
def test_predecessors_of(successors, name, olds):
    assert [entry.old for entry in successors.predecessors_of(name)] == olds


@pytest.mark.parametrize(("name", "note"), [
    ("Sở Thông tin và Truyền thông", "(nay là Sở Khoa học và Công nghệ)"),
    ("Sở Kế hoạch và Đầu tư", "(nay là Sở Tài chính)"),
    ("Sở Tài nguyên và Môi trường", "(nay là Sở Nông nghiệp và Môi trường)"),
    ("Sở Giao thông vận tải", "(nay là Sở Xây dựng)"),
    ("Sở Lao động – Thương binh và Xã hội", "(nay là Sở Nội vụ)"),
    ("UBND các huyện, thị xã, thành phố", "(nay là UBND các xã, phường, đặc khu)"),
])
def test_note_for(successors, name, note):
    assert successors.note_for(name) == note


@pytest.mark.parametrize(("old", "words"), [
    ("Sở Lao động – Thương binh và Xã hội",
     ["giáo dục nghề nghiệp", "Sở Giáo dục và Đào tạo", "trẻ em", "bảo trợ xã hội", "tệ nạn xã hội", "Sở Y tế",
      "giảm nghèo", "Sở Nông nghiệp và Môi trường"]),
    ("UBND các huyện, thị xã, thành phố", ["01/7/2025", "Kon Tum", "không còn cấp huyện", "xã, phường, đặc khu"]),
])
def test_notes_say_where_functions_went(successors, old, words):
    note = successors.successor_of(old).note
    assert [w for w in words if w not in note] == []


def test_every_old_name_is_a_canonical_plan_83_agency(successors):
    canonical = {agency.name for agency in AGENCIES}
    assert [e.old for e in successors.entries if e.old not in canonical] == []


def test_every_new_name_is_one_the_matcher_knows_or_a_listed_newcomer(successors):
    """New bodies not (yet) in AGENCIES are listed here, so adding one to AGENCIES is a visible step."""
    canonical = {agency.name for agency in AGENCIES}
    unknown = sorted({e.new for e in successors.entries} - canonical)
    assert unknown in ([], ["UBND các xã, phường, đặc khu"])
    for entry in successors.entries:
        if entry.new in canonical:
            assert [m.agency.name for m in find_agencies(entry.new)] == [entry.new]


def test_successors_built_from_entries():
    made = Successors([Successor("Sở Y tế", "Sở Y tế và Dân số", date(2030, 1, 1))])
    assert made.note_for("so y te") == "(nay là Sở Y tế và Dân số)"
    assert made.successor_of("Sở Y tế").note == ""


GOOD = 'old = "Sở Giao thông vận tải"\nnew = "Sở Xây dựng"\neffective = 2025-03-01\n'


@pytest.mark.parametrize(("toml", "message"), [
    ('new = "Sở Xây dựng"\neffective = 2025-03-01', "missing field `old`"),
    ('old = "Sở Giao thông vận tải"\neffective = 2025-03-01', "missing field `new`"),
    ('old = "Sở Giao thông vận tải"\nnew = "Sở Xây dựng"', "missing field `effective`"),
    ('old = ""\nnew = "Sở Xây dựng"\neffective = 2025-03-01', "`old` must be a non-empty string"),
    ('old = "Sở Giao thông vận tải"\nnew = 3\neffective = 2025-03-01', "`new` must be a non-empty string"),
    ('old = "Sở Giao thông vận tải"\nnew = "Sở Xây dựng"\neffective = "01/03/2025"',
     "`effective` must be a date written like 2025-03-01, got '01/03/2025'"),
    ('old = "Sở Giao thông vận tải"\nnew = "Sở Xây dựng"\neffective = 2025-03-01T08:00:00',
     "`effective` must be a date"),
    ('old = "Sở Giao thông vận tải"\nnew = "Sở Xây dựng"\neffective = 2025-13-01', "not valid TOML"),
    (GOOD + 'note = ["x"]', "`note` must be a string"),
    (GOOD + 'nte = "typo"', "unknown field(s) ['nte']"),
    (GOOD + "\n[[successor]]\n" + GOOD.replace('"Sở Giao thông vận tải"', '"Sở GTVT"'),
     "'Sở GTVT' is listed twice as `old` (first as 'Sở Giao thông vận tải')"),
])
def test_malformed_file_is_a_corpus_error(tmp_path, toml, message):
    (tmp_path / SUCCESSORS_FILE).write_text("[[successor]]\n" + toml + "\n", encoding="utf-8")
    with pytest.raises(CorpusError) as error:
        load_successors(tmp_path)
    assert message in str(error.value)
    assert str(tmp_path / SUCCESSORS_FILE) in str(error.value)


@pytest.mark.parametrize(("content", "message"), [
    (None, "file not found"),
    ('successor = "x"', "must be a list of [[successor]] tables"),
    ("successor = [1]", "expected a [[successor]] table, got 1"),
])
def test_unusable_file_is_a_corpus_error(tmp_path, content, message):
    if content is not None:
        (tmp_path / SUCCESSORS_FILE).write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_successors(tmp_path)


def test_empty_file_means_no_successors(tmp_path):
    (tmp_path / SUCCESSORS_FILE).write_text("# nothing yet\n", encoding="utf-8")
    assert load_successors(tmp_path).entries == []

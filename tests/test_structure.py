"""Section trees of Plan 83 and of fixture documents in other shapes (no model, no index)."""

import unicodedata
from pathlib import Path

import pytest

from assistant.documents import load_corpus
from assistant.structure import parse_sections

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
CORPUS = HERE.parent / "corpus"


def fixture_text(name: str) -> str:
    """The file's exact characters: no newline translation, no normalization."""
    return (FIXTURES / name).read_bytes().decode("utf-8")


def by_id(sections):
    return {section.id: section for section in sections}


# --- Plan 83 ---------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def plan_83():
    plan = next(doc for doc in load_corpus(CORPUS) if doc.meta.id == "83/KH-UBND")
    return parse_sections(plan.meta.id, plan.text)


def test_plan_83_section_ids_in_order(plan_83):
    assert [section.id for section in plan_83] == [
        "preamble",
        "I", "I.1", "I.2",
        "II", "II.1",
        "II.2", "II.2.a", "II.2.b",
        "II.3", "II.3.a", "II.3.b", "II.3.c", "II.3.d", "II.3.đ",
        "II.4", "II.4.a", "II.4.b", "II.4.c", "II.4.d",
        "II.5", "II.5.a", "II.5.b", "II.5.c", "II.5.d", "II.5.đ", "II.5.e", "II.5.g", "II.5.h", "II.5.i",
        "II.5.k", "II.5.l", "II.5.m", "II.5.n", "II.5.o",
        "II.6",
        "III",
        "IV", "IV.1", "IV.2", "IV.3", "IV.4",
        "closing",
    ]


@pytest.mark.parametrize(("section_id", "kind", "parent", "title"), [
    ("I", "roman", None, "MỤC ĐÍCH, YÊU CẦU"),
    ("I.2", "number", "I", "Yêu cầu"),
    ("II", "roman", None, "NỘI DUNG THỰC HIỆN"),
    ("II.5", "number", "II", "Thúc đẩy ứng dụng trí tuệ nhân tạo"),
    ("II.5.o", "letter", "II.5", "Đẩy mạnh ứng dụng Trí tuệ nhân tạo trong quản lý đô thị, quản lý xã hội và hành "
                                 "chính công bảo đảm tính thống nhất, đồng bộ với kế hoạch phát triển kinh tế - xã "
                                 "hội của địa phương."),
    ("III", "roman", None, "KINH PHÍ THỰC HIỆN"),
    ("IV.4", "number", "IV", "Định kỳ 3 năm, 5 năm đánh giá hiệu quả hoạt động theo các tiêu chí đề ra để điều "
                             "chỉnh phù hợp với tình hình, xu thế phát triển mới."),
])
def test_plan_83_headings(plan_83, section_id, kind, parent, title):
    section = by_id(plan_83)[section_id]
    assert (section.kind, section.parent, section.title) == (kind, parent, title)


def test_plan_83_fields_with_co_quan_labels(plan_83):
    section = by_id(plan_83)["II.3.đ"]
    assert section.fields == {
        "lead": "Sở Xây dựng",
        "coordinators": "Các sở, ngành liên quan",
        "timeframe": "giai đoạn 2021 – 2025",
    }
    assert section.field_lines["lead"] == "- Cơ quan chủ trì: Sở Xây dựng."
    assert section.body == []


def test_plan_83_fields_with_don_vi_labels(plan_83):
    section = by_id(plan_83)["II.6"]
    assert section.fields == {
        "lead": "Sở Khoa học và Công nghệ",
        "coordinators": "Các tổ chức, đơn vị liên quan",
        "timeframe": "2022-2030",
    }
    assert section.body == ["Xây dựng và thực hiện các chương trình học tập kinh nghiệm, hợp tác nghiên cứu khoa "
                            "học, chuyển giao công nghệ trong lĩnh vực trí tuệ nhân tạo, có các sản phẩm trí tuệ "
                            "nhân tạo ứng dụng rộng rãi trên thế giới."]


def test_plan_83_sections_without_fields(plan_83):
    sections = by_id(plan_83)
    for section_id in ("preamble", "I.1", "II", "II.5", "III", "IV.2", "closing"):
        assert sections[section_id].fields == {}, section_id


def test_plan_83_preamble_and_closing(plan_83):
    preamble, closing = plan_83[0], plan_83[-1]
    assert "Số: 83 /KH-UBND" in preamble.lines  # "**83**" lost its Markdown bold
    assert preamble.lines[-1].startswith("Thực hiện Quyết định số 127/QĐ-TTg")
    assert closing.heading == "Nơi nhận:"
    assert "- Công an tỉnh;" in closing.lines  # a recipient, not a heading or a field
    assert closing.lines[-1] == "Trần Phước Hiền"


def test_bare_headings_have_no_content(plan_83):
    sections = by_id(plan_83)
    assert not sections["II"].has_content
    assert not sections["II.5"].has_content
    assert sections["II.5.a"].has_content
    assert sections["IV.4"].has_content  # a long heading is itself a provision
    assert sections["IV.4"].quotable_lines[0] == sections["IV.4"].heading


def test_section_text_starts_with_its_heading(plan_83):
    section = by_id(plan_83)["II.5.g"]
    assert section.text.split("\n") == [
        "g) Triển khai các ứng dụng trí tuệ nhân tạo trong lĩnh vực thương mại điện tử.",
        "- Đơn vị chủ trì: Sở Công Thương.",
        "- Đơn vị phối hợp: Các doanh nghiệp và tổ chức, đơn vị liên quan.",
        "- Thời gian thực hiện: Năm 2022-2030.",
    ]


# --- A Quyết định: Điều / khoản / điểm ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def decision():
    return parse_sections("1520/QĐ-UBND", fixture_text("quyet-dinh-1520-qd-ubnd.txt"))


def test_decision_ids(decision):
    assert [(s.id, s.kind, s.parent) for s in decision] == [
        ("preamble", "preamble", None),
        ("Điều 1", "article", None),
        ("Điều 2", "article", None),
        ("Điều 2.1", "number", "Điều 2"),
        ("Điều 2.1.a", "letter", "Điều 2.1"),
        ("Điều 2.1.b", "letter", "Điều 2.1"),
        ("Điều 2.2", "number", "Điều 2"),
        ("Điều 2.2.a", "letter", "Điều 2.2"),
        ("Điều 2.2.b", "letter", "Điều 2.2"),
        ("Điều 2.3", "number", "Điều 2"),
        ("Điều 3", "article", None),
        ("closing", "closing", None),
    ]


def test_decision_titles_and_bodies(decision):
    sections = by_id(decision)
    assert sections["Điều 2"].title == "Tổ chức thực hiện"
    assert sections["Điều 2.2"].title == "Sở Tài chính:"
    assert sections["Điều 2.2.a"].title == "Tham mưu UBND tỉnh bố trí kinh phí vận hành Trung tâm theo quy định."
    assert sections["Điều 3"].title == "Quyết định này có hiệu lực thi hành kể từ ngày ký."
    assert sections["Điều 3"].lines[0].startswith("Chánh Văn phòng UBND tỉnh")
    # "Căn cứ …" and "QUYẾT ĐỊNH:" belong to the preamble
    assert "QUYẾT ĐỊNH:" in sections["preamble"].lines
    assert all(not section.fields for section in decision)  # "a) Chủ trì, hướng dẫn …" is a point, not a field
    assert sections["closing"].lines[0] == "- Như Điều 3;"  # not a new article


# --- A plan numbered 1. / 1.1., with bullets, short field labels and an appendix after the signature ------------

CLEAN_PLAN_IDS = [
    ("preamble", "preamble", None, "Phần mở đầu"),
    ("1", "number", None, "MỤC TIÊU"),
    ("1.1", "dotted", "1", "Mục tiêu chung"),
    ("1.2", "dotted", "1", "Mục tiêu cụ thể"),
    ("2", "number", None, "NHIỆM VỤ"),
    ("2.1", "dotted", "2", "Triển khai hồ sơ sức khỏe điện tử cho người dân"),
    ("2.2", "dotted", "2", "Xây dựng cơ sở dữ liệu y tế dự phòng"),
    ("2.3", "dotted", "2", "Đào tạo nhân lực chuyển đổi số ngành y tế"),
    ("2.3.a", "letter", "2.3", "Tập huấn kỹ năng số cho cán bộ y tế tuyến huyện, tuyến xã."),
    ("2.3.b", "letter", "2.3", "Tuyển sinh, đào tạo chuyên ngành công nghệ thông tin y tế tại Trường Cao đẳng Y tế "
                               "Đặng Thùy Trâm."),
    ("3", "number", None, "KINH PHÍ THỰC HIỆN"),
    ("4", "number", None, "TỔ CHỨC THỰC HIỆN"),
    ("closing", "closing", None, "Nơi nhận và chữ ký"),
    ("Phụ lục I", "appendix", None, ""),
    ("Phụ lục I.1", "number", "Phụ lục I", "Triển khai bệnh án điện tử tại Bệnh viện Đa khoa tỉnh."),
    ("Phụ lục I.2", "number", "Phụ lục I", "Kết nối liên thông dữ liệu khám, chữa bệnh với Cổng tiếp nhận dữ liệu "
                                           "của Bảo hiểm xã hội Việt Nam."),
]
CLEAN_PLAN_FIELDS = {
    "2.1": {"lead": "Sở Y tế", "coordinators": "Sở Thông tin và Truyền thông, Bảo hiểm xã hội tỉnh",
            "timeframe": "Quý IV/2022"},
    "2.2": {"lead": "Sở Y tế", "coordinators": "UBND các huyện, thị xã, thành phố", "timeframe": "Năm 2022"},
    "2.3.a": {"lead": "Sở Y tế", "coordinators": "Sở Nội vụ", "timeframe": "Thường xuyên"},
    "2.3.b": {"lead": "Sở Giáo dục và Đào tạo", "timeframe": "Năm 2022-2025"},
}


def shape(sections):
    return [(s.id, s.kind, s.parent, s.title) for s in sections], {s.id: s.fields for s in sections if s.fields}


@pytest.fixture(scope="module")
def plan_45():
    return parse_sections("45/KH-UBND", fixture_text("ke-hoach-45-kh-ubnd.txt"))


def test_numbered_plan_shape(plan_45):
    assert shape(plan_45) == (CLEAN_PLAN_IDS, CLEAN_PLAN_FIELDS)


def test_body_lines_that_begin_with_heading_words_are_not_headings(plan_45):
    sections = by_id(plan_45)
    assert sections["1.2"].body[0] == "Mục tiêu đến hết năm 2022:"
    assert sections["2.2"].body == ["Phần mềm quản lý tiêm chủng được kết nối với Hệ thống thông tin tiêm chủng "
                                    "quốc gia."]
    assert sections["3"].body[0].startswith("Chương trình mục tiêu Y tế - Dân số")


def test_bullets_stay_in_the_body(plan_45):
    assert by_id(plan_45)["1.2"].body[1:] == [
        "- 100% bệnh viện tuyến tỉnh triển khai bệnh án điện tử.",
        "- 80% trạm y tế xã sử dụng phần mềm quản lý trạm y tế.",
    ]


def test_appendix_after_the_signature(plan_45):
    sections = by_id(plan_45)
    assert sections["closing"].lines[-1] == "Trần Phước Hiền"
    assert sections["Phụ lục I"].lines[0] == "DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NGÀNH Y TẾ NĂM 2022"


def test_messy_fixture_is_really_messy():
    raw = fixture_text("ke-hoach-45-kh-ubnd-messy.md")
    assert "\r\n" in raw
    assert not unicodedata.is_normalized("NFC", raw)
    composed = unicodedata.normalize("NFC", raw)
    assert "**Chủ trì:**" in composed
    assert "\n## **1. MỤC TIÊU**" in composed
    assert "\u00a0" in raw and "  " in raw and "\t" in raw


def test_messy_markdown_gives_the_same_sections(plan_45):
    messy = parse_sections("45/KH-UBND", fixture_text("ke-hoach-45-kh-ubnd-messy.md"))
    assert shape(messy) == shape(plan_45)
    assert all(unicodedata.is_normalized("NFC", line) for section in messy for line in section.lines)


@pytest.mark.parametrize(("text", "expected"), [
    ("PHẦN I. TỔNG QUAN\nI. MỤC TIÊU\nNội dung.", ["preamble", "Phần I", "Phần I.I"]),
    ("Phần thứ nhất\nChương I\nĐiều 1. Phạm vi điều chỉnh", ["preamble", "Phần thứ nhất", "Phần thứ nhất.Chương I",
                                                              "Phần thứ nhất.Chương I.Điều 1"]),
    ("CHƯƠNG II. QUY ĐỊNH CHUNG\nMục 1. Phạm vi\nĐiều 5. Đối tượng áp dụng", ["preamble", "Chương II",
                                                                          "Chương II.Mục 1", "Chương II.Mục 1.Điều 5"]),
    ("I. MỤC ĐÍCH\nChương trình chuyển đổi số quốc gia.\nPhần mềm dùng chung.\nMục tiêu đến năm 2025.",
     ["preamble", "I"]),
    ("1. Nhiệm vụ\na) Việc một\nb) Việc hai\na) Việc ba", ["preamble", "1", "1.a", "1.b", "1.a#2"]),
])
def test_heading_levels(text, expected):
    assert [section.id for section in parse_sections("x", text)] == expected

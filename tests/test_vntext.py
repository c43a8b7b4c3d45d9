"""Vietnamese text handling: literal input → expected output tables (no model, no index)."""

import unicodedata

import pytest

from assistant.vntext import (
    clean_text,
    expand_abbreviations,
    fix_typos,
    fold,
    fold_keep_offsets,
    has_diacritics,
    normalize_tones,
    search_form,
    tokens,
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize(("text", "expected"), [
    ("hoà", "hòa"),
    ("thuỷ", "thủy"),
    ("Khoẻ", "Khỏe"),
    ("khoẻ mạnh", "khỏe mạnh"),
    ("hoá", "hóa"),
    ("toạ độ", "tọa độ"),
    ("Thuý", "Thúy"),
    ("luỹ kế", "lũy kế"),
    ("HOÀ", "HÒA"),
    ("THUỶ", "THỦY"),
    ("Hoà Bình", "Hòa Bình"),
    ("thuỷ sản, hoà nhập", "thủy sản, hòa nhập"),
    # after "q" the "u" is a consonant: the mark is already on the right vowel
    ("quý", "quý"),
    ("Quý II/2023", "Quý II/2023"),
    ("QUÝ", "QUÝ"),
    # the syllable goes on after "oa": not a final "oa", nothing to move
    ("hoàn thành", "hoàn thành"),
    ("hoàng", "hoàng"),
    # already the current placement
    ("hòa", "hòa"),
    ("thủy", "thủy"),
])
def test_normalize_tones(text, expected):
    assert normalize_tones(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Sở Y tế", "so y te"),
    ("SỞ Y TẾ", "so y te"),
    ("Đà Nẵng", "da nang"),
    ("đường", "duong"),
    ("Đài Phát thanh và Truyền hình", "dai phat thanh va truyen hinh"),
    ("Sở  Y\ttế ", "so y te"),
    (nfd("Sở Y tế"), "so y te"),
    ("so y te", "so y te"),
])
def test_fold(text, expected):
    assert fold(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Sở Y tế", "so y te"),
    ("Lao động – Thương binh", "lao dong - thuong binh"),
    ("Đài PT-TH", "dai pt-th"),
])
def test_fold_keep_offsets_keeps_one_character_per_character(text, expected):
    folded = fold_keep_offsets(text)
    assert folded == expected
    assert len(folded) == len(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("Sở TT&TT", "Sở Thông tin và Truyền thông"),
    ("so tt&tt", "so Thông tin và Truyền thông"),
    ("Sở TTTT", "Sở Thông tin và Truyền thông"),
    ("ứng dụng TTNT", "ứng dụng trí tuệ nhân tạo"),
    ("ttnt trong y tế", "trí tuệ nhân tạo trong y tế"),
    ("ứng dụng AI trong y tế", "ứng dụng trí tuệ nhân tạo trong y tế"),
    # "ai" is the Vietnamese "who": only the capital form is the abbreviation
    ("ai chủ trì nhiệm vụ này?", "ai chủ trì nhiệm vụ này?"),
    ("Ai chủ trì?", "Ai chủ trì?"),
    ("KHAI", "KHAI"),
    ("Sở KH&CN", "Sở Khoa học và Công nghệ"),
    ("sở kh&cn", "sở Khoa học và Công nghệ"),
    ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"),
    ("Sở KH&DT", "Sở Kế hoạch và Đầu tư"),
    ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("Sở TN&MT", "Sở Tài nguyên và Môi trường"),
    ("Sở LĐ-TB&XH", "Sở Lao động – Thương binh và Xã hội"),
    ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
    ("Sở GTVT", "Sở Giao thông vận tải"),
    ("Sở VHTT&DL", "Sở Văn hóa, Thể thao và Du lịch"),
    ("Ủy ban nhân dân tỉnh", "UBND tỉnh"),
    ("Uỷ ban nhân dân các huyện", "UBND các huyện"),
    ("uy ban nhan dan tinh", "UBND tinh"),
    # "ca" (shift, to sing) is a word: only the capital form is the police
    ("CA tỉnh", "Công an tỉnh"),
    ("ca tỉnh", "ca tỉnh"),
    ("Ca trực", "Ca trực"),
    ("BCHQS tỉnh", "Bộ Chỉ huy Quân sự tỉnh"),
    ("NHNN chi nhánh Quảng Ngãi", "Ngân hàng nhà nước chi nhánh Quảng Ngãi"),
    ("lĩnh vực TMĐT", "lĩnh vực thương mại điện tử"),
    ("phát triển CSDL", "phát triển cơ sở dữ liệu"),
    ("ứng dụng CNTT", "ứng dụng công nghệ thông tin"),
    ("Sở Y tế", "Sở Y tế"),
])
def test_expand_abbreviations(text, expected):
    assert expand_abbreviations(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("phần mềm quản lý tổng hợp đối bờ tỉnh Quảng Ngãi", "phần mềm quản lý tổng hợp đới bờ tỉnh Quảng Ngãi"),
    ("hệ thống kiểm soát phóng chống tội phạm", "hệ thống kiểm soát phòng chống tội phạm"),
    ("nhận chuyên giao công nghệ", "nhận chuyển giao công nghệ"),
    ("CHUYÊN GIAO CÔNG NGHỆ", "Chuyển giao CÔNG NGHỆ"),
    # the right words are left alone
    ("đới bờ", "đới bờ"),
    ("phòng chống thiên tai", "phòng chống thiên tai"),
    ("chuyên gia công nghệ", "chuyên gia công nghệ"),
    ("đối tác", "đối tác"),
])
def test_fix_typos(text, expected):
    assert fix_typos(text) == expected


def test_fix_typos_keeps_sentence_capital():
    assert fix_typos("Chuyên giao và ứng dụng công nghệ mới") == "Chuyển giao và ứng dụng công nghệ mới"


@pytest.mark.parametrize(("text", "expected"), [
    ("Dòng một\r\nDòng hai\rDòng ba", "Dòng một\nDòng hai\nDòng ba"),
    (nfd("Kế hoạch số 83"), "Kế hoạch số 83"),
    ("Số: **83** /KH-UBND", "Số: 83 /KH-UBND"),
    ("__Nơi nhận:__", "Nơi nhận:"),
    ("Sở\u00a0Y\u00a0tế", "Sở Y tế"),
    ("  - Đơn vị chủ trì:   Sở Y tế.  ", "- Đơn vị chủ trì: Sở Y tế."),
    ("Thời gian\tthực hiện:\t\tThường xuyên", "Thời gian thực hiện: Thường xuyên"),
    ("Đoạn một\n\nĐoạn hai", "Đoạn một\n\nĐoạn hai"),
])
def test_clean_text(text, expected):
    assert clean_text(text) == expected


def test_clean_text_output_is_nfc():
    cleaned = clean_text(nfd("Trí tuệ nhân tạo ở Quảng Ngãi"))
    assert unicodedata.is_normalized("NFC", cleaned)
    assert len(cleaned) == len("Trí tuệ nhân tạo ở Quảng Ngãi")


@pytest.mark.parametrize(("text", "expected"), [
    ("so y te", False),
    ("Department of Health", False),
    ("Sở Y tế", True),
    ("đi", True),
])
def test_has_diacritics(text, expected):
    assert has_diacritics(text) is expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Uỷ ban nhân dân tỉnh", "UBND tỉnh"),
    ("quản lý tổng hợp đối bờ", "quản lý tổng hợp đới bờ"),
    (nfd("Sở TT&TT ứng dụng AI"), "Sở Thông tin và Truyền thông ứng dụng trí tuệ nhân tạo"),
    ("hoà nhập", "hòa nhập"),
])
def test_search_form_chains_the_steps(text, expected):
    assert search_form(text) == expected


# underthesea keeps the last non-empty `fixed_words` pattern in module state; `tokens` resets it, and the
# last test checks that a call without fixed words does not remember earlier ones.
PLAN_SENTENCE = "Triển khai các ứng dụng trí tuệ nhân tạo trong lĩnh vực thương mại điện tử."


def test_tokens_of_accented_text_are_folded_syllables_and_compounds():
    found = tokens(PLAN_SENTENCE)
    assert {"trien", "khai", "ung", "dung", "tri", "tue", "nhan", "tao", "thuong", "mai", "dien", "tu"} <= set(found)
    assert {"thuong_mai_dien_tu", "tri_tue", "ung_dung"} <= set(found)
    assert all(token == fold(token) for token in found)


def test_query_without_diacritics_shares_syllables_with_accented_text():
    query = tokens("ung dung tri tue nhan tao thuong mai dien tu")
    text = tokens(PLAN_SENTENCE)
    assert {"ung", "dung", "tri", "tue", "nhan", "tao", "thuong", "mai", "dien", "tu"} <= set(query) & set(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("ứng dụng AI", ["ung", "dung", "ung_dung", "tri", "tue", "tri_tue", "nhan", "tao", "nhan_tao"]),
    ("TMĐT", ["thuong", "mai", "dien", "tu", "thuong_mai_dien_tu"]),
    ("quản lý đối bờ", ["quan", "ly", "quan_ly", "doi", "bo"]),
])
def test_tokens_spell_out_abbreviations_and_fix_typos(text, expected):
    assert tokens(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Sở KH&CN chủ trì", ["so", "khoa", "hoc", "va", "cong", "nghe", "so_khoa_hoc_va_cong_nghe", "chu", "tri",
                          "chu_tri"]),
    ("Sở Khoa học và Công nghệ chủ trì", ["so", "khoa", "hoc", "va", "cong", "nghe", "so_khoa_hoc_va_cong_nghe",
                                         "chu", "tri", "chu_tri"]),
])
def test_tokens_keep_fixed_words_whole(text, expected):
    assert tokens(text, fixed_words=["Sở Khoa học và Công nghệ"]) == expected


def test_tokens_without_fixed_words_do_not_remember_earlier_ones():
    tokens("Sở Xây dựng chủ trì nhiệm vụ hạ tầng đô thị", fixed_words=["Sở Xây dựng"])
    assert "so_xay_dung" not in tokens("Sở Xây dựng phối hợp xây dựng hệ thống thông tin")

"""Repairing what people type: keystrokes, diacritics, capitals, slips, invisible characters."""

import pytest

from assistant.answer import Answerer
from assistant.repair import clean_characters, is_syllable, repair


@pytest.mark.parametrize(("typed", "meant"), [
    ("sowr naof chur trif giaos ducj STEM", "sở nào chủ trì giáo dục STEM"),  # Telex, input method off
    ("so73 nao2 chu3 tri2", "sở nào chủ trì"),  # VNI
    ("so y te chu tri gi", "sở y tế chủ trì gì"),  # no diacritics, restored from the corpus
    ("ung dung ai trong thuong mai dien tu thi so nao chu tri", "ứng dụng AI trong thương mại điện tử thì sở nào chủ trì"),
    ("Sở Kế hoạch và Đầu tư chủ trì những nihệm vụ gì?", "Sở Kế hoạch và Đầu tư chủ trì những nhiệm vụ gì?"),
    ("Ai chủ trì ứng dụng AI trong lĩnh vực ngân hng?", "ai chủ trì ứng dụng AI trong lĩnh vực ngân hàng?"),
    ("hợp tác quốc tế về AI thời gan thực hiện", "hợp tác quốc tế về AI thời gian thực hiện"),
    ("AI CHỐNG TỘI PHẠM THÌ AI LO?", "AI chống tội phạm thì ai lo?"),  # capitals: "AI" the technology, "ai" who
    ("AI KÝ BAN HÀNH KẾ HOẠCH 83/KH-UBND?", "ai ký ban hành kế hoạch 83/KH-UBND?"),
    ("Chống lừa đảo bằng AI thì trong kế hoạch ai lo?", "Chống lừa đảo bằng AI thì trong kế hoạch ai lo?"),
    ("AI trong quản lý thu chi ngân sách", "AI trong quản lý thu chi ngân sách"),  # accented text: "chi" stays
    ("Sở LĐ-TB&XH chủ trì vic gì?", "Sở LĐ-TB&XH chủ trì việc gì?"),  # "vic" is no Vietnamese syllable
    ("AI cho giao thông ban đầu giao cho sở nào?", "AI cho giao thông ban đầu giao cho sở nào?"),  # a word, if not the plan's
    ("ke hoach 151 la ve cai gi", "kế hoạch 151 là về cái gì"),
    ("Kế hoạch số 83 do ai kí?", "Kế hoạch số 83 do ai ký?"),  # the older spelling of the same word
    ("Sở TN&MT đc giao nv gì, tg bn?", "Sở TN&MT được giao nhiệm vụ gì, thời gian bao nhiêu?"),  # chat shorthand
    ("BQL KKT Dung Quất lo gì ko", "BQL KKT Dung Quất lo gì không"),  # abbreviations are no unaccented run
    ("Các viện có vai trò gì?", "Các viện có vai trò gì?"),  # "vai" is one, though the corpus lacks it
    ("Chào bạn, muốn hỏi là du lieu mo nong nghiep lam khi nao",  # an unaccented question inside accented chat
     "Chào bạn, muốn hỏi là dữ liệu mở nông nghiệp làm khi nào"),
    ("thoi han muc ii.5.k", "thời hạn mục II.5.k"),  # a section's number is a path: "k" there is no "không"
    ("AI Y TẾ LÀ MỤC II.3.D HAY II.5.K", "AI y tế là mục II.3.d hay II.5.k"),
    ("Ai làm phần mền quản lý môi trường?", "ai làm phần mềm quản lý môi trường?"),  # one consonant off, marks kept
    ("Tập huấn AI cho công chức thì ai chịu trách nhiệm?", "Tập huấn AI cho công chức thì ai chịu trách nhiệm?"),
    ("Đã làm được gì rồi? Nói dễ hiểu thôi hen", "Đã làm được gì rồi? Nói dễ hiểu thôi hen"),  # real words, as typed
])
def test_repair_gives_the_words_meant(answerer: Answerer, typed: str, meant: str) -> None:
    assert repair(typed, answerer.index.lexicon) == meant


def test_english_is_left_alone(answerer: Answerer) -> None:
    question = "Who leads AI in e-commerce and does it end by 2030?"
    assert repair(question, answerer.index.lexicon, english=True) == question


@pytest.mark.parametrize(("typed", "clean"), [
    ("Ｓở Ｙ tế", "Sở Y tế"),  # fullwidth
    ("Sở\u200b Y\u00ad tế\ufeff", "Sở Y tế"),  # zero-width space, soft hyphen, BOM
    ("So\u031b\u0309 Y te\u0302\u0301", "Sở Y tế"),  # NFD
])
def test_clean_characters(typed: str, clean: str) -> None:
    assert clean_characters(typed) == clean


@pytest.mark.parametrize(("word", "expected"), [
    ("nguoi", True), ("khuyen", True), ("truong", True), ("nghiep", True), ("quyet", True),
    ("sowr", False), ("hng", False), ("online", False), ("taoj", False),
])
def test_syllable_shape(word: str, expected: bool) -> None:
    assert is_syllable(word) is expected


def test_a_word_typed_with_its_marks_is_not_corrected(answerer: Answerer) -> None:
    # "cấp huyện" is no pair of the corpus, "các huyện" is: but the person typed the marks of "cấp"
    assert answerer.understand("giao cho cấp huyện những việc gì").text == "giao cho cấp huyện những việc gì"
    assert answerer.understand("thời gan thực hiện thương mại điện tử").text.startswith("thời gian thực hiện")
    # a marked word that is no syllable is a slip even where no neighbour vouches for the fix
    assert "trong những lĩnh vực" in answerer.understand("Kế hoạch chú trọng AI trong nhnữg lĩnh vực nào?").text
    assert "sđt" in answerer.understand("sđt của Sở Y tế là gì").text  # no vowel: shorthand, not a slip


def test_a_run_of_real_words_that_need_no_marks_stays_as_typed(answerer: Answerer) -> None:
    # "quang xong cho" are words as typed ("Quảng" would be the place); "so y te chu tri gi" lost its marks
    assert answerer.understand("Chụp X-quang xong cho máy tính đọc phim").text == "Chụp X-quang xong cho máy tính đọc phim"
    assert answerer.understand("Chào bạn, cho hỏi so y te chu tri gi").text == "Chào bạn, cho hỏi sở y tế chủ trì gì"

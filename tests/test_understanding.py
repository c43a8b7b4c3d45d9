"""understand(): one Query per question, read by every later stage."""

import pytest

from assistant.answer import Answerer


@pytest.mark.parametrize(("question", "clause"), [
    ("Dạ em chào anh chị ạ. Em là cán bộ phòng văn hóa huyện Sơn Tịnh. Sở nào chủ trì thương mại điện tử? "
     "Em cảm ơn nhiều ạ!", "Sở nào chủ trì thương mại điện tử?"),
    ("Xin chào, cho mình hỏi chút: ai chủ trì y tế? Thanks!", "ai chủ trì y tế?"),
    ("Chào bạn, tôi công tác ở xã Tịnh Phong, muốn hỏi là ai chủ trì y tế vậy ạ?", "ai chủ trì y tế?"),
    ("Sở nào chủ trì ứng dụng AI trong thương mại điện tử, thời hạn khi nào?",
     "Sở nào chủ trì ứng dụng AI trong thương mại điện tử, thời hạn khi nào?"),
])
def test_the_question_clause_is_set_apart_from_the_chat(answerer: Answerer, question: str, clause: str) -> None:
    assert answerer.understand(question).clause == clause


def test_a_query_reads_what_is_asked(answerer: Answerer) -> None:
    query = answerer.understand("Có phải Sở Công Thương chủ trì việc thu hút dự án đầu tư về AI giai đoạn 2022-2030 không?")
    assert query.premise is not None and [a.name for a in query.premise.agencies] == ["Sở Công Thương"]
    assert query.premise.years == (2022, 2030)
    assert query.intent.fields[0] == "lead" and query.lang == "vi"

    counting = answerer.understand("Sở TT&TT đứng chủ trì bao nhiêu đầu việc?")
    assert counting.counting and counting.premise is None
    assert [a.name for a in counting.agencies] == ["Sở Thông tin và Truyền thông"]

    assert answerer.understand("Kế hoạch AI của tỉnh Kon Tum do ai chủ trì?").other_provinces == ("Kon Tum",)
    assert answerer.understand("bao lâu thì đánh gia lại hiệu qua một lần").other_provinces == ()
    assert answerer.understand("Số điện thoại của Sở Y tế là gì?").missing == "contact"
    assert answerer.understand("Who leads AI in e-commerce?").lang == "en"
    assert answerer.understand("day manh AI trong quan ly do thi: ai chu tri, thoi gian the nao?").lang == "vi"


def test_everyday_words_bring_the_plans_terms(answerer: Answerer) -> None:
    query = answerer.understand("bán hàng online có xài AI thì sở nào lo?")
    assert "thương mại điện tử" in query.plan_terms
    assert "thương mại điện tử" in query.search_text
    assert answerer.understand("khoa học dữ liệu").plan_terms == ()  # "khóa học" is not "khoa học"


def test_the_body_named_in_the_introduction_is_the_one_asked_about(answerer: Answerer) -> None:
    query = answerer.understand("Em mới về công tác ở Sở Tài nguyên và Môi trường. Sở mình được giao chủ trì "
                                "những việc gì ạ?")
    assert [a.name for a in query.agencies] == ["Sở Tài nguyên và Môi trường"]
    assert query.intent.agency_tasks

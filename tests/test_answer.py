"""Answers on the real corpus with the real model: right record, exact quotes, abstention, bad input."""

import pytest

from assistant.answer import Answerer
from assistant.chat import Conversation
from assistant.errors import InvalidQuestion
from assistant.settings import PROJECT_ROOT


def test_headline_question_gives_lead_timeframe_and_section(answerer: Answerer) -> None:
    answer = answerer.answer("Sở nào chủ trì ứng dụng AI trong thương mại điện tử, thời hạn khi nào?")
    assert answer.found and answer.intent == "lead"
    assert "Sở Công Thương" in answer.answer and "Năm 2022-2030" in answer.answer
    assert {c.section for c in answer.citations} == {"II.5.g"}
    assert [t.section for t in answer.tasks] == ["II.5.g"]
    assert answer.tasks[0].timeframe.start == 2022 and answer.tasks[0].timeframe.end == 2030


def test_every_quote_is_verbatim_from_the_plan(answerer: Answerer) -> None:
    text = (PROJECT_ROOT / "corpus" / "plan-83-kh-ubnd-2021.txt").read_text(encoding="utf-8").replace("**", "")
    for question in ("so y te chu tri gi", "Ai phối hợp xây dựng phần mềm quản lý môi trường?",
                     "Kinh phí thực hiện kế hoạch lấy từ đâu?", "Ai ký kế hoạch 83?"):
        for citation in answerer.answer(question).citations:
            for line in citation.quote.split("\n"):
                assert line in text, (question, line)


@pytest.mark.parametrize(
    ("question", "section", "expected"),
    [
        ("so y te chu tri ung dung tri tue nhan tao ho so suc khoe dien tu", "II.5.k", "Sở Y tế"),
        ("Sở TT&TT chủ trì triển khai Kế hoạch 151 phải không, khi nào?", "II.5.b", "Thường xuyên"),
        ("ai chủ trì phát triển CSDL quản lý tổng hợp đới bờ?", "II.3.c", "Sở Tài nguyên và Môi trường"),
        ("ai chủ trì phát triển CSDL quản lý tổng hợp đối bờ?", "II.3.c", "Sở Tài nguyên và Môi trường"),
        ("Who leads AI in e-commerce and by when?", "II.5.g", "Sở Công Thương"),
        ("Nhiệm vụ II.3.đ kết thúc năm nào?", "II.3.đ", "giai đoạn 2021 – 2025"),
    ],
)
def test_variants_of_writing_find_the_task(answerer: Answerer, question: str, section: str, expected: str) -> None:
    answer = answerer.answer(question)
    assert answer.found
    assert section in {c.section for c in answer.citations}
    assert expected in answer.answer


def test_a_broad_topic_gets_every_task_that_fits_it(answerer: Answerer) -> None:
    answer = answerer.answer("Ai chủ trì ứng dụng AI trong y tế?")
    assert [t.section for t in answer.tasks] == ["II.3.d", "II.5.k"]
    assert answer.answer.count("- Đơn vị chủ trì: Sở Y tế.") == 2


def test_agency_tasks_lists_leads_and_coordination_separately(answerer: Answerer) -> None:
    answer = answerer.answer("Sở Khoa học và Công nghệ chủ trì những nhiệm vụ nào?")
    assert answer.intent == "agency_tasks"
    lead_part, coordination_part = answer.answer.split("Tham gia phối hợp ở:")
    for section in ("II.2.a", "II.3.a", "II.4.a", "II.5.a", "II.5.e", "II.6"):
        assert f"- {section}:" in lead_part
    assert "- II.4.d:" in coordination_part  # coordinates, does not lead


@pytest.mark.parametrize(
    "question",
    ["Sở Tư pháp chủ trì nhiệm vụ nào?", "Mức lương cơ sở năm 2024 là bao nhiêu?",
     "Ai chủ trì ứng dụng blockchain?", "ai chủ trì nhiệm vụ II.7?", "Thời tiết Quảng Ngãi ngày mai thế nào?",
     "Who leads AI in the courts?"],
)
def test_abstains_without_inventing(answerer: Answerer, question: str) -> None:
    answer = answerer.answer(question)
    assert not answer.found and answer.intent == "not_found" and not answer.tasks
    assert "không đề cập" in answer.answer or "does not mention" in answer.answer or "không có mục" in answer.answer


def test_metadata_of_a_document_without_text_points_to_where_it_is_cited(answerer: Answerer) -> None:
    answer = answerer.answer("Kế hoạch 74/KH-UBND ban hành ngày nào?")
    assert answer.intent == "metadata" and "12/6/2020" in answer.answer
    assert "chưa được nạp" in answer.answer
    assert [c.section for c in answer.citations] == ["II.4.b"]


def test_follow_up_reuses_the_previous_task(answerer: Answerer) -> None:
    conversation = Conversation(answerer)
    conversation.ask("Ai chủ trì ứng dụng AI trong lĩnh vực quân sự, quốc phòng?")
    follow_up = conversation.ask("còn thời gian thực hiện?")
    assert follow_up.intent == "timeframe" and "Năm 2025-2030" in follow_up.answer
    assert [c.section for c in follow_up.citations][-1] == "II.5.c"


def test_follow_up_without_context_asks_for_the_task(answerer: Answerer) -> None:
    answer = answerer.answer("còn thời gian thực hiện?")
    assert not answer.found and "nhiệm vụ nào" in answer.answer


@pytest.mark.parametrize("question", ["", "   \n ", "x" * 2001, "Sở Y tế\x00 chủ trì gì"])
def test_bad_questions_get_one_line_errors(answerer: Answerer, question: str) -> None:
    with pytest.raises(InvalidQuestion) as error:
        answerer.answer(question)
    assert "\n" not in str(error.value) and str(error.value)


def test_answer_json_has_the_contract_keys(answerer: Answerer) -> None:
    data = answerer.answer("Ai chủ trì II.4.d?").model_dump()
    assert set(data) == {"question", "answer", "found", "intent", "citations", "tasks"}
    assert set(data["citations"][0]) == {"doc_id", "section", "title", "quote", "url"}
    assert set(data["tasks"][0]) == {"doc_id", "section", "summary", "lead", "coordinators", "timeframe"}
    assert data["tasks"][0]["lead"] == ["Sở Kế hoạch và Đầu tư",
                                        "Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi"]
    assert set(data["tasks"][0]["timeframe"]) == {"text", "start", "end", "recurring"}

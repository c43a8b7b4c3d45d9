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
    answer = answerer.answer("Ai chủ trì ứng dụng AI trong y tế?")  # the AI task first, then the health database
    assert [t.section for t in answer.tasks] == ["II.5.k", "II.3.d"]
    assert answer.answer.count("Sở Y tế chủ trì;") == 2


def test_agency_tasks_lists_leads_and_coordination_separately(answerer: Answerer) -> None:
    answer = answerer.answer("Sở Khoa học và Công nghệ chủ trì những nhiệm vụ nào?")
    assert answer.intent == "agency_tasks"
    lead_part, coordination_part = answer.answer.split("Phối hợp ở")
    for section in ("II.2.a", "II.3.a", "II.4.a", "II.5.a", "II.5.e", "II.6"):
        assert f"- {section}:" in lead_part or f"- {section} (" in lead_part  # a whole group by its title too
    assert "- II.4.d:" in coordination_part  # coordinates, does not lead


@pytest.mark.parametrize(
    "question",
    ["Sở Tư pháp chủ trì nhiệm vụ nào?", "Mức lương cơ sở năm 2024 là bao nhiêu?",
     "Ai chủ trì ứng dụng blockchain?", "ai chủ trì nhiệm vụ II.7?", "Thời tiết Quảng Ngãi ngày mai thế nào?",
     "Who leads AI in the courts?"],
)
def test_abstains_without_inventing(answerer: Answerer, question: str) -> None:
    answer = answerer.answer(question)
    assert not answer.found and answer.intent == "not_found"
    nearest = ("không có nhiệm vụ riêng", "has no task specifically")
    said = ("không đề cập", "does not mention", "không có mục", "không nêu", *nearest)
    assert any(s in answer.answer for s in said)
    if answer.tasks:  # related only: the nearest task is named as such, never as the answer
        assert any(s in answer.answer for s in nearest) and len(answer.tasks) == 1


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


@pytest.mark.parametrize(("question", "first_line"), [
    ("Sở nào chủ trì ứng dụng AI trong thương mại điện tử, thời hạn khi nào?",
     "Sở Công Thương chủ trì; thời gian thực hiện: Năm 2022-2030 (Kế hoạch 83/KH-UBND, mục II.5.g)."),
    ("Ứng dụng AI trong y tế và chăm sóc sức khỏe người dân thực hiện khi nào?",
     "Thời gian thực hiện: Năm 2022-2030 (Kế hoạch 83/KH-UBND, mục II.5.k); Sở Y tế chủ trì."),
    ("Who leads AI in agriculture open data?",
     "Sở Nông nghiệp và Phát triển nông thôn leads; timeframe: Ongoing (Thường xuyên) (Plan 83/KH-UBND, section II.3.b)."),
])
def test_the_answer_is_in_the_first_line(answerer: Answerer, question: str, first_line: str) -> None:
    answer = answerer.answer(question)
    assert answer.answer.splitlines()[0] == first_line
    assert answer.answer.count(answer.tasks[0].summary) == 1  # the task's sentence once


@pytest.mark.parametrize(("question", "opening", "correction"), [
    ("Có phải Sở Công Thương chủ trì việc thu hút dự án đầu tư về AI không?", "Không đúng:", "Sở Kế hoạch và Đầu tư"),
    ("Sở Công Thương chủ trì ứng dụng AI trong thương mại điện tử đúng không?", "Đúng.", None),
    ("Giáo dục STEM được làm từ năm 2021 phải không?", "Không đúng:", "Năm 2025-2030"),
    ("Is it true that Sở Y tế leads AI in e-commerce?", "No:", "Sở Công Thương"),
    # each body against the role the claim gives it
    ("Sở Công Thương chủ trì, Sở TT&TT phối hợp thương mại điện tử phải không?", "Không đúng:",
     "không phải Sở Thông tin và Truyền thông"),
    ("Ngân hàng nhà nước chi nhánh Quảng Ngãi chỉ là đơn vị phối hợp trong ứng dụng AI ngành ngân hàng, phải không?",
     "Không đúng:", "Ngân hàng nhà nước Việt Nam - Chi nhánh Quảng Ngãi chủ trì"),
    ("Sở Công Thương phối hợp thu hút dự án đầu tư về AI đúng không?", "Đúng.", None),
])
def test_a_claim_is_confirmed_or_corrected_first(answerer: Answerer, question: str, opening: str,
                                                  correction: str | None) -> None:
    answer = answerer.answer(question)
    assert answer.found and answer.answer.startswith(opening)
    if correction:
        assert correction in answer.answer.splitlines()[0]


def test_counting_gives_the_number(answerer: Answerer) -> None:
    answer = answerer.answer("Sở TT&TT chủ trì mấy nhiệm vụ?")
    assert answer.intent == "agency_tasks"
    assert answer.answer.splitlines()[0].startswith("Sở Thông tin và Truyền thông chủ trì 3 nhiệm vụ")
    assert [t.section for t in answer.tasks[:3]] == ["II.1", "II.4.b", "II.5.b"]


@pytest.mark.parametrize(("question", "says"), [
    ("Kế hoạch AI của tỉnh Kon Tum do sở nào chủ trì?", "Kho văn bản chưa có kế hoạch của Kon Tum"),
    ("Quyết định 127 đặt mục tiêu gì đến năm 2030?", "chưa có toàn văn Quyết định 127/QĐ-TTg"),
    ("Số điện thoại của Sở Y tế để hỏi về AI là bao nhiêu?", "không nêu số điện thoại"),
    ("Tổng kinh phí thực hiện kế hoạch là bao nhiêu tỷ đồng?", "không nêu số tiền"),
])
def test_outside_the_corpus_says_what_is_missing(answerer: Answerer, question: str, says: str) -> None:
    answer = answerer.answer(question)
    assert not answer.found and says in answer.answer


@pytest.mark.parametrize("question", ["?", "a", "...", "\U0001f916", "\u200b", "ạ"])
def test_no_words_no_answer(answerer: Answerer, question: str) -> None:
    try:
        answer = answerer.answer(question)
    except InvalidQuestion:
        return
    assert not answer.found and not answer.citations


def test_invisible_and_fullwidth_characters_do_not_break_a_question(answerer: Answerer) -> None:
    for question in ("Ｓở Ｙ tế chủ trì những nhiệm vụ gì?", "Sở Y\u200b tế chủ trì những nhiệm\u00ad vụ gì?"):
        answer = answerer.answer(question)
        assert answer.found and answer.intent == "agency_tasks" and "Sở Y tế" in answer.answer


def test_a_task_found_as_content_still_says_who_leads_it(answerer: Answerer) -> None:
    answer = answerer.answer("Nhiệm vụ về hệ thống thông tin quản lý hạ tầng đô thị nói gì?")
    assert answer.found and [t.section for t in answer.tasks] == ["II.3.đ"]
    assert "Sở Xây dựng chủ trì" in answer.answer


def test_the_closing_paragraph_is_cited_where_it_stands(answerer: Answerer) -> None:
    answer = answerer.answer("Trong quá trình thực hiện có vướng mắc thì báo cáo ai?")
    assert answer.found and answer.citations[0].section == "IV"
    assert "vướng mắc" in answer.citations[0].quote


def test_lead_and_coordinators_questions_name_both(answerer: Answerer) -> None:
    answer = answerer.answer("Việc xây dựng cơ chế thu hút FDI vào trí tuệ nhân tạo thì ai chủ trì, phối hợp với ai?")
    lines = answer.answer.splitlines()
    assert lines[0].startswith("Sở Kế hoạch và Đầu tư chủ trì") and "(Kế hoạch 83/KH-UBND, mục II.2.b)" in lines[0]
    assert lines[1].startswith("Đơn vị phối hợp: Ban Quản lý Khu kinh tế Dung Quất")


def test_a_claim_naming_a_listed_body_in_its_own_words_is_confirmed(answerer: Answerer) -> None:
    answer = answerer.answer("Phần mềm quản lý tổng hợp đối bờ thì các xã ven biển cũng là đơn vị phối hợp đúng không?")
    assert answer.found and answer.answer.startswith("Đúng.") and "các xã ven biển" in answer.answer
    # a body the task does not list is no evidence either way: no verdict is invented
    unknown = answerer.answer("Phần mềm quản lý tổng hợp đối bờ thì các hợp tác xã cũng phối hợp đúng không?")
    assert not unknown.answer.startswith(("Đúng.", "Không đúng"))


def test_a_claimed_period_is_checked_against_the_provision(answerer: Answerer) -> None:
    wrong = answerer.answer("Nghe nói cứ 2 năm là đánh giá hiệu quả kế hoạch một lần, có đúng vậy không?")
    assert wrong.answer.startswith("Không đúng: kế hoạch nêu 3 năm, 5 năm.")
    assert {c.section for c in wrong.citations} == {"IV.4"}
    assert answerer.answer("Định kỳ 3 năm đánh giá hiệu quả kế hoạch phải không?").answer.startswith("Đúng.")
    assert answerer.answer("Is the plan evaluated every 2 years?").answer.startswith("No: the plan says “3 năm, 5 năm”.")


def test_counting_the_tasks_of_a_part_named_by_its_heading(answerer: Answerer) -> None:
    answer = answerer.answer("Phần thúc đẩy ứng dụng trí tuệ nhân tạo trong kế hoạch có tổng cộng bao nhiêu nhiệm vụ?")
    assert answer.found and answer.answer.startswith("Mục II.5 (Thúc đẩy ứng dụng trí tuệ nhân tạo)")
    assert "có 14 nhiệm vụ" in answer.answer.splitlines()[0] and len(answer.tasks) == 14
    assert [c.section for c in answer.citations] == ["II.5"]
    assert "- II.5.g: Triển khai các ứng dụng trí tuệ nhân tạo trong lĩnh vực thương mại điện tử. (chủ trì: Sở Công " \
           "Thương" in answer.answer
    partial = answerer.answer("muc xay dung ha tang du lieu co may nhiem vu")  # the heading's first words
    assert partial.answer.startswith("Mục II.3 (") and len(partial.tasks) == 5


def test_a_provision_said_in_two_places_is_cited_from_both(answerer: Answerer) -> None:
    answer = answerer.answer("Cơ quan nào tham mưu UBND tỉnh cân đối, bố trí kinh phí hằng năm?")
    assert answer.found and {c.section for c in answer.citations} == {"III", "IV.2"}
    assert "Sở Tài chính" in answer.answer


def test_an_agencys_duties_include_a_lead_line_that_names_its_class(answerer: Answerer) -> None:
    answer = answerer.answer("UBND cấp huyện được giao những việc gì trong kế hoạch?")
    assert answer.intent == "agency_tasks"
    assert {"II.5.o", "II.1", "IV.1"} <= {c.section for c in answer.citations}


@pytest.mark.parametrize(("question", "says"), [
    ("căn cứ pháp lý của kế hoạch?", "Quyết định số 127/QĐ-TTg"),
    ("KẾ HOẠCH NÀY GỬI CHO NHỮNG CƠ QUAN NÀO?", "Nơi nhận:"),
    ("When was Plan 83 signed and by whom?", "(ngày 04 tháng 6 năm 2021)"),
    ("quyet dinh 127 ngay nao", "ngày 26 tháng 1 năm 2021"),  # a day of a document is its date
    ("Kế hoạch này nói về gì?", "Kế hoạch thực hiện Chiến lược quốc gia"),
])
def test_document_questions_in_other_words(answerer: Answerer, question: str, says: str) -> None:
    answer = answerer.answer(question)
    assert answer.found and answer.intent == "metadata" and says in answer.answer


def test_a_plan_implementing_a_decision_is_checked_against_the_preamble(answerer: Answerer) -> None:
    assert answerer.answer("Kế hoạch 83 thực hiện Quyết định 127/QĐ-TTg phải không?").answer.startswith("Đúng.")
    assert answerer.answer("Kế hoạch 83 thực hiện Quyết định 749/QĐ-TTg phải không?").answer.startswith("Không đúng")


@pytest.mark.parametrize(("question", "opening"), [
    ("Sở Tài chính theo dõi, đôn đốc việc triển khai kế hoạch phải không?",
     "Không đúng: kế hoạch nêu Sở Khoa học và Công nghệ, không phải Sở Tài chính."),
    ("Sở Khoa học và Công nghệ theo dõi, đôn đốc việc triển khai kế hoạch phải không?", "Đúng."),
    ("Kế hoạch có khuyến khích thu hút các quỹ đầu tư mạo hiểm vào doanh nghiệp khởi nghiệp về AI đúng không?",
     "Đúng."),
    ("Kế hoạch quy định cứ mỗi năm đánh giá hiệu quả hoạt động một lần đúng không?",
     "Không đúng: kế hoạch nêu 3 năm, 5 năm."),
    ("Kế hoạch này thực hiện Quyết định 127 của Bộ Khoa học và Công nghệ phải không?", "Không đúng:"),
])
def test_a_claim_about_a_provision_is_checked(answerer: Answerer, question: str, opening: str) -> None:
    answer = answerer.answer(question)
    assert answer.found and answer.answer.startswith(opening), answer.answer


def test_a_claim_the_text_cannot_confirm_gets_no_verdict(answerer: Answerer) -> None:
    for question in ("Chỉ Sở Khoa học và Công nghệ theo dõi, đôn đốc thực hiện kế hoạch thôi phải không?",
                     "Kế hoạch có khuyến khích thu hút quỹ đầu tư mạo hiểm vào doanh nghiệp nước ngoài đúng không?"):
        answer = answerer.answer(question)
        assert not answer.answer.startswith(("Đúng", "Không đúng")), answer.answer


def test_counting_the_tasks_of_a_period(answerer: Answerer) -> None:
    answer = answerer.answer("co bao nhieu nhiem vu lam trong giai doan 2025-2030")
    assert answer.answer.startswith("Có 4 nhiệm vụ thực hiện trong giai đoạn 2025-2030")
    assert [t.section for t in answer.tasks] == ["II.4.c", "II.5.c", "II.5.d", "II.5.đ"]


def test_a_topic_before_what_the_plan_says_is_the_question(answerer: Answerer) -> None:
    answer = answerer.answer("Dùng AI cho trồng trọt, chăn nuôi hiện đại để có rau thịt sạch thì kế hoạch nói gì?")
    assert answer.intent != "metadata"


def test_a_does_the_plan_have_question_answered_from_a_provision_starts_with_yes(answerer: Answerer) -> None:
    answer = answerer.answer("Trong nhiệm vụ phát triển hệ sinh thái AI, có tổ chức tập huấn cho học sinh, sinh viên "
                             "và thanh niên không?")
    assert answer.found and answer.answer.startswith("Có.\n") and "thanh niên" in answer.answer


@pytest.mark.parametrize("question", ["Ai ký kế hoạch 83?", "Kế hoạch số 83 do ai kí?"])
def test_the_signer_asked_is_the_first_line(answerer: Answerer, question: str) -> None:
    answer = answerer.answer(question)
    assert answer.intent == "metadata" and answer.answer.startswith("Người ký: KT. Chủ tịch, Phó Chủ tịch Trần Phước Hiền.")


@pytest.mark.parametrize(("question", "body"), [
    ("Có phải Viettel được giao xây nền tảng dữ liệu y tế V20 cho tỉnh không?", "Viettel"),
    ("FPT có tham gia đào tạo AI không?", "FPT"),
])
def test_a_company_said_to_hold_a_role_is_not_in_the_plan(answerer: Answerer, question: str, body: str) -> None:
    answer = answerer.answer(question)
    assert not answer.found and body in answer.answer
    assert answerer.answer("Sở Y tế chủ trì V20 phải không?").found  # "V20" is the plan's own word


@pytest.mark.parametrize(("question", "opening"), [
    ("Ông Trần Phước Hiền ký kế hoạch này với tư cách Chủ tịch UBND tỉnh phải không?", "Không đúng"),  # Phó Chủ tịch
    ("Ông Trần Phước Hiền, Phó Chủ tịch, ký kế hoạch này phải không?", "Đúng"),
])
def test_a_claim_about_the_signer_checks_name_and_title(answerer: Answerer, question: str, opening: str) -> None:
    answer = answerer.answer(question)
    assert answer.intent == "metadata" and answer.answer.startswith(opening)


def test_what_a_cited_plan_is_about_comes_from_its_record(answerer: Answerer) -> None:
    answer = answerer.answer("ke hoach 151 la ve cai gi")
    assert answer.intent == "metadata" and "ứng dụng công nghệ thông tin" in answer.answer
    assert [c.section for c in answer.citations] == ["II.5.b"]  # where Plan 83 cites it


def test_a_cited_documents_content_is_not_the_plans(answerer: Answerer) -> None:
    # Plan 83 cites Nghị quyết 50-NQ/TW (II.2.b); the library has its record, not its text
    answer = answerer.answer("Nghị quyết 50-NQ/TW quy định những ưu đãi cụ thể gì cho nhà đầu tư FDI?")
    assert not answer.found and "50-NQ/TW" in answer.answer and [c.section for c in answer.citations] == ["II.2.b"]
    assert answerer.answer("Nghị quyết 50 ban hành ngày nào?").answer.startswith("Nghị quyết số 50-NQ/TW ngày 20 tháng 8 năm 2019")
    where = answerer.answer("Nghị quyết 50 của Bộ Chính trị được nhắc đến trong nhiệm vụ nào của kế hoạch?")
    assert where.found and [c.section for c in where.citations] == ["II.2.b"]  # where it is cited, that we know


@pytest.mark.parametrize(("question", "opening", "section"), [
    ("Xây dựng chính sách thu hút FDI về AI thì BQL KKT Dung Quất có tham gia phối hợp không?",
     "Có: Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi phối hợp.", "II.2.b"),
    ("Sở Công Thương có chủ trì AI y tế không?", "Không đúng: Sở Y tế chủ trì", "II.5.k"),
    # the body claimed is not the topic: "Sở Y tế" must not pull the claim to its own task (II.3.d)
    ("Phát triển cơ sở dữ liệu đối bờ thì Sở Y tê chủ trì hả?", "Không đúng: Sở Tài nguyên và Môi trường chủ trì", "II.3.c"),
    ("Tỉnh có kế hoạch đưa AI vào thương mại điện tử không, sở nào phụ trách ạ?", "Có.\nSở Công Thương chủ trì", "II.5.g"),
])
def test_whether_a_body_holds_a_role_is_answered_yes_or_no_first(answerer: Answerer, question: str, opening: str,
                                                                  section: str) -> None:
    answer = answerer.answer(question)
    assert answer.answer.startswith(opening) and answer.citations[0].section == section
    assert not answerer.understand("Sở Y tế có chủ trì nhiệm vụ nào không?").claimed  # asks which: its tasks


def test_an_only_claim_is_refused_when_the_provision_lists_more(answerer: Answerer) -> None:
    answer = answerer.answer("Kinh phí thực hiện kế hoạch chỉ lấy từ ngân sách nhà nước thôi phải không?")
    assert answer.answer.startswith("Không đúng") and "nguồn tài trợ" in answer.answer  # III lists more sources


def test_counting_the_groups_of_tasks(answerer: Answerer) -> None:
    answer = answerer.answer("Phần nội dung thực hiện có mấy nhóm nhiệm vụ, kể tên giúp mình")  # "tên giúp" is no name
    assert answer.answer.startswith("Mục II (NỘI DUNG THỰC HIỆN) của Kế hoạch 83/KH-UBND có 6 nhóm nhiệm vụ")
    assert "II.5: Thúc đẩy ứng dụng trí tuệ nhân tạo (14 nhiệm vụ)" in answer.answer
    assert answerer.answer("Kế hoạch có mấy nhóm nhiệm vụ?").citations[0].section == "II"


def test_each_named_body_gets_its_tasks(answerer: Answerer) -> None:
    answer = answerer.answer("Các phần việc trước đây giao cho Sở NN&PTNT và Sở Tài nguyên và Môi trường chủ trì gồm những gì?")
    assert {"II.3.b", "II.5.h", "II.5.l", "II.3.c", "II.5.m"} <= {c.section for c in answer.citations}
    merged = answerer.answer("Sở Tài chính (đã gộp Sở Kế hoạch và Đầu tư) có phần việc gì trong kế hoạch AI này")
    assert merged.answer.count("Sở Kế hoạch và Đầu tư") == 1  # answered within its successor, not twice


def test_lead_or_coordinator_asked_about_a_named_body_is_a_lead_question(answerer: Answerer) -> None:
    query = answerer.understand("Ở nhiệm vụ thu hút dự án đầu tư về AI, Ban Quản lý Khu kinh tế Dung Quất là đơn vị "
                                "chủ trì hay chỉ phối hợp?")
    assert query.intent.fields[0] == "lead"
    coordinates = answerer.answer("Ban Quản lý KKT Dung Quất chủ trì hay phối hợp trong việc xây dựng chính sách thu hút "
                                  "FDI về AI?")  # II.2.b: it coordinates, and the answer says that first
    assert coordinates.intent == "coordinators" and coordinates.answer.startswith("Đơn vị phối hợp: Ban Quản lý")


def test_the_tasks_asked_before_a_yes_no_are_listed(answerer: Answerer) -> None:
    answer = answerer.answer("Mình là cán bộ ở UBND huyện. Huyện tụi mình được giao đứng ra làm việc gì vậy, và có phải "
                             "tự lập kế hoạch riêng không?")
    assert answer.intent == "agency_tasks" and {"II.5.o", "IV.1"} <= {c.section for c in answer.citations}


@pytest.mark.parametrize(("question", "intent", "opening"), [
    ("Thu hút dự án đầu tư về AI thì Sở Công Thương có tham gia không?", "coordinators", "Có: Sở Công Thương phối hợp.\nĐơn vị phối hợp"),
    ("Thu hút dự án đầu tư AI trong và ngoài nước thì Sở Công Thương giữ vai trò gì?", "coordinators", "Đơn vị phối hợp"),
    ("Sở Y tế có tham gia thương mại điện tử không?", "lead", "Không.\nSở Công Thương chủ trì"),  # the body does not pick the task
    ("NHNN chi nhánh Quảng Ngãi chỉ là đơn vị phối hợp trong ứng dụng AI ngân hàng thôi đúng không?", "lead", "Không đúng"),
])
def test_the_role_a_named_body_holds_comes_first(answerer: Answerer, question: str, intent: str, opening: str) -> None:
    answer = answerer.answer(question)
    assert answer.intent == intent and answer.answer.startswith(opening), answer.answer


def test_a_body_asking_its_own_part_without_naming_a_task_gets_its_tasks(answerer: Answerer) -> None:
    # the body comes from the introduction ("báo mình", "cơ quan chúng tôi"); no task named: its tasks
    for question in ("Tôi là biên tập viên ở Báo Quảng Ngãi. Ban biên tập muốn biết trong Kế hoạch 83 thì báo mình được "
                     "giao vai trò gì, là chủ trì hay phối hợp?",
                     "Tôi công tác ở Ban Quản lý Khu kinh tế Dung Quất và các KCN. Cơ quan chúng tôi được giao những việc "
                     "gì, chủ trì hay chỉ phối hợp?"):
        assert answerer.answer(question).intent == "agency_tasks", question


def test_each_thing_an_english_question_names_counts_once(answerer: Answerer) -> None:
    # "health" stands for "y tế chăm sóc sức khỏe": one thing found, not two words of five
    answer = answerer.answer("What kinds of health databases will be built on the V20 platform?")
    assert answer.found and answer.citations[0].section == "II.3.d"
    assert answerer.answer("What are the funding sources for the AI plan?").citations[0].section == "III"


def test_a_field_asked_of_a_body_alone_is_read_from_the_tasks_it_leads(answerer: Answerer) -> None:
    answer = answerer.answer("ai pho61i ho75p vo71i bo65 chi3 huy qua6n su75 tinh3")  # VNI, no topic but the body
    assert answer.intent == "coordinators" and [t.section for t in answer.tasks] == ["II.5.c"]
    assert [t.section for t in answerer.answer("Ai phối hợp với Sở Y tế?").tasks] == ["II.3.d", "II.5.k"]


def test_items_the_plan_names_but_does_not_list_are_said_to_be_unlisted(answerer: Answerer) -> None:
    answer = answerer.answer("Các tiêu chí đánh giá hiệu quả định kỳ 3 năm, 5 năm cụ thể gồm những tiêu chí nào?")
    assert not answer.found and "không liệt kê cụ thể" in answer.answer and answer.citations[0].section == "IV.4"
    assert answerer.answer("Hợp tác quốc tế về AI gồm những hoạt động nào?").found  # II.6 lists them


def test_the_recipients_asked_come_first(answerer: Answerer) -> None:
    answer = answerer.answer("Kế hoạch có gửi Công an tỉnh không, còn gửi những nơi nào nữa?")
    assert answer.intent == "metadata" and answer.answer.startswith("Có. Nơi nhận: - Bộ Khoa học và Công nghệ")
    assert answerer.answer("Báo cáo kết quả thực hiện kế hoạch gửi về đâu?").citations[0].section == "IV.1"  # reporting


def test_counting_the_ongoing_tasks(answerer: Answerer) -> None:
    answer = answerer.answer("Có bao nhiêu nhiệm vụ có thời gian thực hiện là thường xuyên?")
    assert answer.answer.startswith("Có 9 nhiệm vụ thực hiện thường xuyên") and len(answer.tasks) == 9
    assert answerer.answer("Tập huấn AI cho cán bộ có thường xuyên không?").answer.startswith("Có.\nThời gian thực hiện: Thường xuyên")


@pytest.mark.parametrize(("question", "sections"), [
    ("so cong thuong lien quan gi den ke hoach AI", {"II.5.g", "II.4.d"}),
    # a merged body's tasks include those its predecessor coordinated (Sở KHĐT in II.2.a)
    ("Sở Tài chính bây giờ đã hợp nhất với Sở Kế hoạch và Đầu tư, tính cả phần của sở cũ thì Sở Tài chính có những "
     "nhiệm vụ nào?", {"II.5.đ", "II.2.a", "II.2.b", "II.4.d"}),
])
def test_what_a_body_has_to_do_with_the_plan(answerer: Answerer, question: str, sections: set[str]) -> None:
    answer = answerer.answer(question)
    assert answer.intent == "agency_tasks" and sections <= {c.section for c in answer.citations}


def test_the_plan_sent_to_a_ministry_for_its_report_is_a_recipients_question(answerer: Answerer) -> None:
    answer = answerer.answer("Kế hoạch có gửi báo cáo Bộ Khoa học và Công nghệ không?")
    assert answer.intent == "metadata" and answer.answer.startswith("Có. Nơi nhận: - Bộ Khoa học và Công nghệ (báo cáo)")
    assert not answerer.answer("Tôi làm cho một công ty viễn thông, muốn hỏi Viettel có được tỉnh giao triển khai hệ "
                               "thống AI nào trong kế hoạch này không?").found


@pytest.mark.parametrize(("question", "intent", "check"), [
    # a deadline claimed before the end of the period is wrong
    ("Nghe nói Sở Y tế phải hoàn thành ứng dụng AI hỗ trợ chẩn đoán trước ngày 31/12/2025, đúng không?", "timeframe",
     "Không đúng: thời gian thực hiện là Năm 2022-2030."),
    ("Kế hoạch gửi bộ nào?", "metadata", "Nơi nhận:"),
    ("Việc đẩy mạnh AI trong quản lý đô thị, hành chính công được giao cho cấp nào chủ trì?", "lead",
     "UBND các huyện, thành phố, thị xã chủ trì"),
    ("Which agencies coordinate with the lead department on provincial policies for intellectual property and "
     "technology transfer related to AI?", "coordinators", "Coordinating bodies"),
    # the bodies are named in the sentence before, "hai sở cũ này" points back at them
    ("Từ tháng 3/2025 Sở NN&PTNT với Sở TN&MT đã gộp thành Sở Nông nghiệp và Môi trường. Cho hỏi phần việc chủ trì "
     "của hai sở cũ này gồm những gì?", "agency_tasks", "II.3.c"),
    ("Sở LĐ-TB&XH đã nhập vào Sở Nội vụ rồi. Vậy phần việc mà trước đây kế hoạch giao cho Sở LĐ-TB&XH là gì, giờ Sở "
     "Nội vụ có phải tiếp tục làm không?", "agency_tasks", "II.5.n"),
])
def test_blind_11_shapes(answerer: Answerer, question: str, intent: str, check: str) -> None:
    answer = answerer.answer(question)
    assert answer.intent == intent and (answer.answer.startswith(check) or check in answer.answer), answer.answer


def test_a_school_chosen_as_a_site_is_not_in_the_plan(answerer: Answerer) -> None:
    assert not answerer.answer("Trường THPT chuyên Lê Khiết có được chọn làm điểm triển khai giáo dục STEM về AI không?").found


def test_a_claim_reported_before_a_bare_is_it_so_is_checked(answerer: Answerer) -> None:
    # "em thấy hơi lạ" is no "hỏi là"; "có đúng thế không?" points back at what the boss said
    answer = answerer.answer("Đơn vị em được giao nhiệm vụ trong kế hoạch 83, sếp bảo định kỳ báo cáo kết quả lên UBND "
                             "tỉnh thông qua Sở Tài chính, em thấy hơi lạ, có đúng thế không ạ?")
    assert "thông qua Sở Tài chính" in answerer.understand(answer.question).clause


@pytest.mark.parametrize(("question", "intent", "check"), [
    ("Mình thấy trong kế hoạch có nhắc Nghị quyết 50-NQ/TW của Bộ Chính trị, cái này gắn với nhiệm vụ gì vậy?", "content", "II.2.b"),
    ("Mảng AI trong giao thông, du lịch, ngân hàng có bao nhiêu đơn vị chủ trì, là những ai?", "lead", "II.5.i"),
    ("Vậy trong kế hoạch này ai được giao tư vấn đào tạo AI cho người lao động muốn chuyển nghề?", "lead", "II.5.n"),
    ("Hôm trước mình đọc thấy nói kế hoạch 83 về AI này do đích thân Chủ tịch UBND tỉnh ký, đúng vậy không?", "metadata", "Không đúng"),
    ("lam sao dang ky lop tap huan AI cua so khcn", "not_found", "thủ tục"),
    ("Đài phát thanh tỉnh phát chương trình tuyên truyền AI lúc mấy giờ?", "not_found", "không nêu ngày"),
])
def test_blind_12_shapes(answerer: Answerer, question: str, intent: str, check: str) -> None:
    answer = answerer.answer(question)
    assert answer.intent == intent, answer.answer
    assert check in answer.answer or check in {c.section for c in answer.citations}, answer.answer


@pytest.mark.parametrize(("question", "intent", "check"), [
    # "nội dung" typed in accented text is no "đúng": the introduction is not a question
    ("Chào ad, mình là giáo viên đang chuẩn bị nội dung sinh hoạt chuyên đề về trí tuệ nhân tạo cho tổ. Bạn tóm tắt "
     "giúp mình mục đích của kế hoạch 83 của UBND tỉnh về AI là gì được không?", "content", "I.1"),
    ("Sở LĐTBXH giờ không còn nữa, vậy việc tư vấn đào tạo AI cho người lao động chuyển nghề trong kế hoạch này vốn "
     "giao cho sở nào và làm trong thời gian nào?", "lead", "II.5.n"),
    ("Phần nội dung thực hiện của kế hoạch chia thành mấy nhóm nhiệm vụ lớn?", "content", "II.6"),  # each group cited
    # the body of the introduction ("sở mình") is the one asked about, with the one merged into it
    ("Mình làm ở Sở Tài chính, từ 2025 sở đã hợp nhất với Sở KH&ĐT. Theo kế hoạch 83 thì phần việc của sở mình gồm "
     "những gì?", "agency_tasks", "II.5.đ"),
    ("Em là sinh viên Trường Đại học Phạm Văn Đồng, cho em hỏi trường em được giao nhiệm vụ cụ thể gì trong kế hoạch "
     "AI của tỉnh vậy ạ?", "not_found", "Đại học Phạm Văn Đồng"),
])
def test_blind_13_shapes(answerer: Answerer, question: str, intent: str, check: str) -> None:
    answer = answerer.answer(question)
    assert answer.intent == intent, answer.answer
    assert check in answer.answer or check in {c.section for c in answer.citations}, answer.answer


def test_counting_the_tasks_that_start_in_a_year(answerer: Answerer) -> None:
    answer = answerer.answer("Có mấy nhiệm vụ trong kế hoạch đến năm 2025 mới bắt đầu làm?")
    assert answer.answer.startswith("Có 4 nhiệm vụ") and [t.section for t in answer.tasks] == ["II.4.c", "II.5.c",
                                                                                                 "II.5.d", "II.5.đ"]


def test_a_claimed_body_named_in_english_does_not_pick_the_task(answerer: Answerer) -> None:
    # "Provincial Police" would bring the glossary's police terms and the police's own task (II.5.d)
    answer = answerer.answer("Is the Provincial Police in charge of applying AI to finance and the state budget?")
    assert "II.5.d" not in {c.section for c in answer.citations}


@pytest.mark.parametrize(("question", "intent", "check"), [
    ("Có phải việc thu hút dự án đầu tư về AI chỉ một mình Sở Kế hoạch và Đầu tư chủ trì không?", "lead", "Không đúng"),
    ("Ngân hàng Nhà nước chi nhánh Quảng Ngãi có được giao chủ trì ứng dụng AI trong ngân hàng không?", "lead", "Đúng"),
    ("Trường THPT chuyên Lê Khiết có được giao dạy STEM không?", "not_found", "trường"),
    ("lichj taapj huaans AI thangs nayf laf khi naof", "not_found", "không nêu ngày"),  # Telex: "tháng này"
    ("AI trong thương mại điện tử làm đến năm mấy?", "timeframe", "Năm 2022-2030"),
    ("Kế hoạch này số bao nhiêu?", "metadata", "83/KH-UBND"),
    ("KẾ HOẠCH 83/KH-UBND NĂM 2021 LÀ CỦA TỈNH NÀO", "metadata", "Quảng Ngãi"),
    ("ÁP DỤNG AI VÀO DU LỊCH THÌ SỞ NÀO CHỦ TRÌ", "lead", "Sở Văn hóa, Thể thao và Du lịch"),  # "du lịch" is no "lịch"
])
def test_blind_15_shapes(answerer: Answerer, question: str, intent: str, check: str) -> None:
    answer = answerer.answer(question)
    assert answer.intent == intent and check in answer.answer, answer.answer


@pytest.mark.parametrize(("question", "intent", "check"), [
    ("thời hạn mục II.5.k", "timeframe", "Năm 2022-2030"),  # the section cited by number, not "II.5.không"
    ("Có phải Sở Công Thương lo thương mại điện tử không?", "lead", "Đúng."),  # a claimed body asks for the lead
    ("Sở Xây dựng có được giao làm cơ sở dữ liệu y tế V20 phải không?", "lead", "Không đúng"),
    ("Does Plan 83 implement Decision 127/QĐ-TTg, is that true?", "metadata", "Yes."),
    ("tập huấn về dữ liệu cho các địa phương thì ai tổ chức, làm khi nào", "lead", "Sở Khoa học và Công nghệ chủ trì"),
    ("UBND cấp huyện có những trách nhiệm gì theo kế hoạch, cả chủ trì lẫn phối hợp?", "agency_tasks", "II.5.o"),
])
def test_claims_fields_and_roles_read_as_asked(answerer: Answerer, question: str, intent: str, check: str) -> None:
    answer = answerer.answer(question)
    assert answer.intent == intent and check in answer.answer.splitlines()[0], answer.answer


@pytest.mark.parametrize(("question", "kind", "sections"), [
    ("Kế hoạch 83 có nhắc tới những kế hoạch nào khác của tỉnh?", "kế hoạch", {"II.4.b", "II.5.b"}),
    ("Which documents does Plan 83 cite?", "documents", {"preamble", "II.2.b", "II.4.b", "II.5.b"}),
    ("kế hoạch có dẫn ra nghị quyết nào không", "nghị quyết", {"II.2.b"}),
    ("KH này có dẫn NQ nào ko", "nghị quyết", {"II.2.b"}),
])
def test_the_documents_a_plan_cites_are_listed_where_cited(answerer: Answerer, question: str, kind: str,
                                                          sections: set[str]) -> None:
    answer = answerer.answer(question)
    assert answer.intent == "metadata" and answer.found
    assert f"{len(sections)} {kind}" in answer.answer.splitlines()[0]
    assert {c.section for c in answer.citations} == sections
    for citation in answer.citations:  # each quote stands where it is cited
        assert citation.quote in answerer.index.section("83/KH-UBND", citation.section).text


def test_a_provision_said_twice_is_cited_in_both_places(answerer: Answerer) -> None:
    twice = answerer.answer("kinh phí hằng năm do sở nào tham mưu cân đối, bố trí?")
    assert {"III", "IV.2"} <= {c.section for c in twice.citations}
    once = answerer.answer("Nguồn vốn thực hiện kế hoạch gồm những nguồn nào?")  # only III lists the sources
    assert {c.section for c in once.citations} == {"III"}


@pytest.mark.parametrize(("question", "named"), [
    ("Luật Trí tuệ nhân tạo có hiệu lực từ khi nào?", "Luật Trí tuệ nhân tạo"),
    ("Nghị định 13 về bảo vệ dữ liệu cá nhân áp dụng thế nào cho kế hoạch?", "Nghị định 13"),
])
def test_a_law_the_plan_does_not_cite_is_outside_it(answerer: Answerer, question: str, named: str) -> None:
    answer = answerer.answer(question)
    assert not answer.found and named in answer.answer, answer.answer


def test_a_law_the_plan_cites_is_answered_from_it(answerer: Answerer) -> None:
    answer = answerer.answer("Kinh phí bố trí theo Luật Ngân sách nhà nước phải không?")
    assert answer.found and "III" in {c.section for c in answer.citations}


def test_ai_in_a_field_is_the_task_that_applies_ai_there(answerer: Answerer) -> None:
    # II.5.k applies AI to health care; II.3.d builds the health database and never names AI
    assert answerer.answer("ứng dụng AI trong y tế gồm những gì").citations[0].section == "II.5.k"
    assert answerer.answer("cơ sở dữ liệu y tế V20 ai chủ trì").citations[0].section == "II.3.d"


def test_a_bodys_other_provisions_in_the_same_part_are_cited(answerer: Answerer) -> None:
    answer = answerer.answer("Trong tổ chức thực hiện, Sở Khoa học và Công nghệ phải làm gì?")
    assert {"IV.1", "IV.3", "IV"} <= {c.section for c in answer.citations}, answer.answer


@pytest.mark.parametrize(("question", "opening", "section"), [
    ("STEM do Sở GD&ĐT chủ trì hả?", "Đúng.", "II.4.c"),  # the abbreviated body claimed is no topic word
    ("phối hợp II.3.a?", "Đơn vị phối hợp: Các Viện, Trường", "II.3.a"),  # "a" of a section path is no "ạ"
])
def test_short_claims_and_section_paths(answerer: Answerer, question: str, opening: str, section: str) -> None:
    answer = answerer.answer(question)
    assert answer.answer.startswith(opening) and answer.citations[0].section == section, answer.answer


def test_a_ministry_named_in_english_is_checked_against_the_recipients(answerer: Answerer) -> None:
    answer = answerer.answer("Was the Ministry of Science and Technology among the recipients of Plan 83?")
    assert answer.intent == "metadata" and answer.answer.startswith("Yes."), answer.answer


def test_a_document_named_by_what_it_issues_is_known_but_not_loaded(answerer: Answerer) -> None:
    # Decision 127 issues the national strategy; its text is not in the library, so its goals are not answered
    answer = answerer.answer("Chiến lược quốc gia về trí tuệ nhân tạo đặt chỉ tiêu gì cho năm 2030?")
    assert not answer.found and "127/QĐ-TTg" in answer.answer
    assert answerer.answer("Kế hoạch thực hiện Chiến lược quốc gia về AI do ai ký?").found  # the plan's own title


def test_the_date_of_a_cited_plan_and_who_leads_it_are_answered_by_its_task(answerer: Answerer) -> None:
    answer = answerer.answer("Kế hoạch 151/KH-UBND ban hành ngày nào, và trong KH 83 ai chủ trì triển khai nó?")
    assert answer.intent == "lead" and answer.citations[0].section == "II.5.b"
    assert "21/12/2020" in answer.answer and answer.answer.startswith("Sở Thông tin và Truyền thông chủ trì")
    asked_alone = answerer.answer("Kế hoạch 83 nhắc tới Kế hoạch 151; kế hoạch 151 ban hành ngày nào?")
    assert asked_alone.intent == "metadata" and asked_alone.answer.startswith("Kế hoạch số 151/KH-UBND")


def test_the_ai_plan_in_english_names_the_plan_not_a_topic(answerer: Answerer) -> None:
    answer = answerer.answer("Which department monitors and urges the implementation of the AI plan?")
    assert answer.citations[0].section == "IV.3", answer.answer


@pytest.mark.parametrize(("question", "intent", "opening"), [
    # a body the plan never names, claimed to lead a task the plan has: the claim is corrected on that task
    ("Hợp tác quốc tế về AI do Sở Ngoại vụ chủ trì phải không?", "lead", "Không đúng: Sở Khoa học và Công nghệ chủ trì"),
    ("Có phải Chủ tịch UBND tỉnh trực tiếp ký ban hành Kế hoạch 83 không?", "metadata", "Không đúng"),
    ("Kế hoạch 74/KH-UBND được nhắc trong KH 83 là kế hoạch về vấn đề gì?", "metadata", "Kế hoạch số 74/KH-UBND"),
    ("Kế hoạch 83 đã được UBND tỉnh thay thế bằng kế hoạch nào rồi?", "not_found", "Kho văn bản có"),
    ("Ngành y được giao những nhiệm vụ gì trong kế hoạch?", "agency_tasks", "Sở Y tế chủ trì 2 nhiệm vụ"),
    ("Những đơn vị nào được giao phối hợp với Sở GD&ĐT dạy STEM?", "coordinators", "Đơn vị phối hợp: Các trường"),
    ("Sở TN&MT cũ gồm những nhiệm vụ gì, ai phối hợp?", "agency_tasks", "Sở Tài nguyên và Môi trường chủ trì 2"),
])
def test_claims_documents_and_bodies_as_people_ask(answerer: Answerer, question: str, intent: str, opening: str) -> None:
    answer = answerer.answer(question)
    assert answer.intent == intent and answer.answer.startswith(opening), answer.answer


def test_a_body_that_leads_a_task_does_not_make_another_topic_its_task(answerer: Answerer) -> None:
    # Sở GD&ĐT leads STEM (II.4.c); exam marking is in no task, so II.4.c is only the nearest
    answer = answerer.answer("Sở GD&ĐT sẽ dùng AI chấm thi tốt nghiệp THPT từ năm nào?")
    assert not answer.found and "gần nhất là mục II.4.c" in answer.answer, answer.answer


@pytest.mark.parametrize(("question", "intent", "opening"), [
    ("Kế hoạch có nhắc tới Nghị quyết 50-NQ/TW của Bộ Chính trị đúng không?", "metadata", "Đúng. Kế hoạch 83/KH-UBND"),
    ("Lúc ký kế hoạch thì Giám đốc Sở KH&CN là ai?", "not_found", "Kế hoạch 83/KH-UBND chỉ giao việc cho cơ quan"),
    ("What's the timeframe for the Department of Finance's task of applying AI to the state budget?", "timeframe",
     "Timeframe: Năm 2025-2030"),
    ("Which departments cordinate attracting investment projects in AI?", "coordinators", "Coordinating bodies: Sở Công Thương"),
    ("UBND huyện có phải làm gì trong kế hoạch này không?", "agency_tasks", "UBND các huyện, thị xã, thành phố chủ trì"),
    ("ngân hàng áp dụng AI thì bên nào chủ trì?", "lead", "Sở Giao thông vận tải"),  # "áp dụng" asks, as "ứng dụng"
])
def test_what_people_type_about_documents_bodies_and_duties(answerer: Answerer, question: str, intent: str,
                                                             opening: str) -> None:
    answer = answerer.answer(question)
    assert answer.intent == intent and opening in answer.answer, answer.answer


def test_a_request_after_a_self_introduction_keeps_the_body_it_names(answerer: Answerer) -> None:
    answer = answerer.answer("Em ở Sở Khoa học và Công nghệ. Em đang rà lại các việc trước đây Sở Thông tin và Truyền "
                             "thông được giao trong KH 83, cả chủ trì lẫn phối hợp, anh chị liệt kê giúp em với ạ.")
    assert answer.intent == "agency_tasks" and {"II.1", "II.4.b", "II.5.b"} <= {c.section for c in answer.citations}


@pytest.mark.parametrize(("question", "check"), [
    ("Phần mềm quản lý môi trường là do Viettel hay VNPT làm?", "không đề cập Viettel"),  # a company doing the work
    ("Kế hoạch có giao cho Sở Nội vụ làm chatbot trả lời thủ tục hành chính không?", "gần nhất là mục II.5.o"),
])
def test_a_body_asked_about_a_task_that_is_not_its_own_is_outside_the_plan(answerer: Answerer, question: str,
                                                                           check: str) -> None:
    answer = answerer.answer(question)
    assert not answer.found and check in answer.answer, answer.answer


@pytest.mark.parametrize(("question", "intent", "check"), [
    ("quyet dinh 127 ngay bao nhieu", "metadata", "26 tháng 1 năm 2021"),
    ("Kế hoạch giao cho lực lượng quân sự những việc gì?", "agency_tasks", "II.5.c"),
    ("Kế hoạch có giao Sở Công Thương làm thương mại điện tử không?", "content", "Có."),  # its own task: yes
])
def test_dates_forces_and_own_tasks(answerer: Answerer, question: str, intent: str, check: str) -> None:
    answer = answerer.answer(question)
    assert answer.found and answer.intent == intent and check in answer.answer, answer.answer


@pytest.mark.parametrize(("question", "opening"), [
    ("KH 83 ban hành ngày 04/6/2021 phải không?", "Đúng."),
    ("Kế hoạch 83 được ban hành ngày 14/6/2021 đúng không?", "Không đúng"),
    ("Kế hoạch 83 thực hiện Quyết định 127/QĐ-TTg ngày 26/01/2021 phải không?", "Đúng."),  # that date is 127's
])
def test_a_claimed_date_is_checked_against_the_document(answerer: Answerer, question: str, opening: str) -> None:
    answer = answerer.answer(question)
    assert answer.intent == "metadata" and answer.answer.startswith(opening), answer.answer


@pytest.mark.parametrize(("question", "said"), [
    ("Năm 2023 Sở KH&CN đã tổ chức được mấy lớp tập huấn AI cho cán bộ rồi?", "không nêu kết quả đã đạt được"),
    ("Theo chiến lược quốc gia mà kế hoạch này triển khai, Việt Nam phấn đấu đứng thứ mấy ASEAN về AI?", "127/QĐ-TTg"),
])
def test_what_happened_since_and_the_strategys_own_goals_are_outside_the_plan(answerer: Answerer, question: str,
                                                                            said: str) -> None:
    answer = answerer.answer(question)
    assert not answer.found and said in answer.answer, answer.answer


@pytest.mark.parametrize(("question", "intent", "opening"), [
    ("KH 151 là gì?", "content", "Theo Kế hoạch 83/KH-UBND, mục II.5.b"),  # what the plan says of a text it cites
    ("Kế hoạch 83 có dẫn Nghị quyết 50-NQ/TW của Bộ Chính trị không?", "metadata", "Có. Kế hoạch 83/KH-UBND"),
    ("Kế hoạch 83 thực hiện Quyết định 127 ngày 26/01/2020 đúng không?", "metadata", "Không đúng"),  # 2021, not 2020
])
def test_documents_the_plan_cites_asked_as_people_ask(answerer: Answerer, question: str, intent: str,
                                                      opening: str) -> None:
    answer = answerer.answer(question)
    assert answer.intent == intent and answer.answer.startswith(opening), answer.answer


@pytest.mark.parametrize(("question", "intent", "opening"), [
    ("Kế hoạch này do Chủ tịch UBND tỉnh trực tiếp ký phải không?", "metadata", "Không đúng"),  # KT. Chủ tịch
    ("KH 83 do Phó Chủ tịch UBND tỉnh ký đúng không?", "metadata", "Đúng."),  # a title claimed, no name
    ("Kế hoạch do Giám đốc Sở TT&TT ký phải không?", "metadata", "Không đúng"),  # a claim about the signer
    ("Was Plan 83 signed by the Vice Chairman?", "metadata", "Yes."),
    ("Những nghị quyết nào được nhắc tới trong kế hoạch?", "metadata", "Kế hoạch 83/KH-UBND viện dẫn 1 nghị quyết"),
    # the plan tasks Sở KH&CN in its own right: Sở TT&TT's task is not its own in the plan
    ("Có phải Sở KH&CN chủ trì triển khai Kế hoạch 74 không?", "lead", "Không đúng"),
    # Sở NN&MT did not exist: today's name for Sở TN&MT
    ("Cơ sở dữ liệu quản lý tổng hợp đới bờ có phải do Sở Nông nghiệp và Môi trường chủ trì không?", "lead",
     "Đúng."),
])
def test_signers_cited_resolutions_and_merged_bodies_claimed(answerer: Answerer, question: str, intent: str,
                                                            opening: str) -> None:
    answer = answerer.answer(question)
    assert answer.intent == intent and answer.answer.startswith(opening), answer.answer


@pytest.mark.parametrize(("question", "intent", "section"), [
    ("Ai lo việc dùng AI cho giấy tờ hành chính ở các huyện?", "lead", "II.5.o"),  # a topic, not a procedure
    ("Khi nào công an bắt đầu dùng AI chống tội phạm?", "timeframe", "II.5.d"),  # "bắt đầu" asks, it is no topic
    # a school in a district is not the district's UBND; "không ạ," still asks whether
    ("Chào anh, em dạy ở một trường THPT huyện Mộ Đức. Trường bọn em có nằm trong các đơn vị phối hợp giáo dục "
     "STEM không ạ, phối hợp với sở nào?", "coordinators", "II.4.c"),
    # after the question mark, a sentence that only says why is context
    ("Tỉnh có khuyến khích tập đoàn công nghệ mở cơ sở đào tạo AI chất lượng cao không? Em muốn xin vào mấy chỗ đó.",
     "content", "II.4.c"),
])
def test_chat_context_and_everyday_topics_do_not_hide_the_task(answerer: Answerer, question: str, intent: str,
                                                               section: str) -> None:
    answer = answerer.answer(question)
    assert answer.found and answer.intent == intent and answer.citations[0].section == section, answer.answer
    if "không" in question:
        assert answer.answer.startswith("Có."), answer.answer


def test_a_task_that_is_a_whole_group_is_listed_with_its_title(answerer: Answerer) -> None:
    answer = answerer.answer("Sở Khoa học và Công nghệ chủ trì bao nhiêu nhiệm vụ?")
    assert "- II.6 (Thúc đẩy hợp tác quốc tế trong lĩnh vực trí tuệ nhân tạo): Xây dựng" in answer.answer


@pytest.mark.parametrize(("question", "intent", "opening"), [
    # whether a body is among the coordinators, asked before who leads: the coordinators come first
    ("Các trường THPT có nằm trong các đơn vị phối hợp giáo dục STEM không, sở nào chủ trì?", "coordinators", "Có."),
    ("Nghị quyết nào được kế hoạch viện dẫn?", "metadata", "Kế hoạch 83/KH-UBND viện dẫn 1 nghị quyết"),
    ("Which agency is assigned to monitor and report on the plan?", "content", "According to Plan 83/KH-UBND"),
])
def test_claims_memberships_and_citations_as_asked(answerer: Answerer, question: str, intent: str,
                                                   opening: str) -> None:
    answer = answerer.answer(question)
    assert answer.intent == intent and answer.answer.startswith(opening), answer.answer


@pytest.mark.parametrize("question", [
    "How many companies has the province supported since the plan was issued?",  # results, not what was planned
    "What is the exact deadline (day and month) for the yearly progress report?",  # the plan gives no day
])
def test_results_and_exact_days_asked_in_english_are_outside_the_plan(answerer: Answerer, question: str) -> None:
    assert not answerer.answer(question).found


@pytest.mark.parametrize(("question", "intent", "section"), [
    # the lead is said, the coordinators are asked
    ("Ngoài Sở TT&TT chủ trì tuyên truyền, báo đài nào được giao phối hợp?", "coordinators", "II.1"),
    ("Khi huyện chủ trì ứng dụng AI trong quản lý đô thị thì đơn vị nào phối hợp?", "coordinators", "II.5.o"),
    # "(Kế hoạch) nói cụ thể sao?" asks about what the sentence before says
    ("Nghe nói tỉnh sẽ đưa giáo dục STEM vào trường phổ thông. Kế hoạch nói cụ thể sao?", "content", "II.4.c"),
])
def test_what_is_said_and_what_is_asked_are_told_apart(answerer: Answerer, question: str, intent: str,
                                                       section: str) -> None:
    answer = answerer.answer(question)
    assert answer.found and answer.intent == intent and answer.citations[0].section == section, answer.answer


def test_each_ask_of_a_two_part_question_is_answered(answerer: Answerer) -> None:
    answer = answerer.answer("Cơ quan nào theo dõi, đôn đốc việc thực hiện kế hoạch, và khi có vướng mắc thì báo "
                             "cáo qua đâu?")
    assert {"IV", "IV.3"} <= {c.section for c in answer.citations}, answer.answer


@pytest.mark.parametrize("question", [
    "Tỉnh có hợp tác với Viettel để làm AI không?",
    "Does the plan name specific companies such as FPT as partners?",
])
def test_companies_by_name_are_outside_the_plan(answerer: Answerer, question: str) -> None:
    assert not answerer.answer(question).found


def test_one_cited_resolution_is_one_in_english(answerer: Answerer) -> None:
    answer = answerer.answer("Which resolution does the plan cite?")
    assert answer.intent == "metadata" and "cites 1 resolution:" in answer.answer, answer.answer


@pytest.mark.parametrize(("question", "intent", "opening"), [
    # a document the plan does not cite: no, and what it does cite
    ("Kế hoạch có viện dẫn Nghị quyết 52-NQ/TW không?", "metadata", "Không: Kế hoạch 83/KH-UBND không viện dẫn"),
    ("Does Plan 83 cite Resolution 52?", "metadata", "No: Plan 83/KH-UBND does not cite"),
    ("Which other plans does the plan ask agencies to implement?", "metadata", "Plan 83/KH-UBND cites 2 plans"),
    # a body outside the gazetteer, listed among the coordinators with others
    ("Các trường đại học có phải là đơn vị phối hợp giáo dục STEM không?", "coordinators", "Đúng."),
    # "kế hoạch 1 lần" names no plan, "đánh giá" cites nothing
    ("dinh ky 2 nam danh gia hieu qua ke hoach 1 lan phai ko", "content", "Không đúng"),
    # procedures as what a body's task is about, not a form to fill in
    ("UBND cấp huyện chủ trì việc gì, kiểu làm giấy tờ thủ tục cho dân?", "agency_tasks", "UBND các huyện"),
])
def test_documents_not_cited_and_bodies_listed_with_others(answerer: Answerer, question: str, intent: str,
                                                           opening: str) -> None:
    answer = answerer.answer(question)
    assert answer.intent == intent and answer.answer.startswith(opening), answer.answer


@pytest.mark.parametrize(("question", "found", "opening"), [
    # what the asker says of themselves after the question is not what they ask
    ("Cho em hỏi phần yêu cầu của kế hoạch gồm những gì, em cần đưa vào báo cáo gấp ạ", True, "Theo Kế hoạch"),
    ("Does the plan encourage venture capital funds to invest in AI startups?", True, "Yes."),
    ("Which university will host the provincial AI research centre?", False, "Plan 83/KH-UBND names no"),
])
def test_self_talk_english_yes_no_and_named_universities(answerer: Answerer, question: str, found: bool,
                                                         opening: str) -> None:
    answer = answerer.answer(question)
    assert answer.found is found and answer.answer.startswith(opening), answer.answer


@pytest.mark.parametrize(("question", "intent", "section"), [
    ("ke hoach 151 ma KH 83 nhac toi la ve cai gi", "content", "II.5.b"),  # what the plan says of a text it cites
    ("Yêu cầu của kế hoạch 83 về trí tuệ nhân tạo là gì?", "content", "I.2"),  # "kế hoạch 83 về AI" names the plan
    ("AI để chống tội phạm giao cho ai?", "lead", "II.5.d"),  # "giao cho ai" asks, it is no topic
])
def test_cited_plans_the_plan_by_its_topic_and_who_is_given_a_task(answerer: Answerer, question: str, intent: str,
                                                                   section: str) -> None:
    answer = answerer.answer(question)
    assert answer.found and answer.intent == intent and answer.citations[0].section == section, answer.answer


@pytest.mark.parametrize(("question", "found", "opening", "section"), [
    # "FDI" is the plan's "đầu tư trực tiếp của nước ngoài (FDI)", II.2.b, not II.4.d's investment projects
    ("Đơn vị nào phối hợp thu hút FDI về AI?", True, "Đơn vị phối hợp", "II.2.b"),
    # "định kỳ" is what the plan says ("định kỳ báo cáo"), not only a way to ask when
    ("Định kỳ báo cáo UBND tỉnh qua Sở TT&TT đúng không?", True, "Không đúng", "IV.1"),
    ("Nghị quyết 50 trong kế hoạch là nghị quyết nào?", True, "Theo Kế hoạch 83/KH-UBND", "II.2.b"),
    # a site the plan does not name; companies by name
    ("Tỉnh có xây trung tâm dữ liệu AI ở Dung Quất không?", False, "Kế hoạch 83/KH-UBND không nêu địa điểm", None),
    ("Are VNPT or FPT among the partners named in the plan?", False, "Plan 83/KH-UBND names no", None),
])
def test_fdi_periodic_reports_sites_and_partners(answerer: Answerer, question: str, found: bool, opening: str,
                                                 section: str | None) -> None:
    answer = answerer.answer(question)
    assert answer.found is found and answer.answer.startswith(opening), answer.answer
    assert section is None or answer.citations[0].section == section, answer.answer


@pytest.mark.parametrize(("question", "intent", "opening"), [
    ("Kế hoạch 83 có được gửi Bộ KH&CN để báo cáo không?", "metadata", "Có. Nơi nhận"),  # a recipient, not a task
    ("Kế hoạch này thực hiện Quyết định 127/QĐ-TTg ban hành năm 2020 phải không?", "metadata", "Không đúng"),
    ("KH 83 căn cứ NQ nào của Bộ Chính trị?", "metadata", "Kế hoạch 83/KH-UBND viện dẫn 1 nghị quyết"),
    ("Cơ chế thu hút FDI căn cứ nghị quyết nào?", "content", "Theo Kế hoạch 83/KH-UBND, mục II.2.b"),  # the task's
    ("han AI du lich?", "timeframe", "Thời gian thực hiện"),  # "hạn" first asks when
    # "văn bản đó" is the plan named in the sentence before
    ("Em thấy kế hoạch có nhắc Kế hoạch số 151/KH-UBND. Văn bản đó ban hành ngày nào?", "metadata",
     "Kế hoạch số 151/KH-UBND ngày 21 tháng 12 năm 2020"),
])
def test_recipients_bases_deadlines_and_documents_pointed_back_at(answerer: Answerer, question: str, intent: str,
                                                                 opening: str) -> None:
    answer = answerer.answer(question)
    assert answer.intent == intent and answer.answer.startswith(opening), answer.answer


def test_universities_asked_as_named_partners_are_outside_the_plan(answerer: Answerer) -> None:
    assert not answerer.answer("Which universities are named as partners for the AI research tasks?").found


@pytest.mark.parametrize(("question", "intent", "opening"), [
    ("Does Plan 83 give the Military Command any AI tasks? What are they?", "agency_tasks", "Bộ Chỉ huy Quân sự tỉnh"),
    # a body claimed to hold a provision's duty: checked on the provision (IV.2), not on the body's own task
    ("Is the Department of Finance responsible for allocating funds for the plan every year?", "content", "Yes."),
    # what the asker understands is the claim to check, not an introduction
    ("Tôi hiểu là kinh phí thực hiện kế hoạch chỉ lấy từ ngân sách nhà nước thôi, đúng không?", "content",
     "Không đúng"),
    # a count of a part's tasks with who leads each: the tasks are cited, the lead is what is asked
    ("Mục II.3 có mấy nhiệm vụ và mỗi nhiệm vụ do sở nào chủ trì?", "lead", "Mục II.3"),
])
def test_english_tasks_provision_duties_understood_claims_and_leads_of_a_part(answerer: Answerer, question: str,
                                                                              intent: str, opening: str) -> None:
    answer = answerer.answer(question)
    assert answer.intent == intent and answer.answer.startswith(opening), answer.answer


def test_a_launch_asked_is_what_happened_since(answerer: Answerer) -> None:
    answer = answerer.answer("Khi nào chatbot trả lời thủ tục hành chính chính thức chạy?")
    assert not answer.found and "không nêu kết quả" in answer.answer, answer.answer


@pytest.mark.parametrize(("question", "intent", "opening"), [
    # "tính toán" is no "tỉnh": the national strategy's own figures are not in the library
    ("Chiến lược quốc gia về AI đặt mục tiêu có mấy trung tâm tính toán hiệu năng cao?", "not_found",
     "Kho văn bản chưa có toàn văn Quyết định 127"),
    ("KẾ HOẠCH 83/KH-UBND LÀ KẾ HOẠCH VỀ VIỆC GÌ?", "metadata", "Kế hoạch số 83/KH-UBND"),
    # a body claimed to lead nothing: its tasks answer the claim
    ("Sở Công Thương chỉ phối hợp chứ không chủ trì nhiệm vụ nào, đúng không?", "agency_tasks", "Không đúng"),
    ("Báo Quảng Ngãi chỉ là đơn vị phối hợp, không chủ trì nhiệm vụ nào phải không?", "agency_tasks", "Đúng."),
    # "các sở cũ của em": the bodies the introduction names
    ("Em ở Sở Nông nghiệp và Môi trường. Liệt kê giúp em các nhiệm vụ mà các sở cũ của em chủ trì.",
     "agency_tasks", "Kế hoạch ban hành trước"),
])
def test_the_strategy_the_plans_subject_and_bodies_that_lead_nothing(answerer: Answerer, question: str, intent: str,
                                                                     opening: str) -> None:
    answer = answerer.answer(question)
    assert answer.intent == intent and answer.answer.startswith(opening), answer.answer


def test_a_short_english_question_is_answered_in_english(answerer: Answerer) -> None:
    answer = answerer.answer("Is there a scholarship?")
    assert not answer.found and answer.answer.startswith("Plan 83/KH-UBND"), answer.answer
    assert answerer.understand("thoi han it nhat la bao lau").lang == "vi"  # "it", "la" are syllables too

"""understand(): one Query per question, read by every later stage."""

import pytest

from assistant.answer import Answerer
from assistant.vocabulary import Topic, Vocabulary


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


@pytest.mark.parametrize(("question", "topic_from_before"), [
    # the question points back ("việc này") at what the asker said in the sentence before it
    ("Dạ chào anh chị, em là cán bộ Tỉnh đoàn, bên em muốn tổ chức tập huấn kỹ năng AI cho thanh niên. "
     "Trong kế hoạch của tỉnh thì việc này do sở nào chủ trì vậy ạ?", "tập huấn"),
    # a topic-less question takes it from the self-introduction just before
    ("Chào bạn, tôi là chuyên viên Sở TT&TT cũ. Tôi nhớ hồi đó có việc làm phần mềm quản lý môi trường. "
     "Bạn xem giúp những đơn vị nào được giao phối hợp với cơ quan chủ trì việc đó nhé.", "quản lý môi trường"),
])
def test_a_question_that_points_back_takes_its_topic_from_before(answerer: Answerer, question: str,
                                                                  topic_from_before: str) -> None:
    query = answerer.understand(question)
    assert topic_from_before in query.clause
    assert "Tỉnh đoàn" not in query.clause and "Sở TT&TT" not in query.clause  # the introduction stays out


def test_a_question_that_names_its_topic_keeps_the_chat_out(answerer: Answerer) -> None:
    # "cơ chế đó" points back inside its own sentence; "đầu tư" in the introduction asks nothing ("đâu" would)
    query = answerer.understand("Chào bạn, mình làm ở một công ty tư vấn đầu tư, đang có khách là tập đoàn nước "
                                "ngoài. Kế hoạch có nói tới cơ chế thu hút FDI không, và đơn vị nào chủ trì "
                                "xây dựng cơ chế đó nhỉ?")
    assert query.clause.startswith("Kế hoạch có nói tới cơ chế thu hút FDI")


@pytest.mark.parametrize(("question", "missing"), [
    ("Người ký kế hoạch này sinh năm bao nhiêu, quê ở đâu?", "biography"),
    ("Trung tâm dữ liệu AI của tỉnh đặt ở đâu?", "location"),
    ("Kinh phí thực hiện kế hoạch lấy từ đâu?", None),
    ("Báo cáo kết quả thực hiện gửi qua đâu?", None),
    ("Camera AI phạt nguội được lắp ở những ngã tư nào?", "location"),
    ("han nop ho so de xuat nhiem vu khcn ve AI nam nay la ngay nao", "date"),
    ("AI cho tài chính - ngân sách thì hạn chót là năm nào?", None),  # a year: the timeframe
    ("Kế hoạch có danh sách các trường THPT thí điểm dạy AI không, gồm những trường nào?", "names"),
    ("Các trường nào phối hợp thực hiện giáo dục STEM?", None),  # a role the plan gives "các trường"
    ("Doanh nghiệp nào ở Dung Quất đã ứng dụng AI vào sản xuất?", "names"),
    ("Kế hoạch khuyến khích thu hút loại quỹ nào đầu tư vào startup AI?", None),  # a kind, which the plan says
    ("Thủ tục đăng ký tham gia lớp tập huấn AI như thế nào, nộp hồ sơ ở đâu?", "procedure"),
    ("Ứng dụng AI trong hồ sơ sức khỏe điện tử do ai chủ trì?", None),
    ("lop tap huan AI cho can bo mo vao thang may", "date"),
    ("Hệ thống thông tin quản lý hạ tầng đô thị đã đưa vào vận hành chưa?", "result"),
    ("Kế hoạch đã đề cập đến du lịch chưa?", None),  # what the plan says, not what happened since
    ("Đơn vị nào không báo cáo đúng hạn thì bị xử lý thế nào?", "sanction"),
    ("Có học bổng AI cho sinh viên không?", "benefit"),
    ("What tax incentives does Quang Ngai offer foreign companies investing in AI?", "tax"),
    ("Kế hoạch 83 đã bị thay thế bằng văn bản nào chưa?", "superseded"),
    ("Kết quả sơ kết 3 năm thực hiện kế hoạch AI ra sao?", "result"),
    ("Báo cáo kết quả thực hiện kế hoạch như thế nào?", None),  # the reporting the plan asks for (IV.1)
    ("Triển lãm AI năm nay tổ chức ở đâu?", "location"),
    ("Kế hoạch có hỗ trợ doanh nghiệp đổi mới bằng AI không?", None),  # support to businesses is a task
    ("Lớp tập huấn AI miễn phí cho cán bộ do ai tổ chức?", None),  # a free course is no grant to a person
    ("Bao lâu thì đánh giá định kỳ hiệu quả một lần?", None),  # "đánh giá định kỳ" holds no "gia đình"
    ("Hoàn cảnh gia đình của người ký thế nào?", "biography"),
    ("Kế hoạch 83 bị thay bởi văn bản nào?", "superseded"),
])
def test_what_plans_never_hold_is_recognised(answerer: Answerer, question: str, missing: str | None) -> None:
    assert answerer.understand(question).missing == missing


def test_the_plans_term_is_said_once_however_many_everyday_words_say_it(answerer: Answerer) -> None:
    query = answerer.understand("Nông dân muốn xài máy móc trong trồng trọt chăn nuôi thì tỉnh giao ai lo?")
    assert query.topic_text.count("nông nghiệp ứng dụng công nghệ cao") == 1


def test_the_plans_term_stands_where_the_longest_everyday_phrase_stood() -> None:
    vocabulary = Vocabulary((Topic("thương mại điện tử", ()), Topic("y tế", ("bệnh viện", "khám"))))
    assert vocabulary.rewrite("Khám ở bệnh viện tỉnh") == "ở y tế tỉnh"
    assert vocabulary.rewrite("bán hàng online") == "bán hàng online"  # a topic an admin left without words


def test_a_lead_given_as_known_is_not_asked(answerer: Answerer) -> None:
    given = answerer.understand("Việc thu hút FDI vào AI do Sở KHĐT chủ trì, vậy đơn vị nào phối hợp?")
    assert given.intent.fields == ("coordinators",)
    both = answerer.understand("Sở nào chủ trì và đơn vị nào phối hợp thương mại điện tử?")
    assert both.intent.fields == ("lead", "coordinators")


def test_a_request_to_be_told_and_how_is_not_the_question(answerer: Answerer) -> None:
    query = answerer.understand("Chào cháu, bác về hưu rồi. Cháu nói bác nghe kế hoạch này nhằm mục đích gì với nha, "
                                "nói dễ hiểu thôi hen. Cảm ơn cháu.")
    assert query.clause == "kế hoạch này nhằm mục đích gì"


def test_why_the_asker_asks_and_for_whom_is_not_the_question(answerer: Answerer) -> None:
    query = answerer.understand("Chào anh/chị, em làm ở ngân hàng thương mại. Sếp em muốn biết trong kế hoạch AI của "
                                "tỉnh thì mảng ngân hàng do đơn vị nào chủ trì, để bên em chủ động liên hệ phối hợp ạ.")
    assert query.clause == "trong kế hoạch AI của tỉnh thì mảng ngân hàng do đơn vị nào chủ trì"
    assert "ngân hàng" in query.search_text  # "mảng … nào" asks, "ngân hàng" between them is the topic
    assert answerer.understand("Tỉnh có khuyến khích quỹ đầu tư mạo hiểm không, nằm ở nhiệm vụ nào?").missing is None


@pytest.mark.parametrize("question", [
    "Sở Công Thương chủ trì AI trong nông nghiệp công nghệ cao à?",
    "Báo cáo kết quả thực hiện gửi qua Sở Tài chính hả?",
])
def test_a_statement_ending_in_a_tag_word_is_a_claim_to_check(answerer: Answerer, question: str) -> None:
    assert answerer.understand(question).claimed
    assert not answerer.understand("Sở nào chủ trì AI trong nông nghiệp công nghệ cao à?").claimed


def test_what_someone_said_is_the_claim_not_an_introduction(answerer: Answerer) -> None:
    # "Mình nghe một anh … nói là …" reports the claim; ", tức là … đúng không?" goes on from it
    query = answerer.understand("Mình nghe một anh làm bên quản lý đô thị nói là Sở Xây dựng có tới tận năm 2030 "
                                "để làm hệ thống thông tin quản lý hạ tầng đô thị, tức là thời gian thực hiện "
                                "2022-2030 giống mấy nhiệm vụ khác, đúng không bạn?")
    assert "hạ tầng đô thị" in query.clause and query.claimed
    assert query.intent.status_query is None  # "giống mấy nhiệm vụ khác" compares, it does not count


@pytest.mark.parametrize(("question", "fields"), [
    ("Bộ đội dùng AI để cứu hộ cứu nạn thì chừng nào mới làm?", ("timeframe",)),
    ("Làm điện toán đám mây cho AI thì ai làm chung với Sở Khoa học?", ("coordinators",)),
])
def test_everyday_ways_of_asking_a_field(answerer: Answerer, question: str, fields: tuple[str, ...]) -> None:
    assert answerer.understand(question).intent.fields == fields


def test_who_said_it_is_not_the_topic(answerer: Answerer) -> None:
    # "ba mình …, ông hay hỏi là …": the words of who asked would count as topic words the plan lacks
    query = answerer.understand("Chào bạn, ba mình trồng rau ở Tư Nghĩa, ông hay hỏi là nhà nước có tính dùng máy móc "
                                "thông minh để làm ra rau sạch, rõ nguồn gốc không. Kế hoạch có nói tới chuyện này "
                                "không và sở nào lo vậy?")
    assert query.clause.startswith("nhà nước có tính dùng máy móc") and "Tư Nghĩa" not in query.clause
    kept = answerer.understand("Sở nào chủ trì thương mại điện tử, nghe nói là Sở Công Thương?")
    assert kept.clause.startswith("Sở nào chủ trì")  # the question comes before what was heard


@pytest.mark.parametrize("question", [
    "Sở Nông nghiệp và Môi trường bây giờ thì phụ trách những phần nào trong kế hoạch AI 83?",  # a 2025 name
    "Sở Công Thương được giao những phần việc gì?",
])
def test_the_parts_an_agency_holds_are_its_tasks(answerer: Answerer, question: str) -> None:
    assert answerer.understand(question).intent.agency_tasks


def test_the_strategy_a_plan_carries_out_is_its_basis(answerer: Answerer) -> None:
    assert answerer.understand("Kế hoạch này là thực hiện chiến lược gì của trung ương?").intent.metadata


def test_function_words_written_with_their_marks_are_not_topic_words(answerer: Answerer) -> None:
    # folded, "đâu" would be "đầu" and "lên" would be "len": with their marks they ask, they say nothing
    from assistant.intents import topic_words
    assert topic_words("kẹt chỗ nào thì báo lên đâu") == ["ket", "bao"]
    assert "dau" in topic_words("thu hút đầu tư")


def test_a_written_as_that_asks_keeps_the_question(answerer: Answerer) -> None:
    # "… ghi là sở nào chủ trì?": what follows "ghi là" asks, so the topic before it stays
    query = answerer.understand("Sở Nội vụ giờ tiếp nhận mảng lao động rồi, nhưng trong kế hoạch AI thì việc tư vấn đào "
                                "tạo cho người lao động muốn chuyển đổi nghề ghi là sở nào chủ trì?")
    assert "chuyển đổi nghề" in query.clause


def test_a_code_with_a_number_is_no_document_number(answerer: Answerer) -> None:
    # "nền tảng V20" names a platform; "Kế hoạch 151" names a document
    assert answerer.understand("Nền tảng V20 dùng cho dữ liệu gì?").doc_numbers == ()
    assert answerer.understand("Kế hoạch 151 do ai chủ trì?").doc_numbers == ("151",)


def test_the_body_claimed_to_coordinate_is_the_one_before_co(answerer: Answerer) -> None:
    # "X có phối hợp với Y … không?" claims a role for X; when X is no body of the plan, nothing is claimed of Y
    assert answerer.understand("Sở Y tế có phối hợp làm thương mại điện tử không?").premise is not None
    assert answerer.understand("Các trường có phối hợp với Sở Giáo dục và Đào tạo trong việc dạy STEM và đào "
                               "tạo trí tuệ nhân tạo cho học sinh phổ thông không?").premise is None


@pytest.mark.parametrize(("question", "clause"), [
    ("Cho tôi hỏi tiền làm kế hoạch lấy từ đâu?", "tiền làm kế hoạch lấy từ đâu?"),  # "tí" is a word, "tiền" holds it
    ("Cho tôi hỏi tiến độ thế nào?", "tiến độ thế nào?"),
    ("cho hỏi tí, sở nào chủ trì y tế", "sở nào chủ trì y tế"),
])
def test_the_asking_prefix_ends_at_a_word_boundary(answerer: Answerer, question: str, clause: str) -> None:
    assert answerer.understand(question).clause == clause


def test_the_asker_asked_on_someones_behalf_keeps_the_question_only(answerer: Answerer) -> None:
    query = answerer.understand("Chào anh chị, em là chuyên viên phòng tổng hợp của một sở. Sếp hỏi em là bên em "
                                "phải báo cáo kết quả gửi đi đâu ạ?")
    assert query.clause == "bên em phải báo cáo kết quả gửi đi đâu?"
    assert not query.agencies  # a "chuyên viên" is at no "huyện"


@pytest.mark.parametrize(("question", "agency"), [
    ("Ban QL KKT Dung Quất chủ trì việc gì?", "Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi"),
])
def test_abbreviated_bodies_are_named(answerer: Answerer, question: str, agency: str) -> None:
    assert [a.name for a in answerer.understand(question).agencies] == [agency]


def test_who_will_organize_asks_the_lead(answerer: Answerer) -> None:
    assert answerer.understand("Tập huấn dữ liệu cho cán bộ thì ai sẽ tổ chức?").intent.fields == ("lead",)


@pytest.mark.parametrize(("question", "fields", "agency_tasks"), [
    ("Sở GD&ĐT làm giáo dục STEM từ năm nào?", ("timeframe",), False),  # "làm giáo dục" holds no "làm gì"
    ("Chu trình đào tạo AI cho học sinh thế nào?", (), False),  # "chu trình" is no "chủ trì"
    ("Sở Y tế có những giải pháp nào về AI?", (), False),  # "những giải pháp" is no "những gì"
])
def test_asking_words_are_whole_words(answerer: Answerer, question: str, fields: tuple, agency_tasks: bool) -> None:
    intent = answerer.understand(question).intent
    assert intent.fields == fields and intent.agency_tasks == agency_tasks

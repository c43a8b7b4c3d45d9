"""Task records of Plan 83 and timeframe parsing (no model, no index)."""

from pathlib import Path

import pytest

from assistant.documents import load_corpus
from assistant.structure import parse_sections
from assistant.tasks import Timeframe, agency_mentions, build_tasks, parse_timeframe

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.mark.parametrize(("text", "start", "end", "recurring"), [
    ("Thường xuyên", None, None, True),
    ("Hằng năm", None, None, True),
    ("hàng năm", None, None, True),
    ("Định kỳ 6 tháng", None, None, True),
    ("Năm 2022-2030", 2022, 2030, False),
    ("Năm 2025-2030", 2025, 2030, False),
    ("2022-2030", 2022, 2030, False),
    ("giai đoạn 2021 – 2025", 2021, 2025, False),
    ("2021-2025 và 2026-2030", 2021, 2030, False),
    ("Năm 2021 và những năm tiếp theo", 2021, None, False),
    ("Năm 2021 và các năm tiếp theo", 2021, None, False),
    ("Từ năm 2023 trở đi", 2023, None, False),
    ("Năm 2025", 2025, 2025, False),
    ("Quý II/2023", 2023, 2023, False),
    ("Quý IV năm 2021", 2021, 2021, False),
    ("Tháng 12/2022", 2022, 2022, False),
    ("", None, None, False),
    ("Khi có yêu cầu", None, None, False),
    ("Năm 20222", None, None, False),  # not a year
])
def test_parse_timeframe(text, start, end, recurring):
    assert parse_timeframe(text) == Timeframe(text=text, start=start, end=end, recurring=recurring)


def test_parse_timeframe_deadline_has_no_start():
    assert parse_timeframe("Đến năm 2030") == Timeframe(text="Đến năm 2030", start=None, end=2030)


def test_parse_timeframe_from_year_is_open_ended():
    assert parse_timeframe("Từ năm 2023") == Timeframe(text="Từ năm 2023", start=2023, end=None)


@pytest.fixture(scope="module")
def plan_83_sections():
    documents = {doc.meta.id: doc for doc in load_corpus(CORPUS)}
    plan = documents["83/KH-UBND"]
    return parse_sections(plan.meta.id, plan.text)


@pytest.fixture(scope="module")
def plan_83_tasks(plan_83_sections):
    return {task.section: task for task in build_tasks(plan_83_sections)}


def test_plan_83_has_27_tasks_in_document_order(plan_83_sections):
    ids = [task.section for task in build_tasks(plan_83_sections)]
    assert ids == [
        "II.1",
        "II.2.a", "II.2.b",
        "II.3.a", "II.3.b", "II.3.c", "II.3.d", "II.3.đ",
        "II.4.a", "II.4.b", "II.4.c", "II.4.d",
        "II.5.a", "II.5.b", "II.5.c", "II.5.d", "II.5.đ", "II.5.e", "II.5.g", "II.5.h", "II.5.i", "II.5.k",
        "II.5.l", "II.5.m", "II.5.n", "II.5.o",
        "II.6",
    ]
    assert len(ids) == 27


@pytest.mark.parametrize(("section", "lead"), [
    # II.1 names the media and the districts in its lead field too, as doers of their own part; the plan's
    # lead is the Department of Information and Communications
    ("II.1", ["Sở Thông tin và Truyền thông"]),
    ("II.2.a", ["Sở Khoa học và Công nghệ"]),
    ("II.3.d", ["Sở Y tế"]),
    ("II.3.đ", ["Sở Xây dựng"]),
    ("II.4.d", ["Sở Kế hoạch và Đầu tư", "Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi"]),
    ("II.5.c", ["Bộ Chỉ huy Quân sự tỉnh"]),
    ("II.5.d", ["Công an tỉnh"]),
    ("II.5.i", ["Sở Giao thông vận tải", "Sở Văn hóa, Thể thao và Du lịch",
                "Ngân hàng nhà nước Việt Nam - Chi nhánh Quảng Ngãi"]),
    ("II.5.n", ["Sở Lao động – Thương binh và Xã hội"]),
    ("II.5.o", ["UBND các huyện, thị xã, thành phố"]),
    ("II.6", ["Sở Khoa học và Công nghệ"]),
])
def test_plan_83_leads(plan_83_tasks, section, lead):
    assert plan_83_tasks[section].lead == lead


@pytest.mark.parametrize(("section", "coordinators"), [
    ("II.1", ["Báo Quảng Ngãi", "Đài Phát thanh và Truyền hình Quảng Ngãi"]),
    ("II.2.a", ["Sở Kế hoạch và Đầu tư", "các sở, ngành liên quan", "UBND các huyện, thị xã, thành phố"]),
    ("II.3.d", ["Các sở, ban, ngành liên quan và các đơn vị trực thuộc Sở Y tế"]),
    ("II.4.d", ["Sở Công Thương", "Sở Khoa học và Công nghệ", "các sở, ngành liên quan"]),
    ("II.5.m", ["Sở Thông tin và Truyền thông", "các sở, ban, ngành, địa phương liên quan"]),
])
def test_plan_83_coordinators(plan_83_tasks, section, coordinators):
    assert plan_83_tasks[section].coordinators == coordinators


@pytest.mark.parametrize(("section", "text", "start", "end", "recurring"), [
    ("II.1", "Thường xuyên", None, None, True),
    ("II.2.a", "Năm 2022-2030", 2022, 2030, False),
    ("II.3.đ", "giai đoạn 2021 – 2025", 2021, 2025, False),
    ("II.4.c", "Năm 2025-2030", 2025, 2030, False),
    ("II.4.d", "Năm 2021 và những năm tiếp theo", 2021, None, False),
    ("II.5.l", "Năm 2021 và những năm tiếp theo", 2021, None, False),
    ("II.6", "2022-2030", 2022, 2030, False),
])
def test_plan_83_timeframes(plan_83_tasks, section, text, start, end, recurring):
    assert plan_83_tasks[section].timeframe == Timeframe(text=text, start=start, end=end, recurring=recurring)


def test_every_plan_83_task_has_a_lead_and_a_timeframe(plan_83_tasks):
    for task in plan_83_tasks.values():
        assert task.doc_id == "83/KH-UBND"
        assert task.lead, task.section
        assert task.timeframe.text, task.section
        assert task.timeframe.recurring or task.timeframe.start is not None, task.section


@pytest.mark.parametrize(("section", "summary"), [
    ("II.1", "Tuyên truyền sâu rộng quan điểm chỉ đạo, mục tiêu, định hướng chiến lược được xác định trong "
             "Quyết định số 127 và nội dung Kế hoạch này đến cán bộ, công chức, viên chức, người lao động, "
             "các doanh nghiệp."),
    ("II.3.đ", "Xây dựng Hệ thống thông tin Quản lý Hạ tầng đô thị."),
    ("II.5.g", "Triển khai các ứng dụng trí tuệ nhân tạo trong lĩnh vực thương mại điện tử."),
])
def test_plan_83_summaries(plan_83_tasks, section, summary):
    assert plan_83_tasks[section].summary == summary


def test_agency_mentions_outside_tasks(plan_83_sections):
    mentions = agency_mentions(plan_83_sections)
    assert mentions["Sở Tài chính"] == ["III", "IV.2"]
    assert mentions["Sở Khoa học và Công nghệ"] == ["IV", "IV.1", "IV.3"]  # IV: the closing paragraph of part IV
    # the preamble and the closing ("Nơi nhận: - Công an tỉnh") are not mentions, nor a task's own lead
    assert "Công an tỉnh" not in mentions
    assert "II.1" not in mentions.get("Sở Thông tin và Truyền thông", [])
    # a class of bodies named in a lead line beside the lead has a duty there (II.1: "… các sở, ban ngành,
    # UBND các huyện, thị xã, thành phố thực hiện tuyên truyền …"); other task sections are not mentions
    assert mentions["UBND các huyện, thị xã, thành phố"] == ["I.2", "II.1", "IV.1"]
    assert {s for ids in mentions.values() for s in ids if s.startswith("II.")} == {"II.1"}

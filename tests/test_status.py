"""Deadline status of Plan 83's real tasks on fixed dates: literal (date, section) → status tables."""

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from assistant.documents import load_corpus
from assistant.status import TaskStatus, active_in_year, status_of
from assistant.structure import parse_sections
from assistant.tasks import TaskRecord, build_tasks, parse_timeframe

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SIGNED, LAST_DAY_2025, FIRST_DAY_2026, LAST_DAY_2030, AFTER_PLAN = (
    date(2021, 6, 4), date(2025, 12, 31), date(2026, 1, 1), date(2030, 12, 31), date(2031, 1, 1))


@pytest.fixture(scope="module")
def tasks() -> dict[str, TaskRecord]:
    documents = load_corpus(CORPUS)
    sections = [s for d in documents if d.loaded for s in parse_sections(d.meta.id, d.text)]
    return {task.section: task for task in build_tasks(sections)}


def task_with(timeframe: str) -> TaskRecord:
    return TaskRecord(doc_id="X", section="1", summary="", lead=["Sở Y tế"], coordinators=[],
                      timeframe=parse_timeframe(timeframe))


@pytest.mark.parametrize(("as_of", "section", "expected"), [
    # II.1 "Thường xuyên"
    (SIGNED, "II.1", TaskStatus.recurring),
    (AFTER_PLAN, "II.1", TaskStatus.recurring),
    # II.2.a "Năm 2022-2030"
    (SIGNED, "II.2.a", TaskStatus.not_started),
    (LAST_DAY_2025, "II.2.a", TaskStatus.in_progress),
    (LAST_DAY_2030, "II.2.a", TaskStatus.in_progress),
    (AFTER_PLAN, "II.2.a", TaskStatus.ended),
    # II.3.đ "giai đoạn 2021 – 2025"
    (SIGNED, "II.3.đ", TaskStatus.in_progress),
    (LAST_DAY_2025, "II.3.đ", TaskStatus.in_progress),
    (FIRST_DAY_2026, "II.3.đ", TaskStatus.ended),
    # II.4.c "Năm 2025-2030"
    (SIGNED, "II.4.c", TaskStatus.not_started),
    (LAST_DAY_2025, "II.4.c", TaskStatus.in_progress),
    (AFTER_PLAN, "II.4.c", TaskStatus.ended),
    # II.4.d, II.5.l "Năm 2021 và những năm tiếp theo"
    (SIGNED, "II.4.d", TaskStatus.open_ended),
    (AFTER_PLAN, "II.4.d", TaskStatus.open_ended),
    (FIRST_DAY_2026, "II.5.l", TaskStatus.open_ended),
    # II.6 "2022-2030"
    (FIRST_DAY_2026, "II.6", TaskStatus.in_progress),
])
def test_status_of_plan_83_tasks(tasks, as_of, section, expected):
    assert status_of(tasks[section], as_of) == expected


@pytest.mark.parametrize(("as_of", "expected"), [
    (SIGNED, {"recurring": 9, "open_ended": 2, "not_started": 15, "in_progress": 1}),
    (LAST_DAY_2025, {"recurring": 9, "open_ended": 2, "in_progress": 16}),
    (FIRST_DAY_2026, {"recurring": 9, "open_ended": 2, "in_progress": 15, "ended": 1}),
    (LAST_DAY_2030, {"recurring": 9, "open_ended": 2, "in_progress": 15, "ended": 1}),
    (AFTER_PLAN, {"recurring": 9, "open_ended": 2, "ended": 16}),
])
def test_status_counts_over_all_27_tasks(tasks, as_of, expected):
    assert Counter(status_of(task, as_of) for task in tasks.values()) == expected


@pytest.mark.parametrize(("timeframe", "as_of", "expected"), [
    ("Từ năm 2027", FIRST_DAY_2026, TaskStatus.not_started),  # open end, not yet begun
    ("Từ năm 2027", date(2027, 1, 1), TaskStatus.open_ended),
    ("Đến năm 2030", SIGNED, TaskStatus.in_progress),  # deadline only
    ("Đến năm 2030", AFTER_PLAN, TaskStatus.ended),
    ("Năm 2025", LAST_DAY_2025, TaskStatus.in_progress),
    ("Năm 2025", FIRST_DAY_2026, TaskStatus.ended),
    ("Hằng năm", SIGNED, TaskStatus.recurring),
    ("Khi có yêu cầu", SIGNED, TaskStatus.unknown),
    ("", SIGNED, TaskStatus.unknown),
])
def test_status_of_other_timeframes(timeframe, as_of, expected):
    assert status_of(task_with(timeframe), as_of) == expected


def test_status_defaults_to_today():
    assert status_of(task_with("Năm 1990")) == TaskStatus.ended
    assert status_of(task_with("Từ năm 2099")) == TaskStatus.not_started


@pytest.mark.parametrize(("status", "label"), [
    (TaskStatus.recurring, "Thường xuyên"),
    (TaskStatus.not_started, "Chưa bắt đầu"),
    (TaskStatus.in_progress, "Đang thực hiện"),
    (TaskStatus.ended, "Đã hết thời hạn"),
    (TaskStatus.open_ended, "Không thời hạn kết thúc"),
    (TaskStatus.unknown, "Không rõ"),
])
def test_labels_are_vietnamese_and_values_are_codes(status, label):
    assert status.label == label
    assert status == status.name


@pytest.mark.parametrize(("section", "year", "expected"), [
    ("II.1", 2021, True),  # recurring: every year
    ("II.1", 2035, True),
    ("II.2.a", 2021, False),
    ("II.2.a", 2022, True),
    ("II.2.a", 2030, True),
    ("II.2.a", 2031, False),
    ("II.3.đ", 2025, True),
    ("II.3.đ", 2026, False),
    ("II.4.d", 2020, False),  # open-ended: from its start on
    ("II.4.d", 2021, True),
    ("II.4.d", 2040, True),
])
def test_active_in_year(tasks, section, year, expected):
    assert active_in_year(tasks[section], year) is expected


@pytest.mark.parametrize(("timeframe", "year", "expected"), [
    ("Đến năm 2030", 2010, True),
    ("Đến năm 2030", 2031, False),
    ("Khi có yêu cầu", 2025, False),
])
def test_active_in_year_other_timeframes(timeframe, year, expected):
    assert active_in_year(task_with(timeframe), year) is expected


def test_active_years_of_plan_83(tasks):
    """Tasks active in each year of the plan: 9 recurring + 2 open-ended always, the rest by their years."""
    counts = {year: sum(active_in_year(t, year) for t in tasks.values()) for year in range(2021, 2032)}
    assert counts == {2021: 12, 2022: 23, 2023: 23, 2024: 23, 2025: 27, 2026: 26, 2027: 26, 2028: 26,
                      2029: 26, 2030: 26, 2031: 11}

